/**
 * Walking-coverage and service-gap engine. Pure TypeScript: runs in a Web Worker, in Node
 * tests, the benchmark and the command-line tool.
 *
 * Method (README "Coverage engine"): units are rasterised once onto a square grid in a local
 * transverse Mercator plane with exact cell ∩ unit weights (unitGrid.ts). For each category the
 * walk model's kernel (walkModel.ts; circles in circleModel.ts) fills, block by block, every
 * cell's walking cost to the nearest facility and its exactly covered fraction (cellCover.ts);
 * completeness intersects the categories' covered areas cell by cell; aggregation.ts sums the
 * cells into units, districts and the city. Adding, moving or removing one facility
 * recomputes only the blocks it can change. Coverage shares are exact up to rounding and the
 * certified depth-limit bound reported in errorBoundM2.
 *
 * Parts: FacilitySet (facilities and their positions), the walk model's CategoryKernel (per
 * category cell kernel), SlotCover (per-slot cell figures), Aggregator (units, districts,
 * city); a RunContext holds what one computation works on.
 */
import type { Category, UnitFeature } from '../domain/types';
import { defaultWalkParams, type WalkParams } from '../domain/walk';
import { Aggregator, resultShell, type Demand, type RunContext, type SlotFigures } from './aggregation';
import { SlotCover, type SlotArrays, type SlotErrors } from './cellCover';
import { circleWalkModel } from './circleModel';
import type { CoverageResult, DemandPoint, EngineFacility, EngineProgress, UpdateStats } from './coverageTypes';
import { DEFAULT_MAX_DEPTH } from './exactCover';
import { FacilitySet } from './facilitySet';
import { buildUnitGrid, gridFromPortable, gridOnSharedMemory, locatePoints, portableGrid, unitOfEntry, type PortableUnitGrid, type UnitGrid, type UnitGridOptions } from './unitGrid';
import type { CategoryKernel, WalkModel } from './walkModel';

export interface EngineOptions extends UnitGridOptions {
  maxDepth?: number;
  /** the walk model (default: straight-line circles) */
  walkModel?: WalkModel;
}

/** Another engine on the same units, in another thread, that computes some categories (see shareWith);
 * the facilities come with each run's queue. */
export interface EngineHelper {
  /** the units and their grid, built by the engine that shares its runs (its arrays on shared memory) */
  setGrid(units: readonly UnitFeature[], grid: PortableUnitGrid): Promise<unknown>;
  setDemand(points: readonly DemandPoint[] | null): Promise<unknown>;
  /** take parts of categories from the queue until none is left: fill their blocks of the shared
   * cell arrays, sum a category into units when its last part is filled; then take blocks of
   * completeness until none is left */
  computePart(params: WalkParams, queue: PartQueue): Promise<PartResult>;
}

/** A category of a parallel run, its facilities (metric plane), and where it goes: this engine's slot arrays, on SharedArrayBuffers. */
export interface PartTarget {
  c: number;
  xs: Float64Array;
  ys: Float64Array;
  cells: SlotArrays;
}

/**
 * The work of a parallel run, taken by every thread until none is left: the categories (all of
 * them, largest first) in CATEGORY_PARTS parts of their blocks each, then completeness in chunks
 * of blocks once every category is filled. Whoever fills a category's last part sums it into
 * units. Shared counters in `next`: [0] the next part, [1] categories filled, [2] the next chunk
 * of completeness, then one per target: its parts filled.
 */
export interface PartQueue {
  targets: PartTarget[];
  next: Int32Array;
  /** how long each part took (ms, by part; on a SharedArrayBuffer): the next run's order */
  took: Float64Array;
  /** the completeness slot's arrays */
  complete: SlotArrays;
}

/** Parts of a category's blocks in a parallel run: enough that a category a thread is still
 * filling at the end leaves the other little to wait for, and that a first guess of the order
 * (before any run was timed) costs little. */
const CATEGORY_PARTS = 4;
const QUEUE_COUNTERS = 3;

/** Index of the next part in the queue for this thread (target × CATEGORY_PARTS + part), or -1 when none is left. */
function take(queue: PartQueue): number {
  const i = Atomics.add(queue.next, 0, 1);
  return i < queue.targets.length * CATEGORY_PARTS ? i : -1;
}

