import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResidentPanel } from '../../src/ui/resident/ResidentPanel';
import { useResidentStore } from '../../src/state/residentStore';
import { useDataStore } from '../../src/state/dataStore';
import { useViewStore } from '../../src/state/viewStore';
import type { Category, DistrictCollection, Facility, FacilityStatus, FacilityType } from '../../src/domain/types';
import { resetStore } from '../resetStore';

const root = resolve(__dirname, '../..');
const categories = (JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')) as { categories: Category[] }).categories;

// a square "普陀区" around the test place and a square "静安区" next to it
const square = (x0: number, y0: number, x1: number, y1: number) => ({ type: 'Polygon' as const, coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
const props = (code: string, zh: string, en: string) => ({ code, name_zh: zh, name_en: en, population_2020: 1, share_age_0_14: 0, share_age_15_64: 1, share_age_65_plus: 0, land_area_km2: 1, official_area_km2: 1 });
const districts: DistrictCollection = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', geometry: square(121.35, 31.2, 121.43, 31.28), properties: props('310107', '普陀区', 'Putuo') },
    { type: 'Feature', geometry: square(121.43, 31.2, 121.48, 31.28), properties: props('310106', '静安区', "Jing'an") },
  ],
};

const AT = { lng: 121.4, lat: 31.24 };
function fac(id: string, name: string, dLat: number, cats: string[], status: FacilityStatus = 'open', type: FacilityType = 'embedded'): Facility {
  return { id, name, type, categories: cats, status, district: '310107', lng: AT.lng, lat: AT.lat + dLat, source: 'test', synthetic: true };
}
// 0.001° latitude ≈ 111 m. Adult: 75 m/min ÷ 1.3; elderly 53.3 m/min ÷ 1.3.
const facilities: Facility[] = [
  fac('hub', '曹杨新村人民坊', 0.0045, ['party', 'elderly', 'culture', 'health'], 'open', 'renminfang'), // ≈ 500 m: adult 8.7 min, elderly 12.2 min
  fac('lyt', '兰溪路六艺亭', -0.003, ['sports', 'children'], 'open', 'liuyiting'), // ≈ 334 m
  fac('meal', '社区食堂', 0.0065, ['meals'], 'open'), // ≈ 723 m: adult 12.5 min, elderly 17.6 min (drops out)
  fac('nursery', '规划托育点', 0.001, ['childcare'], 'planned'), // ≈ 111 m, planned
  fac('far', '远处就业站', 0.03, ['employment', 'household'], 'open'), // ≈ 3.3 km
];

beforeEach(() => {
  resetStore(useDataStore, { status: 'ready', categories, districts, facilities, unitsLabel: 'hex-3km2' });
  resetStore(useViewStore, { view: 'resident' });
  resetStore(useResidentStore);
});
afterEach(() => {
  Object.defineProperty(navigator, 'geolocation', { value: undefined, configurable: true });
});

const listIds = () => within(screen.getByTestId('resident-reach-list')).getAllByRole('listitem').map((li) => li.getAttribute('data-facility-id'));
const listMinutes = () => within(screen.getByTestId('resident-reach-list')).getAllByRole('listitem').map((li) => Number(li.getAttribute('data-minutes')));

describe('ResidentPanel', () => {
  it('shows only the pickers until a place is chosen', () => {
    render(<ResidentPanel />);
    expect(screen.getByRole('combobox', { name: '搜索地点' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '使用我的位置' })).toBeInTheDocument();
    expect(screen.queryByTestId('resident-reach-list')).toBeNull();
  });

  it('lists reachable facilities by walking time with type, status, categories and distance, and the completeness line', () => {
    act(() => useResidentStore.getState().setPlace(AT, 'map'));
    render(<ResidentPanel />);
    expect(listIds()).toEqual(['nursery', 'lyt', 'hub', 'meal']);
    const m = listMinutes();
    expect(m).toEqual([...m].sort((a, b) => a - b));
    // 500 m × 1.3 ÷ 75 m/min, computed here independently of the code
    const hubDistance = 0.0045 * (Math.PI / 180) * 6371008.8;
    expect(m[2]).toBeCloseTo((hubDistance * 1.3) / 75, 2);
    const hub = within(screen.getByTestId('resident-reach-list')).getAllByRole('listitem')[2];
    expect(hub).toHaveTextContent('曹杨新村人民坊');
    expect(hub).toHaveTextContent('人民坊');
    expect(hub).toHaveTextContent('已开放');
    expect(hub).toHaveTextContent('党群服务、养老服务、文化休闲、健康服务');
    expect(hub).toHaveTextContent('约 9 分钟');
    expect(hub).toHaveTextContent('直线 500 m');
    const nursery = within(screen.getByTestId('resident-reach-list')).getAllByRole('listitem')[0];
    expect(nursery).toHaveTextContent('规划中');
    // each category against its own target (categories.json): party 15 (hub 8.7 min ✓), elderly 5 (8.7 ✗),
    // childcare 5 (none open ✗), meals 10 (12.5 ✗), household 10 (3.3 km ✗), health 15 ✓, sports 10 (5.8 ✓),
    // culture 15 ✓, children 5 (5.8 ✗), employment 15 (✗); the six OSM-era categories of the file (schools,
    // market, bus, metro, park) have no facility in this fixture (✗) = 4 of 16
    expect(screen.getByTestId('resident-completeness')).toHaveTextContent('4/16 类服务在目标步行时间内，未达标：养老服务、托育服务、社区助餐、家政便民、儿童游憩、就业服务、小学、初中、菜市场/生鲜超市、公交站、轨道交通站、公园绿地');
    expect(screen.getByTestId('resident-rule')).toHaveTextContent('5 分钟：养老服务、托育服务、儿童游憩；10 分钟：社区助餐、家政便民、体育健身、小学、菜市场/生鲜超市、公交站、公园绿地；15 分钟：党群服务、健康服务、文化休闲、就业服务、初中、轨道交通站');
    expect(screen.getByText(/其中 托育服务 附近有在建或规划中的设施/)).toBeInTheDocument();
    expect(screen.getByTestId('resident-place')).toHaveTextContent('位于 普陀区');
  });

  it('shows the nearest facility of every category, even beyond 15 minutes, with its target', () => {
    act(() => useResidentStore.getState().setPlace(AT, 'map'));
    render(<ResidentPanel />);
    const rows = within(screen.getByTestId('resident-nearest-list')).getAllByRole('listitem');
    expect(rows).toHaveLength(categories.length); // one row per category of the file (16)
    expect(rows.find((r) => r.getAttribute('data-category') === 'metro')).toHaveTextContent('数据中没有此类已开放设施');
    const employment = rows.find((r) => r.getAttribute('data-category') === 'employment')!;
    expect(employment).toHaveTextContent('远处就业站');
    expect(employment).toHaveTextContent('3.3 km');
    expect(employment).toHaveTextContent('未达标');
    const childcare = rows.find((r) => r.getAttribute('data-category') === 'childcare')!;
    expect(childcare).toHaveTextContent('数据中没有此类已开放设施');
    expect(childcare).toHaveTextContent('更近的规划中设施：规划托育点');
    const sports = rows.find((r) => r.getAttribute('data-category') === 'sports')!;
    expect(sports).toHaveTextContent('目标 10 分钟');
    expect(sports).toHaveTextContent('✓ 达标');
  });

  it('the headline and the per-category list follow one rule: the headline\'s missing categories are exactly the list\'s "not met" rows', () => {
    for (const persona of ['adult', 'elderly', 'caregiver'] as const) {
      act(() => {
        useResidentStore.getState().setPersona(persona);
        useResidentStore.getState().setPlace(AT, 'map');
      });
      const { unmount } = render(<ResidentPanel />);
      const rows = within(screen.getByTestId('resident-nearest-list')).getAllByRole('listitem');
      const notMet = rows.filter((r) => r.textContent!.includes('未达标')).map((r) => categories.find((c) => c.id === r.getAttribute('data-category'))!.zh);
      const headline = screen.getByTestId('resident-completeness').textContent!;
      const listed = headline.split('未达标：')[1]?.split('、') ?? [];
      expect(listed.sort(), persona).toEqual(notMet.sort());
      expect(headline).toContain(`${rows.length - notMet.length}/${rows.length}`);
      unmount();
    }
  });

  it('switching to the elderly persona makes every walking time longer and drops the far meal point', async () => {
    act(() => useResidentStore.getState().setPlace(AT, 'map'));
    render(<ResidentPanel />);
    const adult = new Map(listIds().map((id, i) => [id, listMinutes()[i]]));
    await userEvent.click(screen.getByRole('radio', { name: /老年人/ }));
    expect(useResidentStore.getState().persona).toBe('elderly');
    expect(listIds()).toEqual(['nursery', 'lyt', 'hub']);
    listIds().forEach((id, i) => {
      expect(listMinutes()[i]).toBeCloseTo(adult.get(id)! * (4.5 / 3.2), 2);
    });
    expect(screen.getByTestId('resident-completeness')).toHaveTextContent('4/16');
    expect(screen.getByTestId('resident-completeness')).toHaveTextContent('社区助餐');
  });

  it('search: pinyin finds the district, the keyboard picks it; a district is an area, so the map frames it and the panel asks for a place', async () => {
    const user = userEvent.setup();
    render(<ResidentPanel />);
    const box = screen.getByRole('combobox', { name: '搜索地点' });
    expect(box).toHaveAttribute('aria-expanded', 'false');
    await user.type(box, 'jingan');
    await waitFor(() => expect(box).toHaveAttribute('aria-expanded', 'true'));
    const listbox = screen.getByRole('listbox');
    expect(box).toHaveAttribute('aria-controls', listbox.id);
    const options = within(listbox).getAllByRole('option');
    expect(options[0]).toHaveTextContent('静安区');
    await user.keyboard('{ArrowDown}');
    expect(box).toHaveAttribute('aria-activedescendant', options[0].id);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(box).toHaveValue('静安区');
    const s = useResidentStore.getState();
    // no fake place at the centroid, no reach computed for it
    expect(s.at).toBeNull();
    expect(s.area!.label).toBe('静安区');
    expect(s.area!.bbox).toEqual([121.43, 31.2, 121.48, 31.28]);
    expect(screen.queryByTestId('resident-place')).toBeNull();
    expect(screen.queryByTestId('resident-reach-list')).toBeNull();
    expect(screen.getByTestId('resident-area-ask')).toHaveTextContent('地图已显示静安区。请在地图上点一下你家的位置');
    // a tap in the area then sets the place
    act(() => useResidentStore.getState().setPlace({ lng: 121.45, lat: 31.24 }, 'map'));
    expect(screen.queryByTestId('resident-area-ask')).toBeNull();
    expect(screen.getByTestId('resident-place')).toHaveTextContent('位于 静安区');
  });


  it('search: facility names in Chinese and by initials; Escape closes then clears', async () => {
    const user = userEvent.setup();
    render(<ResidentPanel />);
    const box = screen.getByRole('combobox', { name: '搜索地点' });
    await user.type(box, 'lxl');
    await waitFor(() => expect(screen.getAllByRole('option')[0]).toHaveTextContent('兰溪路六艺亭'));
    await user.keyboard('{Escape}');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    await user.keyboard('{Escape}');
    expect(box).toHaveValue('');
    await user.type(box, '食堂');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    fireEvent.mouseDown(screen.getByRole('option'));
    expect(useResidentStore.getState().at!.lng).toBe(AT.lng);
    expect(useResidentStore.getState().at!.lat).toBeCloseTo(AT.lat + 0.0065, 9);
  });

  it('search finds 街镇 names by pinyin once street outlines are loaded', async () => {
    const street = { type: 'Feature' as const, geometry: square(121.39, 31.23, 121.42, 31.26), properties: { id: '310107005', name: '曹杨新村街道', district: '310107', area_km2: 2.1, pop_est: 1, pop_source: 'imported' } };
    useDataStore.setState({ units: { type: 'FeatureCollection', features: [street] }, unitsLabel: '街镇.geojson' });
    const user = userEvent.setup();
    render(<ResidentPanel />);
    expect(screen.queryByText('已加载街镇边界时，也可搜索街镇名称。')).toBeNull();
    await user.type(screen.getByRole('combobox', { name: '搜索地点' }), 'caoyang');
    await waitFor(() => expect(screen.getAllByRole('option')[0]).toHaveTextContent('曹杨新村街道'));
    expect(screen.getAllByRole('option')[0]).toHaveTextContent('街镇 · 普陀区');
    expect(screen.getAllByRole('option')[1]).toHaveTextContent('曹杨新村人民坊');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(useResidentStore.getState().at).toBeNull(); // an area, not a place: framed, and the panel asks for the place
    expect(useResidentStore.getState().area!.bbox).toEqual([121.39, 31.23, 121.42, 31.26]);
  });

  it('generated hexagon units are not offered as places', async () => {
    const hex = { type: 'Feature' as const, geometry: square(121.39, 31.23, 121.42, 31.26), properties: { id: 'h1', name: '普陀区 0_1', district: '310107', area_km2: 3, pop_est: 1, pop_source: 'census-2020-district-spread' } };
    useDataStore.setState({ units: { type: 'FeatureCollection', features: [hex] }, unitsLabel: 'hex-3km2' });
    const user = userEvent.setup();
    render(<ResidentPanel />);
    await user.type(screen.getByRole('combobox', { name: '搜索地点' }), '0_1');
    await waitFor(() => expect(screen.getByText('没有找到匹配的地点', { selector: 'p' })).toBeInTheDocument());
  });

  it('search says so when nothing matches', async () => {
    const user = userEvent.setup();
    render(<ResidentPanel />);
    await user.type(screen.getByRole('combobox', { name: '搜索地点' }), 'xyzzy');
    await waitFor(() => expect(screen.getByText('没有找到匹配的地点', { selector: 'p' })).toBeInTheDocument());
  });

  function fakeGeolocation(result: { coords: { longitude: number; latitude: number } } | { code: number }) {
    const geo = {
      getCurrentPosition: (ok: PositionCallback, fail: PositionErrorCallback) => {
        if ('code' in result) fail({ code: result.code, message: 'x', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 } as GeolocationPositionError);
        else ok({ coords: result.coords, timestamp: 0 } as GeolocationPosition);
      },
    };
    Object.defineProperty(navigator, 'geolocation', { value: geo, configurable: true });
  }

  it.each([
    [{ code: 1 }, '定位权限被拒绝'],
    [{ code: 2 }, '设备暂时无法定位'],
    [{ code: 3 }, '定位超时'],
    [{ coords: { longitude: 116.4, latitude: 39.9 } }, '不在上海市范围内'],
  ])('geolocation failure %j gives a clear message and no place', async (result, text) => {
    fakeGeolocation(result);
    render(<ResidentPanel />);
    await userEvent.click(screen.getByRole('button', { name: '使用我的位置' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent(text));
    expect(useResidentStore.getState().at).toBeNull();
  });

  it('geolocation unsupported', async () => {
    render(<ResidentPanel />);
    await userEvent.click(screen.getByRole('button', { name: '使用我的位置' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('此浏览器不支持定位'));
  });

  it('geolocation inside Shanghai sets the place', async () => {
    fakeGeolocation({ coords: { longitude: 121.4, latitude: 31.24 } });
    render(<ResidentPanel />);
    await userEvent.click(screen.getByRole('button', { name: '使用我的位置' }));
    await waitFor(() => expect(useResidentStore.getState().at).toEqual({ lng: 121.4, lat: 31.24 }));
    expect(useResidentStore.getState().source).toBe('geolocation');
    expect(screen.getByRole('alert')).toHaveTextContent('已使用你的位置');
    expect(screen.getByTestId('resident-reach-list')).toBeInTheDocument();
  });

  it('a map tap outside Shanghai shows a message', () => {
    render(<ResidentPanel />);
    act(() => useResidentStore.getState().setNotice('outside'));
    expect(screen.getByRole('alert')).toHaveTextContent('不在上海市陆域范围内');
  });

  it('renders in English with the same structure', () => {
    useViewStore.setState({ lang: 'en' });
    act(() => useResidentStore.getState().setPlace(AT, 'map'));
    render(<ResidentPanel />);
    expect(screen.getByTestId('resident-completeness')).toHaveTextContent("4/16 service categories within their target walking times; not met: Elderly care, Infant care, Community meals, Household & convenience, Children's play, Employment services, Primary school, Middle school, Fresh market / supermarket, Bus stop, Metro station, Parks");
    expect(screen.getByRole('combobox', { name: 'Search for a place' })).toBeInTheDocument();
  });

  it('the sheet toggle collapses to a one-line summary', async () => {
    act(() => useResidentStore.getState().setPlace(AT, 'map'));
    render(<ResidentPanel />);
    const toggle = screen.getByRole('button', { name: '收起结果' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(toggle);
    expect(screen.getByRole('button', { name: '展开结果' })).toHaveAttribute('aria-expanded', 'false');
    expect(screen.getByText(/4\/16 类服务在目标步行时间内/, { selector: '.resident-summary' })).toBeVisible();
    expect(screen.getByTestId('resident-completeness')).not.toBeVisible();
    expect(screen.queryByRole('combobox')).toBeNull(); // hidden body is out of the accessibility tree
  });
});
