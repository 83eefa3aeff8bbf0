// The coverage controller (src/state/analysis.ts) with the real coverage service behind
// comlink: one worker computation per change, trial sites as incremental edits, and one
// published result per change that always includes exactly the trial sites of the store.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Polygon } from 'geojson';
import type { Category, Facility, UnitFeature } from '../../src/domain/types';
import { defaultWalkParams } from '../../src/domain/walk';
import { CoverageEngine } from '../../src/geo/coverageEngine';
import { createCoverageService, type CoverageServiceApi } from '../../src/geo/coverageService';
import type { CoverageResult, EngineFacility } from '../../src/geo/coverageTypes';
import { scenarioStatus, useAnalysisStore } from '../../src/state/analysis';
import { useDataStore } from '../../src/state/dataStore';
import { useTrialStore } from '../../src/state/trialStore';
import { resetAnalysisStores, startAnalysisOn } from '../coverageHarness';

const CATS: Category[] = [
  { id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 5, standardRadiusM: 300, standard: 't' },
  { id: 'b', zh: 'B', en: 'B', color: '#000', minutes: 15, standardRadiusM: 1000, standard: 't' },
];
function square(id: string, lng: number, lat: number, d: number): UnitFeature {
  const geometry: Polygon = { type: 'Polygon', coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]] };
  return { type: 'Feature', geometry, properties: { id, name: id, district: '310101', area_km2: 0, pop_est: 1000, pop_source: 'test' } };
}
const UNITS = [square('u1', 121.40, 31.20, 0.02), square('u2', 121.42, 31.20, 0.02), square('u3', 121.40, 31.22, 0.04)];
const fac = (id: string, lng: number, lat: number, categories: string[]): Facility => ({
  id, name: id, type: 'embedded', categories, status: 'open', district: '310101', lng, lat, source: 'test', synthetic: false,
});
const REAL = [fac('f1', 121.41, 31.21, ['a', 'b']), fac('f2', 121.43, 31.21, ['b'])];

type Calls = Record<'compute' | 'setTrials' | 'editFacility' | 'setFacilities', number>;
let calls: Calls;
let published: CoverageResult[];
let stops: (() => void)[] = [];

function start() {
  const service = createCoverageService();
  // count what the controller asks the worker
  const counted: CoverageServiceApi = {
    ...service,
    compute: (...a) => {
      calls.compute++;
      return service.compute(...a);
    },
    setTrials: (...a) => {
      calls.setTrials++;
      return service.setTrials(...a);
    },
    editFacility: (...a) => {
      calls.editFacility++;
      return service.editFacility(...a);
    },
    setFacilities: (...a) => {
      calls.setFacilities++;
      return service.setFacilities(...a);
    },
  };
  stops.push(startAnalysisOn(counted));
  stops.push(useAnalysisStore.subscribe((s, prev) => {
    if (s.result !== prev.result && s.result) published.push(s.result);
  }));
}

// reference figures from a separate engine, from scratch
function fresh(facilities: EngineFacility[], speedKmh = 4.5): CoverageResult {
  const eng = new CoverageEngine(CATS);
  eng.setUnits(UNITS);
  eng.setFacilities(facilities);
  return eng.compute({ ...defaultWalkParams(), speedKmh });
}

const settled = () => vi.waitFor(() => {
  const a = useAnalysisStore.getState();
  const trials = useTrialStore.getState().trials;
  if (a.status !== 'done' || a.basis?.trials !== trials || a.basis.facilities !== useDataStore.getState().facilities || a.result?.params.speedKmh !== a.params.speedKmh) throw new Error('not yet');
}, { timeout: 5000, interval: 20 });

beforeEach(() => {
  calls = { compute: 0, setTrials: 0, editFacility: 0, setFacilities: 0 };
  published = [];
  resetAnalysisStores({ categories: CATS, facilities: REAL, units: { type: 'FeatureCollection', features: UNITS } });
});
afterEach(() => {
  for (const s of stops) s();
  stops = [];
});

