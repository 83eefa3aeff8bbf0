// Trial sites: the compact URL form, the facility a trial site becomes, what the engine is fed,
// and the baseline keeper's states (src/state/trialSites.ts, src/state/trialStore.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { CoverageResult } from '../../src/geo/coverageTypes';
import type { Facility } from '../../src/domain/types';
import { HUB_CATEGORIES } from '../../src/geo/siting';
import { useAnalysisStore } from '../../src/state/analysis';
import { useDataStore } from '../../src/state/dataStore';
import { DEFAULT_TRIAL_CATEGORIES, trialFacility, trialsFromParam, trialsToParam } from '../../src/state/trialSites';
import { engineFacilities, trialUrlBinding, useTrialStore } from '../../src/state/trialStore';
import { scenarioStatus, startTrialBaseline } from '../../src/state/trialBaseline';

const real: Facility[] = [
  { id: 'r1', name: 'a', type: 'embedded', categories: ['elderly'], status: 'open', district: '310101', lng: 121.48, lat: 31.23, source: 'demo', synthetic: true },
];

function fakeResult(facilityCount: number, paramsText = 'mode=walk speed=4.5km/h'): CoverageResult {
  return { paramsText, popSource: 'census-2020-district-spread', unitIds: ['u1', 'u2'], slots: ['elderly', 'complete'], facilityCount } as unknown as CoverageResult;
}

beforeEach(() => {
  useTrialStore.setState({ trials: [], suspended: false, placing: false, moving: null, baseline: null, baselineData: null, placeType: 'renminfang', placeCategories: [...HUB_CATEGORIES] });
  useDataStore.setState({ status: 'ready', facilities: real, districts: null });
  useAnalysisStore.setState({ status: 'idle', result: null });
});

describe('trial sites in the URL', () => {
  it('round-trips positions (5 decimals), types and non-default categories', () => {
    const trials = [
      { id: 't1', lng: 121.4737012, lat: 31.2304, type: 'renminfang' as const, categories: [...HUB_CATEGORIES] },
      { id: 't2', lng: 121.5, lat: 31.2, type: 'embedded' as const, categories: ['elderly', 'meals'] },
    ];
    const v = trialsToParam(trials)!;
    expect(v).toBe('121.47370,31.23040,renminfang;121.50000,31.20000,embedded,elderly+meals');
    const back = trialsFromParam(v);
    expect(back).toEqual([
      { id: 't1', lng: 121.4737, lat: 31.2304, type: 'renminfang', categories: [...HUB_CATEGORIES] },
      { id: 't2', lng: 121.5, lat: 31.2, type: 'embedded', categories: ['elderly', 'meals'] },
    ]);
    expect(trialsToParam([])).toBeNull();
  });

  it('drops malformed entries, unknown types and places outside Shanghai', () => {
    expect(trialsFromParam('abc;121.5,31.2,castle;0,0,renminfang;121.5,31.2;121.5,31.2,liuyiting,<script>+sports')).toEqual([
      { id: 't1', lng: 121.5, lat: 31.2, type: 'liuyiting', categories: ['sports'] },
    ]);
    expect(trialsFromParam('121.5,31.2,liuyiting')[0].categories).toEqual([...DEFAULT_TRIAL_CATEGORIES.liuyiting]);
  });

  it('the URL binding reads trial sites suspended (baseline first) and writes them back', () => {
    trialUrlBinding.read(new URLSearchParams('trial=121.5,31.2,renminfang'));
    expect(useTrialStore.getState()).toMatchObject({ suspended: true, trials: [{ id: 't1', type: 'renminfang' }] });
    const p = new URLSearchParams('lang=en');
    trialUrlBinding.write(p);
    expect(p.get('trial')).toBe('121.50000,31.20000,renminfang');
    useTrialStore.getState().clear();
    trialUrlBinding.write(p);
    expect(p.has('trial')).toBe(false);
  });
});

