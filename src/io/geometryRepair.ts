/**
 * Repair of imported polygon outlines (街镇 or custom planning units), reporting
 * every change: invalid or repeated points, unclosed and degenerate rings,
 * self-intersections and overlapping parts (resolved with polyclip-ts, the
 * clipping library turf uses), slivers (tiny or hair-thin parts and holes), and
 * ring orientation (RFC 7946: outer rings counter-clockwise, holes clockwise).
 * Inputs are never mutated.
 */
import { kinks } from '@turf/turf';
import * as polyclip from 'polyclip-ts';
import type { MultiPolygon, Polygon, Position } from 'geojson';

export type RepairCode =
  | 'invalid-coordinates-removed'
  | 'duplicate-points-removed'
  | 'ring-closed'
  | 'degenerate-ring-removed'
  | 'self-intersection-fixed'
  | 'overlapping-parts-merged'
  | 'sliver-removed'
  | 'sliver-hole-removed'
  | 'ring-rewound';

export interface RepairNote {
  code: RepairCode;
  /** how many points, rings, crossings or parts */
  count: number;
  /** removed area in m² (slivers) */
  areaM2?: number;
}

export interface RepairOptions {
  /** parts and holes smaller than this are slivers (default 2000 m²) */
  sliverAreaM2?: number;
  /** parts thinner than this compactness (4πA/P², 1 = circle) and below thinMaxAreaM2 are slivers */
  thinCompactness?: number;
  thinMaxAreaM2?: number;
}

type Ring = Position[];
type Poly = Ring[];

const M_PER_DEG = (Math.PI / 180) * 6_371_008.8;

/** Planar area (m², signed: counter-clockwise positive) and perimeter (m) of a lng/lat ring, locally projected. */
export function ringMetrics(ring: readonly Position[]): { signedArea: number; perimeter: number } {
  if (ring.length < 3) return { signedArea: 0, perimeter: 0 };
  const lat0 = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  const kx = M_PER_DEG * Math.cos((lat0 * Math.PI) / 180);
  const ky = M_PER_DEG;
  let a = 0;
  let per = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const x1 = ring[i][0] * kx;
    const y1 = ring[i][1] * ky;
    const x2 = ring[i + 1][0] * kx;
    const y2 = ring[i + 1][1] * ky;
    a += x1 * y2 - x2 * y1;
    per += Math.hypot(x2 - x1, y2 - y1);
  }
  return { signedArea: a / 2, perimeter: per };
}

function add(notes: RepairNote[], code: RepairCode, count: number, areaM2?: number): void {
  if (count <= 0) return;
  const n = notes.find((x) => x.code === code);
  if (n) {
    n.count += count;
    if (areaM2 !== undefined) n.areaM2 = (n.areaM2 ?? 0) + areaM2;
  } else notes.push(areaM2 === undefined ? { code, count } : { code, count, areaM2 });
}

function cleanRing(ring: readonly Position[], notes: RepairNote[]): Ring | null {
  const finite = ring.filter((p) => Array.isArray(p) && p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]));
  add(notes, 'invalid-coordinates-removed', ring.length - finite.length);
  const out: Ring = [];
  let dups = 0;
  for (const p of finite) {
    const q = out[out.length - 1];
    if (q && q[0] === p[0] && q[1] === p[1]) dups++;
    else out.push([p[0], p[1]]);
  }
  add(notes, 'duplicate-points-removed', dups);
  if (out.length > 0) {
    const a = out[0];
    const b = out[out.length - 1];
    if (out.length === 1 || a[0] !== b[0] || a[1] !== b[1]) {
      out.push([a[0], a[1]]);
      add(notes, 'ring-closed', 1);
    }
  }
  // a ring needs three distinct corners that are not all on one line
  if (out.length < 4 || allCollinear(out)) {
    add(notes, 'degenerate-ring-removed', 1);
    return null;
  }
  return out;
}

function allCollinear(ring: Ring): boolean {
  const [x0, y0] = ring[0];
  for (let i = 1; i < ring.length - 1; i++)
    for (let j = i + 1; j < ring.length - 1; j++) {
      const cross = (ring[i][0] - x0) * (ring[j][1] - y0) - (ring[j][0] - x0) * (ring[i][1] - y0);
      if (cross !== 0) return false;
    }
  return true;
}

