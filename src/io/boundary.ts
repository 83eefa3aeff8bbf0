/**
 * Boundary import: 街镇 outlines or custom planning units as GeoJSON or a zipped
 * Shapefile, converted from the chosen coordinate system, repaired (see
 * geometryRepair.ts) and joined by name or code to the 215 街镇 list. The result
 * is a UnitCollection the app can use as its planning-unit layer.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { UnitCollection, UnitFeature, UnitProps } from '../domain/types';
import { decodeBytes } from './decode';
import { detectCrsByRegions, toWgs84, type Region, type RegionPoint } from './crs';
import { createStreetIndex, parseDistrict, type Street } from './facilityFields';
import { crsHintOf } from './headerMap';
import { parseCount } from './coordText';
import type { RepairNote, RepairOptions } from './geometryRepair';
import { UNIT_LIMITS, checkUnitGeometry, polygonalOf, unitFeaturesOf, type UnitRejectReason } from './unitLayer';
import type { Crs, CrsChoice, CrsSuggestion } from './importTypes';
import { readZippedShapefile } from './shapefile';
import { BoundaryFileError } from './boundaryError';

export { BoundaryFileError };

export interface BoundaryImportOptions {
  crs?: CrsChoice;
  fileName: string;
  /** label for the layer, e.g. "街镇.geojson 2026-11-28 10:00" */
  source: string;
  streets?: readonly Street[];
  /** residents per km² by district code, to estimate unit population when the file has none */
  densityByDistrict?: Record<string, number>;
  /** district outlines (WGS84) for offset detection */
  regions?: readonly Region[];
  repair?: RepairOptions;
}

export interface BoundaryFeatureReport {
  /** 1-based position of the feature in the file */
  index: number;
  name: string;
  notes: RepairNote[];
}

export interface BoundaryRejected {
  index: number;
  name: string;
  reason: UnitRejectReason;
  /** specifics (the offending vertex, the limit) */
  detail: string;
  geometryType: string;
}

export interface BoundaryImportResult {
  units: UnitCollection;
  repaired: BoundaryFeatureReport[];
  rejected: BoundaryRejected[];
  matched: number;
  unmatched: { index: number; name: string }[];
  /** features joined to the same 街镇 as an earlier one */
  duplicateMatches: { index: number; name: string; code: string }[];
  /** properties used for the join */
  nameProperty: string | null;
  codeProperty: string | null;
  crsApplied: Crs;
  crsWhy: 'header' | 'user' | 'default';
  crsSuggestion: CrsSuggestion | null;
  /** where pop_est came from, per unit count */
  population: { imported: number; estimated: number; none: number };
  source: string;
}

const NAME_KEYS = ['name', '名称', '街道', '街镇', '街道名称', '街镇名称', '乡镇', '乡镇名称', 'xzqmc', 'jdmc', 'street', 'town', 'name_zh', 'unit', '单元', '单元名称'];
const POP_KEYS = ['population', 'pop', '人口', '常住人口', 'pop_est', '人口数'];
const DISTRICT_KEYS = ['district', '区', '所属区', '区县', 'qxmc', 'district_code'];

function lowerKeys(props: Record<string, unknown>): Map<string, string> {
  const m = new Map<string, string>();
  for (const k of Object.keys(props)) m.set(k.toLowerCase().trim(), k);
  return m;
}

