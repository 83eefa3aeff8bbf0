/**
 * Residents' reach benchmark: median per-query time at 100k generated facilities.
 * Run: npx tsx bench/reach.bench.ts [facilityCount] [queryCount]
 * Prints one line per figure; seeded, so repeated runs use the same data.
 */
import { performance } from 'node:perf_hooks';
import type { Facility, FacilityStatus } from '../src/domain/types';
import { buildFacilityIndex, facilitiesWithinMinutes, nearestByCategory, computeResidentReach } from '../src/geo/reach';
import type { WalkSpeed } from '../src/domain/walk';
import { mulberry32 as rng } from '../src/domain/prng';

const N = Number(process.argv[2] ?? 100_000);
const Q = Number(process.argv[3] ?? 2_000);
const ADULT: WalkSpeed = { speedKmh: 4.5, detour: 1.3 };
const CATS = ['party', 'elderly', 'childcare', 'meals', 'household', 'health', 'sports', 'culture', 'children', 'employment'];
const STATUSES: FacilityStatus[] = ['open', 'open', 'open', 'building', 'planned'];


// Shanghai's land lies roughly in this box; half the points cluster in the central city (denser, harder queries).
const r = rng(2025);
function randomPoint(): [number, number] {
  if (r() < 0.5) return [121.35 + r() * 0.25, 31.13 + r() * 0.2];
  return [121.0 + r() * 0.95, 30.7 + r() * 0.85];
}
const facilities: Facility[] = Array.from({ length: N }, (_, i) => {
  const [lng, lat] = randomPoint();
  const k = 1 + Math.floor(r() * 3);
  return {
    id: `b${i}`, name: `设施${i}`, type: 'embedded', status: STATUSES[Math.floor(r() * 5)],
    categories: Array.from({ length: k }, () => CATS[Math.floor(r() * CATS.length)]),
    district: '', lng, lat, source: 'bench (synthetic)', synthetic: true,
  };
});
const queries = Array.from({ length: Q }, () => { const [lng, lat] = randomPoint(); return { lng, lat }; });

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function p95(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length * 0.95)]; }

function time(label: string, fn: (q: { lng: number; lat: number }) => number): void {
  for (let i = 0; i < Math.min(200, Q); i++) fn(queries[i]); // warm-up
  const ts: number[] = [];
  let found = 0;
  for (const q of queries) {
    const t0 = performance.now();
    found += fn(q);
    ts.push(performance.now() - t0);
  }
  console.log(`${label}: median ${median(ts).toFixed(4)} ms/query, p95 ${p95(ts).toFixed(4)} ms (avg ${(found / Q).toFixed(1)} results, ${Q} queries)`);
}

const t0 = performance.now();
const index = buildFacilityIndex(facilities);
console.log(`reach index build: ${(performance.now() - t0).toFixed(1)} ms for ${N} facilities`);
time(`within-15-min (${N} facilities)`, (q) => facilitiesWithinMinutes(index, q, 15, ADULT).length);
time(`nearest-per-category x${CATS.length} (${N} facilities)`, (q) => nearestByCategory(index, q, CATS, ADULT).length);
time(`full resident reach (${N} facilities)`, (q) => computeResidentReach(index, q, CATS, ADULT).within.length);
