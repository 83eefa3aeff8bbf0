import { describe, expect, it } from 'vitest';
import { distance, point, booleanPointInPolygon } from '@turf/turf';
import type { Facility, FacilityStatus, FacilityType } from '../../src/domain/types';
import {
  bandForMinutes,
  buildFacilityIndex,
  completenessFromNearest,
  computeResidentReach,
  facilitiesWithinMinutes,
  nearestByCategory,
} from '../../src/geo/reach';
import { reachRadiusM, walkMinutes as walkMinutesForDistance, type WalkSpeed as WalkParams } from '../../src/domain/walk';
import { reachRings } from '../../src/geo/reachRings';
import { mulberry32 as rng } from '../../src/domain/prng';

const ADULT: WalkParams = { speedKmh: 4.5, detour: 1.3 };
const ELDERLY: WalkParams = { speedKmh: 3.2, detour: 1.3 };
const CATS = ['party', 'elderly', 'childcare', 'meals', 'household', 'health', 'sports', 'culture', 'children', 'employment'];


function fac(id: string, lng: number, lat: number, categories: string[], status: FacilityStatus = 'open', type: FacilityType = 'embedded', name = id): Facility {
  return { id, name, type, categories, status, district: '310107', lng, lat, source: 'test', synthetic: true };
}

function randomFacilities(n: number, seed: number, centre: [number, number], spanDeg: number): Facility[] {
  const r = rng(seed);
  const statuses: FacilityStatus[] = ['open', 'open', 'open', 'building', 'planned'];
  return Array.from({ length: n }, (_, i) => {
    const k = 1 + Math.floor(r() * 3);
    const cats = Array.from({ length: k }, () => CATS[Math.floor(r() * CATS.length)]);
    return fac(`f${i}`, centre[0] + (r() - 0.5) * spanDeg, centre[1] + (r() - 0.5) * spanDeg, cats, statuses[Math.floor(r() * statuses.length)]);
  });
}

/** independent walking minutes: turf geodesic metres × 1.3 ÷ (speed in m/min) */
function oracleMinutes(at: [number, number], f: Facility, walk: WalkParams): number {
  const m = distance(point(at), point([f.lng, f.lat]), { units: 'meters' });
  return (m * walk.detour) / (walk.speedKmh * 1000 / 60);
}

describe('walk arithmetic', () => {
  it('15 minutes at 4.5 km/h with detour 1.3 is about 865 m straight-line', () => {
    expect(reachRadiusM(15, ADULT)).toBeCloseTo((4500 / 60) * 15 / 1.3, 6);
    expect(reachRadiusM(15, ADULT)).toBeGreaterThan(864);
    expect(reachRadiusM(15, ADULT)).toBeLessThan(866);
  });
  it('elderly radius is smaller and their minutes larger for the same distance', () => {
    expect(reachRadiusM(15, ELDERLY)).toBeCloseTo(615.38, 1);
    expect(walkMinutesForDistance(500, ELDERLY)).toBeGreaterThan(walkMinutesForDistance(500, ADULT));
    expect(walkMinutesForDistance(500, ADULT)).toBeCloseTo((500 * 1.3) / 75, 9);
  });
  it('bands', () => {
    expect(bandForMinutes(0)).toBe(5);
    expect(bandForMinutes(5)).toBe(5);
    expect(bandForMinutes(5.01)).toBe(10);
    expect(bandForMinutes(15)).toBe(15);
    expect(bandForMinutes(15.01)).toBeNull();
  });
});

