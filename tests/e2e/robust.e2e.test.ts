/**
 * Imports and saves under faults, in Chromium (issue 14 item 8, issue 13 items 15–16): the
 * coordinate-system choice before loading, several categories for 养老托育, and a save that
 * fails when the browser has no IndexedDB. Screenshots at 1440×900 and 375×667 go to
 * test-results/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp } from './harness';

afterAll(closeBrowser);

const root = resolve(import.meta.dirname, '../..');
const shots = resolve(root, 'test-results');
mkdirSync(shots, { recursive: true });
// no district or 街镇 column, no loaded real facilities: nothing can tell the coordinate system
const CSV = '名称,服务类别,经度,纬度\n甲站,养老托育、健康服务,121.470,31.230\n乙站,社区养老托育点,121.480,31.232\n';

describe('import dialog and saving under faults', () => {
  for (const [w, h] of [[1440, 900], [375, 667]] as const) {
    it(`asks for the coordinate system before loading and maps 养老托育 to two categories (${w}×${h})`, async () => {
      const app = await openApp('?view=planner#13/31.23/121.47', { width: w, height: h });
      try {
        const { page } = app;
        await page.getByRole('button', { name: '导入设施清单（CSV）' }).waitFor({ timeout: 60_000 });
        await page.getByRole('button', { name: '导入设施清单（CSV）' }).click({ timeout: 90_000 });
        await page.getByRole('dialog').getByLabel('文件', { exact: true }).setInputFiles({ name: '无区名.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
        const choice = page.getByTestId('import-crs-choice');
        await choice.waitFor();
        expect(await page.getByTestId('import-summary').textContent()).toContain('载入 1');
        expect(await page.getByRole('button', { name: /个设施到地图/ }).count()).toBe(0);
        expect(await page.getByLabel('社区养老托育点 → 养老服务').isChecked()).toBe(true);
        expect(await page.getByLabel('社区养老托育点 → 托育服务').isChecked()).toBe(true);
        await choice.scrollIntoViewIfNeeded();
        await page.screenshot({ path: resolve(shots, `robust-import-crs-${w}.png`) });
        await choice.getByLabel(/GCJ-02/).click({ timeout: 90_000 });
        await page.getByRole('button', { name: '载入 1 个设施到地图' }).waitFor();
        expect(app.consoleErrors).toEqual([]);
      } catch (e) {
        await app.page.screenshot({ path: resolve(shots, `robust-debug-${w}.png`) });
        throw e;
      } finally {
        await app.close();
      }
    }, 300_000);
  }

  it('without IndexedDB the panel says the data is not kept and offers the workspace file', async () => {
    const app = await openApp('?view=planner#13/31.23/121.47', { width: 1440, height: 900 });
    try {
      const { page, context } = app;
      await context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }));
      await page.reload();
      await page.getByRole('button', { name: '导入设施清单（CSV）' }).waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: '导入设施清单（CSV）' }).click({ timeout: 90_000 });
      await page.getByRole('dialog').getByLabel('文件', { exact: true }).setInputFiles({ name: '无区名.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
      await page.getByTestId('import-crs-choice').getByLabel(/WGS84/).click({ timeout: 90_000 });
      await page.getByRole('button', { name: '载入 1 个设施到地图' }).click({ timeout: 90_000 });
      const alert = page.getByTestId('save-failed');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('IndexedDB is not available');
      expect(await page.getByText('导入的数据保存在本浏览器中，刷新后仍在。').count()).toBe(0);
      await alert.scrollIntoViewIfNeeded();
      await page.screenshot({ path: resolve(shots, 'robust-save-failed-1440.png') });
      const download = page.waitForEvent('download');
      await page.getByTestId('save-download').click({ timeout: 90_000 });
      expect((await download).suggestedFilename()).toMatch(/^shenghuoquan-workspace-.*\.json$/);
    } finally {
      await app.close();
    }
  }, 300_000);
});
