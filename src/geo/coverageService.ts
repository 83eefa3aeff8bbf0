/**
 * The coverage engine behind a message-friendly face: what the Web Worker exposes with
 * comlink (src/worker/coverage.worker.ts). Plain data in and out; one operation at a time
 * (a queue), a running computation can be cancelled by epoch, and each answer carries the
 * epoch it was computed for so the main thread can drop stale ones.
 *
 * The service owns the planner's scenario: the loaded facilities (`setFacilities`) and the
 * trial sites (hypothetical facilities) are kept apart. Every answer is a `ScenarioAnswer`:
 * the figures for the loaded facilities alone (`baseline`) and with the trial sites
 * (`scenario`), and the trial sites the scenario includes. A full computation runs over the
 * loaded facilities, then the trial sites are applied as incremental edits; a change of the
 * trial sites is only incremental edits. Nobody has to infer what a result includes.
 *
 * It also owns the land the figures cover: with a street network (or `setLand`) each unit's
 * land inside the network's extent (networkUnits.ts), clipped here in the worker, so the page
 * neither clips polygons nor sends the units again when the walk model changes.
 */
import type { Category, UnitFeature } from '../domain/types';
import type { WalkParams } from '../domain/walk';
import { CancelledError, CoverageEngine, type EngineHelper, type EngineOptions } from './coverageEngine';
import type { CoverageResult, DemandPoint, EngineFacility, EngineProgress, UpdateStats } from './coverageTypes';
import { uncoveredAreas, type UncoveredCollection } from './uncovered';
import { circleWalkModel } from './circleModel';
import type { NetworkGraph } from './network/graph';
import { networkWalkModel, type NetworkWalkOptions } from './network/networkWalkModel';
import { clipUnitsToExtent } from './networkUnits';
import { uncoveredDissolved, type DissolvedCollection } from './uncoveredDissolved';

type Extent = [number, number, number, number];

export interface ScenarioAnswer {
  epoch: number;
  /** figures for the loaded facilities only */
  baseline: CoverageResult;
  /** figures for the loaded facilities plus `trials` (the same object as `baseline` when there are none) */
  scenario: CoverageResult;
  /** the trial sites `scenario` includes, as sent */
  trials: EngineFacility[];
  /** the incremental edits this answer took (null after a full computation) */
  stats: UpdateStats | null;
}

/** One loaded facility added, moved/recategorised or removed. */
export type FacilityChange = { kind: 'upsert'; facility: EngineFacility } | { kind: 'remove'; id: string };

export interface CoverageServiceApi {
  init(categories: Category[], options?: EngineOptions): Promise<void>;
  setUnits(units: UnitFeature[]): Promise<{ cells: number; entries: number; pieces: number; ms: number }>;
  /** the loaded facilities (without trial sites); drops the figures until the next compute */
  setFacilities(facilities: EngineFacility[]): Promise<void>;
  setDemand(points: DemandPoint[] | null): Promise<{ assigned: number; outside: number }>;
  /**
   * The walk model: a street network (src/geo/network; the graph as the import worker returns
   * it, structured-clone safe) or null for straight-line circles. Drops the figures.
   */
  setNetwork(graph: NetworkGraph | null, options?: NetworkWalkOptions): Promise<void>;
  /**
   * The figures cover each unit's land inside this extent [w, s, e, n] (networkUnits.ts; the
   * network's extent when a network is set), null for whole units. Drops the figures when it changes.
   */
  setLand(extent: Extent | null): Promise<void>;
  /**
   * Full computation over the loaded facilities, then `trials` applied as incremental edits.
   * null when cancelled (or superseded by a later epoch).
   */
  compute(params: WalkParams, trials: EngineFacility[], epoch: number, onProgress?: (p: EngineProgress) => void): Promise<ScenarioAnswer | null>;
  /**
   * Full computations of the straight-line model may run on up to n threads: this worker and
   * n − 1 helper engines, started after the next full computation where the page allows
   * (startHelpers). Default 1; only the first call with n > 1 starts helpers.
   */
  threads(n: number): Promise<void>;
  /** cancels every computation with an epoch ≤ the given one */
  cancel(epoch: number): void;
  /** The trial sites are now these: incremental edits for the ones that changed. null before a finished compute. */
  setTrials(trials: EngineFacility[], epoch: number): Promise<ScenarioAnswer | null>;
  /** One loaded facility changed: incremental edits for baseline and scenario. null before a finished compute. */
  editFacility(change: FacilityChange, epoch: number): Promise<ScenarioAnswer | null>;
  /** uncovered areas of the scenario, one slot (category id or 'complete'), some units (default all) */
  uncovered(slot: string, unitIds?: string[]): Promise<UncoveredCollection | null>;
  /** the same areas dissolved across units, without cell seams, for the map */
  uncoveredMap(slot: string, unitIds?: string[]): Promise<DissolvedCollection | null>;
}

