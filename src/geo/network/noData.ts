/**
 * The "no network data" rule, in one place (README "Street network"): a unit
 * gets network figures only when at least `minShare` of its land lies inside the network's
 * extent; otherwise it is no data, never 0 %. NetworkCoverage (grid entries) and the units
 * clipped for the engine (networkUnits.ts, polygons) both measure the share and ask this.
 */
export const MIN_EXTENT_SHARE = 0.5;

export function hasNetworkData(insideShare: number, minShare = MIN_EXTENT_SHARE): boolean {
  return insideShare > 0 && insideShare >= minShare;
}
