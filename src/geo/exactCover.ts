/**
 * Exact covered area inside one grid cell (or the piece of a unit inside it):
 * area of  cell ∩ piece ∩ ⋂_sets ( ⋃_discs disc ).
 *
 * One disc crossing the region: closed form (discArea.ts). Several: split the cell into
 * quarters until each part has at most one crossing disc, down to a depth limit; at the limit
 * the part takes the midpoint of certified lower/upper bounds and the half-width is reported
 * as error, so every figure carries a proven error bound.
 */
import { discPolygonArea, discRectArea } from './discArea';
import { clipRingsToRect, ringsArea, type Rings } from './polygon';

export interface DiscSet {
  xs: Float64Array;
  ys: Float64Array;
  /** radius of every disc, unless `rs` gives one per disc */
  r: number;
  /** per-disc radii (indexed like xs / ys), for models whose discs differ (street network) */
  rs?: Float64Array;
  /** indices into xs / ys of the discs that may touch the region */
  ids: number[];
}

export interface ErrorSink {
  err: number;
}

export const DEFAULT_MAX_DEPTH = 5;

function singleArea(cx: number, cy: number, r: number, x0: number, y0: number, x1: number, y1: number, rings: Rings | null): number {
  return rings ? discPolygonArea(cx, cy, r, rings) : discRectArea(cx, cy, r, x0, y0, x1, y1);
}

export function exactCoverArea(
  x0: number, y0: number, x1: number, y1: number,
  rings: Rings | null, sets: DiscSet[], sink: ErrorSink, depth = 0, maxDepth = DEFAULT_MAX_DEPTH,
): number {
  const regionArea = rings ? ringsArea(rings) : (x1 - x0) * (y1 - y0);
  if (regionArea <= 0) return 0;
  const open: DiscSet[] = [];
  for (const s of sets) {
    const rs = s.rs;
    let r2 = s.r * s.r;
    const crossing: number[] = [];
    let contains = false;
    for (const id of s.ids) {
      const cx = s.xs[id], cy = s.ys[id];
      if (rs) r2 = rs[id] * rs[id];
      const fx = Math.max(cx - x0, x1 - cx), fy = Math.max(cy - y0, y1 - cy);
      if (fx * fx + fy * fy <= r2) { contains = true; break; }
      const dx = cx < x0 ? x0 - cx : cx > x1 ? cx - x1 : 0;
      const dy = cy < y0 ? y0 - cy : cy > y1 ? cy - y1 : 0;
      if (dx * dx + dy * dy < r2) crossing.push(id);
    }
    if (contains) continue;
    if (crossing.length === 0) return 0;
    open.push({ xs: s.xs, ys: s.ys, r: s.r, rs: s.rs, ids: crossing });
  }
  if (open.length === 0) return regionArea;
  if (open.length === 1 && open[0].ids.length === 1) {
    const s = open[0];
    const id = s.ids[0];
    return Math.min(regionArea, singleArea(s.xs[id], s.ys[id], s.rs ? s.rs[id] : s.r, x0, y0, x1, y1, rings));
  }
  if (depth >= maxDepth) {
    let lo = 0;
    let hi = regionArea;
    for (const s of open) {
      let max = 0;
      let sum = 0;
      for (const id of s.ids) {
        const a = singleArea(s.xs[id], s.ys[id], s.rs ? s.rs[id] : s.r, x0, y0, x1, y1, rings);
        if (a > max) max = a;
        sum += a;
      }
      lo += max;
      if (sum < hi) hi = sum;
    }
    lo = Math.max(0, lo - (open.length - 1) * regionArea);
    if (hi < lo) hi = lo;
    sink.err += (hi - lo) / 2;
    return (lo + hi) / 2;
  }
  const xm = (x0 + x1) / 2, ym = (y0 + y1) / 2;
  let total = 0;
  const quads: [number, number, number, number][] = [[x0, y0, xm, ym], [xm, y0, x1, ym], [x0, ym, xm, y1], [xm, ym, x1, y1]];
  for (const [a, b, c, d] of quads) {
    let sub: Rings | null = null;
    if (rings) {
      sub = clipRingsToRect(rings, a, b, c, d);
      if (sub.length === 0) continue;
    }
    total += exactCoverArea(a, b, c, d, sub, open, sink, depth + 1, maxDepth);
  }
  return total;
}
