/** The shipped data: districts, units, categories and the synthetic demo facility set. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Category, DistrictCollection, Facility, UnitCollection } from '../../src/domain/types';
import { SHANGHAI_BBOX } from '../../src/domain/types';
import { createRequire } from 'node:module';
import { decodeEchartsGeo, type EchartsGeoJson } from '../../scripts/lib/echartsDecode';

const require = createRequire(import.meta.url);

const file = (f: string) => readFileSync(resolve(import.meta.dirname, '../../geodata', f), 'utf8');
const csv = (f: string) => {
  const [head, ...rows] = file(f).trim().split(/\r?\n/);
  const cols = head.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], v])));
};
const districts = JSON.parse(file('districts.geojson')) as DistrictCollection;
const units = JSON.parse(file('units.geojson')) as UnitCollection;
const facilities = JSON.parse(file('demo-facilities.json')) as Facility[];
const categories = (JSON.parse(file('categories.json')) as { categories: Category[] }).categories;
const plan = csv('plan-2025-projects.csv');

const inBox = ([lng, lat]: number[]) =>
  lng >= SHANGHAI_BBOX.minLng && lng <= SHANGHAI_BBOX.maxLng && lat >= SHANGHAI_BBOX.minLat && lat <= SHANGHAI_BBOX.maxLat;

describe('districts', () => {
  const expected: [string, string, string][] = [
    ['310101', '黄浦区', 'Huangpu'], ['310104', '徐汇区', 'Xuhui'], ['310105', '长宁区', 'Changning'], ['310106', '静安区', "Jing'an"],
    ['310107', '普陀区', 'Putuo'], ['310109', '虹口区', 'Hongkou'], ['310110', '杨浦区', 'Yangpu'], ['310112', '闵行区', 'Minhang'],
    ['310113', '宝山区', 'Baoshan'], ['310114', '嘉定区', 'Jiading'], ['310115', '浦东新区', 'Pudong'], ['310116', '金山区', 'Jinshan'],
    ['310117', '松江区', 'Songjiang'], ['310118', '青浦区', 'Qingpu'], ['310120', '奉贤区', 'Fengxian'], ['310151', '崇明区', 'Chongming'],
  ];
  it('are the 16 current districts with their codes and names', () => {
    expect(districts.features.map((f) => [f.properties.code, f.properties.name_zh, f.properties.name_en])).toEqual(expected);
  });

  it('carry the 2020 census figures (total 24,870,895)', () => {
    expect(districts.features.reduce((s, f) => s + f.properties.population_2020, 0)).toBe(24_870_895);
    for (const f of districts.features) {
      const p = f.properties;
      expect(p.share_age_0_14 + p.share_age_15_64 + p.share_age_65_plus).toBeCloseTo(1, 2);
    }
  });

  it('have every coordinate inside Shanghai’s WGS84 bounding box', () => {
    for (const f of districts.features) turf.coordEach(f, (c) => expect(inBox(c), `${f.properties.name_zh} ${c}`).toBe(true));
  });

  it('are in WGS84: the inland districts sit ~400–600 m west-north-west of the GCJ-02 source outlines', () => {
    const raw = decodeEchartsGeo(JSON.parse(readFileSync(require.resolve('echarts/map/json/province/shanghai.json'), 'utf8')) as EchartsGeoJson);
    for (const name of ['徐汇区', '普陀区', '松江区', '长宁区']) {
      const gcj = turf.centerOfMass(turf.feature(raw.features.find((f) => f.properties.name === name)!.geometry)).geometry.coordinates;
      const wgs = turf.centerOfMass(districts.features.find((f) => f.properties.name_zh === name)!).geometry.coordinates;
      const shift = turf.distance(gcj, wgs, { units: 'meters' });
      expect(shift, name).toBeGreaterThan(400);
      expect(shift, name).toBeLessThan(600);
      expect(wgs[0]).toBeLessThan(gcj[0]); // WGS84 is west of GCJ-02 in Shanghai
      expect(wgs[1]).toBeGreaterThan(gcj[1]); // and north of it
    }
  });

  // Official land areas: 上海统计年鉴 (geodata/district-areas.csv). Pudong's 1,210.41 km² is the 2009
  // sum of old Pudong (522.75) and Nanhui (687.66); Chongming's 1,185.49 km² is likewise older than
  // the reclaimed land (南汇东滩, 崇明东滩/北湖) that Natural Earth's coastline includes. Those two are
  // held to 15 % and must be larger than the official figure; every other district to 10 %.
  const RECLAIMED = new Set(['310115', '310151']);
  it.each(districts.features.map((f) => [f.properties.name_zh, f] as const))('%s: land area within 10 % of the official figure', (_n, f) => {
    const area = turf.area(f) / 1e6;
    const rel = (area - f.properties.official_area_km2) / f.properties.official_area_km2;
    if (RECLAIMED.has(f.properties.code)) {
      expect(rel).toBeGreaterThan(0);
      expect(rel).toBeLessThan(0.15);
    } else expect(Math.abs(rel)).toBeLessThan(0.1);
    expect(f.properties.land_area_km2).toBeCloseTo(area, 0);
  });
});

describe('planning units', () => {
  it('are ~3 km² hexagon pieces with unique stable ids and a real district code', () => {
    const codes = new Set(districts.features.map((f) => f.properties.code));
    const ids = new Set<string>();
    for (const u of units.features) {
      const p = u.properties;
      expect(codes.has(p.district)).toBe(true);
      expect(p.id.startsWith(`${p.district}-`)).toBe(true);
      expect(ids.has(p.id)).toBe(false);
      ids.add(p.id);
      expect(p.area_km2).toBeGreaterThan(0);
      expect(p.area_km2).toBeLessThan(3.05); // the grid plane is equirectangular at 31.23°N: geodesic cell areas differ from 3 km² by up to ~1 %
    }
    const full = units.features.filter((u) => u.properties.area_km2 > 2.99).length;
    expect(full / units.features.length).toBeGreaterThan(0.6);
  });

  it('cover the district land and nothing else (areas add up)', () => {
    for (const d of districts.features) {
      const sum = units.features.filter((u) => u.properties.district === d.properties.code).reduce((s, u) => s + u.properties.area_km2, 0);
      expect(Math.abs(sum - d.properties.land_area_km2) / d.properties.land_area_km2).toBeLessThan(0.005);
    }
  });

  it('spread each district’s 2020 population over its land', () => {
    for (const d of districts.features) {
      const pop = units.features.filter((u) => u.properties.district === d.properties.code).reduce((s, u) => s + u.properties.pop_est, 0);
      expect(Math.abs(pop - d.properties.population_2020) / d.properties.population_2020).toBeLessThan(0.01);
    }
  });

  it('have every coordinate inside Shanghai’s bounding box', () => {
    let n = 0;
    turf.coordEach(units, (c) => {
      n++;
      if (!inBox(c)) throw new Error(`outside: ${c}`);
    });
    expect(n).toBeGreaterThan(10_000);
  });
});

describe('demo facilities (synthetic)', () => {
  it('are all marked synthetic with a source, inside Shanghai, with known categories', () => {
    const ids = new Set(categories.map((c) => c.id));
    for (const f of facilities) {
      expect(f.synthetic).toBe(true);
      expect(f.source).toMatch(/synthetic/);
      expect(inBox([f.lng, f.lat])).toBe(true);
      expect(f.categories.length).toBeGreaterThan(0);
      for (const c of f.categories) expect(ids.has(c)).toBe(true);
    }
    expect(new Set(facilities.map((f) => f.id)).size).toBe(facilities.length);
  });

  it('have exactly the 人民坊 and 六艺亭 of the 2025 plan per district, "done" ones open and the rest building', () => {
    for (const row of plan) {
      const here = facilities.filter((f) => f.district === row.district_code);
      for (const [type, total, done] of [
        ['renminfang', row.renminfang_total, row.renminfang_done_2025],
        ['liuyiting', row.liuyiting_total, row.liuyiting_done_2025],
      ] as const) {
        const ofType = here.filter((f) => f.type === type);
        expect(ofType.length, `${row.district} ${type}`).toBe(Number(total));
        expect(ofType.filter((f) => f.status === 'open').length).toBe(Number(done));
        expect(ofType.filter((f) => f.status === 'building').length).toBe(Number(total) - Number(done));
      }
    }
    expect(facilities.filter((f) => f.type === 'renminfang').length).toBe(71);
    expect(facilities.filter((f) => f.type === 'liuyiting').length).toBe(38);
  });

  it('lie inside their own district', () => {
    const byCode = new Map(districts.features.map((d) => [d.properties.code, d]));
    for (const f of facilities) expect(turf.booleanPointInPolygon([f.lng, f.lat], byCode.get(f.district)!), f.id).toBe(true);
  });

  it('number thousands of embedded facilities across all categories, denser in the central districts', () => {
    const embedded = facilities.filter((f) => f.type === 'embedded');
    expect(embedded.length).toBeGreaterThan(2000);
    // the generator draws the ten service categories of 社区嵌入式服务设施 + 十全十美; schools, markets,
    // transit and parks come from OpenStreetMap (geodata/osm-services.json), never from the demo set
    const TEN = ['party', 'elderly', 'childcare', 'meals', 'household', 'health', 'sports', 'culture', 'children', 'employment'];
    for (const c of TEN) expect(embedded.some((f) => f.categories.includes(c)), c).toBe(true);
    const osmOnly = categories.map((c) => c.id).filter((id) => !TEN.includes(id));
    expect(osmOnly).toEqual(['primary', 'middle', 'market', 'bus', 'metro', 'park']);
    expect(facilities.filter((f) => f.categories.some((c) => osmOnly.includes(c))).map((f) => f.id)).toEqual([]);
    const density = (code: string) => embedded.filter((f) => f.district === code).length / districts.features.find((d) => d.properties.code === code)!.properties.land_area_km2;
    expect(density('310106')).toBeGreaterThan(5 * density('310151')); // 静安 vs 崇明
  });
});

describe('categories', () => {
  it('are unique, with both names, a colour, minutes of 5/10/15 and a standard', () => {
    expect(new Set(categories.map((c) => c.id)).size).toBe(categories.length);
    for (const c of categories) {
      expect(c.zh && c.en && c.standard).toBeTruthy();
      expect(c.color).toMatch(/^#[0-9a-f]{6}$/i);
      expect([5, 10, 15]).toContain(c.minutes);
      expect(c.standardRadiusM).toBeGreaterThanOrEqual(300);
    }
  });
});
