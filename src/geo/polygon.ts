/**
 * Planar polygon helpers in the local metric plane.
 * A ring is a flat array [x0, y0, x1, y1, …] without the closing repeat.
 * A polygon is a list of rings; outer rings counter-clockwise, holes clockwise, so the
 * signed areas of all rings add up to the polygon's area (even after clipping).
 */
export type Ring = Float64Array;
export type Rings = Ring[];

/** Signed area (shoelace), positive for counter-clockwise rings. */
export function ringSignedArea(r: Ring): number {
  const n = r.length;
  if (n < 6) return 0;
  let s = 0;
  let px = r[n - 2];
  let py = r[n - 1];
  for (let i = 0; i < n; i += 2) {
    const x = r[i];
    const y = r[i + 1];
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return s / 2;
}

export function ringsArea(rings: Rings): number {
  let s = 0;
  for (const r of rings) s += ringSignedArea(r);
  return s;
}

export function reverseRing(r: Ring): Ring {
  const n = r.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    out[i] = r[n - 2 - i];
    out[i + 1] = r[n - 1 - i];
  }
  return out;
}

/** Force orientation: outer (index 0 of a GeoJSON polygon) CCW, holes CW. */
export function orientRing(r: Ring, outer: boolean): Ring {
  const a = ringSignedArea(r);
  return (outer ? a < 0 : a > 0) ? reverseRing(r) : r;
}

export function ringsBbox(rings: Rings): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      const x = r[i], y = r[i + 1];
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return [x0, y0, x1, y1];
}

// Sutherland–Hodgman against the four sides of the rectangle. Concave input gives zero-width
// slivers along the clip lines, which carry no area, so areas stay exact.
/** Clip one ring to the rectangle [x0,x1]×[y0,y1]; returns null when nothing is left. */
export function clipRingToRect(r: Ring, x0: number, y0: number, x1: number, y1: number): Ring | null {
  return clipRingToRectFast(r, x0, y0, x1, y1);
}

export function clipRingsToRect(rings: Rings, x0: number, y0: number, x1: number, y1: number): Rings {
  const out: Rings = [];
  for (const r of rings) {
    // fast path: ring entirely inside
    let inside = true;
    let outside = false;
    let rx0 = Infinity, ry0 = Infinity, rx1 = -Infinity, ry1 = -Infinity;
    for (let i = 0; i < r.length; i += 2) {
      const x = r[i], y = r[i + 1];
      if (x < rx0) rx0 = x;
      if (x > rx1) rx1 = x;
      if (y < ry0) ry0 = y;
      if (y > ry1) ry1 = y;
    }
    if (rx0 < x0 || rx1 > x1 || ry0 < y0 || ry1 > y1) inside = false;
    if (rx1 <= x0 || rx0 >= x1 || ry1 <= y0 || ry0 >= y1) outside = true;
    if (outside) continue;
    if (inside) {
      out.push(r);
      continue;
    }
    const c = clipRingToRect(r, x0, y0, x1, y1);
    if (c) out.push(c);
  }
  return out;
}

/** Even-odd point in polygon over all rings. */
export function pointInRings(rings: Rings, x: number, y: number): boolean {
  let inside = false;
  for (const r of rings) {
    const n = r.length;
    let px = r[n - 2];
    let py = r[n - 1];
    for (let i = 0; i < n; i += 2) {
      const cx = r[i];
      const cy = r[i + 1];
      if ((cy > y) !== (py > y) && x < ((px - cx) * (y - cy)) / (py - cy) + cx) inside = !inside;
      px = cx;
      py = cy;
    }
  }
  return inside;
}

// ---- allocation-light clipping with scratch buffers -------------------------------------
let bufA = new Float64Array(4096);
let bufB = new Float64Array(4096);

function ensure(n: number): void {
  if (bufA.length < n) {
    bufA = new Float64Array(n * 2);
    bufB = new Float64Array(n * 2);
  }
}

// One half-plane pass from src[0..n) into dst; returns the new length.
function clipPass(src: Float64Array, n: number, dst: Float64Array, axis: 0 | 1, v: number, keepGreater: boolean): number {
  if (n < 6) return 0;
  let m = 0;
  let px = src[n - 2];
  let py = src[n - 1];
  let pv = axis === 0 ? px : py;
  let pin = keepGreater ? pv >= v : pv <= v;
  for (let i = 0; i < n; i += 2) {
    const x = src[i];
    const y = src[i + 1];
    const cv = axis === 0 ? x : y;
    const cin = keepGreater ? cv >= v : cv <= v;
    if (cin !== pin) {
      const t = (v - pv) / (cv - pv);
      if (axis === 0) {
        dst[m++] = v;
        dst[m++] = py + t * (y - py);
      } else {
        dst[m++] = px + t * (x - px);
        dst[m++] = v;
      }
    }
    if (cin) {
      dst[m++] = x;
      dst[m++] = y;
    }
    px = x;
    py = y;
    pv = cv;
    pin = cin;
  }
  return m;
}

/** Clip a ring to a rectangle without intermediate arrays; null when nothing is left. */
export function clipRingToRectFast(r: Ring, x0: number, y0: number, x1: number, y1: number): Ring | null {
  ensure(r.length * 2 + 64);
  let n = clipPass(r, r.length, bufA, 0, x0, true);
  n = clipPass(bufA, n, bufB, 0, x1, false);
  n = clipPass(bufB, n, bufA, 1, y0, true);
  n = clipPass(bufA, n, bufB, 1, y1, false);
  return n >= 6 ? bufB.slice(0, n) : null;
}

/** Clip rings with precomputed bboxes ([x0,y0,x1,y1] per ring, flat). */
export function clipRingsToRectBboxed(rings: Rings, bboxes: Float64Array, x0: number, y0: number, x1: number, y1: number): Rings {
  const out: Rings = [];
  for (let k = 0; k < rings.length; k++) {
    const rx0 = bboxes[4 * k], ry0 = bboxes[4 * k + 1], rx1 = bboxes[4 * k + 2], ry1 = bboxes[4 * k + 3];
    if (rx1 <= x0 || rx0 >= x1 || ry1 <= y0 || ry0 >= y1) continue;
    if (rx0 >= x0 && rx1 <= x1 && ry0 >= y0 && ry1 <= y1) {
      out.push(rings[k]);
      continue;
    }
    const c = clipRingToRectFast(rings[k], x0, y0, x1, y1);
    if (c) out.push(c);
  }
  return out;
}

export function ringBboxes(rings: Rings): Float64Array {
  const out = new Float64Array(rings.length * 4);
  rings.forEach((r, k) => {
    const b = ringsBbox([r]);
    out.set(b, 4 * k);
  });
  return out;
}
