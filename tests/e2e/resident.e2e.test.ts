import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { distance, point } from '@turf/turf';
import type { Page } from 'playwright-core';
import type { Facility } from '../../src/domain/types';
import { closeBrowser, openApp, waitForMapIdle } from './harness';
import { defaultFacilities } from './defaultFacilities';

afterAll(closeBrowser);

const PHONE = { width: 375, height: 667 };
// the default view: OpenStreetMap services and bus stops + the synthetic 人民坊/六艺亭
const facilities: Facility[] = defaultFacilities();
const CATEGORY_COUNT = (JSON.parse(readFileSync(resolve(__dirname, '../../geodata/categories.json'), 'utf8')) as { categories: unknown[] }).categories.length;

/** Independent expectation: brute-force turf distances over every facility of the default view. */
function expectedWithin(at: [number, number], speedKmh: number, detour = 1.3, maxMin = 15) {
  return facilities
    .map((f) => ({ id: f.id, min: (distance(point(at), point([f.lng, f.lat]), { units: 'meters' }) * detour) / ((speedKmh * 1000) / 60) }))
    .filter((x) => x.min <= maxMin)
    .sort((a, b) => a.min - b.min);
}

async function listed(page: Page): Promise<{ id: string; min: number }[]> {
  return page.locator('[data-testid="resident-reach-list"] > li').evaluateAll((lis) =>
    lis.map((li) => ({ id: li.getAttribute('data-facility-id') ?? '', min: Number(li.getAttribute('data-minutes')) })),
  );
}

function atFromUrl(url: string): [number, number] {
  const at = new URL(url).searchParams.get('at');
  expect(at).toMatch(/^\d+\.\d+,\d+\.\d+$/);
  const [lng, lat] = at!.split(',').map(Number);
  return [lng, lat];
}

async function ringMinutes(page: Page): Promise<number[]> {
  return page.evaluate(() => [...new Set(window.__map!.queryRenderedFeatures({ layers: ['resident-reach-line'] }).map((f) => Number(f.properties.minutes)))].sort((a, b) => a - b));
}

