import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Category, Facility, UnitCollection } from '../../src/domain/types';
import { fromWgs84 } from '../../src/io/crs';
import { loadWorkspaceLocally } from '../../src/io/persistence';
import { registerShipped } from '../../src/state/facilitySources';
import { selectShowsSynthetic, useDataStore } from '../../src/state/dataStore';
import { useDemandStore } from '../../src/state/demandStore';
import { useViewStore } from '../../src/state/viewStore';
import { ImportDialog } from '../../src/ui/import/ImportDialog';
import { ImportPanel } from '../../src/ui/import/ImportPanel';
import { resetToDemo, useImportedUnits } from '../../src/state/importActions';
import { useImportMessage } from '../../src/ui/import/importMessage';
import { resetStore } from '../resetStore';

const root = resolve(__dirname, '../..');
const categories: Category[] = JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')).categories;
const fixture = (name: string) => readFileSync(resolve(root, 'tests/fixtures', name));
const demo: Facility[] = [
  { id: 'd1', name: '示例设施', type: 'liuyiting', categories: ['sports'], status: 'open', district: '310107', lng: 121.4, lat: 31.2, source: 'demo', synthetic: true },
];
const units: UnitCollection = { type: 'FeatureCollection', features: [] };
const XSS = '<img src=x onerror=alert(1)>';

function csvFile(text: string, name = 'list.csv', encoding = 'utf8') {
  return new File([new Uint8Array(iconv.encode(text, encoding))], name, { type: 'text/csv' });
}

beforeEach(async () => {
  // as the app does at load: the shipped sets are registered (here: no OSM, one synthetic 六艺亭)
  registerShipped([], demo, 'OpenStreetMap test');
  // the shipped data, loaded as the app loads it (captured once by setLoaded)
  resetStore(useDataStore);
  useDataStore.getState().setLoaded({
    categories, districts: null, units, unitsLabel: 'hex-3km2', facilities: demo,
    datasets: [{ id: 'demo-hubs', label: 'demo (synthetic)', synthetic: true, count: 1 }], plan: [],
  });
  resetStore(useImportedUnits);
  resetStore(useDemandStore);
  resetStore(useViewStore);
  resetStore(useImportMessage);
  localStorage.clear();
  await resetToDemo();
});
afterEach(() => vi.restoreAllMocks());

/** The file's coordinate system cannot be detected here (no references, no districts): say WGS84 before loading. */
async function confirmWgs84() {
  const choice = await screen.findByTestId('import-crs-choice');
  await userEvent.click(within(choice).getByLabelText(/WGS84/));
  await waitFor(() => expect(screen.queryByTestId('import-crs-choice')).toBeNull());
}

async function upload(file: File) {
  await userEvent.upload(screen.getByLabelText('文件'), file);
  return screen.findByTestId('import-report', {}, { timeout: 5000 });
}

