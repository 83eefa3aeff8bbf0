import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, waitForMapIdle } from './harness';

afterAll(closeBrowser);

const root = resolve(import.meta.dirname, '../..');
const gbkFixture = readFileSync(resolve(root, 'tests/fixtures/facilities-gbk.csv'));
const XSS = '<img src=x onerror=alert(1)>';

/** Names of the facilities in the map's GeoJSON source (all of them, not only those on screen). */
const SOURCE_NAMES = () => {
  const src = window.__map!.getSource('facilities') as unknown as { _data?: { geojson?: { features: { properties: { name: string } }[] }; features?: { properties: { name: string } }[] } };
  const data = src._data && 'geojson' in src._data ? src._data.geojson : src._data;
  return (data?.features ?? []).map((f) => f.properties.name);
};

describe('importing a GBK facility CSV in Chromium', () => {
  it('shows the imported facilities on the map, drops the demo banner, survives a reload, and resets to demo', async () => {
    const app = await openApp('#12/31.235/121.44');
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('synthetic-banner').waitFor();
      await page.getByRole('button', { name: '导入设施清单（CSV）' }).click();
      await page.getByRole('dialog').getByLabel('文件', { exact: true }).setInputFiles({ name: '设施清单.csv', mimeType: 'text/csv', buffer: gbkFixture });
      const summary = page.getByTestId('import-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toBe('共 13 行：载入 7，拒绝 6，有警告 1');
      expect(await page.getByTestId('import-detected').textContent()).toContain('GB18030');
      await page.getByRole('button', { name: '载入 7 个设施到地图' }).click();
      await page.getByTestId('synthetic-banner').waitFor({ state: 'detached' });
      await waitForMapIdle(page);

      // the map's facility source holds exactly the imported rows, with Chinese names decoded
      const names = await page.evaluate(SOURCE_NAMES);
      expect(names.sort()).toEqual(['<img src=x onerror=alert(1)>', '外滩社区食堂', '填反的六艺亭', '度分秒写法', '徐家汇 "邻里" 中心, 东区', '曹杨新村人民坊', '长风六艺亭'].sort());
      // and they are drawn: at least the ones inside this view
      const drawn = await page.evaluate(() =>
        ['facilities-renminfang', 'facilities-liuyiting', 'facilities-embedded'].flatMap((id) => window.__map!.queryRenderedFeatures({ layers: [id] }).map((f) => f.properties.name as string)),
      );
      expect(drawn).toContain('曹杨新村人民坊');
      expect(drawn).toContain(XSS);

      // imported text stays text: the markup name shows literally in the dataset list, no <img> anywhere
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.getByTestId('import-datasets').textContent()).toMatch(/^设施清单\.csv \d{4}-\d\d-\d\d \d\d:\d\d \(7\)/);

      // a reload brings the import back from IndexedDB
      await page.reload();
      await waitForMapIdle(page);
      await page.getByTestId('import-message').waitFor();
      expect(await page.getByTestId('import-message').textContent()).toContain('已恢复上次导入的数据（7 个设施）');
      await page.waitForFunction(() => {
        const src = window.__map!.getSource('facilities') as unknown as { _data?: unknown };
        return JSON.stringify(src._data ?? '').includes('曹杨新村人民坊');
      });
      expect(await page.getByTestId('synthetic-banner').count()).toBe(0);

      // reset to demo
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: '恢复示例数据' }).click();
      await page.getByTestId('synthetic-banner').waitFor();
      expect(app.consoleErrors).toEqual([]);
      expect(app.externalRequests).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('parses a 100k-row GBK file in the worker with a progress bar while the page keeps drawing frames', async () => {
    const rows = ['名称,类型,服务类别,状态,区,经度,纬度'];
    let seed = 1;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    for (let i = 0; i < 100_000; i++) rows.push(`设施${i},六艺亭,体育健身,已建成,浦东新区,${(121.4 + rand() * 0.3).toFixed(6)},${(31.0 + rand() * 0.3).toFixed(6)}`);
    const buffer = iconv.encode(rows.join('\r\n'), 'gbk');
    const app = await openApp('');
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByRole('button', { name: '导入设施清单（CSV）' }).click();
      // from the moment the progress bar shows until the first frame after the report: count
      // animation frames and the longest gap between them (the file hand-over by the test
      // driver itself, before the import starts, is not the app's work and is not counted)
      await page.evaluate(() => {
        type F = { n: number; maxGap: number; last: number; state: 'wait' | 'run' | 'ending' | 'done' };
        const w = window as unknown as { __frames: F };
        const f: F = { n: 0, maxGap: 0, last: 0, state: 'wait' };
        w.__frames = f;
        const obs = new MutationObserver(() => {
          if (f.state === 'wait' && document.querySelector('[data-testid=import-progress]')) {
            f.state = 'run';
            f.last = performance.now();
          }
          if (f.state === 'run' && document.querySelector('[data-testid=import-summary]')) f.state = 'ending';
        });
        obs.observe(document.body, { subtree: true, childList: true });
        const tick = (t: number) => {
          if (f.state === 'run' || f.state === 'ending') {
            f.maxGap = Math.max(f.maxGap, t - f.last);
            f.last = t;
            f.n++;
          }
          if (f.state === 'ending') {
            f.state = 'done';
            obs.disconnect();
          } else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      // drop the file as a user would drag it in (the bytes are handed to the page first)
      await page.evaluate((b64) => {
        const bin = atob(b64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        const dt = new DataTransfer();
        dt.items.add(new File([bytes], 'big.csv', { type: 'text/csv' }));
        (window as unknown as { __dt: DataTransfer }).__dt = dt;
      }, buffer.toString('base64'));
      const t0 = Date.now();
      await page.getByTestId('import-drop').dispatchEvent('drop', { dataTransfer: await page.evaluateHandle(() => (window as unknown as { __dt: DataTransfer }).__dt) });
      await page.getByTestId('import-progress').waitFor({ timeout: 10_000 });
      await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
      const ms = Date.now() - t0;
      await page.waitForFunction(() => (window as unknown as { __frames: { state: string } }).__frames.state === 'done');
      const frames = await page.evaluate(() => (window as unknown as { __frames: { n: number; maxGap: number } }).__frames);
      console.log(`100k-row GBK import in Chromium (worker): ${ms} ms; ${frames.n} frames drawn meanwhile, longest gap ${Math.round(frames.maxGap)} ms`);
      expect(await page.getByTestId('import-summary').textContent()).toBe('共 100000 行：载入 100000，拒绝 0，有警告 0');
      expect(frames.n).toBeGreaterThan(10);
      expect(frames.maxGap).toBeLessThan(500);
      await page.getByRole('button', { name: '载入 100000 个设施到地图' }).click();
      await page.getByTestId('synthetic-banner').waitFor({ state: 'detached' });
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
