/**
 * Shared front half of every point import (facilities, residential compounds):
 * bytes -> text -> table -> header mapping -> coordinates per row, with the
 * coordinate system applied and the same row issues everywhere.
 */
import { SHANGHAI_BBOX } from '../domain/types';
import { findHeader, rowRecord, streamRows, type CsvTable, type TableRow, type TableShape } from './csvTable';
import { jsonRecordsTable, looksLikeJson } from './jsonTable';
import { decodeBytes } from './decode';
import { mapHeaders, missingRequired } from './headerMap';
import { parseCoordNumber, parseCoordPair } from './coordText';
import { detectCrsByReferences, detectCrsByRegions, toWgs84, type RawPoint, type Region } from './crs';
import { crsAppliedNotice, crsSuggestionNotice, makeIssue, makeNotice } from './issueText';
import type {
  Crs,
  CrsChoice,
  CrsSuggestion,
  EncodingChoice,
  EncodingDetection,
  FieldKey,
  FileNotice,
  HeaderDetection,
  HeaderMapping,
  RejectedRow,
  RowIssue,
} from './importTypes';

export interface ReadOptions {
  encoding?: EncodingChoice;
  crs?: CrsChoice;
  /** a mapping confirmed by the user replaces the automatic one */
  headerMapping?: HeaderMapping;
  /** file name, read for a coordinate-system hint ("点位_高德.csv") */
  fileName?: string;
  /** progress 0..1 of the reading phase */
  onProgress?: (fraction: number) => void;
}

export interface ReadTable {
  table: CsvTable;
  encoding: EncodingDetection;
  header: HeaderDetection;
  crsApplied: Crs;
  crsWhy: 'header' | 'user' | 'default';
  notices: FileNotice[];
  /** column index per mapped field */
  col: Partial<Record<FieldKey, number>>;
}

/** What reading one row needs to know about its table. */
export type RowContext = Pick<ReadTable, 'col' | 'header' | 'crsApplied' | 'crsWhy'>;

/** A table whose rows are read on demand (streamed: a large file never exists as a table). */
export interface TableSource extends Omit<ReadTable, 'table'> {
  headers: string[];
  headerLine: number;
  /** Send every data row to `fn`; the notices that depend on the rows (blank lines, empty file) are added. */
  rows(fn: (row: TableRow) => void): TableShape;
}

export function openTable(
  bytes: Uint8Array,
  fields: readonly FieldKey[],
  required: readonly (readonly FieldKey[])[][],
  opts: ReadOptions,
): TableSource {
  const { text, detection } = decodeBytes(bytes, opts.encoding ?? 'auto');
  opts.onProgress?.(0.05);
  // a JSON list of records is read as a table (same row checks as CSV); other text as CSV
  const asJson = looksLikeJson(text) ? jsonRecordsTable(text) : null;
  const jsonError = asJson && 'error' in asJson ? asJson.error : null;
  const stored: CsvTable | null = asJson && 'table' in asJson
    ? asJson.table
    : jsonError && /\.json$/i.test(opts.fileName ?? '')
      ? { headers: [], headerLine: 0, rows: [], delimiter: 'json', blankLines: 0, titleRows: 0 }
      : null;
  const plan = stored ? { headerIdx: -1, headers: stored.headers, headerLine: stored.headerLine } : findHeader(text, fields);
  const auto = mapHeaders(plan.headers, fields, required, opts.fileName ?? '', plan.headerLine);
  const header: HeaderDetection = opts.headerMapping
    ? { ...auto, mapping: sanitiseMapping(opts.headerMapping, plan.headers), unsure: false, guessed: [], missing: [] }
    : auto;
  if (opts.headerMapping) header.missing = missingRequired(header.mapping, required);
  let crsApplied: Crs = 'wgs84';
  let crsWhy: ReadTable['crsWhy'] = 'default';
  if (opts.crs && opts.crs !== 'auto') {
    crsApplied = opts.crs;
    crsWhy = 'user';
  } else if (header.crsHint) {
    crsApplied = header.crsHint;
    crsWhy = 'header';
  }
  const notices: FileNotice[] = [];
  if (jsonError && stored) notices.push(makeNotice('not-json', { message: jsonError }));
  if (detection.replacementChars > 0) notices.push(makeNotice('encoding-replacement', { count: detection.replacementChars, encoding: detection.encoding }));
  notices.push(crsAppliedNotice(crsApplied, crsWhy));
  const col: Partial<Record<FieldKey, number>> = {};
  for (const [f, h] of Object.entries(header.mapping) as [FieldKey, string][]) {
    const i = plan.headers.indexOf(h);
    if (i >= 0) col[f] = i;
  }
  const rows = (fn: (row: TableRow) => void): TableShape => {
    let shape: TableShape;
    if (stored) {
      for (const r of stored.rows) fn(r);
      const { rows: list, ...rest } = stored;
      shape = { ...rest, rowCount: list.length };
    } else shape = streamRows(text, plan, fn, (done, total) => opts.onProgress?.(0.05 + 0.95 * (total ? done / total : 1)));
    if (shape.titleRows > 0) notices.push(makeNotice('title-rows-skipped', { count: shape.titleRows }));
    if (shape.blankLines > 0) notices.push(makeNotice('blank-lines', { count: shape.blankLines }));
    if (shape.rowCount === 0) notices.push(makeNotice('empty-file'));
    return shape;
  };
  return { headers: plan.headers, headerLine: plan.headerLine, encoding: detection, header, crsApplied, crsWhy, notices, col, rows };
}

