import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildPlanTable,
  completionRate,
  countFacilitiesByDistrict,
  DISTRICT_NAMES_EN,
  formatRate,
  planTotals,
  PLAN_COUNT_COLUMNS,
  sortPlanRows,
  type PlanDistrictRow,
} from '../../src/domain/plan';
import { parseCensusCsv, parsePlanCsv, PlanDataError } from '../../src/io/planCsv';
import { planTableToRows } from '../../src/report/planExport';
import { translate, type Key } from '../../src/i18n';
import type { Facility, FacilityStatus, FacilityType } from '../../src/domain/types';

const root = resolve(__dirname, '../..');
const planText = readFileSync(resolve(root, 'geodata/plan-2025-projects.csv'), 'utf8');
const censusText = readFileSync(resolve(root, 'geodata/census-2020-district.csv'), 'utf8');
const seedText = readFileSync(resolve(root, 'geodata/sources/2025-action-plan.txt'), 'utf8');

function facility(id: string, type: FacilityType, district: string, status: FacilityStatus = 'open'): Facility {
  return { id, name: id, type, categories: ['party'], status, district, lng: 121.47, lat: 31.23, source: 'test', synthetic: true };
}

/**
 * The annex table as printed in the seed text: lines "N 区名 a b c d e f" and "合计 a b c d e f".
 * Read independently of the CSV parser (plain regular expressions over the text).
 */
function annexFromSeed(text: string): { rows: Map<string, number[]>; total: number[] } {
  const start = text.indexOf('附件 ：2025 年“15 分钟社区生活圈”项目计划清单');
  expect(start).toBeGreaterThan(0);
  const annex = text.slice(start);
  const rows = new Map<string, number[]>();
  let total: number[] | null = null;
  for (const line of annex.split(/\r?\n/)) {
    const m = /^\s*\d{1,2} (\S+区) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)\s*$/.exec(line);
    if (m) {
      const nums = m.slice(2).map(Number);
      const prev = rows.get(m[1]);
      // the annex appears twice in the text (its table is repeated); both copies must agree
      if (prev) expect(nums).toEqual(prev);
      rows.set(m[1], nums);
    }
    const t = /^\s*合计 (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)\s*$/.exec(line);
    if (t) total = t.slice(1).map(Number);
  }
  if (!total) throw new Error('no 合计 line in the annex');
  return { rows, total };
}

describe('plan CSV against the annex of the seed text', () => {
  const plan = parsePlanCsv(planText);

  it('has the 16 districts, each once', () => {
    expect(plan).toHaveLength(16);
    expect(new Set(plan.map((r) => r.district_code)).size).toBe(16);
    expect(Object.keys(DISTRICT_NAMES_EN).sort()).toEqual(plan.map((r) => r.district_code).sort());
  });

  it('every district row equals the annex row of the seed text', () => {
    const annex = annexFromSeed(seedText);
    expect(annex.rows.size).toBe(16);
    for (const r of plan) {
      expect(annex.rows.get(r.district), r.district).toEqual(PLAN_COUNT_COLUMNS.map((c) => r[c]));
    }
  });

  it('the totals row equals the annex 合计 line and the issue figures', () => {
    const t = planTotals(plan);
    const annex = annexFromSeed(seedText);
    expect(PLAN_COUNT_COLUMNS.map((c) => t[c])).toEqual(annex.total);
    expect(PLAN_COUNT_COLUMNS.map((c) => t[c])).toEqual([2454, 2097, 71, 50, 38, 32]);
    expect(t.district).toBe('合计');
  });
});