function str(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** Features of any GeoJSON object (FeatureCollection, Feature, bare geometry); entries that are not objects stay (and are rejected with their position). */
export function featuresOf(json: unknown): Feature[] {
  const r = unitFeaturesOf(json);
  if ('error' in r) throw new BoundaryFileError('not-geojson', r.error);
  return r.features as Feature[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The file's own polygons (before conversion and repair) with finite vertices only, for the offset detector. */
function rawPolygonal(g: unknown): Polygon | MultiPolygon | null {
  const p = polygonalOf(g);
  if (!('geometry' in p)) return null;
  const ring = (r: unknown[]) => r.filter((v): v is Position => Array.isArray(v) && Number.isFinite(v[0]) && Number.isFinite(v[1]));
  const polys = (p.geometry.type === 'Polygon' ? [p.geometry.coordinates] : p.geometry.coordinates).map((poly) => poly.map((r) => ring(r as unknown[]))).filter((poly) => poly[0]?.length >= 4);
  return polys.length > 0 ? { type: 'MultiPolygon', coordinates: polys } : null;
}

function allPositions(g: Polygon | MultiPolygon): Position[] {
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
}

/** The property most of whose values name a 街镇 (or look like a code), and the best name-like property. */
function chooseJoinKeys(features: readonly Feature[], index: ReturnType<typeof createStreetIndex> | null) {
  const counts = new Map<string, { names: number; codes: number; strings: number }>();
  for (const f of features) {
    if (!isObject(f) || !isObject(f.properties)) continue;
    for (const [k, v] of Object.entries(f.properties)) {
      const s = str(v);
      if (!s) continue;
      const c = counts.get(k) ?? { names: 0, codes: 0, strings: 0 };
      if (/^31\d{7}/.test(s)) {
        if (!index || index.find(s)) c.codes++;
      } else if (index?.find(s)) c.names++;
      if (typeof v === 'string' && !/^\d+$/.test(s)) c.strings++;
      counts.set(k, c);
    }
  }
  const entries = [...counts.entries()];
  const codeProperty = entries.filter(([, c]) => c.codes > 0).sort((a, b) => b[1].codes - a[1].codes)[0]?.[0] ?? null;
  let nameProperty = entries.filter(([, c]) => c.names > 0).sort((a, b) => b[1].names - a[1].names)[0]?.[0] ?? null;
  if (!nameProperty) {
    const lk = lowerKeys(Object.fromEntries(entries.map(([k]) => [k, 1])));
    const known = NAME_KEYS.find((k) => lk.has(k));
    nameProperty = known ? (lk.get(known) as string) : (entries.filter(([, c]) => c.strings > 0).sort((a, b) => b[1].strings - a[1].strings)[0]?.[0] ?? null);
  }
  return { nameProperty, codeProperty };
}

function propBy(props: Record<string, unknown>, keys: readonly string[]): unknown {
  const lk = lowerKeys(props);
  for (const k of keys) {
    const real = lk.get(k);
    if (real !== undefined) return props[real];
  }
  return undefined;
}

/** Sample points inside a polygon (a grid over its bbox), for the offset detector. */
function interiorSample(g: Polygon | MultiPolygon, n: number): Position[] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const p of allPositions(g)) {
    if (p[0] < minX) minX = p[0];
    if (p[0] > maxX) maxX = p[0];
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  }
  const out: Position[] = [];
  const side = Math.ceil(Math.sqrt(n * 2));
  for (let i = 0; i < side; i++)
    for (let j = 0; j < side; j++) {
      const p: Position = [minX + ((i + 0.5) / side) * (maxX - minX), minY + ((j + 0.5) / side) * (maxY - minY)];
      if (polys.some((poly) => inRing(p, poly[0]) && !poly.slice(1).some((h) => inRing(p, h)))) out.push(p);
    }
  if (out.length <= n) return out;
  const step = out.length / n;
  return Array.from({ length: n }, (_, k) => out[Math.floor(k * step)]);
}

function inRing(p: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Import parsed GeoJSON (any of FeatureCollection, Feature, geometry). */
export function importBoundaryGeoJson(json: unknown, opts: BoundaryImportOptions): BoundaryImportResult {
  const features = featuresOf(json);
  if (features.length === 0) throw new BoundaryFileError('no-features', 'the file has no features');
  let crsApplied: Crs = 'wgs84';
  let crsWhy: BoundaryImportResult['crsWhy'] = 'default';
  const hint = crsHintOf(opts.fileName);
  if (opts.crs && opts.crs !== 'auto') {
    crsApplied = opts.crs;
    crsWhy = 'user';
  } else if (hint) {
    crsApplied = hint;
    crsWhy = 'header';
  }
  const index = opts.streets ? createStreetIndex(opts.streets) : null;
  const { nameProperty, codeProperty } = chooseJoinKeys(features, index);
  const units: UnitFeature[] = [];
  const repaired: BoundaryFeatureReport[] = [];
  const rejected: BoundaryRejected[] = [];
  const unmatched: { index: number; name: string }[] = [];
  const duplicateMatches: { index: number; name: string; code: string }[] = [];
  const usedIds = new Set<string>();
  const detectPoints: RegionPoint[] = [];
  const population = { imported: 0, estimated: 0, none: 0 };
  let matched = 0;
  let vertexTotal = 0;

  features.forEach((f, i) => {
    const props = isObject(f) && isObject(f.properties) ? f.properties : {};
    const rawName = (nameProperty ? str(props[nameProperty]) : '') || (codeProperty ? str(props[codeProperty]) : '');
    const displayName = rawName || `单元 ${i + 1}`;
    if (!isObject(f) || f.type !== 'Feature') {
      rejected.push({ index: i + 1, name: displayName, reason: 'not-a-feature', detail: isObject(f) ? String(f.type ?? '').slice(0, 40) : typeof f, geometryType: '' });
      return;
    }
    const checked = checkUnitGeometry(f.geometry, {
      convert: crsApplied === 'wgs84' ? undefined : (x, y) => toWgs84(x, y, crsApplied),
      repair: opts.repair,
    });
    if (!checked.ok) {
      rejected.push({ index: i + 1, name: displayName, reason: checked.reason, detail: checked.detail, geometryType: checked.geometryType });
      return;
    }
    if (vertexTotal + checked.vertices > UNIT_LIMITS.verticesPerLayer || units.length >= UNIT_LIMITS.units) {
      rejected.push({ index: i + 1, name: displayName, reason: units.length >= UNIT_LIMITS.units ? 'too-many-units' : 'too-many-vertices', detail: '', geometryType: checked.geometry.type });
      return;
    }
    vertexTotal += checked.vertices;
    const { geometry, notes } = checked;
    const g = rawPolygonal(f.geometry);
    if (notes.length > 0) repaired.push({ index: i + 1, name: displayName, notes });

    // join to the 街镇 list
    const codeValue = codeProperty ? str(props[codeProperty]) : '';
    const districtHint = parseDistrict(str(propBy(props, DISTRICT_KEYS))) ?? undefined;
    const street = index ? ((codeValue && index.find(codeValue)) || (rawName && index.find(rawName, districtHint)) || null) : null;
    let id: string;
    let name: string;
    let district: string;
    if (street) {
      matched++;
      id = street.code;
      name = street.name;
      district = street.district;
      if (usedIds.has(id)) {
        duplicateMatches.push({ index: i + 1, name: displayName, code: street.code });
        id = `${street.code}-${i + 1}`;
      }
    } else {
      if (index) unmatched.push({ index: i + 1, name: displayName });
      id = `unit-${i + 1}`;
      name = displayName;
      district = districtHint ?? (/^31\d{4}/.test(codeValue) ? codeValue.slice(0, 6) : '');
    }
    usedIds.add(id);
    const areaKm2 = checked.areaKm2;
    const popValue = propBy(props, POP_KEYS);
    const pop = typeof popValue === 'number' ? popValue : parseCount(str(popValue));
    let pop_est = 0;
    let pop_source = 'unknown';
    if (Number.isFinite(pop) && pop >= 0 && pop <= UNIT_LIMITS.population) {
      pop_est = Math.round(pop);
      pop_source = 'imported';
      population.imported++;
    } else if (district && opts.densityByDistrict?.[district] !== undefined) {
      pop_est = Math.round(areaKm2 * opts.densityByDistrict[district]);
      pop_source = 'census-2020-district-spread';
      population.estimated++;
    } else population.none++;
    const unitProps: UnitProps = { id, name, district, area_km2: Math.round(areaKm2 * 1000) / 1000, pop_est, pop_source };
    units.push({ type: 'Feature', id, properties: unitProps, geometry });
    if (district && g) for (const p of interiorSample(g, 30)) detectPoints.push({ lng: p[0], lat: p[1], keys: [district] });
  });

  const detection = opts.regions && opts.regions.length > 0 ? detectCrsByRegions(detectPoints, opts.regions, crsApplied) : null;
  return {
    units: { type: 'FeatureCollection', features: units },
    repaired,
    rejected,
    matched,
    unmatched,
    duplicateMatches,
    nameProperty,
    codeProperty,
    crsApplied,
    crsWhy,
    crsSuggestion: detection?.suggestion ?? null,
    population,
    source: opts.source,
  };
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Import a boundary file: GeoJSON text (any encoding) or a zipped Shapefile. */
export async function parseBoundaryFile(bytes: Uint8Array, opts: BoundaryImportOptions): Promise<BoundaryImportResult> {
  if (isZip(bytes)) {
    const fc: FeatureCollection = await readZippedShapefile(bytes);
    return importBoundaryGeoJson(fc, opts);
  }
  const { text } = decodeBytes(bytes);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BoundaryFileError('not-geojson', 'the file is neither GeoJSON nor a zipped Shapefile');
  }
  return importBoundaryGeoJson(json, opts);
}
