/**
 * Population / demand import:
 * - residential compounds (小区) as points with population or households (CSV), read
 *   with the same decoding, header mapping, coordinate systems and row checks as
 *   facilities; households become residents at a stated persons-per-household;
 * - population per planning unit (CSV keyed by unit id, 街镇 code or name), applied
 *   to the unit layer's pop_est.
 * The engine takes the demand points to report population coverage.
 */
import type { UnitCollection } from '../domain/types';
import { parseCount } from './coordText';
import type { RawPoint, Region } from './crs';
import { createStreetIndex, type Street } from './facilityFields';
import { POPULATION_FIELDS, POPULATION_REQUIRED } from './headerMap';
import type { CrsChoice, DemandPoint, EncodingChoice, HeaderMapping, PopulationImportResult } from './importTypes';
import { makeNotice } from './issueText';
import { IssueLog, cellOf, detectOffset, readRowPoint, readTable } from './rowReader';
import { readCsvTable } from './csvTable';
import { decodeBytes } from './decode';

/**
 * Persons per household used when a compound lists households only: Shanghai, 7th
 * census (2020), average family-household size 2.32. Editable by the caller.
 */
export const DEFAULT_PERSONS_PER_HOUSEHOLD = 2.32;
export const PERSONS_PER_HOUSEHOLD_SOURCE = '上海市第七次全国人口普查（2020）家庭户平均规模 2.32 人';

export interface PopulationImportOptions {
  encoding?: EncodingChoice;
  crs?: CrsChoice;
  source: string;
  fileName?: string;
  headerMapping?: HeaderMapping;
  personsPerHousehold?: number;
  references?: readonly RawPoint[];
  regions?: readonly Region[];
  onProgress?: (done: number, total: number) => void;
}

export function parsePopulationFile(bytes: Uint8Array, opts: PopulationImportOptions): PopulationImportResult {
  const progress = (f: number) => opts.onProgress?.(Math.round(f * 1000), 1000);
  const perHousehold = opts.personsPerHousehold ?? DEFAULT_PERSONS_PER_HOUSEHOLD;
  const rt = readTable(bytes, POPULATION_FIELDS, POPULATION_REQUIRED, {
    encoding: opts.encoding,
    crs: opts.crs,
    headerMapping: opts.headerMapping,
    fileName: opts.fileName,
    onProgress: (f) => progress(0.6 * f),
  });
  const { table, header } = rt;
  const h = header.mapping;
  const log = new IssueLog(table.headers, rt.col.name);
  const notices = [...rt.notices];
  const points: DemandPoint[] = [];
  const raw: { name: string; rawLng: number; rawLat: number; keys: string[] }[] = [];
  let fromHouseholds = 0;
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r];
    if (header.missing.length > 0) {
      log.reject(row, '', { code: header.missing.includes('population') ? 'population-missing' : 'coord-missing' });
      continue;
    }
    if (r % 2000 === 0) progress(0.6 + 0.35 * (r / table.rows.length));
    if (row.quoteError) {
      log.reject(row, '', { code: 'quote-error', params: { message: row.quoteError } });
      continue;
    }
    const popCell = cellOf(rt, row, 'population');
    const hhCell = cellOf(rt, row, 'households');
    let population: number;
    if (popCell) {
      population = parseCount(popCell);
      if (!Number.isFinite(population) || population < 0) {
        log.reject(row, h.population ?? '', { code: 'population-invalid', params: { value: popCell } });
        continue;
      }
    } else if (hhCell) {
      const hh = parseCount(hhCell);
      if (!Number.isFinite(hh) || hh < 0) {
        log.reject(row, h.households ?? '', { code: 'population-invalid', params: { value: hhCell } });
        continue;
      }
      population = hh * perHousehold;
      fromHouseholds++;
      log.warn(row, h.households ?? '', 'population-from-households', { households: hh, perHousehold });
    } else {
      log.reject(row, h.population ?? h.households ?? '', { code: 'population-missing' });
      continue;
    }
    const pt = readRowPoint(rt, row, log);
    if (!pt) continue;
    const name = cellOf(rt, row, 'name');
    const p: DemandPoint = { lng: pt.lng, lat: pt.lat, population: Math.round(population) };
    if (name) p.name = name;
    points.push(p);
    raw.push({ name, rawLng: pt.rawLng, rawLat: pt.rawLat, keys: [] });
  }
  if (fromHouseholds > 0) notices.push(makeNotice('households-assumption', { perHousehold, source: PERSONS_PER_HOUSEHOLD_SOURCE }));
  const { suggestion, notices: crsNotices } = detectOffset(rt, { points: raw, references: opts.references, regions: opts.regions });
  notices.push(...crsNotices);
  log.rejected.sort((a, b) => a.line - b.line);
  progress(1);
  return {
    points,
    rejected: log.rejected,
    warnings: log.warnings,
    notices,
    summary: { rows: table.rows.length, loaded: points.length, rejected: log.rejected.length, warned: log.warnedRowCount(), blankLines: table.blankLines },
    detected: { encoding: rt.encoding, delimiter: table.delimiter, header, crsApplied: rt.crsApplied, crsWhy: rt.crsWhy, crsSuggestion: suggestion },
    totalPopulation: points.reduce((s, p) => s + p.population, 0),
    source: opts.source,
  };
}

