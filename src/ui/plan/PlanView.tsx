/**
 * The 2025 plan view: the annex table per district with completion rates (sortable,
 * totals row), planned-vs-done bar charts, the plan against the loaded facility data,
 * residents per 人民坊 / 六艺亭 (2020 census), district details and the CSV export.
 * The selected district is the view store's selection, so the map and the URL follow it.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  buildPlanTable,
  countFacilitiesByDistrict,
  DISTRICT_NAMES_EN,
  PLAN_MEASURES,
  sortPlanRows,
  type DistrictFacilityCounts,
  type PlanDistrictRow,
  type PlanSortKey,
} from '../../domain/plan';
import { useDataStore, selectShowsSynthetic } from '../../state/dataStore';
import { useViewStore } from '../../state/viewStore';
import { useT } from '../../state/useT';
import { PlanTable } from './PlanTable';
import { PlanPeoplePer } from './PlanPeoplePer';
import { usePlanViewStore } from '../../state/planViewStore';
import { PlanBarChart } from './PlanBarChart';
import { PlanDistrictDetail } from './PlanDistrictDetail';
import { PlanLegend } from './PlanLegend';
import { planCsvText } from '../../report/planExport';
import { downloadText } from '../download';
import { DetailsPanel } from '../DetailsPanel';
import './plan.css';
import { localeOf, pick } from '../../domain/lang';

const EMPTY_COUNTS: DistrictFacilityCounts = {
  renminfang: { total: 0, byStatus: { planned: 0, building: 0, open: 0 } },
  liuyiting: { total: 0, byStatus: { planned: 0, building: 0, open: 0 } },
};

export function PlanView() {
  const t = useT();
  const { plan, districts, facilities, status } = useDataStore(
    useShallow((s) => ({ plan: s.plan, districts: s.districts, facilities: s.facilities, status: s.status })),
  );
  const synthetic = useDataStore(selectShowsSynthetic);
  const { lang, selection, select } = useViewStore(useShallow((s) => ({ lang: s.lang, selection: s.selection, select: s.select })));
  const { sort, setSort } = usePlanViewStore(useShallow((s) => ({ sort: s.sort, setSort: s.setSort })));
  const locale = localeOf(lang);

  const population = useMemo(
    () => (districts?.features ?? []).map((f) => ({ district_code: f.properties.code, population_2020: f.properties.population_2020 })),
    [districts],
  );
  const namesEn = useMemo(() => {
    const m = new Map<string, string>();
    for (const f of districts?.features ?? []) if (f.properties.name_en) m.set(f.properties.code, f.properties.name_en);
    return m;
  }, [districts]);
  const table = useMemo(() => buildPlanTable(plan, population, facilities), [plan, population, facilities]);
  const nameOf = useMemo(
    () => (r: PlanDistrictRow) => pick(lang, { zh: r.district, en: namesEn.get(r.district_code) ?? DISTRICT_NAMES_EN[r.district_code] ?? r.district }),
    [lang, namesEn],
  );
  const rows = useMemo(() => (sort ? sortPlanRows(table.rows, sort.key, sort.dir) : table.rows), [table, sort]);

  const selectedCode = selection?.kind === 'district' ? selection.id : null;
  const selectedRow = selectedCode ? (table.rows.find((r) => r.district_code === selectedCode) ?? null) : null;
  const districtFacilities = useMemo(
    () =>
      selectedCode
        ? facilities
            .filter((f) => f.district === selectedCode && (f.type === 'renminfang' || f.type === 'liuyiting'))
            .sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name, locale))
        : [],
    [facilities, selectedCode, locale],
  );
  const counts = useMemo(
    () => (selectedCode ? (countFacilitiesByDistrict(districtFacilities).get(selectedCode) ?? EMPTY_COUNTS) : EMPTY_COUNTS),
    [districtFacilities, selectedCode],
  );

  if (plan.length === 0) return <p className="plan-note">{status === 'error' ? t('loadError') : t('loading')}</p>;

  const onSort = (key: PlanSortKey) =>
    setSort(sort?.key === key ? { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' });
  const onSelect = (code: string) => select({ kind: 'district', id: code });
  const onExport = () => downloadText(t('plan.exportFile'), planCsvText({ ...table, rows }, t, nameOf));
  const { unassigned } = table;

  return (
    <section className="plan-view" aria-labelledby="plan-title" data-testid="plan-view">
      <h2 id="plan-title">{t('plan.title')}</h2>
      <p className="plan-source">{t('plan.source')}</p>
      <div className="plan-toolbar">
        <button type="button" onClick={onExport} data-testid="plan-export">
          {t('plan.export')}
        </button>
      </div>
      {selection?.kind === 'facility' && <DetailsPanel />}
      {selectedRow ? (
        <PlanDistrictDetail
          row={selectedRow}
          name={nameOf(selectedRow)}
          counts={counts}
          facilities={districtFacilities}
          synthetic={synthetic}
          t={t}
          locale={locale}
          onClose={() => select(null)}
        />
      ) : (
        <p className="plan-note">{t('plan.detail.hint')}</p>
      )}
      <PlanTable
        rows={rows}
        totals={table.totals}
        nameOf={nameOf}
        t={t}
        locale={locale}
        sort={sort}
        onSort={onSort}
        selectedCode={selectedCode}
        onSelect={onSelect}
      />
      <p className="plan-note">{t('plan.vsData.note')}</p>
      {unassigned.renminfang.total + unassigned.liuyiting.total > 0 && (
        <p className="plan-note" data-testid="plan-unassigned">
          {t('plan.vsData.unassigned', { renminfang: unassigned.renminfang.total, liuyiting: unassigned.liuyiting.total })}
        </p>
      )}
      <PlanPeoplePer rows={rows} totals={table.totals} nameOf={nameOf} t={t} locale={locale} />
      <p className="plan-note" data-testid="plan-per-note">{t('plan.peoplePer.note')}</p>
      <PlanLegend t={t} />
      <div className="plan-charts">
        {PLAN_MEASURES.map((m) => (
          <PlanBarChart key={m} measure={m} rows={rows} nameOf={nameOf} t={t} locale={locale} selectedCode={selectedCode} onSelect={onSelect} />
        ))}
      </div>
    </section>
  );
}
