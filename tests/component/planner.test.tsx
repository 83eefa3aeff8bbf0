// The planner's tools in jsdom: trial sites panel with before → after, site suggestions
// (the real siting service in-process), gap report copy and downloads.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { HUB_CATEGORIES, type Category, type DistrictCollection, type Facility, type UnitFeature } from '../../src/domain/types';
import { defaultWalkParams } from '../../src/domain/walk';
import { CoverageEngine } from '../../src/geo/coverageEngine';
import { COMPLETE_SLOT, type CoverageResult } from '../../src/geo/coverageTypes';
import { createSitingService } from '../../src/geo/sitingService';
import { useAnalysisStore } from '../../src/state/analysis';
import { useDataStore } from '../../src/state/dataStore';
import { useDemandStore } from '../../src/state/demandStore';
import { startSiting, useSitingStore } from '../../src/state/sitingStore';
import { useTrialStore, withTrialSites } from '../../src/state/trialStore';
import { useViewStore } from '../../src/state/viewStore';
import { useModeStore } from '../../src/state/modeStore';
import { TrialPanel } from '../../src/ui/planner/TrialPanel';
import { SitingPanel } from '../../src/ui/planner/SitingPanel';
import { GapReportPanel } from '../../src/ui/planner/GapReportPanel';
import type { SitingClient } from '../../src/worker/sitingClient';
import { resetStore } from '../resetStore';

const downloads: { name: string; text: string; mime: string }[] = [];
vi.mock('../../src/ui/download', () => ({
  downloadText: (name: string, text: string, mime: string) => downloads.push({ name, text, mime }),
  downloadBytes: (name: string, bytes: Uint8Array, mime: string) => downloads.push({ name, text: `${bytes.length} bytes`, mime }),
}));

const root = resolve(__dirname, '../..');
const districts = JSON.parse(readFileSync(resolve(root, 'geodata/districts.geojson'), 'utf8')) as DistrictCollection;
const categories = (JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')) as { categories: Category[] }).categories;

// four 1.5 km squares in 黄浦 / 静安 around People's Square
const LNG0 = 121.455, LAT0 = 31.215, DLNG = 1 / 95.24, DLAT = 1 / 111.19;
const at = (x: number, y: number): [number, number] => [LNG0 + x * DLNG, LAT0 + y * DLAT];
function square(id: string, district: string, x: number, y: number, pop: number): UnitFeature {
  const ring = [at(x, y), at(x + 1.5, y), at(x + 1.5, y + 1.5), at(x, y + 1.5), at(x, y)];
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id, name: `单元${id}`, district, area_km2: 2.25, pop_est: pop, pop_source: 'census-2020-district-spread' } };
}
const units: UnitFeature[] = [square('a', '310101', 0, 0, 40000), square('b', '310101', 1.5, 0, 30000), square('c', '310106', 0, 1.5, 20000), square('d', '310106', 1.5, 1.5, 10000)];
const real: Facility[] = [
  { id: 'r1', name: '示例人民坊', type: 'renminfang', categories: [...HUB_CATEGORIES], status: 'open', district: '310101', lng: at(0.3, 0.3)[0], lat: at(0.3, 0.3)[1], source: 'demo', synthetic: true },
];
const TRIAL_AT = at(2.2, 1.4);

function compute(facilities: Facility[]): CoverageResult {
  const eng = new CoverageEngine(categories);
  eng.setUnits(units);
  eng.setFacilities(facilities);
  return structuredClone(eng.compute(defaultWalkParams()));
}

beforeEach(() => {
  downloads.length = 0;
  resetStore(useDataStore, {
    status: 'ready', categories, districts, facilities: real,
    units: { type: 'FeatureCollection', features: units }, unitsLabel: 'test units',
    datasets: [{ label: 'demo-facilities.json (synthetic)', synthetic: true, count: 1 }], plan: [],
  });
  resetStore(useViewStore);
  resetStore(useTrialStore);
  resetStore(useModeStore);
  const r = compute(real);
  resetStore(useAnalysisStore, { status: 'done', result: r, baseline: r, basis: { facilities: real, trials: [] }, slot: COMPLETE_SLOT });
  resetStore(useSitingStore);
  resetStore(useDemandStore);
});
afterEach(() => vi.restoreAllMocks());

