/**
 * Command-line coverage analysis with the same engine as the app.
 *
 *   npm run analyze -- --facilities <file.csv|file.json> --out <dir> [options]   (--help lists them)
 *
 * Facility files (CSV/TXT or a JSON list) go through the app's importer
 * (src/io/facilityCsv.ts parseFacilityFile: encodings, Chinese headers, GCJ-02/BD-09
 * conversion, the same row checks for CSV lines and JSON records). `--units` goes through
 * the app's unit checks and repair (src/io/unitLayer.ts). Writes, in <dir>:
 *   coverage-units.csv       per unit × category (+ completeness), UTF-8 with BOM
 *   coverage-districts.csv   per district and the city
 *   coverage-units.geojson   unit polygons with the figures as properties, parameters in "metadata"
 *   <input>.rejected.csv     rows / units that did not load, with reasons (when any)
 *   <input>.villages-unmatched.csv  rows whose 居委 / 村 column did not match the 2023 list (when any)
 *   params.json              parameters, engine, inputs, timing and the list of outputs (written last)
 * Results are staged in a temporary folder and moved into place only when the run succeeds
 * (scripts/lib/cliOutput.ts). Every failure is one line `analyze: <file>: <reason>` and a
 * non-zero exit (scripts/lib/cli.ts); `--debug` adds the stack.
 */
import type { FacilityStatus } from '../src/domain/types';
import { validateWalkParams } from '../src/domain/walk';
import { CoverageEngine } from '../src/geo/coverageEngine';
import type { CoverageResult, DemandPoint, EngineFacility } from '../src/geo/coverageTypes';
import { groupRows, resultMetadata, unitFeatureCollection, unitRows } from '../src/geo/resultRows';
import { DEFAULT_CELL_SIZE_M } from '../src/geo/unitGrid';
import { toCsv } from '../src/io/csvExport';
import { issueText } from '../src/io/issueText';
import { CliError, aboutSync, isMain, runCli, usage, type CliIo } from './lib/cli';
import { ANALYSIS_OPTIONS, option, optionHelp, parseOptions, text, walkParamsFrom } from './lib/cliArgs';
import { checkLoaded, loadCategories, loadDemand, loadFacilities, readInputBytes, short, userPath } from './lib/cliInput';
import { readPopulationRaster, rasterToUnits } from '../src/io/populationRaster';
import { basename } from 'node:path';
import { MANIFEST, StagedOutput } from './lib/cliOutput';
import { FACILITY_STATUSES } from '../src/domain/types';
import { networkMetadata } from '../src/geo/network/networkRows';
import { networkTables } from '../src/geo/networkExport';
import { checkNetworkOptions, loadNetworkAndUnits, NETWORK_OPTIONS } from './lib/cliNetwork';

const SPEC = {
  ...ANALYSIS_OPTIONS,
  ...NETWORK_OPTIONS,
  out: option('<dir>', 'output folder (created if missing)', text),
  population: option('<tif>', 'population raster, GeoTIFF in WGS84 (e.g. WorldPop 100 m): residents per unit replace the dasymetric estimate', text),
};

const USAGE = [
  'usage: npm run analyze -- --facilities <csv|json> --out <dir> [options]',
  ...optionHelp(SPEC),
  '  --debug                 print the stack trace of a failure',
].join('\n');

