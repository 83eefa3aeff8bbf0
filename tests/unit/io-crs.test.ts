import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { detectCrsByReferences, detectCrsByRegions, distanceM, fromWgs84, toWgs84, type Region } from '../../src/io/crs';
import type { Crs } from '../../src/io/importTypes';
import { mulberry32 as rng } from '../../src/domain/prng';


/** Equirectangular metres east/north between two nearby points (independent of the code under test). */
function enu(fromLng: number, fromLat: number, toLng: number, toLat: number): [number, number] {
  const m = (Math.PI / 180) * 6_371_008.8;
  return [(toLng - fromLng) * m * Math.cos((fromLat * Math.PI) / 180), (toLat - fromLat) * m];
}

const SAMPLE_POINTS: [number, number][] = [
  [121.4737, 31.2304], // People's Square
  [121.2, 31.0], // Songjiang
  [121.9, 30.9], // Lingang
  [121.4, 31.6], // Chongming south
  [121.25, 31.38], // Jiading
];

describe('coordinate systems (checked against published offsets: GCJ-02 about 0.5 km off in Shanghai)', () => {
  it('GCJ-02 is about 470-500 m off in Shanghai: about 430 m east and 200-260 m south', () => {
    for (const [lng, lat] of SAMPLE_POINTS) {
      const [gLng, gLat] = fromWgs84(lng, lat, 'gcj02');
      const [east, north] = enu(lng, lat, gLng, gLat);
      expect(east).toBeGreaterThan(380);
      expect(east).toBeLessThan(480);
      expect(-north).toBeGreaterThan(150);
      expect(-north).toBeLessThan(300);
      expect(Math.hypot(east, north)).toBeGreaterThan(430);
      expect(Math.hypot(east, north)).toBeLessThan(530);
    }
  });

  it('BD-09 is about 1.1 km off', () => {
    for (const [lng, lat] of SAMPLE_POINTS) {
      const [bLng, bLat] = fromWgs84(lng, lat, 'bd09');
      const d = Math.hypot(...enu(lng, lat, bLng, bLat));
      expect(d).toBeGreaterThan(900);
      expect(d).toBeLessThan(1300);
    }
  });

  it('converting back to WGS84 lands within 1 m', () => {
    for (const crs of ['gcj02', 'bd09'] as Crs[])
      for (const [lng, lat] of SAMPLE_POINTS) {
        const [x, y] = fromWgs84(lng, lat, crs);
        const [bx, by] = toWgs84(x, y, crs);
        expect(Math.hypot(...enu(lng, lat, bx, by))).toBeLessThan(1);
      }
  });

  it('haversine distance matches the equirectangular estimate over short distances', () => {
    const d = distanceM(121.47, 31.23, 121.48, 31.235);
    expect(d).toBeCloseTo(Math.hypot(...enu(121.47, 31.23, 121.48, 31.235)), -1);
  });
});

function randomPoints(n: number, seed: number) {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => ({ name: `设施${i}`, lng: 121.2 + r() * 0.6, lat: 30.95 + r() * 0.5 }));
}

describe('offset detection by name-matched references', () => {
  const refs = randomPoints(40, 1);
  for (const crs of ['gcj02', 'bd09'] as Crs[]) {
    it(`suggests ${crs} for points shifted into ${crs}`, () => {
      const shifted = refs.map((p) => {
        const [lng, lat] = fromWgs84(p.lng, p.lat, crs);
        return { name: p.name, lng, lat };
      });
      const d = detectCrsByReferences(shifted, refs, 'wgs84');
      expect(d.suggestion?.crs).toBe(crs);
      expect(d.suggestion?.method).toBe('reference-match');
      expect(d.suggestion?.medianOffsetM?.[crs]).toBeLessThan(1);
      expect(d.suggestion?.medianOffsetM?.wgs84).toBeGreaterThan(400);
      expect(d.sample).toBe(40);
    });
  }

  it('says nothing when the points already sit on their references', () => {
    const jitter = rng(2);
    const same = refs.map((p) => ({ name: p.name, lng: p.lng + (jitter() - 0.5) * 1e-4, lat: p.lat + (jitter() - 0.5) * 1e-4 }));
    expect(detectCrsByReferences(same, refs, 'wgs84').suggestion).toBeNull();
  });

  it('says nothing when names do not match (no evidence)', () => {
    const other = refs.map((p, i) => ({ ...p, name: `other${i}` }));
    expect(detectCrsByReferences(other, refs, 'wgs84')).toEqual({ suggestion: null, sample: 0 });
  });

  it('suggests WGS84 when the user picked GCJ-02 for WGS84 points', () => {
    const d = detectCrsByReferences(refs, refs, 'gcj02');
    expect(d.suggestion?.crs).toBe('wgs84');
  });
});

