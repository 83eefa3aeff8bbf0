// A workspace names a street network that is not the loaded one: the coverage controller (real
// coverage service behind comlink) shows no network figures, a computation already running is
// not published when it ends, and once the user accepts a network (here: keeps the loaded one)
// the figures are computed again.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Category, Facility, UnitFeature } from '../../src/domain/types';
import { importNetwork } from '../../src/geo/network/importNetwork';
import type { NetworkRef } from '../../src/io/networkRef';
import { useAnalysisStore } from '../../src/state/analysis';
import { networkMismatch, setWantedNetwork, useNetworkStore } from '../../src/state/networkStore';
import { resetAnalysisStores, startAnalysisOn } from '../coverageHarness';
import { resetStore } from '../resetStore';

vi.setConfig({ testTimeout: 120_000 });

const CATS: Category[] = [{ id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 10, standardRadiusM: 500, standard: 't' }];
const [W, S, D] = [121.462, 31.2205, 0.02]; // most of the extract: a computation takes long enough to be caught running
const UNIT: UnitFeature = {
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[[W, S], [W + D, S], [W + D, S + D], [W, S + D], [W, S]]] },
  properties: { id: 'u1', name: 'u1', district: '310101', area_km2: 4.2, pop_est: 1000, pop_source: 'test' },
};
const REAL: Facility[] = [{ id: 'f1', name: 'f1', type: 'embedded', categories: ['a'], status: 'open', district: '310101', lng: 121.4737, lat: 31.2304, source: 't', synthetic: false }];
const LOADED: NetworkRef = { name: 'renminguangchang-drive-2026.osm', size: 1, sha256: 'a'.repeat(64), source: 'shipped', crs: 'wgs84', extent: [121.46, 31.21, 121.49, 31.25] };
const OTHER: NetworkRef = { ...LOADED, name: 'mine.osm', source: 'file', sha256: 'b'.repeat(64) };

let stops: (() => void)[] = [];
beforeEach(async () => {
  resetAnalysisStores({ categories: CATS, facilities: REAL, units: { type: 'FeatureCollection', features: [UNIT] } });
  const res = await importNetwork('x.osm', new Uint8Array(readFileSync('geodata/renminguangchang-drive-2026.osm')));
  if (!res.ok) throw new Error(res.message);
  resetStore(useNetworkStore, { model: 'network', status: 'ready', graph: res.graph, report: res.report, shipped: true, ref: LOADED });
  stops.push(startAnalysisOn());
});
afterEach(() => {
  for (const s of stops) s();
  stops = [];
});

const until = (cond: () => boolean) => vi.waitFor(() => {
  const a = useAnalysisStore.getState();
  if (!cond()) throw new Error(`not yet: ${cond.toString()} (status ${a.status}, error ${a.error}, model ${a.result?.engine.walkModel ?? 'none'})`);
}, { timeout: 60_000, interval: 20 });
const networkDone = () => {
  const a = useAnalysisStore.getState();
  return a.status === 'done' && a.result?.engine.walkModel === 'network';
};

describe('a workspace naming another network', () => {
  it('holds network figures (also a computation already running) until a network is accepted', async () => {
    await until(networkDone);
    // the workspace names another network: figures go
    setWantedNetwork(OTHER);
    expect(networkMismatch(useNetworkStore.getState())).toEqual(OTHER);
    await until(() => useAnalysisStore.getState().result === null);
    expect(useAnalysisStore.getState().status).toBe('idle');

    // accepted: computed again on the loaded network
    setWantedNetwork(null);
    await until(networkDone);

    // a computation running when the workspace arrives is not published when it ends
    useAnalysisStore.getState().setMinutes('a', 15);
    await until(() => useAnalysisStore.getState().status === 'running');
    setWantedNetwork(OTHER);
    await until(() => useAnalysisStore.getState().status === 'idle');
    await new Promise((r) => setTimeout(r, 1500));
    expect(useAnalysisStore.getState().result).toBeNull();
    expect(useAnalysisStore.getState().status).toBe('idle');

    // the workspace's network arrives (its reference now matches): figures again, with the new minutes
    useNetworkStore.setState({ ref: OTHER });
    await until(networkDone);
    expect(useAnalysisStore.getState().result?.categories[0].minutes).toBe(15);
  });
});
