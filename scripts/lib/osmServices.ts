/**
 * OpenStreetMap service points and bus stops → the compact shipped layer geodata/osm-services.json.
 * Every point goes through the crosswalk (geodata/osm-crosswalk.json) and gets a district:
 * the one it lies in, else the nearest one (points on shores and river banks just outside the
 * ~100 m district outlines), never dropped silently.
 */
import { readFileSync } from 'node:fs';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import { compileCrosswalk, osmName, type Crosswalk, type OsmTags } from '../../src/domain/osmCrosswalk.ts';
import type { DistrictProps } from '../../src/domain/types.ts';
import type { OsmServicesFile } from '../../src/data/osmServices.ts';

type District = Feature<Polygon | MultiPolygon, DistrictProps>;

export interface OsmPoint { osm: string; name: string; nameEn: string; lng: number; lat: number; tags: OsmTags }

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function readOsmPois(path: string): OsmPoint[] {
  const fc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection<Point, OsmTags>;
  return fc.features.map((f) => {
    const t = f.properties;
    return {
      osm: `${String(t.osm_type)[0]}${t.osm_id}`,
      name: osmName(t),
      nameEn: typeof t['name:en'] === 'string' ? t['name:en'] : '',
      lng: round6(f.geometry.coordinates[0]),
      lat: round6(f.geometry.coordinates[1]),
      tags: t,
    };
  });
}

/** The bus-stop CSV: osm_type,osm_id,lng,lat,name (names may be quoted). */
export function readBusStops(path: string): OsmPoint[] {
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim());
  const head = lines[0].split(',');
  if (head.join() !== 'osm_type,osm_id,lng,lat,name') throw new Error(`unexpected bus-stop header: ${lines[0]}`);
  return lines.slice(1).map((line) => {
    const m = /^([^,]*),([^,]*),([^,]*),([^,]*),(.*)$/.exec(line);
    if (!m) throw new Error(`bad bus-stop line: ${line}`);
    const name = m[5].replace(/^"(.*)"$/, '$1').replace(/""/g, '"').trim();
    return { osm: `${m[1][0]}${m[2]}`, name, nameEn: '', lng: round6(Number(m[3])), lat: round6(Number(m[4])), tags: { highway: 'bus_stop', name } };
  });
}

/** District code of a point: containing district, else the nearest one (and how far it was). */
export function districtLocator(districts: District[]) {
  const boxes = districts.map((d) => ({ d, bbox: turf.bbox(d), lines: null as Feature<LineString>[] | null }));
  return (lng: number, lat: number): { code: string; outsideM: number } => {
    for (const b of boxes) {
      const [x0, y0, x1, y1] = b.bbox;
      if (lng < x0 || lng > x1 || lat < y0 || lat > y1) continue;
      if (turf.booleanPointInPolygon([lng, lat], b.d)) return { code: b.d.properties.code, outsideM: 0 };
    }
    let best = { code: '', outsideM: Infinity };
    for (const b of boxes) {
      b.lines ??= turf.flatten(turf.polygonToLine(b.d) as FeatureCollection<LineString | MultiLineString>).features as Feature<LineString>[];
      for (const l of b.lines) {
        const m = turf.pointToLineDistance([lng, lat], l, { units: 'meters' });
        if (m < best.outsideM) best = { code: b.d.properties.code, outsideM: m };
      }
    }
    return best;
  };
}

export interface OsmBuildReport {
  pois: number;
  busStops: number;
  kept: number;
  leftOut: Record<string, number>;
  noRule: Record<string, number>;
  nearestDistrict: { pois: number; stops: number; over1km: number; maxM: number };
  byCategory: Record<string, { exact: number; proxy: number }>;
  byDistrict: Record<string, number>;
}

const mainTag = (t: OsmTags) => {
  for (const k of ['amenity', 'shop', 'leisure', 'healthcare', 'railway', 'highway']) if (t[k]) return `${k}=${t[k]}`;
  return 'other';
};

export function buildOsmServices(pois: OsmPoint[], stops: OsmPoint[], crosswalk: Crosswalk, districts: District[], meta: { vintage: string; source: string }): { file: OsmServicesFile; report: OsmBuildReport } {
  const match = compileCrosswalk(crosswalk);
  const locate = districtLocator(districts);
  const ruleIndex = new Map(crosswalk.rules.map((r, i) => [r.id, i]));
  const report: OsmBuildReport = { pois: pois.length, busStops: stops.length, kept: 0, leftOut: {}, noRule: {}, nearestDistrict: { pois: 0, stops: 0, over1km: 0, maxM: 0 }, byCategory: {}, byDistrict: {} };
  const rows: OsmServicesFile['rows'] = [];
  const seen = new Set<string>();
  for (const p of [...pois, ...stops]) {
    if (seen.has(p.osm)) continue;
    seen.add(p.osm);
    const rule = match(p.tags);
    if (!rule) {
      const k = mainTag(p.tags);
      report.noRule[k] = (report.noRule[k] ?? 0) + 1;
      continue;
    }
    if (rule.categories.length === 0) {
      report.leftOut[rule.id] = (report.leftOut[rule.id] ?? 0) + 1;
      continue;
    }
    const { code, outsideM } = locate(p.lng, p.lat);
    if (outsideM > 0) {
      if (p.tags.highway === 'bus_stop') report.nearestDistrict.stops++;
      else report.nearestDistrict.pois++;
      if (outsideM > 1000) report.nearestDistrict.over1km++;
      report.nearestDistrict.maxM = Math.max(report.nearestDistrict.maxM, Math.round(outsideM));
    }
    report.kept++;
    report.byDistrict[code] = (report.byDistrict[code] ?? 0) + 1;
    for (const c of rule.categories) {
      report.byCategory[c] ??= { exact: 0, proxy: 0 };
      report.byCategory[c][rule.fit]++;
    }
    rows.push([p.osm, p.name, p.lng, p.lat, code, ruleIndex.get(rule.id)!, p.nameEn]);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const file: OsmServicesFile = {
    source: meta.source,
    licence: 'ODbL 1.0 — © OpenStreetMap contributors (https://www.openstreetmap.org/copyright)',
    vintage: meta.vintage,
    crs: 'EPSG:4326 (WGS84)',
    notExtracted: ['pharmacy', 'community_centre', 'social_facility (nursing homes)', 'library'],
    rules: crosswalk.rules.map((r) => ({ id: r.id, categories: r.categories, fit: r.fit, tag: Object.entries(r.tags).map(([k, v]) => `${k}=${v}`).join(' + '), note: r.note })),
    columns: ['osm', 'name', 'lng', 'lat', 'district', 'rule', 'name_en'],
    rows,
  };
  return { file, report };
}
