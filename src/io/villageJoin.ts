/**
 * 居委会 / 村委会 (village-level units) joined by code or name to the 2023 list
 * (geodata/shanghai-villages-2023.csv: 6,509 committees, 12-digit codes, their 街镇).
 *
 * Order: a 12-digit code first; else the name, normalised the same way on both sides
 * (NFKC full-width → half-width, case, spaces and brackets dropped, the suffixes
 * 居民委员会 / 村民委员会 / 居委会 / 村委会 / 居委 / 村委 / 社区 stripped, repeatedly), then narrowed
 * by the row's district and 街镇 when it has them. A name found in several places that
 * the row cannot tell apart is "ambiguous" with its candidates: never guessed.
 *
 * The list has no coordinates or outlines: a join gives a row its 居委, 街镇 and district
 * (codes and names), nothing on the map.
 * Pure; the import worker and the command line call it.
 */
import { SHANGHAI_DISTRICTS, createStreetIndex, type Street } from './facilityFields';

export interface Village {
  /** 12-digit statistical code */
  code: string;
  /** name as listed, e.g. "云南中路居委会" */
  name: string;
  /** 9-digit 街镇 code */
  street: string;
  /** 6-digit district code */
  district: string;
}

/** Parse geodata/shanghai-villages-2023.csv (code,name,streetCode,provinceCode,cityCode,areaCode; names quoted). */
export function parseVillageList(csvText: string): Village[] {
  const lines = csvText.replace(/^\uFEFF/, '').split(/\r?\n/);
  const head = (lines[0] ?? '').split(',').map((h) => h.trim());
  const at = (k: string) => head.indexOf(k);
  const [ci, ni, si, ai] = [at('code'), at('name'), at('streetCode'), at('areaCode')];
  if (ci < 0 || ni < 0 || si < 0) throw new Error('village list: expected columns code,name,streetCode');
  const out: Village[] = [];
  for (const l of lines.slice(1)) {
    if (l.trim() === '') continue;
    // names hold no comma or quote in the list; quotes around them are dropped
    const cells = l.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    const code = cells[ci];
    if (!/^\d{12}$/.test(code ?? '')) continue;
    out.push({ code, name: cells[ni], street: cells[si], district: (ai >= 0 ? cells[ai] : '') || code.slice(0, 6) });
  }
  return out;
}

/** 'resident' for 居委(会)/居民委员会, 'village' for 村委(会)/村民委员会, null when the name does not say. */
export type VillageKind = 'resident' | 'village' | null;

const SUFFIXES: readonly [string, VillageKind][] = [
  ['居民委员会', 'resident'],
  ['村民委员会', 'village'],
  ['居委会', 'resident'],
  ['村委会', 'village'],
  ['居委', 'resident'],
  ['村委', 'village'],
  ['社区', null],
];

