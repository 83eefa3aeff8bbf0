/**
 * Hand-made SVG bar chart of one measure (projects, 人民坊 or 六艺亭): per district a
 * light bar for the planned count and a dark bar for what is done within 2025, in the
 * table's order. Each bar pair carries a <title> with both numbers.
 */
import { doneColumn, totalColumn, type PlanDistrictRow, type PlanMeasure } from '../../domain/plan';

import type { Translate as T } from '../../i18n';

export const CHART_COLORS: Record<PlanMeasure, { planned: string; done: string }> = {
  projects: { planned: '#b0bec5', done: '#37474f' },
  renminfang: { planned: '#ef9a9a', done: '#b71c1c' },
  liuyiting: { planned: '#90caf9', done: '#1565c0' },
};

const WIDTH = 340;
const LABEL_W = 74;
const VALUE_W = 56;
const ROW_H = 18;
const TOP = 4;

interface Props {
  measure: PlanMeasure;
  rows: readonly PlanDistrictRow[];
  nameOf: (r: PlanDistrictRow) => string;
  t: T;
  locale: string;
  selectedCode: string | null;
  onSelect: (code: string) => void;
}

export function PlanBarChart({ measure, rows, nameOf, t, locale, selectedCode, onSelect }: Props) {
  const measureName = t(`plan.group.${measure}`);
  const total = totalColumn(measure);
  const done = doneColumn(measure);
  const max = Math.max(1, ...rows.map((r) => r[total]));
  const barW = WIDTH - LABEL_W - VALUE_W;
  const height = TOP * 2 + rows.length * ROW_H;
  const colors = CHART_COLORS[measure];
  const x = (n: number) => (n / max) * barW;

  return (
    <figure className="plan-chart" data-testid={`plan-chart-${measure}`}>
      <h3>{t('plan.chart.title', { measure: measureName })}</h3>
      <ul className="plan-legend" aria-hidden="true">
        <li>
          <span className="plan-swatch" style={{ background: colors.planned }} />
          {t('plan.planned')}
        </li>
        <li>
          <span className="plan-swatch" style={{ background: colors.done }} />
          {t('plan.done')}
        </li>
      </ul>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={t('plan.chart.label', { measure: measureName })}>
        {rows.map((r, i) => {
          const y = TOP + i * ROW_H;
          const selected = r.district_code === selectedCode;
          const label = t('plan.chart.bar', { district: nameOf(r), total: r[total], done: r[done] });
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut; the table of the same districts is the keyboard path
            <g key={r.district_code} className="plan-bar-row" data-code={r.district_code} onClick={() => onSelect(r.district_code)}>
              <title>{label}</title>
              <rect className="plan-bar-bg" x={0} y={y} width={WIDTH} height={ROW_H} fill={selected ? '#ffe0b2' : 'transparent'} />
              <text x={LABEL_W - 4} y={y + ROW_H / 2} textAnchor="end" dominantBaseline="central" fontSize={10} fill="#263238">
                {nameOf(r)}
              </text>
              <rect data-kind="planned" x={LABEL_W} y={y + 2} width={x(r[total])} height={ROW_H / 2 - 2} fill={colors.planned} />
              <rect data-kind="done" x={LABEL_W} y={y + ROW_H / 2} width={x(r[done])} height={ROW_H / 2 - 2} fill={colors.done} />
              <text x={LABEL_W + barW + 4} y={y + ROW_H / 2} dominantBaseline="central" fontSize={10} fill="#263238">
                {`${r[done].toLocaleString(locale)} / ${r[total].toLocaleString(locale)}`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
