/**
 * Covered area of a square (or of a unit's piece inside it) under a 1-Lipschitz "cover"
 * field: cover(p) = min over sets ( max over shapes (R − dist(p, segment)) ), where a shape
 * is a segment with a radius (a capsule; a disc when both ends coincide). One set is one
 * category; several sets give completeness (every category at once).
 *
 * A square whose centre value is ≥ its half-diagonal is wholly covered, ≤ −half-diagonal wholly
 * uncovered (Lipschitz); otherwise it is split into quarters, keeping only the shapes that can
 * reach it. A square where one shape alone decides (every other shape of the only open set is
 * dominated there, being more than a diagonal below it at the centre) takes that capsule's
 * exact area (capsuleArea.ts) and is not split. At the depth limit a part with several
 * deciding shapes takes the area on the covered side of the tangent line of the one deciding
 * at the centre (second-order accurate), and the most it could be off
 * (max(estimate, area − estimate)) is added to the error bound.
 */
import { clipRingsToRect, ringsArea, type Rings } from '../polygon';
import { capsuleArea } from './capsuleArea';

/** Shapes of one set: flat [x0, y0, x1, y1, R] per shape. */
export type ShapeList = Float64Array | number[];

export interface ErrorSink {
  err: number;
}

const STRIDE = 5;

/** Signed value of one shape at (x, y) and the outward unit normal (into gx/gy of out). */
function shapeValue(s: ShapeList, i: number, x: number, y: number, out: Float64Array | null): number {
  const o = i * STRIDE;
  const ax = s[o], ay = s[o + 1], bx = s[o + 2], by = s[o + 3], R = s[o + 4];
  const dx = bx - ax, dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = x - (ax + t * dx), ey = y - (ay + t * dy);
  const d = Math.sqrt(ex * ex + ey * ey);
  if (out) {
    if (d > 1e-12) { out[0] = ex / d; out[1] = ey / d; }
    else { out[0] = 1; out[1] = 0; }
  }
  return R - d;
}

export interface FieldSet {
  shapes: ShapeList;
  /** indices of the shapes that may reach the region */
  ids: Int32Array | number[];
  n: number;
}

/** Value of the whole field at a point (the walk model's covers() for demand points and gaps). */
export function fieldAt(sets: readonly FieldSet[], x: number, y: number): number {
  let v = Infinity;
  for (const st of sets) {
    let m = -Infinity;
    for (let q = 0; q < st.n; q++) {
      const val = shapeValue(st.shapes, st.ids[q], x, y, null);
      if (val > m) m = val;
    }
    if (m < v) v = m;
  }
  return v;
}

const normal = new Float64Array(2);

const rect = new Float64Array(8);
const rectList: Rings = [rect];

/** Area of the region on the side n·(p − c) ≤ f of a line, inside a rectangle or rings. */
function halfPlaneArea(x0: number, y0: number, x1: number, y1: number, rings: Rings | null, nx: number, ny: number, cx: number, cy: number, f: number): number {
  let polys = rings;
  if (!polys) {
    rect[0] = x0; rect[1] = y0; rect[2] = x1; rect[3] = y0; rect[4] = x1; rect[5] = y1; rect[6] = x0; rect[7] = y1;
    polys = rectList;
  }
  let a = 0;
  for (const r of polys) a += clippedSignedArea(r, nx, ny, cx, cy, f);
  return a;
}

// Signed area of a ring clipped to n·(p − c) ≤ f (Sutherland–Hodgman against one line),
// accumulated by the shoelace formula as the clipped vertices come out (no allocation).
function clippedSignedArea(r: Float64Array, nx: number, ny: number, cx: number, cy: number, f: number): number {
  const n = r.length >> 1;
  let area = 0;
  let fx = 0, fy = 0, have = false;
  let lx = 0, ly = 0;
  let px = r[2 * n - 2], py = r[2 * n - 1];
  let pv = nx * (px - cx) + ny * (py - cy) - f;
  for (let i = 0; i < n; i++) {
    const x = r[2 * i], y = r[2 * i + 1];
    const v = nx * (x - cx) + ny * (y - cy) - f;
    // up to two vertices out per edge: the crossing, then the inside end
    for (let step = 0; step < 2; step++) {
      let ox: number, oy: number;
      if (step === 0) {
        if (!((v <= 0 && pv > 0) || (v > 0 && pv <= 0))) continue;
        const t = pv / (pv - v);
        ox = px + t * (x - px);
        oy = py + t * (y - py);
      } else {
        if (v > 0) continue;
        ox = x;
        oy = y;
      }
      if (!have) { fx = ox; fy = oy; have = true; }
      else area += lx * oy - ox * ly;
      lx = ox;
      ly = oy;
    }
    px = x; py = y; pv = v;
  }
  if (have) area += lx * fy - fx * ly;
  return area / 2;
}