describe('what the engine is fed', () => {
  it('a trial site is a planned facility flagged trial, never synthetic', () => {
    const f = trialFacility({ id: 't3', lng: 121.5, lat: 31.2, type: 'renminfang', categories: ['party'] }, 2, '310101');
    expect(f).toEqual({
      id: 'trial-t3', name: '拟建人民坊 3', type: 'renminfang', categories: ['party'], status: 'planned', district: '310101',
      lng: 121.5, lat: 31.2, source: 'trial site', synthetic: false, trial: true,
    });
  });

  it('real facilities alone (same array) without trial sites or while suspended; one stable combined array otherwise', () => {
    expect(engineFacilities(real)).toBe(real);
    useTrialStore.getState().add(121.47, 31.23);
    const a = engineFacilities(real);
    expect(a).toHaveLength(2);
    expect(a[1]).toMatchObject({ trial: true, categories: [...HUB_CATEGORIES] });
    expect(engineFacilities(real)).toBe(a); // nothing changed: same identity, no spurious engine update
    useTrialStore.setState({ suspended: true });
    expect(engineFacilities(real)).toBe(real);
    useTrialStore.setState({ suspended: false });
    useTrialStore.getState().move('t1', 121.471, 31.231);
    const b = engineFacilities(real);
    expect(b).not.toBe(a);
    expect(b[1].lng).toBe(121.471);
    // the rest of the app never sees trial sites in the loaded data
    expect(useDataStore.getState().facilities).toBe(real);
  });

  it('refuses places outside Shanghai and more than 50 sites', () => {
    expect(useTrialStore.getState().add(0, 0)).toBeNull();
    for (let i = 0; i < 55; i++) useTrialStore.getState().add(121.4 + i * 0.001, 31.2);
    expect(useTrialStore.getState().trials).toHaveLength(50);
  });
});

describe('baseline keeper', () => {
  it('keeps a result without trial sites, and suspends them to renew it when parameters or data change', () => {
    const stop = startTrialBaseline();
    try {
      const r0 = fakeResult(1);
      useAnalysisStore.setState({ status: 'done', result: r0 });
      expect(useTrialStore.getState().baseline).toBe(r0);

      useTrialStore.getState().add(121.47, 31.23);
      expect(scenarioStatus(useTrialStore.getState(), r0, real, false)).toBe('updating'); // engine not updated yet
      const r1 = fakeResult(2);
      useAnalysisStore.setState({ result: r1 });
      expect(useTrialStore.getState()).toMatchObject({ baseline: r0, suspended: false });
      expect(scenarioStatus(useTrialStore.getState(), r1, real, false)).toBe('ready');

      // new parameters: the full recompute included the trial site; no baseline for them
      useAnalysisStore.setState({ result: fakeResult(2, 'mode=walk speed=4km/h') });
      expect(useTrialStore.getState().suspended).toBe(true);
      expect(engineFacilities(real)).toBe(real);
      const r3 = fakeResult(1, 'mode=walk speed=4km/h');
      useAnalysisStore.setState({ result: r3 });
      expect(useTrialStore.getState()).toMatchObject({ baseline: r3, suspended: false });
      const r4 = fakeResult(2, 'mode=walk speed=4km/h');
      useAnalysisStore.setState({ result: r4 });
      expect(scenarioStatus(useTrialStore.getState(), r4, real, false)).toBe('ready');

      // new real data (an import): the baseline is stale
      const real2 = [...real, { ...real[0], id: 'r2' }];
      useDataStore.setState({ facilities: real2 });
      useAnalysisStore.setState({ result: fakeResult(3, 'mode=walk speed=4km/h') });
      expect(useTrialStore.getState().suspended).toBe(true);
      // running: nothing is taken
      useAnalysisStore.setState({ status: 'running', result: fakeResult(2, 'mode=walk speed=4km/h') });
      expect(useTrialStore.getState().baselineData).toBe(real);
      useAnalysisStore.setState({ status: 'done' });
      expect(useTrialStore.getState()).toMatchObject({ baselineData: real2, suspended: false });
    } finally {
      stop();
    }
  });
});
