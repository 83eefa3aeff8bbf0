// Gap report (src/report/gapReport.ts) and scenario diff (src/report/scenarioDiff.ts) on
// results of the real coverage engine over small hand-made units.
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import Papa from 'papaparse';
import type { Feature, Polygon } from 'geojson';
import { CoverageEngine } from '../../src/geo/coverageEngine';
import type { CoverageResult, EngineFacility } from '../../src/geo/coverageTypes';
import { defaultWalkParams } from '../../src/domain/walk';
import type { Category, UnitFeature } from '../../src/domain/types';
import { SOURCES } from '../../src/data/sources';
import { buildSitingModel, suggestSites } from '../../src/geo/siting';
import { buildGapReport, gapReportCsv, gapReportFileStem, gapReportText, type GapReportInput, type ReportDoc } from '../../src/report/gapReport';
import { gapReportMarkdown } from '../../src/report/markdownReport';
import standardsJson from '../../geodata/standards.json';
import type { StandardsFile } from '../../src/report/standards';
import { scenarioDiff } from '../../src/report/scenarioDiff';

const CATS: Category[] = [
  { id: 'a', zh: '养老服务', en: 'Elderly care', color: '#000', minutes: 5, standardRadiusM: 300, standard: 't' },
  { id: 'b', zh: '健康服务', en: 'Health', color: '#000', minutes: 15, standardRadiusM: 1000, standard: 't' },
];
const LNG0 = 121.40, LAT0 = 31.20, DLNG = 1 / 95.24, DLAT = 1 / 111.19;
const at = (x: number, y: number): [number, number] => [LNG0 + x * DLNG, LAT0 + y * DLAT];
function square(id: string, name: string, district: string, x: number, y: number, pop: number): UnitFeature {
  const ring = [at(x, y), at(x + 1.5, y), at(x + 1.5, y + 1.5), at(x, y + 1.5), at(x, y)];
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id, name, district, area_km2: 2.25, pop_est: pop, pop_source: 'census-2020-district-spread' } };
}
// 3 × 2 units, two districts; one unit name that would run as a formula in a spreadsheet
const UNITS: UnitFeature[] = [
  square('u1', '=HYPERLINK("http://x","y")', '310101', 0, 0, 30000),
  square('u2', '东单元|2', '310101', 1.5, 0, 20000),
  square('u3', '西单元', '310101', 3, 0, 10000),
  square('u4', '@SUM(1)', '310104', 0, 1.5, 25000),
  square('u5', '-2+3', '310104', 1.5, 1.5, 15000),
  square('u6', '+cmd', '310104', 3, 1.5, 5000),
];
const FACS: EngineFacility[] = [
  { id: 'f1', lng: at(0.7, 0.7)[0], lat: at(0.7, 0.7)[1], categories: ['a', 'b'] },
  { id: 'f2', lng: at(3.8, 2.2)[0], lat: at(3.8, 2.2)[1], categories: ['a'] },
];
const TRIAL: EngineFacility = { id: 'trial-1', lng: at(2.25, 0.75)[0], lat: at(2.25, 0.75)[1], categories: ['a', 'b'] };

function results(): { before: CoverageResult; after: CoverageResult } {
  const eng = new CoverageEngine(CATS);
  eng.setUnits(UNITS);
  eng.setFacilities(FACS);
  const before = structuredClone(eng.compute(defaultWalkParams()));
  eng.upsertFacility(TRIAL);
  const after = structuredClone(eng.getResult() as CoverageResult);
  return { before, after };
}
const { before, after } = results();

function input(over: Partial<GapReportInput> = {}): GapReportInput {
  return {
    lang: 'zh',
    scope: { kind: 'district', code: '310101' },
    result: before,
    categories: CATS,
    districtNames: new Map([['310101', { zh: '黄浦区', en: 'Huangpu' }], ['310104', { zh: '徐汇区', en: 'Xuhui' }]]),
    unitNames: new Map(UNITS.map((u) => [u.properties.id, u.properties.name])),
    sources: SOURCES,
    datasets: [{ label: '+demo-facilities.json (synthetic)', synthetic: true, count: 2 }],
    unitsLabel: 'hex-3km2',
    synthetic: true,
    date: '2025-11-30',
    unitFeatures: UNITS,
    standards: standardsJson as StandardsFile,
    ...over,
  };
}

