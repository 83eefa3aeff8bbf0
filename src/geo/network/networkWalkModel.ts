/**
 * The street-network walk model behind the engine's WalkModel interface (walkModel.ts), so the
 * coverage engine, trial sites, siting and residents' reach work on the network unchanged.
 * Each category kernel links its facilities to the nearest walkable edge, runs the multi-source
 * Dijkstra (reachField.ts) and fills cells with the exact cover field (coverField.ts); cells
 * outside the network's extent are no data (NaN). The same model as NetworkCoverage and the
 * CLI; scripts/network_check.py checks it against networkx and GEOS.
 */
import { metresPerMinute, minutesFor, type WalkParams, type WalkSpeed } from '../../domain/walk';
import type { DiscSet } from '../exactCover';
import type { UnitGrid } from '../unitGrid';
import type { CategoryKernel, CoverOut, KernelInput, PlaceWalk, WalkModel } from '../walkModel';
import { coverArea, coverAreaParts, type CoverPart, type ErrorSink } from './coverField';
import { dijkstraBuffers, type DijkstraBuffers } from './dijkstra';
import type { NetworkGraph } from './graph';
import { COARSE_UNIT_AREA_M2, DEFAULT_NETWORK_DEPTH, NetworkGrid } from './networkGrid';
import { NetworkModel } from './networkModel';
import { CategoryReach, type LinkedFacility } from './reachField';
import { pieceRings } from '../unitGrid';
import { projectionForBbox } from '../projection';

export interface NetworkWalkOptions {
  trimM?: number;
  accessM?: number;
  /** quadtree depth per cell (networkGrid.ts: DEFAULT_NETWORK_DEPTH, one less in cells of large units) */
  maxDepth?: number;
  /** see NetworkOptions.coarseUnitAreaM2 (default COARSE_UNIT_AREA_M2) */
  coarseUnitAreaM2?: number;
  /** walking costs are computed up to this multiple of the category's minutes (default 2) */
  timeCutoffFactor?: number;
  /** spacing of the discs that stand for a capsule when completeness intersects categories (m) */
  discStepM?: number;
}

class NetworkKernel implements CategoryKernel {
  readonly reachM: number;
  private reach: CategoryReach;
  private readonly budgetM: number;
  private readonly mpm: number;
  private readonly buf: DijkstraBuffers;

  constructor(private readonly net: NetworkGrid, params: WalkParams, minutes: number, private readonly o: Required<NetworkWalkOptions>) {
    this.mpm = metresPerMinute(params.speedKmh);
    this.budgetM = this.mpm * minutes;
    this.reachM = this.budgetM + o.trimM;
    this.buf = dijkstraBuffers(net.model.graph);
    this.reach = new CategoryReach(net.model, [], this.budgetM, o.trimM, this.budgetM * o.timeCutoffFactor, this.buf);
  }

  get hasFacilities(): boolean {
    return this.reach.sources.length > 0;
  }

  setPoints(xs: Float64Array, ys: Float64Array): void {
    // points already linked keep their link (and its uid), matched by position
    const prev = new Map<string, LinkedFacility[]>();
    for (const p of this.placed) {
      const key = `${p.x},${p.y}`;
      const list = prev.get(key);
      if (list) list.push(p.f);
      else prev.set(key, [p.f]);
    }
    const sources: LinkedFacility[] = [];
    const placed: { x: number; y: number; f: LinkedFacility }[] = [];
    let fresh = 0;
    for (let i = 0; i < xs.length; i++) {
      const old = prev.get(`${xs[i]},${ys[i]}`)?.pop();
      let f: LinkedFacility | null = null;
      if (old) f = { index: i, uid: old.uid, link: old.link };
      else {
        fresh++;
        const link = this.net.model.link(xs[i], ys[i], this.o.accessM);
        if (link) f = { index: i, uid: this.nextUid++, link };
      }
      if (f) {
        sources.push(f);
        placed.push({ x: xs[i], y: ys[i], f });
      }
    }
    let gone = 0;
    for (const list of prev.values()) gone += list.length;
    const small = fresh + gone <= 8 && this.placed.length > 0;
    this.placed = placed;
    if (small && this.reach.nodeSource) {
      // a few points moved (a trial site): repair the distances in place (reachField.updateSources)
      this.reach.updateSources(sources, this.buf.heap);
      return;
    }
    this.reach = new CategoryReach(this.net.model, sources, this.budgetM, this.o.trimM, this.budgetM * this.o.timeCutoffFactor, this.buf);
  }

