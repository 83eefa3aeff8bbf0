/**
 * Input loading for the command-line tools: files checked before reading (missing, a
 * folder, empty, too large), the shipped data found next to the scripts whatever folder the
 * command runs from, and facility / unit / demand files read through the app's own
 * importers with their row reports. Every failure is a CliError naming the file.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Category, DistrictCollection, Facility, UnitCollection } from '../../src/domain/types';
import { cliImportReport, type CliImportReport } from '../../src/io/cliReport';
import { parseFacilityFile } from '../../src/io/facilityCsv';
import { parseStreetList } from '../../src/io/facilityFields';
import { parseVillageList } from '../../src/io/villageJoin';
import type { CrsChoice, EncodingChoice, FacilityImportResult, PopulationImportResult } from '../../src/io/importTypes';
import { parsePopulationFile } from '../../src/io/population';
import { checkUnitLayer, unitFeaturesOf, unitRejectText, type UnitLayerResult } from '../../src/io/unitLayer';
import { toCsv } from '../../src/io/csvExport';
import { binaryShare, detectEncoding } from '../../src/io/decode';
import { CliError, aboutSync, reasonOf, type CliIo } from './cli';

/** The repository folder (scripts/lib/../..), wherever the command runs from. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A shipped data file: geodata/<name>. */
export function geodataPath(name: string): string {
  return resolve(REPO_ROOT, 'geodata', name);
}

/** A path from the command line, relative to the folder the user ran the command in. */
export function userPath(io: CliIo, p: string): string {
  return isAbsolute(p) ? p : resolve(io.cwd, p);
}

export const MAX_INPUT_BYTES = 1024 * 1024 * 1024;

/** Bytes of an input file; `display` is how the user named it. */
export function readInputBytes(path: string, display = path, opts: { allowEmpty?: boolean } = {}): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new CliError(display, 'is a folder, not a file');
    if (!st.isFile()) throw new CliError(display, 'is not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(display, reasonOf(e));
  }
  if (size === 0 && !opts.allowEmpty) throw new CliError(display, 'the file is empty (0 bytes)');
  if (size > MAX_INPUT_BYTES) throw new CliError(display, `too large (${Math.round(size / 1048576)} MB; the limit is ${MAX_INPUT_BYTES / 1048576} MB)`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new CliError(display, reasonOf(e));
  }
}

/** Refuse binary data (images, archives, executables) before the importer reads it as a table. */
export function assertText(bytes: Uint8Array, display: string, encoding: EncodingChoice | undefined): void {
  const enc = encoding && encoding !== 'auto' ? encoding : detectEncoding(bytes).encoding;
  if (enc.startsWith('utf-16')) return;
  if (binaryShare(bytes) > 0.05 || bytes.subarray(0, 65536).includes(0))
    throw new CliError(display, 'looks like binary data, not a CSV or JSON text file (if it is UTF-16 text, pass --encoding utf-16le or utf-16be)');
}

/** At most `n` characters of `s` ("…" when cut). */
export function short(s: string, n: number): string {
  const chars = [...s];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : s;
}

/** Parsed JSON of a file, or a CliError with the parser's complaint. */
export function readJsonFile(path: string, display = path): unknown {
  const bytes = readInputBytes(path, display);
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(display, `not valid JSON (${reasonOf(e)})`);
  }
}

export function loadCategories(): Category[] {
  const p = geodataPath('categories.json');
  const json = readJsonFile(p, 'geodata/categories.json') as { categories?: Category[] };
  if (!Array.isArray(json.categories) || json.categories.length === 0) throw new CliError('geodata/categories.json', 'has no "categories" list');
  return json.categories;
}

export function loadDistricts(): DistrictCollection {
  return readJsonFile(geodataPath('districts.geojson'), 'geodata/districts.geojson') as DistrictCollection;
}

/** Residents per km² of land by district (census 2020), for units without a population. */
export function districtDensity(districts: DistrictCollection): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of districts.features) if (f.properties.land_area_km2 > 0) out[f.properties.code] = f.properties.population_2020 / f.properties.land_area_km2;
  return out;
}

export interface LoadedUnits {
  units: UnitCollection;
  check: UnitLayerResult | null;
  /** what the user named (or the shipped file) */
  display: string;
  lines: string[];
  /** rejected units as CSV (null when none) */
  rejectedCsv: { fileName: string; csv: string } | null;
}

/**
 * Planning units: the shipped layer (trusted, built by scripts/build-geodata.ts), or a user's
 * GeoJSON through the shared unit checks (src/io/unitLayer.ts). No unit left is an error.
 */
