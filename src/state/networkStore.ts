/**
 * The walk model the planner chose (straight-line circles or the street network) and the
 * street network itself: where it comes from (the shipped 人民广场 extract or the user's file),
 * the import's progress and report. The network is imported in the import worker
 * (src/worker/importClient.ts); the coverage controller (analysis.ts) hands the graph to the
 * coverage worker. `walk=network` in the URL (walkModelBinding) opens in network mode.
 */
import { create } from 'zustand';
import shippedNetworkUrl from '../../geodata/renminguangchang-drive-2026.osm?url';
import type { NetworkGraph } from '../geo/network/graph';
import type { NetworkImportReport } from '../geo/network/importNetwork';
import type { Crs } from '../io/importTypes';
import { ImportCancelled, startImport } from '../worker/importClient';
import type { UrlBinding } from './urlSync';

declare global {
  interface Window {
    /** the network store, exposed to browser tests only (navigator.webdriver) */
    __networkStore?: typeof useNetworkStore;
  }
}

export type WalkModelId = 'circle' | 'network';
export type NetworkStatus = 'none' | 'loading' | 'ready' | 'error';

/** The shipped extract (geodata/README.md: OSMnx drive network, ODbL). */
export const SHIPPED_NETWORK = 'renminguangchang-drive-2026.osm';

/** trim (how far from a reached street a place counts as reached) and access limit, metres: the CLI's defaults */
export const NETWORK_OPTIONS = { trimM: 100, accessM: 200 } as const;

export interface NetworkState {
  model: WalkModelId;
  status: NetworkStatus;
  /** 0 … 1 while loading */
  progress: number;
  error: string | null;
  graph: NetworkGraph | null;
  report: NetworkImportReport | null;
  /** whether the loaded network is the shipped extract */
  shipped: boolean;
  setModel: (m: WalkModelId) => void;
}

export const useNetworkStore = create<NetworkState>()((set) => ({
  model: 'circle',
  status: 'none',
  progress: 0,
  error: null,
  graph: null,
  report: null,
  shipped: false,
  setModel: (model) => set({ model }),
}));

let job: { cancel: () => void } | null = null;

/** Imports a network file in the import worker and makes it the loaded network. */
export async function loadNetwork(bytes: ArrayBuffer, fileName: string, crs: Crs, shipped: boolean): Promise<boolean> {
  job?.cancel();
  const set = useNetworkStore.setState;
  set({ status: 'loading', progress: 0, error: null });
  const j = startImport({ kind: 'network', bytes, opts: { fileName, crs } }, (done, total) => set({ progress: total > 0 ? done / total : 0 }));
  job = j;
  try {
    const res = await j.promise;
    if (job !== j) return false;
    job = null;
    if (!res.ok) {
      // a loaded network stays in use: the error is shown beside it
      set((s) => ({ status: s.graph ? 'ready' : 'error', error: res.message, progress: 0 }));
      return false;
    }
    set({ status: 'ready', graph: res.graph, report: res.report, shipped, progress: 1, error: null });
    return true;
  } catch (e) {
    if (job === j) job = null;
    if (e instanceof ImportCancelled) return false;
    set((s) => ({ status: s.graph ? 'ready' : 'error', error: e instanceof Error ? e.message : String(e), progress: 0 }));
    return false;
  }
}

/** Fetches and imports the shipped extract (the default network). */
export async function loadShippedNetwork(): Promise<boolean> {
  useNetworkStore.setState({ status: 'loading', progress: 0, error: null });
  let bytes: ArrayBuffer;
  try {
    const res = await fetch(shippedNetworkUrl);
    if (!res.ok) throw new Error(`${SHIPPED_NETWORK}: HTTP ${res.status}`);
    bytes = await res.arrayBuffer();
  } catch (e) {
    useNetworkStore.setState({ status: 'error', error: e instanceof Error ? e.message : String(e) });
    return false;
  }
  return loadNetwork(bytes, SHIPPED_NETWORK, 'wgs84', true);
}

/**
 * Loads the shipped extract the first time network mode is on and no network is loaded.
 * Returns a stop function.
 */
export function startNetworkLoader(): () => void {
  if (typeof navigator !== 'undefined' && navigator.webdriver) window.__networkStore = useNetworkStore;
  const check = () => {
    const s = useNetworkStore.getState();
    if (s.model === 'network' && s.status === 'none') void loadShippedNetwork();
  };
  check();
  return useNetworkStore.subscribe((s, prev) => {
    if (s.model !== prev.model || s.status !== prev.status) check();
  });
}

/** `walk=network` in the URL (the persona stays in `walk` otherwise: network mode keeps its own key `net=1`). */
export const walkModelBinding: UrlBinding = {
  read: (q) => {
    if (q.get('walk') === 'network' || q.get('net') === '1') useNetworkStore.setState({ model: 'network' });
  },
  write: (q) => {
    if (useNetworkStore.getState().model === 'network') q.set('net', '1');
    else q.delete('net');
    if (q.get('walk') === 'network') q.delete('walk');
  },
  subscribe: (onChange) => useNetworkStore.subscribe((s, prev) => {
    if (s.model !== prev.model) onChange();
  }),
};
