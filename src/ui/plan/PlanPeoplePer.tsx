/**
 * Residents per 人民坊 / 六艺亭 with the denominator stated: the plan's 2025 count, and the
 * hubs in the loaded data (any status) where there are any. 2020 census residents.
 */
import type { PlanDistrictRow } from '../../domain/plan';

import type { Translate as T } from '../../i18n';

/** What the plan view's tables are given: the rows in order, the totals, names, words, number locale. */
export interface PlanRowsProps {
  rows: readonly PlanDistrictRow[];
  totals: PlanDistrictRow;
  nameOf: (r: PlanDistrictRow) => string;
  t: T;
  locale: string;
}

export function PlanPeoplePer({ rows, totals, nameOf, t, locale }: PlanRowsProps) {
  const n = (v: number | null) => (v === null ? t('plan.none') : Math.round(v).toLocaleString(locale));
  const line = (r: PlanDistrictRow, name: string, isTotal = false) => (
    <tr key={r.district_code} data-code={r.district_code}>
      <th scope="row">{isTotal ? t('plan.totals') : name}</th>
      <td>{n(r.population_2020)}</td>
      <td className="plan-group-start" title={t('plan.per.planLine', { n: r.renminfang_total })}>{n(r.people_per_renminfang)}</td>
      <td title={t('plan.per.dataLine', { n: r.data_renminfang })}>{n(r.people_per_data_renminfang)}</td>
      <td className="plan-group-start" title={t('plan.per.planLine', { n: r.liuyiting_total })}>{n(r.people_per_liuyiting)}</td>
      <td title={t('plan.per.dataLine', { n: r.data_liuyiting })}>{n(r.people_per_data_liuyiting)}</td>
    </tr>
  );
  return (
    <div className="plan-table-wrap">
      <table className="plan-table plan-per" data-testid="plan-per">
        <caption>{t('plan.per.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2} className="plan-col-district">{t('plan.col.district')}</th>
            <th scope="col" rowSpan={2}>{t('plan.per.population')}</th>
            <th scope="colgroup" colSpan={2} className="plan-group">{t('plan.per.renminfang')}</th>
            <th scope="colgroup" colSpan={2} className="plan-group">{t('plan.per.liuyiting')}</th>
          </tr>
          <tr>
            <th scope="col" className="plan-group-start">{t('plan.per.byPlan')}</th>
            <th scope="col">{t('plan.per.byData')}</th>
            <th scope="col" className="plan-group-start">{t('plan.per.byPlan')}</th>
            <th scope="col">{t('plan.per.byData')}</th>
          </tr>
        </thead>
        <tbody>{rows.map((r) => line(r, nameOf(r)))}</tbody>
        <tfoot>{line(totals, '', true)}</tfoot>
      </table>
    </div>
  );
}