describe('residents’ view on a phone (375 × 667, headless Chromium)', () => {
  it('tap a point: reach rings and the list appear; elderly walks longer; the shared URL reproduces the view', async () => {
    // central Putuo, dense enough in the demo data to have facilities within 15 minutes
    const app = await openApp('?view=resident#14/31.245/121.42', PHONE);
    let shared = '';
    let elderlyList: { id: string; min: number }[] = [];
    try {
      await waitForMapIdle(app.page);
      const panel = app.page.getByTestId('resident-panel');
      await panel.waitFor();
      // the panel sheet leaves the upper part of the map free: tap there
      const canvas = await app.page.getByTestId('map').boundingBox();
      const sheet = await app.page.locator('aside.panel').boundingBox();
      expect(canvas).not.toBeNull();
      expect(sheet!.width).toBeLessThanOrEqual(PHONE.width);
      expect(sheet!.y).toBeGreaterThan(canvas!.y + 150); // a bottom sheet, not a side column
      await app.page.mouse.click(canvas!.x + canvas!.width / 2, canvas!.y + (sheet!.y - canvas!.y) / 2);

      await app.page.getByTestId('resident-reach-list').waitFor();
      await app.page.waitForURL(/at=/);
      const at = atFromUrl(app.page.url());
      await waitForMapIdle(app.page);
      expect(await ringMinutes(app.page)).toEqual([5, 10, 15]);

      // the list equals an independent brute-force computation, in the same order
      const adult = await listed(app.page);
      const expectedAdult = expectedWithin(at, 4.5);
      expect(expectedAdult.length).toBeGreaterThan(2);
      expect(adult.map((x) => x.id).sort()).toEqual(expectedAdult.map((x) => x.id).sort());
      adult.forEach((x, i) => expect(x.min).toBeCloseTo(expectedAdult[i].min, 2));
      // one rule for the headline and the list: each category within its own target minutes
      const headline = (await app.page.getByTestId('resident-completeness').textContent())!;
      expect(headline).toMatch(new RegExp(`^(\\d+/${CATEGORY_COUNT} 类服务在目标步行时间内|全部 ${CATEGORY_COUNT} 类服务都在各自的目标步行时间内)`));
      const nearestRows = await app.page.locator('[data-testid="resident-nearest-list"] > li').count();
      expect(nearestRows).toBe(CATEGORY_COUNT);
      const notMet = await app.page.locator('[data-testid="resident-nearest-list"] > li .resident-target.not-met').count();
      expect(headline.startsWith(`${CATEGORY_COUNT - notMet}/${CATEGORY_COUNT}`) || (notMet === 0 && headline.startsWith('全部'))).toBe(true);
      // the view says which sources it used
      await expect(app.page.getByTestId('resident-sources').textContent()).resolves.toMatch(/OpenStreetMap 2026-05-19 \(ODbL\).*人民坊/);

      // switch persona: walking times grow by 4.5 / 3.2, far items drop out, URL records it
      await app.page.getByText('老年人', { exact: true }).click();
      await app.page.waitForURL(/persona=elderly/);
      elderlyList = await listed(app.page);
      const expectedElderly = expectedWithin(at, 3.2);
      expect(elderlyList.map((x) => x.id).sort()).toEqual(expectedElderly.map((x) => x.id).sort());
      const adultMin = new Map(adult.map((x) => [x.id, x.min]));
      for (const x of elderlyList) expect(x.min).toBeCloseTo(adultMin.get(x.id)! * (4.5 / 3.2), 2);
      expect(elderlyList.length).toBeLessThanOrEqual(adult.length);
      await expect(app.page.locator('.resident-rings').textContent()).resolves.toContain('615');

      await app.page.screenshot({ path: 'test-results/screenshot-resident-phone.png' });
      expect(app.consoleErrors).toEqual([]);
      expect(app.externalRequests).toEqual([]);
      shared = app.page.url();
    } finally {
      await app.close();
    }

    // a fresh browser context opening the shared link sees the same place, persona and list
    const again = await openApp(shared.slice(shared.indexOf('?')), PHONE);
    try {
      await waitForMapIdle(again.page);
      await again.page.getByTestId('resident-reach-list').waitFor();
      expect(await listed(again.page)).toEqual(elderlyList);
      await expect(again.page.getByRole('radio', { name: /老年人/ }).isChecked()).resolves.toBe(true);
      await waitForMapIdle(again.page);
      expect(await ringMinutes(again.page)).toEqual([5, 10, 15]);

      // picking a facility in the list centres the map on it and rings it
      const first = again.page.locator('[data-testid="resident-reach-list"] > li').first();
      const id = await first.getAttribute('data-facility-id');
      const fac = facilities.find((f) => f.id === id)!;
      await first.locator('button.resident-item-name').click();
      await expect(first.locator('button.resident-item-name').getAttribute('aria-pressed')).resolves.toBe('true');
      await waitForMapIdle(again.page);
      const view = await again.page.evaluate(() => {
        const m = window.__map!;
        const c = m.getCenter();
        return { lng: c.lng, lat: c.lat, rings: m.queryRenderedFeatures({ layers: ['resident-shown-ring'] }).length };
      });
      expect(view.lng).toBeCloseTo(fac.lng, 4);
      expect(view.lat).toBeCloseTo(fac.lat, 4);
      expect(view.rings).toBe(1);
      expect(again.consoleErrors).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('search by pinyin with the keyboard picks a district: the map frames the district and the panel asks for a place', async () => {
    const app = await openApp('?view=resident', PHONE);
    try {
      await waitForMapIdle(app.page);
      const before = await app.page.evaluate(() => window.__map!.getZoom());
      const box = app.page.getByRole('combobox', { name: '搜索地点' });
      await box.fill('jingan');
      await expect(app.page.getByRole('option').first().textContent()).resolves.toContain('静安区');
      await box.press('ArrowDown');
      await box.press('Enter');
      await app.page.getByTestId('resident-area-ask').waitFor();
      await expect(app.page.getByTestId('resident-area-ask').textContent()).resolves.toContain('静安区');
      // no place pretended at the centroid: nothing in the URL, no reach list
      expect(new URL(app.page.url()).searchParams.get('at')).toBeNull();
      expect(await app.page.getByTestId('resident-reach-list').count()).toBe(0);
      // the camera frames the district: 静安's centre (about 121.45, 31.25) is on screen above the sheet
      await app.page.waitForFunction(() => !window.__map!.isMoving());
      const pt = await app.page.evaluate(() => window.__map!.project([121.448, 31.255]));
      const sheetTop = (await app.page.locator('aside.panel').boundingBox())!.y - (await app.page.getByTestId('map').boundingBox())!.y;
      expect(pt.x).toBeGreaterThan(0);
      expect(pt.x).toBeLessThan(375);
      expect(pt.y).toBeGreaterThan(0);
      expect(pt.y).toBeLessThan(sheetTop);
      const zoom = await app.page.evaluate(() => window.__map!.getZoom());
      expect(zoom).toBeGreaterThan(before + 1); // closer than the whole city
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('on a desktop the residents’ panel is a side column, and a link without a camera frames the place', async () => {
    const app = await openApp('?view=resident&at=121.42,31.245', { width: 1280, height: 800 });
    try {
      await waitForMapIdle(app.page);
      await app.page.getByTestId('resident-reach-list').waitFor();
      await app.page.waitForFunction(() => window.__map!.getZoom() > 13 && !window.__map!.isMoving());
      const centre = await app.page.evaluate(() => window.__map!.getCenter());
      expect(centre.lng).toBeCloseTo(121.42, 2);
      expect(centre.lat).toBeCloseTo(31.245, 2);
      const aside = await app.page.locator('aside.panel').boundingBox();
      expect(aside!.height).toBeGreaterThan(600);
      expect(aside!.width).toBeLessThan(500);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