describe('facility import dialog', () => {
  it('imports the GBK Excel file, shows the report, and replaces the demo data (banner goes away)', async () => {
    const onClose = vi.fn();
    render(<ImportDialog kind="facilities" onClose={onClose} />);
    await upload(new File([fixture('facilities-gbk.csv')], '设施清单.csv'));
    expect(screen.getByTestId('import-summary')).toHaveTextContent('共 13 行：载入 7，拒绝 6，有警告 1');
    expect(screen.getByTestId('import-detected')).toHaveTextContent('GB18030');
    const rejected = screen.getByTestId('import-rejected');
    expect(within(rejected).getByText('只有地址、没有坐标：离线版没有地理编码服务，请补充经度/纬度（并注明坐标系）')).toBeInTheDocument();
    expect(within(rejected).getByText('与第 6 行重复（同名，相距 18 米）')).toBeInTheDocument();
    expect(screen.getByText(/无法自动判断坐标系/)).toBeInTheDocument();
    expect(selectShowsSynthetic(useDataStore.getState())).toBe(true);
    await confirmWgs84();
    await userEvent.click(screen.getByRole('button', { name: '载入 7 个设施到地图' }));
    const s = useDataStore.getState();
    expect(s.facilities).toHaveLength(7);
    expect(s.datasets).toHaveLength(1);
    expect(s.datasets[0].label).toMatch(/^设施清单\.csv \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(s.facilities.every((f) => f.source === s.datasets[0].label && !f.synthetic)).toBe(true);
    expect(selectShowsSynthetic(s)).toBe(false);
    expect(onClose).toHaveBeenCalled();
    await waitFor(async () => expect((await loadWorkspaceLocally()).status).toBe('ok'));
  });

  it('merges with the loaded data when asked, keeping the demo set', async () => {
    render(<ImportDialog kind="facilities" onClose={() => {}} />);
    await upload(new File([fixture('facilities-utf8-bom.csv')], 'en.csv'));
    await confirmWgs84();
    await userEvent.click(screen.getByLabelText(/合并到当前设施/));
    await userEvent.click(screen.getByRole('button', { name: '载入 3 个设施到地图' }));
    const s = useDataStore.getState();
    expect(s.facilities).toHaveLength(4);
    expect(s.datasets.map((d) => d.synthetic)).toEqual([true, false]);
  });

  it('accepts a dropped file', async () => {
    render(<ImportDialog kind="facilities" onClose={() => {}} />);
    const file = new File([fixture('facilities-utf8-bom.csv')], 'dropped.csv');
    fireEvent.drop(screen.getByTestId('import-drop'), { dataTransfer: { files: [file] } });
    expect(await screen.findByTestId('import-summary', {}, { timeout: 5000 })).toHaveTextContent('载入 3');
  });

  it('shows markup in names as text, never as elements', async () => {
    const { container } = render(<ImportDialog kind="facilities" onClose={() => {}} />);
    await upload(csvFile(`名称,服务类别,经度,纬度\n"${XSS}",体育健身,,\n`));
    expect(within(screen.getByTestId('import-rejected')).getByText(XSS)).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });

  it('asks for the column mapping when unsure and reads again with it', async () => {
    render(<ImportDialog kind="facilities" onClose={() => {}} />);
    await upload(csvFile('点位,东西,南北,用途\n甲,121.47,31.23,健康服务\n'));
    expect(screen.getByTestId('import-summary')).toHaveTextContent('载入 0');
    const form = screen.getByTestId('import-mapping');
    await userEvent.selectOptions(within(form).getByLabelText('名称'), '点位');
    await userEvent.selectOptions(within(form).getByLabelText('经度'), '东西');
    await userEvent.selectOptions(within(form).getByLabelText('纬度'), '南北');
    await userEvent.selectOptions(within(form).getByLabelText('服务类别'), '用途');
    await userEvent.click(within(form).getByRole('button', { name: '按此对应重新读取' }));
    await waitFor(() => expect(screen.getByTestId('import-summary')).toHaveTextContent('载入 1'));
  });

  it('offers the nearest category for unknown ones and reads again with the choice', async () => {
    render(<ImportDialog kind="facilities" onClose={() => {}} />);
    await upload(csvFile('名称,服务类别,经度,纬度\n甲,文体活动,121.47,31.23\n'));
    expect(screen.getByTestId('import-summary')).toHaveTextContent('载入 0');
    const form = screen.getByTestId('import-categories');
    expect(within(form).getByLabelText('文体活动 → 文化休闲')).toBeChecked();
    await userEvent.click(within(form).getByRole('button', { name: '采用所选并重新读取' }));
    await waitFor(() => expect(screen.getByTestId('import-summary')).toHaveTextContent('载入 1'));
  });

  it('养老托育 counts as 养老服务 and 托育服务, automatically and in the mapping step (issue 13 item 15)', async () => {
    render(<ImportDialog kind="facilities" onClose={() => {}} />);
    await upload(csvFile('名称,服务类别,经度,纬度\n甲,养老托育、健康服务,121.47,31.23\n乙,社区养老托育点,121.48,31.23\n'));
    // 甲 loads with all three; 乙's unknown name is suggested as both
    expect(screen.getByTestId('import-summary')).toHaveTextContent('载入 1');
    const form = screen.getByTestId('import-categories');
    expect(within(form).getByLabelText('社区养老托育点 → 养老服务')).toBeChecked();
    expect(within(form).getByLabelText('社区养老托育点 → 托育服务')).toBeChecked();
    expect(within(form).getByLabelText('社区养老托育点 → 健康服务')).not.toBeChecked();
    await userEvent.click(within(form).getByLabelText('社区养老托育点 → 健康服务'));
    await userEvent.click(within(form).getByRole('button', { name: '采用所选并重新读取' }));
    await waitFor(() => expect(screen.getByTestId('import-summary')).toHaveTextContent('载入 2'));
  });

  it('when nothing can tell the coordinate system, the user chooses before loading, and the choice is remembered for the file (issue 13 item 16)', async () => {
    const f = csvFile('名称,服务类别,经度,纬度\n甲,健康服务,121.47,31.23\n');
    const first = render(<ImportDialog kind="facilities" onClose={() => {}} />);
    await upload(f);
    const choice = screen.getByTestId('import-crs-choice');
    expect(choice).toHaveTextContent('高德地图、腾讯地图');
    expect(choice).toHaveTextContent('百度地图');
    expect(choice).toHaveTextContent('GPS');
    expect(screen.queryByRole('button', { name: /载入 1 个设施/ })).toBeNull();
    await userEvent.click(within(choice).getByLabelText(/GCJ-02/));
    await waitFor(() => expect(screen.getByText(/坐标按 GCJ-02（高德\/腾讯） 读取/)).toBeInTheDocument());
    expect(screen.getByText(/用户选择/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '载入 1 个设施到地图' })).toBeInTheDocument();
    first.unmount();
    // the same file again: read with the remembered choice, nothing asked
    render(<ImportDialog kind="facilities" onClose={() => {}} />);
    await upload(f);
    expect(screen.queryByTestId('import-crs-choice')).toBeNull();
    expect(screen.getByTestId('import-crs-remembered')).toHaveTextContent('GCJ-02');
    expect(screen.getByText(/坐标按 GCJ-02（高德\/腾讯） 读取/)).toBeInTheDocument();
  });

  it('warns about GCJ-02 offsets against loaded facilities and converts only when asked', async () => {
    const real: Facility[] = Array.from({ length: 5 }, (_, i) => ({ ...demo[0], id: `r${i}`, name: `真实点${i}`, synthetic: false, lng: 121.4 + i * 0.01, lat: 31.2 }));
    useDataStore.setState({ facilities: real });
    const rows = real.map((f) => {
      const [lng, lat] = fromWgs84(f.lng, f.lat, 'gcj02');
      return `${f.name},体育健身,${lng.toFixed(6)},${lat.toFixed(6)}`;
    });
    render(<ImportDialog kind="facilities" onClose={() => {}} />);
    await upload(csvFile(['名称,服务类别,经度,纬度', ...rows].join('\n')));
    expect(screen.getByText(/坐标看起来有偏移/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /按 GCJ-02（高德\/腾讯） 重新读取/ }));
    await waitFor(() => expect(screen.getByText(/用户选择/)).toBeInTheDocument());
    expect(screen.queryByText(/坐标看起来有偏移/)).toBeNull();
  });

  it('downloads the rejected rows as UTF-8 CSV with BOM and neutralised formulas', async () => {
    let blob: Blob | null = null;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<ImportDialog kind="facilities" onClose={() => {}} />);
    await upload(new File([fixture('facilities-gbk.csv')], '设施清单.csv'));
    await userEvent.click(screen.getByRole('button', { name: '下载被拒绝的行（CSV，含原因）' }));
    expect(blob).not.toBeNull();
    const bytes = new Uint8Array(await (blob as unknown as Blob).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain(`"'=HYPERLINK(""http://example.invalid"",""点我"")"`);
    expect(text).toContain('行号,列,原因');
  });

  it('a file that cannot be read leaves the loaded data untouched', async () => {
    render(<ImportDialog kind="boundary" onClose={() => {}} />);
    await userEvent.upload(screen.getByLabelText('文件'), new File(['not json at all'], 'x.geojson'));
    expect(await screen.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent('已加载的数据未改动');
    expect(useDataStore.getState().facilities).toBe(demo);
  });
});