/** An engine on another thread (a Web Worker: src/worker/coverageHelper.worker.ts) that takes a
 * share of every full computation with the straight-line model (CoverageEngine.shareWith). */
export interface CoverageHelper extends EngineHelper {
  init(categories: Category[], options?: EngineOptions): Promise<void>;
}

const sameFacility = (a: EngineFacility, b: EngineFacility) =>
  a.lng === b.lng && a.lat === b.lat && a.categories.length === b.categories.length && a.categories.every((c, i) => c === b.categories[i]);

function addStats(into: UpdateStats | null, s: UpdateStats): UpdateStats {
  if (!into) return { ...s, categories: [...s.categories] };
  into.ms += s.ms;
  into.blocksRecomputed += s.blocksRecomputed;
  into.cellsRecomputed += s.cellsRecomputed;
  into.unitsTouched += s.unitsTouched;
  for (const c of s.categories) if (!into.categories.includes(c)) into.categories.push(c);
  return into;
}

/**
 * `startHelpers(count)`: starts up to `count` engines on other threads (a Web Worker each, where
 * the page is cross-origin isolated). The service starts them after the first full computation
 * once threads(n > 1) asked for them, so they do not compete with it and with the page's start
 * for the machine's cores. Once they have answered init() and their grid, full computations with
 * the straight-line model run on all of them (computeParallel, without progress steps: it takes
 * a fraction of a second); until then, and for good once a parallel computation fails, on this
 * thread alone.
 */
