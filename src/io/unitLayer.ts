/**
 * The one validation and repair path for planning units, shared by the boundary importer
 * (src/io/boundary.ts), the command line (`--units`) and workspace files (workspace.ts):
 * polygon types only (GeometryCollection members taken), finite coordinates (invalid
 * vertices removed and reported by the repair), every vertex inside Shanghai's extent,
 * geometry repaired (geometryRepair.ts), a size limit (vertices per unit and per layer,
 * number of units), unique ids, and sane areas and populations. Bad units are rejected one
 * by one with their position and reason, like facility rows; the rest load. Pure.
 */
import { area as turfArea } from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { SHANGHAI_BBOX, type UnitCollection, type UnitFeature, type UnitProps } from '../domain/types';
import { repairPolygonal, type RepairNote, type RepairOptions } from './geometryRepair';
import { importText } from './issueText';
import { pick, type Lang } from '../domain/lang';

/** Vertices may lie this far (degrees) outside the Shanghai box (coastline, islands). */
export const EXTENT_MARGIN_DEG = 0.05;
export const UNIT_LIMITS = {
  units: 50_000,
  verticesPerUnit: 200_000,
  verticesPerLayer: 5_000_000,
  /** no unit is larger than the whole municipality (6 340 km² with water) */
  areaKm2: 8_000,
  /** more than Shanghai's population (24.9 M) in one unit is a mistake */
  population: 30_000_000,
} as const;

export type UnitRejectReason =
  | 'not-a-feature'
  | 'not-a-polygon'
  | 'bad-coordinates'
  | 'not-degrees'
  | 'outside-shanghai'
  | 'no-valid-ring'
  | 'too-many-vertices'
  | 'too-large'
  | 'duplicate-id'
  | 'bad-population'
  | 'too-many-units';

export interface UnitRejected {
  /** 1-based position of the feature in the file */
  index: number;
  id: string;
  name: string;
  reason: UnitRejectReason;
  /** specifics, e.g. the geometry type or the offending vertex */
  detail: string;
  geometryType: string;
}

/** The reason in words (src/i18n/import.ts `boundaryReject.*`, shared with the import dialog). */
export function unitRejectText(r: Pick<UnitRejected, 'reason' | 'detail' | 'geometryType'>, lang: Lang = 'en'): string {
  return importText(lang, `boundaryReject.${r.reason}`, unitRejectParams(r, lang));
}

/** Parameters of a `boundaryReject.*` text. */
function unitRejectParams(r: Pick<UnitRejected, 'reason' | 'detail' | 'geometryType'>, lang: Lang = 'en'): { type: string; detail: string } {
  const detail = r.reason === 'not-a-polygon' ? '' : r.detail;
  return { type: r.reason === 'not-a-polygon' ? r.detail || r.geometryType || 'null' : r.geometryType, detail: detail ? pick(lang, { zh: `（${detail}）`, en: ` (${detail})` }) : '' };
}

type Polygonal = Polygon | MultiPolygon;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Polygons of a geometry (GeometryCollection members too). Returns the reason when the
 * geometry is not polygonal or its coordinates are not nested lists. Vertices are not checked
 * here (the repair removes invalid ones and says so).
 */
export function polygonalOf(g: unknown, depth = 0): { geometry: Polygonal } | { reason: UnitRejectReason; detail: string } {
  if (!isObj(g)) return { reason: 'not-a-polygon', detail: g === null || g === undefined ? 'no geometry' : typeof g };
  const type = typeof g.type === 'string' ? g.type : String(g.type);
  if (type === 'GeometryCollection') {
    if (!Array.isArray(g.geometries) || depth > 4) return { reason: 'bad-coordinates', detail: 'GeometryCollection without a geometries list' };
    const polys: Position[][][] = [];
    for (const m of g.geometries) {
      const p = polygonalOf(m, depth + 1);
      if ('geometry' in p) polys.push(...(p.geometry.type === 'Polygon' ? [p.geometry.coordinates] : p.geometry.coordinates));
    }
    return polys.length > 0 ? { geometry: { type: 'MultiPolygon', coordinates: polys } } : { reason: 'not-a-polygon', detail: 'GeometryCollection without polygons' };
  }
  if (type !== 'Polygon' && type !== 'MultiPolygon') return { reason: 'not-a-polygon', detail: type.slice(0, 40) };
  const c = g.coordinates;
  const isRing = (r: unknown) => Array.isArray(r);
  const isPoly = (p: unknown) => Array.isArray(p) && p.length > 0 && p.every(isRing);
  if (type === 'Polygon') {
    if (!isPoly(c)) return { reason: 'bad-coordinates', detail: 'Polygon coordinates are not a list of rings' };
    return { geometry: { type: 'Polygon', coordinates: c as Position[][] } };
  }
  if (!Array.isArray(c) || c.length === 0 || !c.every(isPoly)) return { reason: 'bad-coordinates', detail: 'MultiPolygon coordinates are not a list of polygons' };
  return { geometry: { type: 'MultiPolygon', coordinates: c as Position[][][] } };
}

