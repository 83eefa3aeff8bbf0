import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Category, Facility } from '../../src/domain/types';
import { fromWgs84 } from '../../src/io/crs';
import { parseStreetList } from '../../src/io/facilityFields';
import { mergeFacilities, mergeSkippedCsv, parseFacilityFile } from '../../src/io/facilityCsv';
import { issueText } from '../../src/io/issueText';
import { rejectedFileName, rejectedRowsCsv } from '../../src/io/rejectedCsv';
import { excelCsv } from '../fixtures/generate-fixtures';
import { mulberry32 as rng } from '../../src/domain/prng';

const root = resolve(__dirname, '../..');
const categories: Category[] = JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')).categories;
const streets = parseStreetList(readFileSync(resolve(root, 'geodata/shanghai-streets-2023.csv'), 'utf8'));
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(root, 'tests/fixtures', name)));
const utf8 = (s: string) => new TextEncoder().encode(s);
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'));
const base = { categories, source: 'test.csv', streets };


describe('facility import: the GBK Excel fixture', () => {
  const r = parseFacilityFile(fixture('facilities-gbk.csv'), base);
  const byName = new Map(r.facilities.map((f) => [f.name, f]));
  const rejectedAt = (line: number) => r.rejected.find((x) => x.line === line);

  it('detects GBK, the header below the title row, and maps every column', () => {
    expect(r.detected.encoding.encoding).toBe('gb18030');
    expect(r.detected.header.headerLine).toBe(2);
    expect(r.detected.header.unsure).toBe(false);
    expect(r.notices.map((n) => n.code)).toEqual(expect.arrayContaining(['title-rows-skipped', 'blank-lines', 'crs-applied', 'crs-undetectable']));
  });

  it('accounts for every row: loaded + rejected = rows read', () => {
    expect(r.summary).toEqual({ rows: 13, loaded: 7, rejected: 6, warned: 1, blankLines: 1 });
    expect(r.facilities.length + r.rejected.length).toBe(r.summary.rows);
  });

  it('reads types, categories, statuses, districts and 街镇', () => {
    expect(byName.get('曹杨新村人民坊')).toMatchObject({
      type: 'renminfang', categories: ['party', 'elderly', 'meals'], status: 'open', district: '310107', street: '曹杨新村街道', lng: 121.412, lat: 31.244,
      source: 'test.csv', synthetic: false, address: '兰溪路 100 号',
    });
    expect(byName.get('长风六艺亭')).toMatchObject({ type: 'liuyiting', categories: ['culture'], status: 'building' });
    expect(byName.get('徐家汇 "邻里" 中心, 东区')).toMatchObject({ type: 'embedded', categories: ['childcare', 'children'], status: 'planned', district: '310104' });
  });

  it('keeps markup in names as plain text', () => {
    expect(byName.get('<img src=x onerror=alert(1)>')).toBeDefined();
  });

  it('rejects with line, column and reason', () => {
    expect(rejectedAt(8)).toMatchObject({ code: 'duplicate', params: { otherLine: 6 } });
    expect(rejectedAt(10)).toMatchObject({ code: 'coord-missing', column: '经度' });
    expect(rejectedAt(11)).toMatchObject({ code: 'address-no-coords', column: '地址' });
    expect(rejectedAt(11)?.reason).toContain('地理编码');
    expect(rejectedAt(12)).toMatchObject({ code: 'outside-shanghai', column: '经度' });
    expect(rejectedAt(14)).toMatchObject({ code: 'category-unknown', column: '服务类别', params: { value: '文体活动', suggestion: '文化休闲' } });
    expect(rejectedAt(15)).toMatchObject({ code: 'coord-unparsable', column: '经度', params: { value: '121.4x' } });
    expect(rejectedAt(11)?.raw).toMatchObject({ 名称: '南京西路便民点', 地址: '南京西路 1 号' });
  });

  it('swaps swapped coordinates with a warning, and reads degrees-minutes-seconds', () => {
    expect(byName.get('填反的六艺亭')).toMatchObject({ lng: 121.45, lat: 31.18 });
    expect(r.warnings.find((w) => w.line === 13)?.code).toBe('swapped-lat-lng');
    const dms = byName.get('度分秒写法') as Facility;
    expect(dms.lng).toBeCloseTo(121.38, 10);
    expect(dms.lat).toBeCloseTo(31.12, 10);
  });

  it('lists unknown categories with their nearest suggestion, and loads them once the user accepts it', () => {
    expect(r.detected.unknownCategories).toEqual([{ value: '文体活动', count: 1, suggestion: 'culture', suggestions: ['culture'] }]);
    const again = parseFacilityFile(fixture('facilities-gbk.csv'), { ...base, categoryAliases: { 文体活动: 'culture' } });
    expect(again.facilities.find((f) => f.name === '文体活动室')?.categories).toEqual(['culture']);
  });

  it('gives unique ids', () => {
    expect(new Set(r.facilities.map((f) => f.id)).size).toBe(r.facilities.length);
  });

  it('writes the rejected rows as a CSV with BOM, reasons, and formulas neutralised', () => {
    const csv = rejectedRowsCsv(r.rejected, r.detected.header.headers);
    expect(csv.startsWith('\uFEFF行号,列,原因,名称,')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(parsed).toHaveLength(1 + r.rejected.length);
    const formulaRow = parsed.find((row) => row[0] === '10') as string[];
    expect(formulaRow[3]).toBe(`'=HYPERLINK("http://example.invalid","点我")`);
    for (const row of parsed.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const en = rejectedRowsCsv(r.rejected, r.detected.header.headers, 'en');
    expect(en).toContain('line,column,reason');
    expect(en).toContain(issueText('address-no-coords', {}, 'en'));
    expect(rejectedFileName('设施清单.csv')).toBe('设施清单.rejected.csv');
  });
});

describe('facility import: other files', () => {
  it('reads English headers in UTF-8 with BOM', () => {
    const r = parseFacilityFile(fixture('facilities-utf8-bom.csv'), base);
    expect(r.detected.encoding).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(r.summary.loaded).toBe(3);
    expect(r.facilities[0]).toMatchObject({ name: 'Caoyang hub', type: 'renminfang', categories: ['party', 'elderly'], district: '310107' });
    expect(r.facilities[1]).toMatchObject({ categories: ['sports'], status: 'planned', district: '310115' });
    expect(r.facilities[2]).toMatchObject({ status: 'building', district: '310104' });
  });

  it('converts from the system the user chose, and from one named in the header', () => {
    const [gLng, gLat] = fromWgs84(121.47, 31.23, 'gcj02');
    const text = `名称,服务类别,经度,纬度\n甲,健康服务,${gLng},${gLat}\n`;
    const asIs = parseFacilityFile(utf8(text), base);
    expect(asIs.facilities[0].lng).toBe(gLng); // not converted silently
    expect(asIs.detected.crsApplied).toBe('wgs84');
    const chosen = parseFacilityFile(utf8(text), { ...base, crs: 'gcj02' });
    expect(chosen.detected).toMatchObject({ crsApplied: 'gcj02', crsWhy: 'user' });
    expect(chosen.facilities[0].lng).toBeCloseTo(121.47, 5);
    expect(chosen.facilities[0].lat).toBeCloseTo(31.23, 5);
    const named = parseFacilityFile(utf8(text.replace('经度,纬度', '经度(高德),纬度(高德)')), base);
    expect(named.detected).toMatchObject({ crsApplied: 'gcj02', crsWhy: 'header' });
    expect(named.facilities[0].lng).toBeCloseTo(121.47, 5);
  });

  it('suggests GCJ-02 for shifted points against loaded references, without converting', () => {
    const r0 = rng(7);
    const refs = Array.from({ length: 20 }, (_, i) => ({ name: `六艺亭${i}号`, lng: 121.3 + r0() * 0.4, lat: 31.0 + r0() * 0.4 }));
    const rows = refs.map((p) => {
      const [lng, lat] = fromWgs84(p.lng, p.lat, 'gcj02');
      return [p.name, '体育健身', lng.toFixed(6), lat.toFixed(6)];
    });
    const bytes = gbk(excelCsv([['名称', '服务类别', '经度', '纬度'], ...rows]));
    const r = parseFacilityFile(bytes, { ...base, references: refs });
    expect(r.detected.crsSuggestion).toMatchObject({ crs: 'gcj02', method: 'reference-match', sample: 20 });
    expect(r.notices.find((n) => n.code === 'crs-suggestion')?.message).toContain('GCJ-02');
    expect(r.facilities[0].lng).toBe(Number(rows[0][2]));
  });

  it('rejects every row with the reason when required columns are missing, loading nothing', () => {
    const r = parseFacilityFile(utf8('名称,地址\n甲,某路 1 号\n乙,某路 2 号\n'), base);
    expect(r.detected.header.missing).toEqual(['lng', 'lat']);
    expect(r.facilities).toEqual([]);
    expect(r.rejected.map((x) => x.line)).toEqual([2, 3]);
  });

  it('uses a mapping the user confirmed', () => {
    const text = '点位,东西,南北,用途\n甲,121.47,31.23,健康服务\n';
    expect(parseFacilityFile(utf8(text), base).summary.loaded).toBe(0);
    const r = parseFacilityFile(utf8(text), { ...base, headerMapping: { name: '点位', lng: '东西', lat: '南北', category: '用途' } });
    expect(r.summary.loaded).toBe(1);
    expect(r.facilities[0]).toMatchObject({ name: '甲', lng: 121.47, lat: 31.23, categories: ['health'] });
  });

  it('reads a combined coordinate column and a type column holding categories', () => {
    const r = parseFacilityFile(utf8('名称,类型,坐标\n甲,养老服务,"121.47,31.23"\n'), base);
    expect(r.facilities[0]).toMatchObject({ categories: ['elderly'], type: 'embedded', lng: 121.47, lat: 31.23 });
  });

  it('applies a default category to rows without one, and 人民坊 default to 党群服务 with a warning', () => {
    const text = '名称,经度,纬度\n某某人民坊,121.47,31.23\n某某六艺亭,121.48,31.23\n';
    const r = parseFacilityFile(utf8(text), base);
    expect(r.facilities.map((f) => [f.type, f.categories])).toEqual([['renminfang', ['party']]]);
    expect(r.warnings[0].code).toBe('category-defaulted');
    expect(r.rejected[0]).toMatchObject({ line: 3, code: 'category-missing' });
    const withDefault = parseFacilityFile(utf8(text), { ...base, defaultCategory: 'sports' });
    expect(withDefault.facilities.map((f) => f.categories)).toEqual([['sports'], ['sports']]);
  });

  it('rejects projected metre coordinates with a clear reason', () => {
    const r = parseFacilityFile(utf8('名称,服务类别,经度,纬度\n甲,健康服务,13522000.5,3641000.2\n'), base);
    expect(r.rejected[0].code).toBe('coord-projected');
  });

  it('reports duplicates only within 50 m', () => {
    const text = '名称,服务类别,经度,纬度\n甲,健康服务,121.47,31.23\n甲,健康服务,121.4704,31.23\n甲,健康服务,121.4706,31.23\n';
    // 0.0004° lng ≈ 38 m (dup of line 2); 0.0006° ≈ 57 m from line 2 and 19 m from the rejected line 3: kept
    const r = parseFacilityFile(utf8(text), base);
    expect(r.rejected.map((x) => [x.line, x.code, x.params.otherLine])).toEqual([[3, 'duplicate', 2]]);
    expect(r.summary.loaded).toBe(2);
  });

  it('reports progress from 0 to 1000', () => {
    const seen: number[] = [];
    parseFacilityFile(fixture('facilities-gbk.csv'), { ...base, onProgress: (d, t) => seen.push(d / t) });
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});

describe('facility import: robustness', () => {
  it('random garbage produces row errors, never exceptions', () => {
    const r = rng(42);
    const alphabet = ['a', '1', '.', ',', '"', '\n', '\r\n', ' ', '名', '经', '°', '-', '\t', ';', '=', '121.4', '31.2', '健康服务', '\u0000', '\uFFFD'];
    for (let round = 0; round < 200; round++) {
      const body = Array.from({ length: 1 + Math.floor(r() * 300) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
      const text = (round % 2 ? '名称,服务类别,经度,纬度\n' : '') + body;
      const res = parseFacilityFile(utf8(text), base);
      expect(res.facilities.length + res.rejected.length).toBe(res.summary.rows);
      for (const f of res.facilities) {
        expect(Number.isFinite(f.lng) && Number.isFinite(f.lat)).toBe(true);
        expect(f.categories.length).toBeGreaterThan(0);
      }
    }
  }, 60_000);

  it('random bytes in any encoding never throw', () => {
    const r = rng(9);
    for (let round = 0; round < 100; round++) {
      const bytes = new Uint8Array(Math.floor(r() * 2000)).map(() => Math.floor(r() * 256));
      for (const encoding of ['auto', 'utf-8', 'gb18030', 'utf-16le'] as const) expect(() => parseFacilityFile(bytes, { ...base, encoding })).not.toThrow();
    }
  }, 60_000);

  it('fuzzed rows in a valid file: each bad row is rejected with a reason, good rows load', () => {
    const r = rng(5);
    const rows: string[][] = [['名称', '服务类别', '经度', '纬度']];
    let good = 0;
    for (let i = 0; i < 2000; i++) {
      if (r() < 0.5) {
        rows.push([`点${i}`, '健康服务', (121.2 + r() * 0.6).toFixed(6), (31.0 + r() * 0.5).toFixed(6)]);
        good++;
      } else {
        const junk = () => String.fromCharCode(...Array.from({ length: Math.floor(r() * 8) }, () => 32 + Math.floor(r() * 0x4e00)));
        rows.push([r() < 0.2 ? '' : `坏${i}`, r() < 0.3 ? junk() : '健康服务', junk(), r() < 0.5 ? junk() : '31.2']);
      }
    }
    const res = parseFacilityFile(gbk(excelCsv(rows)), base);
    expect(res.summary.rows).toBe(2000);
    expect(res.facilities.length + res.rejected.length).toBe(2000);
    expect(res.facilities.filter((f) => f.name.startsWith('点'))).toHaveLength(good);
    for (const x of res.rejected) {
      expect(x.line).toBeGreaterThan(1);
      expect(x.reason.length).toBeGreaterThan(0);
    }
  });

  it('imports a generated 100k-row GBK file', () => {
    const r = rng(100);
    const cats = ['养老服务', '社区助餐', '体育健身', '文化休闲、儿童游憩', '健康服务'];
    const lines = ['名称,类型,服务类别,状态,区,经度,纬度'];
    for (let i = 0; i < 100_000; i++) {
      lines.push(`设施${i},六艺亭,${cats[i % cats.length]},已建成,浦东新区,${(121.2 + r() * 0.6).toFixed(6)},${(30.9 + r() * 0.6).toFixed(6)}`);
    }
    const bytes = gbk(lines.join('\r\n'));
    const res = parseFacilityFile(bytes, base); // its time is measured by npm run bench:import
    expect(res.summary).toMatchObject({ rows: 100_000, loaded: 100_000, rejected: 0 });
    expect(res.facilities[99_999].name).toBe('设施99999');
  }, 60_000);
});

describe('mergeFacilities', () => {
  const f = (id: string, name: string, lng: number): Facility => ({ id, name, type: 'embedded', categories: ['health'], status: 'open', district: '', lng, lat: 31.23, source: 's', synthetic: false });
  it('skips incoming facilities with the same name within 50 m and renames clashing ids', () => {
    const loaded = [f('a', '甲', 121.47), f('b', '乙', 121.48)];
    const incoming = [f('x', '甲', 121.4703), f('a', '丙', 121.49), f('y', '乙', 121.49)];
    const { facilities, skipped } = mergeFacilities(loaded, incoming);
    expect(skipped.map((s) => [s.facility.id, s.of.id])).toEqual([['x', 'a']]);
    expect(facilities.map((x) => x.id)).toEqual(['a', 'b', 'a~2', 'y']);
    expect(loaded).toHaveLength(2); // input untouched
  });

  it('lists what a merge skipped as a downloadable CSV (BOM, formula-safe, with the loaded twin)', () => {
    const loaded = [f('a', '=SUM(A1)', 121.47)];
    const { skipped } = mergeFacilities(loaded, [f('x', '=SUM(A1)', 121.4702)]);
    const csv = mergeSkippedCsv(skipped, 'en');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('reason,name,type,categories,status,district,street,address,lng (WGS84),lat (WGS84),duplicate of,distance (m)');
    expect(lines[1]).toContain(",'=SUM(A1),embedded,health,open,");
    expect(lines[1]).toMatch(/,'=SUM\(A1\) \(s\),19$/);
  });
});

describe('command-line report', async () => {
  const { cliImportReport, parseCrsFlag } = await import('../../src/io/cliReport');
  it('parses --crs values', () => {
    expect(parseCrsFlag('GCJ-02')).toEqual({ crs: 'gcj02' });
    expect(parseCrsFlag('bd09')).toEqual({ crs: 'bd09' });
    expect(parseCrsFlag(undefined)).toEqual({ crs: 'auto' });
    expect(parseCrsFlag('utm')).toHaveProperty('error');
  });
  it('summarises and names the rejected-rows file', () => {
    const r = parseFacilityFile(fixture('facilities-gbk.csv'), base);
    const rep = cliImportReport(r, 'data/设施.csv');
    expect(rep.lines[0]).toBe('data/设施.csv: 13 rows, 7 loaded, 6 rejected, 1 with warnings (encoding gb18030, header line 2)');
    expect(rep.rejected?.fileName).toBe('data/设施.rejected.csv');
    expect(rep.rejected?.csv.startsWith('\uFEFF')).toBe(true);
  });
});

describe('district of rows that name none', () => {
  it('is the district outline the point lies in', () => {
    const sq = (x0: number, y0: number, x1: number, y1: number) => ({
      type: 'Polygon' as const,
      coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
    });
    const regions = [
      { keys: ['310107'], geometry: sq(121.3, 31.2, 121.45, 31.3), bbox: [121.3, 31.2, 121.45, 31.3] as const },
      { keys: ['310101'], geometry: sq(121.45, 31.2, 121.52, 31.3), bbox: [121.45, 31.2, 121.52, 31.3] as const },
    ];
    const r = parseFacilityFile(utf8('名称,区,服务类别,经度,纬度\n甲,,健康服务,121.40,31.25\n乙,,健康服务,121.50,31.25\n丙,,健康服务,121.60,31.25\n丁,黄浦区,健康服务,121.40,31.25\n'), { ...base, regions });
    expect(r.facilities.map((f) => [f.name, f.district])).toEqual([['甲', '310107'], ['乙', '310101'], ['丙', ''], ['丁', '310101']]);
  });
});

describe('import time that does not blow up (issue 14 item 10)', () => {
  it('duplicates found with the per-name spatial hash equal a brute-force scan in file order', () => {
    const r = rng(77);
    const rows: string[] = ['名称,服务类别,经度,纬度'];
    const pts: { name: string; lng: number; lat: number; line: number }[] = [];
    for (let i = 0; i < 3000; i++) {
      // few names, points packed in a small area: many within 50 m of each other, across hash cells
      const name = ['社区食堂', '社区 食堂', '卫生站', `站${i}`][Math.floor(r() * 4)];
      const lng = 121.47 + r() * 0.004;
      const lat = 31.23 + r() * 0.004;
      rows.push(`${name},社区助餐,${lng.toFixed(6)},${lat.toFixed(6)}`);
      pts.push({ name, lng: Number(lng.toFixed(6)), lat: Number(lat.toFixed(6)), line: i + 2 });
    }
    const res = parseFacilityFile(utf8(`${rows.join('\n')}\n`), base);
    // reference: every row against the earlier kept rows of the same normalised name
    const key = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s/g, '');
    const R = 6371008.8;
    const dist = (a: { lng: number; lat: number }, b: { lng: number; lat: number }) => {
      const rad = Math.PI / 180;
      const dLat = (b.lat - a.lat) * rad;
      const dLng = (b.lng - a.lng) * rad;
      const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
      return 2 * R * Math.asin(Math.sqrt(h));
    };
    const kept: typeof pts = [];
    const expected: [number, number][] = [];
    for (const p of pts) {
      const of = kept.find((k) => key(k.name) === key(p.name) && dist(k, p) <= 50);
      if (of) expected.push([p.line, of.line]);
      else kept.push(p);
    }
    const got = res.rejected.filter((x) => x.code === 'duplicate').map((x) => [x.line, x.params.otherLine]);
    expect(expected.length).toBeGreaterThan(500);
    // rows within a metre or two of 50 m may fall either way between two distance formulas
    const borderline = expected.filter(([l, o]) => Math.abs(dist(pts[l - 2], pts[o - 2]) - 50) < 0.05).length;
    expect(Math.abs(got.length - expected.length)).toBeLessThanOrEqual(borderline);
    const gotMap = new Map(got.map(([l, o]) => [l, o]));
    const same = expected.filter(([l, o]) => gotMap.get(l) === o).length;
    expect(same).toBeGreaterThanOrEqual(expected.length - 2 * borderline);
  }, 60_000);

  it('a very long unknown category cell is still suggested from its start, and every row reports it', () => {
    const long = `养老${'某'.repeat(5000)}`;
    const res = parseFacilityFile(utf8(`名称,服务类别,经度,纬度\n${Array.from({ length: 50 }, (_, i) => `点${i},${long},121.47,31.2${i % 10}`).join('\n')}\n`), base);
    expect(res.rejected).toHaveLength(50);
    expect(res.rejected.every((x) => x.code === 'category-unknown' && x.params.suggestion === '养老服务')).toBe(true);
    expect(res.detected.unknownCategories).toEqual([{ value: long, count: 50, suggestion: 'elderly', suggestions: ['elderly'] }]);
  });
});

describe('one source category, several of ours (issue 13 item 15)', () => {
  it('养老托育 is 养老服务 + 托育服务; with 健康服务 the row keeps all three; a user mapping can name several', () => {
    const res = parseFacilityFile(utf8('名称,服务类别,经度,纬度\n甲,养老托育,121.47,31.23\n乙,养老托育、健康服务,121.48,31.23\n丙,一老一小服务站,121.49,31.23\n'), base);
    expect(res.facilities.map((f) => [f.name, f.categories])).toEqual([
      ['甲', ['elderly', 'childcare']],
      ['乙', ['elderly', 'childcare', 'health']],
    ]);
    expect(res.detected.unknownCategories).toEqual([{ value: '一老一小服务站', count: 1, suggestion: 'elderly', suggestions: ['elderly', 'childcare'] }]);
    const again = parseFacilityFile(utf8('名称,服务类别,经度,纬度\n丙,一老一小服务站,121.49,31.23\n'), { ...base, categoryAliases: { 一老一小服务站: ['elderly', 'childcare', 'meals'] } });
    expect(again.facilities[0].categories).toEqual(['elderly', 'childcare', 'meals']);
  });
});

describe('every issue names its row and every bad field (issue 13 item 17)', () => {
  it('warnings carry the row name; a row with both coordinates bad reports both', () => {
    const res = parseFacilityFile(utf8('编号,名称,服务类别,状态,经度,纬度\n1,甲站,健康服务,神秘状态,121.47,31.23\n2,乙站,健康服务,已建成,abc,xyz\n3,丙站,健康服务,已建成,,北纬三十\n'), base);
    expect(res.warnings).toEqual([expect.objectContaining({ line: 2, code: 'status-unknown', name: '甲站' })]);
    const both = res.rejected.find((r) => r.line === 3);
    expect(both).toMatchObject({ code: 'coords-unparsable', column: '经度, 纬度', name: '乙站', params: { lng: 'abc', lat: 'xyz' } });
    expect(issueText(both!.code, both!.params, 'en')).toBe('Neither longitude nor latitude is readable: longitude "abc", latitude "xyz"');
    expect(res.rejected.find((r) => r.line === 4)).toMatchObject({ code: 'coords-unparsable', name: '丙站', params: { lng: '', lat: '北纬三十' } });
  });
});
