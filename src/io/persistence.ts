/**
 * Imported data survives a reload: the workspace (see workspace.ts) is kept in
 * IndexedDB with idb-keyval, validated again when read back. "Reset to demo"
 * deletes it. The user's street network file is kept beside it (key 'network', see
 * networkRef.ts). Works in browsers and, with fake-indexeddb, in tests.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { validateWorkspace, type Workspace } from './workspace';
import { checkStoredNetwork, type StoredNetwork } from './networkRef';

const KEY = 'workspace';
let store: UseStore | null = null;

function db(): UseStore {
  store ??= createStore('shenghuoquan', 'workspace');
  return store;
}

export function persistenceAvailable(): boolean {
  return typeof indexedDB !== 'undefined';
}

/** Write the workspace; rejects when IndexedDB is missing, refuses to open, or the write fails (quota). */
export async function saveWorkspaceLocally(ws: Workspace): Promise<void> {
  if (!persistenceAvailable()) throw new Error('IndexedDB is not available in this browser');
  let target: UseStore;
  try {
    target = db();
  } catch (e) {
    store = null; // try to open again next time
    throw e;
  }
  try {
    await set(KEY, ws, target);
  } catch (e) {
    store = null;
    throw e;
  }
}

/** For tests: forget the opened database. @internal only tests use it */
export function resetPersistenceForTests(): void {
  store = null;
}

export type StoredWorkspace = { status: 'none' } | { status: 'ok'; workspace: Workspace } | { status: 'invalid'; errors: string[] };

/** The saved workspace, validated (a damaged or newer-version record is reported, not loaded). */
export async function loadWorkspaceLocally(categoryIds?: readonly string[]): Promise<StoredWorkspace> {
  if (!persistenceAvailable()) return { status: 'none' };
  const raw: unknown = await get(KEY, db());
  if (raw === undefined) return { status: 'none' };
  const check = validateWorkspace(raw, categoryIds);
  return check.ok ? { status: 'ok', workspace: check.workspace } : { status: 'invalid', errors: check.errors };
}

export async function clearWorkspaceLocally(): Promise<void> {
  if (!persistenceAvailable()) return;
  await del(KEY, db());
}

// ---------------------------------------------------------------- the user's street network

const NETWORK_KEY = 'network';

/** Keep the user's network file (its bytes and reference); rejects like saveWorkspaceLocally. */
export async function saveNetworkLocally(record: StoredNetwork): Promise<void> {
  if (!persistenceAvailable()) throw new Error('IndexedDB is not available in this browser');
  let target: UseStore;
  try {
    target = db();
  } catch (e) {
    store = null;
    throw e;
  }
  try {
    await set(NETWORK_KEY, record, target);
  } catch (e) {
    store = null;
    throw e;
  }
}

export type StoredNetworkRead = { status: 'none' } | { status: 'ok'; record: StoredNetwork } | { status: 'invalid'; errors: string[] };

/** The kept network file, checked (shape, size, hash): a damaged record is reported, not loaded. */
export async function loadNetworkLocally(): Promise<StoredNetworkRead> {
  if (!persistenceAvailable()) return { status: 'none' };
  const raw: unknown = await get(NETWORK_KEY, db());
  if (raw === undefined) return { status: 'none' };
  const check = await checkStoredNetwork(raw);
  return check.ok ? { status: 'ok', record: check.record } : { status: 'invalid', errors: check.errors };
}

export async function clearNetworkLocally(): Promise<void> {
  if (!persistenceAvailable()) return;
  await del(NETWORK_KEY, db());
}
