/**
 * Uncovered areas (service gaps) as GeoJSON, per unit, for one category or for completeness.
 *
 * A unit with nothing covered is returned as its own outline. Otherwise the gap is built from
 * the grid: cells outside every circle are whole cells (runs merged into rectangles), cells an
 * edge crosses are split into 4 × 4 sub-cells kept when their centre is not reached, and cells
 * on the unit's edge use the unit's exact piece. Display geometry: the edge of a gap follows
 * the circles to within a sub-cell (about 31 m at 125 m cells); the coverage figures come from
 * the exact areas, not from this.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { CoverageEngine } from './coverageEngine';
import { COMPLETE_SLOT, type CoverageResult } from './coverageTypes';
import { clipRingsToRect, pointInRings, ringSignedArea, type Ring, type Rings } from './polygon';
import { pieceRings, type UnitGrid } from './unitGrid';

type CellState = NonNullable<ReturnType<CoverageEngine['cellState']>>;

export interface UncoveredProps {
  unit_id: string;
  slot: string;
  /** uncovered share of the unit, % (from the exact figures) */
  uncovered_pct: number;
}

export type UncoveredCollection = FeatureCollection<Polygon | MultiPolygon, UncoveredProps>;

const SUB = 4;

interface Rect { x0: number; y0: number; x1: number; y1: number }

// Merge rectangles of equal height that touch horizontally, then equal runs stacked vertically.
function mergeRects(rects: Rect[]): Rect[] {
  const key = (r: Rect) => `${r.y0.toFixed(3)}:${r.y1.toFixed(3)}`;
  const rows = new Map<string, Rect[]>();
  for (const r of rects) {
    const k = key(r);
    const list = rows.get(k);
    if (list) list.push(r);
    else rows.set(k, [r]);
  }
  const runs: Rect[] = [];
  for (const list of rows.values()) {
    list.sort((a, b) => a.x0 - b.x0);
    let cur = { ...list[0] };
    for (let i = 1; i < list.length; i++) {
      const r = list[i];
      if (Math.abs(r.x0 - cur.x1) < 1e-6) cur.x1 = r.x1;
      else {
        runs.push(cur);
        cur = { ...r };
      }
    }
    runs.push(cur);
  }
  // vertical: same x-extent, stacked
  runs.sort((a, b) => a.x0 - b.x0 || a.x1 - b.x1 || a.y0 - b.y0);
  const out: Rect[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.x0 - r.x0) < 1e-6 && Math.abs(last.x1 - r.x1) < 1e-6 && Math.abs(last.y1 - r.y0) < 1e-6) last.y1 = r.y1;
    else out.push({ ...r });
  }
  return out;
}

function toPolygonsFromRings(rings: Rings): Ring[][] {
  const outers = rings.filter((r) => ringSignedArea(r) > 0);
  const holes = rings.filter((r) => ringSignedArea(r) < 0);
  if (outers.length === 0) return [];
  if (outers.length === 1) return [[outers[0], ...holes]];
  return outers.map((o) => [o, ...holes.filter((h) => pointInRings([o], h[0], h[1]))]);
}

/** What both drawings of the gaps start from: the engine's grid and result, the slot's index and its cells' covered fractions; null when there is nothing to draw. */
export function slotCells(engine: CoverageEngine, slotId: string): { grid: UnitGrid; result: CoverageResult; slot: number; state: CellState } | null {
  const grid = engine.getGrid();
  const result = engine.getResult();
  if (!grid || !result) return null;
  const C = engine.categories.length;
  const slot = slotId === COMPLETE_SLOT ? C : engine.categories.findIndex((c) => c.id === slotId);
  if (slot < 0) return null;
  const state = engine.cellState(slot);
  return state ? { grid, result, slot, state } : null;
}

/** A point of the grid's plane as display coordinates, rounded to 1e-6° (about 0.1 m). */
export function displayLngLat(grid: UnitGrid, x: number, y: number): Position {
  const [lng, lat] = grid.projection.inverse(x, y);
  return [Math.round(lng * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

export function uncoveredAreas(engine: CoverageEngine, slotId: string, unitIds?: string[]): UncoveredCollection | null {
  const cells = slotCells(engine, slotId);
  if (!cells) return null;
  const { grid, result, slot, state } = cells;
  const S = result.slots.length;
  const wanted = unitIds ? new Set(unitIds) : null;
  const toLngLat = (x: number, y: number): Position => displayLngLat(grid, x, y);
  const ringToCoords = (r: Ring): Position[] => {
    const out: Position[] = [];
    for (let i = 0; i < r.length; i += 2) out.push(toLngLat(r[i], r[i + 1]));
    out.push(out[0]);
    return out;
  };
  const features: Feature<Polygon | MultiPolygon, UncoveredProps>[] = [];
  const h = grid.cellSize;
  const sh = h / SUB;
  for (let u = 0; u < grid.unitCount; u++) {
    const id = result.unitIds[u];
    if (wanted && !wanted.has(id)) continue;
    const area = result.unitAreaM2[u];
    const covered = result.coveredM2[u * S + slot];
    const uncoveredPct = area > 0 ? (100 * (area - covered)) / area : 0;
    if (uncoveredPct <= 1e-6) continue;
    const props: UncoveredProps = { unit_id: id, slot: slotId, uncovered_pct: Number(uncoveredPct.toFixed(4)) };
    if (covered <= 1e-6) {
      // nothing reached: the gap is the whole unit
      const polys = toPolygonsFromRings(grid.unitRings[u]).map((p) => p.map(ringToCoords));
      features.push({ type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: polys }, properties: props });
      continue;
    }
    const rects: Rect[] = [];
    const polys: Ring[][] = [];
    for (let e = grid.unitEntryStart[u]; e < grid.unitEntryStart[u + 1]; e++) {
      const cell = grid.entryCell[e];
      const piece = grid.entryPiece[e];
      const f = piece < 0 ? state.frac[cell] : state.pieceFrac[piece];
      if (f >= 1) continue;
      const x0 = grid.cellCx[cell] - h / 2, y0 = grid.cellCy[cell] - h / 2;
      if (f <= 0) {
        if (piece < 0) rects.push({ x0, y0, x1: x0 + h, y1: y0 + h });
        else polys.push(...toPolygonsFromRings(pieceRings(grid, piece)));
        continue;
      }
      const rings = piece < 0 ? null : pieceRings(grid, piece);
      for (let j = 0; j < SUB; j++) {
        for (let i = 0; i < SUB; i++) {
          const sx0 = x0 + i * sh, sy0 = y0 + j * sh;
          if (engine.reachesAt(slot, sx0 + sh / 2, sy0 + sh / 2)) continue;
          if (!rings) rects.push({ x0: sx0, y0: sy0, x1: sx0 + sh, y1: sy0 + sh });
          else {
            const part = clipRingsToRect(rings, sx0, sy0, sx0 + sh, sy0 + sh);
            if (part.length > 0) polys.push(...toPolygonsFromRings(part));
          }
        }
      }
    }
    const coords: Position[][][] = [];
    for (const r of mergeRects(rects)) {
      coords.push([[toLngLat(r.x0, r.y0), toLngLat(r.x1, r.y0), toLngLat(r.x1, r.y1), toLngLat(r.x0, r.y1), toLngLat(r.x0, r.y0)]]);
    }
    for (const p of polys) coords.push(p.map(ringToCoords));
    if (coords.length > 0) features.push({ type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: coords }, properties: props });
  }
  return { type: 'FeatureCollection', features };
}
