/**
 * Turf pipelines for the benchmark (run as a child process so the benchmark can stop them
 * at a time cap and measure their memory apart from the engine's):
 *
 *  naive: the obvious pipeline, circle per facility → union → intersect with each unit → area.
 *  local: the same Turf operations per unit, with only the circles whose bounding box meets
 *         the unit; used on a sample of units as the exact reference for the error column.
 *
 *   tsx bench/naiveTurf.ts <input.json>  → stdout: {"ms", "peakMb", "shares": [unit][slot]}
 *   stderr: "progress <done> <total>" lines, so a stopped run can be extrapolated.
 * Slots are the categories, then (local mode only) completeness = all categories.
 */
import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { UnitFeature } from '../src/domain/types';
import type { EngineFacility } from '../src/geo/coverageTypes';

export interface TurfInput {
  mode: 'naive' | 'local';
  units: UnitFeature[];
  facilities: EngineFacility[];
  categories: { id: string; reachM: number }[];
  /** vertices per circle */
  steps: number;
}

type Area = Feature<Polygon | MultiPolygon>;

function circlesOf(input: TurfInput, catId: string, reachM: number, near?: [number, number, number, number]): Area[] {
  const out: Area[] = [];
  for (const f of input.facilities) {
    if (!f.categories.includes(catId)) continue;
    if (near) {
      // degrees of reach, generously (cos 32° ≈ 0.85)
      const dLat = reachM / 111000, dLng = reachM / (111000 * 0.84);
      if (f.lng + dLng < near[0] || f.lng - dLng > near[2] || f.lat + dLat < near[1] || f.lat - dLat > near[3]) continue;
    }
    out.push(turf.circle([f.lng, f.lat], reachM / 1000, { steps: input.steps, units: 'kilometers' }));
  }
  return out;
}

function unionOf(circles: Area[]): Area | null {
  if (circles.length === 0) return null;
  if (circles.length === 1) return circles[0];
  return turf.union(turf.featureCollection(circles)) as Area | null;
}

function shareOf(unit: Area, region: Area | null, unitArea: number): number {
  if (!region) return 0;
  const inter = turf.intersect(turf.featureCollection([unit, region]));
  return inter ? turf.area(inter) / unitArea : 0;
}

export function naiveShares(input: TurfInput, progress?: (done: number, total: number) => void): number[][] {
  const U = input.units.length;
  const C = input.categories.length;
  const unitArea = input.units.map((u) => turf.area(u));
  const shares = input.units.map(() => input.categories.map(() => 0));
  input.categories.forEach((cat, c) => {
    const union = unionOf(circlesOf(input, cat.id, cat.reachM));
    input.units.forEach((unit, u) => {
      shares[u][c] = shareOf(unit as Area, union, unitArea[u]);
      if (u % 20 === 19) progress?.(c * U + u + 1, C * U);
    });
    progress?.((c + 1) * U, C * U);
  });
  return shares;
}

export function localShares(input: TurfInput, progress?: (done: number, total: number) => void): number[][] {
  return input.units.map((unit, u) => {
    const bb = turf.bbox(unit) as [number, number, number, number];
    const unitArea = turf.area(unit);
    const regions = input.categories.map((cat) => unionOf(circlesOf(input, cat.id, cat.reachM, bb)));
    const row = regions.map((r) => shareOf(unit as Area, r, unitArea));
    // completeness: intersection of every category's union
    let all: Area | null = regions[0] ?? null;
    for (let k = 1; k < regions.length && all; k++) {
      const r = regions[k];
      all = r ? (turf.intersect(turf.featureCollection([all, r])) as Area | null) : null;
    }
    row.push(shareOf(unit as Area, all, unitArea));
    progress?.(u + 1, input.units.length);
    return row;
  });
}

const isMain = process.argv[1]?.endsWith('naiveTurf.ts');
if (isMain) {
  const input = JSON.parse(readFileSync(process.argv[2], 'utf8')) as TurfInput;
  const t0 = performance.now();
  const progress = (done: number, total: number) => process.stderr.write(`progress ${done} ${total} ${(performance.now() - t0).toFixed(0)}\n`);
  const shares = input.mode === 'naive' ? naiveShares(input, progress) : localShares(input, progress);
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, peakMb: process.resourceUsage().maxRSS / 1024, shares }));
}
