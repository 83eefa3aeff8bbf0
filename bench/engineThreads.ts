/**
 * Helper engines in Node worker threads for CoverageEngine.shareWith(): each runs
 * bench/engineWorker.ts with its own copy of the inputs; a full computation hands each a share
 * the run's queue of categories and the shared arrays to fill (computeParallel). Node only (the app's engine already runs in a Web Worker).
 */
import { Worker } from 'node:worker_threads';
import type { Category } from '../src/domain/types';
import type { EngineHelper, EngineOptions, PartQueue, PartResult } from '../src/geo/coverageEngine';

export interface EngineThreads {
  helpers: EngineHelper[];
  /** resolves once every call made so far has been answered (e.g. the units: the helpers' grids are built) */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export function startEngineThreads(categories: readonly Category[], options: EngineOptions, count: number): EngineThreads {
  const workers: Worker[] = [];
  const helpers: EngineHelper[] = [];
  const unanswered = new Set<Promise<unknown>>();
  for (let i = 0; i < count; i++) {
    // the worker runs TypeScript through tsx, like the benchmark itself
    const worker = new Worker(new URL('./engineWorker.mjs', import.meta.url), { workerData: { categories, options } });
    let next = 0;
    const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    worker.on('message', (m: { id: number; value?: unknown; error?: string }) => {
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (m.error !== undefined) w.reject(new Error(`engine helper: ${m.error}`));
      else w.resolve(m.value);
    });
    worker.on('error', (e) => {
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    });
    const call = <T>(op: string, arg: unknown, queue?: PartQueue): Promise<T> => {
      const answer = new Promise<T>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ id, op, arg, queue });
      });
      unanswered.add(answer);
      const forget = () => { unanswered.delete(answer); };
      answer.then(forget, forget);
      return answer;
    };
    workers.push(worker);
    helpers.push({
      setUnits: (units) => call('units', units),
      setDemand: (points) => call('demand', points),
      computePart: (params, queue) => call<PartResult>('part', params, queue),
    });
  }
  return {
    helpers,
    settled: async () => { await Promise.allSettled([...unanswered]); },
    close: async () => { await Promise.all(workers.map((w) => w.terminate())); },
  };
}
