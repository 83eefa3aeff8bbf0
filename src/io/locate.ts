/**
 * Which district a WGS84 point lies in, from district outlines (regions keyed by
 * 6-digit code). Used to fill the district of imported rows that do not name one.
 */
import { booleanPointInPolygon } from '@turf/turf';
import type { Region } from './crs';

export function createDistrictLocator(regions: readonly Region[]): (lng: number, lat: number) => string | null {
  const districts = regions
    .map((r) => ({ r, code: r.keys.find((k) => /^31\d{4}$/.test(k)) }))
    .filter((d): d is { r: Region; code: string } => d.code !== undefined);
  return (lng, lat) => {
    for (const { r, code } of districts) {
      const [minX, minY, maxX, maxY] = r.bbox;
      if (lng < minX || lng > maxX || lat < minY || lat > maxY) continue;
      if (booleanPointInPolygon([lng, lat], r.geometry)) return code;
    }
    return null;
  };
}
