/**
 * A helper NetworkCoverage in a Node worker thread (bench/networkThreads.ts): the same units'
 * grid as the main one; a replica per graph; on request it takes categories from the run's
 * shared queue and transfers them back whole.
 */
import { workerData } from 'node:worker_threads';
import type { Category, UnitFeature } from '../src/domain/types';
import type { WalkParams } from '../src/domain/walk';
import type { EngineFacility } from '../src/geo/coverageTypes';
import type { CellIndexes, CellIndexSizes } from '../src/geo/network/cellIndexes';
import type { NetworkGraph } from '../src/geo/network/graph';
import { NetworkCoverage, type NetworkOptions, type NetworkQueue } from '../src/geo/network/networkCoverage';
import { buildUnitGrid } from '../src/geo/unitGrid';
import { serveHelperCalls } from './helperThread';

const { categories, units } = workerData as { categories: Category[]; units: UnitFeature[] };
const grid = buildUnitGrid(units);
let nc: NetworkCoverage | null = null;
const replica = (): NetworkCoverage => {
  if (!nc) throw new Error('no graph yet');
  return nc;
};

serveHelperCalls({
  ready: () => true,
  graph: (graph: NetworkGraph, opts: NetworkOptions) => { nc = new NetworkCoverage(categories, grid, units, graph, opts); return true; },
  indexPart: (i: number, n: number) => replica().net.indexPart(i, n),
  placeIndexes: (into: CellIndexes, offset: CellIndexSizes) => { replica().net.placeIndexes(into, offset); return true; },
  part: (params: WalkParams, queue: NetworkQueue, facilities: EngineFacility[]) => replica().computePart(params, queue, facilities),
});
