// Whether a segment comes within d of a rectangle (src/geo/network/segmentRect.ts), against an
// independent reference: the distance from a + t·(b − a) to the rectangle is convex in t (the
// distance to a convex set, along a line), so a ternary search over t finds the segment's
// distance to the rectangle to ~1e-12 m. Each case is asked just above and just below that
// distance, and at random distances.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/domain/prng';
import { segmentNearRect } from '../../src/geo/network/segmentRect';

type Case = [ax: number, ay: number, bx: number, by: number, x0: number, y0: number, x1: number, y1: number];

function pointRect(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  return Math.hypot(Math.max(x0 - px, 0, px - x1), Math.max(y0 - py, 0, py - y1));
}

/** The segment's distance to the rectangle by ternary search of the convex f(t). */
function reference([ax, ay, bx, by, x0, y0, x1, y1]: Case): number {
  const f = (t: number) => pointRect(ax + t * (bx - ax), ay + t * (by - ay), x0, y0, x1, y1);
  let lo = 0, hi = 1;
  for (let i = 0; i < 200; i++) {
    const m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
    if (f(m1) <= f(m2)) hi = m2;
    else lo = m1;
  }
  return Math.min(f(0), f(1), f(lo), f(hi));
}

/** The answer at d, and the reference's where the two can be told apart (not within rounding of the distance). */
function check(c: Case, d: number, ref: number): void {
  if (Math.abs(d - ref) <= 1e-9 * Math.max(1, ref)) return;
  expect(segmentNearRect(...c, d), `${c.join(', ')} at d = ${d} (distance ${ref})`).toBe(ref <= d);
}

/** Just above and below the distance (0 exactly when it is 0), and at random distances. */
function checkAround(c: Case, rnd: () => number): number {
  const ref = reference(c);
  if (ref === 0) expect(segmentNearRect(...c, 0), `${c.join(', ')} meets the rectangle`).toBe(true);
  check(c, ref * (1 + 1e-6) + 1e-6, ref);
  if (ref > 1e-6) check(c, ref * (1 - 1e-6) - 1e-7, ref);
  for (let i = 0; i < 4; i++) check(c, rnd() * 80, ref);
  return ref;
}

describe('segmentNearRect', () => {
  const R: [number, number, number, number] = [0, 0, 100, 60];

  it('agrees with the reference on random segments around and across a rectangle', () => {
    const rnd = mulberry32(11);
    let meet = 0, apart = 0;
    for (let i = 0; i < 4000; i++) {
      const x0 = (rnd() - 0.5) * 50, y0 = (rnd() - 0.5) * 50, x1 = x0 + rnd() * 120, y1 = y0 + rnd() * 120;
      const ax = -100 + rnd() * 300, ay = -100 + rnd() * 300;
      // one in 20 of zero length
      const bx = i % 20 === 0 ? ax : -100 + rnd() * 300, by = i % 20 === 0 ? ay : -100 + rnd() * 300;
      if (checkAround([ax, ay, bx, by, x0, y0, x1, y1], rnd) === 0) meet++;
      else apart++;
    }
    expect(meet).toBeGreaterThan(500);
    expect(apart).toBeGreaterThan(500);
  });

  it('segments crossing the rectangle with both ends outside: distance 0', () => {
    const rnd = mulberry32(3);
    for (let i = 0; i < 500; i++) {
      // through a point inside, ends far out on both sides
      const px = rnd() * 100, py = rnd() * 60, a = rnd() * Math.PI, L = 200 + rnd() * 100;
      const c: Case = [px - L * Math.cos(a), py - L * Math.sin(a), px + L * Math.cos(a), py + L * Math.sin(a), ...R];
      expect(segmentNearRect(...c, 0)).toBe(true);
      checkAround(c, rnd);
    }
  });

  it('segments passing near a corner, both ends far: the corner decides', () => {
    const rnd = mulberry32(5);
    for (let i = 0; i < 500; i++) {
      const corner = i % 4, cx = corner & 1 ? 100 : 0, cy = corner & 2 ? 60 : 0;
      // the outward diagonal at the corner, a segment across it at distance g
      const ux = corner & 1 ? 1 : -1, uy = corner & 2 ? 1 : -1, g = rnd() * 30;
      const mx = cx + (ux * g) / Math.SQRT2, my = cy + (uy * g) / Math.SQRT2, L = 50 + rnd() * 50;
      const c: Case = [mx - (uy * L) / Math.SQRT2, my + (ux * L) / Math.SQRT2, mx + (uy * L) / Math.SQRT2, my - (ux * L) / Math.SQRT2, ...R];
      const ref = checkAround(c, rnd);
      expect(Math.abs(ref - g)).toBeLessThan(1e-9);
      expect(segmentNearRect(...c, g + 1e-6)).toBe(true);
      if (g > 1e-3) expect(segmentNearRect(...c, g - 1e-6)).toBe(false);
    }
  });

  it('inside, touching, parallel and zero-length cases', () => {
    const rnd = mulberry32(9);
    const cases: [Case, number][] = [
      // wholly inside; one end inside
      [[10, 10, 90, 50, ...R], 0],
      [[50, 30, 300, 30, ...R], 0],
      // touching: an end on an edge, on a corner, lying along an edge, crossing only a corner
      [[100, 30, 140, 30, ...R], 0],
      [[100, 60, 130, 90, ...R], 0],
      [[-20, 0, 120, 0, ...R], 0],
      [[-10, 10, 10, -10, ...R], 0],
      // parallel to an edge, beside it, past the corner, at the same height beyond the end
      [[20, -7, 80, -7, ...R], 7],
      [[-30, 70, -10, 70, ...R], Math.hypot(10, 10)],
      [[130, 60, 150, 60, ...R], 30],
      [[-4, -20, -4, 90, ...R], 4],
      // zero length: inside, on an edge, beside, beyond a corner
      [[50, 30, 50, 30, ...R], 0],
      [[0, 30, 0, 30, ...R], 0],
      [[50, 75, 50, 75, ...R], 15],
      [[103, 64, 103, 64, ...R], 5],
      // a degenerate rectangle (a point, a line)
      [[0, 0, 10, 10, 5, 0, 5, 0], Math.hypot(2.5, 2.5)],
      [[0, 5, 10, 5, 3, 0, 3, 10], 0],
    ];
    for (const [c, dist] of cases) {
      expect(Math.abs(reference(c) - dist)).toBeLessThan(1e-9);
      expect(segmentNearRect(...c, dist), `${c.join(', ')} at its distance ${dist}`).toBe(true);
      if (dist > 0) expect(segmentNearRect(...c, dist * (1 - 1e-9)), `${c.join(', ')} below ${dist}`).toBe(false);
      checkAround(c, rnd);
    }
  });
});
