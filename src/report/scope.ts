/**
 * What a report covers: the city, a district, one unit (a life-circle unit or an imported
 * 街镇) or a selection of units. Resolves the scope against a coverage result: the unit
 * indices inside it and its figures per slot (from the engine's district/city rows, or summed
 * over the units). Pure.
 */
import type { CoverageResult } from '../geo/coverageTypes';

export type ReportScope =
  | { kind: 'city' }
  | { kind: 'district'; code: string }
  | { kind: 'unit'; id: string }
  | { kind: 'units'; ids: string[] };

export interface ScopeFigures {
  area: number;
  pop: number;
  cov: number[];
  popCov: number[];
  /** per slot: land and residents of units the walk model has no data for (network extent); not in cov/popCov */
  noDataArea: number[];
  noDataPop: number[];
}

/** Unit indices of the result inside the scope (result order). */
export function scopeUnitIndices(scope: ReportScope, r: CoverageResult): number[] {
  const out: number[] = [];
  if (scope.kind === 'city') r.unitIds.forEach((_, u) => out.push(u));
  else if (scope.kind === 'district') r.unitDistrict.forEach((d, u) => { if (d === scope.code) out.push(u); });
  else {
    const ids = new Set(scope.kind === 'unit' ? [scope.id] : scope.ids);
    r.unitIds.forEach((id, u) => { if (ids.has(id)) out.push(u); });
  }
  return out;
}

/** The scope's figures per slot; null when the scope is not in the result. */
export function scopeFigures(scope: ReportScope, r: CoverageResult): ScopeFigures | null {
  const zeros = () => new Array<number>(r.slots.length).fill(0);
  const fromRow = (row: CoverageResult['city']): ScopeFigures => ({
    area: row.areaM2, pop: row.pop, cov: row.coveredM2, popCov: row.popCovered, noDataArea: row.noDataM2 ?? zeros(), noDataPop: row.noDataPop ?? zeros(),
  });
  if (scope.kind === 'city') return fromRow(r.city);
  if (scope.kind === 'district') {
    const row = r.districts.find((d) => d.code === scope.code);
    return row ? fromRow(row) : null;
  }
  const units = scopeUnitIndices(scope, r);
  if (units.length === 0) return null;
  const S = r.slots.length;
  const f: ScopeFigures = { area: 0, pop: 0, cov: zeros(), popCov: zeros(), noDataArea: zeros(), noDataPop: zeros() };
  for (const u of units) {
    f.area += r.unitAreaM2[u];
    f.pop += r.unitPop[u];
    for (let s = 0; s < S; s++) {
      const c = r.coveredM2[u * S + s];
      if (Number.isFinite(c)) {
        f.cov[s] += c;
        f.popCov[s] += r.popCovered[u * S + s];
      } else {
        f.noDataArea[s] += r.unitAreaM2[u];
        f.noDataPop[s] += r.unitPop[u];
      }
    }
  }
  return f;
}

/** "district:310112", "city", "unit:<id>", "units:<id>,<id>" (the CLI's --scope and the app's choice). */
export function parseScope(text: string): ReportScope | { error: string } {
  const t = text.trim();
  if (t === 'city') return { kind: 'city' };
  const i = t.indexOf(':');
  const kind = i < 0 ? t : t.slice(0, i);
  const rest = i < 0 ? '' : t.slice(i + 1).trim();
  if (kind === 'district') return /^31\d{4}$/.test(rest) ? { kind: 'district', code: rest } : { error: `--scope district:<6-digit code starting 31> (got "${rest}")` };
  if ((kind === 'unit' || kind === 'street') && rest) return { kind: 'unit', id: rest };
  if (kind === 'units' && rest) {
    const ids = rest.split(',').map((s) => s.trim()).filter(Boolean);
    if (ids.length) return { kind: 'units', ids };
  }
  return { error: `--scope must be city, district:<code>, unit:<id>, street:<id> or units:<id>,<id>… (got "${text}")` };
}
