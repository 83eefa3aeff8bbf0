/**
 * A helper engine in a Node worker thread (bench/engineThreads.ts): the main engine's units and
 * grid (on shared memory) and demand; on request it takes categories (with their facilities' coordinates) from the run's shared queue, fills them into the main
 * engine's shared cell arrays and transfers back their errors and unit columns.
 */
import { workerData } from 'node:worker_threads';
import type { Category } from '../src/domain/types';
import { CoverageEngine, type EngineOptions, type PartQueue } from '../src/geo/coverageEngine';
import { serveHelperCalls } from './helperThread';

const { categories, options } = workerData as { categories: Category[]; options: EngineOptions };
const engine = new CoverageEngine(categories, options);

serveHelperCalls({
  grid: (units: Parameters<CoverageEngine['setGrid']>[0], grid: Parameters<CoverageEngine['setGrid']>[1]) => { engine.setGrid(units, grid); return true; },
  demand: (points: Parameters<CoverageEngine['setDemand']>[0]) => { engine.setDemand(points); return true; },
  part: (params: Parameters<CoverageEngine['computePart']>[0], queue: PartQueue) => engine.computePart(params, queue),
});
