/** Where a chosen place lies: the district that contains it (or none: outside Shanghai's land). Pure. */
import { booleanPointInPolygon, point } from '@turf/turf';
import type { DistrictFeature } from '../domain/types';
import type { LngLat } from './reach';

function inBbox(at: LngLat, f: DistrictFeature): boolean {
  const b = f.bbox;
  if (!b || b.length < 4) return true;
  return at.lng >= b[0] && at.lat >= b[1] && at.lng <= b[2] && at.lat <= b[3];
}

/** The district whose land outline contains `at`, or null. */
export function districtAt(at: LngLat, districts: readonly DistrictFeature[]): DistrictFeature | null {
  const p = point([at.lng, at.lat]);
  for (const d of districts) if (inBbox(at, d) && booleanPointInPolygon(p, d)) return d;
  return null;
}
