/**
 * The plan table as CSV (UTF-8 BOM, formula-safe cells): header first, districts in the
 * order given, the totals row last. The columns are declared once below: each one's label
 * (a dictionary key) and its cell, so the header and the rows cannot drift apart.
 * Rates are percentages with one decimal, residents per facility rounded.
 */
import type { PlanDistrictRow, PlanTable } from '../domain/plan';
import type { Key } from '../i18n';
import { toCsv, type CsvCell } from '../io/csvExport';

/** The line being written: the row, and the code and name it is labelled with (totals: '' and 合计). */
interface Line {
  row: PlanDistrictRow;
  code: string;
  name: string;
}

interface PlanColumn {
  label: Key;
  /** header says "(%)" after the label */
  percent?: true;
  cell: (l: Line) => CsvCell;
}

/** A rate as a percentage with one decimal (0.85452 → 85.5), for spreadsheets. */
const rate = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 10);
const int = (v: number | null): number | null => (v === null ? null : Math.round(v));

const PLAN_EXPORT_COLUMNS: readonly PlanColumn[] = [
  { label: 'plan.col.code', cell: (l) => l.code },
  { label: 'plan.col.district', cell: (l) => l.name },
  { label: 'plan.col.projectsTotal', cell: (l) => l.row.projects_total },
  { label: 'plan.col.projectsDone', cell: (l) => l.row.projects_done_2025 },
  { label: 'plan.col.projectsRate', percent: true, cell: (l) => rate(l.row.projects_rate) },
  { label: 'plan.col.renminfangTotal', cell: (l) => l.row.renminfang_total },
  { label: 'plan.col.renminfangDone', cell: (l) => l.row.renminfang_done_2025 },
  { label: 'plan.col.renminfangRate', percent: true, cell: (l) => rate(l.row.renminfang_rate) },
  { label: 'plan.col.liuyitingTotal', cell: (l) => l.row.liuyiting_total },
  { label: 'plan.col.liuyitingDone', cell: (l) => l.row.liuyiting_done_2025 },
  { label: 'plan.col.liuyitingRate', percent: true, cell: (l) => rate(l.row.liuyiting_rate) },
  { label: 'plan.col.dataRenminfang', cell: (l) => l.row.data_renminfang },
  { label: 'plan.col.dataLiuyiting', cell: (l) => l.row.data_liuyiting },
  { label: 'plan.col.population', cell: (l) => l.row.population_2020 },
  { label: 'plan.col.peoplePerRenminfang', cell: (l) => int(l.row.people_per_renminfang) },
  { label: 'plan.col.peoplePerLiuyiting', cell: (l) => int(l.row.people_per_liuyiting) },
  { label: 'plan.col.peoplePerDataRenminfang', cell: (l) => int(l.row.people_per_data_renminfang) },
  { label: 'plan.col.peoplePerDataLiuyiting', cell: (l) => int(l.row.people_per_data_liuyiting) },
];

/** Cell values, header first and the totals row last; rows in the order of `table.rows`. */
export function planTableToRows(
  table: PlanTable,
  t: (key: Key) => string,
  nameOf: (r: PlanDistrictRow) => string,
): CsvCell[][] {
  const line = (l: Line) => PLAN_EXPORT_COLUMNS.map((c) => c.cell(l));
  return [
    PLAN_EXPORT_COLUMNS.map((c) => (c.percent ? `${t(c.label)} (%)` : t(c.label))),
    ...table.rows.map((row) => line({ row, code: row.district_code, name: nameOf(row) })),
    line({ row: table.totals, code: '', name: t('plan.totals') }),
  ];
}

/** The CSV text of `planTableToRows`. */
export function planCsvText(table: PlanTable, t: (key: Key) => string, nameOf: (r: PlanDistrictRow) => string): string {
  return toCsv(planTableToRows(table, t, nameOf));
}