function bboxOf(poly: Poly): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of poly[0]) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

function bboxesOverlap(a: readonly number[], b: readonly number[]): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

function countKinks(poly: Poly): number {
  try {
    return kinks({ type: 'Polygon', coordinates: poly }).features.length;
  } catch {
    return 1;
  }
}

function isSliver(ring: Ring, o: Required<RepairOptions>): { sliver: boolean; area: number } {
  const { signedArea, perimeter } = ringMetrics(ring);
  const area = Math.abs(signedArea);
  const compactness = perimeter > 0 ? (4 * Math.PI * area) / (perimeter * perimeter) : 0;
  return { sliver: area < o.sliverAreaM2 || (compactness < o.thinCompactness && area < o.thinMaxAreaM2), area };
}

/**
 * Repair a polygonal geometry. Returns null geometry when nothing valid is left
 * (the caller reports the feature as rejected).
 */
export function repairPolygonal(
  geometry: Polygon | MultiPolygon,
  options: RepairOptions = {},
): { geometry: Polygon | MultiPolygon | null; notes: RepairNote[] } {
  const o: Required<RepairOptions> = {
    sliverAreaM2: options.sliverAreaM2 ?? 2000,
    thinCompactness: options.thinCompactness ?? 0.01,
    thinMaxAreaM2: options.thinMaxAreaM2 ?? 50_000,
  };
  const notes: RepairNote[] = [];
  const input: Position[][][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;

  // 1. clean rings; a polygon without a valid outer ring is dropped with its holes
  let polys: Poly[] = [];
  for (const poly of input) {
    if (!Array.isArray(poly) || poly.length === 0) continue;
    const outer = cleanRing(poly[0] ?? [], notes);
    if (!outer) {
      add(notes, 'degenerate-ring-removed', poly.length - 1);
      continue;
    }
    const holes = poly.slice(1).map((r) => cleanRing(r ?? [], notes)).filter((r): r is Ring => r !== null);
    polys.push([outer, ...holes]);
  }
  if (polys.length === 0) return { geometry: null, notes };

  // 2. self-intersections and overlapping parts: rebuild with a union
  const crossings = polys.reduce((s, p) => s + countKinks(p), 0);
  const boxes = polys.map(bboxOf);
  let overlaps = 0;
  for (let i = 0; i < polys.length; i++) for (let j = i + 1; j < polys.length; j++) if (bboxesOverlap(boxes[i], boxes[j])) overlaps++;
  if (crossings > 0 || overlaps > 0) {
    const before = polys.length;
    try {
      const [first, ...rest] = polys as polyclip.Geom[];
      const merged = polyclip.union(first, ...rest) as Position[][][];
      if (merged.length > 0) polys = merged.map((p) => p.map((r) => r.map(([x, y]) => [x, y])));
      if (crossings > 0) add(notes, 'self-intersection-fixed', crossings);
      else if (polys.length < before) add(notes, 'overlapping-parts-merged', before - polys.length);
    } catch {
      // leave as is: the outline still draws; the report says it was not repaired
    }
  }

  // 3. slivers: tiny or hair-thin parts (never the last part) and holes
  const measured = polys.map((p) => ({ p, ...isSliver(p[0], o) }));
  if (measured.some((m) => !m.sliver)) {
    for (const m of measured) if (m.sliver) add(notes, 'sliver-removed', 1, Math.round(m.area));
    polys = measured.filter((m) => !m.sliver).map((m) => m.p);
  }
  polys = polys.map((p) => {
    const holes = p.slice(1).filter((h) => {
      const s = isSliver(h, o);
      if (s.sliver) add(notes, 'sliver-hole-removed', 1, Math.round(s.area));
      return !s.sliver;
    });
    return [p[0], ...holes];
  });

  // 4. orientation: outer counter-clockwise, holes clockwise
  let rewound = 0;
  polys = polys.map((p) =>
    p.map((ring, i) => {
      const ccw = ringMetrics(ring).signedArea > 0;
      if (ccw === (i === 0)) return ring;
      rewound++;
      return [...ring].reverse();
    }),
  );
  add(notes, 'ring-rewound', rewound);

  const out: Polygon | MultiPolygon = polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
  return { geometry: out, notes };
}
