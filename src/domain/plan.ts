/**
 * The 2025 project plan per district (annex of 沪规划资源更〔2025〕153号) and what
 * is derived from it: completion rates, the totals row, plan-versus-data counts of
 * 人民坊 / 六艺亭, and residents per planned facility from the 2020 census.
 *
 * Pure: plain objects in and out (the CSV files are read by src/io/planCsv.ts). No DOM, React or MapLibre.
 */
import type { Facility, FacilityStatus, PlanRow } from './types';

/** Numeric columns of the annex, in the annex's order. */
export const PLAN_COUNT_COLUMNS = [
  'projects_total',
  'projects_done_2025',
  'renminfang_total',
  'renminfang_done_2025',
  'liuyiting_total',
  'liuyiting_done_2025',
] as const satisfies readonly (keyof PlanRow)[];
export type PlanCountColumn = (typeof PLAN_COUNT_COLUMNS)[number];

/** The three planned-vs-done pairs of the annex. */
export const PLAN_MEASURES = ['projects', 'renminfang', 'liuyiting'] as const;
export type PlanMeasure = (typeof PLAN_MEASURES)[number];

export function totalColumn(m: PlanMeasure): PlanCountColumn {
  return `${m}_total`;
}
export function doneColumn(m: PlanMeasure): PlanCountColumn {
  return `${m}_done_2025`;
}

/**
 * English district names by code, for use before/without geodata/districts.geojson
 * (whose name_en takes precedence when loaded).
 */
export const DISTRICT_NAMES_EN: Readonly<Record<string, string>> = {
  '310101': 'Huangpu',
  '310104': 'Xuhui',
  '310105': 'Changning',
  '310106': "Jing'an",
  '310107': 'Putuo',
  '310109': 'Hongkou',
  '310110': 'Yangpu',
  '310112': 'Minhang',
  '310113': 'Baoshan',
  '310114': 'Jiading',
  '310115': 'Pudong',
  '310116': 'Jinshan',
  '310117': 'Songjiang',
  '310118': 'Qingpu',
  '310120': 'Fengxian',
  '310151': 'Chongming',
};

/** One row of geodata/census-2020-district.csv (7th national census, 2020). */
export interface CensusRow {
  district_code: string;
  district: string;
  population_2020: number;
  share_age_0_14: number;
  share_age_15_64: number;
  share_age_65_plus: number;
  share_urban: number;
}

/** done ÷ total, or null when nothing is planned (a rate of 0/0 is not 0 %). */
export function completionRate(done: number, total: number): number | null {
  return total > 0 ? done / total : null;
}

/** Residents per facility, or null when there is no facility to share. */
export function peoplePer(population: number, count: number): number | null {
  return count > 0 ? population / count : null;
}

/** A row with every count 0 (filled by the CSV reader and by planTotals). */
export function emptyPlanRow(district_code: string, district: string): PlanRow {
  return {
    district_code,
    district,
    projects_total: 0,
    projects_done_2025: 0,
    renminfang_total: 0,
    renminfang_done_2025: 0,
    liuyiting_total: 0,
    liuyiting_done_2025: 0,
  };
}

/** The code the totals row carries (it is not a district). */
export const TOTALS_CODE = 'total';

/** Sum of every count column; district_code TOTALS_CODE, district '合计' as in the annex. */
export function planTotals(rows: readonly PlanRow[]): PlanRow {
  const t = emptyPlanRow(TOTALS_CODE, '合计');
  for (const r of rows) for (const c of PLAN_COUNT_COLUMNS) t[c] += r[c];
  return t;
}

/** Counts of loaded facilities of one type in one district, by status. */
export interface FacilityCount {
  total: number;
  byStatus: Record<FacilityStatus, number>;
}

function emptyCount(): FacilityCount {
  return { total: 0, byStatus: { planned: 0, building: 0, open: 0 } };
}

export interface DistrictFacilityCounts {
  renminfang: FacilityCount;
  liuyiting: FacilityCount;
}

/**
 * Count loaded 人民坊 / 六艺亭 per district code and status. Facilities without a
 * district ('') are counted under the key ''. Embedded facilities are ignored.
 */
export function countFacilitiesByDistrict(facilities: readonly Facility[]): Map<string, DistrictFacilityCounts> {
  const out = new Map<string, DistrictFacilityCounts>();
  for (const f of facilities) {
    if (f.type !== 'renminfang' && f.type !== 'liuyiting') continue;
    let d = out.get(f.district);
    if (!d) {
      d = { renminfang: emptyCount(), liuyiting: emptyCount() };
      out.set(f.district, d);
    }
    const c = d[f.type];
    c.total += 1;
    c.byStatus[f.status] += 1;
  }
  return out;
}

/** A plan row with everything the plan view shows about one district. */
export interface PlanDistrictRow extends PlanRow {
  projects_rate: number | null;
  renminfang_rate: number | null;
  liuyiting_rate: number | null;
  /** 2020 census residents; null when the census has no row for the code */
  population_2020: number | null;
  /** residents per planned 人民坊 / 六艺亭 (denominator: the plan's 2025 count); null when none planned */
  people_per_renminfang: number | null;
  people_per_liuyiting: number | null;
  /** residents per 人民坊 / 六艺亭 in the loaded data (denominator: data count, any status); null when none */
  people_per_data_renminfang: number | null;
  people_per_data_liuyiting: number | null;
  /** loaded facility data (any status) */
  data_renminfang: number;
  data_liuyiting: number;
  /** true when the plan's count differs from the data's count */
  renminfang_differs: boolean;
  liuyiting_differs: boolean;
}

