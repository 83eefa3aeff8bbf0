import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { booleanPointInPolygon, point } from '@turf/turf';
import type { DistrictCollection, Facility } from '../../src/domain/types';
import { buildSearchIndex, normaliseQuery, searchPlaces, type PlaceEntry } from '../../src/geo/search';
import { districtPlaces, facilityPlaces, streetPlaces } from '../../src/geo/searchPlaces';

const place = (id: string, label: string, kind: PlaceEntry['kind'] = 'facility', aliases?: string[]): PlaceEntry => ({ id, kind, label, aliases, lng: 121.4, lat: 31.2 });

const entries: PlaceEntry[] = [
  place('310106', '静安区', 'district', ["Jing'an"]),
  place('310105', '长宁区', 'district', ['Changning']),
  place('310107', '普陀区', 'district', ['Putuo']),
  place('s1', '曹杨新村街道', 'street'),
  place('s2', '重固镇', 'street'),
  place('s3', '静安寺街道', 'street'),
  place('f1', '曹杨新村人民坊', 'facility'),
  place('f2', '兰溪路六艺亭', 'facility'),
  place('f3', '绿化带六艺亭', 'facility'),
  place('f4', '长寿路 3号 社区食堂', 'facility'),
];
const index = buildSearchIndex(entries);
const ids = (q: string) => searchPlaces(index, q, 20).map((h) => h.entry.id);

describe('normaliseQuery', () => {
  it('lower-cases, drops spaces and apostrophes, folds ü', () => {
    expect(normaliseQuery(" Jing'An ")).toBe('jingan');
    expect(normaliseQuery('lü hua')).toBe('lvhua');
    expect(normaliseQuery('曹 杨')).toBe('曹杨');
    expect(normaliseQuery('   ')).toBe('');
  });
});

describe('searchPlaces', () => {
  it('matches Chinese substrings', () => {
    expect(ids('曹杨')).toEqual(['s1', 'f1']);
    expect(ids('六艺亭').sort()).toEqual(['f2', 'f3']);
    expect(ids('食堂')).toEqual(['f4']);
  });
  it('matches full pinyin: jingan → 静安区 first, caoyang → 曹杨新村街道', () => {
    expect(ids('jingan')[0]).toBe('310106');
    expect(ids('jingan')).toContain('s3');
    expect(ids('caoyang')).toEqual(['s1', 'f1']);
    expect(ids('caoyangxincun')).toEqual(['s1', 'f1']);
  });
  it('matches a query ending mid-syllable and with spaces', () => {
    expect(ids('caoy')).toEqual(['s1', 'f1']);
    expect(ids('jing an qu')[0]).toBe('310106');
  });
  it('matches initials and mixes of syllables and initials', () => {
    expect(ids('cyxc')).toEqual(['s1', 'f1']);
    expect(ids('jaq')[0]).toBe('310106');
    expect(ids('jingaq')[0]).toBe('310106');
    expect(ids('lyt').sort()).toEqual(['f2', 'f3']);
  });
  it('matches polyphonic characters under each reading', () => {
    expect(ids('chonggu')).toContain('s2'); // 重固 reads chóng here
    expect(ids('zhonggu')).toContain('s2');
    expect(ids('changning')[0]).toBe('310105');
    expect(ids('lvhua')).toEqual(['f3']);
  });
  it('matches aliases and mixed Chinese + pinyin', () => {
    expect(ids('putuo')[0]).toBe('310107');
    expect(ids("jing'an")[0]).toBe('310106');
    expect(ids('曹yang')).toEqual(['s1', 'f1']);
    expect(ids('3号')).toEqual(['f4']);
  });
  it('finds nothing for a non-matching query', () => {
    expect(ids('xyzzy')).toEqual([]);
    expect(ids('北京')).toEqual([]);
    expect(ids('')).toEqual([]);
  });
  it('ranks exact, then prefix, then fewer initials, then kind', () => {
    // both start with 静安; district wins over the street by kind
    expect(ids('静安').slice(0, 2)).toEqual(['310106', 's3']);
    // "renminfang" is a syllable match in f1 but not at the start
    expect(ids('renminfang')).toEqual(['f1']);
    expect(searchPlaces(index, 'j', 2)).toHaveLength(2);
  });
});

describe('place entries from the shipped data', () => {
  const districts = JSON.parse(readFileSync('geodata/districts.geojson', 'utf8')) as DistrictCollection;
  const facilities = JSON.parse(readFileSync('geodata/demo-facilities.json', 'utf8')) as Facility[];
  const dPlaces = districtPlaces(districts.features);

  it('puts each district place inside its own outline', () => {
    expect(dPlaces).toHaveLength(16);
    for (const p of dPlaces) {
      const f = districts.features.find((d) => d.properties.code === p.id)!;
      expect(booleanPointInPolygon(point([p.lng, p.lat]), f)).toBe(true);
    }
  });

  it('finds 静安区 for "jingan" among all districts and demo facilities', () => {
    const idx = buildSearchIndex([...dPlaces, ...facilityPlaces(facilities)]);
    const hits = searchPlaces(idx, 'jingan');
    expect(hits[0].entry.label).toBe('静安区');
    expect(searchPlaces(idx, 'pudong')[0].entry.label).toBe('浦东新区');
    expect(searchPlaces(idx, 'minhang')[0].entry.label).toBe('闵行区');
  });

  it('street entries come from imported outlines', () => {
    const sq = { type: 'Polygon' as const, coordinates: [[[121.40, 31.23], [121.42, 31.23], [121.42, 31.25], [121.40, 31.25], [121.40, 31.23]]] };
    const [s] = streetPlaces([{ id: '310107005', name: '曹杨新村街道', district: '310107', geometry: sq }]);
    expect(s.kind).toBe('street');
    expect(s.lng).toBeCloseTo(121.41, 6);
    expect(s.lat).toBeCloseTo(31.24, 6);
    expect(s.bbox).toEqual([121.4, 31.23, 121.42, 31.25]);
  });
});