export interface UnitPopulationResult {
  units: UnitCollection;
  matched: number;
  /** rows naming no unit of the layer */
  unmatched: { line: number; key: string }[];
  /** rows with an unreadable figure */
  invalid: { line: number; value: string }[];
  /** units of the layer that got no figure (they keep their estimate) */
  unitsWithout: number;
}

const UNIT_KEY_HEADERS = ['单元编号', '单元', 'unit', 'unit_id', 'unitid', 'id', '编号', '街镇代码', '街道代码', 'code', '代码', '街镇', '街道', '名称', 'name', '单元名称'];
const POP_HEADERS = ['人口', '常住人口', 'population', 'pop', '人口数', '实有人口'];

/**
 * Population per planning unit: a CSV with a unit key (id, 街镇 code or name) and a
 * population column. Units found get pop_est = the figure and pop_source 'imported'.
 */
export function applyUnitPopulation(
  units: UnitCollection,
  bytes: Uint8Array,
  opts: { encoding?: EncodingChoice; streets?: readonly Street[] } = {},
): UnitPopulationResult {
  const { text } = decodeBytes(bytes, opts.encoding ?? 'auto');
  const table = readCsvTable(text, ['id', 'name', 'population']);
  const lower = table.headers.map((x) => x.trim().toLowerCase());
  const keyCols = UNIT_KEY_HEADERS.map((k) => lower.indexOf(k)).filter((i) => i >= 0);
  const popCol = POP_HEADERS.map((k) => lower.indexOf(k)).find((i) => i >= 0) ?? -1;
  const byKey = new Map<string, number>();
  units.features.forEach((f, i) => {
    byKey.set(f.properties.id, i);
    byKey.set(f.properties.name, i);
  });
  const streetIdx = opts.streets ? createStreetIndex(opts.streets) : null;
  const figures = new Map<number, number>();
  const unmatched: { line: number; key: string }[] = [];
  const invalid: { line: number; value: string }[] = [];
  for (const row of table.rows) {
    const value = popCol >= 0 ? (row.cells[popCol] ?? '').trim() : '';
    const pop = parseCount(value);
    if (!Number.isFinite(pop) || pop < 0) {
      invalid.push({ line: row.line, value });
      continue;
    }
    let unit: number | undefined;
    let shownKey = '';
    for (const c of keyCols) {
      const k = (row.cells[c] ?? '').trim();
      if (!k) continue;
      shownKey ||= k;
      unit = byKey.get(k) ?? (streetIdx ? byKey.get(streetIdx.find(k)?.code ?? '') : undefined);
      if (unit !== undefined) break;
    }
    if (unit === undefined) unmatched.push({ line: row.line, key: shownKey });
    else figures.set(unit, Math.round(pop));
  }
  const features = units.features.map((f, i) =>
    figures.has(i) ? { ...f, properties: { ...f.properties, pop_est: figures.get(i) as number, pop_source: 'imported' } } : f,
  );
  return {
    units: { ...units, features },
    matched: figures.size,
    unmatched,
    invalid,
    unitsWithout: units.features.length - figures.size,
  };
}
