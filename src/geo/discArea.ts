/**
 * Exact area of a disc intersected with a rectangle or a polygon, in the plane.
 * Used for the cells a coverage circle's edge runs through, so a cell counts with its true
 * covered fraction instead of a sample.
 */
import type { Rings } from './polygon';

// ∫₀ᵗ √(r² − u²) du for 0 ≤ t ≤ r
function segPrimitive(t: number, r: number): number {
  const q = t / r;
  return 0.5 * (t * Math.sqrt(Math.max(0, r * r - t * t)) + r * r * Math.asin(q > 1 ? 1 : q));
}

// Area of {0 ≤ u ≤ x, 0 ≤ v ≤ y, u² + v² ≤ r²} for x, y ≥ 0
function quadrantArea(x: number, y: number, r: number): number {
  if (x <= 0 || y <= 0) return 0;
  if (x * x + y * y <= r * r) return x * y;
  const xm = x < r ? x : r;
  const us = y < r ? Math.sqrt(r * r - y * y) : 0; // below us the disc is taller than y
  const ua = us < xm ? us : xm;
  return y * ua + segPrimitive(xm, r) - segPrimitive(ua, r);
}

// Signed version: area over [0,x]×[0,y] with orientation signs
function cornerArea(x: number, y: number, r: number): number {
  const sx = x < 0 ? -1 : 1;
  const sy = y < 0 ? -1 : 1;
  return sx * sy * quadrantArea(Math.abs(x), Math.abs(y), r);
}

const rectRing = new Float64Array(8);

/** Area of the disc (cx, cy, r) ∩ rectangle [x0,x1]×[y0,y1]. */
export function discRectArea(cx: number, cy: number, r: number, x0: number, y0: number, x1: number, y1: number): number {
  if (cx < x0 || cx > x1 || cy < y0 || cy > y1) {
    // centre outside: walk the rectangle's edges (one arc per stretch outside the disc)
    const q = rectRing;
    q[0] = x0; q[1] = y0; q[2] = x1; q[3] = y0; q[4] = x1; q[5] = y1; q[6] = x0; q[7] = y1;
    const a = ringDiscAreaOutside(cx, cy, r, q, 0, 8);
    return a > 0 ? a : 0;
  }
  return discRectAreaCorners(cx, cy, r, x0, y0, x1, y1);
}

/** The same by the four corner quadrants (any centre). */
export function discRectAreaCorners(cx: number, cy: number, r: number, x0: number, y0: number, x1: number, y1: number): number {
  const ax = x0 - cx, bx = x1 - cx, ay = y0 - cy, by = y1 - cy;
  const a = cornerArea(bx, by, r) - cornerArea(ax, by, r) - cornerArea(bx, ay, r) + cornerArea(ax, ay, r);
  return a > 0 ? a : 0;
}

// Signed area of triangle (centre, p, q) ∩ disc of radius r centred at the origin.
function triangleDiscArea(px: number, py: number, qx: number, qy: number, r: number): number {
  const r2 = r * r;
  const dx = qx - px, dy = qy - py;
  const a = dx * dx + dy * dy;
  const pp = px * px + py * py;
  const qq = qx * qx + qy * qy;
  if (a === 0) return 0;
  const b = px * dx + py * dy; // half the linear coefficient
  const c = pp - r2;
  const disc = b * b - a * c;
  // pieces of the segment p→q at parameters 0 ≤ t1 ≤ t2 ≤ 1 where it crosses the circle
  let t1 = 0, t2 = 0;
  let crosses = false;
  if (disc > 0) {
    const s = Math.sqrt(disc);
    t1 = (-b - s) / a;
    t2 = (-b + s) / a;
    if (t2 > 0 && t1 < 1) crosses = true;
  }
  if (!crosses) {
    // entirely inside or entirely outside the circle (no chord inside the segment range)
    if (pp <= r2 && qq <= r2) return 0.5 * (px * qy - py * qx);
    return 0.5 * r2 * Math.atan2(px * qy - py * qx, px * qx + py * qy);
  }
  const u1 = t1 < 0 ? 0 : t1;
  const u2 = t2 > 1 ? 1 : t2;
  const ax = px + u1 * dx, ay = py + u1 * dy; // enters
  const bx2 = px + u2 * dx, by2 = py + u2 * dy; // leaves
  let s = 0;
  // p → a: outside (sector) unless u1 = 0
  if (u1 > 0) s += 0.5 * r2 * Math.atan2(px * ay - py * ax, px * ax + py * ay);
  // a → b: inside (triangle)
  s += 0.5 * (ax * by2 - ay * bx2);
  // b → q: outside (sector) unless u2 = 1
  if (u2 < 1) s += 0.5 * r2 * Math.atan2(bx2 * qy - by2 * qx, bx2 * qx + by2 * qy);
  return s;
}

/**
 * Area of the disc (cx, cy, r) ∩ polygon (rings oriented: outer CCW, holes CW). [x0,x1]×[y0,y1]:
 * a box holding the polygon, if known; when the centre lies outside it, a stretch of edges
 * outside the disc counts as one arc (cheaper; the same area).
 */
export function discPolygonArea(cx: number, cy: number, r: number, rings: Rings, x0 = NaN, y0 = NaN, x1 = NaN, y1 = NaN): number {
  const fast = cx < x0 || cx > x1 || cy < y0 || cy > y1;
  let s = 0;
  for (const ring of rings) s += fast ? ringDiscAreaOutside(cx, cy, r, ring, 0, ring.length) : ringDiscArea(cx, cy, r, ring, 0, ring.length);
  return s > 0 ? s : 0;
}

/**
 * The same for rings stored flat, without allocating (a grid's unit pieces): ring k of
 * k0 … k1-1 is coords[ringStart[k] … ringStart[k+1]-1].
 */