const NOTICE = '示例数据，位置为模拟';
const parseCsv = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, '').replace(/\r\n$/, ''), { skipEmptyLines: false }).data;

/** The table right after the first heading containing `heading`. */
function tableAfter(doc: ReportDoc, heading: string) {
  const i = doc.blocks.findIndex((b) => b.kind === 'heading' && b.text.includes(heading));
  expect(i).toBeGreaterThanOrEqual(0);
  const b = doc.blocks.slice(i + 1).find((x) => x.kind === 'table' || x.kind === 'heading');
  if (b?.kind !== 'table') throw new Error(`no table after ${heading}`);
  return b;
}

describe('gap report', () => {
  it('Markdown and text carry the synthetic notice, the parameters line, the date and the sources with vintage and CRS', () => {
    for (const lang of ['zh', 'en'] as const) {
      const inp = input({ lang });
      for (const text of [gapReportMarkdown(inp), gapReportText(inp)]) {
        expect(text).toContain(NOTICE);
        expect(text).toContain(before.paramsText);
        expect(text).toContain('2025-11-30');
        expect(text).toContain('EPSG:4326 (WGS84)');
        expect(text).toContain('2020-11-01'); // census vintage
      }
    }
    const real = input({ synthetic: false, datasets: [{ label: 'mine.csv', synthetic: false, count: 2 }] });
    for (const text of [gapReportMarkdown(real), gapReportText(real)]) expect(text).not.toContain(NOTICE);
  });

  it('has the sections in the order the issue asks for', () => {
    const doc = buildGapReport(input({ scope: { kind: 'city' } }));
    expect(doc.blocks[0].kind).toBe('cover');
    const heads = doc.blocks.filter((b) => b.kind === 'heading' && b.level === 1).map((b) => (b as { text: string }).text);
    expect(heads).toEqual(['一、主要结论', '二、方法与参数', '三、地图', '四、图表', '五、分单元统计', '六、标准对照', '七、问题清单', '八、局限与说明']);
    const figs = doc.blocks.filter((b) => b.kind === 'figure').map((b) => (b as { figure: { id: string } }).figure.id);
    expect(figs).toEqual(['map-coverage', 'map-facilities', 'chart-coverage', 'chart-time']); // slot = complete: no second map
  });

  it('ledger CSV: one table (header + rows, no prose), BOM, CRLF, rows = unit × category below the target, figures from the engine', () => {
    const csv = gapReportCsv(input({ scope: { kind: 'city' } }));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('\r\n');
    const rows = parseCsv(csv);
    const head = rows[0];
    expect(head).toEqual(['序号', '单元', '所在区', '类别', '指标', '现状值', '标准/目标', '差距', '未覆盖人口（估算）', '建议措施', '数据来源']);
    for (const r of rows) expect(r.length).toBe(head.length);
    for (const c of rows.flat()) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    // independently: every unit × category whose covered residents are below 85 %
    const S = before.slots.length;
    const expected: { name: string; cat: string; pct: number; unc: number }[] = [];
    UNITS.forEach((u, i) => CATS.forEach((c, s) => {
      const pct = (100 * before.popCovered[i * S + s]) / before.unitPop[i];
      if (pct < 85) expected.push({ name: u.properties.name, cat: c.zh, pct, unc: before.unitPop[i] - before.popCovered[i * S + s] });
    }));
    expect(rows.length - 1).toBe(expected.length);
    for (const e of expected) {
      const safeName = /^[=+\-@]/.test(e.name) ? `'${e.name}` : e.name;
      const row = rows.find((r) => r[1] === safeName && r[3] === e.cat);
      expect(row, `${e.name} ${e.cat}`).toBeDefined();
      expect(Number(row![5])).toBeCloseTo(e.pct, 2);
      expect(Number(row![7])).toBeCloseTo(85 - e.pct, 2);
      expect(Number(row![8])).toBe(Math.round(e.unc));
    }
    // sorted by residents not covered
    const unc = rows.slice(1).map((r) => Number(r[8]));
    expect(unc).toEqual([...unc].sort((a, b) => b - a));
  });

  it('hostile names: escaped in Markdown, no formula in text or CSV cells, control characters stripped', () => {
    const hostile = [
      '<img src=x onerror=alert(1)>', '[点我](javascript:alert(1))', '![x](http://evil.example/x.png)', 'a|b', '=1+1\t=2', 'bell\u0007x', 'cr\r=cmd', 'https://evil.example',
    ];
    const units = UNITS.map((u, i) => (i < hostile.length ? { ...u, properties: { ...u.properties, name: hostile[i] } } : u));
    const inp = input({ scope: { kind: 'city' }, unitNames: new Map(units.map((u) => [u.properties.id, u.properties.name])), datasets: [{ label: '<b>x</b>.csv', synthetic: true, count: 2 }] });
    const md = gapReportMarkdown(inp);
    expect(md).not.toMatch(/(^|[^\\])<(img|b)/m);
    // no link or image syntax from names (the only images are the report's own SVG figures)
    const prose = md.split('\n').filter((l) => !/^!\[[^\]]*\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+\)$/.test(l)).join('\n');
    expect(prose).not.toMatch(/[^\\]\]\(/);
    expect(md.split('\n').filter((l) => l.startsWith('![')).length).toBe(4);
    expect(md).not.toContain('\u0007');
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(md).not.toMatch(/https:\/\/evil/);
    const tables = md.split('\n\n').filter((b) => b.startsWith('|'));
    for (const t of tables) {
      const counts = t.split('\n').map((l) => l.replace(/\\\|/g, '').split('|').length);
      expect(new Set(counts).size).toBe(1);
    }
    const text = gapReportText(inp);
    for (const line of text.split('\n')) for (const cell of line.split('\t')) expect(cell).not.toMatch(/^[=+@]/);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    const cells = parseCsv(gapReportCsv(inp)).flat();
    for (const c of cells) {
      expect(c).not.toMatch(/^[=+\-@\t\r]/);
      expect(c).not.toMatch(/[\u0000-\u001f]/);
    }
  });

  it('marks census-spread population as an estimate', () => {
    const md = gapReportMarkdown(input());
    expect(md).toContain('人口覆盖率（估算）');
    expect(md).toContain('按陆域面积平均分摊');
    expect(gapReportMarkdown(input({ lang: 'en' }))).toContain('Residents covered (estimate)');
    const pts = { ...before, popSource: 'demand-points' };
    const md2 = gapReportMarkdown(input({ result: pts, demandLabel: '小区.csv' }));
    expect(md2).not.toContain('（估算）');
    expect(md2).toContain('小区.csv');
  });

  it('says when unit populations come from the OSM density surface, with the OSM notice; no OSM notice otherwise', () => {
    const dasy = UNITS.map((u) => ({ ...u, properties: { ...u.properties, pop_source: 'census-2020-dasymetric' } }));
    const text = gapReportText(input({ unitFeatures: dasy }));
    expect(text).toContain('按 OpenStreetMap 公交站与服务点密度分配');
    expect(text).toContain('含 OpenStreetMap 数据'); // the notice (the sources table lists OSM's licence either way)
    const plain = gapReportText(input());
    expect(plain).toContain('按陆域面积平均分摊');
    expect(plain).not.toContain('含 OpenStreetMap 数据');
  });

  it('lists the units of the scope with the largest uncovered population first', () => {
    const doc = buildGapReport(input({ slot: 'a' }));
    const table = tableAfter(doc, '缺口最大的单元').rows;
    const S = before.slots.length;
    const expected = [0, 1, 2]
      .map((u) => ({ name: UNITS[u].properties.name, unc: before.unitPop[u] - before.popCovered[u * S + 0] }))
      .sort((a, b) => b.unc - a.unc);
    expect(table.map((r) => r[1].t)).toEqual(expected.map((e) => e.name));
    table.forEach((r, i) => expect(r[6].v).toBe(Math.round(expected[i].unc)));
    expect(table.every((r) => r[2].t === '黄浦区')).toBe(true);
  });

  it('explains a near-zero “complete” figure from the figures', () => {
    const doc = buildGapReport(input({ scope: { kind: 'city' } }));
    const S = before.slots.length;
    const complete = (100 * before.city.popCovered[S - 1]) / before.city.pop;
    const text = gapReportText(input({ scope: { kind: 'city' } }));
    if (complete < 5) {
      expect(text).toContain('关于“全部达标”接近 0%');
      // names the lowest category with its share
      const low = [0, 1].map((s) => ({ s, v: (100 * before.city.popCovered[s]) / before.city.pop })).sort((a, b) => a.v - b.v)[0];
      expect(text).toContain(`${CATS[low.s].zh} ${low.v.toFixed(1)}%`);
    } else expect(text).not.toContain('关于“全部达标”');
    expect(doc.blocks.length).toBeGreaterThan(10);
  });

  it('standards: each category with GB 50180-2018 clause and whether the scope meets the target', () => {
    const doc = buildGapReport(input({ scope: { kind: 'city' } }));
    const t = tableAfter(doc, '六、标准对照');
    expect(t.rows.length).toBe(CATS.length);
    // categories a/b are not in standards.json (ids differ): said so; real ids are covered below
    expect(t.rows[0][1].t).toBe('标准文件未列此类别');
    const real = [{ ...CATS[0], id: 'elderly' }, { ...CATS[1], id: 'health' }];
    const eng = new CoverageEngine(real);
    eng.setUnits(UNITS);
    eng.setFacilities(FACS.map((f) => ({ ...f, categories: f.categories.map((c) => (c === 'a' ? 'elderly' : 'health')) })));
    const r2 = eng.compute(defaultWalkParams());
    const doc2 = buildGapReport(input({ scope: { kind: 'city' }, result: r2, categories: real }));
    const t2 = tableAfter(doc2, '六、标准对照');
    expect(t2.rows[0][2].t).toContain('GB 50180-2018');
    expect(t2.rows[0][2].t).toContain('老年人日间照料中心服务半径不宜大于 300 m');
    expect(t2.rows[1][2].t).toContain('社区卫生服务中心');
    const share = (s: number) => (100 * r2.city.popCovered[s]) / r2.city.pop;
    [0, 1].forEach((s) => expect(t2.rows[s][5].t.startsWith(share(s) >= 85 ? '达标' : '未达标')).toBe(true));
    expect(gapReportText(input({ scope: { kind: 'city' }, result: r2, categories: real }))).toContain('GB 50180-2018 第 3.0.4 条');
  });

  it('shows trial sites and before → after when the baseline is comparable; a trial outside the scope is listed apart', () => {
    const trials = [
      { name: '拟建人民坊 1', type: 'renminfang' as const, categories: ['a', 'b'], lng: TRIAL.lng, lat: TRIAL.lat, district: '310101' },
      { name: '拟建六艺亭 2', type: 'liuyiting' as const, categories: ['a'], lng: at(3.8, 2.2)[0], lat: at(3.8, 2.2)[1], district: '310104' },
    ];
    const doc = buildGapReport(input({ result: after, baseline: before, trials }));
    const cov = tableAfter(doc, '各类别覆盖情况');
    const d0 = before.districts.find((x) => x.code === '310101')!;
    const d1 = after.districts.find((x) => x.code === '310101')!;
    const row = cov.rows.find((r) => r[0].t === '养老服务')!;
    expect(row[2].v).toBeCloseTo((100 * d0.coveredM2[0]) / d0.areaM2, 2);
    expect(row[3].v).toBeCloseTo((100 * d1.coveredM2[0]) / d1.areaM2, 2);
    expect(row[6].v).toBe(Math.round(d1.popCovered[0] - d0.popCovered[0]));
    expect(Number(row[6].v)).toBeGreaterThan(1000);
    const inside = tableAfter(doc, '八、拟建试点');
    expect(inside.rows.map((r) => r[1].t)).toEqual(['拟建人民坊 1']);
    const outside = tableAfter(doc, '范围外的拟建试点');
    expect(outside.rows.map((r) => r[1].t)).toEqual(['拟建六艺亭 2']);
    // the ledger names the trial site as the measure for the units it lies in
    expect(doc.ledgerRows.some((r) => r[9].t.includes('拟建人民坊 1'))).toBe(true);
    const other = { ...before, paramsText: before.paramsText + ' x' };
    const md = gapReportMarkdown(input({ result: after, baseline: other, trials }));
    expect(md).toContain('参数改变后');
    expect(md).not.toContain('用地覆盖率 试点前');
  });

  it('site suggestions outside the scope are not the scope’s: listed apart and labelled', () => {
    const model = buildSitingModel(UNITS);
    const sgIn = suggestSites(model, CATS, { categories: ['a'], scope: '310101', k: 3, params: defaultWalkParams(), facilities: FACS });
    const doc = buildGapReport(input({ suggestions: sgIn }));
    const t = tableAfter(doc, '八、选址建议');
    t.rows.forEach((r, i) => {
      expect(r[0].v).toBe(i + 1);
      expect(r[4].v).toBe(Math.round(sgIn.suggestions[i].gainPop));
    });
    const sgOut = suggestSites(model, CATS, { categories: ['a'], scope: '310104', k: 2, params: defaultWalkParams(), facilities: FACS });
    const doc2 = buildGapReport(input({ suggestions: sgOut }));
    const text = gapReportText(input({ suggestions: sgOut }));
    expect(text).toContain('当前选址建议均不在报告范围内');
    const out = tableAfter(doc2, '范围外的选址建议');
    expect(out.rows.length).toBe(2);
    expect(out.rows.every((r) => r[2].t === '徐汇区')).toBe(true);
    expect(doc2.ledgerRows.some((r) => r[9].t.includes('选址建议'))).toBe(false);
  });

  it('a selection of units: figures are the sums over those units, nothing else is in the tables', () => {
    const doc = buildGapReport(input({ scope: { kind: 'units', ids: ['u2', 'u5'] } }));
    expect(doc.scopeName).toContain('所选 2 个单元');
    const S = before.slots.length;
    const pop = before.unitPop[1] + before.unitPop[4];
    const cov = before.popCovered[1 * S + 1] + before.popCovered[4 * S + 1];
    const row = tableAfter(doc, '各类别覆盖情况').rows.find((r) => r[0].t === '健康服务')!;
    expect(row[3].v).toBeCloseTo((100 * cov) / pop, 2);
    const names = new Set(doc.ledger.map((l) => l.unitId));
    for (const id of names) expect(['u2', 'u5']).toContain(id);
    expect(tableAfter(doc, '缺口最大的单元').rows.map((r) => r[1].t).sort()).toEqual(['-2+3', '东单元|2'].sort());
  });

  it('network results: units without network data are left out of the shares (never 0 %), drawn grey; the overstatement table lists the rest', () => {
    const S = before.slots.length;
    const r = structuredClone(before);
    // unit u3 (index 2) outside the network's extent
    for (let s = 0; s < S; s++) { r.coveredM2[2 * S + s] = NaN; r.popCovered[2 * S + s] = NaN; }
    r.engine = { ...r.engine, walkModel: 'network' };
    const byUnit = new Map([['u1', 12.5], ['u2', 3], ['u3', NaN]]);
    const doc = buildGapReport(input({ result: r, scope: { kind: 'units', ids: ['u2', 'u3'] }, overstatement: { slot: 'b', byUnit } }));
    const row = tableAfter(doc, '各类别覆盖情况').rows.find((x) => x[0].t === '健康服务')!;
    expect(row[3].v).toBeCloseTo((100 * before.popCovered[1 * S + 1]) / before.unitPop[1], 2); // u2 alone
    const text = gapReportText(input({ result: r, scope: { kind: 'units', ids: ['u2', 'u3'] }, overstatement: { slot: 'b', byUnit } }));
    expect(text).toContain('位于载入路网的范围之外');
    expect(text).toContain('步行路网：步速');
    expect(doc.ledger.every((l) => l.unitId !== 'u3')).toBe(true);
    const map = doc.blocks.find((b) => b.kind === 'figure' && b.figure.id === 'map-coverage');
    expect(JSON.stringify(map)).toContain('无路网数据');
    expect(doc.blocks.some((b) => b.kind === 'figure' && b.figure.id === 'map-overstatement')).toBe(true);
    const over = tableAfter(doc, '直线圆与步行路网对比');
    expect(over.rows.map((x) => x[0].t)).toEqual(['东单元|2']); // u2 only: u1 is outside the scope, u3 has no data
    expect(over.rows[0][4].v).toBe(3);
  });

  it('network results: the ledger CSV carries each row\'s straight-line overstatement; the printed ledger does not', () => {
    const S = before.slots.length;
    const r = structuredClone(before);
    for (let s = 0; s < S; s++) { r.coveredM2[2 * S + s] = NaN; r.popCovered[2 * S + s] = NaN; }
    r.engine = { ...r.engine, walkModel: 'network' };
    const byUnitCategory = new Map(['u1', 'u2', 'u4'].map((id, k) => [id, new Map(CATS.map((c, j) => [c.id, 10 * k + j + 0.123]))]));
    const over = { slot: 'b', byUnit: new Map([['u1', 1]]), byUnitCategory };
    const doc = buildGapReport(input({ result: r, scope: { kind: 'city' }, overstatement: over }));
    const rows = parseCsv(gapReportCsv(input({ result: r, scope: { kind: 'city' }, overstatement: over })));
    expect(rows[0].at(-1)).toBe('直线高估（百分点，用地）');
    expect(rows[0].at(-2)).toBe('数据来源');
    expect(rows.length).toBe(doc.ledger.length + 1);
    expect(doc.ledger.length).toBeGreaterThan(0);
    doc.ledger.forEach((l, i) => {
      const v = byUnitCategory.get(l.unitId)?.get(l.categoryId);
      expect(rows[i + 1].at(-1)).toBe(v === undefined ? '' : String(Math.round(v * 100) / 100));
    });
    const printed = doc.blocks.find((b) => b.kind === 'table' && b.head[0] === '序号');
    expect(printed && printed.kind === 'table' && printed.head.at(-1)).toBe('建议措施');
    // circles: no such column
    expect(parseCsv(gapReportCsv(input({ scope: { kind: 'city' } })))[0].at(-1)).toBe('数据来源');
  });

  it('a unit scope reports that unit’s figures; the file name is safe', () => {
    const md = gapReportMarkdown(input({ scope: { kind: 'unit', id: 'u3' } }));
    expect(md).toContain('规划单元 西单元（黄浦区）');
    expect(md).not.toContain('缺口最大的单元');
    const S = before.slots.length;
    const share = ((100 * before.coveredM2[2 * S + 1]) / before.unitAreaM2[2]).toFixed(1);
    expect(md).toMatch(new RegExp(`\\| 健康服务 \\| [^|]+ \\| ${share.replace('.', '\\.')}% \\|`));
    expect(gapReportMarkdown(input({ scope: { kind: 'unit', id: '310107014' }, unitKind: 'street', unitNames: new Map([['310107014', '曹杨新村街道']]) }))).toBeTypeOf('string');
    expect(gapReportFileStem({ lang: 'zh', date: '2025-11-30' }, '上海市/a:b')).toBe('缺口报告-上海市_a_b-2025-11-30');
    expect(gapReportFileStem({ lang: 'en', date: '2025-11-30' }, 'Shanghai')).toBe('gap-report-Shanghai-2025-11-30');
  });
});

