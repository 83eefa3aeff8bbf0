import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { PlanView } from '../../src/ui/plan/PlanView';
import { parsePlanCsv } from '../../src/io/planCsv';
import { PLAN_RATE_CLASSES, PLAN_RATE_NONE_COLOR } from '../../src/domain/palette';
import { useDataStore } from '../../src/state/dataStore';
import { useViewStore } from '../../src/state/viewStore';
import { planViewBinding, usePlanViewStore } from '../../src/state/planViewStore';
import type { DistrictCollection, Facility, FacilityStatus, FacilityType } from '../../src/domain/types';
import { resetStore } from '../resetStore';

const root = resolve(__dirname, '../..');
const plan = parsePlanCsv(readFileSync(resolve(root, 'geodata/plan-2025-projects.csv'), 'utf8'));
const districts = JSON.parse(readFileSync(resolve(root, 'geodata/districts.geojson'), 'utf8')) as DistrictCollection;

function facility(id: string, type: FacilityType, district: string, status: FacilityStatus = 'open'): Facility {
  return { id, name: `设施${id}`, type, categories: ['party'], status, district, lng: 121.5, lat: 31.2, source: 'test', synthetic: false };
}

// 浦东: 3 人民坊 (plan 14) and 7 六艺亭 (plan 7); 黄浦: 1 and 1 (plan 1 and 1)
const facilities: Facility[] = [
  facility('r1', 'renminfang', '310115', 'open'),
  facility('r2', 'renminfang', '310115', 'building'),
  facility('r3', 'renminfang', '310115', 'planned'),
  ...Array.from({ length: 7 }, (_, i) => facility(`l${i}`, 'liuyiting', '310115')),
  facility('e1', 'embedded', '310115'),
  facility('h1', 'renminfang', '310101'),
  facility('h2', 'liuyiting', '310101'),
];

function bodyNames(): string[] {
  const table = screen.getByTestId('plan-table');
  return within(table.querySelector('tbody')!).getAllByRole('rowheader').map((th) => th.textContent ?? '');
}

beforeEach(() => {
  resetStore(useDataStore, { status: 'ready', plan, districts, facilities });
  resetStore(useViewStore, { view: 'plan' });
  resetStore(usePlanViewStore);
});
afterEach(() => vi.restoreAllMocks());

