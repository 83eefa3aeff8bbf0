import { describe, expect, it } from 'vitest';
import { PointIndex } from '../../src/geo/pointIndex';
import { mulberry32 } from '../../src/domain/prng';

describe('PointIndex', () => {
  const rnd = mulberry32(3);
  // clustered points, like facilities in a city centre, plus a sparse spread
  const n = 3000;
  const xs = new Float64Array(n), ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const clustered = i % 3 !== 0;
    xs[i] = clustered ? (rnd() - 0.5) * 5000 : (rnd() - 0.5) * 100000;
    ys[i] = clustered ? (rnd() - 0.5) * 5000 : (rnd() - 0.5) * 100000;
  }
  const index = new PointIndex(xs, ys);

  it('nearestDistance equals brute force', () => {
    for (let k = 0; k < 300; k++) {
      const x = (rnd() - 0.5) * 150000, y = (rnd() - 0.5) * 150000;
      let best = Infinity;
      for (let i = 0; i < n; i++) best = Math.min(best, Math.hypot(xs[i] - x, ys[i] - y));
      expect(index.nearestDistance(x, y)).toBeCloseTo(best, 6);
    }
  });

  it('collect and any equal brute force', () => {
    const out: number[] = [];
    for (let k = 0; k < 200; k++) {
      const x = (rnd() - 0.5) * 20000, y = (rnd() - 0.5) * 20000, r = rnd() * 3000;
      const expected: number[] = [];
      for (let i = 0; i < n; i++) if (Math.hypot(xs[i] - x, ys[i] - y) <= r) expected.push(i);
      index.collect(x, y, r, out);
      expect([...out].sort((a, b) => a - b)).toEqual(expected);
      expect(index.any(x, y, r)).toBe(expected.length > 0);
      // gather: the same ids into the index's own growing buffer (thousands at the larger radii)
      const k = index.gather(x, y, r);
      expect([...index.hits.subarray(0, k)].sort((a, b) => a - b)).toEqual(expected);
    }
  });

  it('handles empty and duplicate points', () => {
    expect(new PointIndex(new Float64Array(0), new Float64Array(0)).nearestDistance(0, 0)).toBe(Infinity);
    const dup = new PointIndex(new Float64Array(50).fill(5), new Float64Array(50).fill(5));
    expect(dup.nearestDistance(8, 9)).toBeCloseTo(5, 10);
    const out: number[] = [];
    expect(dup.collect(5, 5, 0, out)).toBe(50);
  });
});