describe('parsePlanCsv validation', () => {
  const header = 'district_code,district,projects_total,projects_done_2025,renminfang_total,renminfang_done_2025,liuyiting_total,liuyiting_done_2025';

  it('accepts a BOM and CRLF', () => {
    const rows = parsePlanCsv(`\uFEFF${header}\r\n310101,黄浦区,206,109,1,1,1,1\r\n`);
    expect(rows).toEqual([
      { district_code: '310101', district: '黄浦区', projects_total: 206, projects_done_2025: 109, renminfang_total: 1, renminfang_done_2025: 1, liuyiting_total: 1, liuyiting_done_2025: 1 },
    ]);
  });

  it('reports a missing column', () => {
    expect(() => parsePlanCsv('district_code,district,projects_total\n310101,黄浦区,1\n')).toThrow(/missing columns: projects_done_2025/);
  });

  it('reports negative or fractional counts, done > total and duplicate codes, all at once', () => {
    const text = [header, '310101,黄浦区,-1,0,1,1,1,1', '310104,徐汇区,10,11,1,1,1.5,1', '310104,徐汇区,1,1,1,1,1,1'].join('\n');
    try {
      parsePlanCsv(text);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PlanDataError);
      const p = (e as PlanDataError).problems;
      expect(p.some((s) => s.includes('line 2: projects_total "-1"'))).toBe(true);
      expect(p.some((s) => s.includes('line 3: projects_done_2025 11 > projects_total 10'))).toBe(true);
      expect(p.some((s) => s.includes('line 3: liuyiting_total "1.5"'))).toBe(true);
      expect(p.some((s) => s.includes('line 4: duplicate district_code 310104'))).toBe(true);
    }
  });

  it('rejects an empty table and a bad code', () => {
    expect(() => parsePlanCsv(`${header}\n`)).toThrow(/no rows/);
    expect(() => parsePlanCsv(`${header}\n1101,北京,1,1,1,1,1,1\n`)).toThrow(/bad district_code "1101"/);
  });
});

describe('census 2020', () => {
  const census = parseCensusCsv(censusText);
  it('has 16 districts summing to the published city total 24,870,895', () => {
    expect(census).toHaveLength(16);
    expect(census.reduce((s, c) => s + c.population_2020, 0)).toBe(24_870_895);
  });
  it('rejects a share outside [0, 1] and a zero population', () => {
    const h = 'district_code,district,population_2020,share_age_0_14,share_age_15_64,share_age_65_plus,share_urban';
    expect(() => parseCensusCsv(`${h}\n310101,黄浦区,0,0.1,0.7,0.2,1\n`)).toThrow(/population_2020 "0"/);
    expect(() => parseCensusCsv(`${h}\n310101,黄浦区,5,1.1,0.7,0.2,1\n`)).toThrow(/share_age_0_14 "1.1"/);
  });
});

describe('rates, people per facility, totals', () => {
  const plan = parsePlanCsv(planText);
  const census = parseCensusCsv(censusText);
  const table = buildPlanTable(plan, census, []);
  const byCode = new Map(table.rows.map((r) => [r.district_code, r]));

  it('completionRate is done/total and null for nothing planned', () => {
    expect(completionRate(374, 416)).toBeCloseTo(0.8990384615, 9);
    expect(completionRate(0, 0)).toBeNull();
    expect(completionRate(0, 5)).toBe(0);
  });

  it('derives rates per district (hand-computed)', () => {
    const pudong = byCode.get('310115')!;
    expect(pudong.projects_rate).toBeCloseTo(374 / 416, 12);
    expect(pudong.renminfang_rate).toBeCloseTo(11 / 14, 12);
    expect(pudong.liuyiting_rate).toBe(1);
    const qingpu = byCode.get('310118')!;
    expect(qingpu.renminfang_rate).toBeNull();
    expect(qingpu.liuyiting_rate).toBeNull();
    expect(qingpu.people_per_renminfang).toBeNull();
    expect(byCode.get('310112')!.liuyiting_rate).toBe(0); // 闵行 1 planned, 0 done
  });

  it('people per planned 人民坊 / 六艺亭 from the 2020 census', () => {
    expect(byCode.get('310115')!.people_per_renminfang).toBeCloseTo(5_681_512 / 14, 6);
    expect(byCode.get('310101')!.people_per_liuyiting).toBe(662_030);
    expect(table.totals.population_2020).toBe(24_870_895);
    expect(table.totals.people_per_renminfang).toBeCloseTo(24_870_895 / 71, 6);
    expect(table.totals.people_per_liuyiting).toBeCloseTo(24_870_895 / 38, 6);
    // the other denominator: hubs that exist in the loaded data (none loaded here)
    expect(byCode.get('310115')!.people_per_data_renminfang).toBeNull();
  });

  it('city rates come from city sums, not from averaging district rates', () => {
    expect(table.totals.projects_rate).toBeCloseTo(2097 / 2454, 12);
    expect(table.totals.renminfang_rate).toBeCloseTo(50 / 71, 12);
    expect(table.totals.liuyiting_rate).toBeCloseTo(32 / 38, 12);
    const meanOfRates = table.rows.reduce((s, r) => s + (r.projects_rate ?? 0), 0) / 16;
    expect(Math.abs(meanOfRates - 2097 / 2454)).toBeGreaterThan(1e-3);
  });

  it('a district missing from the census has null population, and the total too', () => {
    const t = buildPlanTable(plan, census.filter((c) => c.district_code !== '310151'), []);
    expect(t.rows.find((r) => r.district_code === '310151')!.population_2020).toBeNull();
    expect(t.totals.population_2020).toBeNull();
  });

  it('formatRate', () => {
    expect(formatRate(374 / 416)).toBe('89.9%');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(1, 0)).toBe('100%');
  });
});

