// The planner's tools in a real browser (built app, headless Chromium): a trial 人民坊 dropped
// in a gap raises the district's coverage (incremental engine edit), a shared link brings the
// scenario back, site suggestions appear on the map and can be adopted, and the gap report
// downloads as CSV (BOM, synthetic notice, parameters line) and Markdown.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HUB_CATEGORIES, type Category, type UnitCollection } from '../../src/domain/types';
import { defaultWalkParams } from '../../src/domain/walk';
import { buildSitingModel, suggestSites, type SiteSuggestion } from '../../src/geo/siting';
import { defaultFacilities } from './defaultFacilities';
import { closeBrowser, openApp, waitForMapIdle } from './harness';

afterAll(closeBrowser);

declare global {
  interface Window {
    /** facility counts of the results the coverage store published */
    __published?: number[];
  }
}

const root = resolve(__dirname, '../..');
const DISTRICT = '310101'; // 黄浦区
let gap: SiteSuggestion;
/** the first of the 人民坊 bundle's suggestions (all its categories), as the siting panel asks */
let bundleFirst: SiteSuggestion;

beforeAll(() => {
  // a gap: where a new 人民坊 would bring 党群服务 (a hub category only the 人民坊 layer offers)
  // to the most people without it (computed here in Node)
  const units = JSON.parse(readFileSync(resolve(root, 'geodata/units.geojson'), 'utf8')) as UnitCollection;
  const facilities = defaultFacilities(); // what the app shows by default: OpenStreetMap + synthetic 人民坊/六艺亭
  const categories = (JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')) as { categories: Category[] }).categories;
  const model = buildSitingModel(units.features);
  gap = suggestSites(model, categories, { categories: ['party'], scope: DISTRICT, k: 1, params: defaultWalkParams(), facilities }).suggestions[0];
  bundleFirst = suggestSites(model, categories, { categories: [...HUB_CATEGORIES], scope: DISTRICT, k: 1, params: defaultWalkParams(), facilities }).suggestions[0];
});

async function screenPoint(page: Page, lng: number, lat: number): Promise<{ x: number; y: number }> {
  return page.evaluate(([a, b]) => {
    const m = window.__map!;
    const r = m.getCanvas().getBoundingClientRect();
    const p = m.project([a, b]);
    return { x: r.left + p.x, y: r.top + p.y };
  }, [lng, lat] as const);
}

/** Land share before and after, as fractions, from a before → after table row. */
async function landShares(page: Page, table: string, slot: string): Promise<{ before: number; after: number }> {
  const cell = page.getByTestId(table).locator(`tr[data-slot="${slot}"] td`).first();
  await cell.waitFor();
  return { before: Number(await cell.getAttribute('data-before')), after: Number(await cell.getAttribute('data-after')) };
}

describe('planner tools in a real browser', () => {
  it('a trial 人民坊 dropped in a gap raises the district’s coverage, incrementally, and the link keeps it', async () => {
    const app = await openApp(`#14/${gap.lat}/${gap.lng}`);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 60_000 });
      await page.getByTestId('trial-place').click();
      const pt = await screenPoint(page, gap.lng, gap.lat);
      await page.mouse.click(pt.x, pt.y);
      await page.getByTestId('trial-list').locator('li').first().waitFor();
      await expect(page.getByTestId('trial-list').locator('li').count()).resolves.toBe(1);
      await expect(page.getByTestId('trial-list').textContent()).resolves.toContain('拟建');
      await expect(page.getByTestId('trial-map-notice').textContent()).resolves.toContain('含 1 处拟建试点');
      // the engine applied one incremental edit (not a full recompute)
      await page.getByTestId('cov-status').filter({ hasText: '增量更新' }).waitFor({ timeout: 30_000 });
      await page.getByTestId(`trial-compare-district-${DISTRICT}`).waitFor({ timeout: 30_000 });
      const party = await landShares(page, `trial-compare-district-${DISTRICT}`, 'party');
      expect(party.after).toBeGreaterThan(party.before + 0.005); // ≥ 0.5 pp more of 黄浦's land
      // the 人民坊 brings all its categories: none loses, and 健康服务 is there too
      for (const slot of HUB_CATEGORIES) {
        const s = await landShares(page, `trial-compare-district-${DISTRICT}`, slot);
        expect(s.after).toBeGreaterThanOrEqual(s.before);
      }
      const city = await landShares(page, 'trial-compare-city', 'party');
      expect(city.after).toBeGreaterThan(city.before);
      await expect(page.getByTestId('trial-newly').textContent()).resolves.toMatch(/单类最多新增覆盖 [\d,]+ 人/);
      // the trial site is on the map and in the URL
      await page.waitForFunction(() => new Set((window.__map?.querySourceFeatures('planner-trials') ?? []).map((f) => f.properties.id)).size === 1);
      const url = new URL(page.url());
      const param = url.searchParams.get('trial');
      expect(param).toMatch(/^121\.\d{5},31\.\d{5},renminfang$/);
      // the click placed a site and did nothing else: no unit selected, and placing ended (one click, one site)
      expect(url.searchParams.has('sel')).toBe(false);
      await expect(page.getByTestId('trial-place').getAttribute('aria-pressed')).resolves.toBe('false');

      // drag the trial site 120 px east: the map does not pan, the site moves (URL and engine follow)
      await waitForMapIdle(page);
      const from = await screenPoint(page, gap.lng, gap.lat);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      await page.mouse.move(from.x + 60, from.y, { steps: 4 });
      await page.mouse.move(from.x + 120, from.y, { steps: 4 });
      await page.mouse.up();
      await page.waitForFunction((old) => new URL(location.href).searchParams.get('trial') !== old, param);
      const moved = new URL(page.url()).searchParams.get('trial')!.split(',').map(Number);
      const target = await page.evaluate(([x, y]) => {
        const m = window.__map!;
        const r = m.getCanvas().getBoundingClientRect();
        return m.unproject([x - r.left, y - r.top]).toArray();
      }, [from.x + 120, from.y] as const);
      expect(moved[0]).toBeCloseTo(target[0], 4);
      expect(moved[1]).toBeCloseTo(target[1], 4);
      const back = await screenPoint(page, gap.lng, gap.lat);
      expect(Math.hypot(back.x - from.x, back.y - from.y)).toBeLessThan(1); // the map did not pan
      await page.getByTestId('cov-status').filter({ hasText: '增量更新' }).waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('trial-list').locator('li').count()).resolves.toBe(1);
      // back where it was, by "move" then a click
      const movedParam = new URL(page.url()).searchParams.get('trial');
      await page.getByTestId('trial-list').getByRole('button', { name: '移动' }).click();
      await page.mouse.click(from.x, from.y);
      await page.waitForFunction((old) => new URL(location.href).searchParams.get('trial') !== old, movedParam);
      const home = new URL(page.url()).searchParams.get('trial')!.split(',').map(Number);
      expect(home[0]).toBeCloseTo(gap.lng, 4);
      expect(home[1]).toBeCloseTo(gap.lat, 4);
      await page.getByTestId(`trial-compare-district-${DISTRICT}`).waitFor({ timeout: 30_000 });
      expect(app.consoleErrors).toEqual([]);

      // the link reproduces the scenario: baseline first, then the trial site, then the comparison
      const again = await openApp(`?trial=${encodeURIComponent(param!)}#14/${gap.lat}/${gap.lng}`);
      try {
        await waitForMapIdle(again.page);
        await again.page.getByTestId(`trial-compare-district-${DISTRICT}`).waitFor({ timeout: 90_000 });
        const s2 = await landShares(again.page, `trial-compare-district-${DISTRICT}`, 'party');
        const s1 = await landShares(page, `trial-compare-district-${DISTRICT}`, 'party');
        expect(s2.before).toBeCloseTo(s1.before, 6);
        expect(s2.after).toBeCloseTo(s1.after, 6);

        // a speed change with the trial site in: one result reaches the map, and it includes the trial site
        const real = await again.page.evaluate(() => window.__coverageStore!.getState().baseline!.facilityCount);
        await again.page.evaluate(() => {
          window.__published = [];
          window.__coverageStore!.subscribe((s, prev) => {
            if (s.result !== prev.result && s.result) window.__published!.push(s.result.facilityCount);
          });
        });
        await again.page.getByTestId('cov-speed').fill('4');
        await again.page.getByTestId('cov-params').filter({ hasText: 'speed=4km/h' }).waitFor({ timeout: 60_000 });
        await again.page.getByTestId(`trial-compare-district-${DISTRICT}`).waitFor({ timeout: 30_000 });
        await again.page.waitForTimeout(500);
        await expect(again.page.evaluate(() => window.__published)).resolves.toEqual([real + 1]);
        expect(again.consoleErrors).toEqual([]);
      } finally {
        await again.close();
      }
    } finally {
      await app.close();
    }
  });

  it('suggests 人民坊 sites for a district, shows them ranked on the map, and adopts one', async () => {
    const app = await openApp('#12/31.225/121.48');
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 60_000 });
      await page.getByTestId('siting-target').selectOption('hub');
      await page.getByTestId('siting-scope').selectOption(DISTRICT);
      await page.getByTestId('siting-run').click();
      const list = page.getByTestId('siting-list');
      await list.waitFor({ timeout: 30_000 });
      await expect(list.locator('li').count()).resolves.toBe(5);
      await expect(list.locator('li').first().textContent()).resolves.toContain('黄浦区');
      // the first pick is the one the same algorithm finds in Node
      const firstPos = await list.locator('li').first().locator('.hint').nth(1).textContent();
      expect(firstPos).toBe(`${bundleFirst.lng.toFixed(5)}, ${bundleFirst.lat.toFixed(5)}`);
      // on the map: the five ranks in the source (tiles may repeat a point: count distinct ranks)
      await page.waitForFunction(() => new Set((window.__map?.querySourceFeatures('planner-suggestions') ?? []).map((f) => f.properties.rank)).size === 5);
      await waitForMapIdle(page);
      const ranks = await page.evaluate(() => window.__map!.queryRenderedFeatures({ layers: ['planner-suggestion-point'] }).map((f) => Number(f.properties.rank)).sort());
      expect(ranks.length).toBeGreaterThanOrEqual(1);
      expect(ranks[0]).toBe(1);
      await page.getByTestId('siting-adopt-1').click();
      await page.getByTestId('trial-list').locator('li').first().waitFor();
      await expect(page.getByTestId('siting-adopt-1').isDisabled()).resolves.toBe(true);
      await page.getByTestId('siting-stale').waitFor();
      expect(app.consoleErrors).toEqual([]);
      expect(app.externalRequests).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('exports the gap report: ledger CSV (BOM, one table, formula-safe) and Markdown with the notice and parameters line', { timeout: 360_000 }, async () => {
    const app = await openApp(`?sel=district%3A${DISTRICT}#12/31.225/121.48`);
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 60_000 });
      const params = (await page.getByTestId('cov-params').textContent())!.replace(/^参数：/, '');
      expect(params).toMatch(/^mode=walk speed=4\.5km\/h detour=1\.3/);
      await expect(page.getByTestId('report-scope').inputValue()).resolves.toBe(DISTRICT);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
      expect(csv.suggestedFilename()).toMatch(/^缺口报告-黄浦区-\d{4}-\d{2}-\d{2}-问题清单\.csv$/);
      const bytes = readFileSync(await csv.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      const lines = text.split('\r\n').filter(Boolean);
      expect(lines[0]).toBe('序号,单元,所在区,类别,指标,现状值,标准/目标,差距,未覆盖人口（估算）,建议措施,数据来源');
      expect(lines.length).toBeGreaterThan(10);
      for (const line of lines) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@]/);
      const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-md').click()]);
      expect(md.suggestedFilename().endsWith('.md')).toBe(true);
      const mdText = readFileSync(await md.path(), 'utf8');
      expect(mdText).toContain('# 15 分钟社区生活圈评估报告：黄浦区');
      expect(mdText).toContain('示例数据，位置为模拟');
      expect(mdText).toContain(params);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