/** Blocks b0 … b1-1 of one category. A function of its own: V8 compiles the loop alone (on-stack
 * replacement), with nothing after it that has not run yet. */
function fillBlocks(kernel: CategoryKernel, out: SlotCover, b0: number, b1: number): void {
  for (let b = b0; b < b1; b++) {
    out.startBlock(b);
    kernel.fillBlock(b, out);
  }
}

/** Waits until `count` categories are filled (by every thread). */
function waitFilled(queue: PartQueue, count: number): void {
  for (let f = Atomics.load(queue.next, 1); f < count; f = Atomics.load(queue.next, 1)) Atomics.wait(queue.next, 1, f, 100);
}

/** Tells the other threads that one more category's cells are filled. */
function markFilled(queue: PartQueue): void {
  Atomics.add(queue.next, 1, 1);
  Atomics.notify(queue.next, 1);
}

const COMPLETE_CHUNK = 64;

/** A helper's share of a parallel run: the unit columns of the categories it summed, the
 * certified errors of the cells it filled (by category), and the completeness errors of its
 * blocks (cells, then pairs of cells and categories whose error is the category's: SlotCover.borrowed). */
export interface PartResult {
  figures: { c: number; figures: SlotFigures }[];
  errors: { c: number; errors: SlotErrors }[];
  complete: SlotErrors;
  borrowed: Int32Array;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** The units and what is projected onto them: exists from setUnits() on. */
interface Plane {
  grid: UnitGrid;
  units: readonly UnitFeature[];
  demand: Demand | null;
}

const CHUNK = 2048;

export class CoverageEngine {
  readonly categories: readonly Category[];
  private readonly catPos = new Map<string, number>();
  private readonly opts: EngineOptions;
  private readonly maxDepth: number;
  private model: WalkModel;
  private readonly facilities: FacilitySet;
  private demandRaw: readonly DemandPoint[] | null = null;
  private plane: Plane | null = null;
  private run: RunContext | null = null;
  private agg: Aggregator | null = null;
  private helpers: EngineHelper[] = [];
  /** inputs sent to the helpers and not yet answered */
  private helpersBusy = 0;
  private helperInputs: Promise<unknown> = Promise.resolve();
  /** the slots of the last run, reused by the next when they fit */
  private lastSlots: SlotCover[] | null = null;
  /** how long each category took in the last parallel run (ms): the order of the next one */
  private took: Float64Array | null = null;

  constructor(categories: readonly Category[], opts: EngineOptions = {}) {
    this.categories = categories;
    categories.forEach((c, i) => this.catPos.set(c.id, i));
    this.opts = opts;
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.model = opts.walkModel ?? circleWalkModel;
    this.facilities = new FacilitySet(categories);
  }

  // ---------------------------------------------------------------- inputs

  setUnits(units: readonly UnitFeature[]): { cells: number; entries: number; pieces: number; ms: number } {
    const t0 = now();
    const built = buildUnitGrid(units, this.opts);
    const grid = this.canShare() ? gridOnSharedMemory(built) : built;
    this.setPlane(units, grid);
    return { cells: grid.cellCount, entries: grid.entryCell.length, pieces: grid.pieceCount, ms: now() - t0 };
  }

  /** A helper's units: the grid the engine it helps built (on shared memory), not built again. */
  setGrid(units: readonly UnitFeature[], grid: PortableUnitGrid): void {
    this.setPlane(units, gridFromPortable(grid));
  }

  /**
   * One full computation on its own, with a facility of every category at every 500th cell, so
   * that a helper's code is compiled before its first real part (one helper's cold part made a
   * parallel run in the app take twice as long as the runs after it). Keeps no facilities.
   */
  warmUp(): void {
    const grid = this.plane?.grid;
    if (!grid) return;
    const ids = this.categories.map((c) => c.id);
    const facilities: EngineFacility[] = [];
    for (let cell = 0; cell < grid.cellCount; cell += 500) {
      const [lng, lat] = grid.projection.inverse(grid.cellCx[cell], grid.cellCy[cell]);
      facilities.push({ id: `warm-up-${cell}`, lng, lat, categories: ids });
    }
    this.setFacilities(facilities);
    this.compute(defaultWalkParams());
    this.setFacilities([]);
  }

