/**
 * Main-thread client of the coverage worker: every computation or edit gets an epoch; a newer
 * request cancels the older computation in the worker, and answers for an older epoch are
 * dropped (resolve to null), so the UI only ever sees the latest figures.
 */
import * as Comlink from 'comlink';
import type { Category, UnitFeature } from '../domain/types';
import type { WalkParams } from '../domain/walk';
import type { EngineOptions } from '../geo/coverageEngine';
import type { CoverageServiceApi, FacilityChange, ScenarioAnswer } from '../geo/coverageService';
import type { DemandPoint, EngineFacility, EngineProgress } from '../geo/coverageTypes';
import type { UncoveredCollection } from '../geo/uncovered';
import type { NetworkGraph } from '../geo/network/graph';
import type { NetworkWalkOptions } from '../geo/network/networkWalkModel';
import type { DissolvedCollection } from '../geo/uncoveredDissolved';

// only the fields the engine reads cross the boundary
const engineFields = (f: EngineFacility): EngineFacility => ({ id: f.id, lng: f.lng, lat: f.lat, categories: f.categories });

export class CoverageClient {
  private readonly api: Comlink.Remote<CoverageServiceApi>;
  private readonly worker: Worker | null;
  private epoch = 0;

  /** endpoint: a Worker (default: the coverage worker) or any comlink endpoint (tests) */
  constructor(endpoint?: Comlink.Endpoint) {
    if (endpoint) {
      this.worker = null;
      this.api = Comlink.wrap<CoverageServiceApi>(endpoint);
    } else {
      this.worker = new Worker(new URL('./coverage.worker.ts', import.meta.url), { type: 'module', name: 'coverage' });
      this.api = Comlink.wrap<CoverageServiceApi>(this.worker);
    }
  }

  init(categories: Category[], options?: EngineOptions): Promise<void> {
    return this.api.init(categories, options);
  }

  /** full computations on up to n threads where the page allows (CoverageServiceApi.threads) */
  threads(n: number): Promise<void> {
    return this.api.threads(n);
  }

  setUnits(units: UnitFeature[]): Promise<{ cells: number; entries: number; pieces: number; ms: number }> {
    return this.api.setUnits(units);
  }

  setFacilities(facilities: EngineFacility[]): Promise<void> {
    return this.api.setFacilities(facilities.map(engineFields));
  }

  setDemand(points: DemandPoint[] | null): Promise<{ assigned: number; outside: number }> {
    return this.api.setDemand(points ? points.map((p) => ({ lng: p.lng, lat: p.lat, population: p.population })) : null);
  }

  /** The street network as the walk model (null: straight-line circles); drops the figures. */
  setNetwork(graph: NetworkGraph | null, options?: NetworkWalkOptions): Promise<void> {
    return this.api.setNetwork(graph, options);
  }

  /** Figures over each unit's land inside this extent (clipped in the worker), null for whole units. */
  setLand(extent: [number, number, number, number] | null): Promise<void> {
    return this.api.setLand(extent);
  }

  /**
   * Full computation over the loaded facilities, then the trial sites as incremental edits:
   * one answer with both. null when cancelled or superseded by a later request.
   */
  async compute(params: WalkParams, trials: EngineFacility[], onProgress?: (p: EngineProgress) => void): Promise<ScenarioAnswer | null> {
    const mine = this.next();
    const progress = onProgress
      ? Comlink.proxy((p: EngineProgress) => {
        if (mine === this.epoch) onProgress(p);
      })
      : undefined;
    const answer = await this.api.compute(params, trials.map(engineFields), mine, progress);
    return answer && answer.epoch === this.epoch ? answer : null;
  }

  /** Cancels the running computation; its promise resolves to null. */
  cancel(): void {
    this.epoch++;
    void this.api.cancel(this.epoch - 1);
  }

  /** Edits wait for a running computation (they need its result) and supersede its answer. */
  async setTrials(trials: EngineFacility[]): Promise<ScenarioAnswer | null> {
    const mine = ++this.epoch;
    const answer = await this.api.setTrials(trials.map(engineFields), mine);
    return answer && answer.epoch === this.epoch ? answer : null;
  }

  /** One loaded facility added, moved or removed. */
  async editFacility(change: FacilityChange): Promise<ScenarioAnswer | null> {
    const mine = ++this.epoch;
    const sent: FacilityChange = change.kind === 'upsert' ? { kind: 'upsert', facility: engineFields(change.facility) } : change;
    const answer = await this.api.editFacility(sent, mine);
    return answer && answer.epoch === this.epoch ? answer : null;
  }

  uncovered(slot: string, unitIds?: string[]): Promise<UncoveredCollection | null> {
    return this.api.uncovered(slot, unitIds);
  }

  /** uncovered areas dissolved across units (no cell seams), for the map */
  uncoveredMap(slot: string, unitIds?: string[]): Promise<DissolvedCollection | null> {
    return this.api.uncoveredMap(slot, unitIds);
  }

  terminate(): void {
    this.api[Comlink.releaseProxy]();
    this.worker?.terminate();
  }

  // a new computation supersedes (and cancels) every earlier one
  private next(): number {
    const mine = ++this.epoch;
    void this.api.cancel(mine - 1);
    return mine;
  }
}