describe('scenario diff', () => {
  it('finds exactly the units the trial site’s reach touches, and sums them to the city', () => {
    const diff = scenarioDiff(before, after)!;
    expect(diff).not.toBeNull();
    // units the larger reach (health, 15 min) intersects, independently with Turf
    const reachB = after.categories[1].reachM;
    const disc = turf.circle([TRIAL.lng, TRIAL.lat], reachB / 1000, { steps: 256, units: 'kilometers' });
    const touched = UNITS.filter((u) => turf.booleanIntersects(disc, u as unknown as Feature<Polygon>)).map((u) => u.properties.id).sort();
    expect(diff.units.map((u) => u.id).sort()).toEqual(touched);
    for (let s = 0; s < diff.slots.length; s++) {
      const sum = diff.units.reduce((acc, u) => acc + u.slots[s].popAfter - u.slots[s].popBefore, 0);
      expect(diff.city.slots[s].popAfter - diff.city.slots[s].popBefore).toBeCloseTo(sum, 3);
    }
    // districts: both touched
    expect(diff.districts.map((d) => d.id).sort()).toEqual([...new Set(diff.units.map((u) => u.district))].sort());
  });

  it('is null when parameters differ', () => {
    expect(scenarioDiff({ ...before, paramsText: 'other' }, after)).toBeNull();
  });
});
