/**
 * CSV text to a table of rows with their physical line numbers (papaparse, on the
 * calling thread: the caller is already a worker or the CLI; never papaparse's own
 * worker mode, which gives broken results in Vite production builds, papaparse issue
 * 1122). Handles Excel quoting ("" inside quotes, line breaks inside cells), CRLF/LF/CR,
 * comma/tab/semicolon delimiters, blank lines, and title rows above the header (the header
 * is the first row that names known fields).
 */
import Papa from 'papaparse';
import type { FieldKey } from './importTypes';
import { headerScore, uniqueHeaders } from './headerMap';

export interface TableRow {
  /** physical line where the row starts, 1-based */
  line: number;
  cells: string[];
  /** papaparse complaint about this row's quoting, if any */
  quoteError?: string;
  /** a JSON record marked `"synthetic": true` (the demo set): its facility stays labelled synthetic */
  synthetic?: boolean;
}

export interface CsvTable {
  headers: string[];
  headerLine: number;
  rows: TableRow[];
  delimiter: string;
  blankLines: number;
  /** non-blank rows above the header row (titles, notes) */
  titleRows: number;
}

const HEADER_SEARCH_ROWS = 15;

function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/** Count line breaks in text[from, to): CRLF counts once, lone CR or LF count once. */
function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

interface StepRow {
  cells: string[];
  start: number;
  error?: string;
}

function parseRows(
  text: string,
  preview: number,
  onRow: (row: StepRow) => void,
): string {
  let prevCursor = 0;
  let delimiter = ',';
  Papa.parse<string[]>(text, {
    preview,
    skipEmptyLines: false,
    delimitersToGuess: [',', '\t', ';', '|'],
    step: (result) => {
      const quote = result.errors.find((e) => e.type === 'Quotes');
      delimiter = result.meta.delimiter;
      onRow({ cells: result.data, start: prevCursor, error: quote?.message });
      prevCursor = result.meta.cursor;
    },
  });
  return delimiter;
}

/** Where the header row is: the first row naming at least two known fields (or the best row). */
export interface HeaderPlan {
  /** index of the header among the rows papaparse yields (blank rows included) */
  headerIdx: number;
  headers: string[];
  /** physical line of the header row, 1-based */
  headerLine: number;
}

/** Find the header row among the first rows. */
export function findHeader(text: string, fields: readonly FieldKey[]): HeaderPlan {
  const head: (StepRow & { line: number })[] = [];
  let line = 1;
  let counted = 0;
  parseRows(text, HEADER_SEARCH_ROWS, (r) => {
    line += countBreaks(text, counted, r.start);
    counted = r.start;
    head.push({ ...r, line });
  });
  const scores = head.map((r) => (isBlank(r.cells) ? -1 : headerScore(r.cells, fields)));
  const best = Math.max(0, ...scores);
  let headerIdx = scores.findIndex((s) => s >= Math.min(2, best) && s > 0);
  if (headerIdx < 0) headerIdx = head.findIndex((r) => !isBlank(r.cells));
  return headerIdx >= 0 ? { headerIdx, headers: uniqueHeaders(head[headerIdx].cells), headerLine: head[headerIdx].line } : { headerIdx, headers: [], headerLine: 1 };
}

/** Everything of a table but its rows (which went to a consumer). */
export type TableShape = Omit<CsvTable, 'rows'> & { rowCount: number };

/**
 * The data rows after the header, one at a time to `onRow` (nothing is kept: a million-row
 * file never exists as a table in memory). onProgress gets characters read.
 */
export function streamRows(
  text: string,
  plan: HeaderPlan,
  onRow: (row: TableRow) => void,
  onProgress?: (done: number, total: number) => void,
): TableShape {
  let headerLine = 1;
  let blankLines = 0;
  let titleRows = 0;
  let rowCount = 0;
  let idx = 0;
  let line = 1;
  let counted = 0;
  const total = text.length;
  let nextReport = 0;
  const delimiter = parseRows(text, 0, (r) => {
    line += countBreaks(text, counted, r.start);
    counted = r.start;
    const i = idx++;
    if (i < plan.headerIdx) {
      if (isBlank(r.cells)) blankLines++;
      else titleRows++;
      return;
    }
    if (i === plan.headerIdx) {
      headerLine = line;
      return;
    }
    if (isBlank(r.cells)) {
      // papaparse yields a final empty row for a trailing line break: not a blank line
      if (r.start < total) blankLines++;
      return;
    }
    rowCount++;
    const row: TableRow = { line, cells: r.cells };
    if (r.error) row.quoteError = r.error;
    onRow(row);
    if (onProgress && r.start >= nextReport) {
      onProgress(r.start, total);
      nextReport = r.start + Math.max(1, Math.floor(total / 100));
    }
  });
  onProgress?.(total, total);
  return { headers: plan.headers, headerLine, delimiter, blankLines, titleRows, rowCount };
}

/** Read the table. `fields` guide the header-row search; onProgress gets characters read. */
export function readCsvTable(
  text: string,
  fields: readonly FieldKey[],
  onProgress?: (done: number, total: number) => void,
): CsvTable {
  const rows: TableRow[] = [];
  const { rowCount: _, ...shape } = streamRows(text, findHeader(text, fields), (r) => rows.push(r), onProgress);
  return { ...shape, rows };
}

/** A row as a header-keyed record (extra cells keyed "列N", missing cells ''). */
export function rowRecord(headers: readonly string[], cells: readonly string[]): Record<string, string> {
  // no prototype: a "__proto__" or "constructor" header is a column like any other
  const rec = Object.create(null) as Record<string, string>;
  headers.forEach((h, i) => {
    rec[h] = cells[i] ?? '';
  });
  for (let i = headers.length; i < cells.length; i++) if (cells[i] !== '') rec[`列${i + 1}`] = cells[i];
  return rec;
}