function clean(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[\s()[\]{}（）【】·•,，、.。'"“”‘’_-]/g, '');
}

/** The name without its committee suffixes, and the kind the suffix says: "曹杨新村社区居委会" -> 曹杨新村, resident. */
export function villageKey(name: string): { base: string; kind: VillageKind } {
  let base = clean(name);
  let kind: VillageKind = null;
  for (let changed = true; changed; ) {
    changed = false;
    for (const [suf, k] of SUFFIXES) {
      if (base.length > suf.length && base.endsWith(suf)) {
        base = base.slice(0, -suf.length);
        kind ??= k;
        changed = true;
        break;
      }
    }
  }
  return { base, kind };
}

export interface VillageQuery {
  /** the row's code cell (12 digits expected) */
  code?: string;
  /** the row's 居委 / 村 name cell */
  name?: string;
  /** 6-digit district code the row names (already parsed), if any */
  district?: string | null;
  /** the row's 街镇: a 9-digit code or a name (read against the 街镇 list), if any */
  street?: string | null;
}

export type VillageFailure = 'missing' | 'unknown-name' | 'unknown-code' | 'ambiguous' | 'not-in-area';

export type VillageMatch =
  | {
    ok: true;
    village: Village;
    by: 'code' | 'name';
    /** code-unknown: the code is not in the list but the name matched; name-differs: matched by code, the row's name is another */
    note?: 'code-unknown' | 'name-differs';
  }
  | { ok: false; reason: VillageFailure; candidates: Village[] };

export interface VillageIndex {
  match(q: VillageQuery): VillageMatch;
  byCode(code: string): Village | undefined;
  /** "新桥居委会（黄浦区 南京东路街道 310101002006）" */
  describe(v: Village): string;
  /** the 街镇 of a code, from the 街镇 list */
  street(code: string): Street | undefined;
  /** committees per 街镇 and per district in the list */
  countIn(code: string): number;
  size: number;
}

const DISTRICT_NAME = new Map(SHANGHAI_DISTRICTS.map((d) => [d.code, d.zh]));

/** Digits of a code cell ("310101002001", "３１０１０１００２００１", "310101002001.0" as Excel writes numbers). */
function codeDigits(cell: string): string {
  return cell.normalize('NFKC').replace(/\s/g, '').replace(/\.0+$/, '');
}

export function createVillageIndex(villages: readonly Village[], streets: readonly Street[] = []): VillageIndex {
  const byCode = new Map<string, Village>();
  const byBase = new Map<string, { v: Village; kind: VillageKind }[]>();
  const counts = new Map<string, number>();
  for (const v of villages) {
    byCode.set(v.code, v);
    const k = villageKey(v.name);
    const list = byBase.get(k.base);
    if (list) list.push({ v, kind: k.kind });
    else byBase.set(k.base, [{ v, kind: k.kind }]);
    counts.set(v.street, (counts.get(v.street) ?? 0) + 1);
    counts.set(v.district, (counts.get(v.district) ?? 0) + 1);
  }
  const streetByCode = new Map(streets.map((s) => [s.code, s]));
  const streetIdx = streets.length > 0 ? createStreetIndex(streets) : null;

  const byName = (name: string): { v: Village; kind: VillageKind }[] => {
    const k = villageKey(name);
    if (!k.base) return [];
    let found = byBase.get(k.base) ?? [];
    // "XX村" as people write a village whose committee is listed as "XX村委会"
    if (found.length === 0 && k.base.length > 2 && k.base.endsWith('村')) {
      found = (byBase.get(k.base.slice(0, -1)) ?? []).filter((c) => c.kind === 'village');
    }
    // the suffix says which kind: keep that kind when the list has it (顾村居委会 vs 顾村村委会)
    if (k.kind && found.some((c) => c.kind === k.kind)) found = found.filter((c) => c.kind === k.kind);
    return found;
  };

  const streetCodeOf = (cell: string | null | undefined, district: string | null | undefined): string | null => {
    if (!cell) return null;
    const digits = codeDigits(cell);
    if (/^31\d{7}/.test(digits)) return digits.slice(0, 9);
    return streetIdx?.find(cell, district ?? undefined)?.code ?? null;
  };

  return {
    size: villages.length,
    byCode: (code) => byCode.get(code),
    street: (code) => streetByCode.get(code),
    countIn: (code) => counts.get(code) ?? 0,
    describe(v) {
      const area = [DISTRICT_NAME.get(v.district) ?? v.district, streetByCode.get(v.street)?.name ?? v.street].join(' ');
      return `${v.name}（${area} ${v.code}）`;
    },
    match(q) {
      let name = (q.name ?? '').trim();
      let codeCell = (q.code ?? '').trim();
      // a code written in the name column
      if (!codeCell && /^\d{12}$/.test(codeDigits(name))) [codeCell, name] = [name, ''];
      let codeUnknown = false;
      if (codeCell) {
        const digits = codeDigits(codeCell);
        const v = /^\d{12}$/.test(digits) ? byCode.get(digits) : undefined;
        if (v) {
          const differs = name !== '' && villageKey(name).base !== villageKey(v.name).base;
          return differs ? { ok: true, village: v, by: 'code', note: 'name-differs' } : { ok: true, village: v, by: 'code' };
        }
        if (!name) return { ok: false, reason: 'unknown-code', candidates: [] };
        codeUnknown = true;
      }
      if (!name) return { ok: false, reason: 'missing', candidates: [] };
      const found = byName(name).map((c) => c.v);
      if (found.length === 0) return { ok: false, reason: 'unknown-name', candidates: [] };
      const district = q.district ?? null;
      const street = streetCodeOf(q.street, district);
      const inArea = found.filter((v) => (!district || v.district === district) && (!street || v.street === street));
      if (inArea.length === 1) return codeUnknown ? { ok: true, village: inArea[0], by: 'name', note: 'code-unknown' } : { ok: true, village: inArea[0], by: 'name' };
      if (inArea.length === 0) return { ok: false, reason: 'not-in-area', candidates: found };
      return { ok: false, reason: 'ambiguous', candidates: inArea };
    },
  };
}

/** Candidates as one text: at most `max`, then "等 N 个". */
export function candidatesText(idx: VillageIndex, candidates: readonly Village[], max = 5): string {
  const shown = candidates.slice(0, max).map((v) => idx.describe(v));
  return shown.join('、') + (candidates.length > max ? ` 等 ${candidates.length} 个` : '');
}
