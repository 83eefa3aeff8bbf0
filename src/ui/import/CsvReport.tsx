/**
 * Report of a facility or population CSV import: what was detected, the summary,
 * notes (coordinate system, encoding …), the column mapping step when unsure,
 * unknown categories with suggestions, and rejected rows / warnings with their
 * line, column and reason. All file text is rendered as React text.
 */
import { useState } from 'react';
import type { Category } from '../../domain/types';
import { FACILITY_FIELDS, POPULATION_FIELDS } from '../../io/headerMap';
import type { Crs, FacilityImportResult, FileNotice, HeaderMapping, PopulationImportResult } from '../../io/importTypes';
import { crsAppliedNotice, crsName, crsSuggestionNotice, noticeText } from '../../io/issueText';
import { useT } from '../../state/useT';
import type { CategoryAliases } from '../../io/categoryMatch';
import { useViewStore } from '../../state/viewStore';
import { pick, type Lang } from '../../domain/lang';
import { VillageJoinSection } from './VillageReport';
import { DetectedNote } from './DetectedNote';
import { IssueTable } from './IssueTable';
import { MappingForm } from './MappingForm';

type CsvResult = FacilityImportResult | PopulationImportResult;

function noticeMessage(n: FileNotice, r: CsvResult, lang: Lang): string {
  if (n.code === 'crs-applied') return crsAppliedNotice(r.detected.crsApplied, r.detected.crsWhy, lang).message;
  if (n.code === 'crs-suggestion' && r.detected.crsSuggestion) return crsSuggestionNotice(r.detected.crsSuggestion, lang).message;
  return noticeText(n.code, n.params, lang);
}

function UnknownCategoriesForm({
  result,
  categories,
  onApply,
}: {
  result: FacilityImportResult;
  categories: readonly Category[];
  onApply: (aliases: CategoryAliases, defaultCategory: string | undefined) => void;
}) {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const unknown = result.detected.unknownCategories;
  const missing = result.rejected.filter((r) => r.code === 'category-missing').length;
  // one source category may be several of ours (养老托育: 养老服务 and 托育服务): a set of ids per value
  const [choice, setChoice] = useState<Record<string, string[]>>(() =>
    Object.fromEntries(unknown.map((u) => [u.value, u.suggestions ?? (u.suggestion ? [u.suggestion] : [])])),
  );
  const [fallback, setFallback] = useState('');
  if (unknown.length === 0 && missing === 0) return null;
  const catName = (id: string) => {
    const c = categories.find((x) => x.id === id);
    return c ? pick(lang, c) : id;
  };
  const toggle = (value: string, id: string, on: boolean) => {
    const now = choice[value] ?? [];
    setChoice({ ...choice, [value]: on ? [...now.filter((x) => x !== id), id] : now.filter((x) => x !== id) });
  };
  return (
    <form
      className="import-categories"
      data-testid="import-categories"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(
          Object.fromEntries(Object.entries(choice).filter(([, v]) => v.length > 0)),
          fallback || undefined,
        );
      }}
    >
      {unknown.length > 0 && (
        <fieldset>
          <legend>{t('import.unknownCategories')}</legend>
          <p className="hint">{t('import.unknownCategoriesHint')}</p>
          {unknown.slice(0, 30).map((u) => (
            <fieldset key={u.value} className="import-category-row" aria-label={u.value}>
              <legend className="import-cell-text">
                {t('import.unknownCategoryRow', { value: u.value, count: u.count })}
                {(u.suggestions ?? []).length === 0 && !u.suggestion && <> — {t('import.noSuggestion')}</>}
              </legend>
              <span className="import-category-choices">
                {categories.map((c) => {
                  const suggested = (u.suggestions ?? []).includes(c.id);
                  return (
                    <label key={c.id} className={suggested ? 'import-category-suggested' : undefined}>
                      <input
                        type="checkbox"
                        aria-label={`${u.value} → ${catName(c.id)}`}
                        checked={(choice[u.value] ?? []).includes(c.id)}
                        onChange={(e) => toggle(u.value, c.id, e.target.checked)}
                      />
                      {catName(c.id)}
                      {suggested ? ` (${t('import.suggested')})` : ''}
                    </label>
                  );
                })}
              </span>
            </fieldset>
          ))}
        </fieldset>
      )}
      {missing > 0 && (
        <label className="import-category-row">
          <span>{t('import.defaultCategory')}</span>
          <select aria-label={t('import.defaultCategory')} value={fallback} onChange={(e) => setFallback(e.target.value)}>
            <option value="">{t('import.defaultCategoryNone')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {catName(c.id)}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit">{t('import.applySuggestions')}</button>
    </form>
  );
}

export interface CsvReportProps {
  kind: 'facilities' | 'population';
  result: CsvResult;
  categories: readonly Category[];
  onRerun: (change: { headerMapping?: HeaderMapping; crs?: Crs; categoryAliases?: CategoryAliases; defaultCategory?: string }) => void;
  onDownloadRejected: () => void;
  /** the imported file's name (download names) */
  fileName: string;
}

export function CsvReport({ kind, result, categories, onRerun, onDownloadRejected, fileName }: CsvReportProps) {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const [editMapping, setEditMapping] = useState(false);
  const d = result.detected;
  const s = result.summary;
  const fields = kind === 'facilities' ? FACILITY_FIELDS : POPULATION_FIELDS;
  const showMapping = d.header.unsure || d.header.missing.length > 0 || editMapping;
  return (
    <div className="import-report" data-testid="import-report">
      <DetectedNote detected={d} />
      <p className="import-summary" role="status" data-testid="import-summary">
        {t('import.summary', { rows: s.rows, loaded: s.loaded, rejected: s.rejected, warned: s.warned })}
      </p>
      <ul className="import-notices" aria-label={t('import.notices')}>
        {result.notices.map((n, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list rendered once per import; notices have no id
          <li key={i} className={n.code === 'crs-suggestion' ? 'import-warn' : undefined}>
            {noticeMessage(n, result, lang)}
            {n.code === 'crs-suggestion' && d.crsSuggestion && (
              <button type="button" onClick={() => onRerun({ crs: d.crsSuggestion?.crs })}>
                {t('import.useCrs', { crs: crsName(d.crsSuggestion.crs, lang) })}
              </button>
            )}
          </li>
        ))}
      </ul>
      {showMapping ? (
        <MappingForm header={d.header} fields={fields} onApply={(m) => onRerun({ headerMapping: m })} />
      ) : (
        <button type="button" className="linkish" onClick={() => setEditMapping(true)}>
          {t('import.mappingEdit')}
        </button>
      )}
      {kind === 'facilities' && (
        <UnknownCategoriesForm
          result={result as FacilityImportResult}
          categories={categories}
          onApply={(categoryAliases, defaultCategory) => onRerun({ categoryAliases, defaultCategory })}
        />
      )}
      {kind === 'facilities' && (result as FacilityImportResult).villageJoin && (
        <VillageJoinSection join={(result as FacilityImportResult).villageJoin!} headers={d.header.headers} fileName={fileName} facilities />
      )}
      <IssueTable issues={result.rejected} caption={t('import.rejected')} testId="import-rejected" nameColumn={d.header.mapping.name} />
      {result.rejected.length > 0 && (
        <button type="button" onClick={onDownloadRejected}>
          {t('import.downloadRejected')}
        </button>
      )}
      <IssueTable issues={result.warnings} caption={t('import.warnings')} testId="import-warnings" />
    </div>
  );
}
