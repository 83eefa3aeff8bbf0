/** Rows with problems (rejected or warned): line, column, the row's name and the reason, the first 100. */
import type { RejectedRow, RowIssue } from '../../io/importTypes';
import { issueText } from '../../io/issueText';
import { useT } from '../../state/useT';
import { useViewStore } from '../../state/viewStore';

const LIST_LIMIT = 100;

export function IssueTable({ issues, caption, testId, nameColumn }: { issues: readonly (RowIssue | RejectedRow)[]; caption: string; testId: string; nameColumn?: string }) {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  if (issues.length === 0) return null;
  // the name read with the row (warnings too); the raw name cell for older results
  const nameOf = (i: RowIssue | RejectedRow) => {
    if (i.name) return i.name;
    if (!('raw' in i)) return '';
    return (nameColumn !== undefined ? i.raw[nameColumn] : undefined) ?? '';
  };
  return (
    <div className="import-issues">
      <table data-testid={testId}>
        <caption>
          {caption} ({issues.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('import.col.line')}</th>
            <th scope="col">{t('import.col.column')}</th>
            <th scope="col">{t('import.col.name')}</th>
            <th scope="col">{t('import.col.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.slice(0, LIST_LIMIT).map((i, k) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list rendered once per import; two issues can share a line
            <tr key={`${i.line}-${k}`}>
              <td>{i.line || ''}</td>
              <td>{i.column}</td>
              <td className="import-cell-text">{nameOf(i)}</td>
              <td className="import-cell-text">{issueText(i.code, i.params, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {issues.length > LIST_LIMIT && <p className="note">{t('import.more', { count: issues.length - LIST_LIMIT })}</p>}
    </div>
  );
}
