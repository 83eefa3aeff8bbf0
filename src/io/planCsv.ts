/**
 * Reading the plan's CSV files: the 2025 project plan per district (annex of
 * 沪规划资源更〔2025〕153号, geodata/plan-2025-projects.csv) and the 2020 census per district
 * (geodata/census-2020-district.csv). Every problem is listed, with its line.
 */
import Papa from 'papaparse';
import { doneColumn, emptyPlanRow, PLAN_COUNT_COLUMNS, PLAN_MEASURES, totalColumn, type CensusRow } from '../domain/plan';
import type { PlanRow } from '../domain/types';

export class PlanDataError extends Error {
  readonly problems: string[];
  constructor(what: string, problems: string[]) {
    super(`${what}: ${problems.join('; ')}`);
    this.name = 'PlanDataError';
    this.problems = problems;
  }
}

const DISTRICT_CODE = /^31\d{4}$/;

function parseTable(text: string): { fields: string[]; rows: Record<string, string>[]; errors: string[] } {
  const result = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const errors = result.errors.map((e) => `row ${(e.row ?? 0) + 2}: ${e.message}`);
  return { fields: result.meta.fields ?? [], rows: result.data, errors };
}

function nonNegativeInt(raw: string | undefined): number | null {
  const s = (raw ?? '').trim();
  if (!/^\d+$/.test(s)) return null;
  return Number(s);
}

/** Parse geodata/plan-2025-projects.csv. Throws PlanDataError listing every problem. */
export function parsePlanCsv(text: string): PlanRow[] {
  const { fields, rows, errors } = parseTable(text);
  const problems = [...errors];
  const required = ['district_code', 'district', ...PLAN_COUNT_COLUMNS];
  const missing = required.filter((c) => !fields.includes(c));
  if (missing.length > 0) throw new PlanDataError('plan CSV', [`missing columns: ${missing.join(', ')}`]);

  const out: PlanRow[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const line = i + 2;
    const code = (r.district_code ?? '').trim();
    const district = (r.district ?? '').trim();
    if (!DISTRICT_CODE.test(code)) problems.push(`line ${line}: bad district_code "${code}"`);
    else if (seen.has(code)) problems.push(`line ${line}: duplicate district_code ${code}`);
    seen.add(code);
    if (district === '') problems.push(`line ${line}: empty district name`);
    const row = emptyPlanRow(code, district);
    for (const col of PLAN_COUNT_COLUMNS) {
      const n = nonNegativeInt(r[col]);
      if (n === null) problems.push(`line ${line}: ${col} "${r[col] ?? ''}" is not a whole number ≥ 0`);
      else row[col] = n;
    }
    for (const m of PLAN_MEASURES) {
      if (row[doneColumn(m)] > row[totalColumn(m)]) {
        problems.push(`line ${line}: ${doneColumn(m)} ${row[doneColumn(m)]} > ${totalColumn(m)} ${row[totalColumn(m)]}`);
      }
    }
    out.push(row);
  });
  if (out.length === 0) problems.push('no rows');
  if (problems.length > 0) throw new PlanDataError('plan CSV', problems);
  return out;
}

/** Parse geodata/census-2020-district.csv. Throws PlanDataError listing every problem. The data test checks the shipped districts with it. @internal only tests use it */
export function parseCensusCsv(text: string): CensusRow[] {
  const { fields, rows, errors } = parseTable(text);
  const problems = [...errors];
  const shares = ['share_age_0_14', 'share_age_15_64', 'share_age_65_plus', 'share_urban'] as const;
  const required = ['district_code', 'district', 'population_2020', ...shares];
  const missing = required.filter((c) => !fields.includes(c));
  if (missing.length > 0) throw new PlanDataError('census CSV', [`missing columns: ${missing.join(', ')}`]);
  const out = rows.map((r, i): CensusRow => {
    const line = i + 2;
    const code = (r.district_code ?? '').trim();
    if (!DISTRICT_CODE.test(code)) problems.push(`line ${line}: bad district_code "${code}"`);
    const pop = nonNegativeInt(r.population_2020);
    if (pop === null || pop === 0) problems.push(`line ${line}: population_2020 "${r.population_2020 ?? ''}" is not a positive whole number`);
    const row: CensusRow = {
      district_code: code,
      district: (r.district ?? '').trim(),
      population_2020: pop ?? 0,
      share_age_0_14: 0,
      share_age_15_64: 0,
      share_age_65_plus: 0,
      share_urban: 0,
    };
    for (const s of shares) {
      const v = Number((r[s] ?? '').trim());
      if ((r[s] ?? '').trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) problems.push(`line ${line}: ${s} "${r[s] ?? ''}" is not a share in [0, 1]`);
      else row[s] = v;
    }
    return row;
  });
  if (problems.length > 0) throw new PlanDataError('census CSV', problems);
  return out;
}

