/** Searching real places: the shipped gazetteer of named OpenStreetMap places (geodata/place-names.json). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSearchIndex, mergeHits, searchPlaces, type SearchIndex } from '../../src/geo/search';
import { districtPlaces, gazetteerPlaces, type PlaceNamesFile } from '../../src/geo/searchPlaces';
import type { DistrictCollection } from '../../src/domain/types';

const file = (f: string) => readFileSync(resolve(import.meta.dirname, '../../geodata', f), 'utf8');
const names = JSON.parse(file('place-names.json')) as PlaceNamesFile;
const districts = JSON.parse(file('districts.geojson')) as DistrictCollection;
let index: SearchIndex;
const local = buildSearchIndex(districtPlaces(districts.features));
const top = (q: string, n = 5) => mergeHits(searchPlaces(local, q, n), searchPlaces(index, q, n), n).map((h) => `${h.entry.kind}:${h.entry.label}`);

beforeAll(() => {
  index = buildSearchIndex(gazetteerPlaces(names));
}, 120_000);

describe('gazetteer search', () => {
  it('holds metro stations, bus stops and named services, merged per name within 600 m, with ODbL', () => {
    const kinds = new Set(names.rows.map((r) => r[1]));
    expect([...kinds].sort()).toEqual(['bus', 'metro', 'poi']);
    expect(names.licence).toMatch(/ODbL/);
    expect(names.rows.length).toBeGreaterThan(15_000);
  });

  it('finds 徐家汇: the metro station first, in Chinese, full pinyin and initials', () => {
    expect(top('徐家汇')[0]).toBe('metro:徐家汇');
    expect(top('xujiahui')[0]).toBe('metro:徐家汇');
    expect(top('xjh')[0]).toBe('metro:徐家汇');
    expect(top('徐家汇')).toContain('poi:徐家汇公园');
  });

  it('finds the bus stop 延安西路镇宁路 (a street crossing) in Chinese, pinyin and initials', () => {
    for (const q of ['延安西路镇宁路', 'yananxiluzhenninglu', 'yaxlznl', '镇宁路']) expect(top(q, 8), q).toContain('bus:延安西路镇宁路');
    const hit = searchPlaces(index, '延安西路镇宁路', 1)[0].entry;
    expect(hit.lng).toBeCloseTo(121.434, 2);
    expect(hit.lat).toBeCloseTo(31.2198, 3);
  });

  it('ranks a district above places that merely contain its name', () => {
    expect(top('静安')[0]).toBe('district:静安区');
    expect(top('jingan')[0]).toBe('district:静安区');
  });
});
