/** For each service category: the nearest open facility (even beyond 15 minutes), its target minutes, and a nearer upcoming one. */
import type { Category } from '../../domain/types';
import type { Completeness, NearestForCategory } from '../../geo/reach';
import { type Lang, pick } from '../../domain/lang';
import { formatDistance, roundMinutes } from './residentFormat';
import type { Translate as T } from '../../i18n';

/** `completeness` decides met / not met, so the list and the headline follow one rule. */
export function NearestList({ nearest, completeness, categories, lang, t }: { nearest: readonly NearestForCategory[]; completeness: Completeness; categories: readonly Category[]; lang: Lang; t: T }) {
  const byId = new Map(categories.map((c) => [c.id, c]));
  return (
    <section className="resident-section" aria-labelledby="resident-nearest-title">
      <h3 id="resident-nearest-title">{t('resident.nearest.title')}</h3>
      <ul className="resident-nearest-list" data-testid="resident-nearest-list">
        {nearest.map((n) => {
          const c = byId.get(n.categoryId);
          const name = c ? pick(lang, c) : n.categoryId;
          const met = completeness.reachable.includes(n.categoryId);
          const target = completeness.targets?.[n.categoryId] ?? completeness.minutes;
          return (
            <li key={n.categoryId} data-category={n.categoryId}>
              <span className="resident-swatch" style={{ background: c?.color ?? '#999' }} aria-hidden="true" />
              <span className="resident-item-main">
                <span className="resident-item-name">{name}</span>
                {n.open ? (
                  <span className="resident-item-meta">
                    {n.open.facility.name} · {t('resident.list.minutes', { m: roundMinutes(n.open.minutes) })} · {formatDistance(n.open.distanceM, t)}
                  </span>
                ) : (
                  <span className="resident-item-meta">{t('resident.nearest.none')}</span>
                )}
                {n.upcoming && (
                  <span className="resident-item-meta resident-upcoming">
                    {t('resident.nearest.upcoming', { status: t(`status.${n.upcoming.facility.status}`), name: n.upcoming.facility.name, m: roundMinutes(n.upcoming.minutes) })}
                  </span>
                )}
              </span>
              {c && (
                <span className={`resident-target ${met ? 'met' : 'not-met'}`}>
                  {t('resident.nearest.target', { m: target })}
                  <br />
                  {met ? `✓ ${t('resident.nearest.met')}` : `✗ ${t('resident.nearest.notMet')}`}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