describe('PlanView', () => {
  it('shows 16 districts and a totals row equal to the annex', () => {
    render(<PlanView />);
    expect(bodyNames()).toHaveLength(16);
    expect(bodyNames()[0]).toBe('浦东新区'); // annex order until sorted
    const foot = screen.getByTestId('plan-table').querySelector('tfoot tr')!;
    const cells = [...foot.querySelectorAll('th,td')].map((c) => c.textContent);
    // 合计 | projects 2454 2097 85.5% | 人民坊 71 50 70.4% data(1+3=4) | 六艺亭 38 32 84.2% data 8 (residents per hub: own table)
    expect(cells.slice(0, 8)).toEqual(['合计', '2,454', '2,097', '85.5%', '71', '50', '70.4%', expect.stringContaining('4')]);
    expect(cells[8]).toBe('38');
    expect(cells[9]).toBe('32');
    expect(cells[10]).toBe('84.2%');
    expect(cells).toHaveLength(12);
  });

  it('sorts by a column on click, ascending then descending, with aria-sort', () => {
    render(<PlanView />);
    const button = screen.getByRole('button', { name: '按“项目完成率”排序' });
    fireEvent.click(button);
    expect(button.closest('th')).toHaveAttribute('aria-sort', 'ascending');
    expect(bodyNames().slice(0, 3)).toEqual(['黄浦区', '奉贤区', '闵行区']); // 52.9 %, 68.0 %, 76.1 %
    fireEvent.click(button);
    expect(button.closest('th')).toHaveAttribute('aria-sort', 'descending');
    expect(bodyNames().slice(0, 4)).toEqual(['长宁区', '普陀区', '虹口区', '徐汇区']); // 100 % ×3 in code order, 98.5 %
    // the totals row stays last, outside the sorted body
    expect(screen.getByTestId('plan-table').querySelector('tfoot th')!.textContent).toBe('合计');
  }, 20_000); // three renders of the whole view: slow on a loaded 2-core machine

  it('clicking a district selects it and shows plan against data, people per facility and its facilities', () => {
    render(<PlanView />);
    fireEvent.click(screen.getByRole('button', { name: '浦东新区' }));
    expect(useViewStore.getState().selection).toEqual({ kind: 'district', id: '310115' });
    const detail = screen.getByTestId('plan-detail');
    const vs = within(detail).getByTestId('plan-vs-data').querySelectorAll('li');
    expect(vs[0].textContent).toContain('计划 14 个人民坊，数据 3 个');
    expect(vs[0]).toHaveAttribute('data-differs', 'true');
    expect(vs[0].textContent).toContain('其中已开放 1、在建 1、规划中 1');
    expect(vs[1].textContent).toContain('计划 7 个六艺亭，数据 7 个');
    expect(vs[1]).toHaveAttribute('data-differs', 'false');
    expect(detail.textContent).toContain('5,681,512'); // 2020 census
    expect(detail.textContent).toContain('405,822'); // 5,681,512 / 14
    expect(detail.textContent).toContain('811,645'); // 5,681,512 / 7 = 811,644.6
    expect(detail.textContent).toContain('1,893,837'); // ÷ the 3 人民坊 in the data
    expect(detail.textContent).toContain('按数据中个数');
    // residents per hub, both denominators side by side, each cell saying what it divides by
    const per = screen.getByTestId('plan-per').querySelector('tr[data-code="310115"]')!;
    const perCells = [...per.querySelectorAll('td')];
    expect(perCells.map((c) => c.textContent)).toEqual(['5,681,512', '405,822', '1,893,837', '811,645', '811,645']);
    expect(perCells[1].getAttribute('title')).toContain('2025 计划数 14');
    expect(perCells[2].getAttribute('title')).toContain('数据中 3 个');
    expect(screen.getByTestId('plan-per-note').textContent).toContain('分母');
    expect(within(detail).getByTestId('plan-facilities').querySelectorAll('li')).toHaveLength(10); // embedded excluded
    // the table flags the same difference
    const row = screen.getByTestId('plan-table').querySelector('tr[data-code="310115"]')!;
    expect(row.querySelectorAll('td[data-differs="true"]')).toHaveLength(1);
    expect(row).toHaveClass('plan-selected');
  });

  it('follows the language switch', () => {
    render(<PlanView />);
    act(() => useViewStore.setState({ lang: 'en', selection: { kind: 'district', id: '310101' } }));
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('2025 project plan by district');
    expect(bodyNames()[0]).toBe('Pudong');
    expect(screen.getByRole('button', { name: 'Sort by "Project completion"' })).toBeInTheDocument();
    expect(screen.getByTestId('plan-detail').textContent).toContain('plan 1 Renminfang hubs, data 1');
    expect(screen.getByTestId('plan-table').querySelector('tfoot th')!.textContent).toBe('Total');
  });

  it('exports the table in the shown order as CSV with BOM and the totals', async () => {
    let blob: Blob | null = null;
    URL.createObjectURL = vi.fn((b: Blob) => {
      blob = b;
      return 'blob:test';
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<PlanView />);
    fireEvent.click(screen.getByRole('button', { name: '按“项目计划数”排序' })); // ascending: 虹口 67 first
    fireEvent.click(screen.getByTestId('plan-export'));
    expect(click).toHaveBeenCalledTimes(1);
    const buffer = await new Promise<ArrayBuffer>((ok, fail) => {
      const reader = new FileReader();
      reader.onload = () => ok(reader.result as ArrayBuffer);
      reader.onerror = () => fail(reader.error);
      reader.readAsArrayBuffer(blob!);
    });
    const bytes = new Uint8Array(buffer);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines).toHaveLength(18);
    expect(lines[1].startsWith('310109,虹口区,67,67,100,')).toBe(true);
    expect(lines[17].startsWith(',合计,2454,2097,85.5,71,50,70.4,38,32,84.2,4,8,24870895,350294,654497')).toBe(true);
  });

  it('draws three bar charts whose bars are proportional to the counts', () => {
    render(<PlanView />);
    const chart = screen.getByTestId('plan-chart-projects');
    const g = chart.querySelector('g[data-code="310101"]')!; // 黄浦 206 planned, 109 done
    const planned = Number(g.querySelector('rect[data-kind="planned"]')!.getAttribute('width'));
    const done = Number(g.querySelector('rect[data-kind="done"]')!.getAttribute('width'));
    expect(done / planned).toBeCloseTo(109 / 206, 9);
    const pudong = Number(chart.querySelector('g[data-code="310115"] rect[data-kind="planned"]')!.getAttribute('width'));
    expect(planned / pudong).toBeCloseTo(206 / 416, 9); // scale: the largest planned count
    expect(screen.getAllByRole('img')).toHaveLength(3);
    expect(g.querySelector('title')!.textContent).toBe('黄浦区：计划 206，年内完成 109');
  });

  it('legend swatches use the map layer colours', () => {
    render(<PlanView />);
    const colors = [...screen.getByTestId('plan-legend').querySelectorAll('[data-color]')].map((e) => e.getAttribute('data-color'));
    expect(colors).toEqual([...PLAN_RATE_CLASSES.map((c) => c.color), PLAN_RATE_NONE_COLOR]);
  });

  it('lets the map show the 人民坊 or 六艺亭 rate instead of projects, kept in the URL', () => {
    render(<PlanView />);
    expect(screen.getByRole('heading', { name: '项目完成率（2025 年内）' })).toBeInTheDocument();
    fireEvent.change(screen.getByTestId('plan-measure'), { target: { value: 'renminfang' } });
    expect(usePlanViewStore.getState().measure).toBe('renminfang');
    expect(screen.getByRole('heading', { name: '人民坊完成率' })).toBeInTheDocument();
    const params = new URLSearchParams();
    planViewBinding.write(params);
    expect(params.get('pm')).toBe('renminfang');
    usePlanViewStore.setState({ measure: 'projects' });
    planViewBinding.read(new URLSearchParams('pm=liuyiting&psort=bogus:up'));
    expect(usePlanViewStore.getState()).toMatchObject({ measure: 'liuyiting', sort: null });
  });

  it('reports facilities without a district', () => {
    useDataStore.setState({ facilities: [...facilities, facility('x', 'liuyiting', '')] });
    render(<PlanView />);
    expect(screen.getByTestId('plan-unassigned').textContent).toContain('另有 0 个人民坊、1 个六艺亭未标明所在区');
  });

  it('renders imported names as text', () => {
    useDataStore.setState({ facilities: [{ ...facility('evil', 'renminfang', '310101'), name: '<img src=x onerror=alert(1)>' }] });
    useViewStore.setState({ selection: { kind: 'district', id: '310101' } });
    render(<PlanView />);
    const list = screen.getByTestId('plan-facilities');
    expect(list.querySelector('img')).toBeNull();
    expect(list.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
