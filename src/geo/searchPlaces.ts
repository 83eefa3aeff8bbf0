/** Turn loaded data (districts, 街镇 outlines, facilities) into place-search entries. Pure. */
import { area, bbox, booleanPointInPolygon, centroid, pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { DistrictFeature, Facility } from '../domain/types';
import type { PlaceEntry } from './search';

/** A point inside the area: the centroid of its largest part when that lies inside, else a point on its surface. */
export function representativePoint(geometry: Polygon | MultiPolygon): [number, number] {
  const parts: Polygon[] =
    geometry.type === 'Polygon' ? [geometry] : geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  let largest = parts[0];
  let largestArea = -1;
  for (const p of parts) {
    const a = area(p);
    if (a > largestArea) [largest, largestArea] = [p, a];
  }
  const feature: Feature<Polygon> = { type: 'Feature', geometry: largest, properties: {} };
  const c = centroid(feature);
  if (booleanPointInPolygon(c, feature)) return c.geometry.coordinates as [number, number];
  return pointOnFeature(feature).geometry.coordinates as [number, number];
}

function bbox4(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const b = bbox(geometry);
  return [b[0], b[1], b[2], b[3]];
}

export function districtPlaces(districts: readonly DistrictFeature[]): PlaceEntry[] {
  return districts.map((d) => {
    const [lng, lat] = representativePoint(d.geometry);
    return {
      id: d.properties.code,
      kind: 'district',
      label: d.properties.name_zh,
      aliases: d.properties.name_en ? [d.properties.name_en] : [],
      district: d.properties.code,
      lng,
      lat,
      bbox: bbox4(d.geometry),
    };
  });
}

/** 街镇 outlines (imported); any polygon feature with an id and a name. */
export interface StreetLike {
  id: string;
  name: string;
  district?: string;
  geometry: Polygon | MultiPolygon;
}

export function streetPlaces(streets: readonly StreetLike[]): PlaceEntry[] {
  return streets
    .filter((s) => s.name.trim() !== '')
    .map((s) => {
      const [lng, lat] = representativePoint(s.geometry);
      return { id: s.id, kind: 'street', label: s.name, district: s.district, lng, lat, bbox: bbox4(s.geometry) };
    });
}

/** geodata/place-names.json: named OpenStreetMap places (built by scripts/lib/placeNames.ts). */
export interface PlaceNamesFile {
  note: string;
  licence: string;
  crs: string;
  columns: ['name', 'kind', 'lng', 'lat', 'district', 'pinyin'];
  rows: [string, 'metro' | 'bus' | 'poi', number, number, string, string][];
}

export function gazetteerPlaces(file: PlaceNamesFile): PlaceEntry[] {
  return file.rows.map(([label, kind, lng, lat, district, py], i) => ({ id: `g${i}`, kind, label, district, lng, lat, pinyin: py || undefined }));
}

/** Loaded facilities as places; OpenStreetMap ones are searched through the gazetteer instead. */
export function facilityPlaces(facilities: readonly Facility[]): PlaceEntry[] {
  return facilities
    .filter((f) => !f.osm && Number.isFinite(f.lng) && Number.isFinite(f.lat) && f.name.trim() !== '')
    .map((f) => ({ id: f.id, kind: 'facility', label: f.name, district: f.district, lng: f.lng, lat: f.lat }));
}
