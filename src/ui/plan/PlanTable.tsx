/**
 * The plan table: one row per district, the totals row (equal to the annex) in the
 * footer, sortable by every column (buttons in the headings, aria-sort on the sorted one).
 */
import { useEffect, useRef, useState } from 'react';
import { formatRate, type PlanDistrictRow, type PlanSort, type PlanSortKey } from '../../domain/plan';

import type { Translate as T } from '../../i18n';
import type { PlanRowsProps } from './PlanPeoplePer';

interface Column {
  key: PlanSortKey;
  /** full label (accessible name of the sort button, CSV header) */
  label: string;
  /** short label shown under a group heading */
  short: string;
  groupStart?: boolean;
}

function columns(t: T): { group: string | null; cols: Column[] }[] {
  const hub = (m: 'renminfang' | 'liuyiting'): Column[] => [
    { key: `${m}_total`, label: t(`plan.col.${m}Total`), short: t('plan.short.planned'), groupStart: true },
    { key: `${m}_done_2025`, label: t(`plan.col.${m}Done`), short: t('plan.short.done') },
    { key: `${m}_rate`, label: t(`plan.col.${m}Rate`), short: t('plan.short.rate') },
    { key: `data_${m}`, label: t(`plan.col.data${m === 'renminfang' ? 'Renminfang' : 'Liuyiting'}`), short: t('plan.short.data') },
    // residents per hub: a table of its own (PlanPeoplePer), with both denominators
  ];
  return [
    { group: null, cols: [{ key: 'district', label: t('plan.col.district'), short: t('plan.col.district') }] },
    {
      group: t('plan.group.projects'),
      cols: [
        { key: 'projects_total', label: t('plan.col.projectsTotal'), short: t('plan.short.planned'), groupStart: true },
        { key: 'projects_done_2025', label: t('plan.col.projectsDone'), short: t('plan.short.done') },
        { key: 'projects_rate', label: t('plan.col.projectsRate'), short: t('plan.short.rate') },
      ],
    },
    { group: t('plan.group.renminfang'), cols: hub('renminfang') },
    { group: t('plan.group.liuyiting'), cols: hub('liuyiting') },
  ];
}

interface Props extends PlanRowsProps {
  sort: PlanSort | null;
  onSort: (key: PlanSortKey) => void;
  selectedCode: string | null;
  onSelect: (code: string) => void;
}

export function PlanTable({ rows, totals, nameOf, t, locale, sort, onSort, selectedCode, onSelect }: Props) {
  const groups = columns(t);
  const int = (n: number | null) => (n === null ? t('plan.none') : Math.round(n).toLocaleString(locale));

  const dataCell = (r: PlanDistrictRow, m: 'renminfang' | 'liuyiting') => {
    const differs = m === 'renminfang' ? r.renminfang_differs : r.liuyiting_differs;
    const data = m === 'renminfang' ? r.data_renminfang : r.data_liuyiting;
    const plan = m === 'renminfang' ? r.renminfang_total : r.liuyiting_total;
    const line = t('plan.vsData.line', { plan, type: t(`plan.group.${m}`), data });
    return (
      <td key={`data_${m}`} className={differs ? 'plan-differs' : undefined} title={line} data-differs={differs ? 'true' : 'false'}>
        {data.toLocaleString(locale)}
        {differs && <span aria-hidden="true"> ⚠</span>}
        {differs && <span className="plan-sr-only"> ({t('plan.vsData.differs')})</span>}
      </td>
    );
  };

  const cells = (r: PlanDistrictRow) =>
    groups.slice(1).flatMap((g) =>
      g.cols.map((c) => {
        const cls = c.groupStart ? 'plan-group-start' : undefined;
        if (c.key === 'data_renminfang') return dataCell(r, 'renminfang');
        if (c.key === 'data_liuyiting') return dataCell(r, 'liuyiting');
        const v = r[c.key as keyof PlanDistrictRow] as number | null;
        const text = c.key.endsWith('_rate') ? formatRate(v) : int(v);
        return (
          <td key={c.key} className={cls}>
            {text}
          </td>
        );
      }),
    );

  const ariaSort = (key: PlanSortKey): 'ascending' | 'descending' | undefined =>
    sort?.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  const arrow = (key: PlanSortKey) => (sort?.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '');

  const wrap = useRef<HTMLElement>(null);
  const overflow = useOverflow(wrap);
  return (
    <>
    {overflow && <p className="plan-scroll-hint" data-testid="plan-scroll-hint">{t('plan.table.scrollHint')}</p>}
    {/* a labelled region: the table inside may scroll sideways */}
    <section className={`plan-table-wrap${overflow ? ' overflowing' : ''}`} ref={wrap} aria-label={t('plan.table.caption')}>
      <table className="plan-table" data-testid="plan-table">
        <caption>{t('plan.table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2} className="plan-col-district" aria-sort={ariaSort('district')}>
              <button type="button" className="plan-sort" onClick={() => onSort('district')} aria-label={t('plan.sortBy', { col: t('plan.col.district') })}>
                {t('plan.col.district')}
                {arrow('district')}
              </button>
            </th>
            {groups.slice(1).map((g) => (
              <th key={g.group} scope="colgroup" colSpan={g.cols.length} className="plan-group">
                {g.group}
              </th>
            ))}
          </tr>
          <tr>
            {groups.slice(1).flatMap((g) =>
              g.cols.map((c) => (
                <th key={c.key} scope="col" className={c.groupStart ? 'plan-group-start' : undefined} aria-sort={ariaSort(c.key)} title={c.label}>
                  <button type="button" className="plan-sort" onClick={() => onSort(c.key)} aria-label={t('plan.sortBy', { col: c.label })}>
                    {c.short}
                    {arrow(c.key)}
                  </button>
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const selected = r.district_code === selectedCode;
            return (
              <tr
                key={r.district_code}
                data-code={r.district_code}
                className={selected ? 'plan-selected' : undefined}
                onClick={() => onSelect(r.district_code)}
              >
                <th scope="row">
                  <button
                    type="button"
                    className="plan-district"
                    aria-pressed={selected}
                    onClick={(e) => {
                      e.stopPropagation();
                      onSelect(r.district_code);
                    }}
                  >
                    {nameOf(r)}
                  </button>
                </th>
                {cells(r)}
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr data-code="total">
            <th scope="row">{t('plan.totals')}</th>
            {cells(totals)}
          </tr>
        </tfoot>
      </table>
    </section>
    </>
  );
}

/** True while the element's content is wider than the element (so the table scrolls sideways). */
function useOverflow(ref: React.RefObject<HTMLElement | null>): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setOver(el.scrollWidth > el.clientWidth + 1);
    check();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(check);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => ro.disconnect();
  }, [ref]);
  return over;
}
