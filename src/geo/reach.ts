/**
 * Residents' reach: which facilities can be walked to from one place, and the nearest
 * facility of each service category. Pure functions over plain data, backed by a
 * kdbush spatial index (bbox range for within-reach, geokdbush for nearest).
 *
 * Walking time comes from the walk model (src/geo/walkModel.ts): with circles, the
 * straight-line (haversine) distance × detour factor ÷ speed.
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { Facility, FacilityStatus } from '../domain/types';
import type { WalkSpeed } from '../domain/walk';
import { circleWalkModel } from './circleModel';
import { haversineM, EARTH_RADIUS_M } from './reachDistance';
import type { PlaceWalk, WalkModel } from './walkModel';

export interface LngLat {
  lng: number;
  lat: number;
}

/** The three reach tiers drawn on the map. */
export const REACH_MINUTES = [5, 10, 15] as const;
export type ReachBand = (typeof REACH_MINUTES)[number];

/** Smallest band (5/10/15) that contains `minutes`, or null when beyond the largest. */
export function bandForMinutes(minutes: number): ReachBand | null {
  for (const b of REACH_MINUTES) if (minutes <= b) return b;
  return null;
}

export interface ReachItem {
  facility: Facility;
  /** straight-line geodesic distance, metres */
  distanceM: number;
  /** walking minutes from the walk model (circles: distance × detour ÷ speed) */
  minutes: number;
  band: ReachBand | null;
}

interface CategoryIndex {
  /** positions into FacilityIndex.facilities */
  readonly open: number[];
  readonly openIndex: KDBush | null;
  readonly upcoming: number[];
  readonly upcomingIndex: KDBush | null;
}

/** Spatial index over a facility list; build once per data change, query many times. */
export interface FacilityIndex {
  readonly facilities: readonly Facility[];
  readonly all: KDBush | null;
  /** kd id in `all` -> position in `facilities` */
  readonly allPositions: readonly number[];
  readonly byCategory: ReadonlyMap<string, CategoryIndex>;
}

function buildKd(positions: number[], facilities: readonly Facility[]): KDBush | null {
  if (positions.length === 0) return null;
  const kd = new KDBush(positions.length);
  for (const p of positions) kd.add(facilities[p].lng, facilities[p].lat);
  return kd.finish();
}

function isUsable(f: Facility): boolean {
  return Number.isFinite(f.lng) && Number.isFinite(f.lat) && Math.abs(f.lat) <= 90 && Math.abs(f.lng) <= 180;
}

/** Build the index. Facilities with non-finite coordinates are left out. Input is not mutated. */
export function buildFacilityIndex(facilities: readonly Facility[]): FacilityIndex {
  const usable: number[] = [];
  const byCat = new Map<string, { open: number[]; upcoming: number[] }>();
  facilities.forEach((f, i) => {
    if (!isUsable(f)) return;
    usable.push(i);
    for (const c of new Set(f.categories)) {
      let entry = byCat.get(c);
      if (!entry) {
        entry = { open: [], upcoming: [] };
        byCat.set(c, entry);
      }
      (f.status === 'open' ? entry.open : entry.upcoming).push(i);
    }
  });
  const byCategory = new Map<string, CategoryIndex>();
  for (const [c, e] of byCat) {
    byCategory.set(c, {
      open: e.open,
      openIndex: buildKd(e.open, facilities),
      upcoming: e.upcoming,
      upcomingIndex: buildKd(e.upcoming, facilities),
    });
  }
  return { facilities, all: buildKd(usable, facilities), allPositions: usable, byCategory };
}

const STATUS_ORDER: Record<FacilityStatus, number> = { open: 0, building: 1, planned: 2 };

/** Ranking: fewer walking minutes first, then nearer; ties: open before building before planned, then name, then id. */
export function compareReach(a: ReachItem, b: ReachItem): number {
  return (
    a.minutes - b.minutes ||
    a.distanceM - b.distanceM ||
    STATUS_ORDER[a.facility.status] - STATUS_ORDER[b.facility.status] ||
    a.facility.name.localeCompare(b.facility.name, 'zh-CN') ||
    (a.facility.id < b.facility.id ? -1 : a.facility.id > b.facility.id ? 1 : 0)
  );
}

function makeItem(facility: Facility, at: LngLat, walk: PlaceWalk): ReachItem {
  const distanceM = haversineM(at.lng, at.lat, facility.lng, facility.lat);
  const minutes = walk.minutesTo(facility.lng, facility.lat, distanceM);
  return { facility, distanceM, minutes, band: bandForMinutes(minutes) };
}

/**
 * All facilities (any status) within `maxMinutes` walking of `at`, ranked by walking time.
 * Exact: candidates from a bbox range query are filtered by haversine distance.
 */
