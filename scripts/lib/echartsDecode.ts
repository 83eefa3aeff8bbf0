/**
 * Decoder for the compressed GeoJSON that echarts 4 ships (UTF8Encoding: true):
 * each ring is a string of character pairs, zig-zag encoded deltas from the ring's
 * encodeOffsets, quantised to 1/UTF8Scale degrees (1024 by default).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

export interface EchartsFeature {
  id?: string;
  type: 'Feature';
  properties: { name: string; cp?: [number, number] };
  geometry:
    | { type: 'Polygon'; coordinates: string[]; encodeOffsets: [number, number][] }
    | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: [number, number][][] };
}
export interface EchartsGeoJson { type: 'FeatureCollection'; UTF8Encoding?: boolean; UTF8Scale?: number; features: EchartsFeature[] }
export interface DecodedFeature { id?: string; properties: { name: string; cp?: [number, number] }; geometry: Polygon | MultiPolygon }

const unzigzag = (v: number) => (v >> 1) ^ -(v & 1);

export function decodeRing(encoded: string, offset: [number, number], scale: number): Position[] {
  const ring: Position[] = [];
  let x = offset[0];
  let y = offset[1];
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    x += unzigzag(encoded.charCodeAt(i) - 64);
    y += unzigzag(encoded.charCodeAt(i + 1) - 64);
    ring.push([x / scale, y / scale]);
  }
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (first && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  return ring;
}

export function decodeEchartsGeo(json: EchartsGeoJson): { features: DecodedFeature[] } {
  const scale = json.UTF8Scale ?? 1024;
  const features = json.features.map((f): DecodedFeature => {
    const g = f.geometry;
    const geometry: Polygon | MultiPolygon =
      g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: g.coordinates.map((r, i) => decodeRing(r, g.encodeOffsets[i], scale)) }
        : { type: 'MultiPolygon', coordinates: g.coordinates.map((p, i) => p.map((r, j) => decodeRing(r, g.encodeOffsets[i][j], scale))) };
    return { id: f.id, properties: f.properties, geometry };
  });
  return { features };
}
