/**
 * Helper NetworkCoverages in Node worker threads for NetworkCoverage.shareWith(): each runs
 * bench/networkWorker.ts on the same units; given the graph and options it builds its own
 * replica, then takes categories of each parallel run (computeParallel).
 */
import type { Category, UnitFeature } from '../src/domain/types';
import type { CellIndexSizes } from '../src/geo/network/cellIndexes';
import type { NetworkGraph } from '../src/geo/network/graph';
import type { NetworkHelper, NetworkOptions, NetworkPart } from '../src/geo/network/networkCoverage';
import { startHelperThread } from './helperThread';

export interface NetworkThreads {
  helpers: NetworkHelper[];
  /** every helper's replica on this graph (resolves when built) */
  setGraph(graph: NetworkGraph, opts: NetworkOptions): Promise<unknown>;
  close(): Promise<void>;
}

/** Starts the threads; resolves once each has built the units' grid. */
export async function startNetworkThreads(categories: readonly Category[], units: readonly UnitFeature[], count: number): Promise<NetworkThreads> {
  const threads = Array.from({ length: count }, () => startHelperThread(new URL('./networkWorker.mjs', import.meta.url), { categories, units }));
  await Promise.all(threads.map((t) => t.call('ready')));
  return {
    helpers: threads.map((t) => ({
      indexPart: (i, n) => t.call<CellIndexSizes>('indexPart', i, n),
      placeIndexes: (into, offset) => t.call('placeIndexes', into, offset),
      computePart: (params, queue, facilities) => t.call<NetworkPart[]>('part', params, queue, facilities),
    })),
    setGraph: (graph, opts) => Promise.all(threads.map((t) => t.call('graph', graph, opts))),
    close: async () => { await Promise.all(threads.map((t) => t.terminate())); },
  };
}