describe('facilitiesWithinMinutes against brute-force turf.distance', () => {
  const facilities = randomFacilities(3000, 42, [121.45, 31.23], 0.12);
  const index = buildFacilityIndex(facilities);
  const r = rng(7);
  const queries: [number, number][] = Array.from({ length: 40 }, () => [121.45 + (r() - 0.5) * 0.1, 31.23 + (r() - 0.5) * 0.1]);

  for (const walk of [ADULT, ELDERLY]) {
    it(`returns exactly the facilities within 15 min (${walk.speedKmh} km/h), sorted by time`, () => {
      let total = 0;
      for (const q of queries) {
        const got = facilitiesWithinMinutes(index, { lng: q[0], lat: q[1] }, 15, walk);
        const expected = facilities
          .map((f) => ({ id: f.id, min: oracleMinutes(q, f, walk) }))
          .filter((x) => x.min <= 15)
          .sort((a, b) => a.min - b.min);
        total += expected.length;
        expect(new Set(got.map((g) => g.facility.id))).toEqual(new Set(expected.map((e) => e.id)));
        for (let i = 1; i < got.length; i++) expect(got[i].minutes).toBeGreaterThanOrEqual(got[i - 1].minutes);
        for (const g of got) {
          expect(g.minutes).toBeCloseTo(oracleMinutes(q, g.facility, walk), 6);
          expect(g.distanceM).toBeCloseTo(distance(point(q), point([g.facility.lng, g.facility.lat]), { units: 'meters' }), 3);
        }
      }
      expect(total).toBeGreaterThan(100); // the fixture is dense enough for the check to mean something
    });
  }

  it('elderly reach is a subset of adult reach and walking times grow', () => {
    const at = { lng: 121.45, lat: 31.23 };
    const adult = facilitiesWithinMinutes(index, at, 15, ADULT);
    const elderly = facilitiesWithinMinutes(index, at, 15, ELDERLY);
    expect(elderly.length).toBeLessThan(adult.length);
    const adultIds = new Map(adult.map((a) => [a.facility.id, a.minutes]));
    for (const e of elderly) {
      expect(adultIds.has(e.facility.id)).toBe(true);
      expect(e.minutes).toBeGreaterThan(adultIds.get(e.facility.id)!);
    }
  });
});

describe('nearestByCategory against brute force', () => {
  const facilities = randomFacilities(2000, 99, [121.5, 31.2], 0.4);
  const index = buildFacilityIndex(facilities);
  const r = rng(3);
  it('finds the nearest open facility per category at any distance, and a nearer upcoming one', () => {
    for (let n = 0; n < 30; n++) {
      const q: [number, number] = [121.5 + (r() - 0.5) * 0.5, 31.2 + (r() - 0.5) * 0.5];
      const got = nearestByCategory(index, { lng: q[0], lat: q[1] }, CATS, ADULT);
      for (const g of got) {
        const dist = (f: Facility) => distance(point(q), point([f.lng, f.lat]), { units: 'meters' });
        const openOnes = facilities.filter((f) => f.status === 'open' && f.categories.includes(g.categoryId));
        const bestOpen = Math.min(...openOnes.map(dist));
        expect(g.open).not.toBeNull();
        expect(g.open!.distanceM).toBeCloseTo(bestOpen, 3);
        expect(g.open!.facility.categories).toContain(g.categoryId);
        const upOnes = facilities.filter((f) => f.status !== 'open' && f.categories.includes(g.categoryId));
        const bestUp = Math.min(...upOnes.map(dist));
        if (bestUp < bestOpen) expect(g.upcoming!.distanceM).toBeCloseTo(bestUp, 3);
        else expect(g.upcoming).toBeNull();
      }
    }
  });

  it('reports null for a category nobody offers', () => {
    const got = nearestByCategory(index, { lng: 121.5, lat: 31.2 }, ['nonexistent'], ADULT);
    expect(got).toEqual([{ categoryId: 'nonexistent', open: null, upcoming: null }]);
  });
});

