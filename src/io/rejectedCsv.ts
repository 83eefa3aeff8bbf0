/**
 * Rejected rows as a CSV the planner can fix and load again: line, column and
 * reason first, then the row's own columns as read. UTF-8 with BOM, formula-like
 * cells neutralised (src/io/csvExport.ts).
 */
import { toCsv, type CsvCell } from './csvExport';
import type { RejectedRow } from './importTypes';
import { issueText } from './issueText';
import type { Lang } from '../domain/lang';

const HEAD: Record<Lang, [string, string, string]> = {
  zh: ['行号', '列', '原因'],
  en: ['line', 'column', 'reason'],
};

/**
 * `headers` are the file's headers (the order of the original columns); extra keys
 * found in rows (cells beyond the header) are appended.
 */
export function rejectedRowsCsv(rejected: readonly RejectedRow[], headers: readonly string[], lang: Lang = 'zh'): string {
  const cols = [...headers];
  for (const r of rejected) for (const k of Object.keys(r.raw)) if (!cols.includes(k)) cols.push(k);
  const rows: CsvCell[][] = [[...HEAD[lang], ...cols]];
  for (const r of rejected) {
    // original cells stay text (a "-12" cell is neutralised like any formula start)
    rows.push([r.line, r.column, issueText(r.code, r.params, lang), ...cols.map((c) => r.raw[c] ?? '')]);
  }
  return toCsv(rows);
}

/** Rejected-rows file name next to the imported one: "设施.csv" -> "设施.rejected.csv". */
export function rejectedFileName(fileName: string): string {
  const base = fileName.replace(/\.[^./\\]+$/, '');
  return `${base || 'import'}.rejected.csv`;
}
