/**
 * Main-thread client of the network worker (residents' isochrones and network reach, the
 * unlinked facilities). Each request gets a sequence number; answers to older requests
 * resolve to null, so the UI only sees the latest place. Where Worker does not exist (jsdom
 * component tests) the service runs in-thread.
 */
import * as Comlink from 'comlink';
import type { Facility } from '../domain/types';
import type { WalkSpeed } from '../domain/walk';
import type { NetworkGraph } from '../geo/network/graph';
import { createNetworkPlaceService, type NetworkPlaceAnswer, type NetworkPlaceApi, type UnlinkedRow } from '../geo/networkPlaceService';
import type { LngLat } from '../geo/reach';

export class NetworkClient {
  private readonly api: Comlink.Remote<NetworkPlaceApi> | NetworkPlaceApi;
  private readonly worker: Worker | null;
  private seq = 0;

  constructor() {
    if (typeof Worker === 'undefined') {
      this.worker = null;
      this.api = createNetworkPlaceService();
    } else {
      this.worker = new Worker(new URL('./network.worker.ts', import.meta.url), { type: 'module', name: 'network' });
      this.api = Comlink.wrap<NetworkPlaceApi>(this.worker);
    }
  }

  async setGraph(graph: NetworkGraph | null, options: { trimM: number; accessM: number }): Promise<void> {
    await this.api.setGraph(graph, options);
  }

  async setFacilities(facilities: readonly Facility[]): Promise<void> {
    await this.api.setFacilities(facilities.map((f) => ({ ...f })));
  }

  /** null when a newer request was made meanwhile */
  async fromPlace(at: LngLat, categoryIds: string[], walk: WalkSpeed, maxMinutes: number, targets: Record<string, number>): Promise<NetworkPlaceAnswer | null> {
    const mine = ++this.seq;
    const answer = await this.api.fromPlace(at, categoryIds, { ...walk }, maxMinutes, targets);
    return mine === this.seq ? answer : null;
  }

  async unlinked(): Promise<UnlinkedRow[]> {
    return this.api.unlinked();
  }

  terminate(): void {
    if (this.worker) {
      (this.api as Comlink.Remote<NetworkPlaceApi>)[Comlink.releaseProxy]();
      this.worker.terminate();
    }
  }
}