describe('ranking and completeness on a hand-made fixture', () => {
  // place at (121.40, 31.24); 0.001° latitude ≈ 111.2 m
  const at = { lng: 121.4, lat: 31.24 };
  const facilities: Facility[] = [
    fac('far-health', 121.4, 31.26, ['health']), // ≈ 2224 m, beyond 15 min
    fac('b-meals', 121.4, 31.243, ['meals'], 'open', 'liuyiting', '乙'), // ≈ 334 m
    fac('a-meals', 121.4, 31.237, ['meals'], 'open', 'liuyiting', '甲'), // same distance south
    fac('planned-child', 121.4, 31.2405, ['childcare'], 'planned'), // ≈ 56 m but planned
    fac('hub', 121.4, 31.2445, ['party', 'elderly', 'culture'], 'open', 'renminfang'), // ≈ 500 m
    fac('bad', Number.NaN, 31.24, ['sports']),
  ];
  const index = buildFacilityIndex(facilities);

  it('sorts by walking time, breaking exact ties deterministically, and skips unusable coordinates', () => {
    const got = facilitiesWithinMinutes(index, at, 15, ADULT);
    const ids = got.map((g) => g.facility.id);
    expect(ids).toHaveLength(4);
    expect(ids[0]).toBe('planned-child');
    expect(ids.slice(1, 3).sort()).toEqual(['a-meals', 'b-meals']);
    expect(ids[3]).toBe('hub');
    expect(got[0].band).toBe(5);
    expect(got[3].band).toBe(10); // 500 m × 1.3 / 75 m/min ≈ 8.7 min
  });

  it('counts only open facilities as reachable, lists planned ones separately', () => {
    const res = computeResidentReach(index, at, ['party', 'elderly', 'childcare', 'meals', 'health', 'sports'], ADULT);
    expect(res.completeness.reachable.sort()).toEqual(['elderly', 'meals', 'party']);
    expect(res.completeness.missing.sort()).toEqual(['childcare', 'health', 'sports']);
    expect(res.completeness.upcoming).toEqual(['childcare']);
    const health = res.nearest.find((n) => n.categoryId === 'health')!;
    expect(health.open!.facility.id).toBe('far-health');
    expect(health.open!.minutes).toBeGreaterThan(15);
    expect(res.radiiM[15]).toBeCloseTo(reachRadiusM(15, ADULT), 9);
  });

  it('elderly persona: the hub drops out of 10 min but remains within 15', () => {
    const res = computeResidentReach(index, at, ['party'], ELDERLY);
    const hub = res.within.find((w) => w.facility.id === 'hub')!;
    expect(hub.minutes).toBeCloseTo((hub.distanceM * 1.3) / (3200 / 60), 9);
    expect(hub.band).toBe(15);
  });

  it('completeness against each category\'s own target minutes', () => {
    const nearest = nearestByCategory(index, at, ['meals', 'health'], ADULT);
    // meals ≈ 5.8 min, health further: a 5-minute target for meals fails it, 40 for health passes
    const c = completenessFromNearest(nearest, 15, { meals: 5, health: 40 });
    expect(c.reachable).toEqual(['health']);
    expect(c.missing).toEqual(['meals']);
    expect(c.targets).toEqual({ meals: 5, health: 40 });
    expect(c.minutes).toBe(40);
    expect(completenessFromNearest(nearest, 15, { meals: 6, health: 40 }).reachable).toEqual(['meals', 'health']);
  });

  it('completeness with a threshold', () => {
    const nearest = nearestByCategory(index, at, ['meals', 'health'], ADULT);
    expect(completenessFromNearest(nearest, 5).reachable).toEqual([]); // 334 m ≈ 5.8 min
    expect(completenessFromNearest(nearest, 6).reachable).toEqual(['meals']);
    expect(completenessFromNearest(nearest, 40).reachable).toEqual(['meals', 'health']);
  });

  it('empty facility list gives empty answers', () => {
    const empty = buildFacilityIndex([]);
    expect(facilitiesWithinMinutes(empty, at, 15, ADULT)).toEqual([]);
    expect(computeResidentReach(empty, at, ['meals'], ADULT).completeness).toEqual({ minutes: 15, targets: null, total: 1, reachable: [], missing: ['meals'], upcoming: [] });
  });
});

describe('reach rings', () => {
  it('draws three geodesic circles whose vertices lie at the reach radius', () => {
    const at = { lng: 121.47, lat: 31.23 };
    const fc = reachRings(at, ADULT);
    expect(fc.features.map((f) => f.properties.minutes)).toEqual([15, 10, 5]);
    for (const f of fc.features) {
      for (const v of f.geometry.coordinates[0]) {
        expect(distance(point([at.lng, at.lat]), point(v), { units: 'meters' })).toBeCloseTo(f.properties.radiusM, 0);
      }
    }
    // a facility within 15 min lies inside the 15-min ring
    const inside = point([at.lng, at.lat + 0.007]); // ≈ 778 m
    expect(booleanPointInPolygon(inside, fc.features[0])).toBe(true);
    expect(booleanPointInPolygon(inside, fc.features[1])).toBe(false);
  });
});

describe('districtAt on the shipped district outlines', () => {
  it('finds the district of a point and none at sea or outside Shanghai', async () => {
    const { readFileSync } = await import('node:fs');
    const { districtAt } = await import('../../src/geo/reachPlace');
    const districts = JSON.parse(readFileSync('geodata/districts.geojson', 'utf8')) as import('../../src/domain/types').DistrictCollection;
    expect(districtAt({ lng: 121.4458, lat: 31.2286 }, districts.features)?.properties.name_zh).toBe('静安区'); // 静安寺
    expect(districtAt({ lng: 121.4106, lat: 31.2453 }, districts.features)?.properties.name_zh).toBe('普陀区'); // 曹杨新村
    expect(districtAt({ lng: 121.4998, lat: 31.2397 }, districts.features)?.properties.name_zh).toBe('浦东新区'); // 陆家嘴
    expect(districtAt({ lng: 122.1, lat: 31.0 }, districts.features)).toBeNull(); // East China Sea
    expect(districtAt({ lng: 116.4, lat: 39.9 }, districts.features)).toBeNull(); // Beijing
  });
});