export function facilitiesWithinMinutes(
  index: FacilityIndex,
  at: LngLat,
  maxMinutes: number,
  speed: WalkSpeed,
  model: WalkModel = circleWalkModel,
): ReachItem[] {
  if (!index.all || !(maxMinutes >= 0)) return [];
  const walk = model.fromPlace(at, speed);
  const r = walk.radiusM(maxMinutes);
  // bbox that surely contains the geodesic circle (small margin for float error)
  const dLat = ((r / EARTH_RADIUS_M) * 180) / Math.PI * 1.001;
  const cos = Math.cos(((Math.abs(at.lat) + dLat) * Math.PI) / 180);
  const dLng = cos > 1e-9 ? Math.min(180, dLat / cos) : 180;
  const out: ReachItem[] = [];
  for (const k of index.all.range(at.lng - dLng, at.lat - dLat, at.lng + dLng, at.lat + dLat)) {
    const f = index.facilities[index.allPositions[k]];
    const item = makeItem(f, at, walk);
    if (item.distanceM <= r && item.minutes <= maxMinutes + 1e-9) out.push(item);
  }
  return out.sort(compareReach);
}

export interface NearestForCategory {
  categoryId: string;
  /** nearest open facility offering the category, at any distance; null when none exists */
  open: ReachItem | null;
  /** nearest building/planned facility of the category, only when nearer than `open` (or no open one exists) */
  upcoming: ReachItem | null;
}

function nearestIn(kd: KDBush | null, positions: number[], index: FacilityIndex, at: LngLat, walk: PlaceWalk): ReachItem | null {
  if (!kd) return null;
  // geokdbush ranks by great-circle distance; take a few to break exact ties deterministically
  const ids = around(kd, at.lng, at.lat, 4);
  let best: ReachItem | null = null;
  for (const id of ids) {
    const item = makeItem(index.facilities[positions[id]], at, walk);
    if (!best || compareReach(item, best) < 0) best = item;
  }
  return best;
}

/** For each category id, the nearest open facility (even beyond 15 minutes) and any nearer upcoming one. */
export function nearestByCategory(
  index: FacilityIndex,
  at: LngLat,
  categoryIds: readonly string[],
  speed: WalkSpeed,
  model: WalkModel = circleWalkModel,
): NearestForCategory[] {
  const walk = model.fromPlace(at, speed);
  return categoryIds.map((categoryId) => {
    const ci = index.byCategory.get(categoryId);
    if (!ci) return { categoryId, open: null, upcoming: null };
    const open = nearestIn(ci.openIndex, ci.open, index, at, walk);
    let upcoming = nearestIn(ci.upcomingIndex, ci.upcoming, index, at, walk);
    if (upcoming && open && compareReach(upcoming, open) >= 0) upcoming = null;
    return { categoryId, open, upcoming };
  });
}

export interface Completeness {
  /** minutes threshold used (the largest one when each category has its own target) */
  minutes: number;
  /** each category's own target minutes, when the rule is "within its target"; null: one threshold for all */
  targets: Record<string, number> | null;
  total: number;
  /** category ids with an open facility within the threshold */
  reachable: string[];
  /** category ids without an open facility within the threshold */
  missing: string[];
  /** of `missing`, those with a building/planned facility within the threshold */
  upcoming: string[];
}

/**
 * How many of the service categories have an open facility within `minutes`, or, when
 * `targets` is given, within each category's own target minutes (养老 5, 助餐 10, …; a
 * category without a target uses `minutes`). One rule for the headline and the per-category
 * list. Planned and building facilities do not count as reachable; they are reported separately.
 */
export function completenessFromNearest(
  nearest: readonly NearestForCategory[],
  minutes = 15,
  targets?: Readonly<Record<string, number>>,
): Completeness {
  const reachable: string[] = [];
  const missing: string[] = [];
  const upcoming: string[] = [];
  const used: Record<string, number> = {};
  for (const n of nearest) {
    const limit = targets?.[n.categoryId] ?? minutes;
    used[n.categoryId] = limit;
    if (n.open && n.open.minutes <= limit) reachable.push(n.categoryId);
    else {
      missing.push(n.categoryId);
      if (n.upcoming && n.upcoming.minutes <= limit) upcoming.push(n.categoryId);
    }
  }
  const max = targets ? Math.max(0, ...Object.values(used)) : minutes;
  return { minutes: max, targets: targets ? used : null, total: nearest.length, reachable, missing, upcoming };
}

/** Everything the resident panel shows for one place and persona. */
export interface ResidentReach {
  at: LngLat;
  walk: WalkSpeed;
  radiiM: Record<ReachBand, number>;
  within: ReachItem[];
  nearest: NearestForCategory[];
  completeness: Completeness;
}

export function computeResidentReach(
  index: FacilityIndex,
  at: LngLat,
  categoryIds: readonly string[],
  walk: WalkSpeed,
  maxMinutes = 15,
  targets?: Readonly<Record<string, number>>,
  model: WalkModel = circleWalkModel,
): ResidentReach {
  const nearest = nearestByCategory(index, at, categoryIds, walk, model);
  const place = model.fromPlace(at, walk);
  return {
    at,
    walk,
    radiiM: { 5: place.radiusM(5), 10: place.radiusM(10), 15: place.radiusM(15) },
    within: facilitiesWithinMinutes(index, at, maxMinutes, walk, model),
    nearest,
    completeness: completenessFromNearest(nearest, maxMinutes, targets),
  };
}