  private placed: { x: number; y: number; f: LinkedFacility }[] = [];
  private nextUid = 0;

  minutes(cost: number): number {
    return cost / this.mpm;
  }

  fillBlock(b: number, out: CoverOut): void {
    const g = this.net.grid;
    const h = g.cellSize;
    const depth = this.net.depths(this.o.maxDepth, this.o.coarseUnitAreaM2);
    for (let cell = g.blockStart[b]; cell < g.blockStart[b + 1]; cell++) {
      if (!this.net.cellIn[cell]) {
        out.setNoData(cell);
        out.cost[cell] = NaN;
        continue;
      }
      out.cost[cell] = this.net.cellTime(this.reach, cell);
      if (this.net.wholeCovered(this.reach, cell)) {
        out.setWhole(cell, 1);
        continue;
      }
      const set = this.net.fieldSet(this.reach, cell);
      if (!set) {
        out.setWhole(cell, 0);
        continue;
      }
      const x0 = g.cellCx[cell] - h / 2, y0 = g.cellCy[cell] - h / 2;
      const p0 = g.cellPieceStart[cell], p1 = g.cellPieceStart[cell + 1];
      if (p1 === p0) {
        const sink: ErrorSink = { err: 0 };
        const a = coverArea(x0, y0, x0 + h, y0 + h, null, [set], sink, 0, depth[cell]);
        out.setMeasured(cell, a / (h * h), sink.err / (h * h));
        continue;
      }
      // the cell and its units' pieces in one descent
      const parts: CoverPart[] = [{ slot: 0, rings: null }];
      for (let k = p0; k < p1; k++) parts.push({ slot: k - p0 + 1, rings: pieceRings(g, g.cellPieces[k]) });
      const area = new Float64Array(parts.length), err = new Float64Array(parts.length);
      coverAreaParts(x0, y0, x0 + h, y0 + h, parts, [set], area, err, 0, depth[cell]);
      out.setMeasured(cell, area[0] / (h * h), err[0] / (h * h));
      for (let k = p0; k < p1; k++) {
        const p = g.cellPieces[k];
        out.setPieceMeasured(p, Math.min(1, area[k - p0 + 1] / g.pieceArea[p]), err[k - p0 + 1] / g.pieceArea[p]);
      }
    }
  }

  blockAffected(b: number, px: number, py: number): boolean {
    // a facility changes nothing farther (in a straight line) than its walking cutoff plus the trim
    const g = this.net.grid;
    const side = g.blockCells * g.cellSize;
    const bx0 = g.blockX0[b], by0 = g.blockY0[b];
    const lim = this.budgetM * this.o.timeCutoffFactor + this.o.trimM + g.cellSize;
    const dx = px < bx0 ? bx0 - px : px > bx0 + side ? px - bx0 - side : 0;
    const dy = py < by0 ? by0 - py : py > by0 + side ? py - by0 - side : 0;
    return dx * dx + dy * dy <= lim * lim;
  }

  /** Capsules near (x, y) as discs every discStepM along them (for completeness), plus the facility discs. */
  discsNear(x: number, y: number, radius: number): DiscSet {
    const near: number[] = [];
    this.net.model.segmentsNear(x - radius, y - radius, x + radius, y + radius, near);
    const xs: number[] = [], ys: number[] = [], rs: number[] = [];
    const step = this.o.discStepM;
    let data = new Float64Array(5 * 64);
    for (const k of near) {
      const len = this.reach.copyCapsules(k, null, 0);
      if (len > data.length) data = new Float64Array(len);
      this.reach.copyCapsules(k, data, 0);
      for (let o = 0; o < len; o += 5) {
        const ax = data[o], ay = data[o + 1], bx = data[o + 2], by = data[o + 3], r = data[o + 4];
        const n = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
        for (let i = 0; i <= n; i++) {
          xs.push(ax + ((bx - ax) * i) / n);
          ys.push(ay + ((by - ay) * i) / n);
          rs.push(r);
        }
      }
    }
    const ds = this.reach.discs;
    for (let i = 0; i < ds.length; i += 3) { xs.push(ds[i]); ys.push(ds[i + 1]); rs.push(ds[i + 2]); }
    return { xs: Float64Array.from(xs), ys: Float64Array.from(ys), r: this.o.trimM, rs: Float64Array.from(rs), ids: xs.map((_, i) => i) };
  }

