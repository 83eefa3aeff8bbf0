/**
 * Whether imported data is really kept in this browser (issue 14 items 8, 9). "Saved" is
 * said only after a successful IndexedDB write; a failed write (no IndexedDB, open refused,
 * quota exceeded) is reported with the reason so the panel can offer the workspace file.
 * Tabs of the app tell each other when they save (BroadcastChannel, with a storage event as
 * fallback): a tab whose saved data another tab has just replaced is told so, and can keep
 * its own (save again) or download it, so no import is lost without a warning.
 */
import { create } from 'zustand';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

export interface OtherTabSave {
  /** when the other tab saved (ISO) */
  savedAt: string;
  /** dataset labels the other tab saved */
  labels: string[];
}

export interface SaveStatusState {
  state: SaveState;
  /** why the last save failed */
  error: string | null;
  /** another tab replaced what this tab saved (null: no conflict) */
  otherTab: OtherTabSave | null;
}

export const useSaveStatus = create<SaveStatusState>()(() => ({ state: 'idle', error: null, otherTab: null }));

/** Short reason of a storage failure, in the browser's words. */
export function saveErrorText(e: unknown): string {
  if (e && typeof e === 'object' && 'name' in e && typeof (e as { name: unknown }).name === 'string') {
    const name = (e as { name: string }).name;
    const message = (e as { message?: unknown }).message;
    if (name === 'QuotaExceededError') return 'QuotaExceededError (storage full)';
    return typeof message === 'string' && message ? `${name}: ${message}` : name;
  }
  return String(e);
}

const CHANNEL = 'shenghuoquan-workspace';
const STORAGE_KEY = 'shenghuoquan-workspace-saved';
/** this tab's id: messages from itself are ignored */
const TAB_ID = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

interface SavedMessage {
  kind: 'saved';
  tab: string;
  savedAt: string;
  labels: string[];
}

let channel: BroadcastChannel | null = null;
let listening = false;

function received(msg: unknown): void {
  const m = msg as Partial<SavedMessage> | null;
  if (m?.kind !== 'saved' || m.tab === TAB_ID || typeof m.savedAt !== 'string') return;
  // only a tab that has saved something of its own loses it
  if (useSaveStatus.getState().state === 'idle') return;
  useSaveStatus.setState({ otherTab: { savedAt: m.savedAt, labels: Array.isArray(m.labels) ? m.labels.filter((l): l is string => typeof l === 'string') : [] } });
}

/** Start hearing other tabs (once). Returns a stop function. */
export function listenToOtherTabs(): () => void {
  if (listening) return () => undefined;
  listening = true;
  const onStorage = (e: StorageEvent) => {
    if (e.key !== STORAGE_KEY || !e.newValue) return;
    try {
      received(JSON.parse(e.newValue));
    } catch {
      // not ours
    }
  };
  if (typeof BroadcastChannel !== 'undefined') {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (e) => received(e.data);
  } else if (typeof window !== 'undefined') window.addEventListener('storage', onStorage);
  return () => {
    listening = false;
    channel?.close();
    channel = null;
    if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
  };
}

export function markSaving(): void {
  useSaveStatus.setState({ state: 'saving', error: null });
}

/** A write succeeded: say so, and tell the other tabs. */
export function markSaved(savedAt: string, labels: string[]): void {
  useSaveStatus.setState({ state: 'saved', error: null, otherTab: null });
  const msg: SavedMessage = { kind: 'saved', tab: TAB_ID, savedAt, labels };
  try {
    if (channel) channel.postMessage(msg);
    else if (typeof BroadcastChannel !== 'undefined') {
      const c = new BroadcastChannel(CHANNEL);
      c.postMessage(msg);
      c.close();
    } else if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, JSON.stringify(msg));
  } catch {
    // telling other tabs is best effort; this tab's save did succeed
  }
}

/** What this tab shows was read back from storage (not written: other tabs are not told). */
export function markRestored(): void {
  useSaveStatus.setState({ state: 'saved', error: null, otherTab: null });
}

export function markFailed(e: unknown): void {
  useSaveStatus.setState({ state: 'failed', error: saveErrorText(e) });
}

/** Nothing imported any more (reset to demo). */
export function markCleared(): void {
  useSaveStatus.setState({ state: 'idle', error: null, otherTab: null });
}