  private setPlane(units: readonly UnitFeature[], grid: UnitGrid): void {
    this.plane = { grid, units, demand: null };
    const portable = this.canShare() ? portableGrid(grid) : null;
    if (portable) this.forward((h) => h.setGrid(units, portable));
    // re-project facilities and demand into the new plane
    this.facilities.project(grid.projection);
    if (this.demandRaw) this.setDemand(this.demandRaw);
    this.run = null;
  }

  getGrid(): UnitGrid | null {
    return this.plane?.grid ?? null;
  }

  /** Switch the walk model; the next compute() uses it. */
  setWalkModel(model: WalkModel): void {
    this.model = model;
    this.run = null;
  }

  setFacilities(facilities: readonly EngineFacility[]): void {
    this.facilities.reset(facilities, this.plane?.grid.projection ?? null);
    this.run = null;
  }

  /** Weighted demand points replace the census spread for population figures; null to go back. */
  setDemand(points: readonly DemandPoint[] | null): { assigned: number; outside: number } {
    this.demandRaw = points;
    this.run = null;
    this.forward((h) => h.setDemand(points));
    const plane = this.plane;
    if (!points || !plane) {
      if (plane) plane.demand = null;
      return { assigned: 0, outside: points?.length ?? 0 };
    }
    const { x, y, w, unit, outside } = locatePoints(plane.grid, points);
    plane.demand = { x, y, w, unit };
    return { assigned: points.length - outside, outside };
  }

  // ---------------------------------------------------------------- full computation

  /** Synchronous full computation. */
  compute(params: WalkParams): CoverageResult {
    const it = this.stages(params);
    for (;;) {
      const step = it.next();
      if (step.done) return step.value;
    }
  }

