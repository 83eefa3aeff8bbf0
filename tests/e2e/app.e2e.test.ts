import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, featureScreenPoint, openApp, renderedCounts, waitForMapIdle } from './harness';

afterAll(closeBrowser);

describe('the map in a real browser (built app, headless Chromium)', () => {
  it('reaches idle with districts, units and facilities rendered, the demo banner, no errors and no external requests', async () => {
    const app = await openApp('');
    try {
      await waitForMapIdle(app.page);
      const counts = await renderedCounts(app.page, ['districts-fill', 'units-fill', 'facilities-renminfang', 'facilities-liuyiting', 'facilities-embedded', 'facilities-service']);
      expect(counts['districts-fill']).toBeGreaterThanOrEqual(16);
      expect(counts['units-fill']).toBeGreaterThan(500);
      expect(counts['facilities-renminfang']).toBeGreaterThan(30);
      expect(counts['facilities-liuyiting']).toBeGreaterThan(10);
      // the default view: real OpenStreetMap services (bus stops appear only from street zoom), no synthetic embedded facilities
      expect(counts['facilities-service']).toBeGreaterThan(1000);
      expect(counts['facilities-embedded']).toBe(0);
      // the 16 districts are all in the source, labelled in Chinese
      const names = await app.page.evaluate(() => [...new Set(window.__map!.querySourceFeatures('districts').map((f) => f.properties.name_zh as string))].sort());
      expect(names).toHaveLength(16);
      expect(names).toContain('浦东新区');
      const banner = await app.page.getByTestId('synthetic-banner').textContent();
      expect(banner).toContain('模拟数据：人民坊和六艺亭的位置为合成示例');
      expect(banner).toContain('OpenStreetMap');
      // OSM's licence on the map
      await expect(app.page.locator('.maplibregl-ctrl-attrib-inner').textContent()).resolves.toContain('© OpenStreetMap contributors, ODbL');
      // the synthetic embedded facilities are an opt-in source
      await app.page.getByTestId('source-demo-embedded').check();
      await waitForMapIdle(app.page);
      const withDemo = await renderedCounts(app.page, ['facilities-embedded']);
      expect(withDemo['facilities-embedded']).toBeGreaterThan(1000);
      await expect(app.page.getByTestId('synthetic-banner').textContent()).resolves.toContain('示例嵌入式服务设施');
      await app.page.getByTestId('source-demo-embedded').uncheck();
      await app.page.screenshot({ path: 'test-results/screenshot.png' });
      expect(app.consoleErrors).toEqual([]);
      expect(app.externalRequests).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('clicking a facility shows its name as text', async () => {
    const app = await openApp('#11/31.23/121.47');
    try {
      await waitForMapIdle(app.page);
      const pt = await featureScreenPoint(app.page, 'facilities-renminfang');
      expect(pt).not.toBeNull();
      await app.page.mouse.click(pt!.x, pt!.y);
      const details = app.page.getByTestId('details');
      await details.waitFor();
      expect(await details.locator('h2').textContent()).toBe(pt!.props.name);
      expect(app.page.url()).toContain(`sel=facility%3A${encodeURIComponent(String(pt!.props.id))}`);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('switching language changes the UI and the map labels, and is kept in the URL', async () => {
    const app = await openApp('');
    try {
      await waitForMapIdle(app.page);
      await expect(app.page.locator('h1').textContent()).resolves.toContain('生活圈');
      await app.page.getByRole('button', { name: '切换到英文' }).click();
      await app.page.getByRole('heading', { name: 'Layers' }).waitFor();
      expect(await app.page.locator('html').getAttribute('lang')).toBe('en');
      expect(app.page.url()).toContain('lang=en');
      const field = await app.page.evaluate(() => JSON.stringify(window.__map!.getLayoutProperty('districts-label', 'text-field')));
      expect(field).toContain('name_en');
      await expect(app.page.getByTestId('synthetic-banner').textContent()).resolves.toContain('Simulated data');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a link reproduces the view: language, hidden layers, selection and camera', async () => {
    const app = await openApp('?lang=en&off=units,embedded&sel=district%3A310107#12/31.25/121.40');
    try {
      await waitForMapIdle(app.page);
      const vis = await app.page.evaluate(() => ['units-line', 'facilities-embedded', 'facilities-renminfang'].map((id) => window.__map!.getLayoutProperty(id, 'visibility')));
      expect(vis).toEqual(['none', 'none', 'visible']);
      await expect(app.page.getByTestId('details').locator('h2').textContent()).resolves.toBe('Putuo');
      const zoom = await app.page.evaluate(() => window.__map!.getZoom());
      expect(zoom).toBeCloseTo(12, 1);
      await expect(app.page.getByRole('checkbox', { name: 'Planning units' }).isChecked()).resolves.toBe(false);
    } finally {
      await app.close();
    }
  });
});