function rings(g: Polygonal): unknown[][] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat() as unknown[][];
}

const finitePair = (p: unknown): p is Position => Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);

function inExtent(lng: number, lat: number): boolean {
  const b = SHANGHAI_BBOX;
  const m = EXTENT_MARGIN_DEG;
  return lng >= b.minLng - m && lng <= b.maxLng + m && lat >= b.minLat - m && lat <= b.maxLat + m;
}

export interface GeometryCheckOptions {
  /** convert each finite vertex to WGS84 before the extent check (boundary imports in GCJ-02/BD-09) */
  convert?: (lng: number, lat: number) => [number, number];
  repair?: RepairOptions;
}

export type GeometryCheck =
  | { ok: true; geometry: Polygonal; notes: RepairNote[]; vertices: number; areaKm2: number; original: Polygonal }
  | { ok: false; reason: UnitRejectReason; detail: string; geometryType: string };

/** Check and repair one unit geometry (WGS84 out). */
export function checkUnitGeometry(g: unknown, opts: GeometryCheckOptions = {}): GeometryCheck {
  const gType = isObj(g) && typeof g.type === 'string' ? g.type.slice(0, 40) : g === null || g === undefined ? 'null' : typeof g;
  const p = polygonalOf(g);
  if (!('geometry' in p)) return { ok: false, reason: p.reason, detail: p.detail, geometryType: gType };
  let vertices = 0;
  for (const r of rings(p.geometry)) {
    vertices += r.length;
    if (vertices > UNIT_LIMITS.verticesPerUnit) return { ok: false, reason: 'too-many-vertices', detail: `more than ${UNIT_LIMITS.verticesPerUnit}`, geometryType: gType };
    for (const v of r) {
      if (!finitePair(v)) continue; // removed by the repair, which reports it
      if (Math.abs(v[0]) > 180 || Math.abs(v[1]) > 90) return { ok: false, reason: 'not-degrees', detail: `${fmt(v[0])}, ${fmt(v[1])}`, geometryType: gType };
    }
  }
  const mapRing = (r: unknown[]) => r.map((v) => (finitePair(v) && opts.convert ? (opts.convert(v[0], v[1]) as Position) : v)) as Position[];
  const converted: Polygonal = p.geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: p.geometry.coordinates.map(mapRing) }
    : { type: 'MultiPolygon', coordinates: p.geometry.coordinates.map((poly) => poly.map(mapRing)) };
  for (const r of rings(converted))
    for (const v of r) if (finitePair(v) && !inExtent(v[0], v[1])) return { ok: false, reason: 'outside-shanghai', detail: `vertex ${fmt(v[0])}, ${fmt(v[1])}`, geometryType: gType };
  let repaired: ReturnType<typeof repairPolygonal>;
  try {
    repaired = repairPolygonal(converted, opts.repair);
  } catch (e) {
    return { ok: false, reason: 'bad-coordinates', detail: (e as Error).message.slice(0, 80), geometryType: gType };
  }
  if (!repaired.geometry) return { ok: false, reason: 'no-valid-ring', detail: '', geometryType: gType };
  const areaKm2 = turfArea({ type: 'Feature', properties: {}, geometry: repaired.geometry }) / 1e6;
  if (!(areaKm2 <= UNIT_LIMITS.areaKm2)) return { ok: false, reason: 'too-large', detail: `${Math.round(areaKm2)} km²`, geometryType: gType };
  return { ok: true, geometry: repaired.geometry, notes: repaired.notes, vertices, areaKm2, original: converted };
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e6 ? v.toExponential(3) : String(Math.round(v * 1e6) / 1e6);
}

export interface UnitLayerOptions extends GeometryCheckOptions {
  /** residents per km² by district code: estimates pop_est for units without a population */
  densityByDistrict?: Record<string, number>;
}

