/**
 * Site suggestions behind a message-friendly face (what src/worker/siting.worker.ts exposes):
 * the demand model is built once per unit set (lazily, on the first request) and kept; each
 * request carries the facilities and parameters it is for. Plain data in and out.
 */
import type { Category, UnitFeature } from '../domain/types';
import type { DemandPoint } from './coverageTypes';
import { buildSitingModel, setSitingDemand, suggestSites, type SitingModel, type SitingModelOptions, type SitingRequest, type SitingResult } from './siting';

export interface SitingServiceApi {
  setUnits(units: UnitFeature[], options?: SitingModelOptions): Promise<void>;
  setDemand(points: DemandPoint[] | null): Promise<void>;
  suggest(categories: Category[], request: SitingRequest): Promise<SitingResult & { modelMs: number }>;
}

export function createSitingService(): SitingServiceApi {
  let units: UnitFeature[] | null = null;
  let options: SitingModelOptions | undefined;
  let demand: DemandPoint[] | null = null;
  let model: SitingModel | null = null;
  return {
    async setUnits(u, o) {
      units = u;
      options = o;
      model = null;
    },
    async setDemand(points) {
      demand = points;
      if (model) setSitingDemand(model, demand);
    },
    async suggest(categories, request) {
      if (!units) throw new Error('setUnits() first');
      let modelMs = 0;
      if (!model) {
        const t0 = performance.now();
        model = buildSitingModel(units, options);
        if (demand) setSitingDemand(model, demand);
        modelMs = performance.now() - t0;
      }
      return { ...suggestSites(model, categories, request), modelMs };
    },
  };
}