export async function analyze(argv: string[], io: CliIo): Promise<number> {
  const args = parseOptions(argv, SPEC);
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (!args.facilities) throw usage('--facilities', 'is required (see --help)');
  if (!args.out) throw usage('--out', 'is required (see --help)');
  const categories = loadCategories();
  const params = walkParamsFrom(args, categories);
  const problems = validateWalkParams(params);
  if (problems.length > 0) throw usage('parameters', problems.join('; '));
  const statuses: FacilityStatus[] = args.status ?? [...FACILITY_STATUSES];
  const crs = args.crs ?? 'auto';
  const cellSize = args.cell ?? DEFAULT_CELL_SIZE_M;

  if (args.population && args.demand) throw usage('--population', 'give either a population raster or residential points (--demand), not both');
  checkNetworkOptions(args, params.mode);

  const out = StagedOutput.open(userPath(io, args.out), args.out);
  try {
    const { net, units } = await loadNetworkAndUnits(io, args);
    let rasterInfo: { total: number; outside: number; emptyUnits: number } | null = null;
    if (args.population) {
      const bytes = readInputBytes(userPath(io, args.population), args.population);
      let raster: Awaited<ReturnType<typeof readPopulationRaster>>;
      try {
        raster = await readPopulationRaster(bytes.slice().buffer);
      } catch (e) {
        throw new CliError(args.population, e instanceof Error ? e.message : String(e));
      }
      const r = rasterToUnits(raster, units.units, basename(args.population));
      units.units = r.units;
      rasterInfo = { total: Math.round(r.total), outside: Math.round(r.outside), emptyUnits: r.emptyUnits };
      io.out(`population raster ${args.population}: ${raster.width} × ${raster.height} pixels, ${rasterInfo.total} residents, ${rasterInfo.outside} outside every unit, ${r.emptyUnits} units without residents`);
    }
    if (units.rejectedCsv) out.write(units.rejectedCsv.fileName, units.rejectedCsv.csv);

    const fac = loadFacilities(io, args.facilities, categories, { crs, encoding: args.encoding });
    for (const l of fac.report.lines) io.out(l);
    if (fac.report.rejected) out.write(fac.report.rejected.fileName, fac.report.rejected.csv);
    if (fac.report.villagesUnmatched) out.write(fac.report.villagesUnmatched.fileName, fac.report.villagesUnmatched.csv);
    const first = fac.result.rejected[0];
    const missing = fac.result.detected.header.missing;
    checkLoaded(io, 'analyze', args.facilities, fac.result.summary, 'facilities', {
      firstReason: missing.length > 0
        ? `required columns not found: ${missing.join(', ')}; headers: ${short(fac.result.detected.header.headers.slice(0, 12).map((h) => short(h, 24)).join(', '), 200) || '(none)'}`
        : first ? `line ${first.line}: ${issueText(first.code, first.params, 'en')}` : undefined,
      rejectedFile: fac.report.rejected ? `${args.out.replace(/[\\/]+$/, '')}/${fac.report.rejected.fileName}` : undefined,
      allowEmpty: args.allowEmpty === true,
    });
    const facilities: EngineFacility[] = fac.facilities
      .filter((f) => statuses.includes(f.status))
      .map((f) => ({ id: f.id, lng: f.lng, lat: f.lat, categories: f.categories }));

    let demand: DemandPoint[] | null = null;
    let demandRead: ReturnType<typeof loadDemand> | null = null;
    if (args.demand) {
      demandRead = loadDemand(io, args.demand, { crs, encoding: args.encoding });
      for (const l of demandRead.report.lines) io.out(l);
      if (demandRead.report.rejected) out.write(demandRead.report.rejected.fileName, demandRead.report.rejected.csv);
      const d0 = demandRead.result.rejected[0];
      checkLoaded(io, 'analyze', args.demand, demandRead.result.summary, 'residential points', {
        firstReason: d0 ? `line ${d0.line}: ${issueText(d0.code, d0.params, 'en')}` : undefined,
      });
      demand = demandRead.result.points.map((p) => ({ lng: p.lng, lat: p.lat, population: p.population }));
    }

    const t0 = performance.now();
    const unitList = units.units.features;
    let result: CoverageResult;
    let prep: { ms: number };
    let netMs = 0;
    let demandInfo: { assigned: number; outside: number } | null = null;
    if (net) {
      // the same function the app's network export runs (src/geo/networkExport.ts)
      const tables = aboutSync('network', () => networkTables({ categories, units: unitList, graph: net.graph, facilities, params, trimM: args.trim, accessM: args.access, cellSize, demand }));
      prep = { ms: tables.timing.gridMs };
      netMs = tables.timing.networkMs;
      demandInfo = tables.demandAssigned;
      const nres = tables.result;
      if (tables.networkDemand) io.out(`residential points on the network's land: ${tables.networkDemand.assigned} counted, ${tables.networkDemand.noNetworkData} in units or cells without network data, ${tables.networkDemand.outside} in no unit`);
      out.write('coverage-units.csv', toCsv(tables.unitRows));
      out.write('coverage-districts.csv', toCsv(tables.groupRows));
      out.write('coverage-units.geojson', JSON.stringify(tables.features));
      out.write('network-unlinked.csv', toCsv(tables.unlinked));
      io.out(`network: ${nres.network.linked} facilities linked, ${nres.network.unlinked.length} inside the extent not linked within ${nres.network.accessM} m (network-unlinked.csv), ${nres.network.outsideExtent} outside the extent; ` +
        `${nres.unitIds.length - nres.network.noData.reduce((a, b) => a + b, 0)} units with network data`);
      result = nres;
    } else {
      const engine = new CoverageEngine(categories, { cellSize });
      prep = aboutSync(units.display, () => engine.setUnits(unitList));
      engine.setFacilities(facilities);
      demandInfo = demand ? engine.setDemand(demand) : null;
      result = aboutSync('engine', () => engine.compute(params));
      out.write('coverage-units.csv', toCsv(unitRows(result, unitList, categories)));
      out.write('coverage-districts.csv', toCsv(groupRows(result, categories)));
      out.write('coverage-units.geojson', JSON.stringify(unitFeatureCollection(result, unitList)));
    }
    const totalMs = performance.now() - t0;
    const sidecar = {
      ...(net ? networkMetadata(result as Parameters<typeof networkMetadata>[0]) : { ...resultMetadata(result), mode: params.mode === 'standard' ? 'standard' : 'radius' }),
      inputs: {
        facilities: args.facilities,
        facilitiesRead: fac.result.summary.rows,
        facilitiesLoaded: fac.facilities.length,
        facilitiesRejected: fac.result.summary.rejected,
        facilitiesUsed: facilities.length,
        encoding: fac.result.detected.encoding.encoding,
        crs: fac.result.detected.crsApplied,
        statuses,
        synthetic: fac.synthetic,
        units: units.display,
        unitCount: unitList.length,
        unitsRejected: units.check?.rejected.length ?? 0,
        unitsRepaired: units.check?.repaired.length ?? 0,
        demand: args.demand ?? null,
        demandAssigned: demandInfo,
        population: args.population ?? (args.demand ? null : 'geodata/units.geojson pop_est (2020 census by district, dasymetric estimate)'),
        populationRaster: rasterInfo,
        network: args.network ?? null,
        networkStats: net ? net.graph.stats : null,
      },
      timing: { gridMs: Math.round(prep.ms), computeMs: Math.round(result.timing.totalMs), totalMs: Math.round(totalMs), ...(net ? { networkParseMs: Math.round(net.parseMs), networkBuildMs: Math.round(net.buildMs), networkMs: Math.round(netMs) } : {}) },
      // shipped unit labels and the population estimate derive from OpenStreetMap (ODbL)
      attribution: [
        units.display === 'geodata/units.geojson' ? '© OpenStreetMap contributors, ODbL (unit labels and population estimate)' : null,
        net?.graph.stats.format.startsWith('osm') ? '© OpenStreetMap contributors, ODbL 1.0 (street network)' : null,
      ].filter(Boolean).join('; ') || null,
      generatedAt: new Date().toISOString(),
      outputs: [...out.files(), MANIFEST],
    };
    out.write(MANIFEST, JSON.stringify(sidecar, null, 2));
    const written = out.commit();

    const S = result.slots.length;
    const city = result.city;
    const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
    io.out(`${facilities.length} facilities${fac.synthetic ? ' (synthetic demo data)' : ''}, ${unitList.length} units; ${result.paramsText}`);
    io.out(`city coverage (area): ${result.slots.map((s, i) => `${s} ${pct(city.coveredM2[i], city.areaM2)}`).join(', ')}`);
    io.out(`completeness (${result.completeOf.length} categories): ${pct(city.coveredM2[S - 1], city.areaM2)} of land, ${pct(city.popCovered[S - 1], city.pop)} of people (${result.popSource})`);
    io.out(`grid ${Math.round(prep.ms)} ms, compute ${Math.round(result.timing.totalMs)} ms; wrote ${args.out}: ${written.join(', ')}`);
    return 0;
  } catch (e) {
    const reason = e instanceof CliError ? e.reason : String((e as Error)?.message ?? e);
    const kept = out.fail(`analyze: ${e instanceof CliError ? e.subject : 'error'}: ${reason}`);
    if (kept && e instanceof CliError) {
      const err = new CliError(e.subject, `${e.reason} (nothing written to ${args.out}; rejected rows in ${kept}/)`, e.exitCode);
      (err as { cause?: unknown }).cause = e;
      throw err;
    }
    throw e;
  }
}

if (isMain(import.meta.url)) runCli('analyze', analyze);
