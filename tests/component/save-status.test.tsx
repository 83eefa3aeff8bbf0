// Saves that fail and tabs that overwrite each other (issue 14 items 8, 9): "saved" only after a
// successful IndexedDB write; a failure says why and offers the workspace file; another tab's
// save is noticed and this tab can keep its own data.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Category, Facility, UnitCollection } from '../../src/domain/types';
import type { FacilityImportResult } from '../../src/io/importTypes';
import { loadWorkspaceLocally, resetPersistenceForTests } from '../../src/io/persistence';
import { useDataStore } from '../../src/state/dataStore';
import { useDemandStore } from '../../src/state/demandStore';
import { listenToOtherTabs, useSaveStatus } from '../../src/state/saveStatus';
import { useViewStore } from '../../src/state/viewStore';
import { ImportPanel } from '../../src/ui/import/ImportPanel';
import { applyFacilities, persist, resetToDemo, useImportedUnits } from '../../src/state/importActions';
import * as download from '../../src/ui/download';
import { resetStore } from '../resetStore';

const root = resolve(__dirname, '../..');
const categories: Category[] = JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')).categories;
const units: UnitCollection = { type: 'FeatureCollection', features: [] };
const real: Facility = { id: 'r1', name: '甲', type: 'embedded', categories: ['health'], status: 'open', district: '310101', lng: 121.47, lat: 31.23, source: 'a.csv 2026-11-30 10:00', synthetic: false };
const result = { facilities: [real], source: real.source } as unknown as FacilityImportResult;

const realIndexedDB = globalThis.indexedDB;
let stopListening: () => void = () => undefined;

beforeEach(async () => {
  resetPersistenceForTests();
  globalThis.indexedDB = realIndexedDB;
  // the shipped data, loaded as the app loads it (captured once by setLoaded)
  resetStore(useDataStore);
  useDataStore.getState().setLoaded({ categories, districts: null, units, unitsLabel: 'hex', facilities: [], datasets: [], plan: [] });
  resetStore(useImportedUnits);
  resetStore(useDemandStore);
  resetStore(useViewStore, { lang: 'en' });
  await resetToDemo();
  resetStore(useSaveStatus);
  stopListening = listenToOtherTabs();
});
afterEach(() => {
  stopListening();
  globalThis.indexedDB = realIndexedDB;
  resetPersistenceForTests();
  vi.restoreAllMocks();
});

async function importAndSave() {
  render(<ImportPanel />);
  await act(async () => {
    applyFacilities(result, 'replace');
    await persist();
  });
}

describe('saving imported data in the browser', () => {
  it('says "kept in this browser" only after the write succeeded, and the data is there', async () => {
    await importAndSave();
    expect(await screen.findByTestId('save-ok')).toHaveTextContent('kept in this browser');
    const stored = await loadWorkspaceLocally();
    expect(stored.status === 'ok' && stored.workspace.facilities.map((f) => f.id)).toEqual(['r1']);
  });

  const failures: [string, () => void, RegExp][] = [
    ['no IndexedDB', () => { (globalThis as { indexedDB?: unknown }).indexedDB = undefined; }, /IndexedDB is not available/],
    ['open throws', () => { resetPersistenceForTests(); (globalThis as { indexedDB?: unknown }).indexedDB = { open: () => { throw new DOMException('The user denied permission', 'SecurityError'); } }; }, /SecurityError: The user denied permission/],
    ['quota exceeded', () => { vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => { throw new DOMException('quota', 'QuotaExceededError'); }); }, /QuotaExceededError \(storage full\)/],
  ];
  for (const [name, breakIt, reason] of failures) {
    it(`a failed save (${name}) is told, with the workspace file offered`, async () => {
      breakIt();
      await importAndSave();
      const alert = await screen.findByTestId('save-failed');
      expect(alert).toHaveTextContent(reason);
      expect(alert).toHaveTextContent('gone after a reload');
      expect(screen.queryByTestId('save-ok')).toBeNull();
      const spy = vi.spyOn(download, 'downloadText').mockImplementation(() => undefined);
      fireEvent.click(screen.getByTestId('save-download'));
      expect(spy).toHaveBeenCalledTimes(1);
      const [fileName, text] = spy.mock.calls[0];
      expect(fileName).toMatch(/^shenghuoquan-workspace-.*\.json$/);
      expect(JSON.parse(text).facilities.map((f: Facility) => f.id)).toEqual(['r1']);
    });
  }
});

describe('two tabs', () => {
  it('another tab saving is noticed; this tab can save its own data again', async () => {
    await importAndSave();
    await screen.findByTestId('save-ok');
    // the other tab: its own channel, its own id
    const other = new BroadcastChannel('shenghuoquan-workspace');
    other.postMessage({ kind: 'saved', tab: 'other-tab', savedAt: '2026-11-30T11:00:00.000Z', labels: ['b.csv 2026-11-30 11:00'] });
    const alert = await screen.findByTestId('save-other-tab', {}, { timeout: 3000 });
    expect(alert).toHaveTextContent('Another tab saved other imported data at 2026-11-30 11:00 (b.csv 2026-11-30 11:00)');
    // and hears this tab when it saves again
    const heard: unknown[] = [];
    other.onmessage = (e) => heard.push(e.data);
    fireEvent.click(screen.getByTestId('save-keep-mine'));
    await waitFor(() => expect(screen.queryByTestId('save-other-tab')).toBeNull());
    expect(await screen.findByTestId('save-ok')).toBeInTheDocument();
    await waitFor(() => expect(heard).toEqual([expect.objectContaining({ kind: 'saved', labels: ['a.csv 2026-11-30 10:00'] })]));
    const stored = await loadWorkspaceLocally();
    expect(stored.status === 'ok' && stored.workspace.facilities.map((f) => f.id)).toEqual(['r1']);
    other.close();
  });
});
