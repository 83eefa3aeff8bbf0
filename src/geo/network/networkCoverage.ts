/**
 * Network coverage on the coverage engine's grid (README "Street network"):
 * per category, every cell's covered fraction of the union of discs along the reached
 * network (coverField.ts, from the category's reach: reachField.ts), the walking distance at
 * the cell centre, per-unit shares, residents, walking-time statistics and completeness, and
 * incremental edits. Cells whose centre lies outside the network's extent carry no figure:
 * a unit with less than `minExtentShare` of its land inside is "no network data".
 */
import type { Category, UnitFeature } from '../../domain/types';
import { metresPerMinute, minutesFor, type WalkParams } from '../../domain/walk';
import { COMPLETE_SLOT, type AggregateRow, type CategoryReach as CategoryReachRow, type CoverageResult, type EngineFacility, type UpdateStats } from '../coverageTypes';
import { pieceRings, unitOfEntry, type UnitGrid } from '../unitGrid';
import { histPercentile, HIST_BIN_M, HIST_BINS } from '../timeStats';
import { allocCellIndexes, type CellIndexes, type CellIndexSizes } from './cellIndexes';
import { coverArea, coverAreaParts, type CoverPart, type FieldSet, type ErrorSink } from './coverField';
import { dijkstraBuffers, reverseCsr, type DijkstraBuffers } from './dijkstra';
import type { NetworkGraph, NetworkStats } from './graph';
import type { NetworkModel } from './networkModel';
import { COARSE_UNIT_AREA_M2, DEFAULT_NETWORK_DEPTH, NetworkGrid } from './networkGrid';
import { hasNetworkData, MIN_EXTENT_SHARE } from './noData';
import { CategoryReach, type LinkedFacility } from './reachField';

export const NETWORK_ENGINE_VERSION = 'network-grid-1';


export interface NetworkOptions {
  /** service-area trim: how far from the network a place may be, metres (default 100) */
  trimM?: number;
  /** access limit: facilities farther than this from any edge are not linked, metres (default 200) */
  accessM?: number;
  /**
   * quadtree depth per 125 m cell (default 4: 7.8 m leaves); cells whose units all have at least
   * coarseUnitAreaM2 of land inside the extent go one level less (their per-unit error is spread
   * over more land)
   */
  maxDepth?: number;
  /** see maxDepth (default 1 km²; Infinity: every cell at maxDepth) */
  coarseUnitAreaM2?: number;
  /** walking times are computed up to this multiple of each category's minutes (default 2) */
  timeCutoffFactor?: number;
  /** a unit needs this share of its land inside the network's extent to get figures (default 0.5) */
  minExtentShare?: number;
}

export interface UnlinkedFacility {
  id: string;
  name: string;
  lng: number;
  lat: number;
  categories: string[];
  /** distance to the nearest edge when within 5 × the access limit, else null */
  nearestEdgeM: number | null;
}

export interface NetworkExtras {
  mode: 'network';
  trimM: number;
  accessM: number;
  minExtentShare: number;
  /** share of each unit's land inside the network's extent */
  unitExtentShare: Float64Array;
  /** 1 = no network data (share below minExtentShare) */
  noData: Uint8Array;
  linked: number;
  /** facilities inside the extent that could not be linked within the access limit */
  unlinked: UnlinkedFacility[];
  /** facilities outside the network's extent (not linked, not listed) */
  outsideExtent: number;
  stats: NetworkStats;
  extent: [number, number, number, number];
}

export type NetworkCoverageResult = CoverageResult & { network: NetworkExtras };

/** One category of a parallel run computed in another thread (every array transferable). */
export interface NetworkPart {
  c: number;
  frac: Float32Array;
  pieceFrac: Float32Array;
  cellErr: Float32Array;
  pieceErr: Float32Array;
  /** walking metres at the cell centres */
  cellDist: Float32Array;
  /** walking metres at the nodes (the reach's Dijkstra) */
  nodeDist: Float64Array;
  /** per node, the position in the facility list of the facility its distance comes from (-1: unreached) */
  nodeFacility: Int32Array;
  /** the category's unit figures and district/city histograms (measureCategory) */
  figures: CategoryFigures;
}

/** One category's figures per unit (index u) and its walking-time histograms per district, then the city. */
export interface CategoryFigures {
  coveredM2: Float64Array;
  errorBoundM2: Float64Array;
  /** minutes; NaN for no data or no facility */
  timeMedian: Float32Array;
  timeP90: Float32Array;
  timeMax: Float32Array;
  /** (group × HIST_BINS) land m² per walking-time bin; groups: the districts (unitFrame order), then the city */
  hist: Float64Array;
}

/** What the figures of every run share: each unit's land inside the extent, residents and district. */
interface UnitFrame {
  /** share of each unit's land inside the network's extent */
  share: Float64Array;
  /** 1 = no network data */
  noData: Uint8Array;
  /** land inside the extent (0 for no data), m² */
  areaM2: Float64Array;
  pop: Float64Array;
  /** district codes, sorted; each unit's index in them */
  groupCodes: string[];
  group: Int32Array;
}

/** The categories of a parallel run in the order they are taken, and the shared counter of the next one. */
export interface NetworkQueue {
  order: number[];
  next: Int32Array;
}

