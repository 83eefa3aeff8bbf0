// Closed-form disc ∩ rectangle / polygon areas against an independent computation:
// polyclip-ts (Turf's exact polygon clipper) intersecting a 1024-gon with the region.
import { describe, expect, it } from 'vitest';
import { intersection } from 'polyclip-ts';
import { discFlatPolygonArea, discPolygonArea, discRectArea, discRectAreaCorners } from '../../src/geo/discArea';
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

// With the centre outside a box holding the region, a stretch of edges outside the disc is one
// arc: the same area as the edge-by-edge sum (discPolygonArea without a box) and the corner
// formula (rectangles), on random concave rings with holes, radii from tiny to huge, centres
// on every side, and vertices exactly on the circle.
describe('one arc per stretch outside the disc', () => {
  const flatten = (ring: Ring) => Float64Array.from(ring.flat());
  function randomPiece(rnd: () => number, x0: number, y0: number, side: number): Float64Array[] {
    // a star-shaped ring inside the box, and a small square hole (CW) around its centre
    const mx = x0 + side / 2, my = y0 + side / 2;
    const m = 3 + Math.floor(rnd() * 10);
    const outer: Ring = [];
    for (let i = 0; i < m; i++) {
      const a = (2 * Math.PI * i) / m;
      const rr = side * (0.15 + rnd() * 0.35);
      outer.push([mx + rr * Math.cos(a), my + rr * Math.sin(a)]);
    }
    const q = side * 0.05;
    const hole: Ring = [[mx - q, my - q], [mx - q, my + q], [mx + q, my + q], [mx + q, my - q]];
    return rnd() < 0.5 ? [flatten(outer)] : [flatten(outer), flatten(hole)];
  }

  it('rectangles: the same area as the corner formula', () => {
    const rnd = mulberry32(23);
    for (let k = 0; k < 4000; k++) {
      const x0 = 0, y0 = 0, x1 = 125, y1 = 125;
      const r = [5, 60, 125, 300, 900, 5000][k % 6] * (0.5 + rnd());
      const ang = rnd() * 2 * Math.PI;
      const dist = 90 + rnd() * (r + 200);
      const cx = 62.5 + dist * Math.cos(ang), cy = 62.5 + dist * Math.sin(ang);
      if (!(cx < x0 || cx > x1 || cy < y0 || cy > y1)) continue;
      expect(discRectArea(cx, cy, r, x0, y0, x1, y1)).toBeCloseTo(discRectAreaCorners(cx, cy, r, x0, y0, x1, y1), 6);
    }
  });

  it('polygons with holes: the same area as edge by edge', () => {
    const rnd = mulberry32(29);
    let crossing = 0;
    for (let k = 0; k < 3000; k++) {
      const side = 125;
      const rings = randomPiece(rnd, 0, 0, side);
      const r = [8, 60, 200, 900][k % 4] * (0.5 + rnd());
      const ang = rnd() * 2 * Math.PI;
      // centres outside the box, some placing a vertex exactly on the circle
      let cx = 62.5 + (90 + rnd() * (r + 150)) * Math.cos(ang), cy = 62.5 + (90 + rnd() * (r + 150)) * Math.sin(ang);
      if (cx >= 0 && cx <= side && cy >= 0 && cy <= side) continue;
      let rr = r;
      if (k % 5 === 0) rr = Math.hypot(rings[0][0] - cx, rings[0][1] - cy);
      if (k % 7 === 0) { cx = -40; cy = rings[0][1]; rr = rings[0][0] + 40; }
      const slow = discPolygonArea(cx, cy, rr, rings);
      const fast = discPolygonArea(cx, cy, rr, rings, 0, 0, side, side);
      if (slow > 0 && slow < 0.99 * Math.abs(rings.reduce((a, q) => a + shoelaceFlat(q), 0))) crossing++;
      expect(Math.abs(fast - slow)).toBeLessThan(1e-9 * side * side);
      const starts = new Int32Array(rings.length + 1);
      const coords = new Float64Array(rings.reduce((a, q) => a + q.length, 0));
      rings.forEach((q, i) => { coords.set(q, starts[i]); starts[i + 1] = starts[i] + q.length; });
      expect(Math.abs(discFlatPolygonArea(cx, cy, rr, coords, starts, 0, rings.length, 0, 0, side, side) - slow)).toBeLessThan(1e-9 * side * side);
    }
    expect(crossing).toBeGreaterThan(300); // many of the cases are partly covered
  });

  it('the same from every starting vertex, with vertices exactly on the circle', () => {
    // integer coordinates: the centre (-3, 0) and r = 5 put (0, 4) and (0, -4) exactly on the circle
    const rings: Ring[] = [
      [[0, 4], [0, 0], [6, 0], [6, 8]],
      [[0, 4], [0, -4], [6, -4], [6, 8]],
      [[0, 4], [2, 9], [1, 1], [0, -4], [7, -6], [9, 9]],
      [[1, 1], [4, 1], [4, 3], [1, 3]],
      [[0, 4], [6, 8], [6, 0], [0, 0]],
    ];
    for (const ring of rings) {
      for (let start = 0; start < ring.length; start++) {
        const rot = flatten([...ring.slice(start), ...ring.slice(0, start)]);
        for (const r of [1, 3, 4, 5, 6, 9, 12, 40]) {
          const slow = discPolygonArea(-3, 0, r, [rot]);
          expect(discPolygonArea(-3, 0, r, [rot], -1, -10, 10, 10)).toBeCloseTo(slow, 9);
        }
      }
    }
  });
});

function shoelaceFlat(q: Float64Array): number {
  let s = 0;
  for (let i = 0; i < q.length; i += 2) {
    const j = (i + 2) % q.length;
    s += q[i] * q[j + 1] - q[j] * q[i + 1];
  }
  return s / 2;
}
