/**
 * npm run bench:network [-- --side 715] [--facilities 5000] [--categories 10] [--threads 2] [--skip-python]
 *
 * The network walking model on (1) the shipped 人民广场 extract and (2) a generated (synthetic)
 * city-scale street grid of ≥ 1 million edges (side × side jittered nodes 90 m apart around
 * 人民广场, long streets, 1 % gaps, 2 % one-way for walkers, bends) over the real planning units,
 * with seeded random facilities (5,000 over 10 categories, the issue's case: the first 10 of the
 * shipped file, which has 16; `--categories 16` runs them all; synthetic). Stages: parse (XML for
 * the extract; the city grid is written as .osm.pbf in memory and parsed like a user's file), build,
 * grid preparation, full coverage (every category + completeness + aggregation), one incremental
 * edit (move one facility), one resident isochrone (5/10/15 min; the first of the case, then the
 * median of 10 more from other places). In the same run the same
 * multi-source shortest paths (one per category, start costs from the access legs) run in
 * python3-igraph and networkx on the same graph (bench/network_ref.py), and their node distances
 * are compared with the engine's. Last line: one JSON object for the city-scale case.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Category, UnitFeature } from '../src/domain/types';
import { defaultWalkParams, metresPerMinute, minutesFor } from '../src/domain/walk';
import { mulberry32 } from '../src/domain/prng';
import { buildGraph, type NetworkGraph } from '../src/geo/network/graph';
import { generateStreetRaw } from '../src/geo/network/generate';
import { dijkstraBuffers, multiSourceDijkstra, resetBuffers, type Seed } from '../src/geo/network/dijkstra';
import { NetworkCoverage } from '../src/geo/network/networkCoverage';
import { networkIsochrones } from '../src/geo/network/isochrone';
import { buildUnitGrid, type UnitGrid } from '../src/geo/unitGrid';
import { parseNetworkFile } from '../src/io/network/parseNetwork';
import { writeOsmPbf } from '../tests/fixtures/osmPbfWriter';
import { startNetworkThreads } from './networkThreads';

const argv = process.argv.slice(2);
const argOf = (k: string, d: number) => {
  const i = argv.indexOf(k);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const SIDE = argOf('--side', 715);
const NFAC = argOf('--facilities', 5000);
const skipPython = argv.includes('--skip-python');
/** threads of the coverage (this one and helpers: NetworkCoverage.computeParallel) */
const THREADS = argOf('--threads', 2);

const now = () => performance.now();
/** CPU time of this process (user + system), ms: the machine is shared, wall time alone misleads */
const cpuNow = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const units = (JSON.parse(readFileSync('geodata/units.geojson', 'utf8')) as { features: UnitFeature[] }).features;
const shippedCategories = (JSON.parse(readFileSync('geodata/categories.json', 'utf8')) as { categories: Category[] }).categories;
const categories = shippedCategories.slice(0, argOf('--categories', 10));
const params = defaultWalkParams();
let peak = 0;
const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };

function facilitiesIn(g: NetworkGraph, n: number, seed: number) {
  const rnd = mulberry32(seed);
  const [a, b, c, d] = g.extent;
  return Array.from({ length: n }, (_, i) => {
    const cats = [categories[i % categories.length].id];
    if (rnd() < 0.3) cats.push(categories[Math.floor(rnd() * categories.length)].id);
    return { id: `f${i}`, lng: a + rnd() * (c - a), lat: b + rnd() * (d - b), categories: [...new Set(cats)] };
  });
}

interface CaseResult {
  name: string; edges: number; nodes: number; km: number; facilities: number; linked: number;
  parseMs: number; buildMs: number; prepMs: number; coverageMs: number; editMs: number; isochroneMs: number; isoWarmMs: number;
  /** CPU ms: prepare + coverage, edit, isochrone (first, then the median of 10 more) */
  cpuCaseMs: number; cpuEditMs: number; cpuIsoMs: number; cpuIsoWarmMs: number;
  dijkstraMs: number; igraphMs: number | null; networkxMs: number | null; maxDtS: number | null; cells: number;
}

