/**
 * Coverage results as flat rows and GeoJSON, shared by the command line (scripts/analyze.ts)
 * and the app's exports, so both write the same numbers. Pure.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Category, UnitFeature } from '../domain/types';
import { COMPLETE_SLOT, type CoverageResult } from './coverageTypes';

export type Cell = string | number | null;

const round = (v: number, d: number): number | null => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);

export const UNIT_COLUMNS = [
  'unit_id', 'unit_name', 'district', 'category', 'category_zh', 'minutes', 'reach_m',
  'area_km2', 'covered_km2', 'covered_share_pct', 'uncovered_km2',
  'pop_est', 'pop_covered_est', 'pop_uncovered_est', 'pop_source',
  'time_median_min', 'time_p90_min', 'time_max_min', 'error_bound_pp',
] as const;

function slotLabel(slot: string, categories: readonly Category[], result: CoverageResult): { zh: string; minutes: Cell; reach: Cell } {
  if (slot === COMPLETE_SLOT) return { zh: `全部达标(${result.completeOf.length}类)`, minutes: null, reach: null };
  const cat = categories.find((c) => c.id === slot);
  const r = result.categories.find((c) => c.id === slot);
  return { zh: cat?.zh ?? slot, minutes: r?.minutes ?? null, reach: r ? round(r.reachM, 1) : null };
}

/** One row per unit × slot (categories, then completeness), header first. */
export function unitRows(result: CoverageResult, units: readonly UnitFeature[], categories: readonly Category[]): Cell[][] {
  const rows: Cell[][] = [[...UNIT_COLUMNS]];
  const S = result.slots.length;
  const C = result.categories.length;
  for (let u = 0; u < result.unitIds.length; u++) {
    const area = result.unitAreaM2[u];
    const pop = result.unitPop[u];
    for (let s = 0; s < S; s++) {
      const slot = result.slots[s];
      const label = slotLabel(slot, categories, result);
      const cov = result.coveredM2[u * S + s];
      const pc = result.popCovered[u * S + s];
      const isCat = s < C;
      rows.push([
        result.unitIds[u], String(units[u]?.properties?.name ?? ''), result.unitDistrict[u], slot, label.zh, label.minutes, label.reach,
        round(area / 1e6, 6), round(cov / 1e6, 6), round(area > 0 ? (100 * cov) / area : NaN, 4), round((area - cov) / 1e6, 6),
        round(pop, 1), round(pc, 1), round(pop - pc, 1), result.popSource,
        isCat ? round(result.timeMedian[u * C + s], 2) : null,
        isCat ? round(result.timeP90[u * C + s], 2) : null,
        isCat ? round(result.timeMax[u * C + s], 2) : null,
        round(area > 0 ? (100 * result.errorBoundM2[u * S + s]) / area : NaN, 5),
      ]);
    }
  }
  return rows;
}

export const GROUP_COLUMNS = [
  'district', 'category', 'category_zh', 'area_km2', 'covered_km2', 'covered_share_pct',
  'pop_est', 'pop_covered_est', 'pop_covered_pct', 'pop_source', 'time_median_min', 'time_p90_min',
] as const;

/** District rows then the city row, per slot. */
export function groupRows(result: CoverageResult, categories: readonly Category[]): Cell[][] {
  const rows: Cell[][] = [[...GROUP_COLUMNS]];
  const C = result.categories.length;
  for (const g of [...result.districts, result.city]) {
    result.slots.forEach((slot, s) => {
      const label = slotLabel(slot, categories, result);
      rows.push([
        g.code, slot, label.zh, round(g.areaM2 / 1e6, 4), round(g.coveredM2[s] / 1e6, 4),
        round(g.areaM2 > 0 ? (100 * g.coveredM2[s]) / g.areaM2 : NaN, 4),
        round(g.pop, 0), round(g.popCovered[s], 0), round(g.pop > 0 ? (100 * g.popCovered[s]) / g.pop : NaN, 4), result.popSource,
        s < C ? round(g.timeMedian[s] ?? NaN, 2) : null, s < C ? round(g.timeP90[s] ?? NaN, 2) : null,
      ]);
    });
  }
  return rows;
}

export type UnitResultProps = Record<string, string | number | null>;

/** The units with their figures as properties: share_<slot> (%), pop_cov_<slot>, t50_<cat>, t90_<cat>, tmax_<cat>. */
export function unitFeatureCollection(
  result: CoverageResult, units: readonly UnitFeature[],
): FeatureCollection<Polygon | MultiPolygon, UnitResultProps> & { metadata: Record<string, unknown> } {
  const S = result.slots.length;
  const C = result.categories.length;
  const features: Feature<Polygon | MultiPolygon, UnitResultProps>[] = units.map((unit, u) => {
    const area = result.unitAreaM2[u];
    const props: UnitResultProps = {
      id: result.unitIds[u], name: String(unit.properties?.name ?? ''), district: result.unitDistrict[u],
      area_km2: round(area / 1e6, 6), pop_est: round(result.unitPop[u], 1), pop_source: result.popSource,
    };
    result.slots.forEach((slot, s) => {
      props[`share_${slot}`] = round(area > 0 ? (100 * result.coveredM2[u * S + s]) / area : NaN, 4);
      props[`pop_cov_${slot}`] = round(result.popCovered[u * S + s], 1);
      if (s < C) {
        props[`t50_${slot}`] = round(result.timeMedian[u * C + s], 2);
        props[`t90_${slot}`] = round(result.timeP90[u * C + s], 2);
        props[`tmax_${slot}`] = round(result.timeMax[u * C + s], 2);
      }
    });
    return { type: 'Feature', geometry: unit.geometry, properties: props };
  });
  return { type: 'FeatureCollection', features, metadata: resultMetadata(result) };
}

/** Everything needed to reproduce the figures. */
export function resultMetadata(result: CoverageResult): Record<string, unknown> {
  return {
    params: result.params,
    paramsText: result.paramsText,
    engine: result.engine,
    categories: result.categories,
    completeOf: result.completeOf,
    facilityCount: result.facilityCount,
    unitCount: result.unitIds.length,
    popSource: result.popSource,
    popNote: result.popSource === 'demand-points'
      ? 'population from imported residential points'
      : 'ESTIMATE: district census 2020 spread evenly over land (pop_est); not measured per unit',
    timeNote: 'walking minutes sampled at grid cell centres (± half a cell diagonal); coverage shares are exact within error_bound_pp',
  };
}