/** Index of the next category in the queue for this thread, or -1 when none is left. */
function takeCategory(queue: NetworkQueue): number {
  const i = Atomics.add(queue.next, 0, 1);
  return i < queue.order.length ? queue.order[i] : -1;
}

/** A NetworkCoverage on the same graph, grid, units and options in another thread (see shareWith). */
export interface NetworkHelper {
  /** build part i of n of the per-cell indexes (NetworkGrid.indexPart); return its sizes */
  indexPart(i: number, n: number): Promise<CellIndexSizes>;
  /** write that part into the whole indexes (on shared memory) and use them (NetworkGrid.placeIndexes) */
  placeIndexes(into: CellIndexes, offset: CellIndexSizes): Promise<unknown>;
  /** with this run's facilities, take categories from the queue until none is left; return them whole */
  computePart(params: WalkParams, queue: NetworkQueue, facilities: readonly (EngineFacility & { name?: string })[]): Promise<NetworkPart[]>;
}

interface Slot {
  frac: Float32Array;
  pieceFrac: Float32Array;
  cellErr: Float32Array;
  pieceErr: Float32Array;
}

export class NetworkCoverage {
  readonly model: NetworkModel;
  readonly grid: UnitGrid;
  readonly categories: readonly Category[];
  readonly units: readonly UnitFeature[];
  readonly trimM: number;
  readonly accessM: number;
  readonly maxDepth: number;
  readonly timeCutoffFactor: number;
  readonly minExtentShare: number;
  /** 1 when the cell centre is inside the network's extent */
  readonly cellIn: Uint8Array;
  /** quadtree depth of each cell (maxDepth, or one less where every unit of the cell is large) */
  readonly cellDepth: Uint8Array;
  /** the network on this grid (shared with the walk model) */
  readonly net: NetworkGrid;
  private facilities: (EngineFacility & { name?: string })[] = [];
  private links: (LinkedFacility | null)[] = [];
  private reaches: CategoryReach[] = [];
  private slots: Slot[] = [];
  /** walking metres at cell centres per category */
  private dist: Float32Array[] = [];
  /** each category's unit figures of the run (measureCategory) */
  private figures: CategoryFigures[] = [];
  private readonly frame: UnitFrame;
  private params: WalkParams | null = null;
  private result: NetworkCoverageResult | null = null;
  private buf: DijkstraBuffers;

  constructor(categories: readonly Category[], grid: UnitGrid, units: readonly UnitFeature[], graph: NetworkGraph, opts: NetworkOptions = {}) {
    this.categories = categories;
    this.grid = grid;
    this.units = units;
    this.trimM = opts.trimM ?? 100;
    this.accessM = opts.accessM ?? 200;
    this.maxDepth = opts.maxDepth ?? DEFAULT_NETWORK_DEPTH;
    this.timeCutoffFactor = opts.timeCutoffFactor ?? 2;
    this.minExtentShare = opts.minExtentShare ?? MIN_EXTENT_SHARE;
    this.net = NetworkGrid.for(graph, grid, this.trimM);
    this.model = this.net.model;
    this.cellIn = this.net.cellIn;
    this.cellDepth = this.net.depths(this.maxDepth, opts.coarseUnitAreaM2 ?? COARSE_UNIT_AREA_M2);
    this.buf = dijkstraBuffers(graph);
    this.frame = this.unitFrame();
  }

  private unitFrame(): UnitFrame {
    const g = this.grid, U = g.unitCount;
    const share = new Float64Array(U), noData = new Uint8Array(U), areaM2 = new Float64Array(U), pop = new Float64Array(U);
    for (let u = 0; u < U; u++) {
      let all = 0, inside = 0;
      for (let e = g.unitEntryStart[u]; e < g.unitEntryStart[u + 1]; e++) {
        all += g.entryWeight[e];
        if (this.cellIn[g.entryCell[e]]) inside += g.entryWeight[e];
      }
      share[u] = all > 0 ? inside / all : 0;
      noData[u] = hasNetworkData(share[u], this.minExtentShare) ? 0 : 1;
      areaM2[u] = noData[u] ? 0 : inside;
      pop[u] = noData[u] ? 0 : (Number(this.units[u].properties?.pop_est) || 0) * share[u];
    }
    const district = this.units.map((u) => String(u.properties?.district ?? ''));
    const groupCodes = [...new Set(district)].sort();
    const groupOf = new Map(groupCodes.map((c, i) => [c, i]));
    return { share, noData, areaM2, pop, groupCodes, group: Int32Array.from(district, (d) => groupOf.get(d) ?? 0) };
  }

  setFacilities(facilities: readonly (EngineFacility & { name?: string })[]): void {
    this.facilities = facilities.slice();
    this.links = this.facilities.map((f, i) => this.linkOne(f, i));
    this.result = null;
  }

  private linkOne(f: EngineFacility, i: number): LinkedFacility | null {
    const [x, y] = this.grid.projection.forward(f.lng, f.lat);
    const link = this.model.link(x, y, this.accessM);
    return link ? { index: i, uid: this.nextUid++, link } : null;
  }

