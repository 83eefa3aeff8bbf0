/**
 * npm run bench [-- --facilities N[,N…]] [--runs R] [--warmup W] [--threads T] [--cell M] [--turf] [--cap S] [--sample K] [--geos-runs G]
 *
 * On the real planning units (geodata/units.geojson) with the demo facilities and seeded
 * generated sets (1k, 5k, 20k, 100k over the categories), times the engine from the
 * facilities to every figure (median of R = 5 runs after W = 5 warm-up runs: the first is cold,
 * V8 optimises about 30 functions in the background during the second, on a core the engine's two
 * threads need, and compiles or re-compiles a few more in the third to fifth) and, in the same run on the same units,
 * facilities and per-category radii, the GEOS peer (bench/geos_peer.py: what an analyst runs
 * with shapely/PostGIS — circles, STR tree per category, per unit union ∩ unit → area) in a
 * child process. Both prepare the units once (the engine's grid, the peer's projected units);
 * that preparation is reported apart and is in neither timing. The GEOS shares are the accuracy reference for every unit × category and
 * completeness. With --turf also the naive Turf pipeline (stopped at the cap) and the per-unit
 * Turf check on a seeded sample. Last line: one JSON object for the 5k case.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Category, UnitFeature } from '../src/domain/types';
import { defaultWalkParams } from '../src/domain/walk';
import { mulberry32 } from '../src/domain/prng';
import { CoverageEngine } from '../src/geo/coverageEngine';
import type { CoverageResult, EngineFacility } from '../src/geo/coverageTypes';
import { DEFAULT_CELL_SIZE_M } from '../src/geo/unitGrid';
import { startEngineThreads } from './engineThreads';
import { generateFacilities } from './facilityGen';
import type { TurfInput } from './naiveTurf';

interface Args {
  sizes: (number | 'demo')[];
  capS: number;
  sample: number;
  cell: number;
  runs: number;
  /** runs before the timed ones (the first of them cold) */
  warmup: number;
  turf: boolean;
  threads: number;
  /** timed runs of the GEOS peer (default: --runs up to 20,000 facilities, 1 above) */
  geosRuns?: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { sizes: ['demo', 1000, 5000, 20000, 100000], capS: 120, sample: 60, cell: DEFAULT_CELL_SIZE_M, runs: 5, warmup: 5, turf: false, threads: 2 };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    switch (argv[i]) {
      case '--facilities': a.sizes = v.split(',').map((s) => (s === 'demo' ? 'demo' : Number(s))); i++; break;
      case '--cap': a.capS = Number(v); i++; break;
      case '--sample': a.sample = Number(v); i++; break;
      case '--cell': a.cell = Number(v); i++; break;
      case '--runs': a.runs = Number(v); i++; break;
      case '--warmup': a.warmup = Math.max(1, Number(v)); i++; break;
      case '--turf': a.turf = true; break;
      case '--threads': a.threads = Number(v); i++; break;
      case '--geos-runs': a.geosRuns = Number(v); i++; break;
      default: break;
    }
  }
  return a;
}

interface TurfOutcome {
  finished: boolean;
  ms: number;
  peakMb: number | null;
  /** extrapolated full time when stopped at the cap */
  estimateMs: number | null;
  shares: number[][] | null;
}

function runTurf(input: TurfInput, capMs: number, dir: string): Promise<TurfOutcome> {
  const file = join(dir, `turf-${input.mode}.json`);
  writeFileSync(file, JSON.stringify(input));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/naiveTurf.ts', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let last: [number, number, number] | null = null;
    const t0 = performance.now();
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const m = /^progress (\d+) (\d+) (\d+)/.exec(line);
        if (m) last = [Number(m[1]), Number(m[2]), Number(m[3])];
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), capMs);
    child.on('close', () => {
      clearTimeout(timer);
      const elapsed = performance.now() - t0;
      if (out.length > 0) {
        const r = JSON.parse(out) as { ms: number; peakMb: number; shares: number[][] };
        resolve({ finished: true, ms: r.ms, peakMb: r.peakMb, estimateMs: null, shares: r.shares });
      } else {
        const p = last as [number, number, number] | null;
        const estimateMs = p && p[0] > 0 ? (p[2] / p[0]) * p[1] : null;
        resolve({ finished: false, ms: elapsed, peakMb: null, estimateMs, shares: null });
      }
    });
  });
}