export function discFlatPolygonArea(
  cx: number, cy: number, r: number, coords: Float64Array, ringStart: Int32Array, k0: number, k1: number,
  x0 = NaN, y0 = NaN, x1 = NaN, y1 = NaN,
): number {
  const fast = cx < x0 || cx > x1 || cy < y0 || cy > y1;
  let s = 0;
  for (let k = k0; k < k1; k++) s += fast ? ringDiscAreaOutside(cx, cy, r, coords, ringStart[k], ringStart[k + 1]) : ringDiscArea(cx, cy, r, coords, ringStart[k], ringStart[k + 1]);
  return s > 0 ? s : 0;
}

/**
 * Signed area of disc ∩ ring coords[a … b-1] when the centre lies outside a convex region that
 * holds the ring (so, seen from the centre, the ring spans less than a half-turn). Along the
 * ring, the parts inside the disc add their triangles with the centre; a stretch outside the
 * disc adds the circular sector between where it leaves and re-enters the disc, and since the
 * angle turned along the stretch is less than a half-turn, that is one atan2 of its two ends
 * (ringDiscArea takes one per edge). A ring wholly outside adds nothing.
 */
export function ringDiscAreaOutside(cx: number, cy: number, r: number, coords: Float64Array, a: number, b: number): number {
  // small enough to be inlined where it is called: the numbers go through DISC, not as
  // arguments and a result (which the engine would box, one allocation each, per call)
  DISC[0] = cx;
  DISC[1] = cy;
  DISC[2] = r;
  ringOutside(coords, a, b);
  return DISC[3];
}

/** centre x, y and radius in, area out: ringOutside's arguments and result */
const DISC = new Float64Array(4);

function ringOutside(coords: Float64Array, a: number, b: number): void {
  DISC[3] = 0;
  if (b - a < 6) return;
  const cx = DISC[0], cy = DISC[1], r = DISC[2];
  const r2 = r * r;
  let s = 0;
  // the stretch outside the disc being walked: open, and where it started (ox, oy); a stretch
  // open at the ring's start (head) ends where the ring closes, so its end (hx, hy) waits for it
  let open = false, ox = 0, oy = 0;
  let head = false, headEnd = false, hx = 0, hy = 0;
  let started = false;
  const sx = coords[b - 2] - cx, sy = coords[b - 1] - cy;
  let px = sx, py = sy;
  for (let i = a; i < b; i += 2) {
    const qx = coords[i] - cx, qy = coords[i + 1] - cy;
    const dx = qx - px, dy = qy - py;
    const A = dx * dx + dy * dy;
    if (A === 0) continue;
    const pp = px * px + py * py;
    const B = px * dx + py * dy;
    const disc = B * B - A * (pp - r2);
    let t1 = 0, t2 = 0;
    let crosses = false;
    if (disc > 0) {
      const sq = Math.sqrt(disc);
      t1 = (-B - sq) / A;
      t2 = (-B + sq) / A;
      crosses = t2 > 0 && t1 < 1;
    }
    // the edge as: outside p → e, inside e → f, outside f → q (any part may be empty)
    let ex: number, ey: number, fx: number, fy: number;
    let outBefore: boolean, inside: boolean, outAfter: boolean;
    if (!crosses) {
      inside = pp <= r2 && qx * qx + qy * qy <= r2;
      outBefore = !inside;
      outAfter = false;
      ex = fx = inside ? px : qx;
      ey = fy = inside ? py : qy;
      if (inside) { fx = qx; fy = qy; }
    } else {
      const u1 = t1 < 0 ? 0 : t1, u2 = t2 > 1 ? 1 : t2;
      outBefore = u1 > 0;
      inside = true;
      outAfter = u2 < 1;
      ex = px + u1 * dx; ey = py + u1 * dy;
      fx = px + u2 * dx; fy = py + u2 * dy;
    }
    if (outBefore && !open) {
      open = true;
      if (!started) head = true;
      else { ox = px; oy = py; }
    }
    started = true;
    if (inside) {
      if (open) {
        // the stretch outside ends at e
        if (head && !headEnd) { headEnd = true; hx = ex; hy = ey; }
        else s += 0.5 * r2 * Math.atan2(ox * ey - oy * ex, ox * ex + oy * ey);
        open = false;
      }
      s += 0.5 * (ex * fy - ey * fx);
      if (outAfter) { open = true; ox = fx; oy = fy; }
    }
    px = qx;
    py = qy;
  }
  if (open) {
    if (head && headEnd) s += 0.5 * r2 * Math.atan2(ox * hy - oy * hx, ox * hx + oy * hy); // the last stretch runs on into the first
    else if (!head) s += 0.5 * r2 * Math.atan2(ox * sy - oy * sx, ox * sx + oy * sy); // it ends at the ring's start, on the circle
    // else: the ring lies wholly outside the disc
  } else if (head && headEnd) {
    s += 0.5 * r2 * Math.atan2(sx * hy - sy * hx, sx * hx + sy * hy); // the first stretch starts at the ring's start, on the circle
  }
  DISC[3] = s;
}

/** Signed area of disc ∩ the ring coords[a … b-1] (x, y pairs), summed over its edges. */
export function ringDiscArea(cx: number, cy: number, r: number, coords: Float64Array, a: number, b: number): number {
  if (b - a < 6) return 0;
  let s = 0;
  let px = coords[b - 2] - cx;
  let py = coords[b - 1] - cy;
  for (let i = a; i < b; i += 2) {
    const qx = coords[i] - cx;
    const qy = coords[i + 1] - cy;
    s += triangleDiscArea(px, py, qx, qy, r);
    px = qx;
    py = qy;
  }
  return s;
}
