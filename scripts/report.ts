/**
 * The gap report from the command line, with the same engine, document model and renderers
 * as the app (src/report):
 *
 *   npm run report -- --scope district:310112 [analysis options as in analyze] --format pdf,docx,md,csv --out <dir>
 *
 * --scope city | district:<code> | unit:<id> | street:<id or name> | units:<id>,<id>…
 * (street: a unit of an imported 街镇 layer given with --units). --facilities defaults to the
 * shipped demo set (synthetic). Writes <stem>.pdf (pdf-lib, font embedded), <stem>.docx
 * (docx; figures rasterised to PNG by the system Chromium, as the e2e tests drive it),
 * <stem>.md (figures as SVG data URIs), <stem>-问题清单.csv (the ledger) and params.json,
 * staged and moved into place only when everything succeeded (scripts/lib/cliOutput.ts).
 * Every failure is one line `report: <file or flag>: <reason>` and a non-zero exit.
 */
import type { Facility, PlanRow } from '../src/domain/types';
import { validateWalkParams } from '../src/domain/walk';
import { parsePlanCsv } from '../src/io/planCsv';
import { SOURCES } from '../src/data/sources';
import { CoverageEngine } from '../src/geo/coverageEngine';
import { COMPLETE_SLOT, type EngineFacility } from '../src/geo/coverageTypes';
import { DEFAULT_CELL_SIZE_M } from '../src/geo/unitGrid';
import { uncoveredAreas } from '../src/geo/uncovered';
import { toCsv } from '../src/io/csvExport';
import { issueText } from '../src/io/issueText';
import { buildGapReport, gapReportFileStem, ledgerCsvRows, ledgerFileName, type GapReportInput } from '../src/report/gapReport';
import { reportDocMarkdown } from '../src/report/markdownReport';
import { reportPdf } from '../src/report/pdfReport';
import { reportDocx } from '../src/report/docxReport';
import { parseScope, type ReportScope } from '../src/report/scope';
import { unitLabel } from '../src/domain/unitLabel';
import type { UnitFeature } from '../src/domain/types';
import type { StandardsFile } from '../src/report/standards';
import { FACILITY_STATUSES, type FacilityStatus } from '../src/domain/types';
import { CliError, about, aboutSync, isMain, runCli, usage, type CliIo } from './lib/cli';
import { ANALYSIS_OPTIONS, option, optionHelp, parseOptions, text, walkParamsFrom } from './lib/cliArgs';
import { checkLoaded, geodataPath, loadCategories, loadDemand, loadDistricts, loadFacilities, readInputBytes, readJsonFile, userPath } from './lib/cliInput';
import { MANIFEST, StagedOutput } from './lib/cliOutput';
import { chromiumRasteriser } from './lib/chromiumRaster';
import { checkNetworkOptions, loadNetworkAndUnits, NETWORK_OPTIONS } from './lib/cliNetwork';
import { NetworkCoverage } from '../src/geo/network/networkCoverage';
import { overstatement } from '../src/geo/network/networkRows';
import { applyNetworkDemand } from '../src/geo/network/networkDemand';
import type { CoverageResult } from '../src/geo/coverageTypes';
import type { OverstatementInput } from '../src/report/gapReport';
import { parseLang, type Lang, type Localized } from '../src/domain/lang';

const FORMATS = ['pdf', 'docx', 'md', 'csv'] as const;
type Format = (typeof FORMATS)[number];

const formatList = (raw: string): Format[] => {
  const list = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (list.length === 0) throw usage('--format', 'needs one or more of pdf, docx, md, csv');
  for (const f of list) if (!(FORMATS as readonly string[]).includes(f)) throw usage('--format', `unknown format "${f}" (known: ${FORMATS.join(', ')})`);
  return list as Format[];
};

const SPEC = {
  scope: option('<scope>', 'city | district:<code> | unit:<id> | street:<id or name> | units:<id>,<id>…', text),
  format: option('<pdf,docx,md,csv>', 'files to write (default: all four)', formatList),
  lang: option('zh|en', 'report language (default zh)', (raw) => {
    const lang = parseLang(raw);
    if (!lang) throw usage('--lang', `must be zh or en (got "${raw}")`);
    return lang;
  }),
  slot: option('<category|complete>', 'category the coverage map and the worst-units table use (default health)', text),
  date: option('<YYYY-MM-DD>', 'date printed on the report (default today)', (raw) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw usage('--date', `must be YYYY-MM-DD (got "${raw}")`);
    return raw;
  }),
  ...ANALYSIS_OPTIONS,
  ...NETWORK_OPTIONS,
  out: option('<dir>', 'output folder (created if missing)', text),
};

const USAGE = [
  'usage: npm run report -- --scope district:310112 [analysis options] [--format pdf,docx,md,csv] --out <dir>',
  ...optionHelp(SPEC),
  '  --debug                 print the stack trace of a failure',
].join('\n');

