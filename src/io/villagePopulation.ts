/**
 * Population per 居委会 / 村委会: a table such as 街道 statistics give (居委会名称, 居委代码,
 * 常住人口, optionally 区 and 街镇), joined to the 2023 list by code or name
 * (src/io/villageJoin.ts) and summed per 街镇 and district, the district sums set beside
 * the 2020 census. The list has no outlines, so the figures cannot be placed inside a
 * 街镇: they can replace the population of 街镇 planning units (an imported 街镇 layer,
 * whose unit ids are the 9-digit 街镇 codes) and be compared with the census; they do not
 * reach hexagon units. Pure; runs in the import worker.
 */
import type { UnitCollection } from '../domain/types';
import { pick, type Lang } from '../domain/lang';
import { parseCount } from './coordText';
import { toCsv, type CsvCell } from './csvExport';
import { SHANGHAI_DISTRICTS, parseDistrict, type Street } from './facilityFields';
import type { EncodingChoice, EncodingDetection, FieldKey, FileNotice, HeaderDetection, HeaderMapping, ImportSummary, RejectedRow, VillageJoinReport } from './importTypes';
import { IssueLog, cellOf, readTable } from './rowReader';
import { createVillageIndex, type Village } from './villageJoin';
import { VillageJoiner } from './villageRows';

export const VILLAGE_POPULATION_FIELDS: readonly FieldKey[] = ['village', 'villageCode', 'district', 'street', 'population'];
export const VILLAGE_POPULATION_REQUIRED: readonly (readonly FieldKey[])[][] = [[['village'], ['villageCode']], [['population']]];

export interface VillagePopulationOptions {
  encoding?: EncodingChoice;
  headerMapping?: HeaderMapping;
  fileName?: string;
  source: string;
  villages: readonly Village[];
  streets?: readonly Street[];
  /** 2020 census per district code (districts.geojson population_2020) */
  census?: Readonly<Record<string, number>>;
  onProgress?: (done: number, total: number) => void;
}

export interface VillagePopulationRow {
  line: number;
  /** the committee as listed */
  code: string;
  name: string;
  street: string;
  district: string;
  population: number;
}

export interface AreaPopulation {
  code: string;
  name: string;
  /** sum of the file's matched committees */
  population: number;
  /** committees of this area in the file (matched) */
  villages: number;
  /** committees of this area in the 2023 list */
  listed: number;
}

export interface DistrictPopulation extends AreaPopulation {
  /** 2020 census (null when not known) */
  census2020: number | null;
}

export interface VillagePopulationResult {
  rows: VillagePopulationRow[];
  /** every row not used: no such 居委, ambiguous, unreadable figure, the same 居委 twice */
  rejected: RejectedRow[];
  join: VillageJoinReport;
  notices: FileNotice[];
  summary: ImportSummary;
  detected: { encoding: EncodingDetection; delimiter: string; header: HeaderDetection };
  streets: AreaPopulation[];
  districts: DistrictPopulation[];
  totalPopulation: number;
  source: string;
}