describe('offset detection by named regions', () => {
  // a 12 × 10 grid of 0.05° squares (about 4.8 × 5.6 km), like districts or 街镇
  const regions: Region[] = [];
  for (let i = 0; i < 12; i++)
    for (let j = 0; j < 10; j++) {
      const x = 121.2 + i * 0.05;
      const y = 30.95 + j * 0.05;
      const geometry: Polygon = { type: 'Polygon', coordinates: [[[x, y], [x + 0.05, y], [x + 0.05, y + 0.05], [x, y + 0.05], [x, y]]] };
      regions.push({ keys: [`R${i}-${j}`], geometry, bbox: [x, y, x + 0.05, y + 0.05] });
    }
  const keyOf = (lng: number, lat: number) => `R${Math.floor((lng - 121.2) / 0.05)}-${Math.floor((lat - 30.95) / 0.05)}`;
  const truth = randomPoints(600, 3).map((p) => ({ ...p, keys: [keyOf(p.lng, p.lat)] }));

  it('suggests GCJ-02 for GCJ-02 points that name their region', () => {
    const pts = truth.map((p) => {
      const [lng, lat] = fromWgs84(p.lng, p.lat, 'gcj02');
      return { lng, lat, keys: p.keys };
    });
    const d = detectCrsByRegions(pts, regions, 'wgs84');
    expect(d.suggestion?.crs).toBe('gcj02');
    expect(d.suggestion?.agreement?.gcj02).toBe(1);
    expect(d.suggestion?.agreement?.wgs84).toBeLessThan(0.97);
  });

  it('does not suggest anything for correct WGS84 points', () => {
    expect(detectCrsByRegions(truth, regions, 'wgs84').suggestion).toBeNull();
  });

  it('is not fooled by a few mislabelled rows', () => {
    const noisy = truth.map((p, i) => (i % 50 === 0 ? { ...p, keys: ['R0-0'] } : p));
    expect(detectCrsByRegions(noisy, regions, 'wgs84').suggestion).toBeNull();
  });
});

describe('offset detection against the shipped district outlines', async () => {
  const { readFileSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  const { geometryBbox } = await import('../../src/io/crs');
  const root = resolve(__dirname, '../..');
  const districts = JSON.parse(readFileSync(resolve(root, 'geodata/districts.geojson'), 'utf8')) as import('../../src/domain/types').DistrictCollection;
  const facilities = (JSON.parse(readFileSync(resolve(root, 'geodata/demo-facilities.json'), 'utf8')) as import('../../src/domain/types').Facility[]).slice(0, 400);
  const regions: Region[] = districts.features.map((f) => ({ keys: [f.properties.code], geometry: f.geometry, bbox: geometryBbox(f.geometry) }));
  const shifted = (crs: Crs) =>
    facilities.map((f) => {
      const [lng, lat] = fromWgs84(f.lng, f.lat, crs);
      return { lng, lat, keys: [f.district] };
    });
  it('400 rows naming their district: GCJ-02 and BD-09 are recognised, WGS84 is left alone', () => {
    expect(detectCrsByRegions(shifted('wgs84'), regions, 'wgs84').suggestion).toBeNull();
    expect(detectCrsByRegions(shifted('gcj02'), regions, 'wgs84').suggestion?.crs).toBe('gcj02');
    expect(detectCrsByRegions(shifted('bd09'), regions, 'wgs84').suggestion?.crs).toBe('bd09');
    expect(detectCrsByRegions(shifted('gcj02'), regions, 'gcj02').suggestion).toBeNull();
  });
});
