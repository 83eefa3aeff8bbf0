/**
 * Plain-text report of an import for the command line (scripts/analyze.ts):
 * summary lines, notices and the rejected-rows CSV with its file name. Pure;
 * the caller prints the lines and writes the CSV next to its results.
 */
import type { CrsChoice, FacilityImportResult, PopulationImportResult } from './importTypes';
import { crsAppliedNotice, crsSuggestionNotice, issueText, noticeText } from './issueText';
import type { Lang } from '../domain/lang';
import { rejectedFileName, rejectedRowsCsv } from './rejectedCsv';

/** Value of a `--crs` flag, or an error message. */
export function parseCrsFlag(value: string | undefined): { crs: CrsChoice } | { error: string } {
  if (value === undefined || value === '') return { crs: 'auto' };
  const v = value.toLowerCase().replace(/[-_]/g, '');
  if (v === 'auto') return { crs: 'auto' };
  if (v === 'wgs84' || v === 'gps' || v === 'epsg4326') return { crs: 'wgs84' };
  if (v === 'gcj02' || v === 'gcj' || v === 'amap' || v === 'tencent') return { crs: 'gcj02' };
  if (v === 'bd09' || v === 'baidu') return { crs: 'bd09' };
  return { error: `--crs must be wgs84, gcj02 or bd09 (got "${value}")` };
}

export interface CliImportReport {
  lines: string[];
  /** null when nothing was rejected */
  rejected: { fileName: string; csv: string } | null;
  /** rows whose 居委 / 村 did not match the 2023 list (null when none, or no 居委 column) */
  villagesUnmatched: { fileName: string; csv: string } | null;
}

export function cliImportReport(result: FacilityImportResult | PopulationImportResult, fileName: string, lang: Lang = 'zh'): CliImportReport {
  const d = result.detected;
  const s = result.summary;
  const lines = [
    `${fileName}: ${s.rows} rows, ${s.loaded} loaded, ${s.rejected} rejected, ${s.warned} with warnings ` +
      `(${d.delimiter === 'json' ? 'JSON records' : `encoding ${d.encoding.encoding}${d.encoding.bom ? ' with BOM' : ''}, header line ${d.header.headerLine}`})`,
  ];
  for (const n of result.notices) {
    if (n.code === 'crs-applied') lines.push(`  ${crsAppliedNotice(d.crsApplied, d.crsWhy, lang).message}`);
    else if (n.code === 'crs-suggestion' && d.crsSuggestion) lines.push(`  WARNING: ${crsSuggestionNotice(d.crsSuggestion, lang).message} (--crs ${d.crsSuggestion.crs})`);
    else lines.push(`  ${noticeText(n.code, n.params, lang)}`);
  }
  if (d.header.missing.length > 0) {
    const cut = (t: string, n: number) => ([...t].length > n ? `${[...t].slice(0, n).join('')}…` : t);
    lines.push(`  missing columns: ${d.header.missing.join(', ')} (headers: ${cut(d.header.headers.slice(0, 20).map((h) => cut(h, 24)).join(', '), 300)})`);
  }
  const rejected = result.rejected.length > 0 ? { fileName: rejectedFileName(fileName), csv: rejectedRowsCsv(result.rejected, d.header.headers, lang) } : null;
  if (rejected) lines.push(`  rejected rows with reasons: ${rejected.fileName}`);
  let villagesUnmatched: CliImportReport['villagesUnmatched'] = null;
  const j = 'villageJoin' in result ? result.villageJoin : undefined;
  if (j) {
    const cols = [j.nameColumn, j.codeColumn].filter((c) => c).join(' / ');
    lines.push(`  居委/村 column ${cols}: ${j.rows} rows name a committee, ${j.matched} matched to the 2023 list (${j.byCode} by code, ${j.byName} by name), ${j.unmatched.length} not matched; matched facilities without a 街镇 or district got them from the list`);
    if (j.unmatched.length > 0) {
      villagesUnmatched = { fileName: `${fileName.replace(/\.[^./\\]+$/, '') || 'import'}.villages-unmatched.csv`, csv: rejectedRowsCsv(j.unmatched, d.header.headers, lang) };
      const u = j.unmatched[0];
      lines.push(`  not matched, with reasons: ${villagesUnmatched.fileName} (first: line ${u.line}: ${issueText(u.code, u.params, lang)})`);
    }
  }
  return { lines, rejected, villagesUnmatched };
}