  /** Facilities inside the network's extent that no edge is near enough to link (outside the extent: counted only). */
  unlinked(): UnlinkedFacility[] {
    const out: UnlinkedFacility[] = [];
    this.facilities.forEach((f, i) => {
      if (this.links[i]) return;
      const [x, y] = this.grid.projection.forward(f.lng, f.lat);
      if (!this.model.inExtent(x, y)) return;
      const far = this.model.link(x, y, this.accessM * 5);
      out.push({ id: f.id, name: f.name ?? '', lng: f.lng, lat: f.lat, categories: f.categories, nearestEdgeM: far ? Math.round(far.access * 10) / 10 : null });
    });
    return out;
  }

  private outsideCount(): number {
    let n = 0;
    for (const f of this.facilities) {
      const [x, y] = this.grid.projection.forward(f.lng, f.lat);
      if (!this.model.inExtent(x, y)) n++;
    }
    return n;
  }

  budgetM(c: number, params: WalkParams): number {
    return metresPerMinute(params.speedKmh) * minutesFor(this.categories[c], params);
  }

  private nextUid = 0;

  private sourcesFor(c: number): LinkedFacility[] {
    const id = this.categories[c].id;
    const sources: LinkedFacility[] = [];
    this.facilities.forEach((f, i) => {
      const l = this.links[i];
      if (l && f.categories.includes(id)) sources.push(l);
    });
    return sources;
  }

  private reachFor(c: number, params: WalkParams): CategoryReach {
    const T = this.budgetM(c, params);
    return new CategoryReach(this.model, this.sourcesFor(c), T, this.trimM, T * this.timeCutoffFactor, this.buf);
  }

  /** The category's reach of the last computation (isochrones, checks). */
  reachOf(categoryId: string): CategoryReach | null {
    const c = this.categories.findIndex((k) => k.id === categoryId);
    return c >= 0 ? this.reaches[c] ?? null : null;
  }

  private computeCell(slot: Slot, cell: number, sets: (FieldSet | null)[]): void {
    const g = this.grid;
    const h = g.cellSize;
    const x0 = g.cellCx[cell] - h / 2, y0 = g.cellCy[cell] - h / 2;
    const p0 = g.cellPieceStart[cell], p1 = g.cellPieceStart[cell + 1];
    if (sets.some((s) => s === null) || sets.length === 0) {
      slot.frac[cell] = 0;
      slot.cellErr[cell] = 0;
      for (let k = p0; k < p1; k++) { slot.pieceFrac[g.cellPieces[k]] = 0; slot.pieceErr[g.cellPieces[k]] = 0; }
      return;
    }
    const fs = sets as FieldSet[];
    if (p1 === p0) {
      const sink = this.sink;
      sink.err = 0;
      slot.frac[cell] = coverArea(x0, y0, x0 + h, y0 + h, null, fs, sink, 0, this.cellDepth[cell]) / (h * h);
      slot.cellErr[cell] = sink.err / (h * h);
      return;
    }
    // the cell and its units' pieces in one descent
    const parts: CoverPart[] = [{ slot: 0, rings: null }];
    for (let k = p0; k < p1; k++) parts.push({ slot: k - p0 + 1, rings: pieceRings(g, g.cellPieces[k]) });
    const area = new Float64Array(parts.length), err = new Float64Array(parts.length);
    coverAreaParts(x0, y0, x0 + h, y0 + h, parts, fs, area, err, 0, this.cellDepth[cell]);
    slot.frac[cell] = area[0] / (h * h);
    slot.cellErr[cell] = err[0] / (h * h);
    for (let k = p0; k < p1; k++) {
      const p = g.cellPieces[k];
      slot.pieceFrac[p] = Math.min(1, area[k - p0 + 1] / g.pieceArea[p]);
      slot.pieceErr[p] = err[k - p0 + 1] / g.pieceArea[p];
    }
  }

  private readonly sink: ErrorSink = { err: 0 };

  /** the cell and its pieces wholly covered (certified) */
  private setWhole(slot: Slot, cell: number): void {
    const g = this.grid;
    slot.frac[cell] = 1;
    slot.cellErr[cell] = 0;
    for (let k = g.cellPieceStart[cell]; k < g.cellPieceStart[cell + 1]; k++) {
      slot.pieceFrac[g.cellPieces[k]] = 1;
      slot.pieceErr[g.cellPieces[k]] = 0;
    }
  }

  private newSlot(): Slot {
    const g = this.grid;
    return { frac: new Float32Array(g.cellCount), pieceFrac: new Float32Array(g.pieceCount), cellErr: new Float32Array(g.cellCount), pieceErr: new Float32Array(g.pieceCount) };
  }

  private completeCats(params: WalkParams): number[] {
    const sel = params.selected.length > 0 ? params.selected : this.categories.map((c) => c.id);
    return sel.map((id) => this.categories.findIndex((c) => c.id === id)).filter((i) => i >= 0);
  }

  /** Cells for category c (and completeness) given a cell list (null = every in-extent cell). */
  private computeCells(c: number, cells: Iterable<number> | null): void {
    const slot = this.slots[c];
    const dist = this.dist[c];
    const reach = this.reaches[c];
    const cover = (cell: number) => {
      if (this.net.wholeCovered(reach, cell)) this.setWhole(slot, cell);
      else this.computeCell(slot, cell, [this.net.fieldSet(reach, cell)]);
    };
    if (cells) {
      for (const cell of cells) {
        if (!this.cellIn[cell]) continue;
        cover(cell);
        dist[cell] = this.net.cellTime(reach, cell);
      }
      return;
    }
    // a full pass (fresh slot: every figure 0, every time Infinity): only the cells the reach
    // touches, the others keep those values (NetworkGrid.touchedCells)
    const t = this.net.touchedCells(reach);
    for (let i = 0; i < t.timeCount; i++) dist[t.time[i]] = this.net.cellTime(reach, t.time[i]);
    for (let i = 0; i < t.coverCount; i++) cover(t.cover[i]);
  }

