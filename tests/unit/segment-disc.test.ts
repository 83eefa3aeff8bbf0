// Where a segment runs inside a disc (src/geo/network/segmentDisc.ts), against sampling the
// segment densely: every sample inside the disc lies within [t0, t1], the ends lie on the circle
// (or at the segment's ends), and a miss has no sample inside.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/domain/prng';
import { segmentInDisc } from '../../src/geo/network/segmentDisc';

describe('segmentInDisc', () => {
  it('agrees with dense sampling on random segments and discs', () => {
    const rnd = mulberry32(7);
    const out = new Float64Array(2);
    let hits = 0, misses = 0;
    for (let i = 0; i < 2000; i++) {
      const ax = rnd() * 200, ay = rnd() * 200;
      const dx = i % 50 === 0 ? 0 : (rnd() - 0.5) * 200, dy = i % 50 === 0 ? 0 : (rnd() - 0.5) * 200;
      const px = rnd() * 200, py = rnd() * 200, r = 5 + rnd() * 60;
      const inside = (t: number) => Math.hypot(ax + t * dx - px, ay + t * dy - py) <= r;
      const samples = Array.from({ length: 1001 }, (_, k) => k / 1000);
      const got = segmentInDisc(ax, ay, dx, dy, px, py, r, out);
      if (!got) {
        misses++;
        expect(samples.some(inside)).toBe(false);
        continue;
      }
      hits++;
      const [t0, t1] = out;
      expect(t0).toBeGreaterThanOrEqual(0);
      expect(t1).toBeLessThanOrEqual(1);
      expect(t0).toBeLessThanOrEqual(t1);
      for (const t of samples) if (inside(t)) expect(t >= t0 - 1e-12 && t <= t1 + 1e-12).toBe(true);
      // the interval's ends are on the circle unless they are the segment's own ends
      for (const t of [t0, t1]) {
        const d = Math.hypot(ax + t * dx - px, ay + t * dy - py);
        if (t > 0 && t < 1) expect(Math.abs(d - r)).toBeLessThan(1e-9 * Math.max(1, r));
        else expect(d).toBeLessThanOrEqual(r + 1e-9);
      }
    }
    expect(hits).toBeGreaterThan(100);
    expect(misses).toBeGreaterThan(100);
  });
});
