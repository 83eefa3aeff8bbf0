/**
 * Search in the planner view (issue 11 item 5), in Chromium on the built app: the shared place
 * search finds 徐家汇 (metro station, from the gazetteer worker) and 延安西路镇宁路 (a bus stop
 * named after the crossing); choosing one with the keyboard moves the map there, selects the
 * planning unit under it and opens its details; a district is framed whole. Screenshots with
 * the search open at 1440×900 and 375×667 in test-results/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, waitForMapIdle } from './harness';

afterAll(closeBrowser);

const out = resolve(import.meta.dirname, '../../test-results');
const XUJIAHUI_METRO = [121.432543, 31.196294] as const;

describe('search in the planner view', () => {
  for (const [w, h] of [[1440, 900], [375, 667]] as const) {
    it(`徐家汇 and 延安西路镇宁路 at ${w}×${h}: the map goes there and the unit's details open`, async () => {
      const app = await openApp('?view=planner', { width: w, height: h });
      try {
        const { page } = app;
        await waitForMapIdle(page);
        const box = page.getByRole('combobox', { name: '搜索地点，定位到所在单元' });
        await box.fill('徐家汇');
        // the metro station comes from the gazetteer worker (OSM names)
        const metro = page.getByRole('option', { name: /^徐家汇\s*地铁站/ });
        await metro.waitFor({ timeout: 30_000 });
        expect(await box.getAttribute('aria-expanded')).toBe('true');
        mkdirSync(out, { recursive: true });
        await page.screenshot({ path: resolve(out, `planner-search-open-${w}x${h}.png`) });

        // keyboard: arrows to the station, Enter picks it
        const options = await page.getByRole('option').allTextContents();
        const at = options.findIndex((o) => o.replace(/\s/g, '').startsWith('徐家汇地铁站'));
        expect(at).toBeGreaterThanOrEqual(0);
        for (let i = 0; i <= at; i++) await box.press('ArrowDown');
        expect(await page.locator('[role=option][aria-selected=true]').textContent()).toMatch(/^徐家汇\s*地铁站/);
        const zoomBefore = await page.evaluate(() => window.__map!.getZoom());
        await box.press('Enter');
        expect(await box.getAttribute('aria-expanded')).toBe('false');
        await page.getByTestId('details').waitFor();
        await page.waitForFunction(() => !window.__map!.isMoving() && window.__map!.getZoom() >= 14.9, undefined, { timeout: 20_000 });
        // the station is on screen, above the sheet on a phone; closer than before
        const pt = await page.evaluate((c) => window.__map!.project(c), XUJIAHUI_METRO as unknown as [number, number]);
        const mapBox = (await page.getByTestId('map').boundingBox())!;
        const panelTop = (await page.locator('aside.panel').boundingBox())!.y - mapBox.y;
        expect(pt.x).toBeGreaterThan(0);
        expect(pt.x).toBeLessThan(mapBox.width);
        expect(pt.y).toBeGreaterThan(0);
        expect(pt.y).toBeLessThan(w < 700 ? panelTop : mapBox.height);
        expect(await page.evaluate(() => window.__map!.getZoom())).toBeGreaterThan(zoomBefore);
        // the unit under the station is selected and its details show (its label names the station)
        expect(await page.locator('#details-title').textContent()).toBe('徐汇区 · 徐家汇站附近');
        expect(await page.getByTestId('planner-search-status').textContent()).toBe('已定位：徐家汇');
        // the unit is outlined and the station marked on the map
        await page.waitForFunction(() => window.__map!.queryRenderedFeatures({ layers: ['planner-selection-line'] }).length > 0, undefined, { timeout: 20_000 });
        await page.waitForFunction(() => window.__map!.queryRenderedFeatures({ layers: ['planner-search-point'] }).length === 1, undefined, { timeout: 20_000 });
        if (w === 375) await page.getByTestId('details').scrollIntoViewIfNeeded();
        await page.screenshot({ path: resolve(out, `planner-search-picked-${w}x${h}.png`) });

        // a bus stop named after the crossing, by pinyin initials, picked with Enter
        await page.getByTestId('planner-search').scrollIntoViewIfNeeded();
        await box.fill('yaxlznl');
        await page.getByRole('option', { name: /^延安西路镇宁路\s*公交站/ }).waitFor({ timeout: 30_000 });
        await box.press('ArrowDown');
        await box.press('Enter');
        await page.waitForFunction(() => !window.__map!.isMoving());
        const c = await page.evaluate(() => window.__map!.project([121.433931, 31.219785]));
        expect(c.x).toBeGreaterThan(0);
        expect(c.y).toBeGreaterThan(0);
        expect(await page.getByTestId('planner-search-status').textContent()).toBe('已定位：延安西路镇宁路');
        const title = await page.locator('#details-title').textContent();
        expect(title).toMatch(/^(静安区|长宁区) · /);

        // Escape closes the list, a second Escape clears the field
        await box.fill('静安');
        await page.getByRole('option', { name: /^静安区\s*区/ }).waitFor();
        await box.press('Escape');
        expect(await box.getAttribute('aria-expanded')).toBe('false');
        await box.press('Escape');
        expect(await box.inputValue()).toBe('');

        // a district is framed whole and selected as itself
        await box.fill('jingan');
        await page.getByRole('option', { name: /^静安区\s*区/ }).first().waitFor();
        await box.press('ArrowDown');
        await box.press('Enter');
        await page.waitForFunction(() => !window.__map!.isMoving());
        expect(await page.locator('#details-title').textContent()).toBe('静安区');
        expect(app.consoleErrors).toEqual([]);
        expect(app.externalRequests).toEqual([]);
      } finally {
        await app.close();
      }
    }, 180_000);
  }
});
