import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pointOnFeature } from '@turf/turf';
import type { DistrictCollection } from '../../src/domain/types';
import { closeBrowser, openApp, renderedCounts, waitForMapIdle } from './harness';

afterAll(closeBrowser);

const root = resolve(__dirname, '../..');
const districts = JSON.parse(readFileSync(resolve(root, 'geodata/districts.geojson'), 'utf8')) as DistrictCollection;

function bodyNames(page: import('playwright-core').Page): Promise<string[]> {
  return page.locator('[data-testid="plan-table"] tbody th[scope="row"]').allTextContents();
}

describe('the 2025 plan view in a real browser', () => {
  it('a link opens the plan view with the choropleth, the table with its totals and the legend', async () => {
    const app = await openApp('?view=plan');
    try {
      await waitForMapIdle(app.page);
      await app.page.getByTestId('plan-view').waitFor();
      await expect(app.page.getByRole('tab', { name: '年度计划' }).getAttribute('aria-selected')).resolves.toBe('true');
      expect(await bodyNames(app.page)).toHaveLength(16);
      const foot = await app.page.locator('[data-testid="plan-table"] tfoot tr').locator('th,td').allTextContents();
      expect(foot.slice(0, 7)).toEqual(['合计', '2,454', '2,097', '85.5%', '71', '50', '70.4%']);
      expect(foot.slice(8, 11)).toEqual(['38', '32', '84.2%']);
      await waitForMapIdle(app.page);
      const counts = await renderedCounts(app.page, ['plan-choropleth-fill']);
      expect(counts['plan-choropleth-fill']).toBeGreaterThanOrEqual(16);
      // the map's fill colour of 黄浦 (109/206 = 52.9 %) is the lowest legend class
      const legend = await app.page.locator('[data-testid="plan-legend"] [data-color]').evaluateAll((els) => els.map((e) => e.getAttribute('data-color')));
      const huangpu = await app.page.evaluate(() => {
        const f = window.__map!.querySourceFeatures('plan-choropleth').find((x) => x.properties.code === '310101');
        return f?.properties.rate as number | undefined;
      });
      expect(huangpu).toBeCloseTo(109 / 206, 6);
      expect(legend).toHaveLength(6);
      expect(app.consoleErrors).toEqual([]);
      expect(app.externalRequests).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('sorts the table, selects a district by clicking it on the map, and keeps the selection in the URL', async () => {
    const app = await openApp('?view=plan&off=embedded,renminfang,liuyiting#11/31.225/121.475');
    try {
      await waitForMapIdle(app.page);
      await app.page.getByTestId('plan-view').waitFor();
      const sort = app.page.getByRole('button', { name: '按“项目完成率”排序' });
      await sort.click();
      expect((await bodyNames(app.page)).slice(0, 2)).toEqual(['黄浦区', '奉贤区']);
      await sort.click();
      expect((await bodyNames(app.page)).slice(0, 3)).toEqual(['长宁区', '普陀区', '虹口区']);
      await expect(sort.locator('xpath=..').getAttribute('aria-sort')).resolves.toBe('descending');

      // click inside 黄浦区 on the map (a point guaranteed inside its polygon)
      const huangpu = districts.features.find((f) => f.properties.code === '310101')!;
      const [lng, lat] = pointOnFeature(huangpu).geometry.coordinates;
      const pt = await app.page.evaluate(([x, y]) => {
        const m = window.__map!;
        const p = m.project([x, y]);
        const r = m.getCanvas().getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      }, [lng, lat] as const);
      await app.page.mouse.click(pt.x, pt.y);
      const detail = app.page.getByTestId('plan-detail');
      await detail.waitFor();
      await expect(detail.getAttribute('data-code')).resolves.toBe('310101');
      await expect(detail.locator('h3').first().textContent()).resolves.toContain('黄浦区');
      await expect(detail.getByTestId('plan-vs-data').textContent()).resolves.toContain('计划 1 个人民坊，数据 1 个');
      expect(app.page.url()).toContain('sel=district%3A310101');
      expect(app.page.url()).toContain('view=plan');
      expect(app.page.url()).toContain('psort=');
      // the link reproduces the sorted table in a fresh page
      const again = await openApp(app.page.url().slice(app.page.url().indexOf('?')));
      try {
        await again.page.getByTestId('plan-view').waitFor();
        expect((await bodyNames(again.page)).slice(0, 3)).toEqual(['长宁区', '普陀区', '虹口区']);
      } finally {
        await again.close();
      }
      await waitForMapIdle(app.page);
      const selected = await app.page.evaluate(() =>
        window.__map!.querySourceFeatures('plan-choropleth').filter((f) => f.properties.selected === true).map((f) => f.properties.code),
      );
      expect([...new Set(selected)]).toEqual(['310101']);
      await expect(app.page.locator('[data-testid="plan-table"] tr.plan-selected').getAttribute('data-code')).resolves.toBe('310101');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('exports the table as a CSV file with the UTF-8 BOM and the annex totals', async () => {
    const app = await openApp('?view=plan');
    try {
      await app.page.getByTestId('plan-view').waitFor();
      const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.getByTestId('plan-export').click()]);
      expect(download.suggestedFilename()).toBe('2025年项目计划_分区.csv');
      const bytes = readFileSync(await download.path());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(lines).toHaveLength(18);
      expect(lines[0].startsWith('区划代码,区,项目计划数,项目年内完成,项目完成率 (%),')).toBe(true);
      expect(lines[1].startsWith('310115,浦东新区,416,374,89.9,14,11,78.6,7,7,100,')).toBe(true);
      // demo data holds exactly the planned 人民坊 / 六艺亭: 71 and 38
      // the last two: residents per hub in the loaded data (71 and 38 demo hubs)
      expect(lines[17]).toBe(',合计,2454,2097,85.5,71,50,70.4,38,32,84.2,71,38,24870895,350294,654497,350294,654497');
    } finally {
      await app.close();
    }
  });

  it('opens in English from the link and follows the language switch', async () => {
    const app = await openApp('?view=plan&lang=en&sel=district%3A310115');
    try {
      await app.page.getByRole('heading', { name: '2025 project plan by district' }).waitFor();
      await expect(app.page.getByTestId('plan-detail').locator('h3').first().textContent()).resolves.toBe('Pudong · 2025 plan');
      await expect(app.page.getByTestId('plan-vs-data').textContent()).resolves.toContain('plan 14 Renminfang hubs, data 14');
      await app.page.getByRole('button', { name: 'Switch to Chinese' }).click();
      await app.page.getByRole('heading', { name: '2025 年项目计划（分区）' }).waitFor();
      expect(app.page.url()).not.toContain('lang=en');
      expect((await bodyNames(app.page))[0]).toBe('浦东新区');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