// Scratch id lists per recursion depth and set (depth-first: a level's lists live until its
// children are done), and the shapes' values at the current centre.
const pool: Int32Array[][] = [];
let vals = new Float64Array(1024);

// Reused FieldSet records per depth (the open sets of a square live until its children are done).
const openPool: FieldSet[][] = [];
const openView: FieldSet[][][] = [];

function openAt(depth: number, n: number): FieldSet[] {
  const level = openPool[depth] ?? (openPool[depth] = []);
  while (level.length < n) level.push({ shapes: [], ids: [], n: 0 });
  // a view of exactly n records (a set list's length is how many sets the children see)
  const views = openView[depth] ?? (openView[depth] = []);
  let v = views[n];
  if (!v) v = views[n] = level.slice(0, n);
  return v;
}

function scratch(depth: number, set: number, n: number): Int32Array {
  const level = pool[depth] ?? (pool[depth] = []);
  let a = level[set];
  if (!a || a.length < n) a = level[set] = new Int32Array(Math.max(n, 2 * (a?.length ?? 64)));
  return a;
}

/** What the field says about one square, set by judgeSquare (read it before recursing). */
const judged = { minV: 0, minSet: -1, minShape: -1, single: false, children: [] as FieldSet[] };

/**
 * The field at one square (centre cx, cy; half-diagonal hd): -1 when no point of it is covered,
 * 1 when every point is, 0 when open: then `judged` holds the shape deciding at the centre,
 * whether it alone decides the whole square (`single`: one set open and every other shape of
 * it dominated there) and, below the leaf depth, the sets its quarters must look at.
 */
function judgeSquare(cx: number, cy: number, hd: number, sets: readonly FieldSet[], depth: number, leaf: boolean): -1 | 0 | 1 {
  const open = openAt(depth, sets.length);
  let nOpen = 0, openSets = 0, kept = 0;
  let minV = Infinity, minSet = -1, minShape = -1;
  for (let si = 0; si < sets.length; si++) {
    const st = sets[si];
    if (vals.length < st.n) vals = new Float64Array(st.n * 2);
    let best = -Infinity, bestId = -1;
    for (let q = 0; q < st.n; q++) {
      const id = st.ids[q];
      const v = shapeValue(st.shapes, id, cx, cy, null);
      vals[q] = v;
      if (v > best) { best = v; bestId = id; if (best >= hd) break; }
    }
    if (best <= -hd) return -1;
    if (best >= hd) continue;
    if (best < minV) { minV = best; minSet = si; minShape = bestId; }
    // a shape more than 2·hd below the best at the centre stays below it in the whole square
    // (both 1-Lipschitz), so it never decides anything here; one ≤ −hd does not reach it
    const keep = Math.max(-hd, best - 2 * hd);
    openSets++;
    if (!leaf) {
      const ids = scratch(depth, si, st.n);
      let m = 0;
      // the best shape first: a quarter it certifies stops at its first value
      ids[m++] = bestId;
      for (let q = 0; q < st.n; q++) if (vals[q] > keep && st.ids[q] !== bestId) ids[m++] = st.ids[q];
      const o = open[nOpen++];
      o.shapes = st.shapes;
      o.ids = ids;
      o.n = m;
      kept = m;
    } else {
      kept = 1;
      for (let q = 0; q < st.n && kept < 2; q++) if (vals[q] > keep && st.ids[q] !== bestId) kept++;
    }
  }
  if (minSet < 0) return 1;
  judged.minV = minV;
  judged.minSet = minSet;
  judged.minShape = minShape;
  judged.single = openSets === 1 && kept === 1;
  if (!leaf) judged.children = nOpen === open.length ? open : openAt(depth, nOpen);
  return 0;
}

/** Exact area of shape i of a set inside the rectangle (∩ rings when given). */
function shapeArea(s: ShapeList, i: number, x0: number, y0: number, x1: number, y1: number, rings: Rings | null): number {
  const o = i * STRIDE;
  return capsuleArea(s[o], s[o + 1], s[o + 2], s[o + 3], s[o + 4], x0, y0, x1, y1, rings);
}

/**
 * Covered area of the rectangle (∩ rings when given) under the field of the sets.
 * The sets' id lists must already hold every shape that can reach the rectangle.
 */
