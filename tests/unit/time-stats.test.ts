// District and city walking-time percentiles: the one-pass median and 90th percentile against
// histPercentile (the reference, also used by the street network figures).
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/domain/prng';
import { HIST_BINS, histMedianP90, histPercentile } from '../../src/geo/timeStats';

describe('histMedianP90', () => {
  it('gives histPercentile at 0.5 and 0.9 on random, sparse, one-bin, last-bin and empty histograms', () => {
    const rnd = mulberry32(7);
    const out = new Float64Array(2);
    const cases: Float64Array[] = [];
    for (let k = 0; k < 200; k++) {
      const h = new Float64Array(HIST_BINS + 10);
      const filled = 1 + Math.floor(rnd() * 50);
      for (let i = 0; i < filled; i++) h[10 + Math.floor(rnd() * HIST_BINS)] += rnd() * 1e5;
      cases.push(h);
    }
    const one = new Float64Array(HIST_BINS + 10);
    one[10 + 37] = 5;
    const last = new Float64Array(HIST_BINS + 10);
    last[10 + HIST_BINS - 1] = 3;
    last[10 + 4] = 1;
    cases.push(one, last, new Float64Array(HIST_BINS + 10));
    for (const h of cases) {
      histMedianP90(h, 10, out);
      const m = histPercentile(h, 10, 0.5), p = histPercentile(h, 10, 0.9);
      if (Number.isNaN(m)) expect(out[0]).toBeNaN();
      else expect(out[0]).toBe(m);
      if (Number.isNaN(p)) expect(out[1]).toBeNaN();
      else expect(out[1]).toBe(p);
    }
  });
});
