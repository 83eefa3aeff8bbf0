/** Great-circle distance for the reach module (haversine on the mean Earth radius, as Turf uses). */

/** Mean Earth radius in metres (IUGG), the value @turf/helpers uses. */
export const EARTH_RADIUS_M = 6371008.8;

const RAD = Math.PI / 180;

/** Haversine distance in metres between two WGS84 points. */
export function haversineM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinDLng = Math.sin(((lng2 - lng1) * RAD) / 2);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLng * sinDLng;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
