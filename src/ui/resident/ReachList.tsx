/** Facilities within reach, nearest first: name, type, categories, status, distance and walking time. */
import type { Category } from '../../domain/types';
import type { ReachItem } from '../../geo/reach';
import type { Lang } from '../../domain/lang';
import { REACH_BAND_COLORS } from '../../domain/palette';
import { categoryName, formatDistance, roundMinutes } from './residentFormat';
import type { Translate as T } from '../../i18n';
import { useResidentStore } from '../../state/residentStore';

export function ReachList({ items, minutes, categories, lang, t }: { items: readonly ReachItem[]; minutes: number; categories: readonly Category[]; lang: Lang; t: T }) {
  const showFacility = useResidentStore((s) => s.showFacility);
  const shownId = useResidentStore((s) => s.shown?.id ?? null);
  return (
    <section className="resident-section" aria-labelledby="resident-list-title">
      <h3 id="resident-list-title">{t('resident.list.title', { m: minutes, n: items.length })}</h3>
      {items.length === 0 ? (
        <p>{t('resident.list.empty', { m: minutes })}</p>
      ) : (
        <ol className="resident-reach-list" data-testid="resident-reach-list">
          {items.map((it) => (
            <li key={it.facility.id} data-minutes={it.minutes.toFixed(3)} data-facility-id={it.facility.id}>
              <span className="resident-band" style={{ background: it.band ? REACH_BAND_COLORS[it.band] : 'transparent' }} aria-hidden="true" />
              <span className="resident-item-main">
                <button
                  type="button"
                  className="resident-item-name"
                  aria-pressed={shownId === it.facility.id}
                  title={t('resident.list.show')}
                  onClick={() => showFacility(it.facility)}
                >
                  {it.facility.name}
                </button>
                <span className="resident-item-meta">
                  {t(`type.${it.facility.type}`)} · <span className={`resident-status status-${it.facility.status}`}>{t(`status.${it.facility.status}`)}</span>
                  {' · '}
                  {it.facility.categories.map((c) => categoryName(categories, c, lang)).join(t('resident.sep'))}
                </span>
              </span>
              <span className="resident-item-time">
                <strong className="resident-minutes">{t('resident.list.minutes', { m: roundMinutes(it.minutes) })}</strong>
                <span>{t('resident.list.distance', { d: formatDistance(it.distanceM, t) })}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