describe('TrialPanel', () => {
  it('toggles placing mode and resets categories to the type’s defaults', () => {
    render(<TrialPanel />);
    const place = screen.getByTestId('trial-place');
    expect(place).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(place);
    expect(useModeStore.getState().mode).toEqual({ kind: 'placeTrial' });
    expect(place).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByText('点击地图上的位置放置一个试点。')).toBeInTheDocument();
    fireEvent.change(screen.getByTestId('trial-type'), { target: { value: 'liuyiting' } });
    expect(useTrialStore.getState().placeCategories).toEqual(['culture', 'sports', 'children']);
    // unticking a category
    fireEvent.click(screen.getByRole('checkbox', { name: '体育健身' }));
    expect(useTrialStore.getState().placeCategories).toEqual(['culture', 'children']);
  });

  it('placing ends after one site unless kept on: the switch and the hint say so', () => {
    render(<TrialPanel />);
    fireEvent.click(screen.getByTestId('trial-place'));
    expect(screen.getByTestId('trial-keep-hint').textContent).toBe('放置一处后结束；按住 Shift 点击可连续放置。');
    fireEvent.click(screen.getByRole('checkbox', { name: /连续放置/ }));
    expect(useModeStore.getState().keepPlacing).toBe(true);
    expect(screen.getByTestId('trial-keep-hint').textContent).toBe('连续放置已开启。');
    // a dropped site ends the mode (src/map/handlers.ts): the button says so
    act(() => useModeStore.getState().setMode({ kind: 'select' }));
    expect(screen.getByTestId('trial-place')).toHaveAttribute('aria-pressed', 'false');
  });

  it('lists trial sites labelled 拟建 with their district; move and remove', () => {
    act(() => {
      useTrialStore.getState().add(TRIAL_AT[0], TRIAL_AT[1]);
      useTrialStore.getState().add(121.48, 31.23, 'embedded');
    });
    render(<TrialPanel />);
    const items = within(screen.getByTestId('trial-list')).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toContain('拟建');
    expect(items[0].textContent).toContain('人民坊 1');
    expect(items[0].textContent).toMatch(/黄浦区|静安区/);
    expect(items[1].textContent).toContain('养老服务、托育服务、社区助餐');
    fireEvent.click(within(items[0]).getByRole('button', { name: '移动' }));
    expect(useModeStore.getState().mode).toEqual({ kind: 'moveTrial', id: 't1' });
    fireEvent.click(screen.getByRole('button', { name: '删除试点 2' }));
    expect(useTrialStore.getState().trials.map((t) => t.id)).toEqual(['t1']);
  });

  it('shows before → after for the city and the touched district once the result includes the trial site', () => {
    const before = useAnalysisStore.getState().baseline!;
    act(() => {
      useTrialStore.getState().add(TRIAL_AT[0], TRIAL_AT[1]);
    });
    render(<TrialPanel />);
    // the result does not include the trial site yet
    expect(screen.getByTestId('trial-updating')).toBeInTheDocument();
    const trials = useTrialStore.getState().trials;
    const withTrial = withTrialSites(real, trials, []);
    expect(withTrial).toHaveLength(2);
    expect(withTrial[1]).toMatchObject({ trial: true, status: 'planned', source: 'trial site', synthetic: false, type: 'renminfang' });
    const after = compute(withTrial);
    // the coverage controller publishes the figures with and without the trial site, and what they include, at once
    act(() => useAnalysisStore.setState({ result: after, baseline: before, basis: { facilities: real, trials } }));
    const city = screen.getByTestId('trial-compare-city');
    expect(city.querySelector('tr[data-slot="complete"]')).not.toBeNull();
    const row = city.querySelector('tr[data-slot="party"]')!;
    const s = after.slots.indexOf('party');
    const p = (v: number, w: number) => `${((100 * v) / w).toFixed(1)}%`;
    expect(row.textContent).toContain(`${p(before.city.coveredM2[s], before.city.areaM2)} → ${p(after.city.coveredM2[s], after.city.areaM2)}`);
    const newly = Math.round(after.city.popCovered[s] - before.city.popCovered[s]);
    expect(newly).toBeGreaterThan(0);
    expect(row.querySelector('.gain')!.textContent).toBe(`+${newly.toLocaleString('zh-CN')}`);
    // only the trial's categories (the hub's six) and completeness
    expect(city.querySelectorAll('tbody tr')).toHaveLength(HUB_CATEGORIES.length + 1);
    const touched = [...new Set(after.unitDistrict)].filter((d) => screen.queryByTestId(`trial-compare-district-${d}`));
    expect(touched.length).toBeGreaterThanOrEqual(1);
  });
});