describe('plan against loaded data', () => {
  const plan = parsePlanCsv(planText);
  const census = parseCensusCsv(censusText);
  const facilities: Facility[] = [
    facility('a', 'renminfang', '310115', 'open'),
    facility('b', 'renminfang', '310115', 'building'),
    facility('c', 'renminfang', '310115', 'planned'),
    facility('d', 'liuyiting', '310115', 'open'),
    facility('e', 'embedded', '310115', 'open'),
    facility('f', 'renminfang', '310101', 'open'),
    facility('g', 'liuyiting', '', 'open'),
    facility('h', 'renminfang', '320101', 'open'),
  ];

  it('counts by district, type and status; embedded ignored', () => {
    const c = countFacilitiesByDistrict(facilities);
    expect(c.get('310115')).toEqual({
      renminfang: { total: 3, byStatus: { planned: 1, building: 1, open: 1 } },
      liuyiting: { total: 1, byStatus: { planned: 0, building: 0, open: 1 } },
    });
    expect(c.get('')!.liuyiting.total).toBe(1);
    expect(c.has('310104')).toBe(false);
  });

  it('flags districts whose data count differs from the plan', () => {
    const t = buildPlanTable(plan, census, facilities);
    const pudong = t.rows.find((r) => r.district_code === '310115')!;
    expect([pudong.renminfang_total, pudong.data_renminfang, pudong.renminfang_differs]).toEqual([14, 3, true]);
    expect([pudong.liuyiting_total, pudong.data_liuyiting, pudong.liuyiting_differs]).toEqual([7, 1, true]);
    const huangpu = t.rows.find((r) => r.district_code === '310101')!;
    expect([huangpu.renminfang_total, huangpu.data_renminfang, huangpu.renminfang_differs]).toEqual([1, 1, false]);
    const qingpu = t.rows.find((r) => r.district_code === '310118')!;
    expect(qingpu.renminfang_differs).toBe(false); // plan 0, data 0
    expect(t.unassigned.liuyiting.total).toBe(1);
    expect(t.unassigned.renminfang.total).toBe(1); // 320101 is not a Shanghai district
    expect(t.totals.data_renminfang).toBe(5);
    expect(t.totals.data_liuyiting).toBe(2);
  });
});

