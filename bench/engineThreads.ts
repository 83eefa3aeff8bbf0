/**
 * Helper engines in Node worker threads for CoverageEngine.shareWith(): each runs
 * bench/engineWorker.ts with its own copy of the inputs; a full computation hands each a share
 * the run's queue of categories and the shared arrays to fill (computeParallel). Node only (the app's engine already runs in a Web Worker).
 */
import type { Category } from '../src/domain/types';
import type { EngineHelper, EngineOptions, PartResult } from '../src/geo/coverageEngine';
import { startHelperThread } from './helperThread';

export interface EngineThreads {
  helpers: EngineHelper[];
  /** resolves once every call made so far has been answered (e.g. the units and their grid) */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function startEngineThreads(categories: readonly Category[], options: EngineOptions, count: number): EngineThreads {
  // the workers run TypeScript through tsx, like the benchmark itself
  const threads = Array.from({ length: count }, () => startHelperThread(new URL('./engineWorker.mjs', import.meta.url), { categories, options }));
  return {
    helpers: threads.map((t) => ({
      setGrid: (units, grid) => t.call('grid', units, grid),
      setDemand: (points) => t.call('demand', points),
      computePart: (params, queue) => t.call<PartResult>('part', params, queue),
    })),
    settled: async () => { await Promise.all(threads.map((t) => t.settled())); },
    close: async () => { await Promise.all(threads.map((t) => t.terminate())); },
  };
}
