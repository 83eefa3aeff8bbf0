/**
 * Uncovered areas for the map, dissolved: one polygon per connected uncovered region across
 * all the given units, without the seams of per-cell pieces. Built on a raster of sub-cells
 * (cell ÷ 4, 31.25 m at 125 m cells): a sub-cell is uncovered when its centre lies in one of
 * the units and no facility reaches it; the raster's boundary is traced by traceMask
 * (src/geo/dissolve.ts). Display geometry, within a sub-cell of the circles and unit edges;
 * the coverage figures come from the exact areas, not from this.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { CoverageEngine } from './coverageEngine';
import { traceMask } from './dissolve';
import { pointInRings } from './polygon';
import { pieceRings } from './unitGrid';
import { displayLngLat, slotCells } from './uncovered';

export interface DissolvedProps {
  slot: string;
  /** area of this region's polygon, m² (display geometry, in the engine's plane) */
  area_m2: number;
}

export type DissolvedCollection = FeatureCollection<Polygon | MultiPolygon, DissolvedProps>;

export function uncoveredDissolved(engine: CoverageEngine, slotId: string, unitIds?: readonly string[], sub = 4): DissolvedCollection | null {
  const cells = slotCells(engine, slotId);
  if (!cells) return null;
  const { grid, result, slot, state } = cells;
  const wanted = unitIds ? new Set(unitIds) : null;
  const units: number[] = [];
  for (let u = 0; u < grid.unitCount; u++) if (!wanted || wanted.has(result.unitIds[u])) units.push(u);

  // the raster covers the cells of the wanted units
  let c0 = Infinity, r0 = Infinity, c1 = -Infinity, r1 = -Infinity;
  for (const u of units) {
    for (let e = grid.unitEntryStart[u]; e < grid.unitEntryStart[u + 1]; e++) {
      const cell = grid.entryCell[e];
      c0 = Math.min(c0, grid.cellCol[cell]); c1 = Math.max(c1, grid.cellCol[cell]);
      r0 = Math.min(r0, grid.cellRow[cell]); r1 = Math.max(r1, grid.cellRow[cell]);
    }
  }
  if (!(c1 >= c0)) return { type: 'FeatureCollection', features: [] };
  const W = (c1 - c0 + 1) * sub;
  const H = (r1 - r0 + 1) * sub;
  const mask = new Uint8Array(W * H);
  const h = grid.cellSize;
  const sh = h / sub;

  for (const u of units) {
    for (let e = grid.unitEntryStart[u]; e < grid.unitEntryStart[u + 1]; e++) {
      const cell = grid.entryCell[e];
      const piece = grid.entryPiece[e];
      const f = piece < 0 ? state.frac[cell] : state.pieceFrac[piece];
      if (f >= 1) continue;
      const rings = piece < 0 ? null : pieceRings(grid, piece);
      const x0 = grid.cellCx[cell] - h / 2;
      const y0 = grid.cellCy[cell] - h / 2;
      const px0 = (grid.cellCol[cell] - c0) * sub;
      const py0 = (grid.cellRow[cell] - r0) * sub;
      for (let j = 0; j < sub; j++) {
        for (let i = 0; i < sub; i++) {
          const k = (py0 + j) * W + px0 + i;
          if (mask[k]) continue;
          const cx = x0 + (i + 0.5) * sh;
          const cy = y0 + (j + 0.5) * sh;
          if (rings && !pointInRings(rings, cx, cy)) continue;
          if (f > 0 && engine.reachesAt(slot, cx, cy)) continue;
          mask[k] = 1;
        }
      }
    }
  }

  const ox = grid.gx0 + c0 * h;
  const oy = grid.gy0 + r0 * h;
  const toLngLat = (px: number, py: number): Position => displayLngLat(grid, ox + px * sh, oy + py * sh);
  const features: Feature<Polygon, DissolvedProps>[] = [];
  for (const poly of traceMask(mask, W, H)) {
    let area = 0;
    for (const [k, ring] of poly.entries()) {
      let a2 = 0;
      for (let i = 0; i + 1 < ring.length; i++) a2 += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
      area += (k === 0 ? 1 : -1) * Math.abs(a2 / 2) * sh * sh;
    }
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: poly.map((ring) => ring.map(([x, y]) => toLngLat(x, y))) },
      properties: { slot: slotId, area_m2: Math.round(area) },
    });
  }
  return { type: 'FeatureCollection', features };
}
