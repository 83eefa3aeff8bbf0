/**
 * The walk model the planner chose (straight-line circles or the street network) and the
 * street network itself: where it comes from (the shipped 人民广场 extract or the user's file),
 * the import's progress and report. The network is imported in the import worker
 * (src/worker/importClient.ts); the coverage controller (analysis.ts) hands the graph to the
 * coverage worker. `walk=network` in the URL (walkModelBinding) opens in network mode.
 *
 * The user's own network file is kept in IndexedDB (its bytes; the graph is rebuilt by the same
 * import after a reload) and preferred over the shipped extract when network mode starts.
 * "Kept in this browser" is said only after the write succeeded (src/state/saveStatus.ts's rule).
 * A workspace file names the network it used (`wanted`): while the loaded network is another
 * one, network figures are not computed (analysis.ts) and the panel says so and offers to load it.
 */
import { create } from 'zustand';
import shippedNetworkUrl from '../../geodata/renminguangchang-drive-2026.osm?url';
import type { NetworkGraph } from '../geo/network/graph';
import type { NetworkImportReport } from '../geo/network/importNetwork';
import type { Crs } from '../io/importTypes';
import { sameNetwork, sha256Hex, type NetworkRef } from '../io/networkRef';
import { clearNetworkLocally, loadNetworkLocally, saveNetworkLocally } from '../io/persistence';
import { ImportCancelled, startImport } from '../worker/importClient';
import { saveErrorText } from './saveStatus';
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
  /** which network is loaded (name, size, hash, source, CRS, extent), for the workspace file */
  ref: NetworkRef | null;
  /** whether the user's network file is kept in this browser */
  save: { state: 'idle' | 'saving' | 'saved' | 'failed'; error: string | null };
  /** the network file kept in this browser (read at start), null when none */
  stored: NetworkRef | null;
  /** why the kept network could not be used (damaged record, failed read) */
  restoreError: string | null;
  /** the network a loaded workspace file names; while another is loaded, no network figures */
  wanted: NetworkRef | null;
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
  ref: null,
  save: { state: 'idle', error: null },
  stored: null,
  restoreError: null,
  wanted: null,
  setModel: (model) => set({ model }),
}));

/** A workspace names a network the loaded one is not (null: nothing to resolve). */
export function networkMismatch(s: Pick<NetworkState, 'wanted' | 'ref' | 'status'>): NetworkRef | null {
  if (!s.wanted) return null;
  if (s.status === 'ready' && sameNetwork(s.ref, s.wanted)) return null;
  return s.wanted;
}

let job: { cancel: () => void } | null = null;
/** the latest load request (a newer one supersedes it while it hashes) */
let latest: object | null = null;

export interface LoadNetworkOptions {
  /** keep the file in IndexedDB after it loads (default: user files yes, the shipped extract no) */
  keep?: boolean;
  /** refuse the file unless it is this network (a workspace's reference) */
  expect?: NetworkRef | null;
}

let keeping: Promise<void> = Promise.resolve();

/** Keep the user's file in IndexedDB; the outcome goes to `save` (never throws). */
function keepLocally(ref: NetworkRef, bytes: ArrayBuffer): Promise<void> {
  const set = useNetworkStore.setState;
  set({ save: { state: 'saving', error: null } });
  keeping = keeping
    .then(() => saveNetworkLocally({ format: 'shenghuoquan-network', version: 1, savedAt: new Date().toISOString(), ref, bytes }))
    .then(
      () => {
        if (useNetworkStore.getState().ref === ref) set({ save: { state: 'saved', error: null }, stored: ref });
      },
      (e: unknown) => {
        if (useNetworkStore.getState().ref === ref) set({ save: { state: 'failed', error: saveErrorText(e) } });
      },
    );
  return keeping;
}

/** the bytes of the loaded user file, for "save again" after a failed write */
let keptBytes: ArrayBuffer | null = null;

/** Try keeping the loaded user file again (after a failed save). */
export function retryNetworkSave(): Promise<void> {
  const { ref, shipped } = useNetworkStore.getState();
  if (!ref || shipped || !keptBytes) return Promise.resolve();
  return keepLocally(ref, keptBytes);
}

