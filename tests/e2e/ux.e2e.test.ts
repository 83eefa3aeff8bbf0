// What a newcomer runs into (issue 13), checked where it happened: real Chromium at
// 1440 × 900 (desktop) or 375 × 667 (phone), against the built app.
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeBrowser, featureScreenPoint, openApp, waitForMapIdle } from './harness';

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
      const pt = await featureScreenPoint(page, 'facilities-embedded');
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
      expect(title).toMatch(/^Planning unit /);
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
