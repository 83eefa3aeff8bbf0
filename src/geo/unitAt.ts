/** The planning unit (or any polygon feature) a WGS84 point lies in. Pure. */
import { bbox, booleanPointInPolygon } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

const boxes = new WeakMap<readonly Feature[], Float64Array>();

function boxesOf(features: readonly Feature<Polygon | MultiPolygon>[]): Float64Array {
  let b = boxes.get(features);
  if (!b) {
    b = new Float64Array(features.length * 4);
    features.forEach((f, i) => b!.set(bbox(f.geometry), i * 4));
    boxes.set(features, b);
  }
  return b;
}

/** The first feature whose polygon holds the point (a point on a shared edge goes to either), or null. */
export function featureAt<F extends Feature<Polygon | MultiPolygon>>(features: readonly F[], lng: number, lat: number): F | null {
  const b = boxesOf(features);
  for (let i = 0; i < features.length; i++) {
    const o = i * 4;
    if (lng < b[o] || lat < b[o + 1] || lng > b[o + 2] || lat > b[o + 3]) continue;
    if (booleanPointInPolygon([lng, lat], features[i].geometry)) return features[i];
  }
  return null;
}
