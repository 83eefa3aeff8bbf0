/**
 * Command-line coverage analysis with the same engine as the app.
 *
 *   npm run analyze -- --facilities <file.csv|file.json> --out <dir>
 *       [--units <units.geojson>]          planning units (default geodata/units.geojson)
 *       [--mode radius|standard]           radius = speed × minutes ÷ detour (default); standard = GB 50180-2018 radii
 *       [--persona adult|elderly|caregiver]
 *       [--speed 4.5] [--detour 1.3]
 *       [--minutes 15 | --minutes party=15,elderly=5]   one value for all categories, or per category
 *       [--select party,health]            categories the completeness figure needs (default all)
 *       [--status open,building,planned]   facility statuses to count (default all)
 *       [--demand <points.csv>]            residential points with population (replaces the census spread)
 *       [--crs auto|wgs84|gcj02|bd09] [--cell 125]
 *
 * Facility files: CSV/TXT through the app's importer (src/io/facilityCsv.ts parseFacilityFile:
 * encodings, Chinese headers, GCJ-02/BD-09 conversion), or a JSON array of facilities
 * (geodata/demo-facilities.json). Writes, in <dir>:
 *   coverage-units.csv       per unit × category (+ completeness), UTF-8 with BOM
 *   coverage-districts.csv   per district and the city
 *   coverage-units.geojson   unit polygons with the figures as properties, parameters in "metadata"
 *   params.json              parameters, engine, inputs and timing (sidecar)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Category, Facility, FacilityStatus, UnitFeature } from '../src/domain/types';
import { FACILITY_STATUSES } from '../src/domain/types';
import { defaultWalkParams, validateWalkParams, withPersona, type PersonaId, type WalkParams } from '../src/domain/walk';
import { CoverageEngine } from '../src/geo/coverageEngine';
import type { DemandPoint, EngineFacility } from '../src/geo/coverageTypes';
import { groupRows, unitFeatureCollection, unitRows, resultMetadata } from '../src/geo/resultRows';
import { DEFAULT_CELL_SIZE_M } from '../src/geo/unitGrid';
import { toCsv } from '../src/io/csvExport';
import { parseFacilityFile } from '../src/io/facilityCsv';
import { parsePopulationFile } from '../src/io/population';
import { cliImportReport, parseCrsFlag } from '../src/io/cliReport';
import type { CrsChoice } from '../src/io/importTypes';

interface CliArgs {
  facilities?: string;
  units: string;
  out?: string;
  mode: 'walk' | 'standard';
  persona?: PersonaId;
  speed?: number;
  detour?: number;
  minutes: Record<string, number>;
  minutesAll?: number;
  select: string[];
  status: FacilityStatus[];
  demand?: string;
  crs: CrsChoice;
  cell: number;
}

const USAGE = 'usage: npm run analyze -- --facilities <csv|json> --out <dir> [--units <geojson>] [--mode radius|standard] [--persona adult|elderly|caregiver] [--speed km/h] [--detour f] [--minutes N | id=N,…] [--select id,…] [--status open,…] [--demand <csv>] [--crs auto|wgs84|gcj02|bd09] [--cell m]';

function fail(msg: string): never {
  console.error(`analyze: ${msg}\n${USAGE}`);
  process.exit(2);
}

function num(flag: string, v: string | undefined): number {
  const n = Number(v);
  if (v === undefined || !Number.isFinite(n)) fail(`${flag} needs a number (got "${v}")`);
  return n;
}

export function parseArgs(argv: string[]): CliArgs {
  const a: CliArgs = { units: 'geodata/units.geojson', mode: 'walk', minutes: {}, select: [], status: [...FACILITY_STATUSES], crs: 'auto', cell: DEFAULT_CELL_SIZE_M };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const v = argv[i + 1];
    const take = () => { i++; if (v === undefined) fail(`${flag} needs a value`); return v; };
    switch (flag) {
      case '--facilities': a.facilities = take(); break;
      case '--units': a.units = take(); break;
      case '--out': a.out = take(); break;
      case '--mode': {
        const m = take();
        if (m === 'radius' || m === 'walk') a.mode = 'walk';
        else if (m === 'standard') a.mode = 'standard';
        else fail(`--mode must be radius or standard (got "${m}")`);
        break;
      }
      case '--persona': {
        const p = take();
        if (p !== 'adult' && p !== 'elderly' && p !== 'caregiver') fail(`--persona must be adult, elderly or caregiver (got "${p}")`);
        a.persona = p;
        break;
      }
      case '--speed': a.speed = num(flag, take()); break;
      case '--detour': a.detour = num(flag, take()); break;
      case '--minutes': {
        const m = take();
        if (/^[\d.]+$/.test(m)) a.minutesAll = num(flag, m);
        else for (const part of m.split(',')) {
          const [id, val] = part.split('=');
          a.minutes[id.trim()] = num(flag, val);
        }
        break;
      }
      case '--select': a.select = take().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--status': {
        const list = take().split(',').map((s) => s.trim());
        for (const s of list) if (!(FACILITY_STATUSES as readonly string[]).includes(s)) fail(`unknown status "${s}"`);
        a.status = list as FacilityStatus[];
        break;
      }
      case '--demand': a.demand = take(); break;
      case '--crs': {
        const r = parseCrsFlag(take());
        if ('error' in r) fail(r.error);
        a.crs = r.crs;
        break;
      }
      case '--cell': a.cell = num(flag, take()); break;
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: fail(`unknown option "${flag}"`);
    }
  }
  return a;
}

/** Facilities from a JSON array or, through the app's importer, a CSV/TXT file. */
function readFacilities(path: string, categories: Category[], crs: CrsChoice, outDir: string): Facility[] {
  const bytes = new Uint8Array(readFileSync(path));
  if (/\.json$/i.test(path)) {
    const data = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    const list = Array.isArray(data) ? data : (data as { facilities?: unknown }).facilities;
    if (!Array.isArray(list)) fail(`${path}: expected a JSON array of facilities`);
    return list as Facility[];
  }
  const name = basename(path);
  const result = parseFacilityFile(bytes, { categories, source: `${name} (analyze)`, fileName: name, crs });
  const report = cliImportReport(result, name, 'en');
  for (const line of report.lines) console.log(line);
  if (report.rejected) writeFileSync(join(outDir, report.rejected.fileName), report.rejected.csv);
  return result.facilities;
}

