// The engine's coverage shares against an independent exact-polygon computation with Turf
// (turf.circle → turf.union → turf.intersect → turf.area), on small hand-made units.
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { CoverageEngine, type EngineHelper } from '../../src/geo/coverageEngine';
import type { EngineFacility } from '../../src/geo/coverageTypes';
import { defaultWalkParams, reachMetres, type WalkParams } from '../../src/domain/walk';
import type { Category, UnitFeature } from '../../src/domain/types';
import { mulberry32 } from '../../src/domain/prng';

const CATS: Category[] = [
  { id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 5, standardRadiusM: 300, standard: 't' },
  { id: 'b', zh: 'B', en: 'B', color: '#000', minutes: 10, standardRadiusM: 500, standard: 't' },
  { id: 'c', zh: 'C', en: 'C', color: '#000', minutes: 15, standardRadiusM: 1000, standard: 't' },
];

function unit(id: string, geometry: Polygon | MultiPolygon, pop = 10000): UnitFeature {
  return { type: 'Feature', geometry, properties: { id, name: id, district: id.startsWith('x') ? '310101' : '310104', area_km2: 0, pop_est: pop, pop_source: 'test' } };
}

function hexagon(lng: number, lat: number, rKm: number): Polygon {
  const ring: number[][] = [];
  for (let i = 0; i < 6; i++) {
    const p = turf.destination([lng, lat], rKm, 30 + i * 60, { units: 'kilometers' });
    ring.push(p.geometry.coordinates);
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
}

const UNITS: UnitFeature[] = [
  unit('x1', hexagon(121.47, 31.23, 1.07)),
  unit('x2', hexagon(121.4885, 31.23, 1.07)),
  unit('y1', hexagon(121.479, 31.2445, 1.07)),
  // concave unit with a hole
  unit('y2', {
    type: 'Polygon',
    coordinates: [
      [[121.44, 31.20], [121.46, 31.20], [121.46, 31.215], [121.45, 31.205], [121.44, 31.215], [121.44, 31.20]],
      [[121.445, 31.2015], [121.445, 31.2045], [121.455, 31.2045], [121.455, 31.2015], [121.445, 31.2015]],
    ],
  }),
  // two separate parts
  unit('x3', {
    type: 'MultiPolygon',
    coordinates: [
      [[[121.50, 31.20], [121.512, 31.20], [121.512, 31.209], [121.50, 31.209], [121.50, 31.20]]],
      [[[121.52, 31.21], [121.526, 31.21], [121.523, 31.216], [121.52, 31.21]]],
    ],
  }),
];

function facilities(seed: number, n: number): EngineFacility[] {
  const rnd = mulberry32(seed);
  const out: EngineFacility[] = [];
  for (let i = 0; i < n; i++) {
    const cats = CATS.filter(() => rnd() < 0.5).map((c) => c.id);
    out.push({ id: `f${i}`, lng: 121.43 + rnd() * 0.105, lat: 31.19 + rnd() * 0.07, categories: cats.length ? cats : ['a'] });
  }
  return out;
}

type Area = Feature<Polygon | MultiPolygon>;

// union of circles per category, then the share of each unit (Turf, exact polygon operations)
function turfShares(facs: EngineFacility[], params: WalkParams, catIds: string[]): number[] {
  let region: Area | null = null;
  for (const id of catIds) {
    const cat = CATS.find((c) => c.id === id) as Category;
    const r = reachMetres(cat, params);
    const circles = facs.filter((f) => f.categories.includes(id)).map((f) => turf.circle([f.lng, f.lat], r / 1000, { steps: 256, units: 'kilometers' }));
    let u: Area | null = circles.length ? (turf.union(turf.featureCollection(circles)) as Area | null) : null;
    if (region !== null && u !== null) u = turf.intersect(turf.featureCollection([region, u])) as Area | null;
    region = u;
    if (!region) break;
  }
  return UNITS.map((unitF) => {
    if (!region) return 0;
    const inter = turf.intersect(turf.featureCollection([unitF as Area, region]));
    return inter ? turf.area(inter) / turf.area(unitF) : 0;
  });
}

describe('CoverageEngine against Turf exact polygons', () => {
  const params: WalkParams = { ...defaultWalkParams(), minutes: {}, selected: [] };
  const facs = facilities(42, 40);

  for (const cellSize of [100, 37]) {
    it(`coverage share per unit and category within 0.1 pp (cell ${cellSize} m)`, { timeout: 60_000 }, () => {
      const eng = new CoverageEngine(CATS, { cellSize });
      eng.setUnits(UNITS);
      eng.setFacilities(facs);
      const res = eng.compute(params);
      const S = res.slots.length;
      CATS.forEach((cat, c) => {
        const expected = turfShares(facs, params, [cat.id]);
        UNITS.forEach((_, u) => {
          const share = res.coveredM2[u * S + c] / res.unitAreaM2[u];
          expect(Math.abs(share - expected[u]) * 100).toBeLessThan(0.1);
        });
      });
      // completeness: all three categories
      const expected = turfShares(facs, params, CATS.map((c) => c.id));
      UNITS.forEach((_, u) => {
        const share = res.coveredM2[u * S + S - 1] / res.unitAreaM2[u];
        expect(Math.abs(share - expected[u]) * 100).toBeLessThan(0.1);
      });
    });
  }

  it('unit areas match Turf within 0.05 %', () => {
    const eng = new CoverageEngine(CATS, { cellSize: 100 });
    eng.setUnits(UNITS);
    eng.setFacilities(facs);
    const res = eng.compute(params);
    UNITS.forEach((u, i) => {
      // both use the mean Earth radius 6371008.8 m
      const turfArea = turf.area(u);
      expect(Math.abs(res.unitAreaM2[i] / turfArea - 1)).toBeLessThan(5e-4);
    });
  });

  it('standard-radius mode uses the GB 50180 radii', { timeout: 30_000 }, () => {
    const eng = new CoverageEngine(CATS, { cellSize: 100 });
    eng.setUnits(UNITS);
    eng.setFacilities(facs);
    const std: WalkParams = { ...params, mode: 'standard' };
    const res = eng.compute(std);
    expect(res.categories.map((c) => c.reachM)).toEqual([300, 500, 1000]);
    const S = res.slots.length;
    const expected = turfShares(facs, std, ['c']);
    UNITS.forEach((_, u) => expect(Math.abs(res.coveredM2[u * S + 2] / res.unitAreaM2[u] - expected[u]) * 100).toBeLessThan(0.1));
  });

  it('census population is spread over land: covered + uncovered = unit population', () => {
    const eng = new CoverageEngine(CATS, { cellSize: 100 });
    eng.setUnits(UNITS);
    eng.setFacilities(facs);
    const res = eng.compute(params);
    const S = res.slots.length;
    UNITS.forEach((_, u) => {
      const share = res.coveredM2[u * S] / res.unitAreaM2[u];
      expect(res.popCovered[u * S]).toBeCloseTo(10000 * share, 6);
    });
    expect(res.popSource).toBe('unit-pop-est');
    expect(res.city.pop).toBeCloseTo(50000, 6);
    expect(res.districts.map((d) => d.code)).toEqual(['310101', '310104']);
  });

  it('demand points replace the census spread', () => {
    const eng = new CoverageEngine(CATS, { cellSize: 100 });
    eng.setUnits(UNITS);
    eng.setFacilities([{ id: 'only', lng: 121.47, lat: 31.23, categories: ['a'] }]);
    // one point next to the facility, one 1 km away, one outside every unit
    const near = turf.destination([121.47, 31.23], 0.1, 90, { units: 'kilometers' }).geometry.coordinates;
    const far = turf.destination([121.47, 31.23], 0.9, 0, { units: 'kilometers' }).geometry.coordinates;
    const info = eng.setDemand([
      { lng: near[0], lat: near[1], population: 300 },
      { lng: far[0], lat: far[1], population: 700 },
      { lng: 121.0, lat: 31.0, population: 5 },
    ]);
    expect(info).toEqual({ assigned: 2, outside: 1 });
    const res = eng.compute(params);
    const S = res.slots.length;
    expect(res.popSource).toBe('demand-points');
    expect(res.unitPop[0]).toBe(1000);
    expect(res.popCovered[0 * S + 0]).toBe(300);
    expect(res.popCovered[0 * S + 1]).toBe(0); // category b has no facility
  });

  it('walking time to the nearest facility over a unit', () => {
    const eng = new CoverageEngine(CATS, { cellSize: 50 });
    eng.setUnits([UNITS[0]]);
    // one facility at the hexagon's centre: max distance is the circumradius, 1.07 km
    eng.setFacilities([{ id: 'c', lng: 121.47, lat: 31.23, categories: ['a'] }]);
    const res = eng.compute(params);
    const perMin = 4500 / 60;
    const maxMin = res.timeMax[0];
    // sampled at the centres of the cells touching the unit: within one half-diagonal (35 m)
    expect(Math.abs(maxMin - (1070 * 1.3) / perMin)).toBeLessThanOrEqual((36 * 1.3) / perMin);
    // median of the distance from the centre over a regular hexagon of circumradius R is ≈ 0.58 R
    // (independent numeric check: sample the hexagon densely)
    const pts: number[] = [];
    const R = 1070;
    for (let x = -R; x <= R; x += 5) for (let y = -R; y <= R; y += 5) {
      const ax = Math.abs(x), ay = Math.abs(y);
      // pointy-top hexagon (vertices at 30°, 90°, …): |y| ≤ R, |x| ≤ R√3/2, and the slanted edges
      if (ax <= (R * Math.sqrt(3)) / 2 && ay <= R - ax / Math.sqrt(3)) pts.push(Math.hypot(x, y));
    }
    pts.sort((a, b) => a - b);
    const med = pts[Math.floor(pts.length / 2)], p90 = pts[Math.floor(pts.length * 0.9)];
    expect(Math.abs(res.timeMedian[0] - (med * 1.3) / perMin)).toBeLessThan(0.3);
    expect(Math.abs(res.timeP90[0] - (p90 * 1.3) / perMin)).toBeLessThan(0.3);
    expect(res.timeMedian[1]).toBeNaN(); // category b: no facility
  });

  it('walking times from a facility farther than the unit time histogram reaches at first (over 41 km)', () => {
    const eng = new CoverageEngine(CATS, { cellSize: 50 });
    eng.setUnits([UNITS[0]]);
    // 60 km east of the hexagon's centre: every cell is 58.9 … 61.1 km away
    const far = turf.destination([121.47, 31.23], 60, 90, { units: 'kilometers' }).geometry.coordinates;
    eng.setFacilities([{ id: 'far', lng: far[0], lat: far[1], categories: ['a'] }]);
    const res = eng.compute(params);
    const minutes = (m: number) => (m * 1.3) / (4500 / 60);
    expect(res.timeMax[0]).toBeGreaterThan(minutes(60000));
    expect(res.timeMax[0]).toBeLessThan(minutes(61200));
    expect(Math.abs(res.timeMedian[0] - minutes(60000))).toBeLessThan(minutes(300));
    expect(res.timeP90[0]).toBeGreaterThan(res.timeMedian[0]);
    expect(res.timeP90[0]).toBeLessThanOrEqual(res.timeMax[0]);
  });
});

describe('incremental updates', () => {
  const params = defaultWalkParams();
  const base = facilities(5, 30);

  function fresh(facs: EngineFacility[]) {
    const e = new CoverageEngine(CATS, { cellSize: 60 });
    e.setUnits(UNITS);
    e.setFacilities(facs);
    return e.compute(params);
  }

  function expectSame(a: ReturnType<typeof fresh>, b: ReturnType<typeof fresh>) {
    for (let i = 0; i < a.coveredM2.length; i++) expect(a.coveredM2[i]).toBeCloseTo(b.coveredM2[i], 4);
    for (let i = 0; i < a.popCovered.length; i++) expect(a.popCovered[i]).toBeCloseTo(b.popCovered[i], 6);
    for (let i = 0; i < a.timeMedian.length; i++) {
      if (Number.isNaN(b.timeMedian[i])) expect(a.timeMedian[i]).toBeNaN();
      else {
        expect(a.timeMedian[i]).toBeCloseTo(b.timeMedian[i], 4);
        expect(a.timeP90[i]).toBeCloseTo(b.timeP90[i], 4);
        expect(a.timeMax[i]).toBeCloseTo(b.timeMax[i], 4);
      }
    }
    a.districts.forEach((d, k) => {
      expect(d.coveredM2[0]).toBeCloseTo(b.districts[k].coveredM2[0], 4);
      d.timeMedian.forEach((t, c) => expect(t).toBeCloseTo(b.districts[k].timeMedian[c] as number, 4));
    });
  }

  it('add, move and remove give the same figures as a full recompute, touching fewer cells', () => {
    const eng = new CoverageEngine(CATS, { cellSize: 60 });
    eng.setUnits(UNITS);
    eng.setFacilities(base);
    eng.compute(params);
    const cells = eng.getGrid()?.cellCount ?? 0;

    const added: EngineFacility = { id: 'new', lng: 121.475, lat: 31.235, categories: ['a', 'c'] };
    const s1 = eng.upsertFacility(added);
    expect(s1.cellsRecomputed).toBeGreaterThan(0);
    expect(s1.cellsRecomputed).toBeLessThan(cells);
    expectSame(eng.getResult() as ReturnType<typeof fresh>, fresh([...base, added]));

    const moved = { ...added, lng: 121.45, lat: 31.205 };
    eng.upsertFacility(moved);
    expectSame(eng.getResult() as ReturnType<typeof fresh>, fresh([...base, moved]));

    eng.removeFacility(base[3].id);
    const rest = [...base.filter((f) => f.id !== base[3].id), moved];
    expectSame(eng.getResult() as ReturnType<typeof fresh>, fresh(rest));
  });

  it('a computation shared with a helper engine gives the same figures, and edits after it too', async () => {
    // the helper is another engine on the same inputs (in the benchmark it runs in a worker thread)
    const other = new CoverageEngine(CATS, { cellSize: 60 });
    const helper: EngineHelper = {
      // the grid as postMessage hands it over: its arrays on shared memory, shared, not copied
      setGrid: async (u, g) => other.setGrid(u, structuredClone(g)),
      setDemand: async (p) => other.setDemand(p),
      // structuredClone, like postMessage, shares the SharedArrayBuffers and copies the rest
      computePart: async (p, queue) => structuredClone(other.computePart(p, structuredClone(queue))),
    };
    const demand = [{ lng: 121.47, lat: 31.23, population: 300 }, { lng: 121.49, lat: 31.235, population: 120 }, { lng: 121.45, lat: 31.205, population: 80 }];
    const eng = new CoverageEngine(CATS, { cellSize: 60 });
    eng.shareWith([helper]);
    expect(eng.parallelism()).toBe(2);
    eng.setUnits(UNITS);
    eng.setFacilities(base);
    eng.setDemand(demand);
    // until the helper has the units and demand, a computation runs on this thread alone
    expect(eng.parallelism()).toBe(1);
    await eng.helpersSettled();
    expect(eng.parallelism()).toBe(2);
    // the helper reads this engine's grid (one copy of it, on shared memory), not a grid of its own
    const mine = eng.getGrid()!.cellCx, its = other.getGrid()!.cellCx;
    expect(its).not.toBe(mine);
    expect(its.buffer).toBeInstanceOf(SharedArrayBuffer);
    const x0 = mine[0];
    mine[0] = 12345;
    expect(its[0]).toBe(12345);
    mine[0] = x0;
    const par = await eng.computeParallel(params);
    expect(par.timing.threads).toBe(2);
    const seq = new CoverageEngine(CATS, { cellSize: 60 });
    seq.setUnits(UNITS);
    seq.setFacilities(base);
    seq.setDemand(demand);
    const one = seq.compute(params);
    expectSame(par, one);
    for (let i = 0; i < one.errorBoundM2.length; i++) expect(par.errorBoundM2[i]).toBeCloseTo(one.errorBoundM2[i], 6);
    expect(par.city.popCovered).toEqual(one.city.popCovered.map((v) => expect.closeTo(v, 6)));
    // an edit on the shared result (cells of the helper's categories adopted here)
    const added: EngineFacility = { id: 'new', lng: 121.475, lat: 31.235, categories: ['a', 'b', 'c'] };
    eng.upsertFacility(added);
    seq.upsertFacility(added);
    expectSame(eng.getResult() as ReturnType<typeof fresh>, seq.getResult() as ReturnType<typeof fresh>);
  });

  it('a helper that never answers its grid is never waited for', async () => {
    let parts = 0;
    const silent: EngineHelper = {
      setGrid: () => new Promise(() => undefined),
      setDemand: async () => undefined,
      computePart: async () => { parts++; throw new Error('not ready'); },
    };
    const eng = new CoverageEngine(CATS, { cellSize: 60 });
    eng.setUnits(UNITS);
    eng.shareWith([silent]);
    eng.setFacilities(base);
    expect(eng.parallelism()).toBe(1);
    const r = await eng.computeParallel(params);
    expect(parts).toBe(0);
    expect(r.timing.threads).toBe(1);
    expectSame(r, fresh(base));
  });

  it('removing the only facility of a category leaves it without times', () => {
    const eng = new CoverageEngine(CATS, { cellSize: 60 });
    eng.setUnits(UNITS);
    eng.setFacilities([{ id: 'solo', lng: 121.47, lat: 31.23, categories: ['b'] }]);
    eng.compute(params);
    eng.removeFacility('solo');
    const res = eng.getResult();
    expect(res?.timeMedian[1]).toBeNaN();
    expect(res?.coveredM2[1]).toBe(0);
  });
});
