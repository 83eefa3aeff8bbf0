// The walk-model interface: the engine, siting and residents' reach use whichever model they are
// given. A model that has no data west of a line carries NaN ("no data") into units, and
// district / city rows leave those units out; a model with variable disc radii is measured
// against an independent polygon computation (Turf).
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { CoverageEngine } from '../../src/geo/coverageEngine';
import { circleWalkModel } from '../../src/geo/circleModel';
import type { CategoryKernel, CoverOut, WalkModel } from '../../src/geo/walkModel';
import type { EngineFacility } from '../../src/geo/coverageTypes';
import { buildFacilityIndex, computeResidentReach } from '../../src/geo/reach';
import { buildSitingModel, suggestSites } from '../../src/geo/siting';
import { defaultWalkParams, reachRadiusM } from '../../src/domain/walk';
import type { Category, Facility, UnitFeature } from '../../src/domain/types';

const CATS: Category[] = [
  { id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 5, standardRadiusM: 300, standard: 't' },
  { id: 'b', zh: 'B', en: 'B', color: '#000', minutes: 10, standardRadiusM: 500, standard: 't' },
];

function square(id: string, lng: number, lat: number, d: number, district: string): UnitFeature {
  const ring = [[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]];
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id, name: id, district, area_km2: 0, pop_est: 1000, pop_source: 'test' } };
}

// four 1.9 km squares in a row, west to east, two districts
const UNITS = [0, 1, 2, 3].map((i) => square(`u${i}`, 121.40 + i * 0.02, 31.20, 0.02, i < 2 ? '310101' : '310104'));
const FACS: EngineFacility[] = [
  { id: 'f1', lng: 121.415, lat: 31.21, categories: ['a', 'b'] },
  { id: 'f2', lng: 121.455, lat: 31.208, categories: ['a'] },
  { id: 'f3', lng: 121.47, lat: 31.215, categories: ['b'] },
];

/** Circles, but no data west of x = cut (metric plane): every cell centre west of it is NaN. */
function westless(cut: () => number): WalkModel {
  return {
    id: 'test-westless',
    fromPlace: circleWalkModel.fromPlace,
    kernel(input) {
      const inner = circleWalkModel.kernel(input);
      const g = input.grid;
      const k: CategoryKernel = {
        get reachM() { return inner.reachM; },
        get hasFacilities() { return inner.hasFacilities; },
        setPoints: (xs, ys) => inner.setPoints(xs, ys),
        blockAffected: (b, x, y, out) => inner.blockAffected(b, x, y, out),
        discsNear: (x, y, r) => inner.discsNear(x, y, r),
        covers: (x, y) => x >= cut() && inner.covers(x, y),
        costAt: (x, y) => (x >= cut() ? inner.costAt(x, y) : NaN),
        minutes: (c) => inner.minutes(c),
        fillBlock(b: number, out: CoverOut) {
          inner.fillBlock(b, out);
          for (let cell = g.blockStart[b]; cell < g.blockStart[b + 1]; cell++) {
            if (g.cellCx[cell] < cut()) {
              out.setNoData(cell);
              out.cost[cell] = NaN;
            }
          }
        },
      };
      return k;
    },
  };
}

