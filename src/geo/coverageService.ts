/**
 * The coverage engine behind a message-friendly face: what the Web Worker exposes with
 * comlink (src/worker/coverage.worker.ts). Plain data in and out; one operation at a time
 * (a queue), a running computation can be cancelled by epoch, and each answer carries the
 * epoch it was computed for so the main thread can drop stale ones.
 */
import type { Category, UnitFeature } from '../domain/types';
import type { WalkParams } from '../domain/walk';
import { CancelledError, CoverageEngine, type EngineOptions } from './coverageEngine';
import type { CoverageResult, DemandPoint, EngineFacility, EngineProgress, UpdateStats } from './coverageTypes';
import { uncoveredAreas, type UncoveredCollection } from './uncovered';

export interface ComputeAnswer {
  epoch: number;
  result: CoverageResult;
}

export interface EditAnswer extends ComputeAnswer {
  stats: UpdateStats;
}

export interface CoverageServiceApi {
  init(categories: Category[], options?: EngineOptions): Promise<void>;
  setUnits(units: UnitFeature[]): Promise<{ cells: number; entries: number; pieces: number; ms: number }>;
  setFacilities(facilities: EngineFacility[]): Promise<void>;
  setDemand(points: DemandPoint[] | null): Promise<{ assigned: number; outside: number }>;
  /** null when cancelled (or superseded by a later epoch) */
  compute(params: WalkParams, epoch: number, onProgress?: (p: EngineProgress) => void): Promise<ComputeAnswer | null>;
  /** cancels every computation with an epoch ≤ the given one */
  cancel(epoch: number): void;
  upsertFacility(f: EngineFacility, epoch: number): Promise<EditAnswer | null>;
  removeFacility(id: string, epoch: number): Promise<EditAnswer | null>;
  /** uncovered areas of one slot (category id or 'complete') for some units (default all) */
  uncovered(slot: string, unitIds?: string[]): Promise<UncoveredCollection | null>;
}

export function createCoverageService(yieldFn?: () => Promise<void>): CoverageServiceApi {
  let engine: CoverageEngine | null = null;
  let cancelledUpTo = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const need = (): CoverageEngine => {
    if (!engine) throw new Error('init() first');
    return engine;
  };
  return {
    init: (categories, options) => serial(() => {
      engine = new CoverageEngine(categories, options);
    }),
    setUnits: (units) => serial(() => need().setUnits(units)),
    setFacilities: (facilities) => serial(() => need().setFacilities(facilities)),
    setDemand: (points) => serial(() => need().setDemand(points)),
    compute: (params, epoch, onProgress) => serial(async () => {
      if (epoch <= cancelledUpTo) return null;
      try {
        const result = await need().computeAsync(params, onProgress, () => epoch <= cancelledUpTo, yieldFn);
        return { epoch, result };
      } catch (e) {
        if (e instanceof CancelledError) return null;
        throw e;
      }
    }),
    cancel: (epoch) => {
      if (epoch > cancelledUpTo) cancelledUpTo = epoch;
    },
    upsertFacility: (f, epoch) => serial(() => {
      const eng = need();
      const stats = eng.upsertFacility(f);
      const result = eng.getResult();
      return result ? { epoch, result, stats } : null;
    }),
    removeFacility: (id, epoch) => serial(() => {
      const eng = need();
      const stats = eng.removeFacility(id);
      const result = eng.getResult();
      return result ? { epoch, result, stats } : null;
    }),
    uncovered: (slot, unitIds) => serial(() => uncoveredAreas(need(), slot, unitIds)),
  };
}
