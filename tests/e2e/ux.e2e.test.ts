// What a newcomer runs into (issue 13), checked where it happened: real Chromium at
// 1440 × 900 (desktop) or 375 × 667 (phone), against the built app.
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { closeBrowser, featureScreenPoint, getBrowser, openApp, waitForMapIdle } from './harness';

afterAll(closeBrowser);

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 667 };
const CJK = /[\u3400-\u9fff]/;

/** Is the element's top edge inside the visible part of its scrolling panel? */
async function visibleInPanel(page: Page, testId: string): Promise<{ top: number; panelTop: number; panelBottom: number }> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`)!;
    const panel = document.querySelector('aside.panel')!;
    const a = el.getBoundingClientRect();
    const p = panel.getBoundingClientRect();
    return { top: a.top, panelTop: p.top, panelBottom: p.bottom };
  }, testId);
}

describe('planner view at 1440 × 900', () => {
  it('shows loading progress over the map, and answers a click made before the map can use it', async () => {
    const context = await (await getBrowser()).newContext({ viewport: DESKTOP, serviceWorkers: 'block' });
    try {
      // the planning units arrive 3 s late, as on a slow connection
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (!/^https?:\/\/(127\.0\.0\.1|localhost)/.test(url) && /^https?:/.test(url)) return route.abort();
        if (/units[^/]*\.geojson/.test(url)) await new Promise((r) => setTimeout(r, 3000));
        return route.continue();
      });
      const page = await context.newPage();
      await page.goto(new URL('', inject('baseUrl')).toString());
      const cover = page.getByTestId('map-loading');
      await cover.waitFor();
      await expect(cover.textContent()).resolves.toMatch(/正在加载地图数据… \d+\/\d+ 个文件|正在绘制地图/);
      expect(await cover.locator('progress').count()).toBe(1);
      await page.mouse.click(400, 450);
      await expect(page.getByTestId('map-loading-click').textContent()).resolves.toContain('加载完成后请再点一次');
      // then the cover goes and the map works
      await waitForMapIdle(page);
      expect(await cover.count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('details come into view when a facility is clicked while the panel is scrolled down', async () => {
    const app = await openApp('#12/31.23/121.47', DESKTOP);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 60_000 });
      await page.evaluate(() => {
        const panel = document.querySelector('aside.panel')!;
        panel.scrollTop = panel.scrollHeight;
      });
      expect(await page.evaluate(() => document.querySelector('aside.panel')!.scrollTop)).toBeGreaterThan(500);
      const pt = await featureScreenPoint(page, 'facilities-renminfang');
      expect(pt).not.toBeNull();
      await page.mouse.click(pt!.x, pt!.y);
      await page.getByTestId('details').waitFor();
      await page.waitForFunction(() => {
        const d = document.querySelector('[data-testid="details"]')!.getBoundingClientRect();
        const p = document.querySelector('aside.panel')!.getBoundingClientRect();
        return d.top >= p.top - 1 && d.top < p.bottom - 40;
      }, undefined, { timeout: 5000 });
      const v = await visibleInPanel(page, 'details');
      expect(v.top).toBeGreaterThanOrEqual(v.panelTop - 1);
      expect(v.top).toBeLessThan(v.panelBottom - 40);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('district labels are drawn above every fill, line and dot layer, with a halo', async () => {
    const app = await openApp('?sel=district%3A310112', DESKTOP);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 60_000 });
      await waitForMapIdle(page);
      const order = await page.evaluate(() => window.__map!.getLayersOrder().map((id) => ({ id, type: window.__map!.getLayer(id)!.type })));
      const label = order.findIndex((l) => l.id === 'districts-label');
      expect(label).toBeGreaterThan(0);
      const below = order.filter((l) => l.type !== 'symbol').map((l) => l.id);
      // the overlays that used to hide the labels are there, and all of them are below
      for (const id of ['coverage-fill', 'facilities-embedded', 'facilities-renminfang', 'units-line']) expect(below).toContain(id);
      for (const id of below) expect(order.findIndex((l) => l.id === id), id).toBeLessThan(label);
      const halo = await page.evaluate(() => window.__map!.getPaintProperty('districts-label', 'text-halo-width'));
      expect(Number(halo)).toBeGreaterThanOrEqual(2);
    } finally {
      await app.close();
    }
  });

  it('parameters out of range are refused at the field with a message, and never computed', async () => {
    const app = await openApp('', DESKTOP);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 120_000 });
      const params = () => page.evaluate(() => JSON.stringify((window as unknown as { __coverageStore: { getState: () => { params: unknown } } }).__coverageStore.getState().params));
      const before = await params();
      for (const [id, value, words] of [
        ['cov-speed', '1000', '超出范围'],
        ['cov-speed', '0.0001', '超出范围'],
        ['cov-speed', '-3', '超出范围'],
        ['cov-speed', 'abc', '不是数字'],
        ['cov-detour', '1000', '超出范围'],
      ] as const) {
        await page.getByTestId(id).fill(value);
        const error = page.getByTestId(`${id}-error`);
        await expect(error.textContent()).resolves.toContain(words);
        await expect(page.getByTestId(id).getAttribute('aria-invalid')).resolves.toBe('true');
        // the message is at the field: right below it, on screen
        const [f, e] = [await page.getByTestId(id).boundingBox(), await error.boundingBox()];
        expect(e!.y - (f!.y + f!.height)).toBeLessThan(40);
        expect(e!.y + e!.height).toBeLessThan(900);
        expect(await params()).toBe(before);
        expect(await page.getByTestId('cov-progress').count()).toBe(0);
      }
      // a valid value is applied and recomputed
      await page.getByTestId('cov-speed').fill('4');
      await page.waitForFunction(() => (window as unknown as { __coverageStore: { getState: () => { params: { speedKmh: number } } } }).__coverageStore.getState().params.speedKmh === 4);
      expect(await page.getByTestId('cov-speed-error').count()).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('the coverage legend is on the map, with the chosen category\'s minutes and reach, and the default explained', async () => {
    const app = await openApp('', DESKTOP);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 120_000 });
      const legend = page.getByTestId('cov-legend');
      const box = (await legend.boundingBox())!;
      const map = (await page.getByTestId('map').boundingBox())!;
      // inside the map frame and on screen without scrolling anything
      expect(box.x).toBeGreaterThanOrEqual(map.x);
      expect(box.x + box.width).toBeLessThanOrEqual(map.x + map.width);
      expect(box.y + box.height).toBeLessThanOrEqual(900);
      await expect(legend.textContent()).resolves.toContain('健康服务');
      await expect(page.getByTestId('cov-legend-reach').textContent()).resolves.toMatch(/步行 15 分钟 ≈ 直线 865 米/);
      await expect(page.getByTestId('cov-legend-default').textContent()).resolves.toContain('默认显示健康服务');
      expect(await legend.locator('li').count()).toBe(6); // five classes and the uncovered areas
      // the panel states what its figures mean, next to them, with the category's minutes
      await expect(page.getByTestId('cov-figures').textContent()).resolves.toContain('15 分钟（直线 865 米）');
      await page.getByTestId('cov-slot').selectOption('elderly');
      await expect(page.getByTestId('cov-legend-reach').textContent()).resolves.toMatch(/步行 5 分钟 ≈ 直线 288 米/);
      expect(await page.getByTestId('cov-legend-default').count()).toBe(0);
      await expect(page.getByTestId('cov-figures').textContent()).resolves.toContain('养老服务');
      await expect(page.getByTestId('cov-slot-minutes').inputValue()).resolves.toBe('5');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('site suggestions for another district are framed on the map and listed with "show on map"', async () => {
    const app = await openApp('#13/31.23/121.47', DESKTOP); // looking at 黄浦
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 120_000 });
      await page.getByTestId('siting-target').selectOption('elderly');
      await page.getByTestId('siting-scope').selectOption('310120'); // 奉贤区, 40 km south
      await page.getByTestId('siting-run').click();
      await page.getByTestId('siting-list').waitFor({ timeout: 120_000 });
      await page.waitForFunction(() => !window.__map!.isMoving(), undefined, { timeout: 10_000 });
      await waitForMapIdle(page);
      const onScreen = () => page.evaluate(() => {
        const m = window.__map!;
        const c = m.getCanvas().getBoundingClientRect();
        // one point per rank (a source query can return a feature once per tile)
        const byRank = new Map(m.querySourceFeatures('planner-suggestions').map((f) => [f.properties.rank, (f.geometry as GeoJSON.Point).coordinates as [number, number]]));
        const pts = [...byRank.values()].map((xy) => m.project(xy));
        return { n: pts.length, inside: pts.filter((p) => p.x >= 0 && p.y >= 0 && p.x <= c.width && p.y <= c.height).length };
      });
      const seen = await onScreen();
      expect(seen.n).toBe(5);
      expect(seen.inside).toBe(5);
      // one of them, from the list
      const third = page.getByTestId('siting-list').locator('li[data-rank="3"]');
      const [lng, lat] = (await third.locator('.hint').nth(1).textContent())!.split(',').map(Number);
      await page.getByTestId('siting-show-3').click();
      await page.waitForFunction(() => !window.__map!.isMoving(), undefined, { timeout: 10_000 });
      const centre = await page.evaluate(() => window.__map!.getCenter());
      expect(Math.abs(centre.lng - lng)).toBeLessThan(0.005);
      expect(Math.abs(centre.lat - lat)).toBeLessThan(0.005);
      await expect(page.getByTestId('siting-show-3').getAttribute('aria-pressed')).resolves.toBe('true');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('in English the interface has no Chinese: unit names, trial-site heading', async () => {
    const app = await openApp('?lang=en#13/31.11/121.38', DESKTOP);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      // click the map where there is a unit but no facility dot
      const pt = await page.evaluate(() => {
        const m = window.__map!;
        const r = m.getCanvas().getBoundingClientRect();
        for (let y = 200; y < r.height - 100; y += 17)
          for (let x = 100; x < r.width - 100; x += 23) {
            const hits = m.queryRenderedFeatures([x, y]);
            if (hits.some((h) => h.layer.id === 'units-fill') && !hits.some((h) => h.layer.id.startsWith('facilities-'))) return { x: r.left + x, y: r.top + y };
          }
        return null;
      });
      expect(pt).not.toBeNull();
      await page.mouse.click(pt!.x, pt!.y);
      const title = await page.getByTestId('details').locator('h2').textContent();
      expect(title).toBeTruthy(); // units are named after nearby roads, in English here
      expect(title).not.toMatch(CJK);
      // headings, labels, buttons and table headings of the panel are interface text
      const texts = await page.evaluate(() =>
        [...document.querySelectorAll('aside.panel :is(h2, h3, legend, summary, label, button, th[scope="col"]), header :is(h1, button:not(.lang))')]
          .map((e) => (e as HTMLElement).innerText.trim())
          .filter(Boolean),
      );
      expect(texts.length).toBeGreaterThan(20);
      expect(texts.filter((s) => CJK.test(s))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('plan view at 1440 × 900', () => {
  it('the table fits the panel in English, or says it scrolls (a visible scrollbar, a hint, the district column kept)', async () => {
    const app = await openApp('?view=plan&lang=en', DESKTOP);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('plan-view').waitFor();
      const m = await page.evaluate(() => {
        const wrap = document.querySelector('[data-testid="plan-table"]')!.parentElement!;
        const last = [...document.querySelectorAll('[data-testid="plan-table"] thead tr:last-child th')].pop()!.getBoundingClientRect();
        const w = wrap.getBoundingClientRect();
        return { fits: wrap.scrollWidth <= wrap.clientWidth + 1, lastRight: last.right, wrapRight: w.right, overflowX: getComputedStyle(wrap).overflowX };
      });
      if (m.fits) expect(m.lastRight).toBeLessThanOrEqual(m.wrapRight + 1);
      else {
        await expect(page.getByTestId('plan-scroll-hint').isVisible()).resolves.toBe(true);
        expect(m.overflowX).toBe('scroll'); // (headless Chromium hides scrollbars, so their size is not measured here)
      }
      // residents per hub: both denominators, named
      const per = page.getByTestId('plan-per');
      await expect(per.locator('thead').textContent()).resolves.toMatch(/by plan.*by data/);
      const minhang = await per.locator('tr[data-code="310112"] td').allTextContents();
      expect(minhang).toHaveLength(5);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe('phone at 375 × 667', () => {
  it('the root URL opens the residents’ view, not the planner panel over the map', async () => {
    const app = await openApp('', PHONE);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('resident-panel').waitFor();
      expect(await page.getByTestId('coverage-panel').count()).toBe(0);
      await expect(page.getByRole('tab', { name: '居民' }).getAttribute('aria-selected')).resolves.toBe('true');
      // the sheet leaves most of the map visible
      const sheet = await page.locator('aside.panel').boundingBox();
      expect(sheet!.height).toBeLessThan(667 * 0.5);
      // the planner is one tap away, and then stays in the link
      await page.getByRole('tab', { name: '规划' }).click();
      await page.getByTestId('coverage-panel').waitFor();
      expect(new URL(page.url()).searchParams.get('view')).toBe('planner');
    } finally {
      await app.close();
    }
  });

  it('touch targets are at least 44 px: header tabs, language switch, zoom buttons', async () => {
    const app = await openApp('?view=planner', PHONE);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      const boxes = await page.evaluate(() =>
        [...document.querySelectorAll('header button, .maplibregl-ctrl-group button')]
          .filter((e) => (e as HTMLElement).offsetParent !== null)
          .map((e) => {
            const r = e.getBoundingClientRect();
            return { name: (e as HTMLElement).innerText || e.getAttribute('aria-label') || e.className, w: r.width, h: r.height };
          }),
      );
      expect(boxes.length).toBeGreaterThanOrEqual(6); // 3 tabs, language, zoom in, zoom out
      for (const b of boxes) {
        expect(b.h, b.name).toBeGreaterThanOrEqual(44);
        expect(b.w, b.name).toBeGreaterThanOrEqual(44);
      }
    } finally {
      await app.close();
    }
  });

  it('the English search placeholder fits its field', async () => {
    const app = await openApp('?view=resident&lang=en', PHONE);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      const fit = await page.evaluate(() => {
        const input = document.querySelector('input[role="combobox"]') as HTMLInputElement;
        const cs = getComputedStyle(input);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
        const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        return { text: input.placeholder, width: ctx.measureText(input.placeholder).width, room };
      });
      expect(fit.text).not.toMatch(CJK);
      expect(fit.width, fit.text).toBeLessThanOrEqual(fit.room);
    } finally {
      await app.close();
    }
  });
});