export function coverArea(
  x0: number, y0: number, x1: number, y1: number,
  rings: Rings | null, sets: readonly FieldSet[], sink: ErrorSink, depth: number, maxDepth: number,
): number {
  const regionArea = rings ? ringsArea(rings) : (x1 - x0) * (y1 - y0);
  if (regionArea <= 0) return 0;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const hd = Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) / 2;
  const leaf = depth >= maxDepth;
  const state = judgeSquare(cx, cy, hd, sets, depth, leaf);
  if (state < 0) return 0;
  if (state > 0) return regionArea;
  const { minV, minSet, minShape, children } = judged;
  if (judged.single) return Math.min(regionArea, shapeArea(sets[minSet].shapes, minShape, x0, y0, x1, y1, rings));
  if (leaf) {
    shapeValue(sets[minSet].shapes, minShape, cx, cy, normal);
    const est = Math.max(0, Math.min(regionArea, halfPlaneArea(x0, y0, x1, y1, rings, normal[0], normal[1], cx, cy, minV)));
    sink.err += Math.max(est, regionArea - est);
    return est;
  }
  const xm = cx, ym = cy;
  let total = 0;
  for (let q = 0; q < 4; q++) {
    const a = q & 1 ? xm : x0, c = q & 1 ? x1 : xm;
    const b = q & 2 ? ym : y0, d = q & 2 ? y1 : ym;
    let sub: Rings | null = null;
    if (rings) {
      sub = clipRingsToRect(rings, a, b, c, d);
      if (sub.length === 0) continue;
    }
    total += coverArea(a, b, c, d, sub, children, sink, depth + 1, maxDepth);
  }
  return total;
}

/** One region measured in a multi-part descent: the whole square (rings null) or a unit's piece of it. */
export interface CoverPart {
  /** where its area and error go in the output arrays */
  slot: number;
  rings: Rings | null;
}

/**
 * coverArea for several regions of one square at once (the cell and its units' pieces): the
 * field is evaluated once per quadtree square for all of them, each region only clipped.
 * Adds each part's covered area and certified error into area[slot] / err[slot]; the same
 * decisions as coverArea per part, so the same figures.
 */
export function coverAreaParts(
  x0: number, y0: number, x1: number, y1: number,
  parts: readonly CoverPart[], sets: readonly FieldSet[], area: Float64Array, err: Float64Array, depth: number, maxDepth: number,
): void {
  const sq = (x1 - x0) * (y1 - y0);
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const hd = Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) / 2;
  const leaf = depth >= maxDepth;
  const state = judgeSquare(cx, cy, hd, sets, depth, leaf);
  if (state < 0) return;
  if (state > 0) {
    for (const p of parts) area[p.slot] += p.rings ? Math.max(0, ringsArea(p.rings)) : sq;
    return;
  }
  const { minV, minSet, minShape, children } = judged;
  if (judged.single) {
    for (const p of parts) area[p.slot] += Math.min(p.rings ? ringsArea(p.rings) : sq, shapeArea(sets[minSet].shapes, minShape, x0, y0, x1, y1, p.rings));
    return;
  }
  if (leaf) {
    shapeValue(sets[minSet].shapes, minShape, cx, cy, normal);
    for (const p of parts) {
      const regionArea = p.rings ? ringsArea(p.rings) : sq;
      if (regionArea <= 0) continue;
      const est = Math.max(0, Math.min(regionArea, halfPlaneArea(x0, y0, x1, y1, p.rings, normal[0], normal[1], cx, cy, minV)));
      area[p.slot] += est;
      err[p.slot] += Math.max(est, regionArea - est);
    }
    return;
  }
  for (let q = 0; q < 4; q++) {
    const a = q & 1 ? cx : x0, c = q & 1 ? x1 : cx;
    const b = q & 2 ? cy : y0, d = q & 2 ? y1 : cy;
    const sub: CoverPart[] = [];
    const quarter = (c - a) * (d - b);
    for (const p of parts) {
      if (!p.rings) { sub.push(p); continue; }
      const r = clipRingsToRect(p.rings, a, b, c, d);
      const ra = r.length > 0 ? ringsArea(r) : 0;
      // a piece that fills the quarter is measured as the quarter from here on (no more clipping)
      if (ra > 0) sub.push({ slot: p.slot, rings: ra >= quarter * (1 - 1e-12) ? null : r });
    }
    if (sub.length > 0) coverAreaParts(a, b, c, d, sub, children, area, err, depth + 1, maxDepth);
  }
}