/** The whole table in memory (small files: population lists, tests). */
export function readTable(
  bytes: Uint8Array,
  fields: readonly FieldKey[],
  required: readonly (readonly FieldKey[])[][],
  opts: ReadOptions,
): ReadTable {
  const src = openTable(bytes, fields, required, opts);
  const list: TableRow[] = [];
  const { rowCount: _, ...shape } = src.rows((r) => list.push(r));
  return { table: { ...shape, rows: list }, encoding: src.encoding, header: src.header, crsApplied: src.crsApplied, crsWhy: src.crsWhy, notices: src.notices, col: src.col };
}

function sanitiseMapping(m: HeaderMapping, headers: readonly string[]): HeaderMapping {
  const out: HeaderMapping = {};
  for (const [f, h] of Object.entries(m) as [FieldKey, string | undefined][]) if (h && headers.includes(h)) out[f] = h;
  return out;
}

/** Accumulates rejected rows and warnings for a table. */
export class IssueLog {
  readonly rejected: RejectedRow[] = [];
  readonly warnings: RowIssue[] = [];
  private readonly warnedLines = new Set<number>();
  /** `nameIndex`: the column holding the row's name, shown with every issue (warnings too) */
  constructor(
    private readonly headers: readonly string[],
    private readonly nameIndex?: number,
  ) {}
  private named(i: RowIssue, row: TableRow): RowIssue {
    const name = this.nameIndex !== undefined ? (row.cells[this.nameIndex] ?? '').trim() : '';
    if (name) i.name = name.length > 200 ? `${name.slice(0, 200)}…` : name;
    return i;
  }
  reject(row: TableRow, column: string, issue: { code: RowIssue['code']; params?: RowIssue['params'] }): void {
    const i = this.named(makeIssue(row.line, column, issue.code, issue.params ?? {}), row);
    this.rejected.push({ ...i, raw: rowRecord(this.headers, row.cells) });
  }
  warn(row: TableRow, column: string, code: RowIssue['code'], params: RowIssue['params'] = {}): void {
    this.warnings.push(this.named(makeIssue(row.line, column, code, params), row));
    this.warnedLines.add(row.line);
  }
  /** rows with at least one warning, not counting rows rejected later */
  warnedRowCount(): number {
    const rejectedLines = new Set(this.rejected.map((r) => r.line));
    let n = 0;
    for (const l of this.warnedLines) if (!rejectedLines.has(l)) n++;
    return n;
  }
}

export interface RowPoint {
  /** WGS84, after the applied system's conversion */
  lng: number;
  lat: number;
  /** as read (after a lat/lng swap fix), before conversion: for the CRS detector */
  rawLng: number;
  rawLat: number;
}

/** Shanghai-ish ranges for spotting swapped columns (wider than the bbox on purpose). */
const LNG_RANGE: [number, number] = [119.5, 123.5];
const LAT_RANGE: [number, number] = [29.5, 32.5];
const inRange = (v: number, [a, b]: [number, number]) => v >= a && v <= b;

/**
 * Coordinates of one row, converted to WGS84, or null after logging why the row
 * is rejected. Swapped columns are fixed with a warning.
 */