describe('sortPlanRows', () => {
  const table = buildPlanTable(parsePlanCsv(planText), parseCensusCsv(censusText), []);
  const names = (rows: PlanDistrictRow[]) => rows.map((r) => r.district);

  it('sorts by a count ascending, ties in code order, without touching the input', () => {
    const before = names(table.rows);
    // hand-ordered from the annex: 67, 78, 100, 113, 120 (宝山 310113), 120 (金山 310116), 137, ...
    expect(names(sortPlanRows(table.rows, 'projects_total', 'asc'))).toEqual([
      '虹口区', '静安区', '长宁区', '闵行区', '宝山区', '金山区', '徐汇区', '崇明区',
      '奉贤区', '普陀区', '青浦区', '嘉定区', '松江区', '杨浦区', '黄浦区', '浦东新区',
    ]);
    expect(names(table.rows)).toEqual(before);
  });

  it('sorts rates with nulls last in both directions', () => {
    const ones = ['黄浦区', '徐汇区', '长宁区', '普陀区', '虹口区', '嘉定区', '奉贤区', '崇明区'];
    // 金山 9/11, 浦东 11/14, 闵行 2/3, 静安 5/8, 宝山 3/5, 松江 2/6, 杨浦 2/8; 青浦 0/0
    expect(names(sortPlanRows(table.rows, 'renminfang_rate', 'desc'))).toEqual([
      ...ones, '金山区', '浦东新区', '闵行区', '静安区', '宝山区', '松江区', '杨浦区', '青浦区',
    ]);
    expect(names(sortPlanRows(table.rows, 'renminfang_rate', 'asc'))).toEqual([
      '杨浦区', '松江区', '宝山区', '静安区', '闵行区', '浦东新区', '金山区', ...ones, '青浦区',
    ]);
  });

  it("sorts district names in pinyin order (长宁 = Changning, 闵行 = Minhang)", () => {
    expect(names(sortPlanRows(table.rows, 'district', 'asc'))).toEqual([
      '宝山区', '长宁区', '崇明区', '奉贤区', '虹口区', '黄浦区', '嘉定区', '静安区',
      '金山区', '闵行区', '浦东新区', '普陀区', '青浦区', '松江区', '徐汇区', '杨浦区',
    ]);
    expect(names(sortPlanRows(table.rows, 'district', 'desc'))[0]).toBe('杨浦区');
  });
});

describe('export rows', () => {
  const table = buildPlanTable(parsePlanCsv(planText), parseCensusCsv(censusText), []);
  // labels are the keys themselves, so a cell is found by its column's key
  const rows = planTableToRows(table, (k: Key) => (k === 'plan.totals' ? '合计' : k), (r) => r.district);
  const col = (label: string) => {
    const i = rows[0].indexOf(label);
    expect(i, label).toBeGreaterThanOrEqual(0);
    return i;
  };

  it('header, 16 districts, then the totals row equal to the annex', () => {
    expect(rows).toHaveLength(18);
    for (const r of rows) expect(r).toHaveLength(rows[0].length);
    const last = rows[17];
    expect([last[col('plan.col.code')], last[col('plan.col.district')]]).toEqual(['', '合计']);
    expect(last[col('plan.col.projectsTotal')]).toBe(2454);
    expect(last[col('plan.col.projectsDone')]).toBe(2097);
    expect(last[col('plan.col.renminfangTotal')]).toBe(71);
    expect(last[col('plan.col.renminfangDone')]).toBe(50);
    expect(last[col('plan.col.liuyitingTotal')]).toBe(38);
    expect(last[col('plan.col.liuyitingDone')]).toBe(32);
    expect(last[col('plan.col.projectsRate (%)')]).toBe(85.5); // 2097 / 2454 = 85.452 %
    expect(rows[1].slice(0, 2)).toEqual(['310115', '浦东新区']);
    expect(rows[1][col('plan.col.peoplePerRenminfang')]).toBe(405822); // 5,681,512 / 14 = 405,822.3
  });

  it('labels every column in both languages, rates marked (%)', () => {
    for (const lang of ['zh', 'en'] as const) {
      const head = planTableToRows(table, (k) => translate(lang, k), (r) => r.district)[0];
      expect(new Set(head).size).toBe(head.length);
      for (const h of head) expect(String(h)).not.toMatch(/^plan\./);
      expect(head.filter((h) => String(h).endsWith(' (%)'))).toHaveLength(3);
    }
  });
});
