/**
 * Types shared by the import pipeline (facility, population and boundary files).
 * Plain data only: results cross the worker boundary by structured clone.
 */
import type { Facility } from '../domain/types';

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type EncodingChoice = 'auto' | TextEncodingName;

/** Coordinate reference systems users bring: GPS/OSM, AMap/Tencent, Baidu. */
export type Crs = 'wgs84' | 'gcj02' | 'bd09';
export type CrsChoice = 'auto' | Crs;
export const CRS_LIST: readonly Crs[] = ['wgs84', 'gcj02', 'bd09'];

/** Why a row was rejected or flagged. Texts live in issueText.ts (zh + en). */
export type IssueCode =
  | 'name-missing'
  | 'coord-missing'
  | 'coord-unparsable'
  | 'coords-unparsable'
  | 'coord-projected'
  | 'address-no-coords'
  | 'outside-shanghai'
  | 'swapped-lat-lng'
  | 'category-missing'
  | 'category-unknown'
  | 'category-partly-unknown'
  | 'category-defaulted'
  | 'type-unknown'
  | 'status-unknown'
  | 'district-unknown'
  | 'street-unknown'
  | 'duplicate'
  | 'duplicate-of-loaded'
  | 'population-missing'
  | 'population-invalid'
  | 'population-from-households'
  | 'extra-fields'
  | 'quote-error'
  | 'village-missing'
  | 'village-unknown'
  | 'village-code-unknown'
  | 'village-ambiguous'
  | 'village-not-in-area'
  | 'village-name-differs'
  | 'village-matched-by-name'
  | 'village-duplicate';

export type IssueParams = Record<string, string | number>;

export interface RowIssue {
  /** physical line in the file, 1-based (the header is usually line 1) */
  line: number;
  /** the file's own column header the issue is about ('' when the whole row) */
  column: string;
  code: IssueCode;
  params: IssueParams;
  /** Chinese text of the issue (issueText(code, params, 'en') gives English) */
  reason: string;
  /** the row's name (when the file has a name column and the cell is not empty) */
  name?: string;
}

export interface RejectedRow extends RowIssue {
  /** the row as read, keyed by the file's headers */
  raw: Record<string, string>;
}

/** Fields the importer understands. */
export type FieldKey =
  | 'id'
  | 'name'
  | 'lng'
  | 'lat'
  | 'coords'
  | 'type'
  | 'category'
  | 'status'
  | 'district'
  | 'street'
  | 'address'
  | 'population'
  | 'households'
  /** 居委会 / 村委会 name */
  | 'village'
  /** 居委会 / 村委会 12-digit code */
  | 'villageCode';

/** field -> the file's header text, for the fields that were found */
export type HeaderMapping = Partial<Record<FieldKey, string>>;

export interface HeaderDetection {
  /** all headers of the file, in order (blank headers named "列N") */
  headers: string[];
  mapping: HeaderMapping;
  /** true when a person should check the mapping (a required field missing, or a guess) */
  unsure: boolean;
  /** fields mapped by a loose match (a person should confirm) */
  guessed: FieldKey[];
  /** required fields not found */
  missing: FieldKey[];
  /** CRS named in a header or the file name, e.g. "经度(GCJ02)" */
  crsHint: Crs | null;
  /** line of the header row (1-based); a title row above it is skipped */
  headerLine: number;
}

export interface EncodingDetection {
  encoding: TextEncodingName;
  bom: boolean;
  /** how it was chosen: byte-order mark, valid UTF-8, fallback to GB18030, or the user's choice */
  method: 'bom' | 'utf16-pattern' | 'utf8-valid' | 'gb18030-fallback' | 'ascii' | 'user';
  /** characters that could not be decoded (U+FFFD) */
  replacementChars: number;
}

export interface CrsSuggestion {
  crs: Crs;
  method: 'header' | 'reference-match' | 'region-agreement';
  /** median metres between imported and reference points under each system (reference-match) */
  medianOffsetM?: Partial<Record<Crs, number>>;
  /** share of points inside their named district under each system (region-agreement) */
  agreement?: Partial<Record<Crs, number>>;
  /** how many points the evidence rests on */
  sample: number;
}

export interface UnknownCategory {
  value: string;
  count: number;
  /** nearest category id, or null when nothing is close */
  suggestion: string | null;
  /** every category the nearest known name stands for (养老托育: elderly and childcare) */
  suggestions: string[];
}

/** File-level notes (not tied to one row). */
export type NoticeCode =
  | 'encoding-replacement'
  | 'crs-applied'
  | 'crs-suggestion'
  | 'crs-undetectable'
  | 'no-status-column'
  | 'no-type-column'
  | 'blank-lines'
  | 'title-rows-skipped'
  | 'households-assumption'
  | 'empty-file'
  | 'not-json';

export interface FileNotice {
  code: NoticeCode;
  params: IssueParams;
  message: string;
}

export interface ImportSummary {
  /** data rows read (blank lines excluded) */
  rows: number;
  loaded: number;
  rejected: number;
  /** rows that loaded with a warning */
  warned: number;
  blankLines: number;
}

/**
 * How a file's 居委 / 村 column joined the 2023 list (src/io/villageJoin.ts): matched rows,
 * unmatched ones with line, column, reason (no such name, ambiguous: candidates, …) and
 * the row's cells (downloadable with rejectedRowsCsv), matches with a note.
 */
export interface VillageJoinReport {
  /** the file's columns used ('' when not mapped) */
  nameColumn: string;
  codeColumn: string;
  /** rows with a 居委 name or code */
  rows: number;
  matched: number;
  byCode: number;
  byName: number;
  unmatched: RejectedRow[];
  /** matched with a note: the code is not in the list (matched by name), the name differs from the code's */
  notes: RowIssue[];
  /** committees in the list (6,509 for 2023) */
  listSize: number;
}

export interface FacilityImportResult {
  facilities: Facility[];
  /** present when the file has a 居委 / 村 column and the list was given */
  villageJoin?: VillageJoinReport;
  rejected: RejectedRow[];
  warnings: RowIssue[];
  notices: FileNotice[];
  summary: ImportSummary;
  detected: CsvDetection & { unknownCategories: UnknownCategory[] };
  source: string;
}

/** What reading a point CSV found out about the file. */
export interface CsvDetection {
  encoding: EncodingDetection;
  delimiter: string;
  header: HeaderDetection;
  /** the system the coordinates were converted from, and why it was used */
  crsApplied: Crs;
  crsWhy: 'header' | 'user' | 'default';
  crsSuggestion: CrsSuggestion | null;
}

import type { DemandPoint } from '../domain/types';
export type { DemandPoint };

export interface PopulationImportResult {
  points: DemandPoint[];
  rejected: RejectedRow[];
  warnings: RowIssue[];
  notices: FileNotice[];
  summary: ImportSummary;
  detected: CsvDetection;
  totalPopulation: number;
  source: string;
}