  private computeCompleteCells(cats: number[], cells: Iterable<number> | null): void {
    const g = this.grid;
    const slot = this.slots[this.categories.length];
    const run = (cell: number) => {
      if (!this.cellIn[cell]) return;
      // shortcut: a category with nothing in the cell empties it; all full fills it
      let allFull = cats.length > 0;
      for (const c of cats) {
        const f = this.slots[c].frac[cell];
        if (f === 0 && this.slots[c].cellErr[cell] === 0) {
          // nothing of the cell is covered for c (certified), so none of its pieces either
          this.computeCell(slot, cell, [null]);
          return;
        }
        if (f < 1) allFull = false;
      }
      if (allFull && g.cellPieceStart[cell + 1] === g.cellPieceStart[cell]) {
        slot.frac[cell] = 1;
        slot.cellErr[cell] = 0;
        return;
      }
      if (allFull && cats.every((c) => this.net.wholeCovered(this.reaches[c], cell))) {
        this.setWhole(slot, cell);
        return;
      }
      this.computeCell(slot, cell, cats.map((c, i) => this.net.fieldSet(this.reaches[c], cell, i)));
    };
    if (cats.length === 0) return;
    if (cells) for (const cell of cells) run(cell);
    else for (let cell = 0; cell < g.cellCount; cell++) run(cell);
  }

  compute(params: WalkParams): NetworkCoverageResult {
    const t0 = now();
    this.beginRun(params);
    for (let c = 0; c < this.categories.length; c++) this.computeCategory(c, params);
    this.prepareEdits();
    return this.finishRun(params, t0, now());
  }

  /**
   * The reverse adjacency incremental edits repair distances with (built once per graph), so
   * that the first edit after a computation does not wait for it. A helper replica never edits
   * and never builds it; in a parallel run this thread builds it while it waits for the
   * helpers' parts of the cell indexes.
   */
  private prepareEdits(): void {
    reverseCsr(this.model.graph);
  }

  /** A fresh run: no category computed yet. */
  private beginRun(params: WalkParams): void {
    const C = this.categories.length;
    this.params = params;
    this.reaches = new Array(C);
    this.slots = new Array(C);
    this.dist = new Array(C);
    this.figures = new Array(C);
  }

  /** One category of a full computation: its reach, its cells, then its unit figures. */
  private computeCategory(c: number, params: WalkParams): void {
    this.reaches[c] = this.reachFor(c, params);
    this.slots[c] = this.newSlot();
    this.dist[c] = new Float32Array(this.grid.cellCount).fill(Infinity);
    this.computeCells(c, null);
    this.figures[c] = this.measureCategory(c);
  }

  /** Completeness, unit, district and city figures once every category is computed. */
  private finishRun(params: WalkParams, t0: number, tCats: number, threads = 1): NetworkCoverageResult {
    this.slots.push(this.newSlot());
    const cats = this.completeCats(params);
    this.computeCompleteCells(cats, null);
    const tComplete = now();
    this.result = this.emptyResult(params, cats);
    this.adoptFigures();
    const C = this.categories.length;
    for (let u = 0; u < this.grid.unitCount; u++) this.aggregateUnit(u, [C]);
    this.aggregateGroups();
    const tEnd = now();
    this.result.timing = { totalMs: tEnd - t0, categoriesMs: tCats - t0, completenessMs: tComplete - tCats, aggregateMs: tEnd - tComplete, threads };
    return this.result;
  }

  // ------------------------------------------------------------ parallel computation

  private helpers: NetworkHelper[] = [];

  /**
   * Helpers: NetworkCoverage replicas on the same graph, grid, units and options in other
   * threads, which take categories of a full computation (computeParallel; the facilities go
   * with each run, so edits made here in between reach them).
   */
  shareWith(helpers: NetworkHelper[]): void {
    this.helpers = helpers;
  }

  /**
   * Full computation with the helpers: every thread takes categories from one queue (largest
   * first; whoever is free takes the next) and computes them whole; the helpers' categories
   * come back as arrays (transferred, not copied) and their reaches are rebuilt here from the
   * node distances, so edits work as after compute(). Completeness and the unit, district and
   * city figures follow here. The same figures as compute(); without helpers it is compute().
   */
  async computeParallel(params: WalkParams): Promise<NetworkCoverageResult> {
    if (this.helpers.length === 0 || typeof SharedArrayBuffer === 'undefined') return this.compute(params);
    const t0 = now();
    if (!this.net.hasIndexes()) await this.shareIndexBuild();
    this.beginRun(params);
    const load = this.categories.map((_, c) => this.sourcesFor(c).length * this.budgetM(c, params) ** 2);
    const queue: NetworkQueue = { order: [...load.keys()].sort((a, b) => load[b] - load[a]), next: new Int32Array(new SharedArrayBuffer(4)) };
    const pending = this.helpers.map((h) => h.computePart(params, queue, this.facilities));
    for (let c = takeCategory(queue); c >= 0; c = takeCategory(queue)) this.computeCategory(c, params);
    // (built already when this run built the indexes; else now, while the helpers finish)
    this.prepareEdits();
    for (const parts of await Promise.all(pending)) for (const p of parts) this.adoptPart(p, params);
    return this.finishRun(params, t0, now(), this.helpers.length + 1);
  }

