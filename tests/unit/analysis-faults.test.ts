// Engine errors in the app (issue 14 item 7): the coverage controller with the real coverage
// service behind comlink. A layer the engine refuses ("grid too large") must reach the user as
// an error, the earlier figures must not stay on screen as current, and the next good state
// must compute again.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Polygon } from 'geojson';
import type { Category, Facility, UnitFeature } from '../../src/domain/types';
import { useAnalysisStore } from '../../src/state/analysis';
import { useDataStore } from '../../src/state/dataStore';
import { resetAnalysisStores, startAnalysisOn } from '../coverageHarness';

const CATS: Category[] = [{ id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 5, standardRadiusM: 300, standard: 't' }];
function poly(id: string, ring: [number, number][]): UnitFeature {
  const geometry: Polygon = { type: 'Polygon', coordinates: [ring] };
  return { type: 'Feature', geometry, properties: { id, name: id, district: '310101', area_km2: 1, pop_est: 1000, pop_source: 'test' } };
}
const sq = (id: string, lng: number, lat: number, d: number) => poly(id, [[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]);
const GOOD = { type: 'FeatureCollection' as const, features: [sq('u1', 121.4, 31.2, 0.02)] };
// what an unchecked layer spanning Shanghai and Paris gives the engine
const HUGE = { type: 'FeatureCollection' as const, features: [sq('sh', 121.4, 31.2, 0.02), sq('paris', 2.35, 48.85, 0.02)] };
const REAL: Facility[] = [{ id: 'f1', name: 'f1', type: 'embedded', categories: ['a'], status: 'open', district: '310101', lng: 121.41, lat: 31.21, source: 't', synthetic: false }];

let stops: (() => void)[] = [];
beforeEach(() => {
  resetAnalysisStores({ categories: CATS, facilities: REAL, units: GOOD });
  stops.push(startAnalysisOn());
});
afterEach(() => {
  for (const s of stops) s();
  stops = [];
});

const until = (cond: () => boolean) => vi.waitFor(() => {
  if (!cond()) throw new Error('not yet');
}, { timeout: 10_000, interval: 20 });

describe('engine errors reach the user', () => {
  it('a layer the engine refuses: error shown, old figures cleared, parameter changes say so again, a good layer computes', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await until(() => useAnalysisStore.getState().status === 'done');
      expect(useAnalysisStore.getState().result).not.toBeNull();

      useDataStore.getState().setUnits(HUGE, 'bad layer');
      await until(() => useAnalysisStore.getState().status === 'error');
      const a = useAnalysisStore.getState();
      expect(a.error).toMatch(/grid too large/);
      expect(a.result).toBeNull();
      expect(a.baseline).toBeNull();

      // a later parameter change does not silently do nothing: it is tried and fails again, visibly
      useAnalysisStore.setState({ status: 'idle', error: null });
      useAnalysisStore.getState().setParams({ speedKmh: 4 });
      await until(() => useAnalysisStore.getState().status === 'error');
      expect(useAnalysisStore.getState().error).toMatch(/grid too large/);

      useDataStore.getState().setUnits(GOOD, 'good layer');
      await until(() => useAnalysisStore.getState().status === 'done');
      expect(useAnalysisStore.getState().result?.unitIds).toEqual(['u1']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 30_000);
});