function readDemand(path: string, crs: CrsChoice, outDir: string): DemandPoint[] {
  const bytes = new Uint8Array(readFileSync(path));
  const name = basename(path);
  const result = parsePopulationFile(bytes, { source: `${name} (analyze)`, fileName: name, crs });
  const report = cliImportReport(result, name, 'en');
  for (const line of report.lines) console.log(line);
  if (report.rejected) writeFileSync(join(outDir, report.rejected.fileName), report.rejected.csv);
  return result.points.map((p) => ({ lng: p.lng, lat: p.lat, population: p.population }));
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (!args.facilities) fail('--facilities is required');
  if (!args.out) fail('--out is required');
  const outDir = args.out;
  mkdirSync(outDir, { recursive: true });
  const categories = (JSON.parse(readFileSync('geodata/categories.json', 'utf8')) as { categories: Category[] }).categories;
  const units = (JSON.parse(readFileSync(args.units, 'utf8')) as { features: UnitFeature[] }).features;

  let params: WalkParams = { ...defaultWalkParams(), mode: args.mode };
  if (args.persona) params = withPersona(params, args.persona);
  if (args.speed !== undefined) params = { ...params, speedKmh: args.speed, persona: 'custom' };
  if (args.detour !== undefined) params = { ...params, detour: args.detour, persona: 'custom' };
  const minutes: Record<string, number> = {};
  if (args.minutesAll !== undefined) for (const c of categories) minutes[c.id] = args.minutesAll;
  for (const [id, m] of Object.entries(args.minutes)) {
    if (!categories.some((c) => c.id === id)) fail(`--minutes: unknown category "${id}" (known: ${categories.map((c) => c.id).join(', ')})`);
    minutes[id] = m;
  }
  for (const id of args.select) if (!categories.some((c) => c.id === id)) fail(`--select: unknown category "${id}"`);
  params = { ...params, minutes, selected: args.select };
  const problems = validateWalkParams(params);
  if (problems.length > 0) fail(problems.join('; '));

  const all = readFacilities(args.facilities, categories, args.crs, outDir);
  const facilities: EngineFacility[] = all
    .filter((f) => !f.status || args.status.includes(f.status))
    .map((f) => ({ id: f.id, lng: f.lng, lat: f.lat, categories: f.categories }));
  const synthetic = all.some((f) => f.synthetic);

  const t0 = performance.now();
  const engine = new CoverageEngine(categories, { cellSize: args.cell });
  const prep = engine.setUnits(units);
  engine.setFacilities(facilities);
  let demandInfo: { assigned: number; outside: number } | null = null;
  if (args.demand) demandInfo = engine.setDemand(readDemand(args.demand, args.crs, outDir));
  const result = engine.compute(params);
  const totalMs = performance.now() - t0;

  writeFileSync(join(outDir, 'coverage-units.csv'), toCsv(unitRows(result, units, categories)));
  writeFileSync(join(outDir, 'coverage-districts.csv'), toCsv(groupRows(result, categories)));
  writeFileSync(join(outDir, 'coverage-units.geojson'), JSON.stringify(unitFeatureCollection(result, units)));
  const sidecar = {
    ...resultMetadata(result),
    inputs: {
      facilities: args.facilities,
      facilitiesRead: all.length,
      facilitiesUsed: facilities.length,
      statuses: args.status,
      synthetic,
      units: args.units,
      unitCount: units.length,
      demand: args.demand ?? null,
      demandAssigned: demandInfo,
    },
    timing: { gridMs: Math.round(prep.ms), computeMs: Math.round(result.timing.totalMs), totalMs: Math.round(totalMs) },
    generatedAt: new Date().toISOString(),
  };
  writeFileSync(join(outDir, 'params.json'), JSON.stringify(sidecar, null, 2));

  const S = result.slots.length;
  const city = result.city;
  console.log(`${facilities.length} facilities${synthetic ? ' (synthetic demo data)' : ''}, ${units.length} units; ${result.paramsText}`);
  console.log(`city coverage (area): ${result.slots.map((s, i) => `${s} ${((100 * city.coveredM2[i]) / city.areaM2).toFixed(1)}%`).join(', ')}`);
  console.log(`completeness (${result.completeOf.length} categories): ${((100 * city.coveredM2[S - 1]) / city.areaM2).toFixed(2)}% of land, ${((100 * city.popCovered[S - 1]) / Math.max(1, city.pop)).toFixed(2)}% of people (${result.popSource})`);
  console.log(`grid ${Math.round(prep.ms)} ms, compute ${Math.round(result.timing.totalMs)} ms; wrote ${outDir}/coverage-units.csv, coverage-districts.csv, coverage-units.geojson, params.json`);
}

main();
