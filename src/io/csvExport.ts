/**
 * CSV writing for every export of the app (shared helper).
 *
 * - UTF-8 with a byte-order mark, so Excel opens Chinese text correctly;
 * - RFC 4180 quoting (comma, quote, CR or LF inside a cell), CRLF line ends;
 * - formula neutralisation: a text cell starting with = + - @ TAB or CR gets a
 *   leading apostrophe, so spreadsheet programs show it as text instead of
 *   running it (OWASP "CSV injection"). Cells given as numbers are written as
 *   numbers and never prefixed (a negative number is not a formula).
 *
 * Pure: returns a string; turning it into a Blob/download is the UI's job.
 */

export type CsvCell = string | number | boolean | null | undefined;

export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** Prefix a text cell that a spreadsheet would read as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell as CSV text: neutralised (text only), then quoted when needed. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const safe = neutraliseFormula(value);
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export interface CsvOptions {
  /** prepend the UTF-8 byte-order mark (default true) */
  bom?: boolean;
}

/** Rows (first row usually the header) to CSV text with CRLF line ends. */
export function toCsv(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const body = rows.map((row) => row.map(csvCell).join(',')).join('\r\n');
  return (options.bom === false ? '' : UTF8_BOM) + body + '\r\n';
}