async function runCase(name: string, g: NetworkGraph, parseMs: number, buildMs: number, grid: UnitGrid, nFac: number): Promise<CaseResult> {
  sample();
  const facs = facilitiesIn(g, nFac, 17);
  const c0 = cpuNow();
  let t = now();
  // the helpers build their replicas while this thread builds its own
  const helpersReady = threads?.setGraph(g, {});
  const nc = new NetworkCoverage(categories, grid, units, g, {});
  if (threads) nc.shareWith(threads.helpers);
  nc.setFacilities(facs);
  const prepMs = now() - t;
  sample();
  console.log(`  ${name}: parse ${parseMs.toFixed(0)} ms, build ${buildMs.toFixed(0)} ms (${g.edgeCount} edges), prepare ${prepMs.toFixed(0)} ms`);
  t = now();
  const res = await nc.computeParallel(params);
  await helpersReady;
  const coverageMs = now() - t;
  const cpuCaseMs = cpuNow() - c0;
  sample();
  console.log(`  coverage ${coverageMs.toFixed(0)} ms (${res.timing.categoriesMs.toFixed(0)} categories, ${res.timing.completenessMs.toFixed(0)} completeness, ${res.timing.aggregateMs.toFixed(0)} aggregation)`);
  // one edit: move a facility 300 m east
  const f = facs[7];
  let c1 = cpuNow();
  t = now();
  nc.upsertFacility({ ...f, lng: f.lng + 300 / (111195 * Math.cos((f.lat * Math.PI) / 180)) });
  const editMs = now() - t;
  const cpuEditMs = cpuNow() - c1;
  c1 = cpuNow();
  // one resident isochrone from the middle of the extent: the first of the case (for the extract,
  // the first in the process: the engine runs the code before it has compiled it), then 10 more
  // from other places (median)
  const [a, b, c, d] = g.extent;
  t = now();
  const iso = networkIsochrones(nc.model, (a + c) / 2, (b + d) / 2, [5, 10, 15], 4.5, { trimM: 100, accessM: 200 });
  const isochroneMs = now() - t;
  const cpuIsoMs = cpuNow() - c1;
  if (!iso.ok) console.log(`  (isochrone: centre not linked)`);
  const warm: { wall: number; cpu: number }[] = [];
  const rndIso = mulberry32(5);
  while (warm.length < 10) {
    const lng = a + (0.3 + 0.4 * rndIso()) * (c - a), lat = b + (0.3 + 0.4 * rndIso()) * (d - b);
    const c2 = cpuNow(), t2 = now();
    const r = networkIsochrones(nc.model, lng, lat, [5, 10, 15], 4.5, { trimM: 100, accessM: 200 });
    if (r.ok) warm.push({ wall: now() - t2, cpu: cpuNow() - c2 });
  }
  const median = (v: number[]) => v.sort((x, y) => x - y)[v.length >> 1];
  const isoWarmMs = median(warm.map((w) => w.wall)), cpuIsoWarmMs = median(warm.map((w) => w.cpu));
  console.log(`  edit ${editMs.toFixed(1)} ms, isochrone 5/10/15 min ${isochroneMs.toFixed(1)} ms (first; CPU ${cpuIsoMs.toFixed(1)} ms), then ${isoWarmMs.toFixed(1)} ms (median of 10 more; CPU ${cpuIsoWarmMs.toFixed(1)} ms)`);
  sample();
  // the same multi-source shortest paths, timed without cutoff (igraph has none), then compared
  const seedsPerCat: Seed[][] = categories.map((cat) => {
    const reach = nc.reachOf(cat.id);
    const seeds: Seed[] = [];
    for (const s of reach?.sources ?? []) {
      const { edge, off, access } = s.link;
      if (g.edgeDir[edge] !== 1) seeds.push({ node: g.edgeU[edge], cost: access + off, source: s.index });
      if (g.edgeDir[edge] !== -1) seeds.push({ node: g.edgeV[edge], cost: access + g.edgeLen[edge] - off, source: s.index });
    }
    return seeds;
  });
  const buf = dijkstraBuffers(g);
  const ours = new Float64Array(categories.length * g.nodeCount);
  let dijkstraMs = 0;
  seedsPerCat.forEach((seeds, ci) => {
    resetBuffers(buf, true);
    const t0 = now();
    multiSourceDijkstra(g, seeds, Infinity, buf);
    dijkstraMs += now() - t0;
    ours.set(buf.dist, ci * g.nodeCount);
  });
  console.log(`  engine Dijkstra, ${categories.length} categories, no cutoff: ${dijkstraMs.toFixed(0)} ms`);
  let igraphMs: number | null = null, networkxMs: number | null = null, maxDtS: number | null = null;
  if (!skipPython) {
    const dir = mkdtempSync(join(tmpdir(), 'netbench-'));
    try {
      writeFileSync(join(dir, 'u.i32'), Buffer.from(g.edgeU.buffer, g.edgeU.byteOffset, g.edgeU.byteLength));
      writeFileSync(join(dir, 'v.i32'), Buffer.from(g.edgeV.buffer, g.edgeV.byteOffset, g.edgeV.byteLength));
      writeFileSync(join(dir, 'w.f64'), Buffer.from(g.edgeLen.buffer, g.edgeLen.byteOffset, g.edgeLen.byteLength));
      writeFileSync(join(dir, 'dir.i8'), Buffer.from(g.edgeDir.buffer, g.edgeDir.byteOffset, g.edgeDir.byteLength));
      const cutoff = categories.map((cat) => 2 * metresPerMinute(params.speedKmh) * minutesFor(cat, params));
      writeFileSync(join(dir, 'seeds.json'), JSON.stringify({ nodes: g.nodeCount, seeds: seedsPerCat.map((s) => s.map((x) => [x.node, x.cost])), cutoff }));
      const out = execFileSync('/usr/bin/python3', ['bench/network_ref.py', dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
      const ref = JSON.parse(out.trim().split('\n').pop() as string) as { igraph_ms: number; networkx_ms: number; igraph_build_ms: number; networkx_build_ms: number };
      igraphMs = ref.igraph_ms;
      networkxMs = ref.networkx_ms;
      console.log(`  igraph: graph build ${ref.igraph_build_ms} ms (not timed), distances ${ref.igraph_ms} ms; networkx: graph build ${ref.networkx_build_ms} ms (not timed), Dijkstra with cutoff ${ref.networkx_ms} ms`);
      const ig = new Float64Array(readFileSync(join(dir, 'igraph.f64')).buffer.slice(0));
      const nx = new Float64Array(readFileSync(join(dir, 'networkx.f64')).buffer.slice(0));
      const mps = metresPerMinute(params.speedKmh) / 60;
      let worst = 0, mismatch = 0;
      for (let ci = 0; ci < categories.length; ci++) {
        const cut = cutoff[ci];
        for (let n = 0; n < g.nodeCount; n++) {
          const k = ci * g.nodeCount + n;
          const o = ours[k];
          if (o === Infinity || ig[k] === Infinity) { if (o !== ig[k]) mismatch++; }
          else worst = Math.max(worst, Math.abs(o - ig[k]) / mps);
          if (o <= cut - 1e-6) {
            if (nx[k] === Infinity) mismatch++;
            else worst = Math.max(worst, Math.abs(o - nx[k]) / mps);
          }
        }
      }
      maxDtS = mismatch > 0 ? Infinity : worst;
      if (mismatch) console.log(`  ${mismatch} reached-set mismatches`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  sample();
  return {
    name, edges: g.edgeCount, nodes: g.nodeCount, km: g.stats.walkableKm, facilities: nFac, linked: res.network.linked,
    parseMs, buildMs, prepMs, coverageMs, editMs, isochroneMs, isoWarmMs, cpuCaseMs, cpuEditMs, cpuIsoMs, cpuIsoWarmMs, dijkstraMs, igraphMs, networkxMs, maxDtS,
    cells: nc.cellIn.reduce((s, v) => s + v, 0),
  };
}

function cityPbf(): { pbf: Uint8Array; wayCount: number } {
  const raw = generateStreetRaw({ side: SIDE, spacingM: 90, seed: 1, longWays: true, dropShare: 0.01, oneWayShare: 0.02, jitterM: 15 });
  const nodes = Array.from({ length: raw.lng.length }, (_, i) => ({ id: i + 1, lng: raw.lng[i], lat: raw.lat[i] }));
  const ways = Array.from({ length: raw.wayStart.length - 1 }, (_, w) => ({
    id: w + 1,
    refs: Array.from(raw.wayNodes.subarray(raw.wayStart[w], raw.wayStart[w + 1]), (v) => v + 1),
    tags: (raw.wayDir[w] === 0 ? { highway: 'residential' } : { highway: 'footway', 'oneway:foot': raw.wayDir[w] > 0 ? 'yes' : '-1' }) as Record<string, string>,
  }));
  return { pbf: writeOsmPbf(nodes, ways), wayCount: ways.length };
}

const rows: CaseResult[] = [];
let cityLoadStart = 0;
let cityParseBuildCpuMs = 0;
let cityParseCpuMs = 0;
let t = now();
const grid = buildUnitGrid(units);
console.log(`units: ${units.length}, grid ${grid.cellCount} cells of ${grid.cellSize} m, built once in ${(now() - t).toFixed(0)} ms (not in the figures)`);
// helper threads, each with its own grid of the same units (built before anything is timed)
const threads = THREADS > 1 ? await startNetworkThreads(categories, units, THREADS - 1) : null;
console.log(`categories: ${categories.length} of the ${shippedCategories.length} shipped (${categories.map((c) => c.id).join(', ')}); coverage threads: ${THREADS} (this one${THREADS > 1 ? ` and ${THREADS - 1} helper${THREADS > 2 ? 's' : ''}` : ''}); machine: ${(await import('node:os')).cpus().length} cores`);

{
  const bytes = new Uint8Array(readFileSync('geodata/renminguangchang-drive-2026.osm'));
  t = now();
  const raw = await parseNetworkFile('renminguangchang-drive-2026.osm', bytes);
  const parseMs = now() - t;
  t = now();
  // on shared memory when a helper thread computes too: posted to it, the graph is not copied
  const g = buildGraph(raw, { shared: THREADS > 1 });
  const buildMs = now() - t;
  rows.push(await runCase('人民广场 extract (OSM XML)', g, parseMs, buildMs, grid, 200));
}
{
  t = now();
  // as a .osm.pbf file, so parsing is timed on the real format (the writer's objects are
  // garbage before anything is timed)
  const { pbf, wayCount } = cityPbf();
  console.log(`generated city grid: ${SIDE} × ${SIDE} nodes, ${wayCount} ways, .osm.pbf ${(pbf.length / 1048576).toFixed(1)} MB (${(now() - t).toFixed(0)} ms, not in the figures)`);
  sample();
  cityLoadStart = (await import('node:os')).loadavg()[0];
  const cpb = cpuNow();
  t = now();
  const raw2 = await parseNetworkFile('city.osm.pbf', pbf);
  const parseMs = now() - t;
  cityParseCpuMs = cpuNow() - cpb;
  sample();
  t = now();
  const g = buildGraph(raw2, { shared: THREADS > 1 });
  const buildMs = now() - t;
  cityParseBuildCpuMs = cpuNow() - cpb;
  rows.push(await runCase(`generated city grid (synthetic)`, g, parseMs, buildMs, grid, NFAC));
}

const f = (v: number | null) => (v === null ? '—' : v.toFixed(0));
console.log(`\ncase | edges | nodes | km | facilities (linked) | grid cells in extent | parse ms | build ms | prepare ms | coverage ms | edit ms | isochrone ms | Dijkstra ×${categories.length} ms | igraph ms | networkx ms (cutoff) | max |Δt| s`);
console.log('--- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | ---');
for (const r of rows) {
  console.log(`${r.name} | ${r.edges} | ${r.nodes} | ${r.km.toFixed(0)} | ${r.facilities} (${r.linked}) | ${r.cells} | ${f(r.parseMs)} | ${f(r.buildMs)} | ${f(r.prepMs)} | ${f(r.coverageMs)} | ${r.editMs.toFixed(1)} | ${r.isochroneMs.toFixed(1)} | ${f(r.dijkstraMs)} | ${f(r.igraphMs)} | ${f(r.networkxMs)} | ${r.maxDtS === null ? '—' : r.maxDtS.toExponential(2)}`);
}
const city = rows[rows.length - 1];
const loadavg = (await import('node:os')).loadavg()[0];
console.log(`load average during the run: ${loadavg.toFixed(1)} at the end, ${cityLoadStart.toFixed(1)} when the city case started, on ${(await import('node:os')).cpus().length} cores`);
console.log(`city case CPU time: parse ${cityParseCpuMs.toFixed(0)} ms, build ${(cityParseBuildCpuMs - cityParseCpuMs).toFixed(0)} ms, parse + build + prepare + coverage ${(cityParseBuildCpuMs + city.cpuCaseMs).toFixed(0)} ms, edit ${city.cpuEditMs.toFixed(1)} ms, isochrone ${city.cpuIsoMs.toFixed(1)} ms (the first of the case; the extract case runs first), ${city.cpuIsoWarmMs.toFixed(1)} ms (median of 10 more)`);
console.log(JSON.stringify({
  edges: city.edges, facilities: city.facilities, categories: categories.length,
  engine_ms: Math.round(city.dijkstraMs), igraph_ms: city.igraphMs, networkx_ms: city.networkxMs,
  edit_ms: Number(city.editMs.toFixed(1)), isochrone_ms: Number(city.isochroneMs.toFixed(1)),
  max_dt_s: city.maxDtS, peak_mb: Math.round(Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1048576),
  total_ms: Math.round(city.parseMs + city.buildMs + city.prepMs + city.coverageMs),
  parse_ms: Math.round(city.parseMs), build_ms: Math.round(city.buildMs), prepare_ms: Math.round(city.prepMs), coverage_ms: Math.round(city.coverageMs),
  parse_cpu_ms: Math.round(cityParseCpuMs), build_cpu_ms: Math.round(cityParseBuildCpuMs - cityParseCpuMs),
  total_cpu_ms: Math.round(cityParseBuildCpuMs + city.cpuCaseMs), edit_cpu_ms: Number(city.cpuEditMs.toFixed(1)), isochrone_cpu_ms: Number(city.cpuIsoMs.toFixed(1)),
  isochrone_warm_ms: Number(city.isoWarmMs.toFixed(1)), isochrone_warm_cpu_ms: Number(city.cpuIsoWarmMs.toFixed(1)),
  load_avg: Number(loadavg.toFixed(1)),
}));
await threads?.close();
