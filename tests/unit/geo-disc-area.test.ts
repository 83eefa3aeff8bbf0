// Closed-form disc ∩ rectangle / polygon areas against an independent computation:
// polyclip-ts (Turf's exact polygon clipper) intersecting a 1024-gon with the region.
import { describe, expect, it } from 'vitest';
import { intersection } from 'polyclip-ts';
import { discPolygonArea, discRectArea } from '../../src/geo/discArea';
import { mulberry32 } from '../../src/domain/prng';

type Ring = [number, number][];

function ngon(cx: number, cy: number, r: number, n: number): Ring {
  // polygon with the disc's area exactly: circumradius scaled so area(n-gon) = πr²
  const R = r * Math.sqrt((2 * Math.PI) / (n * Math.sin((2 * Math.PI) / n)));
  const ring: Ring = [];
  for (let i = 0; i < n; i++) ring.push([cx + R * Math.cos((2 * Math.PI * i) / n), cy + R * Math.sin((2 * Math.PI * i) / n)]);
  ring.push(ring[0]);
  return ring;
}

function shoelace(ring: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}

function clippedArea(a: Ring[], b: Ring[]): number {
  const res = intersection(a, b);
  let s = 0;
  for (const poly of res) for (const ring of poly) s += shoelace(ring as Ring);
  return Math.abs(s) > 0 ? s : 0;
}

describe('discRectArea', () => {
  it('matches known cases', () => {
    expect(discRectArea(0, 0, 10, -1, -1, 1, 1)).toBeCloseTo(4, 10); // rect inside disc
    expect(discRectArea(0, 0, 1, -5, -5, 5, 5)).toBeCloseTo(Math.PI, 10); // disc inside rect
    expect(discRectArea(0, 0, 1, 0, -5, 5, 5)).toBeCloseTo(Math.PI / 2, 10); // half
    expect(discRectArea(0, 0, 1, 0, 0, 5, 5)).toBeCloseTo(Math.PI / 4, 10); // quarter
    expect(discRectArea(0, 0, 1, 2, 2, 3, 3)).toBe(0); // apart
  });

  it('agrees with polygon clipping on random rectangles', () => {
    const rnd = mulberry32(7);
    for (let k = 0; k < 80; k++) {
      const r = 50 + rnd() * 900;
      const cx = (rnd() - 0.5) * 2000, cy = (rnd() - 0.5) * 2000;
      const x0 = (rnd() - 0.5) * 1500, y0 = (rnd() - 0.5) * 1500;
      const x1 = x0 + 10 + rnd() * 400, y1 = y0 + 10 + rnd() * 400;
      const rect: Ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
      const expected = clippedArea([ngon(cx, cy, r, 1024)], [rect]);
      const got = discRectArea(cx, cy, r, x0, y0, x1, y1);
      // the area-matched 1024-gon strays at most ~5e-6·r from the circle, so ≤ 3e-5·r² in area
      expect(Math.abs(got - expected)).toBeLessThan(4e-5 * r * r + 1e-6);
    }
  }, 60_000); // polygon clipping of 1024-gons is slow on a loaded machine; a time limit is not what this checks
});

describe('discPolygonArea', () => {
  it('agrees with polygon clipping on random concave polygons with holes', () => {
    const rnd = mulberry32(11);
    for (let k = 0; k < 40; k++) {
      // star-shaped outer ring (CCW) with a square hole (CW)
      const m = 5 + Math.floor(rnd() * 12);
      const outer: Ring = [];
      for (let i = 0; i < m; i++) {
        const a = (2 * Math.PI * i) / m;
        const rr = 200 + rnd() * 600;
        outer.push([rr * Math.cos(a), rr * Math.sin(a)]);
      }
      outer.push(outer[0]);
      const hole: Ring = [[-60, -60], [-60, 60], [60, 60], [60, -60], [-60, -60]];
      const r = 100 + rnd() * 700;
      const cx = (rnd() - 0.5) * 1200, cy = (rnd() - 0.5) * 1200;
      const expected = clippedArea([ngon(cx, cy, r, 1024)], [outer, hole]);
      const flat = (ring: Ring) => Float64Array.from(ring.slice(0, -1).flat());
      const got = discPolygonArea(cx, cy, r, [flat(outer), flat(hole)]);
      expect(Math.abs(got - expected)).toBeLessThan(4e-5 * r * r + 1e-6);
    }
  }, 60_000); // polygon clipping of 1024-gons is slow on a loaded machine; a time limit is not what this checks
});