describe('walk model interface', () => {
  it('no-data cells make their units NaN and are left out of district and city rows', () => {
    const plain = new CoverageEngine(CATS, { cellSize: 50 });
    plain.setUnits(UNITS);
    plain.setFacilities(FACS);
    const base = plain.compute(defaultWalkParams());

    let cutX = NaN;
    const eng = new CoverageEngine(CATS, { cellSize: 50, walkModel: westless(() => cutX) });
    eng.setUnits(UNITS);
    const g = eng.getGrid()!;
    // the line: the boundary between u1 and u2 (a cell edge near 121.44 is not needed: any x inside u1 will do)
    cutX = g.projection.forward(121.43, 31.21)[0];
    eng.setFacilities(FACS);
    const res = eng.compute(defaultWalkParams());
    expect(res.engine.walkModel).toBe('test-westless');
    const S = res.slots.length;
    for (let s = 0; s < S; s++) {
      expect(res.coveredM2[0 * S + s]).toBeNaN(); // u0 wholly west
      expect(res.coveredM2[1 * S + s]).toBeNaN(); // u1 crosses the line
      expect(res.popCovered[1 * S + s]).toBeNaN();
      for (const u of [2, 3]) expect(res.coveredM2[u * S + s]).toBeCloseTo(base.coveredM2[u * S + s], 6);
      // district 310101 (u0, u1) has no data at all; the city counts u2 + u3 only
      const d1 = res.districts.find((d) => d.code === '310101')!;
      expect(d1.noDataM2[s]).toBeCloseTo(res.unitAreaM2[0] + res.unitAreaM2[1], 3);
      expect(d1.coveredM2[s]).toBe(0);
      expect(res.city.noDataM2[s]).toBeCloseTo(res.unitAreaM2[0] + res.unitAreaM2[1], 3);
      expect(res.city.coveredM2[s]).toBeCloseTo(base.coveredM2[2 * S + s] + base.coveredM2[3 * S + s], 3);
      expect(res.city.noDataPop[s]).toBeCloseTo(2000, 6);
    }
    // walking times of no-data units are NaN; others as with plain circles
    expect(res.timeMedian[1 * CATS.length + 0]).toBeNaN();
    expect(res.timeMedian[3 * CATS.length + 0]).toBeCloseTo(base.timeMedian[3 * CATS.length + 0], 5);
    expect(base.city.noDataM2.every((v) => v === 0)).toBe(true);
    // an edit keeps the no-data marks
    eng.upsertFacility({ id: 'f4', lng: 121.405, lat: 31.205, categories: ['a'] });
    expect(eng.getResult()!.coveredM2[0 * S + 0]).toBeNaN();
  });

  it('discs with their own radii (DiscSet.rs) give the exact area of their union (Turf check)', () => {
    // a model whose facility f covers a disc of radius 300 m + 200 m × (index of f): variable radii
    const radius = (i: number) => 300 + 200 * i;
    const varModel: WalkModel = {
      id: 'test-var',
      fromPlace: circleWalkModel.fromPlace,
      kernel(input) {
        const inner = circleWalkModel.kernel(input);
        let xs: Float64Array = new Float64Array(0), ys: Float64Array = new Float64Array(0), rs: Float64Array = new Float64Array(0);
        const g = input.grid;
        return {
          reachM: radius(10),
          get hasFacilities() { return xs.length > 0; },
          setPoints(x, y) { xs = x; ys = y; rs = Float64Array.from(x, (_, i) => radius(i)); inner.setPoints(x, y); },
          blockAffected: () => true,
          discsNear(x, y, r) {
            const ids: number[] = [];
            for (let i = 0; i < xs.length; i++) if (Math.hypot(xs[i] - x, ys[i] - y) < rs[i] + r) ids.push(i);
            return { xs, ys, r: 0, rs, ids };
          },
          covers: (x, y) => { for (let i = 0; i < xs.length; i++) if (Math.hypot(xs[i] - x, ys[i] - y) <= rs[i]) return true; return false; },
          costAt: (x, y) => inner.costAt(x, y),
          minutes: (c) => inner.minutes(c),
          fillBlock(b, out) {
            const hd = g.cellSize * Math.SQRT1_2;
            for (let cell = g.blockStart[b]; cell < g.blockStart[b + 1]; cell++) {
              out.cost[cell] = inner.costAt(g.cellCx[cell], g.cellCy[cell]);
              out.setExact(cell, [this.discsNear(g.cellCx[cell], g.cellCy[cell], hd)]);
            }
          },
        };
      },
    };
    const eng = new CoverageEngine(CATS, { cellSize: 100, walkModel: varModel });
    eng.setUnits(UNITS);
    const facs = FACS.map((f) => ({ ...f, categories: ['a', 'b'] }));
    eng.setFacilities(facs);
    const res = eng.compute(defaultWalkParams());
    const circles = facs.map((f, i) => turf.circle([f.lng, f.lat], radius(i) / 1000, { steps: 512, units: 'kilometers' }));
    const region = turf.union(turf.featureCollection(circles)) as Feature<Polygon | MultiPolygon>;
    const S = res.slots.length;
    UNITS.forEach((u, k) => {
      const inter = turf.intersect(turf.featureCollection([u as Feature<Polygon>, region]));
      const share = inter ? turf.area(inter) / turf.area(u) : 0;
      expect(Math.abs(res.coveredM2[k * S] / res.unitAreaM2[k] - share) * 100).toBeLessThan(0.2);
    });
  }, 60_000);

  it('siting and residents ask the model: where the model has no data nothing counts as reached', () => {
    const model = buildSitingModel(UNITS, { cellSizeM: 100 });
    const params = defaultWalkParams();
    const req = { categories: ['a'], scope: 'city', k: 1, params, facilities: FACS };
    const circle = suggestSites(model, CATS, req);
    // a model that covers nothing: all land lacks the category
    const none: WalkModel = {
      ...circleWalkModel,
      id: 'none',
      kernel(input) {
        const inner = circleWalkModel.kernel(input);
        return Object.assign(Object.create(Object.getPrototypeOf(inner)), inner, {
          discsNear: (x: number, y: number, r: number) => ({ ...inner.discsNear(x, y, r), ids: [] }),
          covers: () => false,
        });
      },
    };
    const bare = suggestSites(model, CATS, req, none);
    expect(bare.uncoveredKm2).toBeCloseTo(bare.scopeKm2, 6);
    expect(circle.uncoveredKm2).toBeLessThan(bare.uncoveredKm2 - 0.5);

    // residents: minutes come from the model (here: twice the circle's)
    const slow: WalkModel = {
      ...circleWalkModel,
      id: 'slow',
      fromPlace: (at, walk) => ({
        minutesTo: (lng, lat, d) => 2 * circleWalkModel.fromPlace(at, walk).minutesTo(lng, lat, d),
        radiusM: (m) => reachRadiusM(m, walk),
      }),
    };
    const facs: Facility[] = FACS.map((f) => ({ ...f, name: f.id, type: 'embedded', status: 'open', district: '310101', source: 't', synthetic: true }));
    const idx = buildFacilityIndex(facs);
    const at = { lng: 121.416, lat: 31.2105 };
    const walk = { speedKmh: 4.5, detour: 1.3 };
    const a = computeResidentReach(idx, at, ['a', 'b'], walk);
    const b = computeResidentReach(idx, at, ['a', 'b'], walk, 15, undefined, slow);
    const f1a = a.within.find((x) => x.facility.id === 'f1')!;
    const f1b = b.within.find((x) => x.facility.id === 'f1')!;
    expect(f1b.minutes).toBeCloseTo(2 * f1a.minutes, 9);
    expect(b.within.every((x) => x.minutes <= 15)).toBe(true);
    expect(b.within.length).toBeLessThanOrEqual(a.within.length);
  });
});
