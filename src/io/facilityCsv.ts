/**
 * Facility CSV import: bytes of a planner's list (人民坊, 六艺亭, service facilities)
 * to WGS84 facilities, with every row that did not load kept with its line, column
 * and reason. Pure and synchronous: the browser runs it in src/worker/import.worker.ts,
 * the command line (scripts/analyze.ts) calls it directly.
 */
import type { Category, Facility, FacilityType } from '../domain/types';
import { createCategoryMatcher, splitCategories, type CategoryAliases } from './categoryMatch';
import type { RawPoint, Region } from './crs';
import { distanceM, nameKey } from './crs';
import {
  createStreetIndex,
  parseDistrict,
  parseFacilityStatus,
  parseFacilityType,
  typeFromName,
  type Street,
} from './facilityFields';
import { FACILITY_FIELDS, FACILITY_REQUIRED } from './headerMap';
import type { CrsChoice, EncodingChoice, FacilityImportResult, HeaderMapping, UnknownCategory } from './importTypes';
import { makeNotice } from './issueText';
import { IssueLog, cellOf, detectOffset, openTable, readRowPoint } from './rowReader';
import { createDistrictLocator } from './locate';
import { toCsv } from './csvExport';
import { pick, type Lang } from '../domain/lang';
import { createVillageIndex, type Village } from './villageJoin';
import { VillageJoiner } from './villageRows';

export interface FacilityImportOptions {
  encoding?: EncodingChoice;
  crs?: CrsChoice;
  categories: readonly Category[];
  /** dataset label stored on every facility, e.g. "设施清单.csv 2026-11-28 10:00" */
  source: string;
  /** the file's name (read for a coordinate-system hint) */
  fileName?: string;
  /** prefix of generated ids (default: derived from source) */
  idPrefix?: string;
  /** a mapping the user confirmed */
  headerMapping?: HeaderMapping;
  /** unknown category name -> category id, chosen by the user from the suggestions */
  categoryAliases?: CategoryAliases;
  /** category id for rows with no category (default: none; 人民坊 fall back to 'party') */
  defaultCategory?: string;
  /** loaded WGS84 facilities to compare names against (offset detection) */
  references?: readonly RawPoint[];
  /** district / 街镇 outlines keyed by code (offset detection) */
  regions?: readonly Region[];
  /** the 215 街镇 (names normalised to the official list when found) */
  streets?: readonly Street[];
  /** the 居委会 / 村委会 list: a 居委 column is joined to it (fills 街镇 and district; unmatched rows reported) */
  villages?: readonly Village[];
  /** progress: done of total (total is 1000) */
  onProgress?: (done: number, total: number) => void;
}

/** Same name within this distance = the same facility. */
export const DUPLICATE_RADIUS_M = 50;
const HUB_DEFAULT_CATEGORY = 'party';