export interface UnitLayerResult {
  units: UnitCollection;
  rejected: UnitRejected[];
  repaired: { index: number; id: string; name: string; notes: RepairNote[] }[];
  /** features read */
  total: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

/**
 * A planning-unit layer (features with the app's unit properties, or plain polygons with
 * id/name): every feature checked; ids made from the position when missing; area from the
 * repaired geometry when missing or implausible; population kept when a plausible count,
 * otherwise estimated from the district density when given, otherwise 0 ('unknown').
 */
export function checkUnitLayer(features: readonly unknown[], opts: UnitLayerOptions = {}): UnitLayerResult {
  const units: UnitFeature[] = [];
  const rejected: UnitRejected[] = [];
  const repaired: UnitLayerResult['repaired'] = [];
  const seen = new Set<string>();
  let vertices = 0;
  for (let i = 0; i < features.length; i++) {
    const f = features[i];
    const index = i + 1;
    const props = isObj(f) && isObj(f.properties) ? f.properties : {};
    const id = str(props.id) || (isObj(f) ? str(f.id) : '') || `unit-${index}`;
    const name = str(props.name) || id;
    const reject = (reason: UnitRejectReason, detail: string, geometryType = '') => rejected.push({ index, id, name, reason, detail, geometryType });
    if (units.length >= UNIT_LIMITS.units) {
      reject('too-many-units', `more than ${UNIT_LIMITS.units}`);
      continue;
    }
    if (!isObj(f) || f.type !== 'Feature') {
      reject('not-a-feature', isObj(f) ? String(f.type ?? '').slice(0, 40) : typeof f);
      continue;
    }
    const g = checkUnitGeometry(f.geometry, opts);
    if (!g.ok) {
      reject(g.reason, g.detail, g.geometryType);
      continue;
    }
    if (vertices + g.vertices > UNIT_LIMITS.verticesPerLayer) {
      reject('too-many-vertices', `the layer has more than ${UNIT_LIMITS.verticesPerLayer}`, g.geometry.type);
      continue;
    }
    if (seen.has(id)) {
      reject('duplicate-id', `"${id.slice(0, 60)}" is used by an earlier unit`, g.geometry.type);
      continue;
    }
    const district = /^31\d{4}$/.test(str(props.district)) ? str(props.district) : '';
    const popRaw = props.pop_est ?? props.population;
    let pop_est: number;
    let pop_source: string;
    if (popRaw !== undefined && popRaw !== null && popRaw !== '') {
      const pop = typeof popRaw === 'number' ? popRaw : Number(popRaw);
      if (!Number.isFinite(pop) || pop < 0 || pop > UNIT_LIMITS.population) {
        reject('bad-population', String(popRaw).slice(0, 40), g.geometry.type);
        continue;
      }
      pop_est = Math.round(pop);
      pop_source = str(props.pop_source) || 'imported';
    } else if (district && opts.densityByDistrict?.[district] !== undefined) {
      pop_est = Math.round(g.areaKm2 * opts.densityByDistrict[district]);
      pop_source = 'census-2020-district-spread';
    } else {
      pop_est = 0;
      pop_source = 'unknown';
    }
    const givenArea = typeof props.area_km2 === 'number' ? props.area_km2 : NaN;
    const unchanged = g.notes.length === 0;
    // a given (land) area is kept when the outline needed no repair and it is not larger than the outline
    const area_km2 = unchanged && Number.isFinite(givenArea) && givenArea >= 0 && givenArea <= g.areaKm2 * 1.01 + 1e-6 ? givenArea : Math.round(g.areaKm2 * 10_000) / 10_000;
    seen.add(id);
    vertices += g.vertices;
    if (g.notes.length > 0) repaired.push({ index, id, name, notes: g.notes });
    const unitProps: UnitProps = { ...(props as Partial<UnitProps>), id, name, district, area_km2, pop_est, pop_source };
    units.push({ type: 'Feature', id, properties: unitProps, geometry: g.geometry });
  }
  return { units: { type: 'FeatureCollection', features: units }, rejected, repaired, total: features.length };
}

/** Features of a parsed GeoJSON value, or the reason it is not one. */
export function unitFeaturesOf(json: unknown): { features: unknown[] } | { error: string } {
  if (Array.isArray(json)) return { error: 'a JSON array, not a GeoJSON FeatureCollection' };
  if (!isObj(json)) return { error: 'not a GeoJSON object' };
  if (json.type === 'FeatureCollection') {
    if (!Array.isArray(json.features)) return { error: 'a FeatureCollection without a "features" list' };
    return { features: json.features };
  }
  if (json.type === 'Feature') return { features: [json] };
  if (typeof json.type === 'string' && (json.coordinates !== undefined || json.geometries !== undefined))
    return { features: [{ type: 'Feature', properties: {}, geometry: json as unknown as Geometry } satisfies Feature] };
  return { error: 'not a GeoJSON FeatureCollection, Feature or geometry' };
}
