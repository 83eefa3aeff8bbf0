/**
 * Exact covered area inside one grid cell (or the piece of a unit inside it):
 * area of  cell ∩ piece ∩ ⋂_sets ( ⋃_discs disc ).
 *
 * Used where several disc sets meet (completeness: the intersection of the categories' unions;
 * one set alone has a closed form, discUnionArea.ts). One disc crossing the region: closed form
 * (discArea.ts). Several: split the cell into
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
  return rings ? discPolygonArea(cx, cy, r, rings, x0, y0, x1, y1) : discRectArea(cx, cy, r, x0, y0, x1, y1);
}

// Scratch stacks shared by all calls (no allocation per region): disc ids of the open sets of
// every recursion level in `ids`, and per level a frame in `fr`: [count, (set, start, end) × count].
const S: { ids: Int32Array; top: number; fr: Int32Array; ftop: number } = { ids: new Int32Array(1 << 14), top: 0, fr: new Int32Array(1 << 10), ftop: 0 };

function growIds(min: number): Int32Array {
  const next = new Int32Array(Math.max(min, S.ids.length * 2));
  next.set(S.ids.subarray(0, S.top));
  S.ids = next;
  return next;
}

function reserveFrame(n: number): number {
  const f = S.ftop;
  if (f + n > S.fr.length) {
    const next = new Int32Array(Math.max(f + n, S.fr.length * 2));
    next.set(S.fr.subarray(0, f));
    S.fr = next;
  }
  S.ftop = f + n;
  return f;
}

export function exactCoverArea(
  x0: number, y0: number, x1: number, y1: number,
  rings: Rings | null, sets: DiscSet[], sink: ErrorSink, depth = 0, maxDepth = DEFAULT_MAX_DEPTH,
): number {
  const top = S.top, ftop = S.ftop;
  try {
    const f = reserveFrame(1 + 3 * sets.length);
    S.fr[f] = sets.length;
    let ids = S.ids;
    sets.forEach((set, k) => {
      const start = S.top;
      if (start + set.ids.length > ids.length) ids = growIds(start + set.ids.length);
      for (let i = 0; i < set.ids.length; i++) ids[start + i] = set.ids[i];
      S.top = start + set.ids.length;
      S.fr[f + 1 + 3 * k] = k;
      S.fr[f + 2 + 3 * k] = start;
      S.fr[f + 3 + 3 * k] = S.top;
    });
    return region(x0, y0, x1, y1, rings, sets, f, sink, depth, maxDepth);
  } finally {
    S.top = top;
    S.ftop = ftop;
  }
}

// Area covered inside one region, given the frame of the sets' discs that may touch it.
// `clip`: the rings are the parent region's, clipped to this one only once the discs leave
// something to measure (a quarter no disc reaches costs no clipping).
function region(
  x0: number, y0: number, x1: number, y1: number,
  rings: Rings | null, sets: DiscSet[], f: number, sink: ErrorSink, depth: number, maxDepth: number, clip = false,
): number {
  const top = S.top, ftop = S.ftop;
  const count = S.fr[f];
  const nf = reserveFrame(1 + 3 * count);
  let open = 0;
  let ids = S.ids;
  for (let j = 0; j < count; j++) {
    const si = S.fr[f + 1 + 3 * j], a = S.fr[f + 2 + 3 * j], b = S.fr[f + 3 + 3 * j];
    const set = sets[si];
    const rs = set.rs;
    let r2 = set.r * set.r;
    const xs = set.xs, ys = set.ys;
    const start = S.top;
    let contains = false;
    for (let k = a; k < b; k++) {
      const id = ids[k];
      const cx = xs[id], cy = ys[id];
      if (rs) r2 = rs[id] * rs[id];
      const fx = Math.max(cx - x0, x1 - cx), fy = Math.max(cy - y0, y1 - cy);
      if (fx * fx + fy * fy <= r2) { contains = true; break; }
      const dx = cx < x0 ? x0 - cx : cx > x1 ? cx - x1 : 0;
      const dy = cy < y0 ? y0 - cy : cy > y1 ? cy - y1 : 0;
      if (dx * dx + dy * dy < r2) {
        if (S.top >= ids.length) ids = growIds(S.top + 1);
        ids[S.top++] = id;
      }
    }
    if (contains) { S.top = start; continue; }
    if (S.top === start) { S.top = top; S.ftop = ftop; return 0; }
    S.fr[nf + 1 + 3 * open] = si;
    S.fr[nf + 2 + 3 * open] = start;
    S.fr[nf + 3 + 3 * open] = S.top;
    open++;
  }
  if (open > 1) open = dropSupersets(sets, nf, open);
  S.fr[nf] = open;
  if (rings && clip) rings = clipRingsToRect(rings, x0, y0, x1, y1);
  const regionArea = rings ? ringsArea(rings) : (x1 - x0) * (y1 - y0);
  if (regionArea <= 0) { S.top = top; S.ftop = ftop; return 0; }
  let result: number;
  if (open === 0) result = regionArea;
  else if (open === 1 && S.fr[nf + 3] - S.fr[nf + 2] === 1) {
    const set = sets[S.fr[nf + 1]];
    const singleId = S.ids[S.fr[nf + 2]];
    result = Math.min(regionArea, singleArea(set.xs[singleId], set.ys[singleId], set.rs ? set.rs[singleId] : set.r, x0, y0, x1, y1, rings));
  } else if (depth >= maxDepth) {
    let lo = 0;
    let hi = regionArea;
    for (let j = 0; j < open; j++) {
      const set = sets[S.fr[nf + 1 + 3 * j]];
      let max = 0;
      let sum = 0;
      for (let k = S.fr[nf + 2 + 3 * j], b = S.fr[nf + 3 + 3 * j]; k < b; k++) {
        const id = S.ids[k];
        const a = singleArea(set.xs[id], set.ys[id], set.rs ? set.rs[id] : set.r, x0, y0, x1, y1, rings);
        if (a > max) max = a;
        sum += a;
      }
      lo += max;
      if (sum < hi) hi = sum;
    }
    lo = Math.max(0, lo - (open - 1) * regionArea);
    if (hi < lo) hi = lo;
    sink.err += (hi - lo) / 2;
    result = (lo + hi) / 2;
  } else {
    const xm = (x0 + x1) / 2, ym = (y0 + y1) / 2;
    result = quadrant(x0, y0, xm, ym, rings, sets, nf, sink, depth, maxDepth)
      + quadrant(xm, y0, x1, ym, rings, sets, nf, sink, depth, maxDepth)
      + quadrant(x0, ym, xm, y1, rings, sets, nf, sink, depth, maxDepth)
      + quadrant(xm, ym, x1, y1, rings, sets, nf, sink, depth, maxDepth);
  }
  S.top = top;
  S.ftop = ftop;
  return result;
}

// Inside a region, a set whose crossing discs include all of another set's is redundant in the
// intersection (its union contains the other's). Frequent for completeness: one facility offers
// several categories with the same minutes, so their circles coincide, and without this the
// coinciding edges would be split down to the depth limit. Returns the new count (frame compacted).
function dropSupersets(sets: DiscSet[], f: number, open: number): number {
  const fr = S.fr, ids = S.ids;
  let kept = open;
  for (let a = 0; a < kept; a++) {
    for (let b = 0; b < kept; b++) {
      if (a === b) continue;
      const sa = sets[fr[f + 1 + 3 * a]], sb = sets[fr[f + 1 + 3 * b]];
      const a0 = fr[f + 2 + 3 * a], a1 = fr[f + 3 + 3 * a], b0 = fr[f + 2 + 3 * b], b1 = fr[f + 3 + 3 * b];
      if (b1 - b0 > a1 - a0) continue;
      // every disc of b also in a? (same centre and radius)
      let all = true;
      for (let k = b0; k < b1 && all; k++) {
        const id = ids[k];
        const x = sb.xs[id], y = sb.ys[id], r = sb.rs ? sb.rs[id] : sb.r;
        let found = false;
        for (let m = a0; m < a1; m++) {
          const jd = ids[m];
          if (sa.xs[jd] === x && sa.ys[jd] === y && (sa.rs ? sa.rs[jd] : sa.r) === r) { found = true; break; }
        }
        all = found;
      }
      if (!all) continue;
      // a is redundant: move the last frame entry into its place
      kept--;
      fr[f + 1 + 3 * a] = fr[f + 1 + 3 * kept];
      fr[f + 2 + 3 * a] = fr[f + 2 + 3 * kept];
      fr[f + 3 + 3 * a] = fr[f + 3 + 3 * kept];
      a--;
      break;
    }
  }
  return kept;
}

function quadrant(
  x0: number, y0: number, x1: number, y1: number,
  rings: Rings | null, sets: DiscSet[], f: number, sink: ErrorSink, depth: number, maxDepth: number,
): number {
  return region(x0, y0, x1, y1, rings, sets, f, sink, depth + 1, maxDepth, rings !== null);
}