describe('one computation per change, no intermediate result', () => {
  it('a shared link with two trial sites: one computation, one published result with both', async () => {
    useTrialStore.getState().add(121.42, 31.235, 'embedded', ['a']);
    useTrialStore.getState().add(121.405, 31.25, 'embedded', ['a', 'b']);
    start();
    await settled();
    expect(calls.compute).toBe(1);
    expect(published).toHaveLength(1);
    const a = useAnalysisStore.getState();
    expect(a.result!.facilityCount).toBe(4);
    expect(a.baseline!.facilityCount).toBe(2);
    expect(scenarioStatus(useTrialStore.getState().trials, REAL, a)).toBe('ready');
  });

  it('a speed change with two trial sites: one computation, one published result that includes them', async () => {
    useTrialStore.getState().add(121.42, 31.235, 'embedded', ['a']);
    useTrialStore.getState().add(121.405, 31.25, 'embedded', ['a', 'b']);
    start();
    await settled();
    calls = { compute: 0, setTrials: 0, editFacility: 0, setFacilities: 0 };
    published = [];
    useAnalysisStore.getState().setParams({ speedKmh: 3.2 });
    await settled();
    await new Promise((r) => setTimeout(r, 300)); // nothing more arrives
    expect(calls).toEqual({ compute: 1, setTrials: 0, editFacility: 0, setFacilities: 0 });
    expect(published).toHaveLength(1);
    const trials = useTrialStore.getState().trials.map((t) => ({ id: `trial-${t.id}`, lng: t.lng, lat: t.lat, categories: t.categories }));
    const a = useAnalysisStore.getState();
    expect(a.result!.params.speedKmh).toBe(3.2);
    expect(a.baseline!.params.speedKmh).toBe(3.2);
    expect([...a.result!.coveredM2].map(Math.round)).toEqual([...fresh([...REAL, ...trials], 3.2).coveredM2].map(Math.round));
    expect([...a.baseline!.coveredM2].map((v) => Math.round(v))).toEqual([...fresh(REAL, 3.2).coveredM2].map((v) => Math.round(v)));
  });

  it('adding, moving and removing a trial site: one incremental edit each, no full computation', async () => {
    start();
    await settled();
    const baseline = useAnalysisStore.getState().baseline;
    calls = { compute: 0, setTrials: 0, editFacility: 0, setFacilities: 0 };
    published = [];
    useTrialStore.getState().add(121.42, 31.235, 'embedded', ['a']);
    await settled();
    useTrialStore.getState().move('t1', 121.43, 31.24);
    await settled();
    useTrialStore.getState().remove('t1');
    await settled();
    expect(calls).toEqual({ compute: 0, setTrials: 3, editFacility: 0, setFacilities: 0 });
    expect(published.map((r) => r.facilityCount)).toEqual([3, 3, 2]);
    const a = useAnalysisStore.getState();
    expect(a.result).toBe(a.baseline);
    expect([...a.baseline!.coveredM2].map(Math.round)).toEqual([...baseline!.coveredM2].map(Math.round));
  });

  it('one loaded facility edited while trial sites are in: one edit, baseline and scenario renewed together', async () => {
    useTrialStore.getState().add(121.42, 31.235, 'embedded', ['a']);
    start();
    await settled();
    calls = { compute: 0, setTrials: 0, editFacility: 0, setFacilities: 0 };
    published = [];
    const f3 = fac('f3', 121.41, 31.245, ['b']);
    useDataStore.setState({ facilities: [...REAL, f3] });
    await settled();
    expect(calls).toEqual({ compute: 0, setTrials: 0, editFacility: 1, setFacilities: 0 });
    expect(published).toHaveLength(1);
    const a = useAnalysisStore.getState();
    expect([a.baseline!.facilityCount, a.result!.facilityCount]).toEqual([3, 4]);
    expect([...a.baseline!.coveredM2].map(Math.round)).toEqual([...fresh([...REAL, f3]).coveredM2].map(Math.round));
  });
});
