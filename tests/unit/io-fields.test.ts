import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCategoryMatcher, editDistance, splitCategories } from '../../src/io/categoryMatch';
import { parseCoordNumber, parseCoordPair, parseCount } from '../../src/io/coordText';
import {
  createStreetIndex,
  parseDistrict,
  parseFacilityStatus,
  parseFacilityType,
  parseStreetList,
  SHANGHAI_DISTRICTS,
} from '../../src/io/facilityFields';
import { crsHintOf, FACILITY_FIELDS, FACILITY_REQUIRED, mapHeaders, normHeader } from '../../src/io/headerMap';
import type { Category } from '../../src/domain/types';

const root = resolve(__dirname, '../..');
const categories: Category[] = JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')).categories;
const streets = parseStreetList(readFileSync(resolve(root, 'geodata/shanghai-streets-2023.csv'), 'utf8'));

describe('header mapping', () => {
  it('maps Chinese headers with certainty', () => {
    const d = mapHeaders(['序号', '名称', '类型', '服务类别', '状态', '区', '街镇', '地址', '经度', '纬度'], FACILITY_FIELDS, FACILITY_REQUIRED);
    expect(d.mapping).toEqual({
      name: '名称', type: '类型', category: '服务类别', status: '状态', district: '区', street: '街镇', address: '地址', lng: '经度', lat: '纬度',
    });
    expect(d.unsure).toBe(false);
    expect(d.missing).toEqual([]);
  });

  it('maps English headers in any case and with spaces', () => {
    const d = mapHeaders(['Name', ' Longitude ', 'LATITUDE', 'Category', 'Status', 'District', 'Address'], FACILITY_FIELDS, FACILITY_REQUIRED);
    expect(d.mapping).toMatchObject({ name: 'Name', lng: ' Longitude ', lat: 'LATITUDE', category: 'Category', status: 'Status', district: 'District', address: 'Address' });
    expect(d.unsure).toBe(false);
  });

  it('accepts lng/lon/lat variants and full-width brackets, and reads the CRS named in them', () => {
    const d = mapHeaders(['名称', '经度（GCJ02）', '纬度（GCJ02）'], FACILITY_FIELDS, FACILITY_REQUIRED);
    expect(d.mapping).toMatchObject({ lng: '经度（GCJ02）', lat: '纬度（GCJ02）' });
    expect(d.crsHint).toBe('gcj02');
    expect(mapHeaders(['name', 'lon', 'lat'], FACILITY_FIELDS, FACILITY_REQUIRED).mapping.lng).toBe('lon');
    expect(crsHintOf('小区_百度坐标.csv')).toBe('bd09');
    expect(crsHintOf('points-wgs84.csv')).toBe('wgs84');
    expect(crsHintOf('设施.csv')).toBeNull();
  });

  it('marks loose matches as guesses and asks a person', () => {
    const d = mapHeaders(['设施名称', '设施所在经度', '设施所在纬度'], FACILITY_FIELDS, FACILITY_REQUIRED);
    expect(d.mapping).toMatchObject({ name: '设施名称', lng: '设施所在经度', lat: '设施所在纬度' });
    expect(d.guessed.sort()).toEqual(['lat', 'lng']);
    expect(d.unsure).toBe(true);
  });

  it('reports missing required columns', () => {
    const d = mapHeaders(['名称', '地址'], FACILITY_FIELDS, FACILITY_REQUIRED);
    expect(d.missing).toEqual(['lng', 'lat']);
    expect(d.unsure).toBe(true);
  });

  it('takes a combined coordinate column when there are no separate ones', () => {
    const d = mapHeaders(['名称', '经纬度'], FACILITY_FIELDS, FACILITY_REQUIRED);
    expect(d.mapping.coords).toBe('经纬度');
    expect(d.missing).toEqual([]);
  });

  it('normalises headers', () => {
    expect(normHeader(' 经度(°) ')).toBe('经度');
    expect(normHeader('Ｌｏｎｇｉｔｕｄｅ')).toBe('longitude');
  });
});

describe('coordinate text', () => {
  it('reads decimal, full-width, hemisphere and DMS forms', () => {
    expect(parseCoordNumber('121.4737')).toBe(121.4737);
    expect(parseCoordNumber('１２１．４７３７')).toBe(121.4737);
    expect(parseCoordNumber('121.4737°E')).toBe(121.4737);
    expect(parseCoordNumber('东经121.5')).toBe(121.5);
    expect(parseCoordNumber('121°28\'30"')).toBeCloseTo(121 + 28 / 60 + 30 / 3600, 12);
    expect(parseCoordNumber('31度14分24秒')).toBeCloseTo(31.24, 12);
    expect(parseCoordNumber('33.5S')).toBe(-33.5);
  });

  it('rejects garbage', () => {
    for (const bad of ['', 'abc', '121.4x', '12 1', '121°75\'', '1e400', '--1', 'NaN', 'Infinity']) expect(parseCoordNumber(bad)).toBeNaN();
  });

  it('reads combined pairs', () => {
    expect(parseCoordPair('121.47,31.23')).toEqual([121.47, 31.23]);
    expect(parseCoordPair('121.47，31.23')).toEqual([121.47, 31.23]);
    expect(parseCoordPair('(121.47 31.23)')).toEqual([121.47, 31.23]);
    expect(parseCoordPair('121.47')).toBeNull();
  });

  it('reads counts', () => {
    expect(parseCount('12,345')).toBe(12345);
    expect(parseCount('1.2万')).toBe(12000);
    expect(parseCount('300人')).toBe(300);
    expect(parseCount('many')).toBeNaN();
  });
});