  /**
   * The per-cell indexes built by every thread at once, one part each, then put together in
   * shared memory: each thread writes its own part into it (no part is copied to another
   * thread). Resolves when every part is in place.
   */
  private async shareIndexBuild(): Promise<void> {
    const n = this.helpers.length + 1;
    const pending = this.helpers.map((h, i) => h.indexPart(i + 1, n));
    const own = this.net.indexPart(0, n);
    this.prepareEdits();
    const sizes = [own, ...(await Promise.all(pending))];
    const { idx, offsets } = allocCellIndexes(this.grid.cellCount, this.model.graph.edgeCount, sizes, true);
    const placed = this.helpers.map((h, i) => h.placeIndexes(idx, offsets[i + 1]));
    this.net.placeIndexes(idx, offsets[0]);
    await Promise.all(placed);
  }

  /** A helper's share of a parallel run: the run's facilities, then categories from the queue until none is left, each exported whole. */
  computePart(params: WalkParams, queue: NetworkQueue, facilities: readonly (EngineFacility & { name?: string })[]): NetworkPart[] {
    this.setFacilities(facilities);
    this.beginRun(params);
    const parts: NetworkPart[] = [];
    // link uids are numbered from 0 by this replica (linkOne): a typed table, not a map, for 500,000 lookups a category
    const indexOfUid = new Int32Array(this.nextUid).fill(-1);
    this.links.forEach((l, i) => { if (l) indexOfUid[l.uid ?? i] = i; });
    for (let c = takeCategory(queue); c >= 0; c = takeCategory(queue)) {
      this.computeCategory(c, params);
      const reach = this.reaches[c];
      const source = reach.nodeSource as Int32Array;
      for (let n = 0; n < source.length; n++) if (source[n] >= 0) source[n] = indexOfUid[source[n]];
      const s = this.slots[c];
      parts.push({ c, frac: s.frac, pieceFrac: s.pieceFrac, cellErr: s.cellErr, pieceErr: s.pieceErr, cellDist: this.dist[c], nodeDist: reach.dist, nodeFacility: source, figures: this.figures[c] });
    }
    // the arrays leave with the parts: this replica keeps no run
    this.beginRun(params);
    this.result = null;
    return parts;
  }

  /** A category computed by a helper, made this one's (its reach rebuilt from the node distances). */
  private adoptPart(p: NetworkPart, params: WalkParams): void {
    const T = this.budgetM(p.c, params);
    const source = p.nodeFacility;
    for (let n = 0; n < source.length; n++) if (source[n] >= 0) source[n] = (this.links[source[n]] as LinkedFacility).uid as number;
    this.reaches[p.c] = new CategoryReach(this.model, this.sourcesFor(p.c), T, this.trimM, T * this.timeCutoffFactor, undefined, p.nodeDist, source);
    this.slots[p.c] = { frac: p.frac, pieceFrac: p.pieceFrac, cellErr: p.cellErr, pieceErr: p.pieceErr };
    this.dist[p.c] = p.cellDist;
    this.figures[p.c] = p.figures;
  }

  getResult(): NetworkCoverageResult | null {
    return this.result;
  }

  // ------------------------------------------------------------ results

  private emptyResult(params: WalkParams, completeCats: number[]): NetworkCoverageResult {
    const g = this.grid;
    const U = g.unitCount, C = this.categories.length, S = C + 1;
    const categories: CategoryReachRow[] = this.categories.map((cat, i) => ({ id: cat.id, minutes: minutesFor(cat, params), reachM: this.budgetM(i, params) }));
    const fr = this.frame;
    const linked = this.links.filter(Boolean).length;
    return {
      params,
      paramsText: `mode=network speed=${params.speedKmh}km/h trim=${this.trimM}m access=${this.accessM}m persona=${params.persona} ` +
        categories.map((c) => `${c.id}=${c.minutes}min`).join(' ') + ` cell=${g.cellSize}m (figures over the land inside the network's extent)`,
      engine: { cellSizeM: g.cellSize, maxDepth: this.maxDepth, projection: `spherical transverse Mercator lon0=${g.projection.lng0.toFixed(4)} lat0=${g.projection.lat0.toFixed(4)} R=6371008.8`, version: NETWORK_ENGINE_VERSION, walkModel: 'network' },
      categories,
      slots: [...this.categories.map((c) => c.id), COMPLETE_SLOT],
      completeOf: completeCats.map((c) => this.categories[c].id),
      facilityCount: this.facilities.length,
      unitIds: this.units.map((u, i) => String(u.properties?.id ?? i)),
      unitDistrict: this.units.map((u) => String(u.properties?.district ?? '')),
      unitAreaM2: fr.areaM2.slice(),
      unitPop: fr.pop.slice(),
      popSource: 'unit-pop-est',
      coveredM2: new Float64Array(U * S),
      popCovered: new Float64Array(U * S),
      errorBoundM2: new Float64Array(U * S),
      timeMedian: new Float32Array(U * C),
      timeP90: new Float32Array(U * C),
      timeMax: new Float32Array(U * C),
      districts: [],
      city: emptyRow('city', S, C),
      timing: { totalMs: 0, categoriesMs: 0, completenessMs: 0, aggregateMs: 0, threads: 1 },
      network: {
        mode: 'network', trimM: this.trimM, accessM: this.accessM, minExtentShare: this.minExtentShare,
        unitExtentShare: fr.share.slice(), noData: fr.noData.slice(), linked, unlinked: this.unlinked(), outsideExtent: this.outsideCount(), stats: this.model.graph.stats, extent: this.model.graph.extent,
      },
    };
  }

