/**
 * Exact area of a capsule (the points within R of the segment AB; a disc when A = B) inside a
 * rectangle, or inside rings (already clipped to that rectangle). The perpendiculars at A and
 * B cut the capsule into a rectangle (the slab along AB) and two half-discs, which do not
 * overlap: each part is the region clipped by half-planes (Sutherland–Hodgman) and measured by
 * the shoelace formula (the slab) or the disc ∩ polygon closed form (the half-discs,
 * discArea.ts). Concave regions give zero-width slivers along a clip line, which carry no
 * area, so the figure stays exact.
 */
import { discPolygonArea, discRectArea, ringDiscArea } from '../discArea';
import type { Rings } from '../polygon';

let bufA = new Float64Array(256);
let bufB = new Float64Array(256);
const rectRing = new Float64Array(8);

/** Keeps the part of src[0 … n) where nx·x + ny·y ≤ c, into dst; returns its length. */
function clipHalfPlane(src: Float64Array, n: number, dst: Float64Array, nx: number, ny: number, c: number): number {
  if (n < 6) return 0;
  let m = 0;
  let px = src[n - 2], py = src[n - 1];
  let pv = nx * px + ny * py - c;
  for (let i = 0; i < n; i += 2) {
    const x = src[i], y = src[i + 1];
    const v = nx * x + ny * y - c;
    if ((v <= 0) !== (pv <= 0)) {
      const t = pv / (pv - v);
      dst[m++] = px + t * (x - px);
      dst[m++] = py + t * (y - py);
    }
    if (v <= 0) { dst[m++] = x; dst[m++] = y; }
    px = x; py = y; pv = v;
  }
  return m;
}

function shoelace(r: Float64Array, n: number): number {
  if (n < 6) return 0;
  let s = 0;
  let px = r[n - 2], py = r[n - 1];
  for (let i = 0; i < n; i += 2) {
    s += px * r[i + 1] - r[i] * py;
    px = r[i]; py = r[i + 1];
  }
  return s / 2;
}

/** The part of the ring where s ≥ 0, s ≤ L, t ≥ −R and t ≤ R (only the sides it crosses), by the shoelace formula. */
function slabArea(ring: Float64Array, n: number, ux: number, uy: number, sA: number, tA: number, L: number, R: number, s0: number, s1: number, t0: number, t1: number): number {
  let src = ring, dst = bufA, len = n;
  if (s0 < 0) { len = clipHalfPlane(src, len, dst, -ux, -uy, -sA); src = dst; dst = src === bufA ? bufB : bufA; }
  if (s1 > L) { len = clipHalfPlane(src, len, dst, ux, uy, sA + L); src = dst; dst = src === bufA ? bufB : bufA; }
  if (t0 < -R) { len = clipHalfPlane(src, len, dst, uy, -ux, R - tA); src = dst; dst = src === bufA ? bufB : bufA; }
  if (t1 > R) { len = clipHalfPlane(src, len, dst, -uy, ux, tA + R); src = dst; }
  return shoelace(src, len);
}

/**
 * Signed area of ring ∩ capsule (A, unit direction u, length L, radius R). `rect`: the ring is
 * the rectangle [x0, x1] × [y0, y1] (a half-disc part wholly on one side then has a closed form).
 */
function ringCapsuleArea(ring: Float64Array, ax: number, ay: number, ux: number, uy: number, L: number, R: number, rect: boolean): number {
  const n = ring.length;
  if (bufA.length < 2 * n + 32) { bufA = new Float64Array(4 * n + 64); bufB = new Float64Array(4 * n + 64); }
  // the ring's extent along AB (s) and across it (t), from A
  let s0 = Infinity, s1 = -Infinity, t0 = Infinity, t1 = -Infinity;
  for (let i = 0; i < n; i += 2) {
    const dx = ring[i] - ax, dy = ring[i + 1] - ay;
    const s = dx * ux + dy * uy, t = dy * ux - dx * uy;
    if (s < s0) s0 = s;
    if (s > s1) s1 = s;
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
  }
  if (t0 >= R || t1 <= -R || s0 >= L + R || s1 <= -R) return 0;
  const sA = ax * ux + ay * uy; // u·A
  const tA = ay * ux - ax * uy; // n·A with n = (−uy, ux)
  const bx = ax + L * ux, by = ay + L * uy;
  // wholly beside one end: that end's disc
  if (s1 <= 0 || s0 >= L) {
    const cx = s1 <= 0 ? ax : bx, cy = s1 <= 0 ? ay : by;
    return rect ? discRectArea(cx, cy, R, ring[0], ring[1], ring[4], ring[5]) : ringDiscArea(cx, cy, R, ring, 0, n);
  }
  let area = slabArea(ring, n, ux, uy, sA, tA, L, R, s0, s1, t0, t1);
  // the half-discs at A (s ≤ 0) and at B (s ≥ L)
  if (s0 < 0) area += ringDiscArea(ax, ay, R, bufA, 0, clipHalfPlane(ring, n, bufA, ux, uy, sA));
  if (s1 > L) area += ringDiscArea(bx, by, R, bufA, 0, clipHalfPlane(ring, n, bufA, -ux, -uy, -(sA + L)));
  return area;
}

/**
 * Area of the capsule of radius R around A–B inside the rectangle [x0, x1] × [y0, y1], or inside
 * `rings` when given (rings within that rectangle, outer counter-clockwise, holes clockwise).
 */
export function capsuleArea(ax: number, ay: number, bx: number, by: number, R: number, x0: number, y0: number, x1: number, y1: number, rings: Rings | null): number {
  const dx = bx - ax, dy = by - ay;
  const L = Math.sqrt(dx * dx + dy * dy);
  if (!(L > 1e-9)) return rings ? discPolygonArea(ax, ay, R, rings) : discRectArea(ax, ay, R, x0, y0, x1, y1);
  const ux = dx / L, uy = dy / L;
  let area = 0;
  if (rings) for (const r of rings) area += ringCapsuleArea(r, ax, ay, ux, uy, L, R, false);
  else {
    const q = rectRing;
    q[0] = x0; q[1] = y0; q[2] = x1; q[3] = y0; q[4] = x1; q[5] = y1; q[6] = x0; q[7] = y1;
    area = ringCapsuleArea(q, ax, ay, ux, uy, L, R, true);
  }
  return area > 0 ? area : 0;
}
