/** Legend of the completion-rate choropleth, from the same constants as the map layer. */
import { planLegendItems } from '../../map/layers/plan';

type T = (key: string, vars?: Record<string, string | number>) => string;

export function PlanLegend({ t }: { t: T }) {
  return (
    <section aria-labelledby="plan-legend-title">
      <h3 id="plan-legend-title">{t('plan.legend.title')}</h3>
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
