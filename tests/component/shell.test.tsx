import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Category, Facility } from '../../src/domain/types';
import { useDataStore } from '../../src/state/dataStore';
import { useViewStore } from '../../src/state/viewStore';
import { LayerPanel } from '../../src/ui/LayerPanel';
import { Header } from '../../src/ui/Header';
import { SyntheticBanner } from '../../src/ui/SyntheticBanner';
import { DetailsPanel } from '../../src/ui/DetailsPanel';
import { resetStore } from '../resetStore';

const categories = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../geodata/categories.json'), 'utf8')) as { categories: Category[] }).categories;
const facility = (over: Partial<Facility>): Facility => ({
  id: 'f1', name: '测试设施', type: 'embedded', categories: ['meals'], status: 'open', district: '310107', lng: 121.4, lat: 31.25, source: 'test.csv', synthetic: false, ...over,
});

beforeEach(() => {
  resetStore(useViewStore);
  resetStore(useDataStore, { status: 'ready', categories });
});

describe('legend and layer toggles', () => {
  it('draws one swatch per category in the category file’s colour', () => {
    render(<LayerPanel />);
    // role queries over 16 categories take seconds in jsdom: the checkbox is found through its label instead
    for (const c of categories) {
      expect(screen.getByTestId(`swatch-${c.id}`)).toHaveStyle({ background: c.color });
      const box = screen.getByLabelText(c.zh);
      expect(box).toHaveAttribute('type', 'checkbox');
      expect(box).toBeChecked();
    }
  });

  it('toggles layers and categories in the store', async () => {
    const user = userEvent.setup();
    render(<LayerPanel />);
    await user.click(screen.getByRole('checkbox', { name: '规划单元' }));
    expect(useViewStore.getState().layers.units).toBe(false);
    await user.click(screen.getByRole('checkbox', { name: '社区助餐' }));
    expect(useViewStore.getState().hiddenCategories).toEqual(['meals']);
    await user.click(screen.getByRole('button', { name: '全不选' }));
    expect(useViewStore.getState().hiddenCategories).toHaveLength(categories.length);
    await user.click(screen.getByRole('button', { name: '全部' }));
    expect(useViewStore.getState().hiddenCategories).toEqual([]);
  });
});

describe('language', () => {
  it('switches the whole UI between Chinese and English', async () => {
    const user = userEvent.setup();
    render(
      <>
        <Header />
        <LayerPanel />
      </>,
    );
    expect(screen.getByRole('heading', { name: '图层' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '规划' })).toHaveAttribute('aria-selected', 'true');
    await user.click(screen.getByRole('button', { name: '切换到英文' }));
    expect(useViewStore.getState().lang).toBe('en');
    expect(screen.getByRole('heading', { name: 'Layers' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Community meals' })).toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Resident' }));
    expect(useViewStore.getState().view).toBe('resident');
  });
});

describe('synthetic banner and details', () => {
  it('shows the banner only while synthetic facilities are loaded', () => {
    // the default view: real OpenStreetMap services + the synthetic 人民坊/六艺亭; the banner names exactly the simulated layer
    useDataStore.setState({
      facilities: [facility({ synthetic: true, type: 'renminfang' }), facility({ id: 'f2' })],
      datasets: [{ id: 'osm', label: 'OpenStreetMap 2026-05-19 (ODbL)', synthetic: false, count: 1 }, { id: 'demo-hubs', label: 'demo hubs', synthetic: true, count: 1 }],
    });
    const { rerender } = render(<SyntheticBanner />);
    expect(screen.getByRole('status')).toHaveTextContent('模拟数据：人民坊和六艺亭的位置为合成示例，不代表真实位置。');
    expect(screen.getByRole('status')).toHaveTextContent('其他设施来自 OpenStreetMap：真实但不完整，数量为下限。');
    useDataStore.setState({ datasets: [{ id: 'demo-hubs', label: 'demo hubs', synthetic: true, count: 1 }, { id: 'demo-embedded', label: 'demo embedded', synthetic: true, count: 1 }] });
    rerender(<SyntheticBanner />);
    expect(screen.getByRole('status')).toHaveTextContent('人民坊和六艺亭、示例嵌入式服务设施的位置为合成示例');
    expect(screen.getByRole('status')).not.toHaveTextContent('OpenStreetMap');
    useDataStore.setState({ facilities: [facility({})] });
    rerender(<SyntheticBanner />);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('renders imported names as text, never as HTML', () => {
    const evil = '<img src=x onerror=alert(1)>';
    useDataStore.setState({ facilities: [facility({ name: evil, address: '<b>bold</b>' })] });
    useViewStore.setState({ selection: { kind: 'facility', id: 'f1' } });
    const { container } = render(<DetailsPanel />);
    expect(within(screen.getByTestId('details')).getByRole('heading')).toHaveTextContent(evil);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getByText('<b>bold</b>')).toBeInTheDocument();
  });
});
