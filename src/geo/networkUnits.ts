/**
 * The land the network figures cover (README "Street network"; the same rule as
 * NetworkCoverage and the command line): each unit's land inside the network's extent. A unit
 * with at least `minShare` of its land inside is clipped to the extent (shrunk by a margin so
 * that every grid cell touching the clipped land has its centre inside the extent, where the
 * engine has network data); other units are left as they are, and the engine reports them as
 * no data (NaN). Residents (pop_est) are scaled with the land kept (even spread, as the
 * district census spread assumes). Pure.
 */
import { area } from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import * as polyclip from 'polyclip-ts';
import type { UnitFeature } from '../domain/types';
import { hasNetworkData, MIN_EXTENT_SHARE } from './network/noData';

export interface ClippedUnits {
  units: UnitFeature[];
  /** unit id → share of its land inside the (shrunk) extent, 0 … 1 */
  insideShare: Map<string, number>;
  /** how many units were clipped (have network figures over their in-extent land) */
  clipped: number;
}

const M_PER_DEG = 111_320;

/** The extent [w, s, e, n] shrunk by `marginM` on every side (null when nothing is left). */
export function shrinkExtent(extent: readonly [number, number, number, number], marginM: number): [number, number, number, number] | null {
  const [w, s, e, n] = extent;
  const dLat = marginM / M_PER_DEG;
  const dLng = marginM / (M_PER_DEG * Math.cos((((s + n) / 2) * Math.PI) / 180));
  const out: [number, number, number, number] = [w + dLng, s + dLat, e - dLng, n - dLat];
  return out[0] < out[2] && out[1] < out[3] ? out : null;
}

export function clipUnitsToExtent(units: readonly UnitFeature[], extent: readonly [number, number, number, number], opts: { marginM?: number; minShare?: number } = {}): ClippedUnits {
  const box = shrinkExtent(extent, opts.marginM ?? 100);
  const minShare = opts.minShare ?? MIN_EXTENT_SHARE;
  const insideShare = new Map<string, number>();
  let clipped = 0;
  if (!box) return { units: units.slice(), insideShare, clipped };
  const [w, s, e, n] = box;
  const rect: Position[][] = [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
  const out = units.map((u) => {
    const [bw, bs, be, bn] = bboxOf(u.geometry);
    if (be < w || bw > e || bn < s || bs > n) {
      insideShare.set(u.properties.id, 0);
      return u;
    }
    const polys = u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates;
    const inter = polyclip.intersection(polys as polyclip.Geom, [rect] as polyclip.Geom) as Position[][][];
    const whole = area(u);
    const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: inter };
    const kept = inter.length ? area({ type: 'Feature', properties: {}, geometry }) : 0;
    const share = whole > 0 ? Math.min(1, kept / whole) : 0;
    insideShare.set(u.properties.id, share);
    if (!hasNetworkData(share, minShare)) return u;
    clipped++;
    return {
      ...u,
      geometry: (inter.length === 1 ? { type: 'Polygon', coordinates: inter[0] } : geometry) as Polygon | MultiPolygon,
      properties: { ...u.properties, area_km2: u.properties.area_km2 * share, pop_est: u.properties.pop_est * share },
    };
  });
  return { units: out, insideShare, clipped };
}

function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const ring of rings) for (const [x, y] of ring) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}