function hashString(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** Cache a pure function of a cell's text: lists repeat the same few values. */
function memo<T>(fn: (cell: string) => T): (cell: string) => T {
  const cache = new Map<string, T>();
  return (cell) => {
    let v = cache.get(cell);
    if (v === undefined && !cache.has(cell)) {
      v = fn(cell);
      if (cache.size < 10_000) cache.set(cell, v);
    }
    return v as T;
  };
}

export function parseFacilityFile(bytes: Uint8Array, opts: FacilityImportOptions): FacilityImportResult {
  const progress = (f: number) => opts.onProgress?.(Math.round(f * 1000), 1000);
  // rows are streamed: a million-row file never exists as a table in memory
  const rt = openTable(bytes, FACILITY_FIELDS, FACILITY_REQUIRED, {
    encoding: opts.encoding,
    crs: opts.crs,
    headerMapping: opts.headerMapping,
    fileName: opts.fileName,
    onProgress: (f) => progress(0.9 * f),
  });
  const { header } = rt;
  const log = new IssueLog(rt.headers, rt.col.name);
  const matcher = createCategoryMatcher(opts.categories, opts.categoryAliases);
  const streets = opts.streets ? createStreetIndex(opts.streets) : null;
  const knownCategories = new Set(opts.categories.map((c) => c.id));
  const defaultCategory = opts.defaultCategory && knownCategories.has(opts.defaultCategory) ? opts.defaultCategory : null;
  const hubDefault = knownCategories.has(HUB_DEFAULT_CATEGORY) ? HUB_DEFAULT_CATEGORY : null;
  const unknownCats = new Map<string, number>();
  const idPrefix = opts.idPrefix ?? `imp-${hashString(opts.source)}`;
  const usedIds = new Set<string>();
  const kept: Facility[] = [];
  const dups = new DuplicateIndex();
  const evidence = (opts.references?.length ?? 0) > 0 || (opts.regions?.length ?? 0) > 0;
  // raw coordinates and 街镇 code per kept facility, for the offset detector (only when there is something to compare with)
  const detectPoints: { name: string; rawLng: number; rawLat: number; keys: string[] }[] = [];
  const h = header.mapping;
  const villageJoin = opts.villages && (h.village !== undefined || h.villageCode !== undefined)
    ? new VillageJoiner(createVillageIndex(opts.villages, opts.streets), rt.headers, { name: h.village ?? '', code: h.villageCode ?? '' }, rt.col.name)
    : null;
  const typeOf = memo(parseFacilityType);
  const statusOf = memo(parseFacilityStatus);
  const districtOf = memo(parseDistrict);
  const categoriesOf = memo((cell: string) => {
    const ids: string[] = [];
    const unknown: string[] = [];
    for (const n of splitCategories(cell)) {
      // one source category can be several of ours (养老托育 -> 养老服务 + 托育服务)
      const found = matcher.matchAll(n);
      if (found.length > 0) {
        for (const id of found) if (!ids.includes(id)) ids.push(id);
      } else unknown.push(n);
    }
    return { ids, unknown };
  });

  const missingCode = header.missing.includes('name') ? 'name-missing' : 'coord-missing';
  const shape = rt.rows((row) => {
    if (header.missing.length > 0) {
      // without the required columns no row can load: say so per row, keep nothing
      log.reject(row, '', { code: missingCode });
      return;
    }
    if (row.quoteError) {
      log.reject(row, '', { code: 'quote-error', params: { message: row.quoteError } });
      return;
    }
    const name = cellOf(rt, row, 'name');
    if (!name) {
      log.reject(row, h.name ?? '', { code: 'name-missing' });
      return;
    }
    const pt = readRowPoint(rt, row, log);
    if (!pt) return;
    if (row.cells.length > rt.headers.length) {
      const extra = row.cells.slice(rt.headers.length).filter((c) => c.trim() !== '').length;
      if (extra > 0) log.warn(row, '', 'extra-fields', { count: extra });
    }

    // type (a type column holding category names is read as categories)
    const typeCell = cellOf(rt, row, 'type');
    let type: FacilityType | null = typeCell ? typeOf(typeCell) : null;
    let catCell = cellOf(rt, row, 'category');
    if (typeCell && !type) {
      const asCategories = splitCategories(typeCell).map((c) => (matcher.matchAll(c).length > 0 ? c : null));
      if (!catCell && asCategories.length > 0 && asCategories.every((c) => c !== null)) catCell = typeCell;
      else log.warn(row, h.type ?? '', 'type-unknown', { value: typeCell });
    }
    if (!type) type = typeFromName(name) ?? 'embedded';

    // categories
    const parsedCats = categoriesOf(catCell);
    // the memoised list is shared by every row with the same cell (copied only when a default is added)
    let ids = parsedCats.ids;
    const unknown = parsedCats.unknown;
    for (const u of unknown) unknownCats.set(u, (unknownCats.get(u) ?? 0) + 1);
    if (unknown.length > 0) {
      const suggestion = matcher.suggestAll(unknown[0]).map((id) => opts.categories.find((c) => c.id === id)?.zh ?? id).join('、');
      const params = { value: unknown.join('、'), suggestion };
      if (ids.length === 0) {
        log.reject(row, h.category ?? h.type ?? '', { code: 'category-unknown', params });
        return;
      }
      log.warn(row, h.category ?? '', 'category-partly-unknown', params);
    }
    if (ids.length === 0) {
      if (defaultCategory) ids = [defaultCategory];
      else if (type === 'renminfang' && hubDefault) {
        ids = [hubDefault];
        log.warn(row, h.category ?? '', 'category-defaulted', {
          category: opts.categories.find((c) => c.id === hubDefault)?.zh ?? hubDefault,
        });
      } else {
        log.reject(row, h.category ?? '', { code: 'category-missing' });
        return;
      }
    }

    // status
    const statusCell = cellOf(rt, row, 'status');
    let status = statusCell ? statusOf(statusCell) : 'open';
    if (!status) {
      log.warn(row, h.status ?? '', 'status-unknown', { value: statusCell });
      status = 'open';
    }

    // district and 街镇
    const districtCell = cellOf(rt, row, 'district');
    let district = districtCell ? districtOf(districtCell) : null;
    if (districtCell && !district) log.warn(row, h.district ?? '', 'district-unknown', { value: districtCell });
    const streetCell = cellOf(rt, row, 'street');
    let street: string | undefined = streetCell || undefined;
    let streetCode: string | null = null;
    if (streetCell && streets) {
      const s = streets.find(streetCell, district ?? undefined);
      if (s) {
        street = s.name;
        streetCode = s.code;
        if (!district) district = s.district;
      } else log.warn(row, h.street ?? '', 'street-unknown', { value: streetCell });
    }

    // id
    const idCell = cellOf(rt, row, 'id');
    let id = `${idPrefix}-${idCell || `L${row.line}`}`;
    // ids made from the line are unique; only ids from the file's id column need checking
    if (idCell) {
      if (usedIds.has(id)) id = `${id}-L${row.line}`;
      usedIds.add(id);
    }

    const address = cellOf(rt, row, 'address');
    const facility: Facility = {
      id,
      name,
      type,
      categories: ids,
      status,
      district: district ?? '',
      lng: pt.lng,
      lat: pt.lat,
      source: opts.source,
      synthetic: row.synthetic === true,
    };
    if (street) facility.street = street;
    if (address) facility.address = address;

    // same name within 50 m of an earlier kept row: a duplicate (checked as rows arrive, in file order)
    const key = nameKey(name);
    const dup = dups.find(key, facility.lng, facility.lat);
    if (dup) {
      log.reject(row, '', { code: 'duplicate', params: { otherLine: dup.line, distance: Math.round(dup.d) } });
      return;
    }
    dups.add(key, facility.lng, facility.lat, row.line);
    // 居委 / 村: joined to the list; a match fills the 街镇 and district the row does not name
    if (villageJoin) {
      const v = villageJoin.join(row, {
        name: cellOf(rt, row, 'village'),
        code: cellOf(rt, row, 'villageCode'),
        district: district,
        street: streetCode ?? (streetCell || null),
      });
      if (v) {
        facility.village = v.name;
        if (!streetCode) {
          streetCode = v.street;
          facility.street = villageJoin.index.street(v.street)?.name ?? facility.street;
        }
        if (!facility.district) facility.district = v.district;
      }
    }
    kept.push(facility);
    if (evidence) detectPoints.push({ name, rawLng: pt.rawLng, rawLat: pt.rawLat, keys: [streetCode ?? '', facility.district].filter((k) => k !== '') });
  });
  const notices = [...rt.notices];
  if (h.status === undefined && shape.rowCount > 0) notices.push(makeNotice('no-status-column'));
  if (h.type === undefined && shape.rowCount > 0) notices.push(makeNotice('no-type-column'));

  progress(0.95);
  const { suggestion, notices: crsNotices } = detectOffset(rt, {
    points: detectPoints,
    count: kept.length,
    references: opts.references,
    regions: opts.regions,
  });
  notices.push(...crsNotices);
  // rows without a district get the one their point lies in (after detection: it must not feed it)
  if (opts.regions && opts.regions.length > 0 && kept.some((f) => !f.district)) {
    const locate = createDistrictLocator(opts.regions);
    for (const f of kept) if (!f.district) f.district = locate(f.lng, f.lat) ?? '';
  }

  const unknownCategories: UnknownCategory[] = [...unknownCats.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([value, count]) => {
      const suggestions = matcher.suggestAll(value);
      return { value, count, suggestion: suggestions[0] ?? null, suggestions };
    });
  log.rejected.sort((a, b) => a.line - b.line);
  log.warnings.sort((a, b) => a.line - b.line);
  progress(1);
  return {
    facilities: kept,
    rejected: log.rejected,
    warnings: log.warnings,
    notices,
    summary: {
      rows: shape.rowCount,
      loaded: kept.length,
      rejected: log.rejected.length,
      warned: log.warnedRowCount(),
      blankLines: shape.blankLines,
    },
    detected: {
      encoding: rt.encoding,
      delimiter: shape.delimiter,
      header,
      crsApplied: rt.crsApplied,
      crsWhy: rt.crsWhy,
      crsSuggestion: suggestion,
      unknownCategories,
    },
    ...(villageJoin ? { villageJoin: villageJoin.report() } : {}),
    source: opts.source,
  };
}

/**
 * Same name (normalised) within DUPLICATE_RADIUS_M of an earlier kept row = a duplicate.
 * A spatial hash per name: buckets of 0.001° cells (wider than 50 m both ways at Shanghai's
 * latitude; the 3 × 3 neighbourhood is searched) keyed by cell and name, so a file where
 * every row has the same name stays near-linear. The earliest kept row within the radius is
 * reported, as a scan in file order would.
 */
class DuplicateIndex {
  private static readonly CELL = 0.001;
  private readonly head = new Map<number, number>();
  private readonly next: number[] = [];
  private readonly keys: string[] = [];
  private readonly lng: number[] = [];
  private readonly lat: number[] = [];
  private readonly line: number[] = [];

  private static bucket(nameHash: number, cx: number, cy: number): number {
    return (Math.imul(nameHash, 31) ^ Math.imul(cx, 73856093) ^ Math.imul(cy, 19349663)) | 0;
  }

  find(key: string, lng: number, lat: number): { line: number; d: number } | null {
    const h = hashName(key);
    const cx = Math.floor(lng / DuplicateIndex.CELL);
    const cy = Math.floor(lat / DuplicateIndex.CELL);
    let best: { i: number; d: number } | null = null;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        for (let i = this.head.get(DuplicateIndex.bucket(h, cx + dx, cy + dy)) ?? -1; i >= 0; i = this.next[i]) {
          if (best && i > best.i) continue;
          if (this.keys[i] !== key || Math.abs(this.lat[i] - lat) > 0.0006 || Math.abs(this.lng[i] - lng) > 0.0007) continue;
          const d = distanceM(lng, lat, this.lng[i], this.lat[i]);
          if (d <= DUPLICATE_RADIUS_M) best = { i, d };
        }
      }
    return best ? { line: this.line[best.i], d: best.d } : null;
  }

  add(key: string, lng: number, lat: number, line: number): void {
    const i = this.keys.length;
    const b = DuplicateIndex.bucket(hashName(key), Math.floor(lng / DuplicateIndex.CELL), Math.floor(lat / DuplicateIndex.CELL));
    this.keys.push(key);
    this.lng.push(lng);
    this.lat.push(lat);
    this.line.push(line);
    this.next.push(this.head.get(b) ?? -1);
    this.head.set(b, i);
  }
}

