/**
 * Ask the browser for the user's position and classify the outcome, so the panel can
 * say clearly what happened: denied, unavailable, timed out, unsupported, or outside Shanghai.
 */
import type { DistrictFeature } from '../../domain/types';
import type { LngLat } from '../../geo/reach';
import { districtAt } from '../../geo/reachPlace';

export type GeoOutcome =
  | { kind: 'ok'; at: LngLat; district: DistrictFeature }
  | { kind: 'outside'; at: LngLat }
  | { kind: 'denied' | 'unavailable' | 'timeout' | 'unsupported' };

/** GeolocationPositionError codes (constants, so tests can fake the API). */
const PERMISSION_DENIED = 1;
const TIMEOUT = 3;

export function locate(
  geolocation: Geolocation | undefined,
  districts: readonly DistrictFeature[],
  secure = true,
): Promise<GeoOutcome> {
  if (!geolocation || !secure) return Promise.resolve({ kind: 'unsupported' });
  return new Promise((resolve) => {
    geolocation.getCurrentPosition(
      (pos) => {
        const at = { lng: pos.coords.longitude, lat: pos.coords.latitude };
        const district = districtAt(at, districts);
        resolve(district ? { kind: 'ok', at, district } : { kind: 'outside', at });
      },
      (err) => {
        resolve({ kind: err.code === PERMISSION_DENIED ? 'denied' : err.code === TIMEOUT ? 'timeout' : 'unavailable' });
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  });
}
