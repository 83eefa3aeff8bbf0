// The uncovered-area overlay without cell seams: the raster tracer against pixel counts and
// brute-force point tests, and the dissolved gaps of a real engine run against an independent
// brute-force reach test (turf distances, not the engine) on random points.
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Polygon } from 'geojson';
import { traceMask, type PixelPolygon } from '../../src/geo/dissolve';
import { uncoveredDissolved } from '../../src/geo/uncoveredDissolved';
import { uncoveredAreas } from '../../src/geo/uncovered';
import { CoverageEngine } from '../../src/geo/coverageEngine';
import { defaultWalkParams, reachMetres } from '../../src/domain/walk';
import { mulberry32 } from '../../src/domain/prng';
import type { Category, UnitFeature } from '../../src/domain/types';

const ringArea = (r: [number, number][]) => {
  let a = 0;
  for (let i = 0; i + 1 < r.length; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return a / 2;
};
/** even-odd point test over every ring of every polygon */
const inside = (polys: PixelPolygon[], x: number, y: number) => {
  let c = false;
  for (const p of polys)
    for (const r of p)
      for (let i = 0, j = r.length - 2; i < r.length - 1; j = i++) {
        const [xi, yi] = r[i];
        const [xj, yj] = r[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
      }
  return c;
};
const fromRows = (rows: string[]) => {
  const H = rows.length;
  const W = rows[0].length;
  const m = new Uint8Array(W * H);
  rows.forEach((row, y) => [...row].forEach((ch, x) => (m[y * W + x] = ch === '#' ? 1 : 0)));
  return { m, W, H };
};

describe('traceMask', () => {
  it('one pixel: one square, counter-clockwise, closed', () => {
    const polys = traceMask(new Uint8Array([1]), 1, 1);
    expect(polys).toHaveLength(1);
    expect(polys[0]).toHaveLength(1);
    expect(polys[0][0]).toHaveLength(5);
    expect(ringArea(polys[0][0])).toBe(1);
  });

  it('a ring of pixels has one hole; an island in the hole is its own polygon; diagonal pixels stay apart', () => {
    const { m, W, H } = fromRows(['#####', '#...#', '#.#.#', '#...#', '#####', '.....', '#.#..', '.#...']);
    const polys = traceMask(m, W, H);
    // the frame (with a hole), the island, and three diagonal single pixels
    expect(polys).toHaveLength(5);
    const frame = polys.find((p) => p.length === 2)!;
    expect(ringArea(frame[0])).toBe(25);
    expect(ringArea(frame[1])).toBe(-9);
    // a straight side is one segment: the outer ring of the frame has just 4 corners
    expect(frame[0]).toHaveLength(5);
  });

  it('random masks: area equals the pixel count, every pixel centre is inside exactly when set, one outer ring per 4-connected component', () => {
    const rnd = mulberry32(13);
    for (let trial = 0; trial < 40; trial++) {
      const W = 1 + Math.floor(rnd() * 30);
      const H = 1 + Math.floor(rnd() * 30);
      const p = 0.2 + rnd() * 0.6;
      const m = new Uint8Array(W * H).map(() => (rnd() < p ? 1 : 0));
      const polys = traceMask(m, W, H);
      const count = m.reduce((a, b) => a + b, 0);
      expect(polys.reduce((a, poly) => a + poly.reduce((b, r) => b + ringArea(r), 0), 0)).toBe(count);
      for (const poly of polys) {
        expect(ringArea(poly[0])).toBeGreaterThan(0);
        for (const hole of poly.slice(1)) expect(ringArea(hole)).toBeLessThan(0);
      }
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(inside(polys, x + 0.5, y + 0.5)).toBe(m[y * W + x] === 1);
      // components by union-find (a different method from the tracer's flood fill)
      const parent = [...Array(W * H).keys()];
      const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
      for (let i = 0; i < W * H; i++) {
        if (!m[i]) continue;
        if (i % W < W - 1 && m[i + 1]) parent[find(i)] = find(i + 1);
        if (i + W < W * H && m[i + W]) parent[find(i)] = find(i + W);
      }
      const roots = new Set<number>();
      for (let i = 0; i < W * H; i++) if (m[i]) roots.add(find(i));
      expect(polys).toHaveLength(roots.size);
    }
  });
});

describe('uncoveredDissolved on an engine run', () => {
  const CATS: Category[] = [{ id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 5, standardRadiusM: 300, standard: 't' }];
  const square = (id: string, lng: number, lat: number, d: number): UnitFeature => ({
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]] } as Polygon,
    properties: { id, name: id, district: '310101', area_km2: 0, pop_est: 1000, pop_source: 'test' },
  });
  // two neighbouring units and one that touches only the first; six facilities scattered
  const units = [square('u1', 121.40, 31.20, 0.02), square('u2', 121.42, 31.20, 0.02), square('u3', 121.40, 31.22, 0.03)];
  const rnd = mulberry32(5);
  const facilities = Array.from({ length: 6 }, (_, i) => ({ id: `f${i}`, lng: 121.40 + rnd() * 0.04, lat: 31.20 + rnd() * 0.05, categories: ['a'] }));
  const engine = new CoverageEngine(CATS, { cellSize: 50 });
  engine.setUnits(units);
  engine.setFacilities(facilities);
  const params = defaultWalkParams();
  const result = engine.compute(params);
  const reach = reachMetres(CATS[0], params);

  it('is a few polygons (not one per cell), and agrees with a brute-force reach test on random points', () => {
    const gaps = uncoveredDissolved(engine, 'a', ['u1', 'u2'])!;
    const perCell = uncoveredAreas(engine, 'a', ['u1', 'u2'])!;
    const pieces = perCell.features.reduce((n, f) => n + (f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates.length : 1), 0);
    expect(gaps.features.length).toBeGreaterThan(0);
    expect(gaps.features.length).toBeLessThan(pieces / 5);
    // independent: a point is uncovered when it lies in u1 or u2 and every facility is farther than the reach
    const tol = (50 / 4) * Math.SQRT2 + 2; // a sub-cell's half diagonal, metres, plus projection slack
    const outline = turf.lineString([[121.40, 31.20], [121.44, 31.20], [121.44, 31.22], [121.40, 31.22], [121.40, 31.20]]);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const pt = turf.point([121.40 + rnd() * 0.04, 31.20 + rnd() * 0.02]);
      if (turf.pointToLineDistance(pt, outline, { units: 'meters' }) < tol) continue; // on the units' edge: likewise
      const dists = facilities.map((f) => turf.distance(pt, turf.point([f.lng, f.lat]), { units: 'meters' }));
      const nearest = Math.min(...dists);
      if (Math.abs(nearest - reach) < tol) continue; // on a circle's edge: either answer is right at this resolution
      const uncovered = nearest > reach;
      const inGap = gaps.features.some((f) => turf.booleanPointInPolygon(pt, f));
      expect(inGap, `${pt.geometry.coordinates}`).toBe(uncovered);
      checked++;
    }
    expect(checked).toBeGreaterThan(2400);
  });

  it('its area is the exact uncovered area to within the raster resolution', () => {
    const gaps = uncoveredDissolved(engine, 'a', ['u1', 'u2', 'u3'])!;
    const S = result.slots.length;
    const exact = [0, 1, 2].reduce((a, u) => a + result.unitAreaM2[u] - result.coveredM2[u * S], 0);
    const total = [0, 1, 2].reduce((a, u) => a + result.unitAreaM2[u], 0);
    const drawn = gaps.features.reduce((a, f) => a + turf.area(f), 0);
    expect(Math.abs(drawn - exact) / total).toBeLessThan(0.01);
  });
});
