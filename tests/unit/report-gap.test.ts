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
import { gapReportCsv, gapReportFileStem, gapReportMarkdown, gapReportRows, gapReportText, type GapReportInput } from '../../src/report/gapReport';
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
    ...over,
  };
}

const NOTICE = '示例数据，位置为模拟';
const parseCsv = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: false }).data;

describe('gap report', () => {
  it('every rendering carries the synthetic notice, the parameters line, the date and the sources with vintage and CRS', () => {
    for (const lang of ['zh', 'en'] as const) {
      const inp = input({ lang });
      for (const text of [gapReportMarkdown(inp), gapReportText(inp), gapReportCsv(inp)]) {
        expect(text).toContain(NOTICE);
        expect(text).toContain(before.paramsText);
        expect(text).toContain('2025-11-30');
        expect(text).toContain('EPSG:4326 (WGS84)');
        expect(text).toContain('2020-11-01'); // census vintage
      }
    }
    // and not when no synthetic facility is in the data
    const real = input({ synthetic: false, datasets: [{ label: 'mine.csv', synthetic: false, count: 2 }] });
    for (const text of [gapReportMarkdown(real), gapReportText(real), gapReportCsv(real)]) expect(text).not.toContain(NOTICE);
  });

  it('CSV: UTF-8 BOM, CRLF, formula-like cells neutralised, raw numbers', () => {
    const csv = gapReportCsv(input({ scope: { kind: 'city' } }));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('\r\n');
    const rows = parseCsv(csv);
    const cells = rows.flat();
    // no cell may start with = + - @ tab or CR
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells).toContain(`'=HYPERLINK("http://x","y")`);
    expect(cells).toContain("'@SUM(1)");
    expect(cells).toContain("'-2+3");
    expect(cells).toContain("'+cmd");
    // the category table: land share of category a in the city as a raw number, from the city row
    const d = before.city;
    const row = rows.find((r) => r[0] === '养老服务')!;
    expect(Number(row[2])).toBeCloseTo((100 * d.coveredM2[0]) / d.areaM2, 2);
    expect(Number(row[3])).toBeCloseTo((100 * d.popCovered[0]) / d.pop, 2);
    expect(Number(row[4])).toBe(Math.round(d.pop - d.popCovered[0]));
  });

  it('plain text neutralises formula-like cells too; Markdown escapes table pipes', () => {
    const text = gapReportText(input());
    expect(text).toContain(`\t'=HYPERLINK`);
    expect(text).not.toMatch(/(^|\t)=HYPERLINK/m);
    const md = gapReportMarkdown(input());
    expect(md).toContain('东单元\\|2');
    // every table line has the same number of unescaped pipes as its header
    const tables = md.split('\n\n').filter((b) => b.startsWith('|'));
    expect(tables.length).toBeGreaterThanOrEqual(3);
    for (const t of tables) {
      const counts = t.split('\n').map((l) => l.replace(/\\\|/g, '').split('|').length);
      expect(new Set(counts).size).toBe(1);
    }
  });

  it('marks census-spread population as an estimate', () => {
    const md = gapReportMarkdown(input());
    expect(md).toContain('人口覆盖率（估算）');
    expect(md).toContain('按陆域面积平均分摊');
    const en = gapReportMarkdown(input({ lang: 'en' }));
    expect(en).toContain('Residents covered (estimate)');
    const pts = { ...before, popSource: 'demand-points' };
    const md2 = gapReportMarkdown(input({ result: pts, demandLabel: '小区.csv' }));
    expect(md2).not.toContain('（估算）');
    expect(md2).toContain('小区.csv');
  });

  it('lists the units of the scope with the largest uncovered population first', () => {
    const rows = gapReportRows(input({ slot: 'a' }));
    const head = rows.findIndex((r) => r[0] === '排名' && r[1] === '单元');
    const table = rows.slice(head + 1, head + 4);
    const S = before.slots.length;
    const expected = [0, 1, 2]
      .map((u) => ({ name: UNITS[u].properties.name, unc: before.unitPop[u] - before.popCovered[u * S + 0] }))
      .sort((a, b) => b.unc - a.unc);
    expect(table.map((r) => r[1])).toEqual(expected.map((e) => e.name));
    table.forEach((r, i) => expect(r[6]).toBe(Math.round(expected[i].unc)));
    // only units of 黄浦 (310101)
    expect(table.every((r) => r[2] === '黄浦区')).toBe(true);
  });

  it('shows trial sites and before → after when the baseline is comparable, newly covered = after − before', () => {
    const trials = [{ name: '拟建人民坊 1', type: 'renminfang' as const, categories: ['a', 'b'], lng: TRIAL.lng, lat: TRIAL.lat, district: '310101' }];
    const rows = gapReportRows(input({ result: after, baseline: before, trials }));
    const cells = rows.flat();
    expect(cells).toContain('拟建人民坊 1');
    expect(cells.some((c) => typeof c === 'string' && c.includes('拟建/trial'))).toBe(true);
    const d0 = before.districts.find((x) => x.code === '310101')!;
    const d1 = after.districts.find((x) => x.code === '310101')!;
    const row = rows.find((r) => r[0] === '养老服务')!;
    expect(row[2]).toBeCloseTo((100 * d0.coveredM2[0]) / d0.areaM2, 2);
    expect(row[3]).toBeCloseTo((100 * d1.coveredM2[0]) / d1.areaM2, 2);
    expect(row[6]).toBe(Math.round(d1.popCovered[0] - d0.popCovered[0]));
    expect(Number(row[6])).toBeGreaterThan(1000); // the trial reaches new residents
    // a baseline under other parameters is not compared
    const other = { ...before, paramsText: before.paramsText + ' x' };
    const md = gapReportMarkdown(input({ result: after, baseline: other, trials }));
    expect(md).toContain('参数改变后');
    expect(md).not.toContain('用地覆盖率 试点前');
    expect(gapReportMarkdown(input({ result: after, baseline: before, trials }))).toContain('用地覆盖率 试点前');
  });

  it('lists site suggestions with their gains', () => {
    const model = buildSitingModel(UNITS);
    const sg = suggestSites(model, CATS, { categories: ['a'], scope: '310101', k: 3, params: defaultWalkParams(), facilities: FACS });
    expect(sg.suggestions.length).toBe(3);
    const rows = gapReportRows(input({ suggestions: sg }));
    const head = rows.findIndex((r) => r[0] === '排名' && r[4] === '新增覆盖人口');
    expect(head).toBeGreaterThan(0);
    const body = rows.slice(head + 1, head + 4);
    body.forEach((r, i) => {
      expect(r[0]).toBe(i + 1);
      expect(r[4]).toBe(Math.round(sg.suggestions[i].gainPop));
      expect(r[6]).toBe(Math.round(sg.suggestions[i].cumPop));
    });
    expect(gapReportMarkdown(input({ suggestions: sg }))).toContain('贪心最大覆盖');
  });

  it('a unit scope reports that unit’s figures; the file name is safe', () => {
    const md = gapReportMarkdown(input({ scope: { kind: 'unit', id: 'u3' } }));
    expect(md).toContain('规划单元 西单元（黄浦区）');
    expect(md).not.toContain('缺口最大的单元');
    const S = before.slots.length;
    const share = ((100 * before.coveredM2[2 * S + 1]) / before.unitAreaM2[2]).toFixed(1);
    expect(md).toMatch(new RegExp(`\\| 健康服务 \\| [^|]+ \\| ${share.replace('.', '\\.')}% \\|`));
    expect(gapReportFileStem({ lang: 'zh', scope: { kind: 'city' }, date: '2025-11-30' }, '上海市/a:b')).toBe('缺口报告-上海市_a_b-2025-11-30');
    expect(gapReportFileStem({ lang: 'en', scope: { kind: 'city' }, date: '2025-11-30' }, 'Shanghai')).toBe('gap-report-Shanghai-2025-11-30');
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