  /**
   * Full computation that gives way between chunks (so a worker can take a cancel message)
   * and reports progress. `shouldCancel` is checked at every step.
   */
  async computeAsync(
    params: WalkParams,
    onProgress?: (p: EngineProgress) => void,
    shouldCancel?: () => boolean,
    yieldToEventLoop: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0)),
  ): Promise<CoverageResult> {
    const it = this.stages(params);
    for (;;) {
      const step = it.next();
      if (step.done) {
        onProgress?.({ fraction: 1, stage: 'done' });
        return step.value;
      }
      onProgress?.(step.value);
      await yieldToEventLoop();
      if (shouldCancel?.()) throw new CancelledError();
    }
  }

  // Per category: fill its blocks, its demand
  // points, its unit figures; then completeness the same way, then the district and city rows.
  private *stages(params: WalkParams): Generator<EngineProgress, CoverageResult, void> {
    const plane = this.requirePlane();
    const g = plane.grid;
    const t0 = now();
    const C = this.categories.length;
    const ctx = this.newRun(plane, params, this.runSlots(plane, false));
    this.run = null;
    const agg = new Aggregator(ctx, this.agg);
    const totalSteps = C * Math.ceil(g.blockCount / CHUNK) + 2;
    let step = 0;
    for (let c = 0; c < C; c++) {
      const kernel = ctx.kernels[c];
      const out = ctx.slots[c];
      for (let b0 = 0; b0 < g.blockCount; b0 += CHUNK) {
        const b1 = Math.min(g.blockCount, b0 + CHUNK);
        fillBlocks(kernel, out, b0, b1);
        step++;
        yield { fraction: step / totalSteps, stage: 'categories', detail: this.categories[c].id };
      }
      this.coverPoints(ctx, c, null);
      agg.slot(c);
    }
    const tCats = now();
    this.fillComplete(ctx, agg);
    step++;
    yield { fraction: step / totalSteps, stage: 'completeness' };
    const tComplete = now();
    agg.finish();
    return this.finishRun(ctx, agg, t0, tCats, tComplete);
  }

  /** Part i of the queue: its blocks of one category; whoever fills a category's last part adds
   * its demand points and unit figures (the queue is told between the cells and the sums).
   * Returns the category when this thread summed it, else -1. */
  private fillPart(ctx: RunContext, agg: Aggregator, i: number, queue: PartQueue): number {
    const t0 = now();
    const t = Math.floor(i / CATEGORY_PARTS), k = i % CATEGORY_PARTS;
    const c = queue.targets[t].c;
    const B = ctx.grid.blockCount;
    fillBlocks(ctx.kernels[c], ctx.slots[c], Math.floor((k * B) / CATEGORY_PARTS), Math.floor(((k + 1) * B) / CATEGORY_PARTS));
    // every other part's cells are visible once this add sees it counted (Atomics are sequentially consistent)
    const last = Atomics.add(queue.next, QUEUE_COUNTERS + t, 1) === CATEGORY_PARTS - 1;
    if (last) {
      this.coverPoints(ctx, c, null);
      markFilled(queue);
      agg.figures(c);
    }
    queue.took[i] = now() - t0;
    return last ? c : -1;
  }

  /** A thread's share of a parallel run: parts of categories from the queue, then chunks of
   * completeness (each loop in a method of its own, compiled on its own while it runs). Returns
   * the categories this thread filled parts of, and those it summed. */
  private takeShare(ctx: RunContext, agg: Aggregator, queue: PartQueue): { filled: Set<number>; summed: number[] } {
    const share = this.takeParts(ctx, agg, queue);
    // completeness needs every category's cells: wait for the other threads' last ones
    waitFilled(queue, this.categories.length);
    this.takeCompleteness(ctx, queue);
    return share;
  }

  /** Parts from the queue until none is left. */
  private takeParts(ctx: RunContext, agg: Aggregator, queue: PartQueue): { filled: Set<number>; summed: number[] } {
    const filled = new Set<number>();
    const summed: number[] = [];
    for (let i = take(queue); i >= 0; i = take(queue)) {
      filled.add(queue.targets[Math.floor(i / CATEGORY_PARTS)].c);
      const c = this.fillPart(ctx, agg, i, queue);
      if (c >= 0) summed.push(c);
    }
    return { filled, summed };
  }

  /** Chunks of completeness blocks from the queue until none is left. */
  private takeCompleteness(ctx: RunContext, queue: PartQueue): void {
    const B = ctx.grid.blockCount;
    for (let b0 = Atomics.add(queue.next, 2, 1) * COMPLETE_CHUNK; b0 < B; b0 = Atomics.add(queue.next, 2, 1) * COMPLETE_CHUNK) {
      for (let b = b0; b < Math.min(B, b0 + COMPLETE_CHUNK); b++) this.completeBlock(ctx, b);
    }
  }

  /** Completeness: cells, demand points and unit figures (the categories filled). */
  private fillComplete(ctx: RunContext, agg: Aggregator): void {
    const C = this.categories.length;
    for (let b = 0; b < ctx.grid.blockCount; b++) this.completeBlock(ctx, b);
    this.completePoints(ctx, null);
    agg.slot(C);
  }

  // Completeness of block b's cells (its error entries cleared beforehand): whole when the
  // categories' blocks decide it (the first category in order that is not wholly covered there
  // is wholly uncovered, or all are wholly covered), else cell by cell.
  private completeBlock(ctx: RunContext, b: number): void {
    const complete = ctx.slots[this.categories.length];
    complete.startBlock(b);
    let st = ctx.completeCats.length === 0 ? 0 : 1;
    for (const c of ctx.completeCats) {
      const s = ctx.slots[c].blockState[b];
      if (s === 1) continue;
      st = s; // 0: uncovered; -1: decided cell by cell (a category with no data there goes first)
      break;
    }
    if (st === 0 || st === 1) { complete.setBlock(b, st); return; }
    const g = ctx.grid;
    for (let cell = g.blockStart[b], c1 = g.blockStart[b + 1]; cell < c1; cell++) complete.setComplete(cell, ctx.completeCats, ctx.slots, ctx.kernels);
  }

  private finishRun(ctx: RunContext, agg: Aggregator, t0: number, tCats: number, tComplete: number, threads = 1): CoverageResult {
    this.run = ctx;
    this.agg = agg;
    const tEnd = now();
    ctx.result.timing = { totalMs: tEnd - t0, categoriesMs: tCats - t0, completenessMs: tComplete - tCats, aggregateMs: tEnd - tComplete, threads };
    return ctx.result;
  }

  // ---------------------------------------------------------------- parallel computation

  /**
   * Helpers: other engines on the same units (in other threads) that take a share of the
   * categories of a full computation. Units and demand given to this engine from now on are
   * forwarded; the facilities go with each run, as the projected coordinates of the categories'
   * members (typed arrays, nothing to re-project there).
   */
  shareWith(helpers: EngineHelper[]): void {
    this.helpers = helpers;
    const plane = this.plane;
    // units already set: their grid moves to shared memory and goes to the helpers (with the demand)
    if (plane && this.canShare()) this.setPlane(plane.units, gridOnSharedMemory(plane.grid));
  }

  // Helpers can take part: there are some, and memory to share with them (without it they
  // would get copies of the grid they could never use: computeParallel is compute() then).
  private canShare(): boolean {
    return this.helpers.length > 0 && typeof SharedArrayBuffer !== 'undefined';
  }

  // An input to every helper; until each has answered, full computations run on this thread
  // alone (a helper still building its grid would keep the run waiting; one that never answers,
  // for ever).
  private forward(send: (h: EngineHelper) => Promise<unknown>): void {
    const answered = () => { this.helpersBusy--; };
    for (const h of this.helpers) {
      this.helpersBusy++;
      this.helperInputs = Promise.all([this.helperInputs, send(h).then(answered, answered)]);
    }
  }

  /** Resolves once the helpers have answered every input sent so far. */
  helpersSettled(): Promise<void> {
    return this.helperInputs.then(() => undefined);
  }

  /** How many threads computeParallel() runs on: this one and the helpers, or 1 where it is
   * compute() (no helpers, a helper without the latest units or demand yet, no
   * SharedArrayBuffer, or a walk model other threads cannot run). */
  parallelism(): number {
    const shared = this.canShare() && this.helpersBusy === 0 && this.model.id === circleWalkModel.id;
    return shared ? 1 + this.helpers.length : 1;
  }

  /**
   * Full computation with the helpers: this thread and the helpers take parts of categories from
   * one queue (largest first; whoever is free takes the next, so a thread the machine slows down
   * takes fewer) and fill them; whoever fills a category's last part sums it. Once every category
   * is filled they take chunks of completeness blocks the same way (a thread waits on the shared
   * counter with Atomics.wait: Node or a worker, not a browser page's main thread); completeness
   * units and the district and city rows follow here. The cell arrays live on SharedArrayBuffers,
   * so a helper writes its cells in place and sends back only their certified errors and the unit
   * columns it summed; every category's error bounds are summed here once all errors are in. The same figures as compute(). Without
   * helpers, without SharedArrayBuffer (a browser page that is not cross-origin isolated), or
   * with a walk model that cannot be sent to another thread (only the circle model can), it
   * is compute().
   */
  async computeParallel(params: WalkParams): Promise<CoverageResult> {
    if (this.parallelism() === 1) return this.compute(params);
    const plane = this.requirePlane();
    const t0 = now();
    this.run = null;
    // the helpers start on the slots first; this thread's kernels and result follow
    const slots = this.runSlots(plane, true);
    // longest categories first, so the last parts taken are short: as long as they took in the
    // last run (each thread times the parts it takes), else by facility count
    const C = this.categories.length;
    const took = this.took?.length === C && this.took.every((ms) => ms > 0) ? this.took : null;
    const load = took ? Array.from(took) : this.categories.map((_, c) => this.facilities.members(c).xs.length);
    const order = [...load.keys()].sort((a, b) => load[b] - load[a]);
    const targets = order.map((c): PartTarget => {
      const { xs, ys } = this.facilities.members(c);
      return { c, xs, ys, cells: slots[c].arrays() };
    });
    const complete = slots[C];
    const queue: PartQueue = {
      targets,
      next: new Int32Array(new SharedArrayBuffer(4 * (QUEUE_COUNTERS + C))),
      took: new Float64Array(new SharedArrayBuffer(8 * C * CATEGORY_PARTS)),
      complete: complete.arrays(),
    };
    const pending = this.helpers.map((h) => h.computePart(params, queue));
    const ctx = this.newRun(plane, params, slots);
    const agg = new Aggregator(ctx, this.agg);
    complete.borrowed = [];
    this.takeShare(ctx, agg, queue);
    const tCats = now();
    const results = await Promise.all(pending);
    for (const r of results) {
      for (const p of r.errors) ctx.slots[p.c].mergeErrors(p.errors);
      for (const p of r.figures) agg.adoptSlot(p.c, p.figures);
      complete.mergeErrors(r.complete);
    }
    this.took = categoryTimes(queue);
    agg.errorBounds([...this.categories.keys()]);
    // the completeness errors that are a category's, now that every category's errors are here
    complete.takeBorrowed(complete.borrowed, ctx.slots);
    for (const r of results) complete.takeBorrowed(r.borrowed, ctx.slots);
    complete.borrowed = null;
    this.completePoints(ctx, null);
    agg.slot(C);
    const tComplete = now();
    agg.finish();
    return this.finishRun(ctx, agg, t0, tCats, tComplete, 1 + this.helpers.length);
  }

  /** A helper's share: take categories from the queue, fill them into the main engine's shared
   * arrays and sum them, then chunks of completeness. */
  computePart(params: WalkParams, queue: PartQueue): PartResult {
    const plane = this.requirePlane();
    const nPoints = plane.demand ? plane.demand.x.length : 0;
    const slots = new Array<SlotCover>(this.categories.length + 1);
    const points = new Array<{ xs: Float64Array; ys: Float64Array }>(this.categories.length);
    for (const t of queue.targets) {
      slots[t.c] = new SlotCover(plane.grid, this.maxDepth, true, nPoints, t.cells);
      points[t.c] = { xs: t.xs, ys: t.ys };
    }
    const complete = new SlotCover(plane.grid, this.maxDepth, false, nPoints, queue.complete);
    slots[this.categories.length] = complete;
    const ctx = this.newRun(plane, params, slots, points);
    this.run = null;
    const agg = new Aggregator(ctx, this.agg);
    this.agg = agg;
    complete.borrowed = [];
    const { filled, summed } = this.takeShare(ctx, agg, queue);
    return {
      figures: summed.map((c) => ({ c, figures: agg.exportSlot(c) })),
      errors: [...filled].map((c) => ({ c, errors: ctx.slots[c].errors() })),
      complete: complete.errors(),
      borrowed: Int32Array.from(complete.borrowed),
    };
  }

  // The slot buffers of a run: the last run's when they fit (cleared), else new ones (on
  // SharedArrayBuffers when helpers fill some).
  private runSlots(plane: Plane, shared: boolean): SlotCover[] {
    const { grid, demand } = plane;
    const C = this.categories.length;
    const nPoints = demand ? demand.x.length : 0;
    const prev = this.lastSlots;
    const slots: SlotCover[] = [];
    for (let s = 0; s <= C; s++) {
      const old = prev?.length === C + 1 ? prev[s] : null;
      const reuse = old?.fits(grid, s < C, nPoints, shared) === true;
      if (reuse) old.reset();
      slots.push(reuse ? old : new SlotCover(grid, this.maxDepth, s < C, nPoints, shared));
    }
    this.lastSlots = slots;
    return slots;
  }

  // A run context on the given slots: kernels with the facilities (or the given points per
  // category: a helper's share, whose other categories stay empty).
  private newRun(plane: Plane, params: WalkParams, slots: SlotCover[], points?: ({ xs: Float64Array; ys: Float64Array } | undefined)[]): RunContext {
    const { grid, units, demand } = plane;
    const kernels = this.categories.map((category, c) => {
      const k = this.model.kernel({ grid, category, params });
      if (!points) {
        const { xs, ys } = this.facilities.members(c);
        k.setPoints(xs, ys);
      } else if (points[c]) k.setPoints(points[c].xs, points[c].ys);
      return k;
    });
    const sel = params.selected.length > 0 ? params.selected : this.categories.map((c) => c.id);
    const completeCats = sel.map((id) => this.catPos.get(id)).filter((i): i is number => i !== undefined);
    const base = {
      grid, units, categories: this.categories, params, modelId: this.model.id, maxDepth: this.maxDepth,
      kernels, slots, completeCats, demand,
    };
    return new Run(base, resultShell(base, this.facilities.count));
  }

  private requirePlane(): Plane {
    if (!this.plane) throw new Error('setUnits() first');
    return this.plane;
  }

  // Demand points of category c (only those near the edited points when given).
  private coverPoints(ctx: RunContext, c: number, near: { x: number; y: number }[] | null): void {
    const d = ctx.demand;
    if (!d) return;
    const k = ctx.kernels[c];
    const out = ctx.slots[c].pointCovered;
    const r = k.reachM;
    for (let i = 0; i < d.x.length; i++) {
      if (near && !near.some((p) => Math.hypot(d.x[i] - p.x, d.y[i] - p.y) <= r)) continue;
      out[i] = k.covers(d.x[i], d.y[i]) ? 1 : 0;
    }
  }

  private completePoints(ctx: RunContext, near: { x: number; y: number; r: number }[] | null): void {
    const d = ctx.demand;
    if (!d) return;
    const C = this.categories.length;
    const out = ctx.slots[C].pointCovered;
    for (let i = 0; i < d.x.length; i++) {
      if (near && !near.some((p) => Math.hypot(d.x[i] - p.x, d.y[i] - p.y) <= p.r)) continue;
      let all = ctx.completeCats.length > 0 ? 1 : 0;
      for (const c of ctx.completeCats) if (!ctx.slots[c].pointCovered[i]) { all = 0; break; }
      out[i] = all;
    }
  }

  // ---------------------------------------------------------------- incremental updates

  /** Adds a facility, or replaces the one with the same id (move / recategorise). */
  upsertFacility(f: EngineFacility): UpdateStats {
    this.requirePlane();
    const before = this.facilities.byId(f.id) ?? null;
    const t0 = now();
    this.facilities.upsert(f);
    return this.applyChange(before, f, t0);
  }

  removeFacility(id: string): UpdateStats {
    const t0 = now();
    const before = this.facilities.byId(id);
    if (!before) return { ms: 0, blocksRecomputed: 0, cellsRecomputed: 0, unitsTouched: 0, categories: [] };
    this.requirePlane();
    this.facilities.remove(id);
    return this.applyChange(before, null, t0);
  }

  /** The result of the last computation, kept current by incremental updates. */
  getResult(): CoverageResult | null {
    return this.run?.result ?? null;
  }

  // The facility list is already updated; recompute what the change can affect.
  private applyChange(before: EngineFacility | null, after: EngineFacility | null, t0: number): UpdateStats {
    const proj = this.requirePlane().grid.projection;
    const touched = new Set<number>();
    const points: { x: number; y: number }[] = [];
    for (const f of [before, after]) {
      if (!f) continue;
      for (const id of f.categories) {
        const c = this.catPos.get(id);
        if (c !== undefined) touched.add(c);
      }
      const [x, y] = proj.forward(f.lng, f.lat);
      points.push({ x, y });
    }
    const stats: UpdateStats = { ms: 0, blocksRecomputed: 0, cellsRecomputed: 0, unitsTouched: 0, categories: [...touched].map((c) => this.categories[c].id) };
    const ctx = this.run;
    const agg = this.agg;
    if (!ctx || !agg) {
      stats.ms = now() - t0;
      return stats;
    }
    const g = ctx.grid;
    const C = this.categories.length;
    const changedCells = new Uint8Array(g.cellCount);
    const changedBlocks = new Uint8Array(g.blockCount);
    const completeTouched = [...touched].some((c) => ctx.completeCats.includes(c));
    for (const c of touched) {
      const kernel = ctx.kernels[c];
      // which blocks can change is decided on the state before the edit
      const hit: number[] = [];
      const out = ctx.slots[c];
      for (let b = 0; b < g.blockCount; b++) if (points.some((p) => kernel.blockAffected(b, p.x, p.y, out))) hit.push(b);
      const { xs, ys } = this.facilities.members(c);
      kernel.setPoints(xs, ys);
      for (const b of hit) {
        out.beginBlock(b);
        kernel.fillBlock(b, out);
        stats.blocksRecomputed++;
        changedBlocks[b] = 1;
        for (let cell = g.blockStart[b]; cell < g.blockStart[b + 1]; cell++) {
          if (!changedCells[cell]) stats.cellsRecomputed++;
          changedCells[cell] = 1;
        }
      }
      this.coverPoints(ctx, c, points);
    }
    if (completeTouched) {
      const complete = ctx.slots[C];
      for (let b = 0; b < g.blockCount; b++) {
        if (!changedBlocks[b]) continue;
        complete.beginBlock(b);
        this.completeBlock(ctx, b);
      }
      const maxReach = Math.max(...[...touched].map((c) => ctx.kernels[c].reachM));
      this.completePoints(ctx, points.map((p) => ({ ...p, r: maxReach })));
    }
    // units to re-aggregate
    const units = new Set<number>();
    for (let cell = 0; cell < g.cellCount; cell++) {
      if (!changedCells[cell]) continue;
      for (let k = g.cellEntryStart[cell]; k < g.cellEntryStart[cell + 1]; k++) units.add(unitOfEntry(g, g.cellEntries[k]));
    }
    const d = ctx.demand;
    if (d) {
      // units whose points may have changed
      const maxReach = Math.max(...[...touched].map((c) => ctx.kernels[c].reachM));
      for (let i = 0; i < d.x.length; i++) {
        if (d.unit[i] >= 0 && points.some((p) => Math.hypot(d.x[i] - p.x, d.y[i] - p.y) <= maxReach)) units.add(d.unit[i]);
      }
    }
    // coverage of the touched units; walking times of every unit for the touched categories
    // (the nearest facility can change far away where facilities are sparse)
    agg.edit(units, [...touched, ...(completeTouched ? [C] : [])], touched);
    ctx.result.facilityCount = this.facilities.count;
    stats.unitsTouched = units.size;
    stats.ms = now() - t0;
    return stats;
  }

  // ---------------------------------------------------------------- queries for maps and exports

  /** Per-cell state for map layers / uncovered areas (null before compute). */
  cellState(slot: number): { frac: Float32Array; pieceFrac: Float32Array } | null {
    const ctx = this.run;
    if (!ctx) return null;
    return { frac: ctx.slots[slot].frac, pieceFrac: ctx.slots[slot].pieceFrac };
  }

  /** True when the point (metric plane) reaches the slot (a category, or all selected for completeness). */
  reachesAt(slot: number, x: number, y: number): boolean {
    const ctx = this.run;
    if (!ctx) return false;
    const list = slot < this.categories.length ? [slot] : ctx.completeCats;
    if (list.length === 0) return false;
    for (const c of list) if (!ctx.kernels[c].covers(x, y)) return false;
    return true;
  }
}