/** Readable unit names, as the app's planner panels show them (src/ui/planner/useNames.ts). */
function reportUnitNames(units: readonly UnitFeature[], districts: ReadonlyMap<string, Localized>, lang: Lang): Map<string, string> {
  return new Map(units.map((u) => [u.properties.id, unitLabel(u.properties, lang, districts.get(u.properties.district))]));
}

export async function report(argv: string[], io: CliIo): Promise<number> {
  const args = parseOptions(argv, SPEC);
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (!args.scope) throw usage('--scope', 'is required (see --help)');
  if (!args.out) throw usage('--out', 'is required (see --help)');
  const parsed = parseScope(args.scope);
  if ('error' in parsed) throw usage('--scope', parsed.error.replace(/^--scope /, ''));
  const formats = args.format ?? [...FORMATS];
  const lang = args.lang ?? 'zh';
  const slot = args.slot ?? 'health';
  const date = args.date ?? new Date().toISOString().slice(0, 10);
  const facilitiesArg = args.facilities ?? 'geodata/demo-facilities.json';
  const categories = loadCategories();
  if (slot !== COMPLETE_SLOT && !categories.some((c) => c.id === slot)) throw usage('--slot', `unknown category "${slot}" (known: ${categories.map((c) => c.id).join(', ')}, complete)`);
  const params = walkParamsFrom(args, categories);
  const problems = validateWalkParams(params);
  if (problems.length > 0) throw usage('parameters', problems.join('; '));
  const statuses: FacilityStatus[] = args.status ?? [...FACILITY_STATUSES];
  const crs = args.crs ?? 'auto';

  checkNetworkOptions(args, params.mode);

  const out = StagedOutput.open(userPath(io, args.out), args.out);
  try {
    const { net, units } = await loadNetworkAndUnits(io, args);
    if (units.rejectedCsv) out.write(units.rejectedCsv.fileName, units.rejectedCsv.csv);
    const unitList = units.units.features;
    const districts = loadDistricts();
    const standards = readJsonFile(geodataPath('standards.json'), 'geodata/standards.json') as StandardsFile;
    const plan: PlanRow[] = aboutSync('geodata/plan-2025-projects.csv', () => parsePlanCsv(new TextDecoder().decode(readInputBytes(geodataPath('plan-2025-projects.csv'), 'geodata/plan-2025-projects.csv'))));
    const font = readInputBytes(geodataPath('fonts/wqy-microhei.ttf'), 'geodata/fonts/wqy-microhei.ttf');

    // the scope: unit ids, or (for 街镇) names of the unit layer
    let scope: ReportScope = parsed;
    const find = (key: string) => unitList.find((u) => u.properties.id === key) ?? unitList.find((u) => u.properties.name === key);
    if (scope.kind === 'unit') {
      const u = find(scope.id);
      if (!u) throw new CliError('--scope', `no unit "${scope.id}" in ${units.display}`);
      scope = { kind: 'unit', id: u.properties.id };
    } else if (scope.kind === 'units') {
      scope = { kind: 'units', ids: scope.ids.map((k) => find(k)?.properties.id ?? (() => { throw new CliError('--scope', `no unit "${k}" in ${units.display}`); })()) };
    } else if (scope.kind === 'district') {
      const code = scope.code;
      if (!unitList.some((u) => u.properties.district === code)) throw new CliError('--scope', `no unit of district ${code} in ${units.display}`);
    }

    const fac = loadFacilities(io, facilitiesArg, categories, { crs, encoding: args.encoding });
    for (const l of fac.report.lines) io.out(l);
    if (fac.report.rejected) out.write(fac.report.rejected.fileName, fac.report.rejected.csv);
    if (fac.report.villagesUnmatched) out.write(fac.report.villagesUnmatched.fileName, fac.report.villagesUnmatched.csv);
    const first = fac.result.rejected[0];
    checkLoaded(io, 'report', facilitiesArg, fac.result.summary, 'facilities', {
      firstReason: first ? `line ${first.line}: ${issueText(first.code, first.params, 'en')}` : undefined,
      allowEmpty: args.allowEmpty === true,
    });
    const used: Facility[] = fac.facilities.filter((f) => statuses.includes(f.status));
    const engineFacilities: EngineFacility[] = used.map((f) => ({ id: f.id, lng: f.lng, lat: f.lat, categories: f.categories }));
    let demandLabel: string | undefined;
    let demandPoints: { lng: number; lat: number; population: number }[] | null = null;
    const engine = new CoverageEngine(categories, { cellSize: args.cell ?? DEFAULT_CELL_SIZE_M });
    aboutSync(units.display, () => engine.setUnits(unitList));
    engine.setFacilities(engineFacilities);
    if (args.demand) {
      const d = loadDemand(io, args.demand, { crs, encoding: args.encoding });
      for (const l of d.report.lines) io.out(l);
      if (d.report.rejected) out.write(d.report.rejected.fileName, d.report.rejected.csv);
      checkLoaded(io, 'report', args.demand, d.result.summary, 'residential points', {});
      demandPoints = d.result.points.map((p) => ({ lng: p.lng, lat: p.lat, population: p.population }));
      engine.setDemand(demandPoints);
      demandLabel = args.demand;
    }
    const circle = aboutSync('engine', () => engine.compute(params));
    let result: CoverageResult = circle;
    let over: OverstatementInput | null = null;
    if (net) {
      // network figures on the same grid; the circle run gives the overstatement (circle − network, pp)
      const grid = engine.getGrid();
      if (!grid) throw new Error('no grid');
      const nc = aboutSync('network', () => new NetworkCoverage(categories, grid, unitList, net.graph, { trimM: args.trim, accessM: args.access }));
      nc.setFacilities(engineFacilities);
      const nres = aboutSync('network', () => nc.compute(params));
      // residential points: covered when in the category's network-covered set (as in analyze)
      if (demandPoints) applyNetworkDemand(nc, nres, demandPoints);
      const o = overstatement(nres, grid, nc.cellIn, circle.slots.map((_, s) => engine.cellState(s) as { frac: Float32Array; pieceFrac: Float32Array }));
      const S = nres.slots.length;
      const s = Math.max(0, nres.slots.indexOf(slot));
      over = {
        slot: nres.slots[s],
        byUnit: new Map(nres.unitIds.map((id, u) => {
          const area = nres.unitAreaM2[u];
          return [id, nres.network.noData[u] || area <= 0 ? NaN : (100 * (o.circleM2[u * S + s] - nres.coveredM2[u * S + s])) / area];
        })),
        // every category, for the ledger's overstatement column
        byUnitCategory: new Map(nres.unitIds.map((id, u) => {
          const area = nres.unitAreaM2[u];
          return [id, new Map(nres.slots.map((slotId, k) => [slotId, nres.network.noData[u] || area <= 0 ? NaN : (100 * (o.circleM2[u * S + k] - nres.coveredM2[u * S + k])) / area]))];
        })),
      };
      result = nres;
    }
    const ids = scope.kind === 'city' ? undefined
      : scope.kind === 'district' ? result.unitIds.filter((_, u) => result.unitDistrict[u] === (scope as { code: string }).code)
      : scope.kind === 'unit' ? [scope.id] : scope.ids;
    // uncovered areas are drawn from the circle engine's grid: with a network they would show the circles' gaps, so they are left out
    const uncovered = net ? null : aboutSync('engine', () => uncoveredAreas(engine, slot, ids));

    const districtNames = new Map(districts.features.map((d) => [d.properties.code, { zh: d.properties.name_zh, en: d.properties.name_en }]));
    const input: GapReportInput = {
      lang,
      scope,
      result,
      categories,
      districtNames,
      unitNames: reportUnitNames(unitList, districtNames, lang),
      unitKind: args.scope.startsWith('street:') ? 'street' : 'unit',
      sources: SOURCES,
      datasets: [{ label: facilitiesArg, synthetic: fac.synthetic, count: fac.facilities.length }],
      unitsLabel: units.check ? units.display : undefined,
      demandLabel,
      synthetic: fac.synthetic,
      slot,
      date,
      unitFeatures: unitList,
      districtFeatures: districts.features,
      facilities: used,
      uncovered,
      plan,
      standards,
      overstatement: over,
      networkLabel: args.network,
    };
    const doc = aboutSync('report', () => buildGapReport(input));
    const stem = gapReportFileStem(input, doc.scopeName);
    if (formats.includes('md')) out.write(`${stem}.md`, reportDocMarkdown(doc));
    if (formats.includes('csv')) out.write(ledgerFileName(lang, stem), toCsv(ledgerCsvRows(doc)));
    if (formats.includes('pdf')) out.write(`${stem}.pdf`, await about('pdf', () => reportPdf(doc, { lang, fontBytes: font })));
    if (formats.includes('docx')) {
      const raster = await about('chromium', () => chromiumRasteriser());
      try {
        out.write(`${stem}.docx`, await about('docx', () => reportDocx(doc, { lang, rasterise: raster.rasterise })));
      } finally {
        await raster.close();
      }
    }
    out.write(MANIFEST, JSON.stringify({
      command: 'report',
      scope: args.scope,
      scopeName: doc.scopeName,
      paramsText: result.paramsText,
      ledgerRows: doc.ledger.length,
      inputs: { facilities: facilitiesArg, facilitiesLoaded: fac.facilities.length, facilitiesUsed: used.length, synthetic: fac.synthetic, units: units.display, demand: args.demand ?? null },
      generatedAt: new Date().toISOString(),
      outputs: [...out.files(), MANIFEST],
    }, null, 2));
    const written = out.commit();
    io.out(`${doc.scopeName}: ${doc.ledger.length} ledger rows${fac.synthetic ? ' (synthetic demo data)' : ''}; ${result.paramsText}`);
    io.out(`wrote ${args.out}: ${written.join(', ')}`);
    return 0;
  } catch (e) {
    out.fail(`report: ${e instanceof CliError ? e.subject : 'error'}: ${e instanceof CliError ? e.reason : String((e as Error)?.message ?? e)}`);
    throw e;
  }
}

if (isMain(import.meta.url)) runCli('report', report);