function hashName(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Merge an import into what is loaded: same name within 50 m of a loaded facility is skipped and reported. */
export function mergeFacilities(
  loaded: readonly Facility[],
  incoming: readonly Facility[],
): { facilities: Facility[]; skipped: { facility: Facility; of: Facility; distanceM: number }[] } {
  const cell = 0.001;
  const buckets = new Map<string, Facility[]>();
  for (const f of loaded) {
    const key = `${nameKey(f.name)}|${Math.floor(f.lng / cell)}|${Math.floor(f.lat / cell)}`;
    const list = buckets.get(key);
    if (list) list.push(f);
    else buckets.set(key, [f]);
  }
  const ids = new Set(loaded.map((f) => f.id));
  const out = [...loaded];
  const skipped: { facility: Facility; of: Facility; distanceM: number }[] = [];
  for (const f of incoming) {
    const k = nameKey(f.name);
    const cx = Math.floor(f.lng / cell);
    const cy = Math.floor(f.lat / cell);
    let hit: { of: Facility; d: number } | null = null;
    for (let dx = -1; dx <= 1 && !hit; dx++)
      for (let dy = -1; dy <= 1 && !hit; dy++)
        for (const g of buckets.get(`${k}|${cx + dx}|${cy + dy}`) ?? []) {
          const d = distanceM(f.lng, f.lat, g.lng, g.lat);
          if (d <= DUPLICATE_RADIUS_M) {
            hit = { of: g, d };
            break;
          }
        }
    if (hit) {
      skipped.push({ facility: f, of: hit.of, distanceM: Math.round(hit.d) });
      continue;
    }
    let id = f.id;
    for (let n = 2; ids.has(id); n++) id = `${f.id}~${n}`;
    ids.add(id);
    out.push(id === f.id ? f : { ...f, id });
  }
  return { facilities: out, skipped };
}

/** The facilities a merge skipped, as CSV (BOM, formula-safe) with the loaded facility each duplicates: nothing is dropped silently. */
export function mergeSkippedCsv(skipped: ReturnType<typeof mergeFacilities>['skipped'], lang: Lang = 'zh'): string {
  const header = pick(lang, {
    zh: ['原因', '名称', '类型', '服务类别', '状态', '区', '街镇', '地址', '经度(WGS84)', '纬度(WGS84)', '重复于', '距离(米)'],
    en: ['reason', 'name', 'type', 'categories', 'status', 'district', 'street', 'address', 'lng (WGS84)', 'lat (WGS84)', 'duplicate of', 'distance (m)'],
  });
  const reason = pick(lang, { zh: '与已加载设施同名且相距不足 50 米', en: 'same name as a loaded facility within 50 m' });
  return toCsv([
    header,
    ...skipped.map(({ facility: f, of, distanceM }) => [
      reason, f.name, f.type, f.categories.join(';'), f.status, f.district, f.street ?? '', f.address ?? '', f.lng, f.lat, `${of.name} (${of.source})`, distanceM,
    ]),
  ]);
}