  /** Unit u's figures for the listed slots (every slot when null), into the run's result. */
  private aggregateUnit(u: number, only: number[] | null = null): void {
    const res = this.result as NetworkCoverageResult;
    const C = this.categories.length, S = C + 1;
    const f = this.fig;
    for (const s of only ?? Array.from({ length: S }, (_, i) => i)) {
      this.measureUnit(u, s);
      this.storeUnit(res, u, s, f.cov, f.err);
      if (s < C) { res.timeMedian[u * C + s] = f.median; res.timeP90[u * C + s] = f.p90; res.timeMax[u * C + s] = f.max; }
    }
  }

  private storeUnit(res: NetworkCoverageResult, u: number, s: number, cov: number, err: number): void {
    const S = this.categories.length + 1;
    const area = this.frame.areaM2[u];
    res.coveredM2[u * S + s] = cov;
    res.errorBoundM2[u * S + s] = err;
    res.popCovered[u * S + s] = area > 0 ? this.frame.pop[u] * Math.min(1, cov / area) : 0;
  }

  /** scratch of measureUnit: covered and error m², and walking-time median, p90 and max in minutes */
  private readonly fig = { cov: 0, err: 0, median: NaN, p90: NaN, max: NaN };

  /** Unit u's figures for slot s into this.fig (the times only for a category slot). */
  private measureUnit(u: number, s: number): void {
    const g = this.grid;
    const C = this.categories.length;
    const e0 = g.unitEntryStart[u], e1 = g.unitEntryStart[u + 1];
    const nd = this.frame.noData[u];
    const f = this.fig;
    const sl = this.slots[s];
    let cov = 0, err = 0;
    if (!nd) {
      for (let e = e0; e < e1; e++) {
        const cell = g.entryCell[e];
        if (!this.cellIn[cell]) continue;
        const p = g.entryPiece[e];
        const w = g.entryWeight[e];
        cov += w * (p < 0 ? sl.frac[cell] : sl.pieceFrac[p]);
        err += w * (p < 0 ? sl.cellErr[cell] : sl.pieceErr[p]);
      }
    }
    f.cov = cov;
    f.err = err;
    f.median = f.p90 = f.max = NaN;
    if (s >= C || nd || this.reaches[s].sources.length === 0) return;
    const mpm = metresPerMinute((this.params as WalkParams).speedKmh);
    const dist = this.dist[s];
    // area-weighted percentiles of the cell-centre times (typed scratch, sorted by index)
    if (this.aggD.length < e1 - e0) {
      this.aggD = new Float64Array(2 * (e1 - e0));
      this.aggW = new Float64Array(2 * (e1 - e0));
      this.aggI = new Uint32Array(2 * (e1 - e0));
      this.aggK = new Float64Array(2 * (e1 - e0));
    }
    const D = this.aggD, W = this.aggW;
    let n = 0;
    for (let e = e0; e < e1; e++) {
      const cell = g.entryCell[e];
      if (this.cellIn[cell]) { D[n] = dist[cell]; W[n] = g.entryWeight[e]; n++; }
    }
    const idx = sortByTime(D, n, this.aggI, this.aggK);
    let total = 0;
    for (let i = 0; i < n; i++) total += W[idx[i]];
    const pct = (p: number) => {
      let cum = 0;
      for (let i = 0; i < n; i++) { cum += W[idx[i]]; if (cum >= p * total) return D[idx[i]]; }
      return n ? D[idx[n - 1]] : NaN;
    };
    f.median = pct(0.5) / mpm;
    f.p90 = pct(0.9) / mpm;
    f.max = (n ? D[idx[n - 1]] : NaN) / mpm;
  }

  private aggD = new Float64Array(1024);
  private aggW = new Float64Array(1024);
  private aggI = new Uint32Array(1024);
  private aggK = new Float64Array(1024);

  /** Category c's figures for every unit and its district and city histograms (in the thread that computed it). */
  private measureCategory(c: number): CategoryFigures {
    const U = this.grid.unitCount;
    const out: CategoryFigures = {
      coveredM2: new Float64Array(U), errorBoundM2: new Float64Array(U),
      timeMedian: new Float32Array(U), timeP90: new Float32Array(U), timeMax: new Float32Array(U),
      hist: new Float64Array((this.frame.groupCodes.length + 1) * HIST_BINS),
    };
    const f = this.fig;
    for (let u = 0; u < U; u++) {
      this.measureUnit(u, c);
      out.coveredM2[u] = f.cov; out.errorBoundM2[u] = f.err;
      out.timeMedian[u] = f.median; out.timeP90[u] = f.p90; out.timeMax[u] = f.max;
      this.addUnitHist(u, c, 1, out.hist, 0);
    }
    return out;
  }

