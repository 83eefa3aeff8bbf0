/** The plan table as CSV text (UTF-8 BOM, neutralised cells), labels in the current language. */
import { planTableToRows, type PlanDistrictRow, type PlanTable } from '../../domain/plan';
import { toCsv } from '../../io/csvExport';

type T = (key: string, vars?: Record<string, string | number>) => string;

export function planExportHeader(t: T): string[] {
  const pct = (k: string) => `${t(k)} (%)`;
  return [
    t('plan.col.code'),
    t('plan.col.district'),
    t('plan.col.projectsTotal'),
    t('plan.col.projectsDone'),
    pct('plan.col.projectsRate'),
    t('plan.col.renminfangTotal'),
    t('plan.col.renminfangDone'),
    pct('plan.col.renminfangRate'),
    t('plan.col.liuyitingTotal'),
    t('plan.col.liuyitingDone'),
    pct('plan.col.liuyitingRate'),
    t('plan.col.dataRenminfang'),
    t('plan.col.dataLiuyiting'),
    t('plan.col.population'),
    t('plan.col.peoplePerRenminfang'),
    t('plan.col.peoplePerLiuyiting'),
    t('plan.col.peoplePerDataRenminfang'),
    t('plan.col.peoplePerDataLiuyiting'),
  ];
}

/** CSV of the table in the order given by `table.rows` (the on-screen order). */
export function planCsvText(table: PlanTable, t: T, nameOf: (r: PlanDistrictRow) => string): string {
  return toCsv(planTableToRows(table, planExportHeader(t), nameOf, t('plan.totals')));
}
