/**
 * Main-thread client of the siting worker. Only the newest request's answer is delivered:
 * an older one still running resolves to null when a newer one was asked for.
 */
import * as Comlink from 'comlink';
import type { Category, UnitFeature } from '../domain/types';
import type { DemandPoint } from '../geo/coverageTypes';
import type { SitingRequest, SitingResult } from '../geo/siting';
import type { SitingServiceApi } from '../geo/sitingService';

export class SitingClient {
  private readonly api: Comlink.Remote<SitingServiceApi>;
  private readonly worker: Worker | null;
  private seq = 0;

  constructor(endpoint?: Comlink.Endpoint) {
    if (endpoint) {
      this.worker = null;
      this.api = Comlink.wrap<SitingServiceApi>(endpoint);
    } else {
      this.worker = new Worker(new URL('./siting.worker.ts', import.meta.url), { type: 'module', name: 'siting' });
      this.api = Comlink.wrap<SitingServiceApi>(this.worker);
    }
  }

  setUnits(units: UnitFeature[]): Promise<void> {
    return this.api.setUnits(units);
  }

  setDemand(points: DemandPoint[] | null): Promise<void> {
    return this.api.setDemand(points ? points.map((p) => ({ lng: p.lng, lat: p.lat, population: p.population })) : null);
  }

  /** null when a newer request superseded this one */
  async suggest(categories: Category[], request: SitingRequest): Promise<(SitingResult & { modelMs: number }) | null> {
    const mine = ++this.seq;
    const slim: SitingRequest = { ...request, facilities: request.facilities.map((f) => ({ id: f.id, lng: f.lng, lat: f.lat, categories: f.categories })) };
    const answer = await this.api.suggest(categories, slim);
    return mine === this.seq ? answer : null;
  }

  terminate(): void {
    this.api[Comlink.releaseProxy]();
    this.worker?.terminate();
  }
}
