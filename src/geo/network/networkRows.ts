/**
 * Network results as rows and GeoJSON with "where the straight line lies": per unit, district
 * and city, the circle share minus the network share over the same land (the part of the unit
 * inside the network's extent). Shared by the command line and the app's exports. Pure.
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { Category, UnitFeature } from '../../domain/types';
import type { CoverageResult } from '../coverageTypes';
import { groupRows, resultMetadata, unitFeatureCollection, unitRows, type Cell, type UnitResultProps } from '../resultRows';
import type { UnitGrid } from '../unitGrid';
import type { NetworkCoverageResult, UnlinkedFacility } from './networkCoverage';

const round = (v: number, d: number): number | null => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);

/** Per-cell circle fractions of one slot, as the circle engine's cellState gives them. */
export interface SlotCells {
  frac: Float32Array;
  pieceFrac: Float32Array;
}

export interface Overstatement {
  /** circle-covered m² over each unit's in-extent land, unit-major [u * S + s] (0 for no-data units) */
  circleM2: Float64Array;
  /** district code → per slot [circle m², network m², area m²] */
  groups: Map<string, { circle: number[]; network: number[]; area: number }>;
}

/** Circle coverage over exactly the land the network figures use (cells inside the extent). */
export function overstatement(net: NetworkCoverageResult, grid: UnitGrid, cellIn: Uint8Array, circleSlots: readonly SlotCells[]): Overstatement {
  const U = grid.unitCount, S = net.slots.length;
  const circleM2 = new Float64Array(U * S);
  const groups: Overstatement['groups'] = new Map();
  const add = (code: string, u: number) => {
    let g = groups.get(code);
    if (!g) groups.set(code, (g = { circle: new Array(S).fill(0), network: new Array(S).fill(0), area: 0 }));
    g.area += net.unitAreaM2[u];
    for (let s = 0; s < S; s++) {
      g.circle[s] += circleM2[u * S + s];
      g.network[s] += net.coveredM2[u * S + s];
    }
  };
  for (let u = 0; u < U; u++) {
    if (net.network.noData[u]) continue;
    for (let s = 0; s < S; s++) {
      const { frac, pieceFrac } = circleSlots[s];
      let cov = 0;
      for (let e = grid.unitEntryStart[u]; e < grid.unitEntryStart[u + 1]; e++) {
        const cell = grid.entryCell[e];
        if (!cellIn[cell]) continue;
        const p = grid.entryPiece[e];
        cov += grid.entryWeight[e] * (p < 0 ? frac[cell] : pieceFrac[p]);
      }
      circleM2[u * S + s] = cov;
    }
    add(net.unitDistrict[u], u);
    add('city', u);
  }
  return { circleM2, groups };
}

export const NETWORK_UNIT_EXTRA = ['network_extent_share_pct', 'no_network_data', 'circle_share_pct', 'overstatement_pp'] as const;

/** The usual unit rows (network figures) with the extent share, the no-data flag, the circle share and the overstatement. */
export function networkUnitRows(net: NetworkCoverageResult, over: Overstatement, units: readonly UnitFeature[], categories: readonly Category[]): Cell[][] {
  const base = unitRows(net, units, categories);
  const S = net.slots.length;
  const out: Cell[][] = [[...base[0], ...NETWORK_UNIT_EXTRA]];
  for (let i = 1; i < base.length; i++) {
    const u = Math.floor((i - 1) / S), s = (i - 1) % S;
    const area = net.unitAreaM2[u];
    const nd = net.network.noData[u] === 1;
    const circle = area > 0 ? (100 * over.circleM2[u * S + s]) / area : NaN;
    const netShare = area > 0 ? (100 * net.coveredM2[u * S + s]) / area : NaN;
    out.push([...base[i], round(100 * net.network.unitExtentShare[u], 2), nd ? 1 : 0, nd ? null : round(circle, 4), nd ? null : round(circle - netShare, 4)]);
  }
  return out;
}

export function networkGroupRows(net: NetworkCoverageResult, over: Overstatement, categories: readonly Category[]): Cell[][] {
  const base = groupRows(net, categories);
  const out: Cell[][] = [[...base[0], 'circle_share_pct', 'overstatement_pp']];
  for (let i = 1; i < base.length; i++) {
    const code = String(base[i][0]);
    const s = net.slots.indexOf(String(base[i][1]));
    const g = over.groups.get(code);
    const circle = g && g.area > 0 ? (100 * g.circle[s]) / g.area : NaN;
    const netShare = g && g.area > 0 ? (100 * g.network[s]) / g.area : NaN;
    out.push([...base[i], round(circle, 4), round(circle - netShare, 4)]);
  }
  return out;
}

/** Units with network figures plus no_network_data, extent share and over_<slot> (pp). */
export function networkUnitFeatures(
  net: NetworkCoverageResult, over: Overstatement, units: readonly UnitFeature[],
): FeatureCollection<Polygon | MultiPolygon, UnitResultProps> & { metadata: Record<string, unknown> } {
  const fc = unitFeatureCollection(net, units);
  const S = net.slots.length;
  fc.features.forEach((f, u) => {
    const nd = net.network.noData[u] === 1;
    f.properties.no_network_data = nd ? 1 : 0;
    f.properties.network_extent_share_pct = round(100 * net.network.unitExtentShare[u], 2);
    net.slots.forEach((slot, s) => {
      const area = net.unitAreaM2[u];
      f.properties[`over_${slot}`] = nd || area <= 0 ? null : round((100 * (over.circleM2[u * S + s] - net.coveredM2[u * S + s])) / area, 4);
    });
  });
  fc.metadata = networkMetadata(net);
  return fc;
}

export function networkMetadata(net: NetworkCoverageResult): Record<string, unknown> {
  const { unitExtentShare: _a, noData: _b, unlinked, ...rest } = net.network;
  return {
    ...resultMetadata(net as CoverageResult),
    mode: 'network',
    network: { ...rest, unlinkedCount: unlinked.length },
    networkNote: 'network walking model (README "Street network"): reach along walkable edges from each facility\'s nearest edge point, places within the trim distance of the reached network; no detour factor. Figures cover each unit\'s land inside the network\'s extent: a unit with at least half of its land inside the extent shrunk by 100 m is clipped to it (network_extent_share_pct), and a unit whose grid cells do not all lie inside the extent (minExtentShare 1) is "no network data" (null), never 0 %. Walking times are computed up to twice each category\'s minutes: an empty time cell means beyond that (or no facility).',
    attribution: '© OpenStreetMap contributors, ODbL 1.0 (when the network comes from OpenStreetMap)',
  };
}

export function unlinkedRows(list: readonly UnlinkedFacility[]): Cell[][] {
  return [['id', 'name', 'lng', 'lat', 'categories', 'nearest_edge_m'], ...list.map((f) => [f.id, f.name, f.lng, f.lat, f.categories.join(';'), f.nearestEdgeM])];
}
