/**
 * A pointy-top hexagon grid laid out in a local equirectangular plane around a fixed
 * origin, so a cell's axial (q, r) address — and thus a unit id — is stable across runs.
 */
import type { Position } from 'geojson';

export interface HexCell { q: number; r: number; ring: Position[]; bbox: [number, number, number, number] }

const M_PER_DEG_LAT = 110_574;

export function hexGrid(opts: { areaKm2: number; origin: [number, number]; bbox: [number, number, number, number] }): HexCell[] {
  const [lng0, lat0] = opts.origin;
  const mPerDegLng = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const size = Math.sqrt((opts.areaKm2 * 1e6) / ((3 * Math.sqrt(3)) / 2)); // circumradius, m
  const toLngLat = (x: number, y: number): Position => [
    Math.round((lng0 + x / mPerDegLng) * 1e6) / 1e6,
    Math.round((lat0 + y / M_PER_DEG_LAT) * 1e6) / 1e6,
  ];
  const [minLng, minLat, maxLng, maxLat] = opts.bbox;
  const minX = (minLng - lng0) * mPerDegLng, maxX = (maxLng - lng0) * mPerDegLng;
  const minY = (minLat - lat0) * M_PER_DEG_LAT, maxY = (maxLat - lat0) * M_PER_DEG_LAT;
  const w = Math.sqrt(3) * size;
  const rMin = Math.floor(minY / (1.5 * size)) - 1, rMax = Math.ceil(maxY / (1.5 * size)) + 1;
  const cells: HexCell[] = [];
  for (let r = rMin; r <= rMax; r++) {
    const qMin = Math.floor(minX / w - r / 2) - 1, qMax = Math.ceil(maxX / w - r / 2) + 1;
    for (let q = qMin; q <= qMax; q++) {
      const cx = w * (q + r / 2), cy = 1.5 * size * r;
      const ring: Position[] = [];
      for (let k = 0; k < 6; k++) {
        const a = (Math.PI / 180) * (60 * k - 30);
        ring.push(toLngLat(cx + size * Math.cos(a), cy + size * Math.sin(a)));
      }
      ring.push(ring[0]);
      const xs = ring.map((p) => p[0]), ys = ring.map((p) => p[1]);
      cells.push({ q, r, ring, bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
    }
  }
  return cells;
}
