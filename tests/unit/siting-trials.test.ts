// Trial sites: the compact URL form, the facility a trial site becomes, what siting is fed,
// and when before → after can be shown (src/state/trialSites.ts, trialStore.ts, analysis.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { CoverageResult } from '../../src/geo/coverageTypes';
import { HUB_CATEGORIES, type Facility } from '../../src/domain/types';
import { scenarioStatus, useAnalysisStore } from '../../src/state/analysis';
import { useDataStore } from '../../src/state/dataStore';
import { DEFAULT_TRIAL_CATEGORIES, trialFacility, trialsFromParam, trialsToParam } from '../../src/state/trialSites';
import { trialUrlBinding, useTrialStore, withTrialSites } from '../../src/state/trialStore';
import { resetStore } from '../resetStore';

const real: Facility[] = [
  { id: 'r1', name: 'a', type: 'embedded', categories: ['elderly'], status: 'open', district: '310101', lng: 121.48, lat: 31.23, source: 'demo', synthetic: true },
];

function fakeResult(facilityCount: number, paramsText = 'mode=walk speed=4.5km/h'): CoverageResult {
  return { paramsText, popSource: 'unit-pop-est', unitIds: ['u1', 'u2'], slots: ['elderly', 'complete'], facilityCount } as unknown as CoverageResult;
}

beforeEach(() => {
  resetStore(useTrialStore);
  resetStore(useDataStore, { status: 'ready', facilities: real });
  resetStore(useAnalysisStore);
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

  it('the URL binding reads trial sites and writes them back', () => {
    trialUrlBinding.read(new URLSearchParams('trial=121.5,31.2,renminfang'));
    expect(useTrialStore.getState()).toMatchObject({ trials: [{ id: 't1', type: 'renminfang' }] });
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

  it('siting is given the real facilities plus the trial sites; the loaded data never holds them', () => {
    expect(withTrialSites(real, [], [])).toEqual(real);
    useTrialStore.getState().add(121.47, 31.23);
    const a = withTrialSites(real, useTrialStore.getState().trials, []);
    expect(a).toHaveLength(2);
    expect(a[1]).toMatchObject({ trial: true, categories: [...HUB_CATEGORIES] });
    useTrialStore.getState().move('t1', 121.471, 31.231);
    const b = withTrialSites(real, useTrialStore.getState().trials, []);
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

describe('when before → after can be shown', () => {
  it('only when the published figures were computed from exactly these facilities and trial sites', () => {
    const r0 = fakeResult(1);
    expect(scenarioStatus([], real, { status: 'done', result: r0, baseline: r0, basis: { facilities: real, trials: [] } })).toBe('none');
    useTrialStore.getState().add(121.47, 31.23);
    const trials = useTrialStore.getState().trials;
    // the published figures do not include the trial site yet
    expect(scenarioStatus(trials, real, { status: 'done', result: r0, baseline: r0, basis: { facilities: real, trials: [] } })).toBe('updating');
    const r1 = fakeResult(2);
    const done = { status: 'done' as const, result: r1, baseline: r0, basis: { facilities: real, trials } };
    expect(scenarioStatus(trials, real, done)).toBe('ready');
    expect(scenarioStatus(trials, real, { ...done, status: 'running' })).toBe('updating');
    expect(scenarioStatus(trials, real, { ...done, baseline: null })).toBe('updating');
    // the trial site moved since
    useTrialStore.getState().move('t1', 121.471, 31.231);
    expect(scenarioStatus(useTrialStore.getState().trials, real, done)).toBe('updating');
    // new real data (an import) since
    expect(scenarioStatus(trials, [...real], done)).toBe('updating');
  });
});
