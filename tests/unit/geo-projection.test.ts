import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/domain/prng';
import { makeProjection } from '../../src/geo/projection';

describe('the local metric plane', () => {
  const proj = makeProjection(121.47, 31.23);
  const rnd = mulberry32(11);
  const lng = Float64Array.from({ length: 500 }, () => 120.8 + rnd() * 1.3);
  const lat = Float64Array.from({ length: 500 }, () => 30.6 + rnd() * 1.3);

  it('projects a whole array to the same numbers as point by point', () => {
    const x = new Float64Array(lng.length), y = new Float64Array(lng.length);
    proj.forwardAll(lng, lat, x, y);
    for (let i = 0; i < lng.length; i++) expect([x[i], y[i]]).toEqual(proj.forward(lng[i], lat[i]));
  });

  it('goes back to the same degrees (1e-9°)', () => {
    for (let i = 0; i < lng.length; i++) {
      const [a, b] = proj.inverse(...proj.forward(lng[i], lat[i]));
      expect(Math.abs(a - lng[i])).toBeLessThan(1e-9);
      expect(Math.abs(b - lat[i])).toBeLessThan(1e-9);
    }
  });
});
