/** Population in the browser: the dasymetric layer (an estimate) and a GeoTIFF raster import through the worker. */
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, waitForMapIdle } from './harness';

afterAll(closeBrowser);

describe('population (headless Chromium)', () => {
  it('shows the estimate layer with its legend, and a GeoTIFF import replaces the units’ population', async () => {
    const app = await openApp('?on=population#13/31.215/121.42', { width: 1440, height: 900 });
    try {
      const { page } = app;
      await waitForMapIdle(page, 180_000);
      await expect(page.getByTestId('pop-legend').textContent()).resolves.toContain('估算');
      const cells = await page.evaluate(() => window.__map!.queryRenderedFeatures({ layers: ['population-fill'] }).length);
      expect(cells).toBeGreaterThan(20);
      // tests/fixtures/population-small.tif: 4 × 3 pixels of 0.01° from 121.40 E, 31.23 N (written by tests/unit/io-population-raster.test.ts)
      await page.locator('input[type=file][accept*="tif"]').setInputFiles(resolve(__dirname, '../fixtures/population-small.tif'));
      await page.getByText(/已读取 population-small\.tif（4 × 3 像元）：共 550 人/).waitFor({ timeout: 60_000 });
      await waitForMapIdle(page, 120_000);
      // the units on screen now carry the raster's figures (ids unique: source features repeat across tiles)
      const units = await page.evaluate(() => {
        const byId = new Map<string, { pop: number; src: string }>();
        for (const f of window.__map!.querySourceFeatures('units')) byId.set(String(f.properties.id), { pop: Number(f.properties.pop_est), src: String(f.properties.pop_source) });
        return [...byId.values()];
      });
      expect(units.length).toBeGreaterThan(10);
      for (const u of units) expect(u.src).toBe('raster: population-small.tif');
      const sum = units.reduce((s, u) => s + u.pop, 0);
      expect(sum).toBeGreaterThan(0);
      expect(sum).toBeLessThanOrEqual(550);
      expect(app.consoleErrors).toEqual([]);
      expect(app.externalRequests).toEqual([]);
    } finally {
      await app.close();
    }
  }, 400_000);
});