export function loadUnits(io: CliIo, arg: string | undefined): LoadedUnits {
  // the shipped layer, however it is named, is used as the app uses it (tests/unit/geodata.test.ts checks it)
  if (arg === undefined || resolve(userPath(io, arg)) === geodataPath('units.geojson')) {
    const units = readJsonFile(geodataPath('units.geojson'), 'geodata/units.geojson') as UnitCollection;
    return { units, check: null, display: 'geodata/units.geojson', lines: [], rejectedCsv: null };
  }
  const display = arg;
  const json = readJsonFile(userPath(io, arg), display);
  const fs = unitFeaturesOf(json);
  if ('error' in fs) throw new CliError(display, fs.error);
  if (fs.features.length === 0) throw new CliError(display, 'has no features');
  const density = aboutSync('geodata/districts.geojson', () => districtDensity(loadDistricts()));
  const check = aboutSync(display, () => checkUnitLayer(fs.features, { densityByDistrict: density }));
  const name = basename(arg);
  const lines = [`${name}: ${check.total} units, ${check.units.features.length} loaded, ${check.rejected.length} rejected, ${check.repaired.length} repaired`];
  for (const r of check.rejected.slice(0, 10)) lines.push(`  unit ${r.index} (${r.name}): ${unitRejectText(r)}`);
  if (check.rejected.length > 10) lines.push(`  … ${check.rejected.length - 10} more rejected`);
  for (const r of check.repaired.slice(0, 5)) lines.push(`  unit ${r.index} (${r.name}) repaired: ${r.notes.map((n) => `${n.code} ×${n.count}`).join(', ')}`);
  let rejectedCsv: LoadedUnits['rejectedCsv'] = null;
  if (check.rejected.length > 0) {
    rejectedCsv = {
      fileName: `${name.replace(/\.[^./\\]+$/, '') || 'units'}.rejected.csv`,
      csv: toCsv([['feature', 'id', 'name', 'geometry', 'reason'], ...check.rejected.map((r) => [r.index, r.id, r.name, r.geometryType, unitRejectText(r)])]),
    };
    lines.push(`  rejected units with reasons: ${rejectedCsv.fileName}`);
  }
  if (check.units.features.length === 0) {
    const first = check.rejected[0];
    throw new CliError(display, `no usable unit (${check.rejected.length} rejected${first ? `; unit ${first.index}: ${unitRejectText(first)}` : ''})`);
  }
  return { units: check.units, check, display, lines, rejectedCsv };
}

export interface LoadedPoints<R> {
  result: R;
  report: CliImportReport;
  display: string;
}

export interface PointFileOptions {
  crs: CrsChoice;
  encoding?: EncodingChoice;
}

/**
 * Facilities from a CSV/TXT file or a JSON list, both through the app's importer
 * (parseFacilityFile: JSON arrays are read as tables, so every record gets the same row
 * checks as a CSV line). `synthetic` is true when JSON records say so (the demo set).
 */
export function loadFacilities(io: CliIo, arg: string, categories: readonly Category[], opts: PointFileOptions): LoadedPoints<FacilityImportResult> & { facilities: Facility[]; synthetic: boolean } {
  const bytes = readInputBytes(userPath(io, arg), arg);
  assertText(bytes, arg, opts.encoding);
  const name = basename(arg);
  // the 街镇 and 居委 lists: a 居委 column is joined to them (geodata/README.md)
  const streets = parseStreetList(readFileSync(geodataPath('shanghai-streets-2023.csv'), 'utf8'));
  const villages = parseVillageList(readFileSync(geodataPath('shanghai-villages-2023.csv'), 'utf8'));
  const result = aboutSync(arg, () =>
    parseFacilityFile(bytes, { categories, source: `${name} (analyze)`, fileName: name, crs: opts.crs, encoding: opts.encoding, streets, villages }),
  );
  const notJson = result.notices.find((n) => n.code === 'not-json');
  if (notJson) throw new CliError(arg, String(notJson.params.message));
  const facilities = result.facilities;
  const synthetic = facilities.some((f) => f.synthetic);
  return { result, facilities, synthetic, report: cliImportReport(result, name, 'en'), display: arg };
}

export function loadDemand(io: CliIo, arg: string, opts: PointFileOptions): LoadedPoints<PopulationImportResult> {
  const bytes = readInputBytes(userPath(io, arg), arg);
  assertText(bytes, arg, opts.encoding);
  const name = basename(arg);
  const result = aboutSync(arg, () => parsePopulationFile(bytes, { source: `${name} (analyze)`, fileName: name, crs: opts.crs, encoding: opts.encoding }));
  return { result, report: cliImportReport(result, name, 'en'), display: arg };
}

/** Share of rows rejected above which a run says so loudly. */
export const MOSTLY_REJECTED = 0.5;

/**
 * After a point import: no row loaded is an error unless `allowEmpty`; most rows rejected is
 * a warning line on stderr. `what` names the things ("facilities", "residential points").
 */
export function checkLoaded(io: CliIo, command: string, display: string, summary: { rows: number; loaded: number; rejected: number }, what: string, detail: { firstReason?: string; rejectedFile?: string; allowEmpty?: boolean }): void {
  const where = detail.rejectedFile ? `; reasons in ${detail.rejectedFile}` : '';
  if (summary.loaded === 0 && !detail.allowEmpty) {
    const why = summary.rows === 0 ? 'no data rows' : `${summary.rows} rows, all rejected${detail.firstReason ? ` (first: ${detail.firstReason})` : ''}`;
    throw new CliError(display, `no ${what} loaded: ${why}; pass --allow-empty to run anyway`);
  }
  if (summary.rows > 0 && summary.rejected / summary.rows > MOSTLY_REJECTED) {
    const pct = Math.round((100 * summary.rejected) / summary.rows);
    io.err(`${command}: ${display}: WARNING: ${summary.rejected} of ${summary.rows} rows rejected (${pct} %)${detail.firstReason ? `, first: ${detail.firstReason}` : ''}${where}`);
  }
}