// The run context as an instance of a class of its own. As an object literal, a spread of `base`
// gave every run's context a hidden class of its own; and a literal of base's keys plus `result`
// shared base's hidden classes, so the second run's base threw out the compiled code of six
// functions that read a run context (node --trace-deopt).
class Run implements RunContext {
  readonly grid: UnitGrid;
  readonly units: readonly UnitFeature[];
  readonly categories: readonly Category[];
  readonly params: WalkParams;
  readonly modelId: string;
  readonly maxDepth: number;
  readonly kernels: CategoryKernel[];
  readonly slots: SlotCover[];
  readonly completeCats: number[];
  readonly demand: Demand | null;

  constructor(base: Omit<RunContext, 'result'>, readonly result: CoverageResult) {
    this.grid = base.grid;
    this.units = base.units;
    this.categories = base.categories;
    this.params = base.params;
    this.modelId = base.modelId;
    this.maxDepth = base.maxDepth;
    this.kernels = base.kernels;
    this.slots = base.slots;
    this.completeCats = base.completeCats;
    this.demand = base.demand;
  }
}

/** How long each category took in a parallel run (the sum of its parts; ms, by category). */
function categoryTimes(queue: PartQueue): Float64Array {
  const took = new Float64Array(queue.targets.length);
  queue.targets.forEach((t, i) => {
    for (let k = 0; k < CATEGORY_PARTS; k++) took[t.c] += queue.took[i * CATEGORY_PARTS + k];
  });
  return took;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
