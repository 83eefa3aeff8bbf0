/**
 * Residents over the street network: when the network walk model is on and a network is
 * loaded, the chosen place's 5/10/15-minute isochrones and its reachable facilities ranked by
 * network walking time come from the network worker (src/worker/networkClient.ts); the same
 * worker lists the facilities inside the network's extent that cannot be linked to it.
 * Elsewhere (no network, or the place outside its extent / far from any street) the residents'
 * view keeps the circles and says why (`answer.status`).
 */
import { create } from 'zustand';
import type { Facility } from '../domain/types';
import { personaSpeed } from '../domain/walk';
import type { NetworkGraph } from '../geo/network/graph';
import { inNetworkExtent, type NetworkPlaceAnswer, type UnlinkedRow } from '../geo/networkPlaceService';
import type { LngLat } from '../geo/reach';
import { NetworkClient } from '../worker/networkClient';
import { useDataStore } from './dataStore';
import { NETWORK_OPTIONS, useNetworkStore } from './networkStore';
import { useResidentStore } from './residentStore';

export interface ResidentNetworkState {
  /** the place and persona the answer is for */
  at: LngLat | null;
  persona: string | null;
  running: boolean;
  answer: NetworkPlaceAnswer | null;
  /** facilities inside the extent not linked within the access limit (null until computed) */
  unlinked: UnlinkedRow[] | null;
  error: string | null;
}

export const useResidentNetworkStore = create<ResidentNetworkState>()(() => ({
  at: null, persona: null, running: false, answer: null, unlinked: null, error: null,
}));

/** The loaded graph when the network walk model is on, else null. */
export function activeGraph(): NetworkGraph | null {
  const n = useNetworkStore.getState();
  return n.model === 'network' && n.status === 'ready' ? n.graph : null;
}

declare global {
  interface Window {
    /** exposed to browser tests only (navigator.webdriver) */
    __residentNetworkStore?: typeof useResidentNetworkStore;
    __residentStore?: typeof useResidentStore;
  }
}

export function startResidentNetwork(createClient: () => NetworkClient = () => new NetworkClient()): () => void {
  if (typeof navigator !== 'undefined' && navigator.webdriver) {
    window.__residentNetworkStore = useResidentNetworkStore;
    window.__residentStore = useResidentStore;
  }
  let client: NetworkClient | null = null;
  let graphSent: NetworkGraph | null = null;
  let facilitiesSent: readonly Facility[] | null = null;
  let stopped = false;
  const set = useResidentNetworkStore.setState;

  const sync = async () => {
    const graph = activeGraph();
    if (!graph) {
      if (useResidentNetworkStore.getState().answer || useResidentNetworkStore.getState().unlinked) set({ answer: null, unlinked: null, at: null, persona: null, running: false });
      return;
    }
    client ??= createClient();
    const c = client;
    const facilities = useDataStore.getState().facilities;
    let changed = false;
    if (graph !== graphSent) {
      await c.setGraph(graph, NETWORK_OPTIONS);
      graphSent = graph;
      changed = true;
    }
    if (facilities !== facilitiesSent || changed) {
      // only facilities inside the extent can be walked to over the network (others are no data)
      await c.setFacilities(facilities.filter((f) => inNetworkExtent(graph.extent, f)));
      facilitiesSent = facilities;
      changed = true;
    }
    if (changed) {
      const unlinked = await c.unlinked();
      if (!stopped) set({ unlinked });
    }
    const { at, persona } = useResidentStore.getState();
    const cur = useResidentNetworkStore.getState();
    if (!at) {
      if (cur.answer) set({ answer: null, at: null, persona: null });
      return;
    }
    if (!changed && cur.at && cur.at.lng === at.lng && cur.at.lat === at.lat && cur.persona === persona) return;
    set({ running: true, at, persona, answer: null });
    const categories = useDataStore.getState().categories;
    const targets = Object.fromEntries(categories.map((k) => [k.id, k.minutes]));
    const answer = await c.fromPlace(at, categories.map((k) => k.id), personaSpeed(persona), 15, targets);
    if (stopped || !answer) return;
    set({ running: false, answer, error: null });
  };
  const run = () => {
    sync().catch((e: unknown) => {
      if (!stopped) set({ running: false, error: e instanceof Error ? e.message : String(e) });
    });
  };
  const unsubs = [
    useNetworkStore.subscribe((s, p) => {
      if (s.graph !== p.graph || s.model !== p.model || s.status !== p.status) run();
    }),
    useDataStore.subscribe((s, p) => {
      if (s.facilities !== p.facilities || s.categories !== p.categories) run();
    }),
    useResidentStore.subscribe((s, p) => {
      if (s.at !== p.at || s.persona !== p.persona) run();
    }),
  ];
  run();
  return () => {
    stopped = true;
    for (const u of unsubs) u();
    client?.terminate();
  };
}
