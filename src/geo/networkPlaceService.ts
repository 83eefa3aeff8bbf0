/**
 * Residents' walking over the street network, behind a message-friendly face (the network
 * worker, src/worker/network.worker.ts): from one place, the 5/10/15-minute isochrones
 * (src/geo/network/isochrone.ts) and the reachable facilities ranked by network walking time
 * (computeResidentReach with networkWalkModel's figures); and the facilities inside the network's
 * extent that cannot be linked within the access limit (the import report's "unlinked" list).
 * Plain data in and out.
 *
 * A click does the work of a few km, not of the whole graph: one planar model of the network per
 * graph (built when the graph arrives; a few seconds later one isochrone and one reach walk warm
 * the code up, so that the resident's first click does not pay for it), one Dijkstra bounded at
 * 60 minutes for the reach list on a table of the nodes it touches (placeDistances), and the
 * isochrones.
 */
import type { Facility } from '../domain/types';
import { metresPerMinute, type WalkSpeed } from '../domain/walk';
import type { NetworkGraph } from './network/graph';
import { networkIsochrones, placeDistances, type IsochroneResult } from './network/isochrone';
import type { UnlinkedFacility } from './network/networkCoverage';
import { NetworkModel } from './network/networkModel';
import { networkWalkModel } from './network/networkWalkModel';
import { projectionForBbox } from './projection';
import { buildFacilityIndex, computeResidentReach, type FacilityIndex, type LngLat, type ResidentReach } from './reach';
import type { PlaceWalk, WalkModel } from './walkModel';

export interface NetworkPlaceAnswer {
  /** 'ok': network figures; 'outside': the place is outside the network's extent; 'not-linked': no street within the access limit */
  status: 'ok' | 'outside' | 'not-linked';
  reach: ResidentReach | null;
  isochrones: IsochroneResult | null;
  /** distance to the nearest street when not linked (within 10 × the access limit), metres */
  nearestM: number | null;
}

/** A facility inside the extent that no street is near enough to link (the import report's list: the same rows as the coverage's). */
export type UnlinkedRow = UnlinkedFacility;

export interface NetworkPlaceApi {
  setGraph(graph: NetworkGraph | null, options: { trimM: number; accessM: number }): void;
  setFacilities(facilities: Facility[]): void;
  fromPlace(at: LngLat, categoryIds: string[], walk: WalkSpeed, maxMinutes: number, targets: Record<string, number>): NetworkPlaceAnswer;
  unlinked(): UnlinkedRow[];
}

const CELL_M = 125;
/** the warm-up waits this long after a graph arrives (see setGraph) */
const WARM_UP_DELAY_MS = 4000;

/**
 * The network in a plane fitted to its own extent, with its segment index (the frame and the
 * 100 m extent margin of networkWalkModel's place walking, so the figures are the same).
 */
function modelFor(graph: NetworkGraph): NetworkModel {
  const [a, b, c, d] = graph.extent;
  const projection = projectionForBbox(a, b, c, d);
  const [x0, y0] = projection.forward(a, b), [x1, y1] = projection.forward(c, d);
  const gx0 = Math.floor(Math.min(x0, x1) / CELL_M) * CELL_M - 4 * CELL_M;
  const gy0 = Math.floor(Math.min(y0, y1) / CELL_M) * CELL_M - 4 * CELL_M;
  const nx = Math.ceil((Math.abs(x1 - x0) + 8 * CELL_M) / CELL_M) + 1;
  const ny = Math.ceil((Math.abs(y1 - y0) + 8 * CELL_M) / CELL_M) + 1;
  return new NetworkModel(graph, { projection, cellSize: CELL_M, gx0, gy0, nx, ny }, 100);
}

/**
 * Walking from one place over the network (the residents' reach list), as networkWalkModel's
 * place walking: the place linked to its nearest edge, walked up to 60 minutes; minutes to a
 * point = to the point's nearest edge point, then its access leg. NaN off the network's extent.
 */
function placeWalk(model: NetworkModel, at: LngLat, walk: WalkSpeed, accessM: number): PlaceWalk {
  const proj = model.frame.projection;
  const mpm = metresPerMinute(walk.speedKmh);
  const cutoff = 60 * mpm;
  const [x, y] = proj.forward(at.lng, at.lat);
  const link = model.inExtent(x, y) ? model.link(x, y, accessM) : null;
  const distTo = link ? placeDistances(model, link, cutoff) : null;
  return {
    minutesTo(lng: number, lat: number): number {
      if (!distTo) return NaN;
      const [px, py] = proj.forward(lng, lat);
      if (!model.inExtent(px, py)) return NaN;
      const l = model.link(px, py, accessM);
      if (!l) return Infinity;
      const d = distTo(l.edge, l.off) + l.access;
      return d <= cutoff ? d / mpm : Infinity;
    },
    radiusM: (minutes: number) => minutes * mpm + accessM,
  };
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
  let warmTimer: ReturnType<typeof setTimeout> | undefined;
  let clicked = false;
  const warmUp = (g: NetworkGraph) => {
    const m = (model ??= modelFor(g));
    const n = g.nodeCount >> 1;
    const at = { lng: g.nodeLng[n], lat: g.nodeLat[n] };
    networkIsochrones(m, at.lng, at.lat, [5, 10, 15], 4.5, opts);
    const walk = placeWalk(m, at, { speedKmh: 4.5, detour: 1 }, opts.accessM);
    for (let i = 0; i < 64; i++) walk.minutesTo(at.lng + ((i % 8) - 3.5) * 0.002, at.lat + ((i >> 3) - 3.5) * 0.002, 0);
  };
  const need = () => {
    if (!graph) throw new Error('no network loaded');
    model ??= modelFor(graph);
    return { graph, model };
  };
  return {
    setGraph(g, o) {
      graph = g;
      opts = { ...o };
      model = g ? modelFor(g) : null;
      // a few seconds later (not while the network loads and the planner's figures compute), one
      // isochrone and one reach walk from a node in the middle of the list: the code's first run,
      // slower before the engine has compiled it, then does not fall on the resident's first click
      clearTimeout(warmTimer);
      clicked = false;
      if (g && g.nodeCount > 0) {
        warmTimer = setTimeout(() => { if (graph === g && !clicked) warmUp(g); }, WARM_UP_DELAY_MS);
        (warmTimer as { unref?: () => void }).unref?.(); // Node: a pending warm-up does not keep a script alive
      }
    },
    setFacilities(list) {
      facilities = list;
      // built now (in the worker, when the list changes) rather than on the next click
      index = buildFacilityIndex(facilities);
    },
    fromPlace(at, categoryIds, walk, maxMinutes, targets) {
      clicked = true;
      const { graph: g, model: m } = need();
      if (!inNetworkExtent(g.extent, at)) return { status: 'outside', reach: null, isochrones: null, nearestM: null };
      const iso = networkIsochrones(m, at.lng, at.lat, [5, 10, 15], walk.speedKmh, opts);
      if (!iso.ok) return { status: 'not-linked', reach: null, isochrones: null, nearestM: iso.nearestM };
      index ??= buildFacilityIndex(facilities);
      // one place walk per click (the list asks for it three times)
      const placed = placeWalk(m, at, walk, opts.accessM);
      const walkModel: WalkModel = { ...networkWalkModel(g, opts), fromPlace: (p, w) => (p.lng === at.lng && p.lat === at.lat && w.speedKmh === walk.speedKmh ? placed : placeWalk(m, p, w, opts.accessM)) };
      const reach = computeResidentReach(index, at, categoryIds, walk, maxMinutes, targets, walkModel);
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
