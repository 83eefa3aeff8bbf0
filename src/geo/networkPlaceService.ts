/**
 * Residents' walking over the street network, behind a message-friendly face (the network
 * worker, src/worker/network.worker.ts): from one place, the 5/10/15-minute isochrones
 * (src/geo/network/isochrone.ts) and the reachable facilities ranked by network walking time
 * (computeResidentReach with networkWalkModel); and the facilities inside the network's extent
 * that cannot be linked within the access limit (the import report's "unlinked" list).
 * Plain data in and out.
 */
import type { Facility } from '../domain/types';
import type { WalkSpeed } from '../domain/walk';
import type { NetworkGraph } from './network/graph';
import { networkIsochrones, type IsochroneResult } from './network/isochrone';
import { NetworkModel } from './network/networkModel';
import { networkWalkModel } from './network/networkWalkModel';
import { projectionForBbox } from './projection';
import { buildFacilityIndex, computeResidentReach, type FacilityIndex, type LngLat, type ResidentReach } from './reach';

export interface NetworkPlaceAnswer {
  /** 'ok': network figures; 'outside': the place is outside the network's extent; 'not-linked': no street within the access limit */
  status: 'ok' | 'outside' | 'not-linked';
  reach: ResidentReach | null;
  isochrones: IsochroneResult | null;
  /** distance to the nearest street when not linked (within 10 × the access limit), metres */
  nearestM: number | null;
}

export interface UnlinkedRow {
  id: string;
  name: string;
  lng: number;
  lat: number;
  categories: string[];
  /** distance to the nearest street within 5 × the access limit, else null */
  nearestEdgeM: number | null;
}

export interface NetworkPlaceApi {
  setGraph(graph: NetworkGraph | null, options: { trimM: number; accessM: number }): void;
  setFacilities(facilities: Facility[]): void;
  fromPlace(at: LngLat, categoryIds: string[], walk: WalkSpeed, maxMinutes: number, targets: Record<string, number>): NetworkPlaceAnswer;
  unlinked(): UnlinkedRow[];
}

const CELL_M = 125;

/** The network in a plane fitted to its own extent (a local azimuthal projection), with its segment index. */
function modelFor(graph: NetworkGraph): NetworkModel {
  const [a, b, c, d] = graph.extent;
  const projection = projectionForBbox(a, b, c, d);
  const [x0, y0] = projection.forward(a, b), [x1, y1] = projection.forward(c, d);
  const gx0 = Math.floor(Math.min(x0, x1) / CELL_M) * CELL_M - 4 * CELL_M;
  const gy0 = Math.floor(Math.min(y0, y1) / CELL_M) * CELL_M - 4 * CELL_M;
  const nx = Math.ceil((Math.abs(x1 - x0) + 8 * CELL_M) / CELL_M) + 1;
  const ny = Math.ceil((Math.abs(y1 - y0) + 8 * CELL_M) / CELL_M) + 1;
  return new NetworkModel(graph, { projection, cellSize: CELL_M, gx0, gy0, nx, ny }, 0);
}

export function inNetworkExtent(extent: readonly [number, number, number, number], at: LngLat): boolean {
  return at.lng >= extent[0] && at.lng <= extent[2] && at.lat >= extent[1] && at.lat <= extent[3];
}

export function createNetworkPlaceService(): NetworkPlaceApi {
  let graph: NetworkGraph | null = null;
  let opts = { trimM: 100, accessM: 200 };
  let model: NetworkModel | null = null;
  let facilities: Facility[] = [];
  let index: FacilityIndex | null = null;
  const need = () => {
    if (!graph) throw new Error('no network loaded');
    model ??= modelFor(graph);
    return { graph, model };
  };
  return {
    setGraph(g, o) {
      graph = g;
      opts = { ...o };
      model = null;
    },
    setFacilities(list) {
      facilities = list;
      index = null;
    },
    fromPlace(at, categoryIds, walk, maxMinutes, targets) {
      const { graph: g, model: m } = need();
      if (!inNetworkExtent(g.extent, at)) return { status: 'outside', reach: null, isochrones: null, nearestM: null };
      const iso = networkIsochrones(m, at.lng, at.lat, [5, 10, 15], walk.speedKmh, opts);
      if (!iso.ok) return { status: 'not-linked', reach: null, isochrones: null, nearestM: iso.nearestM };
      index ??= buildFacilityIndex(facilities);
      const reach = computeResidentReach(index, at, categoryIds, walk, maxMinutes, targets, networkWalkModel(g, opts));
      return { status: 'ok', reach, isochrones: iso, nearestM: null };
    },
    unlinked() {
      const { graph: g, model: m } = need();
      const proj = m.frame.projection;
      const out: UnlinkedRow[] = [];
      for (const f of facilities) {
        if (!inNetworkExtent(g.extent, f)) continue;
        const [x, y] = proj.forward(f.lng, f.lat);
        if (m.link(x, y, opts.accessM)) continue;
        const far = m.link(x, y, opts.accessM * 5);
        out.push({ id: f.id, name: f.name, lng: f.lng, lat: f.lat, categories: f.categories.slice(), nearestEdgeM: far ? Math.round(far.access * 10) / 10 : null });
      }
      return out;
    },
  };
}
