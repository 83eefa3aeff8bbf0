/**
 * Map a file's column headers (Chinese or English, as planners write them) to the
 * fields the importer understands. Exact synonyms map with certainty; a header that
 * merely contains a synonym ("设施经度WGS84") is a guess a person should confirm.
 * Also reads a coordinate-system hint from headers, e.g. "经度(高德)" or "lng_bd09".
 */
import type { Crs, FieldKey, HeaderDetection, HeaderMapping } from './importTypes';

/** Synonyms per field, already normalised (see normHeader). Order = preference. */
export const FIELD_SYNONYMS: Record<FieldKey, readonly string[]> = {
  id: ['id', 'fid', 'uid', '编号', '设施编号', '项目编号', '点位编号', '小区编号', '代码编号'],
  name: [
    '名称', 'name', '设施名称', '项目名称', '名字', '站点名称', '点位名称', '设施名', '机构名称',
    '人民坊名称', '六艺亭名称', '小区名称', '小区', '小区名', '居住区', '居住区名称', '楼盘名称', 'title',
    'facility', 'facilityname', 'poi', 'poiname',
  ],
  lng: ['经度', 'lng', 'lon', 'long', 'longitude', 'x', '东经', '经度坐标', 'x坐标', 'wgs84lng', 'gcjlng', 'bdlng'],
  lat: ['纬度', 'lat', 'latitude', 'y', '北纬', '纬度坐标', 'y坐标', 'wgs84lat', 'gcjlat', 'bdlat'],
  coords: ['坐标', '经纬度', '经纬度坐标', '位置坐标', 'coordinates', 'coordinate', 'coords', 'location', 'lnglat', 'lonlat', '坐标点'],
  type: ['类型', '设施类型', 'type', '设施种类', 'kind', '类型名称', '层级', '设施层级'],
  category: [
    '服务类别', 'category', 'categories', '类别', '服务类型', '服务内容', '服务功能', '功能', '服务', '功能类别',
    '设施类别', 'service', 'services', '服务项目',
  ],
  status: ['状态', 'status', '建设状态', '进度', '建设进度', '运营状态', '项目状态', '实施状态'],
  district: ['区', 'district', '所属区', '区县', '行政区', '所在区', '区名', '所属区县', '区域', '所属行政区'],
  street: ['街镇', 'street', '街道', '所属街镇', '街道镇', '街道乡镇', '乡镇', '镇', 'town', 'subdistrict', '所在街镇', '所属街道', '街镇名称'],
  address: ['地址', 'address', '详细地址', '位置', 'addr', '所在地址', '门牌地址', '具体地址', '项目地址'],
  population: ['人口', 'population', '常住人口', '人数', '居住人口', 'pop', 'residents', '人口数', '户籍人口', '实有人口'],
  households: ['户数', 'households', '住户', '户', 'hh', '总户数', '住户数', '居民户数', '套数'],
  village: [
    '居委会名称', '居委会', '居委', '居委名称', '居村委', '居村委会', '居村委名称', '村居委会', '村居委', '村居', '居村',
    '所属居委', '所属居委会', '所属居村委', '所在居委', '所在居委会', '村委会', '村委会名称', '行政村', '村',
    'village', 'villagename', 'committee', 'neighborhood', 'neighbourhood', 'residentscommittee', 'juweihui',
  ],
  villageCode: [
    '居委代码', '居委会代码', '居委编码', '居委会编码', '居村委代码', '居村代码', '村居代码', '村委会代码', '居委统计代码',
    '统计用区划代码', '区划代码', 'villagecode', 'committeecode', 'juweihuicode',
  ],
};

/** Fields that can never be guessed from a substring (too short, ambiguous). */
const NO_SUBSTRING = new Set(['x', 'y', 'id', '区', '镇', '户', '位置', 'pop', 'lon', 'long', 'poi', '服务', '功能']);

export const FACILITY_FIELDS: readonly FieldKey[] = [
  'id', 'name', 'lng', 'lat', 'coords', 'type', 'category', 'status', 'district', 'street', 'address', 'village', 'villageCode',
];
export const POPULATION_FIELDS: readonly FieldKey[] = ['id', 'name', 'lng', 'lat', 'coords', 'population', 'households', 'district', 'street', 'address'];

const BRACKETS = /[(（[【{<《]([^)）\]】}>》]*)[)）\]】}>》]/g;

/** Lower-case, NFKC (full-width to ASCII), no spaces, brackets and their content removed. */
export function normHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(BRACKETS, '')
    .replace(/[\s*:：_\-./\\、]+/g, '')
    .trim();
}

const CRS_PATTERNS: readonly { crs: Crs; re: RegExp }[] = [
  { crs: 'bd09', re: /bd-?09|百度|baidu|bmap/i },
  { crs: 'gcj02', re: /gcj-?02|gcj|高德|amap|腾讯|tencent|火星|qq地图/i },
  { crs: 'wgs84', re: /wgs-?84|4326|\bgps\b|天地图|osm/i },
];