function withDerived(row: PlanRow, population: number | null, counts: DistrictFacilityCounts | undefined): PlanDistrictRow {
  const dataR = counts?.renminfang.total ?? 0;
  const dataL = counts?.liuyiting.total ?? 0;
  return {
    ...row,
    projects_rate: completionRate(row.projects_done_2025, row.projects_total),
    renminfang_rate: completionRate(row.renminfang_done_2025, row.renminfang_total),
    liuyiting_rate: completionRate(row.liuyiting_done_2025, row.liuyiting_total),
    population_2020: population,
    people_per_renminfang: population === null ? null : peoplePer(population, row.renminfang_total),
    people_per_liuyiting: population === null ? null : peoplePer(population, row.liuyiting_total),
    people_per_data_renminfang: population === null ? null : peoplePer(population, dataR),
    people_per_data_liuyiting: population === null ? null : peoplePer(population, dataL),
    data_renminfang: dataR,
    data_liuyiting: dataL,
    renminfang_differs: dataR !== row.renminfang_total,
    liuyiting_differs: dataL !== row.liuyiting_total,
  };
}

export interface PlanTable {
  rows: PlanDistrictRow[];
  /** sums over rows; data counts include facilities without a district */
  totals: PlanDistrictRow;
  /** loaded 人民坊 / 六艺亭 with no district, or a district not in the plan */
  unassigned: DistrictFacilityCounts;
}

/**
 * Join plan, census (2020 population per district code: CensusRow[] or the
 * districts layer's properties mapped to that shape) and loaded facilities into
 * the table the plan view shows.
 */
export function buildPlanTable(
  plan: readonly PlanRow[],
  census: readonly Pick<CensusRow, 'district_code' | 'population_2020'>[],
  facilities: readonly Facility[],
): PlanTable {
  const pop = new Map(census.map((c) => [c.district_code, c.population_2020]));
  const counts = countFacilitiesByDistrict(facilities);
  const rows = plan.map((r) => withDerived(r, pop.get(r.district_code) ?? null, counts.get(r.district_code)));

  const planCodes = new Set(plan.map((r) => r.district_code));
  const unassigned: DistrictFacilityCounts = { renminfang: emptyCount(), liuyiting: emptyCount() };
  for (const [code, c] of counts) {
    if (planCodes.has(code)) continue;
    for (const t of ['renminfang', 'liuyiting'] as const) {
      unassigned[t].total += c[t].total;
      for (const s of Object.keys(c[t].byStatus) as FacilityStatus[]) unassigned[t].byStatus[s] += c[t].byStatus[s];
    }
  }
  const allPopulated = rows.every((r) => r.population_2020 !== null);
  const totalPop = allPopulated ? rows.reduce((s, r) => s + (r.population_2020 ?? 0), 0) : null;
  const totalCounts: DistrictFacilityCounts = {
    renminfang: { ...emptyCount(), total: rows.reduce((s, r) => s + r.data_renminfang, 0) + unassigned.renminfang.total },
    liuyiting: { ...emptyCount(), total: rows.reduce((s, r) => s + r.data_liuyiting, 0) + unassigned.liuyiting.total },
  };
  const totals = withDerived(planTotals(plan), totalPop, totalCounts);
  return { rows, totals, unassigned };
}

/** Columns the table can be sorted by. 'district' sorts by name in the given collation. */
export type PlanSortKey =
  | 'district'
  | 'district_code'
  | PlanCountColumn
  | 'projects_rate'
  | 'renminfang_rate'
  | 'liuyiting_rate'
  | 'population_2020'
  | 'people_per_renminfang'
  | 'people_per_liuyiting'
  | 'data_renminfang'
  | 'data_liuyiting';
export type SortDirection = 'asc' | 'desc';

export interface PlanSort {
  key: PlanSortKey;
  dir: SortDirection;
}

export const PLAN_SORT_KEYS: readonly PlanSortKey[] = [
  'district',
  'district_code',
  ...PLAN_COUNT_COLUMNS,
  'projects_rate',
  'renminfang_rate',
  'liuyiting_rate',
  'population_2020',
  'people_per_renminfang',
  'people_per_liuyiting',
  'data_renminfang',
  'data_liuyiting',
];

export function isPlanSortKey(s: string): s is PlanSortKey {
  return (PLAN_SORT_KEYS as readonly string[]).includes(s);
}

/**
 * How 'district' sorts by default: by the romanised (pinyin) name, which is
 * the usual order of Chinese district lists. Chinese collation or pinyin
 * libraries get polyphonic names wrong (长宁 as zhang, 闵行 as xing).
 */
export function districtSortName(r: { district_code: string; district: string }): string {
  return DISTRICT_NAMES_EN[r.district_code] ?? r.district;
}

/**
 * A sorted copy (input untouched). Nulls (e.g. a rate with nothing planned) go last
 * in both directions; ties keep the annex order (district code).
 * sortName decides how 'district' sorts (compared with an English collator).
 */
export function sortPlanRows<R extends PlanDistrictRow>(
  rows: readonly R[],
  key: PlanSortKey,
  dir: SortDirection,
  sortName: (r: R) => string = districtSortName,
): R[] {
  const sign = dir === 'asc' ? 1 : -1;
  const collator = new Intl.Collator('en', { sensitivity: 'base' });
  const tie = (a: R, b: R) => a.district_code.localeCompare(b.district_code);
  return [...rows].sort((a, b) => {
    if (key === 'district') return sign * collator.compare(sortName(a), sortName(b)) || tie(a, b);
    if (key === 'district_code') return sign * a.district_code.localeCompare(b.district_code);
    const va = a[key];
    const vb = b[key];
    if (va === null && vb === null) return tie(a, b);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || tie(a, b);
  });
}

/** A rate as percentage text ('—' when nothing is planned), e.g. 0.899 → '89.9%'. */
export function formatRate(rate: number | null, digits = 1): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(digits)}%`;
}