  /** The categories' figures (measureCategory) into the run's result and the kept histograms. */
  private adoptFigures(): void {
    const res = this.result as NetworkCoverageResult;
    const C = this.categories.length, U = this.grid.unitCount;
    const per = (this.frame.groupCodes.length + 1) * HIST_BINS;
    this.groupHist = new Float64Array(C * per);
    for (let c = 0; c < C; c++) {
      const f = this.figures[c];
      for (let u = 0; u < U; u++) {
        this.storeUnit(res, u, c, f.coveredM2[u], f.errorBoundM2[u]);
        res.timeMedian[u * C + c] = f.timeMedian[u]; res.timeP90[u * C + c] = f.timeP90[u]; res.timeMax[u * C + c] = f.timeMax[u];
      }
      this.groupHist.set(f.hist, c * per);
    }
  }

  /** district (and city, last) walking-time histograms per category (category c at c × (districts + 1) × HIST_BINS), kept between edits */
  private groupHist: Float64Array = new Float64Array(0);

  /** Adds (sign 1) or takes away (-1) unit u's cell times of category c in its district's and the city's histograms (h from `base`). */
  private addUnitHist(u: number, c: number, sign: 1 | -1, h: Float64Array, base: number): void {
    if (this.frame.noData[u]) return;
    const g = this.grid;
    const dist = this.dist[c];
    const G = this.frame.groupCodes.length;
    const o = base + this.frame.group[u] * HIST_BINS;
    const oc = base + G * HIST_BINS;
    for (let e = g.unitEntryStart[u]; e < g.unitEntryStart[u + 1]; e++) {
      const cell = g.entryCell[e];
      if (!this.cellIn[cell]) continue;
      const d = dist[cell];
      const b = Number.isFinite(d) ? Math.min(HIST_BINS - 1, Math.floor(d / HIST_BIN_M)) : HIST_BINS - 1;
      const w = sign * g.entryWeight[e];
      h[o + b] += w;
      h[oc + b] += w;
    }
  }

  /** addUnitHist on the kept histograms (edits). */
  private histUnit(u: number, c: number, sign: 1 | -1): void {
    this.addUnitHist(u, c, sign, this.groupHist, c * (this.frame.groupCodes.length + 1) * HIST_BINS);
  }

  /** District and city rows from the unit figures and the kept histograms. */
  private aggregateGroups(): void {
    const res = this.result as NetworkCoverageResult;
    const g = this.grid;
    const C = this.categories.length, S = C + 1;
    const G = this.frame.groupCodes.length;
    const rows = this.frame.groupCodes.map((c) => emptyRow(c, S, C));
    const city = emptyRow('city', S, C);
    const seen = new Uint8Array(G);
    for (let u = 0; u < g.unitCount; u++) {
      if (res.network.noData[u]) continue;
      const gi = this.frame.group[u];
      seen[gi] = 1;
      for (const r of [rows[gi], city]) {
        r.areaM2 += res.unitAreaM2[u];
        r.pop += res.unitPop[u];
        for (let s = 0; s < S; s++) {
          r.coveredM2[s] += res.coveredM2[u * S + s];
          r.popCovered[s] += res.popCovered[u * S + s];
        }
      }
    }
    const mpm = metresPerMinute((this.params as WalkParams).speedKmh);
    const pct = (gi: number, c: number, p: number): number | null => {
      if (this.reaches[c].sources.length === 0) return null;
      const m = histPercentile(this.groupHist, (c * (G + 1) + gi) * HIST_BINS, p);
      if (Number.isNaN(m)) return null;
      return m >= (HIST_BINS - 1) * HIST_BIN_M ? Infinity : m / mpm;
    };
    for (let gi = 0; gi < G; gi++) {
      if (!seen[gi]) continue;
      for (let c = 0; c < C; c++) { rows[gi].timeMedian[c] = pct(gi, c, 0.5); rows[gi].timeP90[c] = pct(gi, c, 0.9); }
    }
    for (let c = 0; c < C; c++) { city.timeMedian[c] = pct(G, c, 0.5); city.timeP90[c] = pct(G, c, 0.9); }
    res.districts = rows.filter((_, gi) => seen[gi]);
    res.city = city;
  }

  // ------------------------------------------------------------ incremental edits

  upsertFacility(f: EngineFacility & { name?: string }): UpdateStats {
    const i = this.facilities.findIndex((x) => x.id === f.id);
    const before = i >= 0 ? this.facilities[i] : null;
    if (i >= 0) {
      this.facilities[i] = f;
      this.links[i] = this.linkOne(f, i);
    } else {
      this.facilities.push(f);
      this.links.push(this.linkOne(f, this.facilities.length - 1));
    }
    return this.applyEdit(before, f);
  }

  removeFacility(id: string): UpdateStats {
    const i = this.facilities.findIndex((x) => x.id === id);
    if (i < 0) return { ms: 0, blocksRecomputed: 0, cellsRecomputed: 0, unitsTouched: 0, categories: [] };
    const before = this.facilities[i];
    this.facilities.splice(i, 1);
    this.links.splice(i, 1);
    this.links.forEach((l, k) => { if (l) l.index = k; });
    return this.applyEdit(before, null);
  }