/** A coordinate system named in a text (header or file name), or null. */
export function crsHintOf(text: string): Crs | null {
  const t = text.normalize('NFKC');
  for (const p of CRS_PATTERNS) if (p.re.test(t)) return p.crs;
  return null;
}

interface Candidate {
  field: FieldKey;
  col: number;
  /** lower is better: 0 exact (by synonym rank), 100+ substring */
  score: number;
}

function candidatesFor(header: string, col: number, fields: readonly FieldKey[]): Candidate[] {
  const n = normHeader(header);
  if (!n) return [];
  const out: Candidate[] = [];
  for (const field of fields) {
    const syns = FIELD_SYNONYMS[field];
    const exact = syns.indexOf(n);
    if (exact >= 0) {
      out.push({ field, col, score: exact });
      continue;
    }
    // loose: header contains a synonym (e.g. "设施经度", "facility_name", "lng_gcj02")
    let best = Infinity;
    for (const s of syns) {
      if (NO_SUBSTRING.has(s) || s.length < 2) continue;
      if (n.includes(s)) best = Math.min(best, 100 + (n.length - s.length));
    }
    // english prefix/suffix like "lng84", "lat_wgs" (normalised to "lngwgs")
    for (const s of ['lng', 'lat', 'lon']) {
      const want = s === 'lat' ? 'lat' : 'lng';
      if (field === want && (n.startsWith(s) || n.endsWith(s)) && n.length <= s.length + 6) best = Math.min(best, 150);
    }
    if (best < Infinity) out.push({ field, col, score: best });
  }
  return out;
}

/**
 * How many known fields a header row maps to (used to find the header row). One cell serves
 * one field, so a title cell such as "2024 年各居委常住人口" (居委 + 人口) counts once.
 */
export function headerScore(cells: readonly string[], fields: readonly FieldKey[]): number {
  const found = new Set<FieldKey>();
  let cellsWithField = 0;
  cells.forEach((c, i) => {
    const cands = candidatesFor(c, i, fields);
    if (cands.length > 0) cellsWithField++;
    for (const cand of cands) found.add(cand.field);
  });
  return Math.min(found.size, cellsWithField);
}

/** Name blank or repeated headers so every column has a unique key. */
export function uniqueHeaders(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    let h = c.trim() || `列${i + 1}`;
    const n = seen.get(h) ?? 0;
    seen.set(h, n + 1);
    if (n > 0) h = `${h}(${n + 1})`;
    return h;
  });
}

/**
 * Map headers to fields. Each field takes its best column, each column serves one
 * field. `required` lists alternatives: e.g. [['name'], ['lng','lat'] | ['coords']].
 */
export function mapHeaders(
  headers: readonly string[],
  fields: readonly FieldKey[],
  required: readonly (readonly FieldKey[])[][],
  fileName = '',
  headerLine = 1,
): HeaderDetection {
  const cands = headers.flatMap((h, i) => candidatesFor(h, i, fields));
  cands.sort((a, b) => a.score - b.score || a.col - b.col);
  const mapping: HeaderMapping = {};
  const usedCols = new Set<number>();
  const guessed: FieldKey[] = [];
  for (const c of cands) {
    if (mapping[c.field] !== undefined || usedCols.has(c.col)) continue;
    mapping[c.field] = headers[c.col];
    usedCols.add(c.col);
    if (c.score >= 100) guessed.push(c.field);
  }
  // a combined coordinate column is only used when separate lng/lat are absent
  if (mapping.lng !== undefined && mapping.lat !== undefined && mapping.coords !== undefined) {
    delete mapping.coords;
    const gi = guessed.indexOf('coords');
    if (gi >= 0) guessed.splice(gi, 1);
  }
  const missing = missingRequired(mapping, required);
  let crsHint: Crs | null = null;
  for (const f of ['lng', 'lat', 'coords'] as const) {
    const h = mapping[f];
    if (h && !crsHint) crsHint = crsHintOf(h);
  }
  if (!crsHint) crsHint = crsHintOf(fileName);
  const essential = new Set<FieldKey>(required.flat(2));
  return {
    headers: [...headers],
    mapping,
    unsure: missing.length > 0 || guessed.some((f) => essential.has(f)),
    guessed,
    missing,
    crsHint,
    headerLine,
  };
}

/** Required fields not satisfied; each requirement is a list of alternatives (all of one alternative needed). */
export function missingRequired(mapping: HeaderMapping, required: readonly (readonly FieldKey[])[][]): FieldKey[] {
  const missing: FieldKey[] = [];
  for (const alternatives of required) {
    const ok = alternatives.some((alt) => alt.every((f) => mapping[f] !== undefined));
    if (!ok) for (const f of alternatives[0]) if (mapping[f] === undefined) missing.push(f);
  }
  return missing;
}

export const FACILITY_REQUIRED: readonly (readonly FieldKey[])[][] = [[['name']], [['lng', 'lat'], ['coords']]];
export const POPULATION_REQUIRED: readonly (readonly FieldKey[])[][] = [
  [['lng', 'lat'], ['coords']],
  [['population'], ['households']],
];
