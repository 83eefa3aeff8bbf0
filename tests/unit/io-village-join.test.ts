/**
 * 居委 / 村 join (src/io/villageJoin.ts) against the real 2023 list, the 居委 population
 * import on a GBK file as Chinese Excel writes it, and facilities with a 居委 column.
 * Expected values are read from the list by hand (codes, 街镇) and summed by hand.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Category, UnitCollection } from '../../src/domain/types';
import { parseStreetList } from '../../src/io/facilityFields';
import { parseFacilityFile } from '../../src/io/facilityCsv';
import { rejectedRowsCsv } from '../../src/io/rejectedCsv';
import { createVillageIndex, parseVillageList, villageKey } from '../../src/io/villageJoin';
import { applyVillagePopulationToUnits, parseVillagePopulationFile, streetUnitCount, villagePopulationCsv } from '../../src/io/villagePopulation';
import { excelCsv } from '../fixtures/generate-fixtures';

const root = resolve(__dirname, '../..');
const villages = parseVillageList(readFileSync(resolve(root, 'geodata/shanghai-villages-2023.csv'), 'utf8'));
const streets = parseStreetList(readFileSync(resolve(root, 'geodata/shanghai-streets-2023.csv'), 'utf8'));
const categories: Category[] = JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')).categories;
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(root, 'tests/fixtures', name)));

describe('the 2023 list', () => {
  it('has 6,509 committees with unique 12-digit codes, each in a listed 街镇 of its district (papaparse reading agrees)', () => {
    expect(villages).toHaveLength(6509);
    expect(new Set(villages.map((v) => v.code)).size).toBe(6509);
    const streetCodes = new Set(streets.map((s) => s.code));
    for (const v of villages) {
      expect(v.code).toMatch(/^31\d{10}$/);
      expect(streetCodes.has(v.street)).toBe(true);
      expect(v.code.startsWith(v.street)).toBe(true);
      expect(v.street.startsWith(v.district)).toBe(true);
    }
    // an independent CSV reader gives the same names
    const parsed = Papa.parse<Record<string, string>>(readFileSync(resolve(root, 'geodata/shanghai-villages-2023.csv'), 'utf8'), { header: true, skipEmptyLines: true });
    expect(parsed.data.map((r) => `${r.code}|${r.name}`)).toEqual(villages.map((v) => `${v.code}|${v.name}`));
  });
});

describe('name normalisation', () => {
  it('strips the committee suffixes consistently and reads full-width text', () => {
    expect(villageKey('香溢花城社区居委会')).toEqual({ base: '香溢花城', kind: 'resident' });
    expect(villageKey('香溢花城居民委员会')).toEqual({ base: '香溢花城', kind: 'resident' });
    expect(villageKey('香溢花城 社区')).toEqual({ base: '香溢花城', kind: null });
    expect(villageKey('香溢花城居委')).toEqual({ base: '香溢花城', kind: 'resident' });
    expect(villageKey('彭浦村村民委员会')).toEqual({ base: '彭浦村', kind: 'village' });
    expect(villageKey('彭浦村村委会')).toEqual({ base: '彭浦村', kind: 'village' });
    expect(villageKey('贵州路\u3000居委会').base).toBe('贵州路');
    expect(villageKey('ＡＢＣ小区居委会').base).toBe('abc小区');
    // a name that is only a suffix keeps it (never an empty key)
    expect(villageKey('社区').base).toBe('社区');
  });
});

describe('matching', () => {
  const idx = createVillageIndex(villages, streets);
  it('code first, then name narrowed by district and 街镇; ambiguous names are not guessed', () => {
    expect(idx.match({ code: '310104003002' })).toMatchObject({ ok: true, by: 'code', village: { name: '庆余居委会' } });
    expect(idx.match({ code: '３１０１０４００３００２' })).toMatchObject({ ok: true, village: { code: '310104003002' } });
    expect(idx.match({ code: '310104003002', name: '康平居委会' })).toMatchObject({ ok: true, by: 'code', note: 'name-differs', village: { name: '庆余居委会' } });
    expect(idx.match({ code: '310199999999' })).toMatchObject({ ok: false, reason: 'unknown-code' });
    const amb = idx.match({ name: '新桥居委会' });
    expect(amb.ok).toBe(false);
    if (!amb.ok) {
      expect(amb.reason).toBe('ambiguous');
      expect(amb.candidates.map((v) => v.code).sort()).toEqual(['310101002006', '310106015004', '310113008002', '310113101004', '310115010016']);
    }
    // 宝山区 has two 新桥 (张庙街道, 罗店镇): still ambiguous with the district alone, settled by the 街镇
    const bs = idx.match({ name: '新桥居委会', district: '310113' });
    expect(bs).toMatchObject({ ok: false, reason: 'ambiguous' });
    if (!bs.ok) expect(bs.candidates).toHaveLength(2);
    expect(idx.match({ name: '新桥', district: '310113', street: '罗店镇' })).toMatchObject({ ok: true, village: { code: '310113101004' } });
    expect(idx.match({ name: '新桥居委会', street: '310101002' })).toMatchObject({ ok: true, village: { code: '310101002006' } });
    expect(idx.match({ name: '新桥居委会', district: '310104' })).toMatchObject({ ok: false, reason: 'not-in-area' });
    // 顾村镇 has both 顾村居委会 and 顾村村委会: the suffix tells them apart
    expect(idx.match({ name: '顾村村委会' })).toMatchObject({ ok: true, village: { code: '310113109201' } });
    expect(idx.match({ name: '顾村居委' })).toMatchObject({ ok: true, village: { code: '310113109006' } });
    expect(idx.match({ name: '顾村' })).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(idx.match({ name: '火星基地居委会' })).toMatchObject({ ok: false, reason: 'unknown-name' });
    expect(idx.match({ name: '' })).toMatchObject({ ok: false, reason: 'missing' });
  });

  it('every listed name finds its own committee when its 街镇 is given (the join is total on the list itself)', () => {
    let ok = 0;
    for (const v of villages) {
      const m = idx.match({ name: v.name, street: v.street });
      if (m.ok && m.village.code === v.code) ok++;
    }
    // 6,509 minus committees whose name repeats inside one 街镇 after normalisation (none but 顾村's pair, which the suffix separates)
    expect(ok).toBe(6509);
  });
});

describe('population per 居委 (GBK file as Chinese Excel writes it)', () => {
  const r = parseVillagePopulationFile(fixture('villages-population-gbk.csv'), {
    source: '居委人口.csv',
    villages,
    streets,
    census: { '310101': 662030, '310104': 1113078 },
  });

  it('reads the encoding, skips the title row and maps the Chinese headers', () => {
    expect(r.detected.encoding.encoding).toBe('gb18030');
    expect(r.detected.header.headerLine).toBe(2);
    expect(r.detected.header.mapping).toMatchObject({ district: '区', street: '街镇', village: '居委会名称', villageCode: '居委代码', population: '常住人口' });
  });

  it('joins by name, code, suffix variant and full-width text; reports the rest with line and reason', () => {
    expect(r.rows.map((x) => [x.line, x.code, x.population])).toEqual([
      [3, '310101002001', 2345],
      [4, '310101002006', 1800],
      [7, '310104003002', 3100],
      [8, '310113109201', 2650],
      [9, '310107020018', 4100],
      [11, '310104011013', 3560],
      [13, '310106101201', 5120],
      [14, '310101002003', 1200],
      [16, '310104003003', 2200],
      [17, '310101013001', 1650],
    ]);
    expect(r.rejected.map((x) => [x.line, x.code])).toEqual([
      [5, 'village-ambiguous'],
      [6, 'village-not-in-area'],
      [10, 'village-unknown'],
      [12, 'village-duplicate'],
      [15, 'population-invalid'],
    ]);
    const amb = r.rejected[0];
    expect(amb.params.count).toBe(5);
    expect(amb.reason).toContain('新桥居委会（黄浦区 南京东路街道 310101002006）');
    expect(amb.reason).toContain('请补充区或街镇列');
    expect(r.rejected[1].reason).toContain('不在徐汇区');
    expect(r.rejected[2].reason).toBe('名录中没有“火星基地居委会”（2023 年 6509 个居委会/村委会；改名或新设的居委请补充 12 位代码）');
    expect(r.rejected[3].params.otherLine).toBe(7);
    expect(r.join).toMatchObject({ rows: 14, matched: 10, byCode: 2, byName: 8, nameColumn: '居委会名称', codeColumn: '居委代码' });
    expect(r.join.unmatched.map((u) => u.line)).toEqual([5, 6, 10, 12]);
    expect(r.join.notes.map((n) => [n.line, n.code])).toEqual([[16, 'village-matched-by-name']]);
    expect(r.summary).toMatchObject({ rows: 15, loaded: 10, rejected: 5 });
  });

  it('sums per 街镇 and district, beside the census', () => {
    expect(r.totalPopulation).toBe(2345 + 1800 + 3100 + 2650 + 4100 + 3560 + 5120 + 1200 + 2200 + 1650);
    const d = Object.fromEntries(r.districts.map((x) => [x.code, x]));
    expect(d['310101']).toMatchObject({ name: '黄浦区', population: 2345 + 1800 + 1200 + 1650, villages: 4, census2020: 662030 });
    expect(d['310101'].listed).toBe(villages.filter((v) => v.district === '310101').length);
    expect(d['310104']).toMatchObject({ population: 3100 + 3560 + 2200, villages: 3 });
    expect(d['310113'].census2020).toBeNull();
    const nj = r.streets.find((s) => s.code === '310101002');
    expect(nj).toMatchObject({ name: '南京东路街道', population: 2345 + 1800 + 1200, villages: 3, listed: villages.filter((v) => v.street === '310101002').length });
    const csv = villagePopulationCsv(r, 'zh');
    expect(csv.startsWith('\uFEFF层级,代码,名称')).toBe(true);
    expect(csv).toContain('区,310101,黄浦区,4,');
    expect(csv).toContain(`,6995,662030,${Math.round((1000 * 6995) / 662030) / 10}%`);
    expect(csv).toContain('街镇,310101013,外滩街道,1,17,1650,,');
  });

  it('gives 街镇 units the sum of their committees; hexagon units are untouched', () => {
    const sq = (x: number): [number, number][][] => [[[x, 31.2], [x + 0.01, 31.2], [x + 0.01, 31.21], [x, 31.21], [x, 31.2]]];
    const unit = (id: string, x: number) => ({ type: 'Feature' as const, properties: { id, name: id, district: id.slice(0, 6), area_km2: 1, pop_est: 7, pop_source: 'x' }, geometry: { type: 'Polygon' as const, coordinates: sq(x) } });
    const units = { type: 'FeatureCollection', features: [unit('310101002', 121.4), unit('310104003', 121.42), unit('310112-1_2', 121.44)] } as UnitCollection;
    expect(streetUnitCount(units)).toBe(2);
    const a = applyVillagePopulationToUnits(units, r);
    expect(a.units.features.map((f) => f.properties.pop_est)).toEqual([5345, 3100 + 2200, 7]);
    expect(a.units.features[0].properties.pop_source).toBe('居委人口 居委人口.csv');
    expect(a).toMatchObject({ updated: 2, streetsWithoutUnit: r.streets.length - 2, partial: 2 });
  });

  it('the unmatched rows download as a formula-safe CSV with line, column, reason and the row', () => {
    const bytes = iconv.encode(excelCsv([['居委会名称', '常住人口'], ['=HYPERLINK("http://x","y")', '10'], ['+火星居委会', '5']]), 'gbk');
    const bad = parseVillagePopulationFile(new Uint8Array(bytes), { source: 'x', villages, streets });
    expect(bad.join.unmatched).toHaveLength(2);
    const csv = rejectedRowsCsv(bad.rejected, bad.detected.header.headers, 'en');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('line,column,reason,居委会名称,常住人口');
    expect(lines[1]).toMatch(/^2,居委会名称,"""=HYPERLINK/);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""y"")",10`);
    expect(lines[2]).toContain("'+火星居委会");
  });

  it('a file without a 居委 column says so on every row', () => {
    const bytes = new TextEncoder().encode('名称,常住人口\n某地,100\n');
    const bad = parseVillagePopulationFile(bytes, { source: 'x', villages });
    expect(bad.detected.header.missing).toContain('village');
    expect(bad.rows).toHaveLength(0);
    expect(bad.rejected.map((x) => x.code)).toEqual(['village-missing']);
  });
});

describe('facilities with a 居委 column', () => {
  it('fill their 街镇 and district from the list and report the names that did not match', () => {
    const r = parseFacilityFile(fixture('facilities-villages-gbk.csv'), { source: 'f', categories, streets, villages, crs: 'wgs84' });
    expect(r.detected.header.mapping.village).toBe('所属居委');
    expect(r.facilities).toHaveLength(5);
    const byName = Object.fromEntries(r.facilities.map((f) => [f.name, f]));
    expect(byName.云南中路睦邻点).toMatchObject({ village: '云南中路居委会', street: '南京东路街道', district: '310101' });
    expect(byName.庆余助餐点).toMatchObject({ village: '庆余居委会', district: '310104' });
    expect(byName.庆余助餐点.street).toBe(streets.find((s) => s.code === '310104003')?.name);
    expect(byName.新桥活动室.village).toBeUndefined();
    expect(r.villageJoin).toMatchObject({ nameColumn: '所属居委', rows: 4, matched: 2, byCode: 1, byName: 1 });
    expect(r.villageJoin?.unmatched.map((u) => [u.line, u.code, u.name])).toEqual([
      [4, 'village-ambiguous', '新桥活动室'],
      [5, 'village-unknown', '无名居委食堂'],
    ]);
    // the join report rides along with the import: nothing was rejected for it
    expect(r.summary.rejected).toBe(0);
  });

  it('is absent for files without a 居委 column', () => {
    const bytes = new TextEncoder().encode('名称,服务类别,经度,纬度\n点,养老服务,121.45,31.2\n');
    expect(parseFacilityFile(bytes, { source: 'f', categories, villages, crs: 'wgs84' }).villageJoin).toBeUndefined();
  });
});