interface GeosOutcome {
  ms: number;
  /** CPU time of the peer's process over the same span */
  cpuMs: number;
  /** projecting the units (once per unit set; not in ms) */
  prepMs: number;
  peakMb: number;
  geos: string;
  shares: number[][];
  /** every timed run's ms (ms is their median) */
  runsMs: number[];
}

/** The GEOS peer in a child process (Debian's python3 with shapely), its timed part `runs` times. */
function runGeos(units: UnitFeature[], facilities: EngineFacility[], result: CoverageResult, dir: string, runs: number): Promise<GeosOutcome> {
  const catIndex = new Map(result.categories.map((c, i) => [c.id, i]));
  const input = {
    units: units.map((u) => u.geometry),
    facilities: facilities.map((f) => [f.lng, f.lat, f.categories.map((c) => catIndex.get(c)).filter((i) => i !== undefined)]),
    reach: result.categories.map((c) => c.reachM),
    complete: result.completeOf.map((id) => catIndex.get(id)),
  };
  const file = join(dir, 'geos-input.json');
  writeFileSync(file, JSON.stringify(input));
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['bench/geos_peer.py', file, String(runs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`GEOS peer failed (${PYTHON} bench/geos_peer.py, exit ${code}): ${err.trim().split('\n').pop()}`));
      else {
        const r = JSON.parse(out) as { ms: number; cpu_ms: number; runs_ms: number[]; prep_ms: number; peak_mb: number; geos: string; shares: number[][] };
        resolve({ ms: r.ms, cpuMs: r.cpu_ms, runsMs: r.runs_ms, prepMs: r.prep_ms, peakMb: r.peak_mb, geos: r.geos, shares: r.shares });
      }
    });
  });
}

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function fmtMs(ms: number): string {
  return ms >= 10000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const categories = (JSON.parse(readFileSync('geodata/categories.json', 'utf8')) as { categories: Category[] }).categories;
  const units = (JSON.parse(readFileSync('geodata/units.geojson', 'utf8')) as { features: UnitFeature[] }).features;
  const demo = JSON.parse(readFileSync('geodata/demo-facilities.json', 'utf8')) as EngineFacility[];
  const params = defaultWalkParams();
  const dir = mkdtempSync(join(tmpdir(), 'shq-bench-'));

  const engine = new CoverageEngine(categories, { cellSize: args.cell });
  const threads = startEngineThreads(categories, { cellSize: args.cell }, Math.max(0, args.threads - 1));
  engine.shareWith(threads.helpers);
  const prep = engine.setUnits(units);
  // the helpers build their grids from the same units: preparation too, finished before any run
  await threads.settled();
  await engine.helpersSettled();
  console.log(`units: ${units.length}, categories: ${categories.length}, cell ${args.cell} m: ${prep.cells} cells, ${prep.entries} unit×cell entries, ${prep.pieces} edge pieces; grid built once in ${fmtMs(prep.ms)}`);
  console.log(`walk: ${params.speedKmh} km/h, detour ${params.detour}, minutes from the category file; engine threads: ${engineThreads(engine)}; machine: ${(await import('node:os')).cpus().length} cores, node ${process.version}${args.turf ? `; naive Turf cap ${args.capS} s, Turf error sample ${args.sample} units (seeded)` : ''}`);
  console.log('');
  const header = ['case', 'facilities', 'engine ms (median)', 'engine CPU ms', 'first run (cold)', 'peak RSS MB', 'edit ms (move 1)', 'GEOS ms (median)', 'GEOS CPU ms', 'GEOS units prep ms', 'GEOS peak MB', 'speedup vs GEOS', 'max |engine − GEOS| pp', 'err bound pp'];
  if (args.turf) header.push('naive Turf', 'speedup vs Turf', 'max err pp vs Turf (sample)');
  console.log(header.join(' | '));
  console.log(header.map(() => '---').join(' | '));

  const rnd = mulberry32(20250423);
  const sampleIdx = [...units.keys()].sort(() => rnd() - 0.5).slice(0, args.sample).sort((a, b) => a - b);
  let json: Record<string, unknown> | null = null;
  let geosVersion = '';

  for (const size of args.sizes) {
    const facilities = size === 'demo' ? demo : generateFacilities(units, categories.map((c) => c.id), size);
    const label = size === 'demo' ? 'demo (synthetic)' : `generated ${size}`;
    // timed like the GEOS peer: from the facilities (projection; their coordinates go to the helpers with the run) to
    // every figure; W warm-up runs while the JIT compiles the engine (the first cold), then R runs for the median
    // (CPU: this process, so the engine's worker threads too)
    const run = async (): Promise<[number, number, CoverageResult]> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      engine.setFacilities(facilities);
      const r = await engine.computeParallel(params);
      const c = process.cpuUsage(c0);
      return [performance.now() - t0, (c.user + c.system) / 1000, r];
    };
    const warm: number[] = [];
    for (let w = 0; w < args.warmup; w++) warm.push((await run())[0]);
    const firstMs = warm[0];
    const times: number[] = [];
    const cpus: number[] = [];
    let res: CoverageResult | null = null;
    for (let r = 0; r < args.runs; r++) {
      const [ms, cpu, out] = await run();
      times.push(ms);
      cpus.push(cpu);
      res = out;
    }
    const result = res as CoverageResult;
    const engineMs = median(times);
    const engineCpuMs = median(cpus);
    const peakMb = process.resourceUsage().maxRSS / 1024;
    // incremental: move one facility 300 m east, then back
    const f0 = facilities[Math.floor(facilities.length / 2)];
    const edit = engine.upsertFacility({ ...f0, lng: f0.lng + 0.0032 });
    engine.upsertFacility(f0);

    const S = result.slots.length;
    // the peer's median over as many runs as the engine's (one above 20,000 facilities, where a run takes half a minute or more)
    const geosRuns = args.geosRuns ?? (size === 'demo' || size <= 20000 ? args.runs : 1);
    const geos = await runGeos(units, facilities, result, dir, geosRuns);
    console.log(`${label}: engine warm-up runs ${warm.map((t) => t.toFixed(0)).join(', ')} ms, timed runs ${times.map((t) => t.toFixed(0)).join(', ')} ms; GEOS runs ${geos.runsMs.map((t) => t.toFixed(0)).join(', ')} ms`);
    geosVersion = geos.geos;
    let maxGeos = 0;
    for (let u = 0; u < units.length; u++) {
      for (let s = 0; s < S; s++) {
        const e = Math.abs(result.coveredM2[u * S + s] / result.unitAreaM2[u] - geos.shares[u][s]) * 100;
        if (!(e <= maxGeos)) maxGeos = e;
      }
    }
    let boundPp = 0;
    for (let u = 0; u < units.length; u++) for (let s = 0; s < S; s++) boundPp = Math.max(boundPp, (result.errorBoundM2[u * S + s] / result.unitAreaM2[u]) * 100);
    const geosSpeedup = geos.ms / engineMs;
    const row = [
      label,
      facilities.length,
      engineMs.toFixed(0),
      engineCpuMs.toFixed(0),
      firstMs.toFixed(0),
      peakMb.toFixed(0),
      edit.ms.toFixed(1),
      geos.ms.toFixed(0),
      geos.cpuMs.toFixed(0),
      geos.prepMs.toFixed(0),
      geos.peakMb.toFixed(0),
      `${geosSpeedup.toFixed(1)}×`,
      maxGeos.toFixed(3),
      boundPp.toFixed(4),
    ];
    const record: Record<string, unknown> = {
      facilities: facilities.length,
      units: units.length,
      categories: categories.length,
      engine_ms: Math.round(engineMs),
      engine_cpu_ms: Math.round(engineCpuMs),
      engine_warmup_ms: warm.map((t) => Math.round(t)),
      peak_mb: Math.round(peakMb),
      edit_ms: Number(edit.ms.toFixed(1)),
      max_error_pp: Number(maxGeos.toFixed(4)),
      error_reference: 'geos',
      geos_peak_mb: Math.round(geos.peakMb),
    };
    if (args.turf) {
      const reach = result.categories.map((c) => ({ id: c.id, reachM: c.reachM }));
      const naive = await runTurf({ mode: 'naive', units, facilities, categories: reach, steps: 64 }, args.capS * 1000, dir);
      const local = await runTurf({ mode: 'local', units: sampleIdx.map((i) => units[i]), facilities, categories: reach, steps: 256 }, 30 * 60 * 1000, dir);
      let maxErr = NaN;
      if (local.shares) {
        maxErr = 0;
        sampleIdx.forEach((u, k) => {
          for (let s = 0; s < S; s++) maxErr = Math.max(maxErr, Math.abs(result.coveredM2[u * S + s] / result.unitAreaM2[u] - (local.shares as number[][])[k][s]) * 100);
        });
      }
      const speedup = naive.ms / engineMs;
      row.push(
        naive.finished ? fmtMs(naive.ms) : `> cap ${args.capS} s${naive.estimateMs ? ` (est. ${fmtMs(naive.estimateMs)})` : ''}`,
        naive.finished ? `${speedup.toFixed(0)}×` : `> ${speedup.toFixed(0)}×`,
        Number.isNaN(maxErr) ? 'n/a' : maxErr.toFixed(3),
      );
      Object.assign(record, {
        turf_ms: Math.round(naive.ms), speedup: Math.round(speedup), turf_capped: !naive.finished,
        turf_estimate_ms: naive.estimateMs ? Math.round(naive.estimateMs) : null,
        turf_max_error_pp: Number.isNaN(maxErr) ? null : Number(maxErr.toFixed(4)), error_sample_units: sampleIdx.length,
      });
    }
    Object.assign(record, { geos_ms: Math.round(geos.ms), geos_cpu_ms: Math.round(geos.cpuMs), geos_speedup: Number(geosSpeedup.toFixed(1)), grid_ms: Math.round(prep.ms), geos_prep_ms: Math.round(geos.prepMs) });
    console.log(row.join(' | '));
    if (size === 5000 || json === null) json = record;
  }

  await threads.close();
  rmSync(dir, { recursive: true, force: true });
  console.log('');
  console.log(`engine ms: median of R runs after ${args.warmup} warm-up runs (the first cold: 'first run (cold)'; V8 still optimises functions in the background during the next ones), each setting the facilities (projection) and a full computation (all units × categories + completeness + district/city figures; the categories' coordinates go to the helper threads with it); the grid is prepared once per unit set (${fmtMs(prep.ms)}, not in engine ms), as the peer's projected units are (GEOS units prep, not in GEOS ms). Peak RSS: this process (engine and its worker threads). CPU ms: user + system time of the process over the same span (the engine's: median of the runs, all its threads), the fairer figure on a loaded machine.`);
  console.log(`GEOS: bench/geos_peer.py (shapely, GEOS ${geosVersion}) in a child process on the same units, facilities and radii: facilities projected, circles (64-gons of the disc's area), STR tree per category, per unit union ∩ unit → area; timed from the facilities' projection to the last area, the median of as many runs as the engine's (one run above 20,000 facilities; --geos-runs G sets it). Its shares are the accuracy reference for every unit × slot.`);
  console.log(JSON.stringify(json));
}

function engineThreads(engine: CoverageEngine): number {
  return engine.parallelism();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
