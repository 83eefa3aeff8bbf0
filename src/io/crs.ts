/**
 * Coordinate systems Chinese users bring (WGS84, GCJ-02 of AMap/Tencent, BD-09 of
 * Baidu) converted with gcoord, and a detector that says when points look offset.
 *
 * Nothing is converted silently: the importer applies the system the user chose (or
 * one named in a header), and the detector only *suggests* another one, with the
 * evidence, for the user to accept.
 *
 * Evidence the detector can use offline:
 * - reference-match: rows whose name matches an already loaded facility (WGS84);
 *   the system under which they land on their references wins;
 * - region-agreement: rows naming their district (or 街镇) tested against that
 *   region's outline under each system (a 500 m shift moves points near borders
 *   out of their named region).
 */
import gcoord from 'gcoord';
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Crs, CrsSuggestion } from './importTypes';
import { CRS_LIST } from './importTypes';

const GCOORD_CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** Convert one position to WGS84. */
export function toWgs84(lng: number, lat: number, from: Crs): [number, number] {
  if (from === 'wgs84') return [lng, lat];
  const out = gcoord.transform([lng, lat], GCOORD_CRS[from], gcoord.WGS84) as [number, number];
  return [out[0], out[1]];
}

/** Convert one WGS84 position to another system (for tests, fixtures and exports). @internal only tests use it */
export function fromWgs84(lng: number, lat: number, to: Crs): [number, number] {
  if (to === 'wgs84') return [lng, lat];
  const out = gcoord.transform([lng, lat], gcoord.WGS84, GCOORD_CRS[to]) as [number, number];
  return [out[0], out[1]];
}

const R = 6_371_008.8;
/** Great-circle distance in metres (haversine). */
export function distanceM(aLng: number, aLat: number, bLng: number, bLat: number): number {
  const toRad = Math.PI / 180;
  const dLat = (bLat - aLat) * toRad;
  const dLng = (bLng - aLng) * toRad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * toRad) * Math.cos(bLat * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(s)));
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Name key for matching the same facility across lists. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s()（）【】[\]·・,，.。\-_]/g, '');
}

export interface RawPoint {
  name: string;
  /** coordinates as read from the file (not converted) */
  lng: number;
  lat: number;
}

/** How close (m) the right system must bring matched points, and how far off the wrong one must be. */
const MATCH_OK_M = 150;
const MATCH_OFF_M = 300;
const MIN_MATCHES = 3;

/**
 * Compare raw points with named WGS84 references. Suggests the system under which
 * the median distance to the references is small, when the applied one is far off.
 * Returns null when there are too few matches or no system fits.
 */
export function detectCrsByReferences(
  points: readonly RawPoint[],
  references: readonly RawPoint[],
  applied: Crs,
): CrsDetection {
  const refByName = new Map<string, RawPoint>();
  for (const r of references) {
    const k = nameKey(r.name);
    if (k && !refByName.has(k)) refByName.set(k, r);
  }
  const pairs: [RawPoint, RawPoint][] = [];
  for (const p of points) {
    const r = refByName.get(nameKey(p.name));
    // a reference more than 5 km away is another place with the same name
    if (r && distanceM(p.lng, p.lat, r.lng, r.lat) < 5000) pairs.push([p, r]);
  }
  if (pairs.length < MIN_MATCHES) return { suggestion: null, sample: pairs.length };
  const med: Partial<Record<Crs, number>> = {};
  for (const crs of CRS_LIST) {
    med[crs] = median(
      pairs.map(([p, r]) => {
        const [lng, lat] = toWgs84(p.lng, p.lat, crs);
        return distanceM(lng, lat, r.lng, r.lat);
      }),
    );
  }
  const best = CRS_LIST.reduce((a, b) => ((med[b] ?? Infinity) < (med[a] ?? Infinity) ? b : a));
  const bestM = med[best] ?? Infinity;
  const appliedM = med[applied] ?? Infinity;
  if (best === applied || bestM > MATCH_OK_M || appliedM < MATCH_OFF_M) return { suggestion: null, sample: pairs.length };
  return { suggestion: { crs: best, method: 'reference-match', medianOffsetM: med, sample: pairs.length }, sample: pairs.length };
}

export interface Region {
  /** normalised key the rows name (district code, district name, 街镇 name …) */
  keys: readonly string[];
  geometry: Polygon | MultiPolygon;
  bbox: readonly [number, number, number, number];
}

export interface RegionPoint {
  lng: number;
  lat: number;
  /** region keys the row names, most specific first (e.g. 街镇 code, then district code) */
  keys: readonly string[];
}

/** A suggestion (or none) and how many points the evidence rests on (0 = no evidence). */
export interface CrsDetection {
  suggestion: CrsSuggestion | null;
  sample: number;
}

function inRegion(lng: number, lat: number, region: Region): boolean {
  const [minX, minY, maxX, maxY] = region.bbox;
  if (lng < minX || lng > maxX || lat < minY || lat > maxY) return false;
  return booleanPointInPolygon([lng, lat], region.geometry);
}

const MIN_FLIPS = 5;
const MAX_REGION_SAMPLE = 5000;

/**
 * For rows that name their region, count under each system how many land inside
 * that region. Suggest another system when it puts clearly more points inside than
 * the applied one: at least 5 points move into their region, and at least three
 * times as many move in as move out (a sign test, so noisy outlines do not trigger).
 */
export function detectCrsByRegions(
  points: readonly RegionPoint[],
  regions: readonly Region[],
  applied: Crs,
): CrsDetection {
  const byKey = new Map<string, Region>();
  for (const r of regions) for (const k of r.keys) byKey.set(k, r);
  const usable: { lng: number; lat: number; region: Region }[] = [];
  // an even sample keeps large files fast (point-in-polygon under three systems)
  const stride = Math.max(1, Math.ceil(points.length / MAX_REGION_SAMPLE));
  for (let i = 0; i < points.length; i += stride) {
    const p = points[i];
    const k = p.keys.find((key) => byKey.has(key));
    if (k !== undefined) usable.push({ lng: p.lng, lat: p.lat, region: byKey.get(k) as Region });
  }
  if (usable.length < MIN_FLIPS) return { suggestion: null, sample: usable.length };
  const inside: Record<Crs, boolean[]> = { wgs84: [], gcj02: [], bd09: [] };
  for (const crs of CRS_LIST) {
    inside[crs] = usable.map((p) => {
      const [lng, lat] = toWgs84(p.lng, p.lat, crs);
      return inRegion(lng, lat, p.region);
    });
  }
  const agreement: Partial<Record<Crs, number>> = {};
  for (const crs of CRS_LIST) agreement[crs] = inside[crs].filter(Boolean).length / usable.length;
  let bestSuggestion: CrsSuggestion | null = null;
  let bestGain = 0;
  for (const crs of CRS_LIST) {
    if (crs === applied) continue;
    let movedIn = 0;
    let movedOut = 0;
    inside[crs].forEach((v, i) => {
      if (v && !inside[applied][i]) movedIn++;
      if (!v && inside[applied][i]) movedOut++;
    });
    if (movedIn >= MIN_FLIPS && movedIn >= 3 * movedOut && movedIn - movedOut > bestGain) {
      bestGain = movedIn - movedOut;
      bestSuggestion = { crs, method: 'region-agreement', agreement, sample: usable.length };
    }
  }
  return { suggestion: bestSuggestion, sample: usable.length };
}

/** bbox of a polygon geometry. */
export function geometryBbox(g: Polygon | MultiPolygon): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys)
    for (const ring of poly)
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
  return [minX, minY, maxX, maxY];
}
