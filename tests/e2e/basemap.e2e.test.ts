/** Basemaps: nothing leaves localhost until one is picked; picking one requests exactly its host. */
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, waitForMapIdle } from './harness';

afterAll(closeBrowser);

// a 1 × 1 transparent PNG: tiles are answered here, the real network is never used
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('basemap picker (headless Chromium, tiles intercepted)', () => {
  it('requests nothing outside localhost by default; OpenStreetMap requests only tile.openstreetmap.org; a GCJ-02 URL is warned about', async () => {
    const app = await openApp('#12/31.23/121.47', { width: 1440, height: 900 });
    try {
      const { page, context } = app;
      const hosts: string[] = [];
      page.on('request', (r) => {
        const h = new URL(r.url()).hostname;
        if (!['127.0.0.1', 'localhost', '[::1]', ''].includes(h)) hosts.push(h);
      });
      // registered after the harness's blocker, so it answers first
      await context.route(/^https:\/\/tile\.openstreetmap\.org\//, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
      await waitForMapIdle(page, 180_000);
      await page.waitForTimeout(1000);
      expect(hosts).toEqual([]);
      expect(app.externalRequests).toEqual([]);

      await page.getByTestId('basemap-osm').check();
      await page.waitForFunction(() => Boolean(window.__map?.getLayer('basemap-osm')), undefined, { timeout: 60_000 });
      await waitForMapIdle(page, 120_000);
      expect(hosts.length).toBeGreaterThan(0);
      expect([...new Set(hosts)]).toEqual(['tile.openstreetmap.org']);
      expect(app.externalRequests).toEqual([]); // all answered by the interception, none reached the blocker
      // the basemap sits under every overlay and carries its attribution
      const order = await page.evaluate(() => window.__map!.getStyle().layers.map((l) => l.id));
      expect(order.indexOf('basemap-osm')).toBeLessThan(order.indexOf('districts-fill'));
      await expect(page.locator('.maplibregl-ctrl-attrib-inner').textContent()).resolves.toContain('© OpenStreetMap contributors');
      await page.screenshot({ path: 'test-results/basemap-osm.png' });

      // a custom style on a GCJ-02 host gets the warning
      await page.getByTestId('basemap-url').fill('https://webrd01.is.autonavi.com/style.json');
      await expect(page.getByTestId('basemap-warning').textContent()).resolves.toContain('GCJ-02');

      // back to offline: the layer goes, and the choice is kept in this browser only
      await page.getByTestId('basemap-offline').check();
      await page.waitForFunction(() => !window.__map?.getLayer('basemap-osm'));
      expect(await page.evaluate(() => JSON.parse(localStorage.getItem('shq-basemap') ?? '{}').id)).toBe('offline');
    } finally {
      await app.close();
    }
  }, 400_000); // the app loads 42k OSM facilities: minutes on a loaded 2-core machine
});
