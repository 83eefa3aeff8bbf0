/** Report of a boundary import: join to the 街镇 list, repairs, rejected features, population source. */
import type { BoundaryImportResult } from '../../io/boundary';
import type { Crs } from '../../io/importTypes';
import { crsAppliedNotice, crsName, crsSuggestionNotice } from '../../io/issueText';
import { unitRejectText } from '../../io/unitLayer';
import { useT } from '../../state/useT';
import { useViewStore } from '../../state/viewStore';

export function BoundaryReport({ result, onRerun }: { result: BoundaryImportResult; onRerun: (change: { crs: Crs }) => void }) {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const r = result;
  const feature = (index: number, name: string) => t('import.boundary.feature', { index, name });
  return (
    <div className="import-report" data-testid="import-report">
      <p className="import-summary" role="status" data-testid="import-summary">
        {t('import.boundary.summary', { units: r.units.features.length, matched: r.matched, unmatched: r.unmatched.length, rejected: r.rejected.length })}
      </p>
      <ul className="import-notices" aria-label={t('import.notices')}>
        <li>{crsAppliedNotice(r.crsApplied, r.crsWhy, lang).message}</li>
        {r.crsSuggestion && (
          <li className="import-warn">
            {crsSuggestionNotice(r.crsSuggestion, lang).message}
            <button type="button" onClick={() => r.crsSuggestion && onRerun({ crs: r.crsSuggestion.crs })}>
              {t('import.useCrs', { crs: crsName(r.crsSuggestion.crs, lang) })}
            </button>
          </li>
        )}
        <li>{t('import.boundary.join', { name: r.nameProperty ?? '—', code: r.codeProperty ?? '—' })}</li>
        <li>{t('import.boundary.population', r.population)}</li>
      </ul>
      {r.repaired.length > 0 && (
        <details open>
          <summary>
            {t('import.boundary.repaired')} ({r.repaired.length})
          </summary>
          <ul data-testid="import-repaired">
            {r.repaired.slice(0, 200).map((x) => (
              <li key={x.index}>
                <span className="import-cell-text">{feature(x.index, x.name)}</span>:{' '}
                {x.notes.map((n) => t(`repair.${n.code}`, { count: n.count, area: n.areaM2 ?? 0 })).join('；')}
              </li>
            ))}
          </ul>
        </details>
      )}
      {r.unmatched.length > 0 && (
        <details open>
          <summary>
            {t('import.boundary.unmatched')} ({r.unmatched.length})
          </summary>
          <ul data-testid="import-unmatched">
            {r.unmatched.slice(0, 200).map((x) => (
              <li key={x.index} className="import-cell-text">
                {feature(x.index, x.name)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {r.duplicateMatches.length > 0 && (
        <details>
          <summary>
            {t('import.boundary.duplicates')} ({r.duplicateMatches.length})
          </summary>
          <ul>
            {r.duplicateMatches.map((x) => (
              <li key={x.index} className="import-cell-text">
                {feature(x.index, x.name)} → {x.code}
              </li>
            ))}
          </ul>
        </details>
      )}
      {r.rejected.length > 0 && (
        <details open>
          <summary>
            {t('import.boundary.rejected')} ({r.rejected.length})
          </summary>
          <ul data-testid="import-boundary-rejected">
            {r.rejected.map((x) => (
              <li key={x.index} className="import-cell-text">
                {feature(x.index, x.name)}: {unitRejectText(x, lang)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
