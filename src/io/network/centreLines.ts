/**
 * Road centre lines as planning institutes hand them out: GeoJSON or a zipped Shapefile of
 * LineString / MultiLineString features. Lines meet where they share a vertex (same
 * coordinates to 1e-7°); no tags, so every line is walkable both ways (the rule table is for
 * OSM tags). A `oneway_foot` / `oneway:foot` property of yes / -1 is honoured.
 */
import type { FeatureCollection, Geometry, Position } from 'geojson';
import type { Crs } from '../importTypes';
import { readZippedShapefile } from '../shapefile';
import { NetworkFileError, RawNetworkBuilder, type RawNetwork } from './rawNetwork';
import { footDirection } from './walkRules';

function lineStrings(g: Geometry | null): Position[][] {
  if (!g) return [];
  if (g.type === 'LineString') return [g.coordinates];
  if (g.type === 'MultiLineString') return g.coordinates;
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(lineStrings);
  return [];
}

export function centreLinesFromGeoJson(fc: FeatureCollection, format: 'geojson' | 'shapefile', crs: Crs): RawNetwork {
  const b = new RawNetworkBuilder(format, crs);
  let lines = 0;
  for (const f of fc.features ?? []) {
    b.elements++;
    const props = (f.properties ?? {}) as Record<string, unknown>;
    const dir = footDirection({ 'oneway:foot': String(props['oneway:foot'] ?? props.oneway_foot ?? '') });
    const parts = lineStrings(f.geometry);
    if (parts.length === 0) {
      b.count('not-a-way-for-walking');
      continue;
    }
    b.count('highway-walkable');
    for (const line of parts) {
      const idx: number[] = [];
      for (const p of line) if (Number.isFinite(p[0]) && Number.isFinite(p[1])) idx.push(b.vertex(p[0], p[1]));
      if (idx.length >= 2) {
        b.addWay(idx, dir);
        lines++;
      }
    }
  }
  if (lines === 0) throw new NetworkFileError('no-lines', 'the file holds no LineString or MultiLineString with two or more points');
  return b.finish();
}

export function readGeoJsonLines(text: string, crs: Crs): RawNetwork {
  let fc: FeatureCollection;
  try {
    const parsed = JSON.parse(text) as { type?: string; features?: unknown; geometry?: unknown };
    if (parsed.type === 'FeatureCollection' && Array.isArray(parsed.features)) fc = parsed as FeatureCollection;
    else if (parsed.type === 'Feature') fc = { type: 'FeatureCollection', features: [parsed as FeatureCollection['features'][number]] };
    else if (typeof parsed.type === 'string') fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: parsed as unknown as Geometry }] };
    else throw new Error('not GeoJSON');
  } catch (e) {
    throw new NetworkFileError('bad-geojson', `the GeoJSON file could not be read: ${(e as Error).message}`);
  }
  return centreLinesFromGeoJson(fc, 'geojson', crs);
}

export async function readShapefileLines(bytes: Uint8Array, crs: Crs): Promise<RawNetwork> {
  let fc: FeatureCollection;
  try {
    fc = await readZippedShapefile(bytes);
  } catch (e) {
    throw new NetworkFileError('bad-shapefile', (e as Error).message);
  }
  return centreLinesFromGeoJson(fc, 'shapefile', crs);
}