  covers(x: number, y: number): boolean {
    return this.net.coverAt(this.reach, x, y) >= 0;
  }

  costAt(x: number, y: number): number {
    return this.net.costAt(this.reach, x, y);
  }
}

/**
 * Network walking from one place (residents): the place is linked to its nearest edge, one
 * Dijkstra (up to 60 minutes) from there; minutes to a point = walk to the point's nearest edge
 * point then its access leg. NaN when the place or the point is off the network (no data).
 */
function placeWalk(graph: NetworkGraph, at: { lng: number; lat: number }, walk: WalkSpeed, o: Required<NetworkWalkOptions>): PlaceWalk {
  const mpm = metresPerMinute(walk.speedKmh);
  const model = placeModel(graph);
  const [x, y] = model.frame.projection.forward(at.lng, at.lat);
  const link = model.inExtent(x, y) ? model.link(x, y, o.accessM) : null;
  const cutoff = 60 * mpm;
  const reach = link ? new CategoryReach(model, [{ index: 0, link }], cutoff, 0, cutoff) : null;
  const tmp: number[] = [];
  return {
    minutesTo(lng: number, lat: number): number {
      if (!reach) return NaN;
      const [px, py] = model.frame.projection.forward(lng, lat);
      if (!model.inExtent(px, py)) return NaN;
      const l = model.link(px, py, o.accessM);
      if (!l) return Infinity;
      const g = model.graph;
      let k = g.edgeVertStart[l.edge];
      while (k < g.edgeVertStart[l.edge + 1] - 2 && g.vertOff[k + 1] < l.off) k++;
      const dist = reach.distAt(k, l.off, tmp) + l.access;
      return dist <= cutoff ? dist / mpm : Infinity;
    },
    // path length ≥ straight distance: nothing within `minutes` lies farther than this
    radiusM: (minutes: number) => minutes * mpm + o.accessM,
  };
}

const placeModels = new WeakMap<NetworkGraph, NetworkModel>();
function placeModel(graph: NetworkGraph): NetworkModel {
  let m = placeModels.get(graph);
  if (!m) {
    const [a, b, c, d] = graph.extent;
    const projection = projectionForBbox(a, b, c, d);
    const h = 125;
    const [x0, y0] = projection.forward(a, b), [x1, y1] = projection.forward(c, d);
    const gx0 = Math.floor(Math.min(x0, x1) / h) * h - 4 * h, gy0 = Math.floor(Math.min(y0, y1) / h) * h - 4 * h;
    m = new NetworkModel(graph, { projection, cellSize: h, gx0, gy0, nx: Math.ceil((Math.abs(x1 - x0) + 8 * h) / h) + 1, ny: Math.ceil((Math.abs(y1 - y0) + 8 * h) / h) + 1 }, 100);
    placeModels.set(graph, m);
  }
  return m;
}

/** The network walk model for a loaded graph. */
export function networkWalkModel(graph: NetworkGraph, opts: NetworkWalkOptions = {}): WalkModel & { graph: NetworkGraph; grid(g: UnitGrid): NetworkGrid } {
  const o: Required<NetworkWalkOptions> = {
    trimM: opts.trimM ?? 100, accessM: opts.accessM ?? 200, maxDepth: opts.maxDepth ?? DEFAULT_NETWORK_DEPTH, coarseUnitAreaM2: opts.coarseUnitAreaM2 ?? COARSE_UNIT_AREA_M2,
    timeCutoffFactor: opts.timeCutoffFactor ?? 2, discStepM: opts.discStepM ?? 5,
  };
  return {
    id: 'network',
    graph,
    grid: (g: UnitGrid) => NetworkGrid.for(graph, g, o.trimM),
    kernel: ({ grid, category, params }: KernelInput) => new NetworkKernel(NetworkGrid.for(graph, grid, o.trimM), params, minutesFor(category, params), o),
    fromPlace: (at, walk) => placeWalk(graph, at, walk, o),
  };
}