export function readRowPoint(rt: RowContext, row: TableRow, log: IssueLog): RowPoint | null {
  const { col, header } = rt;
  const cell = (f: FieldKey) => (col[f] !== undefined ? (row.cells[col[f] as number] ?? '').trim() : '');
  const lngCol = header.mapping.lng ?? header.mapping.coords ?? '';
  const latCol = header.mapping.lat ?? header.mapping.coords ?? '';
  let lng: number;
  let lat: number;
  if (col.lng !== undefined && col.lat !== undefined) {
    const ls = cell('lng');
    const as = cell('lat');
    if (ls === '' && as === '') {
      const addr = cell('address');
      if (addr) log.reject(row, header.mapping.address ?? '', { code: 'address-no-coords' });
      else log.reject(row, lngCol, { code: 'coord-missing' });
      return null;
    }
    lng = ls === '' ? NaN : parseCoordNumber(ls);
    lat = as === '' ? NaN : parseCoordNumber(as);
    // both fields bad: one rejection that names both (every bad field is reported)
    if (Number.isNaN(lng) && Number.isNaN(lat)) {
      log.reject(row, `${lngCol}, ${latCol}`, { code: 'coords-unparsable', params: { lng: ls.slice(0, 80), lat: as.slice(0, 80) } });
      return null;
    }
    if (ls === '' || as === '') {
      log.reject(row, ls === '' ? lngCol : latCol, { code: 'coord-missing' });
      return null;
    }
    if (Number.isNaN(lng)) return rejectUnparsable(row, log, lngCol, ls);
    if (Number.isNaN(lat)) return rejectUnparsable(row, log, latCol, as);
  } else if (col.coords !== undefined) {
    const cs = cell('coords');
    if (cs === '') {
      const addr = cell('address');
      if (addr) log.reject(row, header.mapping.address ?? '', { code: 'address-no-coords' });
      else log.reject(row, lngCol, { code: 'coord-missing' });
      return null;
    }
    const pair = parseCoordPair(cs);
    if (!pair) return rejectUnparsable(row, log, lngCol, cs);
    [lng, lat] = pair;
  } else {
    log.reject(row, '', { code: 'coord-missing' });
    return null;
  }
  if (Math.abs(lng) > 1000 || Math.abs(lat) > 1000) {
    log.reject(row, lngCol, { code: 'coord-projected', params: { value: `${lng}, ${lat}` } });
    return null;
  }
  if (!inRange(lng, LNG_RANGE) && !inRange(lat, LAT_RANGE) && inRange(lat, LNG_RANGE) && inRange(lng, LAT_RANGE)) {
    [lng, lat] = [lat, lng];
    log.warn(row, lngCol, 'swapped-lat-lng', { lng, lat });
  }
  const [wLng, wLat] = toWgs84(lng, lat, rt.crsApplied);
  const b = SHANGHAI_BBOX;
  if (!(wLng >= b.minLng && wLng <= b.maxLng && wLat >= b.minLat && wLat <= b.maxLat)) {
    log.reject(row, lngCol, { code: 'outside-shanghai', params: { lng, lat } });
    return null;
  }
  return { lng: wLng, lat: wLat, rawLng: lng, rawLat: lat };
}

function rejectUnparsable(row: TableRow, log: IssueLog, column: string, value: string): null {
  log.reject(row, column, { code: 'coord-unparsable', params: { value: value.slice(0, 80) } });
  return null;
}

/** The text of a mapped field in a row ('' when unmapped). */
export function cellOf(rt: RowContext, row: TableRow, f: FieldKey): string {
  const i = rt.col[f];
  return i !== undefined ? (row.cells[i] ?? '').trim() : '';
}

export interface DetectInput {
  /** accepted rows: raw coordinates, name, and region keys (街镇 code, district code) */
  points: readonly { name: string; rawLng: number; rawLat: number; keys: readonly string[] }[];
  references?: readonly RawPoint[];
  regions?: readonly Region[];
  /** accepted rows (when `points` is left empty because there is nothing to compare with) */
  count?: number;
}

/**
 * Look for a coordinate offset with the evidence at hand; a suggestion becomes a
 * notice, and with no evidence at all (and no system named) the user is told that
 * the system could not be checked.
 */
export function detectOffset(rt: RowContext, input: DetectInput): { suggestion: CrsSuggestion | null; notices: FileNotice[] } {
  let evidence = 0;
  let suggestion: CrsSuggestion | null = null;
  if (input.references && input.references.length > 0) {
    const raw = input.points.map((p) => ({ name: p.name, lng: p.rawLng, lat: p.rawLat }));
    const d = detectCrsByReferences(raw, input.references, rt.crsApplied);
    evidence += d.sample;
    suggestion = d.suggestion;
  }
  if (!suggestion && input.regions && input.regions.length > 0) {
    const pts = input.points.filter((p) => p.keys.length > 0).map((p) => ({ lng: p.rawLng, lat: p.rawLat, keys: p.keys }));
    const d = detectCrsByRegions(pts, input.regions, rt.crsApplied);
    evidence += d.sample;
    suggestion = d.suggestion;
  }
  const notices: FileNotice[] = [];
  if (suggestion) notices.push(crsSuggestionNotice(suggestion));
  else if (evidence === 0 && rt.crsWhy === 'default' && (input.count ?? input.points.length) > 0) notices.push(makeNotice('crs-undetectable'));
  return { suggestion, notices };
}
