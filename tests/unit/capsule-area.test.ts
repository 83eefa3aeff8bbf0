// Exact capsule ∩ rectangle / polygon areas (src/geo/network/capsuleArea.ts) against an
// independent computation: the area as an integral over x of the length of the vertical chord,
// where each chord is found directly (the capsule's chord is one interval: the union of its two
// discs' chords and its rectangle's; the region's chord: the stretches between its edges'
// crossings), integrated by the midpoint rule on 40,000 strips.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/domain/prng';
import { capsuleArea } from '../../src/geo/network/capsuleArea';
import type { Rings } from '../../src/geo/polygon';

/** The capsule's chord at x: [lo, hi], or null. */
function capsuleChord(ax: number, ay: number, bx: number, by: number, R: number, x: number): [number, number] | null {
  let lo = Infinity, hi = -Infinity;
  for (const [cx, cy] of [[ax, ay], [bx, by]]) {
    const h = R * R - (x - cx) * (x - cx);
    if (h >= 0) { lo = Math.min(lo, cy - Math.sqrt(h)); hi = Math.max(hi, cy + Math.sqrt(h)); }
  }
  const L = Math.hypot(bx - ax, by - ay);
  if (L > 0) {
    const nx = (-(by - ay) / L) * R, ny = ((bx - ax) / L) * R;
    const quad = [[ax + nx, ay + ny], [bx + nx, by + ny], [bx - nx, by - ny], [ax - nx, ay - ny]];
    for (let i = 0; i < 4; i++) {
      const [px, py] = quad[i], [qx, qy] = quad[(i + 1) % 4];
      if ((px - x) * (qx - x) > 0 || px === qx) continue;
      const y = py + ((x - px) / (qx - px)) * (qy - py);
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** The region's chord at x: the stretches inside the rings (even–odd between crossings). */
function regionChord(rings: Rings, x: number): [number, number][] {
  const ys: number[] = [];
  for (const r of rings) {
    const n = r.length;
    for (let i = 0; i < n; i += 2) {
      const px = r[i], py = r[i + 1], qx = r[(i + 2) % n], qy = r[(i + 3) % n];
      if ((px <= x) === (qx <= x)) continue;
      ys.push(py + ((x - px) / (qx - px)) * (qy - py));
    }
  }
  ys.sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < ys.length; i += 2) out.push([ys[i], ys[i + 1]]);
  return out;
}

function integrate(ax: number, ay: number, bx: number, by: number, R: number, rings: Rings): number {
  let x0 = Infinity, x1 = -Infinity;
  for (const r of rings) for (let i = 0; i < r.length; i += 2) { x0 = Math.min(x0, r[i]); x1 = Math.max(x1, r[i]); }
  const N = 40000, h = (x1 - x0) / N;
  let area = 0;
  for (let k = 0; k < N; k++) {
    const x = x0 + (k + 0.5) * h;
    const c = capsuleChord(ax, ay, bx, by, R, x);
    if (!c) continue;
    for (const [lo, hi] of regionChord(rings, x)) area += Math.max(0, Math.min(hi, c[1]) - Math.max(lo, c[0])) * h;
  }
  return area;
}

const rectRings = (x0: number, y0: number, x1: number, y1: number): Rings => [Float64Array.of(x0, y0, x1, y0, x1, y1, x0, y1)];

describe('capsuleArea', () => {
  it('equals the chord integral for capsules and discs against rectangles', () => {
    const rnd = mulberry32(11);
    for (let i = 0; i < 60; i++) {
      const x0 = rnd() * 100, y0 = rnd() * 100, w = 5 + rnd() * 120, hgt = 5 + rnd() * 120;
      const ax = x0 - 80 + rnd() * (w + 160), ay = y0 - 80 + rnd() * (hgt + 160);
      const disc = i % 6 === 0;
      const bx = disc ? ax : ax + (rnd() - 0.5) * 200, by = disc ? ay : ay + (rnd() - 0.5) * 200;
      const R = 10 + rnd() * 100;
      const got = capsuleArea(ax, ay, bx, by, R, x0, y0, x0 + w, y0 + hgt, null);
      const want = integrate(ax, ay, bx, by, R, rectRings(x0, y0, x0 + w, y0 + hgt));
      expect(Math.abs(got - want)).toBeLessThan(1e-3 + 1e-6 * w * hgt);
    }
  });

  it('equals the chord integral inside concave rings and rings with a hole', () => {
    // an L-shaped piece (counter-clockwise) and a square with a square hole (clockwise)
    const L: Rings = [Float64Array.of(0, 0, 120, 0, 120, 40, 45, 40, 45, 120, 0, 120)];
    const holed: Rings = [Float64Array.of(0, 0, 120, 0, 120, 120, 0, 120), Float64Array.of(30, 30, 30, 90, 90, 90, 90, 30)];
    const rnd = mulberry32(5);
    for (const rings of [L, holed]) {
      for (let i = 0; i < 30; i++) {
        const ax = -40 + rnd() * 200, ay = -40 + rnd() * 200;
        const disc = i % 5 === 0;
        const bx = disc ? ax : ax + (rnd() - 0.5) * 160, by = disc ? ay : ay + (rnd() - 0.5) * 160;
        const R = 10 + rnd() * 80;
        const got = capsuleArea(ax, ay, bx, by, R, 0, 0, 120, 120, rings);
        const want = integrate(ax, ay, bx, by, R, rings);
        expect(Math.abs(got - want)).toBeLessThan(1e-3 + 1e-6 * 120 * 120);
      }
    }
  });

  it('gives the whole region inside a large capsule and nothing far away', () => {
    expect(capsuleArea(-500, 50, 500, 50, 400, 0, 0, 100, 100, null)).toBeCloseTo(10000, 6);
    expect(capsuleArea(-500, 500, 500, 500, 100, 0, 0, 100, 100, null)).toBe(0);
    expect(capsuleArea(50, 50, 50, 50, 1000, 0, 0, 100, 100, rectRings(0, 0, 100, 100))).toBeCloseTo(10000, 6);
  });
});
