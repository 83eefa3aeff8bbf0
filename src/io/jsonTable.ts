/**
 * A JSON list of records (e.g. geodata/demo-facilities.json, or an export from another
 * tool) read as a table, so that every record goes through the same row checks as a CSV
 * line. Accepted: an array of objects, or an object with a "facilities" / "points" / "data"
 * array. Keys become headers (first appearance order); arrays become "、"-joined cells;
 * null becomes an empty cell. A record's position (1-based) stands in for the line number.
 */
import type { CsvTable, TableRow } from './csvTable';

const MAX_HEADERS = 200;
const MAX_CELL = 10_000;

/** True when the text looks like JSON (first non-blank character [ or {). */
export function looksLikeJson(text: string): boolean {
  const m = /^[\s\uFEFF]*([[{])/.exec(text.slice(0, 64));
  return m !== null;
}

function cellText(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else if (Array.isArray(v)) s = v.map((x) => (typeof x === 'string' || typeof x === 'number' ? String(x) : x === null || x === undefined ? '' : JSON.stringify(x))).join('、');
  else s = JSON.stringify(v) ?? '';
  return s.length > MAX_CELL ? s.slice(0, MAX_CELL) : s;
}

export type JsonTable = { table: CsvTable } | { error: string };

/** The records of parsed JSON as a table, or why it is not a list of records. */
export function jsonRecordsTable(text: string): JsonTable {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message.slice(0, 120)})` };
  }
  let list: unknown = json;
  if (list && typeof list === 'object' && !Array.isArray(list)) {
    const o = list as Record<string, unknown>;
    list = Array.isArray(o.facilities) ? o.facilities : Array.isArray(o.points) ? o.points : Array.isArray(o.data) ? o.data : null;
  }
  if (!Array.isArray(list)) return { error: 'JSON that is not a list of records (expected [ {…}, … ] or { "facilities": [ … ] })' };
  const headers: string[] = [];
  const index = new Map<string, number>();
  for (const r of list) {
    if (!r || typeof r !== 'object' || Array.isArray(r)) continue;
    for (const k of Object.keys(r)) {
      if (!index.has(k) && headers.length < MAX_HEADERS) {
        index.set(k, headers.length);
        headers.push(k);
      }
    }
  }
  const rows: TableRow[] = list.map((r, i) => {
    const cells = new Array<string>(headers.length).fill('');
    let synthetic = false;
    if (r && typeof r === 'object' && !Array.isArray(r)) {
      for (const [k, v] of Object.entries(r)) {
        const c = index.get(k);
        if (c !== undefined) cells[c] = cellText(v);
      }
      synthetic = (r as { synthetic?: unknown }).synthetic === true;
    }
    const row: TableRow = { line: i + 1, cells };
    if (synthetic) row.synthetic = true;
    return row;
  });
  return { table: { headers, headerLine: 0, rows, delimiter: 'json', blankLines: 0, titleRows: 0 } };
}