describe('SitingPanel', () => {
  it('runs the siting service, lists ranked suggestions and adopts one as a trial 人民坊', async () => {
    const svc = createSitingService();
    const client = { setUnits: svc.setUnits, setDemand: svc.setDemand, suggest: svc.suggest, terminate: () => undefined } as unknown as SitingClient;
    const stop = startSiting(() => client);
    try {
      render(<SitingPanel />);
      fireEvent.change(screen.getByTestId('siting-k'), { target: { value: '3' } });
      await act(async () => {
        fireEvent.click(screen.getByTestId('siting-run'));
      });
      await screen.findByTestId('siting-list');
      const items = within(screen.getByTestId('siting-list')).getAllByRole('listitem');
      expect(items).toHaveLength(3);
      const res = useSitingStore.getState().result!;
      expect(res.categories).toEqual([...HUB_CATEGORIES]);
      expect(items[0].textContent).toContain(`新增覆盖 ${Math.round(res.suggestions[0].gainPop).toLocaleString('zh-CN')} 人`);
      fireEvent.click(screen.getByTestId('siting-adopt-1'));
      const trials = useTrialStore.getState().trials;
      expect(trials).toHaveLength(1);
      expect(trials[0]).toMatchObject({ type: 'renminfang', categories: [...HUB_CATEGORIES] });
      expect(trials[0].lng).toBeCloseTo(res.suggestions[0].lng, 5);
      expect(screen.getByTestId('siting-adopt-1')).toBeDisabled();
      // the trial site changed the facilities: the suggestions say they may be out of date
      expect(screen.getByTestId('siting-stale')).toBeInTheDocument();
    } finally {
      stop();
    }
  });

  it('a single category adopts as an embedded facility of that category', () => {
    const sg = { rank: 1, lng: TRIAL_AT[0], lat: TRIAL_AT[1], unitId: 'b', unitName: '单元b', district: '310101', gainPop: 10, gainKm2: 0.1, cumPop: 10, cumKm2: 0.1 };
    useSitingStore.setState({
      status: 'done',
      result: { categories: ['elderly'], scope: 'city', objective: 'pop', reachM: { elderly: 288 }, paramsText: 'x', cellSizeM: 125, spacingM: 250, candidateCount: 10, popSource: 'unit-pop-est', uncoveredPop: 10, uncoveredKm2: 1, scopePop: 100, scopeKm2: 9, suggestions: [sg], ms: 1, modelMs: 0 },
      basis: null,
    });
    render(<SitingPanel />);
    fireEvent.click(screen.getByTestId('siting-adopt-1'));
    expect(useTrialStore.getState().trials[0]).toMatchObject({ type: 'embedded', categories: ['elderly'] });
  });
});

describe('GapReportPanel', () => {
  it('downloads the ledger CSV (BOM, one table) and Markdown (notice, parameters) for the chosen scope, and copies plain text', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<GapReportPanel />);
    fireEvent.change(screen.getByTestId('report-scope'), { target: { value: '310101' } });
    fireEvent.click(screen.getByTestId('report-csv'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    fireEvent.click(screen.getByTestId('report-md'));
    await waitFor(() => expect(downloads).toHaveLength(2));
    const [csv, md] = downloads;
    expect(csv.name).toMatch(/^缺口报告-黄浦区-\d{4}-\d{2}-\d{2}-问题清单\.csv$/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text.split('\r\n')[0]).toBe('\uFEFF序号,单元,所在区,类别,指标,现状值,标准/目标,差距,未覆盖人口（估算）,建议措施,数据来源');
    const params = useAnalysisStore.getState().result!.paramsText;
    expect(md.text).toContain('示例数据，位置为模拟');
    expect(md.text).toContain(params);
    expect(md.text).toContain('黄浦区');
    expect(md.text).not.toContain('单元c'); // 静安's units are outside the scope
    expect(md.name.endsWith('.md')).toBe(true);
    expect(md.mime).toContain('text/markdown');
    await act(async () => {
      fireEvent.click(screen.getByTestId('report-copy'));
    });
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    expect(String((writeText.mock.calls[0] as unknown[])[0])).toContain('示例数据，位置为模拟');
    expect(screen.getByTestId('report-message').textContent).toBe('报告已复制到剪贴板。');
  });

  it('offers the selected unit as a scope, in English too, and a selection of units', async () => {
    useViewStore.setState({ lang: 'en', selection: { kind: 'unit', id: 'c' } });
    render(<GapReportPanel />);
    const select = screen.getByTestId('report-scope') as HTMLSelectElement;
    expect(select.value).toBe('310106'); // the unit's district by default
    expect(screen.getByRole('option', { name: 'Selected unit: 单元c' })).toBeInTheDocument();
    fireEvent.change(select, { target: { value: 'unit:c' } });
    fireEvent.click(screen.getByRole('button', { name: 'Download Markdown' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0].name).toMatch(/^gap-report-planning_unit_单元c/);
    expect(downloads[0].text).toContain('planning unit 单元c');
    expect(downloads[0].text).toContain('示例数据，位置为模拟');
    fireEvent.click(screen.getByTestId('report-add-unit'));
    expect(select.value).toBe('units');
    fireEvent.click(screen.getByRole('button', { name: 'Preview report' }));
    const preview = await screen.findByTestId('report-preview');
    expect(within(preview).getByRole('heading', { level: 1 }).textContent).toContain('1 selected units');
    expect(within(preview).getAllByRole('img').length).toBeGreaterThanOrEqual(3);
    fireEvent.click(within(preview).getByTestId('report-preview-close'));
    expect(screen.queryByTestId('report-preview')).toBeNull();
  });

  it('waits while the coverage is being computed', () => {
    useAnalysisStore.setState({ status: 'running' });
    render(<GapReportPanel />);
    expect(screen.getByTestId('report-csv')).toBeDisabled();
  });
});
