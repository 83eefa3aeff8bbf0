/** Legend of the completion-rate choropleth, from the same constants as the map layer, with the measure it shows. */
import { PLAN_MEASURES } from '../../domain/plan';
import { planLegendItems } from '../../domain/palette';
import { usePlanViewStore } from '../../state/planViewStore';

import type { Translate as T } from '../../i18n';

export function PlanLegend({ t }: { t: T }) {
  const measure = usePlanViewStore((s) => s.measure);
  const setMeasure = usePlanViewStore((s) => s.setMeasure);
  return (
    <section aria-labelledby="plan-legend-title">
      <h3 id="plan-legend-title">{t(measure === 'projects' ? 'plan.legend.title' : `plan.col.${measure}Rate`)}</h3>
      <label className="plan-measure">
        {t('plan.legend.pick')}{' '}
        <select value={measure} onChange={(e) => setMeasure(e.target.value as (typeof PLAN_MEASURES)[number])} data-testid="plan-measure">
          {PLAN_MEASURES.map((m) => (
            <option key={m} value={m}>
              {t(`plan.col.${m}Rate`)}
            </option>
          ))}
        </select>
      </label>
      <ul className="plan-legend" data-testid="plan-legend">
        {planLegendItems().map((item) => (
          <li key={item.color}>
            <span className="plan-swatch" style={{ background: item.color }} data-color={item.color} aria-hidden="true" />
            {item.fromPct === null ? t('plan.legend.none') : item.toPct === 100 ? `≥ ${item.fromPct}%` : `${item.fromPct}–${item.toPct}%`}
          </li>
        ))}
      </ul>
    </section>
  );
}