/** Imports a network file in the import worker and makes it the loaded network. */
export async function loadNetwork(bytes: ArrayBuffer, fileName: string, crs: Crs, shipped: boolean, opts: LoadNetworkOptions = {}): Promise<boolean> {
  job?.cancel();
  const set = useNetworkStore.setState;
  set({ status: 'loading', progress: 0, error: null });
  const mine = {};
  latest = mine;
  // the bytes move to the worker: hash them and keep a copy of a user file first
  const sha256 = await sha256Hex(bytes).catch(() => null);
  if (latest !== mine) return false;
  const size = bytes.byteLength;
  if (opts.expect && !sameNetwork({ name: fileName, size, sha256, source: shipped ? 'shipped' : 'file', crs, extent: opts.expect.extent }, opts.expect)) {
    set((s) => ({ status: s.graph ? 'ready' : 'none', progress: 0, error: `"${fileName}" is not the network the workspace names (${opts.expect!.name}, ${opts.expect!.size} bytes${opts.expect!.sha256 ? `, SHA-256 ${opts.expect!.sha256.slice(0, 12)}…` : ''})` }));
    return false;
  }
  const keep = opts.keep ?? !shipped;
  const copy = keep ? bytes.slice(0) : null;
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
    const ref: NetworkRef = { name: fileName, size, sha256, source: shipped ? 'shipped' : 'file', crs, extent: res.report.extent, format: res.report.format };
    keptBytes = shipped ? null : copy ?? keptBytes;
    set({
      status: 'ready', graph: res.graph, report: res.report, shipped, progress: 1, error: null, ref,
      save: shipped ? { state: 'idle', error: null } : useNetworkStore.getState().save,
    });
    if (copy && !shipped) void keepLocally(ref, copy);
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

/** Go back to the shipped extract and forget the user's file kept in this browser. */
export async function switchToShippedNetwork(): Promise<boolean> {
  const ok = await loadShippedNetwork();
  if (ok) await forgetStoredNetwork();
  return ok;
}

/** Delete the kept network file (reset to demo, or the user chose the shipped extract). */
export async function forgetStoredNetwork(): Promise<void> {
  keptBytes = null;
  await keeping;
  try {
    await clearNetworkLocally();
    useNetworkStore.setState({ stored: null, save: { state: 'idle', error: null } });
  } catch (e) {
    useNetworkStore.setState({ save: { state: 'failed', error: saveErrorText(e) } });
  }
}

/** "Reset to demo": the kept file is forgotten; a user network in use gives way to the shipped one. */
export async function resetNetwork(): Promise<void> {
  const s = useNetworkStore.getState();
  await forgetStoredNetwork();
  useNetworkStore.setState({ wanted: null, restoreError: null });
  if (s.graph && !s.shipped) {
    job?.cancel();
    useNetworkStore.setState({ status: 'none', graph: null, report: null, ref: null, shipped: false, error: null });
  }
}

/**
 * The network network mode starts with: the user's file kept in this browser (checked: a
 * damaged record is reported and the shipped extract is used), else the shipped extract.
 */
export async function loadPreferredNetwork(): Promise<boolean> {
  useNetworkStore.setState({ status: 'loading', progress: 0, error: null });
  let read: Awaited<ReturnType<typeof loadNetworkLocally>>;
  try {
    read = await loadNetworkLocally();
  } catch (e) {
    read = { status: 'invalid', errors: [saveErrorText(e)] };
  }
  if (read.status === 'ok') {
    const { ref, bytes } = read.record;
    useNetworkStore.setState({ stored: ref, restoreError: null });
    keptBytes = bytes;
    const ok = await loadNetwork(bytes.slice(0), ref.name, ref.crs, false, { keep: false });
    if (ok) {
      useNetworkStore.setState({ save: { state: 'saved', error: null } });
      return true;
    }
    useNetworkStore.setState({ restoreError: useNetworkStore.getState().error });
  } else if (read.status === 'invalid') {
    useNetworkStore.setState({ stored: null, restoreError: read.errors.slice(0, 3).join('; ') });
  }
  return loadShippedNetwork();
}

/** Load the network a workspace names from this browser or the shipped extract; false when it must be picked as a file. */
export async function loadWantedNetwork(): Promise<boolean> {
  const { wanted, stored } = useNetworkStore.getState();
  if (!wanted) return false;
  if (wanted.source === 'shipped') return loadShippedNetwork();
  if (stored && sameNetwork(stored, wanted)) {
    const read = await loadNetworkLocally().catch(() => null);
    if (read?.status === 'ok' && sameNetwork(read.record.ref, wanted)) {
      keptBytes = read.record.bytes;
      const ok = await loadNetwork(read.record.bytes.slice(0), wanted.name, wanted.crs, false, { keep: false, expect: wanted });
      if (ok) useNetworkStore.setState({ save: { state: 'saved', error: null } });
      return ok;
    }
  }
  return false;
}

/** A workspace was opened: remember which network it names (null: none named). */
export function setWantedNetwork(ref: NetworkRef | null): void {
  useNetworkStore.setState({ wanted: ref });
}

/**
 * Loads the shipped extract the first time network mode is on and no network is loaded.
 * Returns a stop function.
 */
export function startNetworkLoader(): () => void {
  if (typeof navigator !== 'undefined' && navigator.webdriver) window.__networkStore = useNetworkStore;
  const check = () => {
    const s = useNetworkStore.getState();
    if (s.model === 'network' && s.status === 'none') void loadPreferredNetwork();
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
