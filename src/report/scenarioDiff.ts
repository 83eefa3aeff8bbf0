/**
 * Before → after of a trial-site scenario: two coverage results over the same units and
 * parameters (before: real facilities only; after: with the trial sites), compared for the
 * city, the districts and the units that changed. Pure.
 */
import type { AggregateRow, CoverageResult } from '../geo/coverageTypes';

export interface SlotFigures {
  slot: string;
  areaM2: number;
  pop: number;
  coveredBeforeM2: number;
  coveredAfterM2: number;
  popBefore: number;
  popAfter: number;
}

export interface GroupDiff {
  /** 'city', a district code or a unit id */
  id: string;
  kind: 'city' | 'district' | 'unit';
  /** the unit's district (units only) */
  district?: string;
  slots: SlotFigures[];
}

export interface ScenarioDiff {
  slots: string[];
  city: GroupDiff;
  districts: GroupDiff[];
  /** units whose coverage changed, largest newly covered residents (any slot) first */
  units: GroupDiff[];
}

/** Land below this (m²) or residents below this count as unchanged (rounding noise). */
const EPS_M2 = 1;
const EPS_POP = 0.5;

/** True when the two results can be compared figure by figure. */
export function comparable(before: CoverageResult, after: CoverageResult): boolean {
  return before.paramsText === after.paramsText
    && before.popSource === after.popSource
    && before.unitIds.length === after.unitIds.length
    && before.unitIds.every((id, i) => id === after.unitIds[i])
    && before.slots.join() === after.slots.join();
}

function fromRows(id: string, kind: 'city' | 'district', slots: string[], b: AggregateRow, a: AggregateRow): GroupDiff {
  return {
    id,
    kind,
    slots: slots.map((slot, s) => ({
      slot, areaM2: a.areaM2, pop: a.pop,
      coveredBeforeM2: b.coveredM2[s], coveredAfterM2: a.coveredM2[s], popBefore: b.popCovered[s], popAfter: a.popCovered[s],
    })),
  };
}

const changed = (f: SlotFigures) => Math.abs(f.coveredAfterM2 - f.coveredBeforeM2) > EPS_M2 || Math.abs(f.popAfter - f.popBefore) > EPS_POP;
const gain = (g: GroupDiff) => Math.max(0, ...g.slots.map((f) => f.popAfter - f.popBefore));

/** null when the results are not comparable (other parameters, units or population source). */
export function scenarioDiff(before: CoverageResult, after: CoverageResult): ScenarioDiff | null {
  if (!comparable(before, after)) return null;
  const slots = after.slots;
  const S = slots.length;
  const units: GroupDiff[] = [];
  for (let u = 0; u < after.unitIds.length; u++) {
    const figs: SlotFigures[] = slots.map((slot, s) => ({
      slot, areaM2: after.unitAreaM2[u], pop: after.unitPop[u],
      coveredBeforeM2: before.coveredM2[u * S + s], coveredAfterM2: after.coveredM2[u * S + s],
      popBefore: before.popCovered[u * S + s], popAfter: after.popCovered[u * S + s],
    }));
    if (figs.some(changed)) units.push({ id: after.unitIds[u], kind: 'unit', district: after.unitDistrict[u], slots: figs });
  }
  units.sort((a, b) => gain(b) - gain(a) || (a.id < b.id ? -1 : 1));
  const touched = new Set(units.map((u) => u.district));
  const districts = after.districts
    .filter((d) => touched.has(d.code))
    .map((d) => {
      const b = before.districts.find((x) => x.code === d.code) as AggregateRow;
      return fromRows(d.code, 'district', slots, b, d);
    });
  return { slots, city: fromRows('city', 'city', slots, before.city, after.city), districts, units };
}
