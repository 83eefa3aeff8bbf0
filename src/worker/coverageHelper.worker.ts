/**
 * A helper engine for the coverage worker (coverage.worker.ts starts as many as the page asks
 * for, less one, when the page is cross-origin isolated): an engine on the same categories and on the worker's grid
 * (shared memory, not built again) that, in a full computation, takes parts of categories from
 * the run's shared queue and fills them into the worker engine's shared cell arrays
 * (CoverageEngine.computeParallel / computePart).
 */
import * as Comlink from 'comlink';
import { CoverageEngine } from '../geo/coverageEngine';
import type { CoverageHelper } from '../geo/coverageService';

let engine: CoverageEngine | null = null;
const need = (): CoverageEngine => {
  if (!engine) throw new Error('init() first');
  return engine;
};

const helper: CoverageHelper = {
  init: async (categories, options) => {
    engine = new CoverageEngine(categories, options);
  },
  setGrid: async (units, grid) => {
    const eng = need();
    eng.setGrid(units, grid);
    // answered only once warm: until then the worker computes alone, where a part taken by a
    // helper still compiling its code would keep the whole computation waiting
    eng.warmUp();
  },
  setDemand: async (points) => need().setDemand(points),
  computePart: async (params, queue) => need().computePart(params, queue),
};

Comlink.expose(helper);
