// Street-network walk model in a real browser: opening with network mode at 人民广场 loads the
// shipped extract (no import), shows network coverage figures, greys units without network
// data, and the main thread never blocks over 100 ms while the network loads and computes
// (PerformanceObserver 'longtask', as in coverage.e2e.test.ts). Screenshots at 1440×900 and
// 375×667 go to test-results/.
import { mkdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, waitForMapIdle } from './harness';

afterAll(closeBrowser);

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
    __window?: { start: number; end: number | null };
  }
}

const AT = '#14/31.2310/121.4740';
// the one hexagonal unit with at least half of its land inside the shipped extract (人民广场)
const INSIDE_UNIT = '310101-0_0';

describe('street network walk model at 人民广场', () => {
  it('opens with ?walk=network and shows network coverage without any import', async () => {
    const app = await openApp(`?walk=network&lang=en${AT}`, { width: 1440, height: 900 });
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('net-report').waitFor({ timeout: 60_000 });
      await page.getByTestId('cov-status').waitFor({ timeout: 90_000 });
      // the URL keeps the model (canonical key net=1)
      expect(new URL(page.url()).searchParams.get('net')).toBe('1');
      const summary = await page.evaluate((id) => {
        const r = window.__coverageStore!.getState().result!;
        const S = r.slots.length;
        const u = r.unitIds.indexOf(id);
        const shares = r.slots.map((_, s) => (100 * r.coveredM2[u * S + s]) / r.unitAreaM2[u]);
        let noData = 0;
        for (let k = 0; k < r.unitIds.length; k++) if (Number.isNaN(r.coveredM2[k * S])) noData++;
        return { model: r.engine.walkModel, shares, noData, units: r.unitIds.length };
      }, INSIDE_UNIT);
      expect(summary.model).toBe('network');
      expect(summary.shares.every((v) => Number.isFinite(v) && v >= 0 && v <= 100)).toBe(true);
      expect(summary.shares.some((v) => v > 0)).toBe(true);
      expect(summary.noData).toBe(summary.units - 1);
      await page.getByTestId('net-report').locator('summary').click();
      await expect(page.getByTestId('net-nodes').textContent()).resolves.toBe('699');
      await expect(page.getByTestId('net-drive-only').textContent()).resolves.toMatch(/lower bound/);
      // the city row is a share of the land with network data, not of the whole city
      const cityCell = await page.getByTestId('cov-table').locator('tbody tr').first().locator('td').first().textContent();
      expect(cityCell).toMatch(/^\d+(\.\d)?%$/);
      // units without network data are grey on the map (feature-state share −2), the unit inside has its share
      const states = await page.evaluate((id) => ({
        inside: window.__map!.getFeatureState({ source: 'coverage-units', id }).share as number,
        outside: window.__map!.getFeatureState({ source: 'coverage-units', id: '310101-1_0' }).share as number,
      }), INSIDE_UNIT);
      expect(states.outside).toBe(-2);
      expect(states.inside).toBeGreaterThanOrEqual(0);
      // where the straight line lies: circles computed on the same land in a second worker
      await page.getByTestId('lies-table').waitFor({ timeout: 120_000 });
      const cityRow = await page.getByTestId('lies-table').locator('tr[data-code="city"] td').allTextContents();
      const [circlePct, netPct, diff] = cityRow.map((v) => Number.parseFloat(v));
      expect(Math.abs(circlePct - netPct - diff)).toBeLessThan(0.11);
      await page.getByTestId('lies-map').check();
      await page.getByTestId('lies-legend').waitFor();
      const over = await page.evaluate((id) => ({
        inside: window.__map!.getFeatureState({ source: 'coverage-units', id }).over as number | null,
        outside: window.__map!.getFeatureState({ source: 'coverage-units', id: '310101-1_0' }).over as number | null,
      }), INSIDE_UNIT);
      expect(typeof over.inside).toBe('number');
      expect(over.outside).toBeNull();
      await waitForMapIdle(page);
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/network-1440.png' });
      expect(app.consoleErrors).toEqual([]);
      expect(app.externalRequests).toEqual([]);
    } finally {
      await app.close();
    }
  }, 240_000);

  it('switching to the network: the main thread never blocks over 100 ms while it loads and computes', async () => {
    const app = await openApp(`?lang=en${AT}`);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 60_000 });
      await waitForMapIdle(page);
      await page.evaluate(() => {
        window.__longTasks = [];
        window.__window = { start: performance.now(), end: null };
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTasks!.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: false });
        window.__coverageStore!.subscribe((s) => {
          if (s.result?.engine.walkModel === 'network' && s.status === 'done' && window.__window!.end === null) window.__window!.end = performance.now();
        });
      });
      await page.getByTestId('net-model-network').check();
      await page.waitForFunction(() => window.__window?.end !== null, undefined, { timeout: 90_000 });
      await page.waitForTimeout(200);
      const { tasks, win, status } = await page.evaluate(() => ({ tasks: window.__longTasks ?? [], win: window.__window!, status: window.__networkStore!.getState().status }));
      expect(status).toBe('ready');
      const during = tasks.filter((t) => t.start < (win.end as number) && t.start + t.duration > win.start);
      expect((win.end as number) - win.start).toBeGreaterThan(100); // the load and the computation happened in the window
      expect(during.filter((t) => t.duration > 100)).toEqual([]);
      expect(new URL(page.url()).searchParams.get('net')).toBe('1');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 240_000);

  it('residents: network isochrones at 人民广场 with the list ranked by network time; circles and why elsewhere', async () => {
    const app = await openApp(`?walk=network&view=resident&lang=en&at=121.4737,31.2304${AT}`, { width: 1440, height: 900 });
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByText(/along the street network \(isochrones\)/).waitFor({ timeout: 90_000 });
      await waitForMapIdle(page);
      // the drawn reach is the network's: polygons not circles (a circle has 73 vertices and model undefined)
      const drawn = await page.evaluate(() => {
        const src = window.__map!.getSource('resident-reach') as unknown as { _data?: unknown; serialize?: () => { data: unknown } };
        const data = (src.serialize ? src.serialize().data : src._data) as { features: { properties: { minutes: number; model?: string; area_km2?: number } }[] };
        return data.features.map((f) => ({ minutes: f.properties.minutes, model: f.properties.model ?? null, area: f.properties.area_km2 ?? null }));
      });
      expect(drawn.map((d) => d.minutes)).toEqual([15, 10, 5]);
      expect(drawn.every((d) => d.model?.startsWith('network'))).toBe(true);
      // a network isochrone is smaller than the 15-minute straight-line disc (1125 m radius = 3.98 km²)
      expect(drawn[0].area).toBeGreaterThan(0.05);
      expect(drawn[0].area).toBeLessThan(3.98);
      const ranked = await page.evaluate(() => {
        const s = window.__residentNetworkStore!.getState();
        return s.answer?.reach?.within.map((w) => w.minutes) ?? null;
      });
      // a street walk is never shorter than the straight line at the same speed (4.5 km/h = 75 m/min)
      const slack = await page.evaluate(() => window.__residentNetworkStore!.getState().answer!.reach!.within.map((w) => w.minutes - w.distanceM / 75));
      expect(Math.min(...slack)).toBeGreaterThan(-1e-6);
      expect(ranked).not.toBeNull();
      expect(ranked!.length).toBeGreaterThan(0);
      for (let i = 1; i < ranked!.length; i++) expect(ranked![i]).toBeGreaterThanOrEqual(ranked![i - 1] - 1e-9);
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/network-resident-1440.png' });
      // a place outside the extent: circles, and a line saying why
      await page.evaluate(() => window.__residentStore!.getState().setPlace({ lng: 121.52, lat: 31.23 }, 'map'));
      await page.getByTestId('resident-network-why').filter({ hasText: /outside the loaded street network/ }).waitFor({ timeout: 30_000 });
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 240_000);

  it('looks right on a phone (375×667)', async () => {
    const app = await openApp(`?walk=network&view=planner${AT}`, { width: 375, height: 667 });
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 90_000 });
      await waitForMapIdle(page);
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: 'test-results/network-375.png' });
      await page.getByTestId('net-panel').scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'test-results/network-375-panel.png' });
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 240_000);
});
