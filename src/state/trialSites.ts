/**
 * Trial sites (试点选址 / 拟建): hypothetical facilities a planner drops on the map. Pure:
 * the type, default categories per facility type, the compact URL form and the Facility a
 * trial site becomes for the coverage engine (status 'planned', source 'trial site',
 * synthetic false, flagged `trial: true` so it never passes for real data).
 *
 * URL: `trial=lng,lat,type[,cat+cat];…` with 5 decimals (≈ 1 m); categories only when they
 * differ from the type's default, e.g. `trial=121.47000,31.23000,renminfang;121.5,31.2,embedded,elderly+meals`.
 */
import { FACILITY_TYPES, HUB_CATEGORIES, SHANGHAI_BBOX, type Facility, type FacilityType } from '../domain/types';

export interface TrialSite {
  /** stable within the session: 't1', 't2', … */
  id: string;
  lng: number;
  lat: number;
  type: FacilityType;
  categories: string[];
}

export const MAX_TRIAL_SITES = 50;
export const TRIAL_SOURCE = 'trial site';

/** What a new site of each type provides unless the planner picks otherwise. */
export const DEFAULT_TRIAL_CATEGORIES: Record<FacilityType, readonly string[]> = {
  // the 人民坊 hub categories of the 2025 action plan
  renminfang: HUB_CATEGORIES,
  // 六艺亭: small points along walking routes (culture, sport, play)
  liuyiting: ['culture', 'sports', 'children'],
  // embedded complex: ≥ 3 functions, ≥ 2 among elderly / infant care / meals (国办函〔2023〕121号)
  embedded: ['elderly', 'childcare', 'meals'],
  // an everyday service (e.g. a new fresh market or school): the planner picks the category
  service: ['market'],
};

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const CAT_ID = /^[A-Za-z0-9_-]{1,40}$/;

export function roundTrialCoord(v: number): number {
  return round5(v);
}

export function inShanghai(lng: number, lat: number): boolean {
  return lng >= SHANGHAI_BBOX.minLng && lng <= SHANGHAI_BBOX.maxLng && lat >= SHANGHAI_BBOX.minLat && lat <= SHANGHAI_BBOX.maxLat;
}

export function trialsToParam(trials: readonly TrialSite[]): string | null {
  if (trials.length === 0) return null;
  return trials
    .map((t) => {
      const base = `${round5(t.lng).toFixed(5)},${round5(t.lat).toFixed(5)},${t.type}`;
      return sameSet(t.categories, DEFAULT_TRIAL_CATEGORIES[t.type]) ? base : `${base},${t.categories.join('+')}`;
    })
    .join(';');
}

/** Parses the `trial` parameter; malformed or out-of-area entries are dropped. Ids t1, t2, … */
export function trialsFromParam(value: string | null): TrialSite[] {
  if (!value) return [];
  const out: TrialSite[] = [];
  for (const part of value.split(';')) {
    if (out.length >= MAX_TRIAL_SITES) break;
    const [lngS, latS, typeS, catsS] = part.split(',');
    const lng = Number(lngS), lat = Number(latS);
    if (!lngS || !latS || !Number.isFinite(lng) || !Number.isFinite(lat) || !inShanghai(lng, lat)) continue;
    const type = (FACILITY_TYPES as readonly string[]).includes(typeS) ? (typeS as FacilityType) : null;
    if (!type) continue;
    const cats = catsS ? [...new Set(catsS.split('+').filter((c) => CAT_ID.test(c)))] : [...DEFAULT_TRIAL_CATEGORIES[type]];
    if (cats.length === 0) continue;
    out.push({ id: `t${out.length + 1}`, lng: round5(lng), lat: round5(lat), type, categories: cats });
  }
  return out;
}

/** The facility a trial site stands for (name e.g. "拟建人民坊 1"). */
export function trialFacility(t: TrialSite, index: number, district: string): Facility {
  const zh = t.type === 'renminfang' ? '人民坊' : t.type === 'liuyiting' ? '六艺亭' : '嵌入式服务设施';
  return {
    id: `trial-${t.id}`,
    name: `拟建${zh} ${index + 1}`,
    type: t.type,
    categories: t.categories.slice(),
    status: 'planned',
    district,
    lng: t.lng,
    lat: t.lat,
    source: TRIAL_SOURCE,
    synthetic: false,
    trial: true,
  };
}

/** Next free id after the given sites. */
export function nextTrialId(trials: readonly TrialSite[]): string {
  let n = 0;
  for (const t of trials) {
    const k = Number(t.id.slice(1));
    if (Number.isFinite(k) && k > n) n = k;
  }
  return `t${n + 1}`;
}
