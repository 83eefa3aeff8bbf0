/**
 * npm run bench:siting [-- --k 5] [--runs 5]
 *
 * Site suggestions (src/geo/siting.ts) on the real planning units (geodata/units.geojson) with
 * the demo facilities: time to build the demand model once (units onto the 125 m grid), then
 * the time to suggest k sites over the whole city for one category at a time (and the 人民坊
 * hub bundle), median of R runs after a warm-up. Last line: one JSON object.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HUB_CATEGORIES, type Category, type Facility, type UnitCollection } from '../src/domain/types';
import { defaultWalkParams } from '../src/domain/walk';
import { buildSitingModel, suggestSites } from '../src/geo/siting';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const K = arg('k', 5);
const RUNS = arg('runs', 5);

const root = resolve(import.meta.dirname, '..');
const units = JSON.parse(readFileSync(resolve(root, 'geodata/units.geojson'), 'utf8')) as UnitCollection;
const facilities = JSON.parse(readFileSync(resolve(root, 'geodata/demo-facilities.json'), 'utf8')) as Facility[];
const categories = (JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')) as { categories: Category[] }).categories;
const params = defaultWalkParams();

const t0 = performance.now();
const model = buildSitingModel(units.features);
const modelMs = performance.now() - t0;
console.log(`demand model: ${modelMs.toFixed(0)} ms (${units.features.length} units, ${model.grid.cellCount} cells of ${model.grid.cellSize} m, candidates every ${model.spacingCells * model.grid.cellSize} m)`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: Record<string, number> = {};
const targets: [string, string[]][] = [...categories.map((c): [string, string[]] => [c.id, [c.id]]), ['hub', [...HUB_CATEGORIES]]];
for (const [label, cats] of targets) {
  suggestSites(model, categories, { categories: cats, scope: 'city', k: K, params, facilities }); // warm-up
  const ts: number[] = [];
  let last = null as ReturnType<typeof suggestSites> | null;
  for (let i = 0; i < RUNS; i++) {
    const a = performance.now();
    last = suggestSites(model, categories, { categories: cats, scope: 'city', k: K, params, facilities });
    ts.push(performance.now() - a);
  }
  const r = last!;
  rows[label] = median(ts);
  console.log(
    `${label.padEnd(10)} ${K} sites over the city: median ${median(ts).toFixed(0)} ms (min ${Math.min(...ts).toFixed(0)}, max ${Math.max(...ts).toFixed(0)}, ${RUNS} runs); ` +
      `${r.candidateCount} candidates; reach ${Object.values(r.reachM).map((m) => Math.round(m)).join('/')} m; ` +
      `uncovered ${Math.round(r.uncoveredPop)} residents (est.); ${K} sites reach +${Math.round(r.suggestions.at(-1)?.cumPop ?? 0)}`,
  );
}
const worst = Math.max(...Object.values(rows));
console.log(JSON.stringify({ bench: 'siting', k: K, runs: RUNS, facilities: facilities.length, units: units.features.length, modelMs: Math.round(modelMs), medianMsByTarget: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, Math.round(v)])), worstMedianMs: Math.round(worst) }));
