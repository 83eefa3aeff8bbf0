/**
 * 问题清单 (problem ledger): one row per unit × category in the scope whose covered share of
 * residents is below the target, with the gap and a suggested measure (a trial site or a site
 * suggestion in that unit when there is one, otherwise a generic measure with the standard's
 * radius). Sorted by uncovered residents. Pure: figures come straight from the result.
 */
import type { CoverageResult } from '../geo/coverageTypes';

export interface LedgerRow {
  unitId: string;
  unitName: string;
  district: string;
  categoryId: string;
  minutes: number;
  reachM: number;
  /** covered share of residents, % (land share when the unit has no residents) */
  currentPct: number;
  targetPct: number;
  gapPp: number;
  uncoveredPop: number;
  measure: { kind: 'trial'; name: string } | { kind: 'suggestion'; rank: number; gainPop: number } | { kind: 'generic'; radiusM: number | null };
}

export interface LedgerContext {
  result: CoverageResult;
  units: readonly number[];
  unitName: (id: string) => string;
  targetPct: number;
  /** GB 50180 radius per category (generic measure) */
  radiusM: (categoryId: string) => number | null;
  /** trial sites in scope: unit they lie in and categories they add */
  trials: readonly { name: string; unitId: string | null; categories: readonly string[] }[];
  /** site suggestions in scope */
  suggestions: readonly { rank: number; unitId: string; gainPop: number; categories: readonly string[] }[];
}

export function buildLedger(c: LedgerContext): LedgerRow[] {
  const r = c.result;
  const S = r.slots.length;
  const rows: LedgerRow[] = [];
  for (const u of c.units) {
    const area = r.unitAreaM2[u];
    const pop = r.unitPop[u];
    if (!(area > 0)) continue;
    const id = r.unitIds[u];
    r.categories.forEach((cat, s) => {
      const share = pop > 0 ? (100 * r.popCovered[u * S + s]) / pop : (100 * r.coveredM2[u * S + s]) / area;
      if (!(share < c.targetPct - 1e-9)) return;
      const trial = c.trials.find((t) => t.unitId === id && t.categories.includes(cat.id));
      const sug = c.suggestions.find((x) => x.unitId === id && x.categories.includes(cat.id));
      rows.push({
        unitId: id,
        unitName: c.unitName(id),
        district: r.unitDistrict[u],
        categoryId: cat.id,
        minutes: cat.minutes,
        reachM: cat.reachM,
        currentPct: share,
        targetPct: c.targetPct,
        gapPp: c.targetPct - share,
        uncoveredPop: Math.max(0, pop - r.popCovered[u * S + s]),
        measure: trial ? { kind: 'trial', name: trial.name } : sug ? { kind: 'suggestion', rank: sug.rank, gainPop: sug.gainPop } : { kind: 'generic', radiusM: c.radiusM(cat.id) },
      });
    });
  }
  rows.sort((a, b) => b.uncoveredPop - a.uncoveredPop || b.gapPp - a.gapPp || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : a.categoryId < b.categoryId ? -1 : 1));
  return rows;
}
