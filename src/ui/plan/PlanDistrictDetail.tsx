/**
 * One district of the plan: its row, the plan against the loaded data (人民坊 / 六艺亭
 * counts with status breakdown, flagged where they differ), residents per planned
 * facility from the 2020 census, and the list of its 人民坊 / 六艺亭 (names as text).
 */
import { formatRate, type DistrictFacilityCounts, type PlanDistrictRow } from '../../domain/plan';
import type { Facility } from '../../domain/types';

import type { Translate as T } from '../../i18n';

interface Props {
  row: PlanDistrictRow;
  name: string;
  counts: DistrictFacilityCounts;
  facilities: readonly Facility[];
  synthetic: boolean;
  t: T;
  locale: string;
  onClose: () => void;
}

export function PlanDistrictDetail({ row, name, counts, facilities, synthetic, t, locale, onClose }: Props) {
  const n = (v: number | null) => (v === null ? t('plan.none') : Math.round(v).toLocaleString(locale));
  const hubs = ['renminfang', 'liuyiting'] as const;
  return (
    <section className="plan-detail" aria-labelledby="plan-detail-title" data-testid="plan-detail" data-code={row.district_code}>
      <header>
        <h3 id="plan-detail-title">{t('plan.detail.title', { name })}</h3>
        <button type="button" onClick={onClose} aria-label={t('plan.detail.close')}>
          ×
        </button>
      </header>
      <dl>
        <dt>{t('plan.col.projectsTotal')}</dt>
        <dd>{n(row.projects_total)}</dd>
        <dt>{t('plan.col.projectsDone')}</dt>
        <dd>
          {n(row.projects_done_2025)} ({formatRate(row.projects_rate)})
        </dd>
        {hubs.map((m) => [
          <dt key={`${m}-t`}>{t(`plan.col.${m}Total`)}</dt>,
          <dd key={`${m}-d`}>
            {n(row[`${m}_total`])} · {t('plan.done')} {n(row[`${m}_done_2025`])} ({formatRate(row[`${m}_rate`])})
          </dd>,
        ])}
      </dl>

      <h4>{t('plan.vsData')}</h4>
      <ul data-testid="plan-vs-data">
        {hubs.map((m) => {
          const differs = m === 'renminfang' ? row.renminfang_differs : row.liuyiting_differs;
          const c = counts[m];
          return (
            <li key={m} className={differs ? 'plan-differs' : undefined} data-differs={differs ? 'true' : 'false'}>
              {t('plan.vsData.line', { plan: row[`${m}_total`], type: t(`plan.group.${m}`), data: c.total })}
              {' · '}
              {differs ? `⚠ ${t('plan.vsData.differs')}` : t('plan.vsData.same')}
              {c.total > 0 && (
                <span className="plan-note">
                  {' '}
                  ({t('plan.vsData.byStatus', { open: c.byStatus.open, building: c.byStatus.building, planned: c.byStatus.planned })})
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <p className="plan-note">{t('plan.vsData.note')}</p>
      {synthetic && <p className="plan-note">{t('plan.synthetic')}</p>}

      <h4>{t('plan.detail.population')}</h4>
      <dl>
        <dt>{t('plan.col.population')}</dt>
        <dd>{n(row.population_2020)}</dd>
        <dt>{t('plan.col.peoplePerRenminfang')}</dt>
        <dd>{n(row.people_per_renminfang)}</dd>
        <dt>{t('plan.col.peoplePerDataRenminfang')}</dt>
        <dd>{n(row.people_per_data_renminfang)}</dd>
        <dt>{t('plan.col.peoplePerLiuyiting')}</dt>
        <dd>{n(row.people_per_liuyiting)}</dd>
        <dt>{t('plan.col.peoplePerDataLiuyiting')}</dt>
        <dd>{n(row.people_per_data_liuyiting)}</dd>
      </dl>
      <p className="plan-note">{t('plan.peoplePer.note')}</p>

      {facilities.length === 0 ? (
        <p className="plan-note">{t('plan.detail.noFacilities')}</p>
      ) : (
        <details>
          <summary>{t('plan.detail.facilities', { count: facilities.length })}</summary>
          <ul className="plan-facilities" data-testid="plan-facilities">
            {facilities.map((f) => (
              <li key={f.id}>
                {f.name} · {t(`type.${f.type}`)} · {t(`status.${f.status}`)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
