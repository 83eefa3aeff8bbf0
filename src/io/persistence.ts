/**
 * Imported data survives a reload: the workspace (see workspace.ts) is kept in
 * IndexedDB with idb-keyval, validated again when read back. "Reset to demo"
 * deletes it. Works in browsers and, with fake-indexeddb, in tests.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { validateWorkspace, type Workspace } from './workspace';

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
