/** GeoJSON for the 5/10/15-minute walking reach around a chosen place (geodesic circles). */
import { circle } from '@turf/turf';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { reachRadiusM, type WalkSpeed } from '../domain/walk';
import { REACH_MINUTES, type LngLat, type ReachBand } from './reach';

export interface ReachRingProps {
  minutes: ReachBand;
  radiusM: number;
}

/** Three circles, largest first (so smaller ones draw on top), each with its minutes and radius. */
export function reachRings(at: LngLat, walk: WalkSpeed, steps = 72): FeatureCollection<Polygon, ReachRingProps> {
  const features: Feature<Polygon, ReachRingProps>[] = [...REACH_MINUTES].reverse().map((minutes) => {
    const radiusM = reachRadiusM(minutes, walk);
    const c = circle([at.lng, at.lat], radiusM / 1000, { steps, units: 'kilometers' });
    return { type: 'Feature', geometry: c.geometry, properties: { minutes, radiusM } };
  });
  return { type: 'FeatureCollection', features };
}

/** The chosen place as a point feature. */
export function reachPoint(at: LngLat): FeatureCollection<Point, Record<string, never>> {
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [at.lng, at.lat] }, properties: {} }],
  };
}