describe('boundary and population dialogs', () => {
  it('imports 街镇 outlines, reports repairs and unmatched names, and sets the unit layer', async () => {
    render(<ImportDialog kind="boundary" onClose={() => {}} />);
    await upload(new File([fixture('streets-boundary.geojson')], 'streets.geojson'));
    expect(screen.getByTestId('import-summary')).toHaveTextContent('4 个单元；与 215 个街镇名录匹配 3 个，未匹配 1 个；拒绝 1 个要素');
    expect(within(screen.getByTestId('import-repaired')).getByText(/调整环方向 1 个/)).toBeInTheDocument();
    expect(within(screen.getByTestId('import-unmatched')).getByText(/不存在街道/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '用作规划单元图层（4 个单元）' }));
    const s = useDataStore.getState();
    expect(s.units?.features.map((f) => f.properties.id)).toEqual(['310107005', '310107014', '310101013', 'unit-4']);
    expect(s.unitsLabel).toMatch(/^streets\.geojson /);
  });

  it('imports residential population as demand points', async () => {
    render(<ImportDialog kind="population" onClose={() => {}} />);
    await upload(new File([fixture('residential-gbk.csv')], '小区.csv'));
    expect(screen.getByTestId('import-summary')).toHaveTextContent('共 5 行：载入 3，拒绝 2');
    await confirmWgs84();
    await userEvent.click(screen.getByRole('button', { name: /用这 3 个小区/ }));
    expect(useDemandStore.getState().demand?.points).toHaveLength(3);
  });
});

