// Search in the planner view (jsdom): the shared place search; a pick selects the unit under
// the place (details), an imported 街镇 unit or a district as itself; keyboard only.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DistrictCollection, Facility, UnitFeature } from '../../src/domain/types';
import { useDataStore } from '../../src/state/dataStore';
import { usePlannerSearch } from '../../src/state/plannerSearch';
import { useViewStore } from '../../src/state/viewStore';
import { PlannerSearch } from '../../src/ui/planner/PlannerSearch';
import { DetailsPanel } from '../../src/ui/DetailsPanel';
import { resetStore } from '../resetStore';

const root = resolve(__dirname, '../..');
const districts = JSON.parse(readFileSync(resolve(root, 'geodata/districts.geojson'), 'utf8')) as DistrictCollection;

// two squares side by side in 黄浦区, named like imported 街镇
const sq = (id: string, name: string, x: number): UnitFeature => ({
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[[x, 31.22], [x + 0.01, 31.22], [x + 0.01, 31.23], [x, 31.23], [x, 31.22]]] },
  properties: { id, name, district: '310101', area_km2: 1, pop_est: 1000, pop_source: 'imported' },
});
const units = [sq('310101002', '南京东路街道', 121.47), sq('310101013', '外滩街道', 121.48)];
const facility: Facility = { id: 'f1', name: '外滩睦邻中心', type: 'embedded', categories: ['elderly'], status: 'open', district: '310101', lng: 121.485, lat: 31.225, source: 'x.csv', synthetic: false };

beforeEach(() => {
  resetStore(useDataStore, {
    status: 'ready', categories: [], districts, facilities: [facility],
    units: { type: 'FeatureCollection', features: units }, unitsLabel: 'streets.geojson 2026-12-01 10:00',
    datasets: [], plan: [],
  });
  useViewStore.setState({ lang: 'zh', selection: null, view: 'planner' });
  usePlannerSearch.setState({ place: null, seq: 0 });
});

describe('planner search', () => {
  it('a facility picked with the keyboard selects the unit under it and opens its details', async () => {
    const user = userEvent.setup();
    render(<><PlannerSearch /><DetailsPanel /></>);
    const box = screen.getByRole('combobox', { name: '搜索地点，定位到所在单元' });
    await user.type(box, '外滩睦邻');
    await waitFor(() => expect(screen.getByRole('option', { name: /外滩睦邻中心/ })).toBeInTheDocument());
    expect(box).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('option', { name: /外滩睦邻中心/ })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(useViewStore.getState().selection).toEqual({ kind: 'unit', id: '310101013' });
    expect(usePlannerSearch.getState()).toMatchObject({ seq: 1, place: { label: '外滩睦邻中心', unitId: '310101013', lng: 121.485 } });
    expect(usePlannerSearch.getState().place?.bbox).toBeUndefined();
    expect(screen.getByTestId('planner-search-status')).toHaveTextContent('已定位：外滩睦邻中心');
    expect(screen.getByTestId('details')).toHaveTextContent('310101013');
  });

  it('an imported 街镇 is selected as its unit and framed; a district as itself; Escape closes then clears', async () => {
    const user = userEvent.setup();
    render(<PlannerSearch />);
    const box = screen.getByRole('combobox', { name: '搜索地点，定位到所在单元' });
    await user.type(box, 'njdl');
    await waitFor(() => expect(screen.getByRole('option', { name: /南京东路街道/ })).toBeInTheDocument());
    await user.keyboard('{ArrowDown}{Enter}');
    expect(useViewStore.getState().selection).toEqual({ kind: 'unit', id: '310101002' });
    expect(usePlannerSearch.getState().place?.bbox).toEqual([121.47, 31.22, 121.48, 31.23]);
    await user.clear(box);
    await user.type(box, '黄浦');
    await waitFor(() => expect(screen.getByRole('option', { name: /黄浦区/ })).toBeInTheDocument());
    await user.keyboard('{Escape}');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    await user.keyboard('{Escape}');
    expect(box).toHaveValue('');
    await user.type(box, 'huangpu');
    await waitFor(() => expect(screen.getByRole('option', { name: /黄浦区/ })).toBeInTheDocument());
    await user.keyboard('{ArrowDown}{Enter}');
    expect(useViewStore.getState().selection).toEqual({ kind: 'district', id: '310101' });
    expect(usePlannerSearch.getState().place?.bbox?.length).toBe(4);
  });

  it('a place outside every unit selects nothing and says so', async () => {
    useDataStore.setState({ facilities: [{ ...facility, id: 'f2', name: '远郊驿站', lng: 121.3, lat: 31.0 }] });
    const user = userEvent.setup();
    render(<PlannerSearch />);
    await user.type(screen.getByRole('combobox'), '远郊');
    await waitFor(() => expect(screen.getByRole('option', { name: /远郊驿站/ })).toBeInTheDocument());
    await user.keyboard('{Enter}');
    expect(useViewStore.getState().selection).toBeNull();
    expect(screen.getByTestId('planner-search-status')).toHaveTextContent('远郊驿站 不在任何规划单元内');
  });
});
