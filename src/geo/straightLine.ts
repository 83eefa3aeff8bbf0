/**
 * "Where the straight line lies": per unit and slot, the circle model's share minus the network
 * model's share over the same land (each unit's land inside the network's extent: the circle
 * figures are computed on the very unit polygons the network figures use, src/geo/networkUnits.ts),
 * in percentage points; and the same for districts and the city, summed over the units with
 * network data. Positive: the straight line claims more reach than the streets give. Pure.
 */
import type { CoverageResult } from './coverageTypes';

export interface LiesGroup {
  /** per slot, % of the group's land with network data */
  circlePct: number[];
  networkPct: number[];
  /** land with network data, m² */
  areaM2: number;
}

export interface StraightLineLies {
  slots: string[];
  /** unit id → per slot circle − network, pp (units with network data only) */
  units: Map<string, number[]>;
  /** district code or 'city' → figures over its units with network data */
  groups: Map<string, LiesGroup>;
}

export function straightLineLies(net: CoverageResult, circle: CoverageResult): StraightLineLies {
  const slots = net.slots.filter((s) => circle.slots.includes(s));
  const S = net.slots.length, SC = circle.slots.length;
  const netIdx = slots.map((s) => net.slots.indexOf(s));
  const cirIdx = slots.map((s) => circle.slots.indexOf(s));
  const circleUnit = new Map(circle.unitIds.map((id, u) => [id, u]));
  const units = new Map<string, number[]>();
  const sums = new Map<string, { c: number[]; n: number[]; a: number }>();
  const add = (code: string, u: number, uc: number) => {
    let g = sums.get(code);
    if (!g) sums.set(code, (g = { c: slots.map(() => 0), n: slots.map(() => 0), a: 0 }));
    g.a += net.unitAreaM2[u];
    slots.forEach((_, k) => {
      g.c[k] += (circle.coveredM2[uc * SC + cirIdx[k]] / circle.unitAreaM2[uc]) * net.unitAreaM2[u];
      g.n[k] += net.coveredM2[u * S + netIdx[k]];
    });
  };
  net.unitIds.forEach((id, u) => {
    const uc = circleUnit.get(id);
    const area = net.unitAreaM2[u];
    if (uc === undefined || !(area > 0) || !(circle.unitAreaM2[uc] > 0)) return;
    if (netIdx.some((s) => Number.isNaN(net.coveredM2[u * S + s]))) return;
    units.set(id, slots.map((_, k) => 100 * (circle.coveredM2[uc * SC + cirIdx[k]] / circle.unitAreaM2[uc] - net.coveredM2[u * S + netIdx[k]] / area)));
    add(net.unitDistrict[u], u, uc);
    add('city', u, uc);
  });
  const groups = new Map<string, LiesGroup>();
  for (const [code, g] of sums) {
    groups.set(code, { circlePct: g.c.map((v) => (100 * v) / g.a), networkPct: g.n.map((v) => (100 * v) / g.a), areaM2: g.a });
  }
  return { slots, units, groups };
}