describe('居委 population and 居委 columns', () => {
  const captureDownload = () => {
    const blobs: Blob[] = [];
    const names: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blobs.push(b as Blob);
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    return { blobs, names };
  };

  it('reports the join of a GBK 居委 table: sums by district, unmatched names with reasons, downloads, and why hexagons cannot take it', async () => {
    const dl = captureDownload();
    render(<ImportDialog kind="villagePopulation" onClose={() => {}} />);
    await upload(new File([fixture('villages-population-gbk.csv')], '居委人口.csv'));
    expect(screen.getByTestId('import-detected')).toHaveTextContent('GB18030');
    expect(screen.getByTestId('import-summary')).toHaveTextContent('共 15 行：匹配 10 个居委/村，合计 27,725 人；未用 5 行');
    const districts = screen.getByTestId('import-village-districts');
    expect(within(districts).getByText('黄浦区').closest('tr')).toHaveTextContent(`黄浦区4 / 1706,995`);
    expect(screen.getByTestId('import-village-summary')).toHaveTextContent('14 行写了居委/村：匹配 10（按代码 2，按名称 8），未匹配 4');
    const unmatched = screen.getByTestId('import-village-unmatched');
    const row5 = within(unmatched).getByText(/在名录中有 5 处同名/).closest('tr');
    expect(row5).toHaveTextContent(/^5居委会名称新桥居委会/);
    expect(within(unmatched).getByText(/名录中没有“火星基地居委会”/).closest('tr')).toHaveTextContent(/^10/);
    expect(within(unmatched).getByText(/不在徐汇区/)).toBeInTheDocument();
    expect(within(unmatched).getByText(/与第 7 行是同一个居委/)).toBeInTheDocument();
    expect(within(screen.getByTestId('import-rejected')).getByText(/约三千/)).toBeInTheDocument();
    expect(within(screen.getByTestId('import-village-notes')).getByText(/代码“310199999999”不在名录中，已按名称匹配到 康平居委会（徐汇区/)).toBeInTheDocument();
    // the shipped units are hexagons: nothing to load, and the dialog says why
    expect(screen.getByTestId('import-village-no-streets')).toHaveTextContent('居委没有边界');
    expect(screen.queryByRole('button', { name: /更新 .* 个街镇单元/ })).toBeNull();
    await userEvent.click(screen.getByTestId('import-village-download'));
    expect(dl.names.at(-1)).toBe('居委人口.villages-unmatched.csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await dl.blobs.at(-1)!.arrayBuffer()));
    expect(text.startsWith('\uFEFF行号,列,原因,区,街镇,居委会名称,居委代码,常住人口\r\n')).toBe(true);
    expect(text).toContain('10,居委会名称,名录中没有“火星基地居委会”');
    await userEvent.click(screen.getByTestId('import-village-sums'));
    expect(dl.names.at(-1)).toBe('居委人口.sums.csv');
  });

  it('with a 街镇 layer in use, the sums become the 街镇 units\' population', async () => {
    render(<ImportPanel />);
    await userEvent.click(screen.getByRole('button', { name: '导入边界（GeoJSON / Shapefile 压缩包）' }));
    await upload(new File([fixture('streets-boundary.geojson')], 'streets.geojson'));
    await userEvent.click(screen.getByRole('button', { name: '用作规划单元图层（4 个单元）' }));
    await userEvent.click(screen.getByRole('button', { name: '导入居委人口（CSV）' }));
    await upload(new File([fixture('villages-population-gbk.csv')], '居委人口.csv'));
    expect(screen.queryByTestId('import-village-no-streets')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: '用居委合计更新 3 个街镇单元的人口' }));
    const byId = Object.fromEntries((useDataStore.getState().units?.features ?? []).map((f) => [f.properties.id, f.properties]));
    // only 外滩街道 has committees in the file (汉口路居委会, 1,650); 17 are listed, so the sum is partial
    expect(byId['310101013']).toMatchObject({ pop_est: 1650, pop_source: expect.stringMatching(/^居委人口 居委人口\.csv /) });
    expect(byId['310107005'].pop_source).not.toMatch(/^居委人口/);
    expect(screen.getByTestId('import-message')).toHaveTextContent('1 个街镇单元的人口改为居委合计（其中 1 个街镇的居委不全');
  });

  it('a facility file with a 居委 column shows the join in its report, in English too', async () => {
    useViewStore.setState({ lang: 'en' });
    render(<ImportDialog kind="facilities" onClose={() => {}} />);
    await userEvent.upload(screen.getByLabelText('File'), new File([fixture('facilities-villages-gbk.csv')], 'f.csv'));
    await screen.findByTestId('import-report', {}, { timeout: 5000 });
    expect(screen.getByTestId('import-village-summary')).toHaveTextContent('4 rows name a committee: 2 matched (1 by code, 1 by name), 2 not matched');
    const unmatched = screen.getByTestId('import-village-unmatched');
    expect(within(unmatched).getByText(/names 5 committees in the list and the row cannot tell which/).closest('tr')).toHaveTextContent(/^4所属居委新桥活动室/);
    expect(within(unmatched).getByText(/"火星基地居委会" is not in the 2023 list/)).toBeInTheDocument();
  });
});

