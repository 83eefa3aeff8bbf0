/** OpenStreetMap services: the crosswalk rules and the shipped layer built from the OSM extract. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { FeatureCollection, Point } from 'geojson';
import { compileCrosswalk, type Crosswalk, type OsmTags } from '../../src/domain/osmCrosswalk';
import { osmFacilities, type OsmServicesFile } from '../../src/data/osmServices';
import type { Category, DistrictCollection } from '../../src/domain/types';

const file = (f: string) => readFileSync(resolve(import.meta.dirname, '../../geodata', f), 'utf8');
const crosswalk = JSON.parse(file('osm-crosswalk.json')) as Crosswalk;
const categories = (JSON.parse(file('categories.json')) as { categories: Category[] }).categories;
const osm = JSON.parse(file('osm-services.json')) as OsmServicesFile;
const districts = JSON.parse(file('districts.geojson')) as DistrictCollection;
const match = compileCrosswalk(crosswalk);

describe('crosswalk OSM tags → categories', () => {
  const cases: [OsmTags, string | null, string[], 'exact' | 'proxy' | undefined][] = [
    [{ amenity: 'kindergarten', name: '徐汇区第一幼儿园' }, 'kindergarten', ['childcare'], 'proxy'],
    [{ amenity: 'school', name: '徐汇区建襄小学' }, 'school-primary', ['primary'], 'exact'],
    [{ amenity: 'school', name: '上海市南洋模范初级中学' }, 'school-middle', ['middle'], 'exact'],
    [{ amenity: 'school', name: '上海市位育中学' }, 'school-middle', ['middle'], 'exact'],
    [{ amenity: 'school', name: '上海市松江一中' }, 'school-middle', ['middle'], 'exact'],
    [{ amenity: 'school', name: '奉城高中' }, 'school-senior', [], 'exact'],
    [{ amenity: 'school', name: '上海市民办华育中学(九年一贯制)' }, 'school-through', ['primary', 'middle'], 'exact'],
    [{ amenity: 'school', name: '上海电力工业学校' }, 'school-other-named', ['primary', 'middle'], 'proxy'],
    [{ amenity: 'school', name: '上海市城市建设工程学校技术部' }, 'school-higher', [], 'exact'],
    [{ amenity: 'school' }, 'school-unnamed', ['primary', 'middle'], 'proxy'],
    [{ amenity: 'marketplace', name: '徐经菜市场' }, 'market-fresh', ['market'], 'exact'],
    [{ amenity: 'marketplace', name: '家兴建材市场' }, 'market-other-trade', [], 'exact'],
    [{ shop: 'supermarket', name: '联华' }, 'supermarket', ['market'], 'proxy'],
    [{ amenity: 'hospital', name: '莘庄社区卫生服务中心' }, 'hospital-community', ['health'], 'exact'],
    [{ amenity: 'hospital', name: '市东医院' }, 'hospital', ['health'], 'proxy'],
    [{ amenity: 'clinic', name: '芙艾美容' }, 'clinic-cosmetic', [], 'exact'],
    [{ healthcare: 'vaccination_centre' }, 'healthcare-care', ['health'], 'proxy'],
    [{ railway: 'station', name: '徐家汇' }, 'metro', ['metro'], 'exact'],
    [{ highway: 'bus_stop', name: '延安西路镇宁路' }, 'bus-stop', ['bus'], 'exact'],
    [{ leisure: 'pitch' }, 'sports-ground', ['sports'], 'exact'],
    [{ leisure: 'park', name: '徐家汇公园' }, 'park', ['park'], 'exact'],
    [{ amenity: 'atm' }, 'atm', [], 'exact'],
    [{ amenity: 'fuel' }, null, [], undefined],
    [{ 'name:zh': '某某小学', amenity: 'school' }, 'school-primary', ['primary'], 'exact'],
  ];
  it.each(cases)('%o → %s', (tags, id, cats, fit) => {
    const r = match(tags);
    expect(r?.id ?? null).toBe(id);
    if (r) {
      expect(r.categories).toEqual(cats);
      expect(r.fit).toBe(fit);
    }
  });

  it('every rule names known categories, a fit and a note; a bad pattern is reported with its rule', () => {
    const ids = new Set(categories.map((c) => c.id));
    for (const r of crosswalk.rules) {
      for (const c of r.categories) expect(ids.has(c), `${r.id}: ${c}`).toBe(true);
      expect(['exact', 'proxy']).toContain(r.fit);
      expect(r.note.length).toBeGreaterThan(5);
    }
    expect(() => compileCrosswalk({ note: '', rules: [{ id: 'broken', tags: { amenity: 'x' }, name: '(', categories: [], fit: 'exact', note: '' }] })).toThrow(/broken/);
  });
});

describe('shipped OSM layer (geodata/osm-services.json)', () => {
  const pois = JSON.parse(file('sources/shanghai-osm-service-pois-2026-05-19.geojson')) as FeatureCollection<Point, OsmTags>;
  const stopLines = file('sources/shanghai-osm-bus-stops-2026-05-19.csv').trim().split(/\r?\n/).slice(1);

  it('holds exactly the source points the crosswalk maps to a category (source re-read here, not the build code)', () => {
    const expected = new Set<string>();
    for (const f of pois.features) {
      const r = match(f.properties);
      if (r?.categories.length) expected.add(`${String(f.properties.osm_type)[0]}${f.properties.osm_id}`);
    }
    for (const l of stopLines) {
      const [type, id] = l.split(',');
      expected.add(`${type[0]}${id}`);
    }
    expect(stopLines.length).toBe(29_236);
    const got = osm.rows.map((r) => r[0]);
    expect(new Set(got).size).toBe(got.length);
    expect(new Set(got)).toEqual(expected);
  });

  it('says what it is: ODbL, WGS84, what was not extracted', () => {
    expect(osm.licence).toMatch(/ODbL/);
    expect(osm.licence).toMatch(/OpenStreetMap contributors/);
    expect(osm.crs).toMatch(/4326/);
    expect(osm.notExtracted.join(' ')).toMatch(/pharmacy.*community_centre.*nursing.*library/);
  });

  it('gives every point a district: its own, or the nearest for the few just outside the coarse outlines', () => {
    const polys = districts.features;
    const outside: [string, string, number, number][] = [];
    let servicePointsOutside = 0;
    const boxes = polys.map((d) => [d, turf.bbox(d)] as const);
    for (const [id, , lng, lat, code] of osm.rows) {
      const inside = boxes.find(([d, b]) => lng >= b[0] && lng <= b[2] && lat >= b[1] && lat <= b[3] && turf.booleanPointInPolygon([lng, lat], d))?.[0];
      if (inside) expect(code, id).toBe(inside.properties.code);
      else {
        outside.push([id, code, lng, lat]);
        if (!id.startsWith('n') || osm.rules[osm.rows.find((r) => r[0] === id)![5]].id !== 'bus-stop') servicePointsOutside++;
      }
    }
    // the extract's README counted 75 service points outside the app's district outlines
    expect(servicePointsOutside).toBe(75);
    // 75 service points of the extract lie just outside (shores, river banks), plus bus stops on the shore and off it
    expect(outside.length).toBeGreaterThan(75);
    expect(outside.length).toBeLessThan(400);
    for (const [id, code, lng, lat] of outside) {
      // independent: turf's polygon distance (not the line distances the build uses)
      const dist = polys.map((d) => [d.properties.code, Math.abs(turf.pointToPolygonDistance([lng, lat], d, { units: 'meters' }))] as const);
      const nearest = dist.reduce((a, b) => (b[1] < a[1] ? b : a));
      expect(code, id).toBe(nearest[0]);
    }
  }, 120_000);

  it('decodes into open, real (not synthetic) service facilities with their OSM tag and fit', () => {
    const fs = osmFacilities(osm);
    expect(fs.length).toBe(osm.rows.length);
    const station = fs.find((f) => f.id === 'osm-n471013952')!;
    expect(station).toMatchObject({ name: '徐家汇', type: 'service', categories: ['metro'], status: 'open', synthetic: false, district: '310104' });
    expect(station.osm).toMatchObject({ tag: 'railway=station', fit: 'exact', named: true });
    expect(station.source).toMatch(/OpenStreetMap 2026-05-19/);
    const kg = fs.filter((f) => f.osm?.rule === 'kindergarten');
    expect(kg.length).toBeGreaterThan(800);
    for (const f of kg) expect(f.osm?.fit).toBe('proxy');
    for (const f of fs) expect(f.name.length).toBeGreaterThan(0);
  });
});