export function parseVillagePopulationFile(bytes: Uint8Array, opts: VillagePopulationOptions): VillagePopulationResult {
  const progress = (f: number) => opts.onProgress?.(Math.round(f * 1000), 1000);
  const rt = readTable(bytes, VILLAGE_POPULATION_FIELDS, VILLAGE_POPULATION_REQUIRED, {
    encoding: opts.encoding,
    headerMapping: opts.headerMapping,
    fileName: opts.fileName,
    onProgress: (f) => progress(0.5 * f),
  });
  const { table, header } = rt;
  const h = header.mapping;
  const nameIndex = rt.col.village;
  const log = new IssueLog(table.headers, nameIndex);
  const index = createVillageIndex(opts.villages, opts.streets);
  const joiner = new VillageJoiner(index, table.headers, { name: h.village ?? '', code: h.villageCode ?? '' }, nameIndex);
  const rows: VillagePopulationRow[] = [];
  const seen = new Map<string, number>();
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r];
    if (r % 1000 === 0) progress(0.5 + 0.45 * (r / table.rows.length));
    if (header.missing.length > 0) {
      log.reject(row, '', { code: header.missing.includes('population') ? 'population-missing' : 'village-missing', params: { value: '' } });
      continue;
    }
    if (row.quoteError) {
      log.reject(row, '', { code: 'quote-error', params: { message: row.quoteError } });
      continue;
    }
    const popCell = cellOf(rt, row, 'population');
    const pop = parseCount(popCell);
    if (!popCell) {
      log.reject(row, h.population ?? '', { code: 'population-missing' });
      continue;
    }
    if (!Number.isFinite(pop) || pop < 0) {
      log.reject(row, h.population ?? '', { code: 'population-invalid', params: { value: popCell.slice(0, 80) } });
      continue;
    }
    const districtCell = cellOf(rt, row, 'district');
    const v = joiner.join(row, {
      name: cellOf(rt, row, 'village'),
      code: cellOf(rt, row, 'villageCode'),
      district: districtCell ? parseDistrict(districtCell) : null,
      street: cellOf(rt, row, 'street') || null,
    }, { countEmpty: true });
    if (!v) continue;
    const first = seen.get(v.code);
    if (first !== undefined) {
      joiner.rejectJoined(row, h.village ?? h.villageCode ?? '', 'village-duplicate', { otherLine: first, listed: index.describe(v) });
      continue;
    }
    seen.set(v.code, row.line);
    rows.push({ line: row.line, code: v.code, name: v.name, street: v.street, district: v.district, population: Math.round(pop) });
  }
  const join = joiner.report();
  const rejected = [...log.rejected, ...join.unmatched].sort((a, b) => a.line - b.line);

  const streetAgg = new Map<string, AreaPopulation>();
  const districtAgg = new Map<string, DistrictPopulation>();
  for (const r of rows) {
    let s = streetAgg.get(r.street);
    if (!s) streetAgg.set(r.street, (s = { code: r.street, name: index.street(r.street)?.name ?? r.street, population: 0, villages: 0, listed: index.countIn(r.street) }));
    s.population += r.population;
    s.villages++;
    let d = districtAgg.get(r.district);
    if (!d) {
      const name = SHANGHAI_DISTRICTS.find((x) => x.code === r.district)?.zh ?? r.district;
      districtAgg.set(r.district, (d = { code: r.district, name, population: 0, villages: 0, listed: index.countIn(r.district), census2020: opts.census?.[r.district] ?? null }));
    }
    d.population += r.population;
    d.villages++;
  }
  const notices = rt.notices.filter((n) => n.code !== 'crs-applied');
  progress(1);
  return {
    rows,
    rejected,
    join,
    notices,
    summary: { rows: table.rows.length, loaded: rows.length, rejected: rejected.length, warned: new Set(join.notes.map((n) => n.line)).size, blankLines: table.blankLines },
    detected: { encoding: rt.encoding, delimiter: table.delimiter, header },
    streets: [...streetAgg.values()].sort((a, b) => a.code.localeCompare(b.code)),
    districts: [...districtAgg.values()].sort((a, b) => a.code.localeCompare(b.code)),
    totalPopulation: rows.reduce((s, r) => s + r.population, 0),
    source: opts.source,
  };
}

/** pop_source of a 街镇 unit whose population is the sum of its committees: the prefix, then the file's label. */
export const VILLAGE_POP_SOURCE = '居委人口 ';

export interface VillageUnitsResult {
  units: UnitCollection;
  /** 街镇 units that got the sum of their committees */
  updated: number;
  /** 街镇 with figures in the file but no unit in the layer */
  streetsWithoutUnit: number;
  /** of the updated ones: 街镇 where the file has fewer committees than the list (the sum may be low) */
  partial: number;
}

/** Units whose id is a 9-digit 街镇 code (an imported 街镇 layer). */
export function streetUnitCount(units: UnitCollection | null): number {
  return units ? units.features.filter((f) => /^31\d{7}$/.test(f.properties.id)).length : 0;
}

/**
 * 街镇 units (id = 9-digit 街镇 code) get pop_est = the sum of their committees in the file
 * and pop_source "居委人口 …"; other units keep theirs.
 */
export function applyVillagePopulationToUnits(units: UnitCollection, result: Pick<VillagePopulationResult, 'streets' | 'source'>): VillageUnitsResult {
  const byStreet = new Map(result.streets.map((s) => [s.code, s]));
  const used = new Set<string>();
  let partial = 0;
  const features = units.features.map((f) => {
    const s = byStreet.get(f.properties.id);
    if (!s) return f;
    used.add(s.code);
    if (s.villages < s.listed) partial++;
    return { ...f, properties: { ...f.properties, pop_est: s.population, pop_source: `${VILLAGE_POP_SOURCE}${result.source}` } };
  });
  return { units: { ...units, features }, updated: used.size, streetsWithoutUnit: result.streets.length - used.size, partial };
}

/** The sums as CSV (BOM, formula-safe): one row per district, then per 街镇. */
export function villagePopulationCsv(result: VillagePopulationResult, lang: Lang = 'zh'): string {
  const head = pick(lang, {
    zh: ['层级', '代码', '名称', '文件中的居村委', '名录中的居村委', '常住人口（文件合计）', '2020 年普查人口', '文件 / 普查'],
    en: ['level', 'code', 'name', 'committees in file', 'committees in list', 'population (file sum)', 'census 2020', 'file / census'],
  });
  const level = pick(lang, { zh: { district: '区', street: '街镇' }, en: { district: 'district', street: 'street' } });
  const rows: CsvCell[][] = [head];
  for (const d of result.districts) {
    const ratio = d.census2020 ? Math.round((1000 * d.population) / d.census2020) / 10 : null;
    rows.push([level.district, d.code, d.name, d.villages, d.listed, d.population, d.census2020, ratio === null ? '' : `${ratio}%`]);
  }
  for (const s of result.streets) rows.push([level.street, s.code, s.name, s.villages, s.listed, s.population, null, '']);
  return toCsv(rows);
}