describe('import panel', () => {
  it('lists imported datasets as text, removes them, and resets to demo', async () => {
    render(<ImportPanel />);
    await userEvent.click(screen.getByRole('button', { name: '导入设施清单（CSV）' }));
    await upload(csvFile(`名称,服务类别,经度,纬度\n"${XSS}",体育健身,121.47,31.23\n`, `${XSS}.csv`));
    await confirmWgs84();
    await userEvent.click(screen.getByRole('button', { name: '载入 1 个设施到地图' }));
    const list = screen.getByTestId('import-datasets');
    expect(within(list).getByText(new RegExp(`^${XSS.replace(/[()]/g, '\\$&')}\\.csv`))).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByTestId('import-message')).toHaveTextContent('已载入 1 个设施');
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    await userEvent.click(screen.getByRole('button', { name: '恢复示例数据' }));
    await waitFor(() => expect(useDataStore.getState().facilities).toBe(demo));
    expect(selectShowsSynthetic(useDataStore.getState())).toBe(true);
    expect((await loadWorkspaceLocally()).status).toBe('none');
  });

  it('loads a workspace file and refuses an invalid one', async () => {
    render(<ImportPanel />);
    const input = screen.getByLabelText('载入工作区文件', { selector: 'input' });
    await userEvent.upload(input, new File(['{"format":"other"}'], 'bad.json'));
    expect(await screen.findByRole('alert')).toHaveTextContent('工作区文件无效');
    const ws = {
      format: 'shenghuoquan-workspace', version: 1, savedAt: '2026-11-28T10:00:00Z', demoIncluded: true,
      facilities: [{ ...demo[0], id: 'w1', name: '工作区设施', synthetic: false, source: 'ws.csv' }],
      datasets: [{ label: 'ws.csv', count: 1 }], units: null, demand: null,
    };
    await userEvent.upload(input, new File([JSON.stringify(ws)], 'ws.json'));
    await waitFor(() => expect(screen.getByTestId('import-message')).toHaveTextContent('已载入工作区文件（1 个设施）'));
    expect(useDataStore.getState().facilities.map((f) => f.id)).toEqual(['d1', 'w1']);
  });
});

describe('planning-unit layer choice', () => {
  it('after a boundary import the user can switch between the shipped and the imported layer', async () => {
    render(<ImportPanel />);
    await userEvent.click(screen.getByRole('button', { name: '导入边界（GeoJSON / Shapefile 压缩包）' }));
    await upload(new File([fixture('streets-boundary.geojson')], 'streets.geojson'));
    await userEvent.click(screen.getByRole('button', { name: '用作规划单元图层（4 个单元）' }));
    const select = screen.getByLabelText('规划单元图层');
    expect(select).toHaveValue('imported');
    expect(useDataStore.getState().units?.features).toHaveLength(4);
    await userEvent.selectOptions(select, 'shipped');
    expect(useDataStore.getState().units).toBe(units);
    expect(useDataStore.getState().unitsLabel).toBe('hex-3km2');
    await userEvent.selectOptions(select, 'imported');
    expect(useDataStore.getState().units?.features).toHaveLength(4);
    await waitFor(async () => {
      const saved = await loadWorkspaceLocally();
      expect(saved.status === 'ok' && saved.workspace.unitsActive).toBe(true);
    });
  });
});