describe('category matching', () => {
  const m = createCategoryMatcher(categories);
  it('matches ids, Chinese and English names and common words', () => {
    expect(m.match('elderly')).toBe('elderly');
    expect(m.match('养老服务')).toBe('elderly');
    expect(m.match('养老')).toBe('elderly');
    expect(m.match('Sports & fitness')).toBe('sports');
    expect(m.match('社区食堂')).toBe('meals');
    expect(m.match('医疗')).toBe('health');
    expect(m.match('理发')).toBeNull();
  });

  it('suggests the nearest category for unknown names, or none', () => {
    expect(m.suggest('社区养老服务中心')).toBe('elderly');
    expect(m.suggest('文体活动')).toBe('culture');
    expect(m.suggest('健康服物')).toBe('health'); // typo: one character off
    expect(m.suggest('xyzzy')).toBeNull();
  });

  it('user aliases map unknown names', () => {
    expect(createCategoryMatcher(categories, { 理发: 'household' }).match('理发')).toBe('household');
    expect(createCategoryMatcher(categories, { 理发: 'no-such-id' }).match('理发')).toBeNull();
  });

  it('splits cells on Chinese and ASCII separators', () => {
    expect(splitCategories('养老服务、社区助餐；托育/儿童游憩, health')).toEqual(['养老服务', '社区助餐', '托育', '儿童游憩', 'health']);
  });

  it('edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('健康服务', '健康服物')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('type, status, district, 街镇', () => {
  it('reads facility types', () => {
    expect(parseFacilityType('人民坊')).toBe('renminfang');
    expect(parseFacilityType('六艺亭')).toBe('liuyiting');
    expect(parseFacilityType('社区嵌入式服务设施')).toBe('embedded');
    expect(parseFacilityType('Embedded')).toBe('embedded');
    expect(parseFacilityType('超市')).toBeNull();
  });

  it('reads status words', () => {
    expect(parseFacilityStatus('已建成')).toBe('open');
    expect(parseFacilityStatus('建设中')).toBe('building');
    expect(parseFacilityStatus('规划')).toBe('planned');
    expect(parseFacilityStatus('Under construction')).toBe('building');
    expect(parseFacilityStatus('暂停')).toBeNull();
  });

  it('reads districts by name, short name, pinyin or code', () => {
    expect(parseDistrict('浦东新区')).toBe('310115');
    expect(parseDistrict('浦东')).toBe('310115');
    expect(parseDistrict('上海市徐汇区')).toBe('310104');
    expect(parseDistrict("Jing'an")).toBe('310106');
    expect(parseDistrict('310107005')).toBe('310107');
    expect(parseDistrict('朝阳区')).toBeNull();
  });

  it('has the same 16 districts as the census file', () => {
    const census = readFileSync(resolve(root, 'geodata/census-2020-district.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    const fromCensus = census.map((l) => l.split(',').slice(0, 2).join(',')).sort();
    expect(SHANGHAI_DISTRICTS.map((d) => `${d.code},${d.zh}`).sort()).toEqual(fromCensus);
  });

  it('finds 街镇 by official name, short name or code', () => {
    expect(streets.length).toBeGreaterThanOrEqual(215);
    const idx = createStreetIndex(streets);
    expect(idx.find('曹杨新村街道')?.code).toBe('310107005');
    expect(idx.find('曹杨新村')?.code).toBe('310107005');
    expect(idx.find('真如镇')?.name).toBe('真如镇街道');
    expect(idx.find('长征镇')?.code).toBe('310107102');
    expect(idx.find('310101013000')?.name).toBe('外滩街道');
    expect(idx.find('不存在街道')).toBeNull();
  });
});

describe('degrees, minutes and seconds as people write them (issue 14 item 12)', () => {
  const v = 121 + 28 / 60 + 25 / 3600;
  it.each([
    ['121°28′25″E', v],
    ['121°28′25″', v],
    ['121°28\'25"E', v],
    ["121°28'25''", v],
    ['121°28’25”', v],
    ['121d28m25s', v],
    ['121D28M25S', v],
    ['121 d 28 m 25 s', v],
    ['121度28分25秒', v],
    ['东经121°28′25″', v],
    ['E121°28′25″', v],
    ['121°28′25″W', -v],
    ['31°13′N', 31 + 13 / 60],
    ['31d13m', 31 + 13 / 60],
  ])('%s', (text, expected) => {
    expect(parseCoordNumber(text)).toBeCloseTo(expected, 9);
  });
  it('still refuses minutes or seconds of 60 and more, and junk', () => {
    expect(parseCoordNumber('121°60′0″')).toBeNaN();
    expect(parseCoordNumber('121d28m61s')).toBeNaN();
    expect(parseCoordNumber('121°28′25″X')).toBeNaN();
  });
});
