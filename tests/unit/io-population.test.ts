import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UnitCollection } from '../../src/domain/types';
import { parseStreetList } from '../../src/io/facilityFields';
import { applyUnitPopulation, DEFAULT_PERSONS_PER_HOUSEHOLD, parsePopulationFile } from '../../src/io/population';

const root = resolve(__dirname, '../..');
const streets = parseStreetList(readFileSync(resolve(root, 'geodata/shanghai-streets-2023.csv'), 'utf8'));
const residential = new Uint8Array(readFileSync(resolve(root, 'tests/fixtures/residential-gbk.csv')));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('residential compounds (demand points)', () => {
  const r = parsePopulationFile(residential, { source: 'r.csv' });
  it('reads GBK, population with thousands separators and 万, households × persons', () => {
    expect(r.detected.encoding.encoding).toBe('gb18030');
    expect(r.points).toEqual([
      { name: '曹杨一村', lng: 121.41, lat: 31.242, population: 5200 },
      { name: '曹杨二村', lng: 121.415, lat: 31.246, population: Math.round(1800 * DEFAULT_PERSONS_PER_HOUSEHOLD) },
      { name: '兰溪青年公寓', lng: 121.408, lat: 31.24, population: 12000 },
    ]);
    expect(r.totalPopulation).toBe(5200 + Math.round(1800 * 2.32) + 12000);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ line: 3, code: 'population-from-households' });
    expect(r.notices.map((n) => n.code)).toContain('households-assumption');
  });

  it('rejects rows without a figure or with a negative one, with line numbers', () => {
    expect(r.rejected.map((x) => [x.line, x.code])).toEqual([
      [5, 'population-missing'],
      [6, 'population-invalid'],
    ]);
    expect(r.summary).toMatchObject({ rows: 5, loaded: 3, rejected: 2 });
  });

  it('lets the caller change persons per household', () => {
    const r3 = parsePopulationFile(residential, { source: 'r.csv', personsPerHousehold: 3 });
    expect(r3.points[1].population).toBe(5400);
  });

  it('converts coordinates from the chosen system', () => {
    const gcj = parsePopulationFile(utf8('小区,经度,纬度,人口\n甲,121.4782,31.2285,100\n'), { source: 'x', crs: 'gcj02' });
    expect(gcj.points[0].lng).toBeCloseTo(121.4737, 3);
  });

  it('reports missing columns for every row', () => {
    const bad = parsePopulationFile(utf8('小区,经度,纬度\n甲,121.4,31.2\n'), { source: 'x' });
    expect(bad.points).toEqual([]);
    expect(bad.rejected[0]).toMatchObject({ line: 2, code: 'population-missing' });
  });
});

describe('population per unit', () => {
  const square = (x: number): [number, number][][] => [[[x, 31], [x + 0.01, 31], [x + 0.01, 31.01], [x, 31.01], [x, 31]]];
  const units: UnitCollection = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { id: '310107005', name: '曹杨新村街道', district: '310107', area_km2: 2, pop_est: 1, pop_source: 'census-2020-district-spread' }, geometry: { type: 'Polygon', coordinates: square(121.4) } },
      { type: 'Feature', properties: { id: 'H-12', name: '单元12', district: '310107', area_km2: 3, pop_est: 2, pop_source: 'census-2020-district-spread' }, geometry: { type: 'Polygon', coordinates: square(121.5) } },
      { type: 'Feature', properties: { id: 'H-13', name: '单元13', district: '310107', area_km2: 3, pop_est: 3, pop_source: 'census-2020-district-spread' }, geometry: { type: 'Polygon', coordinates: square(121.6) } },
    ],
  };

  it('sets pop_est for units found by id, name or 街镇 short name, and reports the rest', () => {
    const csv = '单元,人口\n曹杨新村,"91,000"\nH-12,45000\n不存在,100\nH-13,abc\n';
    const r = applyUnitPopulation(units, utf8(csv), { streets });
    expect(r.units.features.map((f) => [f.properties.pop_est, f.properties.pop_source])).toEqual([
      [91000, 'imported'],
      [45000, 'imported'],
      [3, 'census-2020-district-spread'],
    ]);
    expect(r.matched).toBe(2);
    expect(r.unmatched).toEqual([{ line: 4, key: '不存在' }]);
    expect(r.invalid).toEqual([{ line: 5, value: 'abc' }]);
    expect(r.unitsWithout).toBe(1);
    expect(units.features[0].properties.pop_est).toBe(1); // input untouched
  });
});
