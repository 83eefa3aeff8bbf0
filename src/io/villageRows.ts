/**
 * The 居委 / 村 join of a table's rows (src/io/villageJoin.ts), with every row that did
 * not match kept with its line, column, reason and cells, and the report both the
 * facility import and the 居委 population import return.
 */
import type { TableRow } from './csvTable';
import { rowRecord } from './csvTable';
import type { IssueCode, IssueParams, RejectedRow, RowIssue, VillageJoinReport } from './importTypes';
import { makeIssue } from './issueText';
import { SHANGHAI_DISTRICTS } from './facilityFields';
import { candidatesText, type Village, type VillageIndex, type VillageQuery } from './villageJoin';

export class VillageJoiner {
  private rows = 0;
  private byCode = 0;
  private byName = 0;
  readonly unmatched: RejectedRow[] = [];
  readonly notes: RowIssue[] = [];
  /** how the last row joined (a later rejection of it undoes the count) */
  private last: 'code' | 'name' | null = null;

  constructor(
    readonly index: VillageIndex,
    private readonly headers: readonly string[],
    private readonly columns: { name: string; code: string },
    /** the column holding the row's own name (shown with each issue), if any */
    private readonly nameIndex?: number,
  ) {}

  private issue(row: TableRow, column: string, code: IssueCode, params: IssueParams): RowIssue {
    const i = makeIssue(row.line, column, code, params);
    const name = this.nameIndex !== undefined ? (row.cells[this.nameIndex] ?? '').trim() : '';
    if (name) i.name = name.length > 200 ? `${name.slice(0, 200)}…` : name;
    return i;
  }

  /** The row just joined is not used after all (e.g. the same 居委 twice): it moves to the unmatched list with the caller's reason. */
  rejectJoined(row: TableRow, column: string, code: IssueCode, params: IssueParams): void {
    if (this.last === 'code') this.byCode--;
    else if (this.last === 'name') this.byName--;
    this.last = null;
    this.unmatched.push({ ...this.issue(row, column, code, params), raw: rowRecord(this.headers, row.cells) });
  }

  /** Join one row; null (and the row recorded with its reason) when it does not match. Rows with neither cell are not counted. */
  join(row: TableRow, q: VillageQuery, opts: { countEmpty?: boolean } = {}): Village | null {
    const name = (q.name ?? '').trim();
    const code = (q.code ?? '').trim();
    if (!name && !code && !opts.countEmpty) return null;
    this.rows++;
    this.last = null;
    const m = this.index.match(q);
    const col = code && (!name || !m.ok || m.by === 'code') ? this.columns.code : this.columns.name;
    if (m.ok) {
      if (m.by === 'code') this.byCode++;
      else this.byName++;
      this.last = m.by;
      if (m.note === 'name-differs') this.notes.push(this.issue(row, this.columns.name, 'village-name-differs', { value: name.slice(0, 80), code: m.village.code, listed: m.village.name }));
      if (m.note === 'code-unknown') this.notes.push(this.issue(row, this.columns.code, 'village-matched-by-name', { code: code.slice(0, 40), listed: this.index.describe(m.village) }));
      return m.village;
    }
    const district = q.district ? (SHANGHAI_DISTRICTS.find((d) => d.code === q.district)?.zh ?? q.district) : '';
    const area = [district, q.street ?? ''].filter((x) => x).join(' ');
    const value = (name || code).slice(0, 80);
    const params: IssueParams = { value, count: m.candidates.length, candidates: candidatesText(this.index, m.candidates), area, size: this.index.size };
    const code_: IssueCode =
      m.reason === 'missing' ? 'village-missing'
      : m.reason === 'unknown-code' ? 'village-code-unknown'
      : m.reason === 'ambiguous' ? 'village-ambiguous'
      : m.reason === 'not-in-area' ? 'village-not-in-area'
      : 'village-unknown';
    this.unmatched.push({ ...this.issue(row, col, code_, params), raw: rowRecord(this.headers, row.cells) });
    return null;
  }

  report(): VillageJoinReport {
    this.unmatched.sort((a, b) => a.line - b.line);
    return {
      nameColumn: this.columns.name,
      codeColumn: this.columns.code,
      rows: this.rows,
      matched: this.byCode + this.byName,
      byCode: this.byCode,
      byName: this.byName,
      unmatched: this.unmatched,
      notes: this.notes,
      listSize: this.index.size,
    };
  }
}