export function createCoverageService(yieldFn?: () => Promise<void>, startHelpers?: (count: number) => CoverageHelper[]): CoverageServiceApi {
  let engine: CoverageEngine | null = null;
  let engineInputs: { categories: Category[]; options?: EngineOptions } | null = null;
  /** the threads full computations may use, and the helpers once started (while they work) */
  let threads = 1;
  let live: CoverageHelper[] | null = null;
  let cancelledUpTo = 0;
  let queue: Promise<unknown> = Promise.resolve();
  /** the loaded facilities */
  let real: EngineFacility[] = [];
  /** the trial sites the engine holds on top of them */
  let applied: EngineFacility[] = [];
  /** a copy of the figures without trial sites (the engine updates its result in place) */
  let baseline: CoverageResult | null = null;
  /** the units as given, and the extent their land is clipped to (null: whole units) */
  let units: UnitFeature[] = [];
  let land: Extent | null = null;

  const serial = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const need = (): CoverageEngine => {
    if (!engine) throw new Error('init() first');
    return engine;
  };
  // trial sites leave the engine or come in as incremental edits
  const applyTrials = (eng: CoverageEngine, trials: readonly EngineFacility[], stats: UpdateStats | null): UpdateStats | null => {
    const next = new Map(trials.map((t) => [t.id, t]));
    for (const t of applied) if (!next.has(t.id)) stats = addStats(stats, eng.removeFacility(t.id));
    const old = new Map(applied.map((t) => [t.id, t]));
    for (const t of trials) {
      const o = old.get(t.id);
      if (!o || !sameFacility(o, t)) stats = addStats(stats, eng.upsertFacility(t));
    }
    applied = trials.slice();
    return stats;
  };
  const answer = (epoch: number, stats: UpdateStats | null): ScenarioAnswer | null => {
    const result = need().getResult();
    if (!result || !baseline) return null;
    return { epoch, baseline, scenario: applied.length > 0 ? result : baseline, trials: applied.slice(), stats };
  };
  // on every thread where the engine can (no progress steps, no cancelling half-way), else in
  // steps that give way to the worker's messages; a helper that fails is dropped for good
  const fullComputation = async (eng: CoverageEngine, params: WalkParams, onProgress: ((p: EngineProgress) => void) | undefined, cancelled: () => boolean) => {
    if (eng.parallelism() > 1) {
      try {
        return await eng.computeParallel(params);
      } catch {
        live = [];
        eng.shareWith([]);
      }
    }
    return eng.computeAsync(params, onProgress, cancelled, yieldFn);
  };
  // the helpers of this engine: started once (after the first full computation), given the
  // engine's categories, and shared with it once they have answered
  const shareHelpers = (eng: CoverageEngine) => {
    if (live === null) live = threads > 1 ? (startHelpers?.(threads - 1) ?? []) : [];
    const helpers = live;
    if (helpers.length === 0 || !engineInputs) return;
    const { categories, options } = engineInputs;
    void Promise.all(helpers.map((h) => h.init(categories, options))).then(
      () => { if (engine === eng && live === helpers) eng.shareWith(helpers); },
      () => { live = []; },
    );
  };
  const dropResults = () => {
    applied = [];
    baseline = null;
  };
  // the engine's units: each unit's land inside `land` (the grid is built again)
  const applyUnits = () => {
    const out = need().setUnits(land ? clipUnitsToExtent(units, land).units : units);
    need().setFacilities(real);
    dropResults();
    return out;
  };
  const setLand = (extent: Extent | null) => {
    const same = extent === land || (extent !== null && land !== null && extent.every((v, i) => v === land?.[i]));
    if (same) return;
    land = extent ? [...extent] : null;
    if (units.length > 0) applyUnits();
  };

  return {
    init: (categories, options) => serial(() => {
      const eng = new CoverageEngine(categories, options);
      engine = eng;
      engineInputs = { categories, options };
      if (live !== null) shareHelpers(eng);
      real = [];
      units = [];
      land = null;
      dropResults();
    }),
    setUnits: (given) => serial(() => {
      units = given.slice();
      return applyUnits();
    }),
    setNetwork: (graph, options) => serial(() => {
      need().setWalkModel(graph ? networkWalkModel(graph, options) : circleWalkModel);
      setLand(graph ? graph.extent : null);
      dropResults();
    }),
    setLand: (extent) => serial(() => {
      setLand(extent);
      dropResults();
    }),
    setFacilities: (facilities) => serial(() => {
      real = facilities.slice();
      need().setFacilities(real);
      dropResults();
    }),
    setDemand: (points) => serial(() => {
      const out = need().setDemand(points);
      need().setFacilities(real);
      dropResults();
      return out;
    }),
    compute: (params, trials, epoch, onProgress) => serial(async () => {
      if (epoch <= cancelledUpTo) return null;
      const eng = need();
      // the engine holds the loaded facilities only for the full computation
      if (applied.length > 0) eng.setFacilities(real);
      dropResults();
      try {
        const result = await fullComputation(eng, params, onProgress, () => epoch <= cancelledUpTo);
        if (live === null && threads > 1) shareHelpers(eng);
        if (epoch <= cancelledUpTo) return null;
        baseline = trials.length > 0 ? structuredClone(result) : result;
        applyTrials(eng, trials, null);
        return answer(epoch, null);
      } catch (e) {
        if (e instanceof CancelledError) return null;
        throw e;
      }
    }),
    threads: async (n) => {
      if (live === null) threads = Math.max(1, Math.floor(n));
    },
    cancel: (epoch) => {
      if (epoch > cancelledUpTo) cancelledUpTo = epoch;
    },
    setTrials: (trials, epoch) => serial(() => {
      const eng = need();
      if (!baseline || !eng.getResult()) return null;
      // the baseline must not follow the engine's in-place updates
      if (applied.length === 0 && trials.length > 0 && baseline === eng.getResult()) baseline = structuredClone(baseline);
      return answer(epoch, applyTrials(eng, trials, null));
    }),
    editFacility: (change, epoch) => serial(() => {
      const eng = need();
      if (!baseline || !eng.getResult()) return null;
      const trials = applied;
      // trial sites out, the edit in, a new baseline, trial sites back
      let stats = applyTrials(eng, [], null);
      if (change.kind === 'upsert') {
        const i = real.findIndex((f) => f.id === change.facility.id);
        real = i < 0 ? [...real, change.facility] : real.map((f, k) => (k === i ? change.facility : f));
        stats = addStats(stats, eng.upsertFacility(change.facility));
      } else {
        real = real.filter((f) => f.id !== change.id);
        stats = addStats(stats, eng.removeFacility(change.id));
      }
      const result = eng.getResult();
      if (!result) return null;
      baseline = trials.length > 0 ? structuredClone(result) : result;
      stats = applyTrials(eng, trials, stats);
      return answer(epoch, stats);
    }),
    uncovered: (slot, unitIds) => serial(() => uncoveredAreas(need(), slot, unitIds)),
    uncoveredMap: (slot, unitIds) => serial(() => uncoveredDissolved(need(), slot, unitIds)),
  };
}