  private applyEdit(before: EngineFacility | null, after: EngineFacility | null): UpdateStats {
    const t0 = now();
    const touched = new Set<number>();
    for (const f of [before, after]) if (f) for (const id of f.categories) {
      const c = this.categories.findIndex((k) => k.id === id);
      if (c >= 0) touched.add(c);
    }
    const stats: UpdateStats = { ms: 0, blocksRecomputed: 0, cellsRecomputed: 0, unitsTouched: 0, categories: [...touched].map((c) => this.categories[c].id) };
    const res = this.result;
    const params = this.params;
    if (!res || !params) { stats.ms = now() - t0; return stats; }
    res.facilityCount = this.facilities.length;
    const g = this.grid;
    const G = this.model.graph;
    const cells = new Set<number>();
    for (const c of touched) {
      const reach = this.reaches[c];
      const oldDiscs = reach.discs.slice();
      // the distances repaired in place: only the region the old and new links reached
      const changedEdges = reach.updateSources(this.sourcesFor(c), this.buf.heap);
      const mark = new Set<number>();
      const h = g.cellSize, m = this.trimM + h / 2;
      const markBox = (x0: number, y0: number, x1: number, y1: number) => {
        const i0 = Math.max(0, Math.floor((x0 - m - g.gx0) / h)), i1 = Math.min(g.nx - 1, Math.floor((x1 + m - g.gx0) / h));
        const j0 = Math.max(0, Math.floor((y0 - m - g.gy0) / h)), j1 = Math.min(g.ny - 1, Math.floor((y1 + m - g.gy0) / h));
        for (let j = j0; j <= j1; j++) for (let i = i0; i <= i1; i++) {
          const cell = g.denseToCell[j * g.nx + i];
          if (cell >= 0) mark.add(cell);
        }
      };
      const vx = this.model.vx, vy = this.model.vy;
      for (const e of changedEdges) {
        for (let k = G.edgeVertStart[e], k1 = G.edgeVertStart[e + 1] - 1; k < k1; k++) {
          markBox(Math.min(vx[k], vx[k + 1]), Math.min(vy[k], vy[k + 1]), Math.max(vx[k], vx[k + 1]), Math.max(vy[k], vy[k + 1]));
        }
      }
      for (const ds of [oldDiscs, reach.discs]) for (let i = 0; i < ds.length; i += 3) markBox(ds[i] - ds[i + 2], ds[i + 1] - ds[i + 2], ds[i] + ds[i + 2], ds[i + 1] + ds[i + 2]);
      const unitsC = new Set<number>();
      for (const cell of mark) for (let k = g.cellEntryStart[cell]; k < g.cellEntryStart[cell + 1]; k++) unitsC.add(unitOfEntry(g, g.cellEntries[k]));
      for (const u of unitsC) this.histUnit(u, c, -1);
      this.computeCells(c, mark);
      for (const u of unitsC) this.histUnit(u, c, 1);
      for (const cell of mark) cells.add(cell);
    }
    const cats = this.completeCats(params);
    if (cats.some((c) => touched.has(c))) this.computeCompleteCells(cats, cells);
    const units = new Set<number>();
    for (const cell of cells) for (let k = g.cellEntryStart[cell]; k < g.cellEntryStart[cell + 1]; k++) units.add(unitOfEntry(g, g.cellEntries[k]));
    const C = this.categories.length;
    const slotList = [...touched, C];
    for (const u of units) this.aggregateUnit(u, slotList);
    this.aggregateGroups();
    res.network.linked = this.links.filter(Boolean).length;
    res.network.unlinked = this.unlinked();
    res.network.outsideExtent = this.outsideCount();
    stats.cellsRecomputed = cells.size;
    stats.unitsTouched = units.size;
    stats.ms = now() - t0;
    return stats;
  }

  /** Per-cell state for map layers (null before compute). */
  cellState(slot: number): { frac: Float32Array; pieceFrac: Float32Array; dist: Float32Array | null } | null {
    const s = this.slots[slot];
    return s ? { frac: s.frac, pieceFrac: s.pieceFrac, dist: this.dist[slot] ?? null } : null;
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const IDX = 1 << 20;

/**
 * The indices 0 … n−1 ordered by D (times ≥ 0 or Infinity, each a float32 value), ties by index:
 * sorted as one number per entry, the float32 bit pattern (monotone for non-negative values)
 * times 2^20 plus the index (below 2^51: exact), with the typed array's native numeric sort
 * (no comparator calls). Written into idx; returns its first n.
 */
function sortByTime(D: Float64Array, n: number, idx: Uint32Array, key: Float64Array): Uint32Array {
  const out = idx.subarray(0, n);
  if (n >= IDX) {
    for (let i = 0; i < n; i++) out[i] = i;
    return out.sort((a, b) => (D[a] < D[b] ? -1 : D[a] > D[b] ? 1 : a - b));
  }
  for (let i = 0; i < n; i++) {
    f32[0] = D[i];
    key[i] = u32[0] * IDX + i;
  }
  const k = key.subarray(0, n).sort();
  for (let i = 0; i < n; i++) out[i] = k[i] % IDX;
  return out;
}

function emptyRow(code: string, S: number, C: number): AggregateRow {
  return { code, areaM2: 0, pop: 0, coveredM2: new Array(S).fill(0), popCovered: new Array(S).fill(0), noDataM2: new Array(S).fill(0), noDataPop: new Array(S).fill(0), timeMedian: new Array(C).fill(null), timeP90: new Array(C).fill(null) };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
