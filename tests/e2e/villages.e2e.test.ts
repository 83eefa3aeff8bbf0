/**
 * 居委 population in the built app (issue 11 item 4): the import worker loads the 2023
 * 居委 list itself (a separate chunk) and joins a GBK file as Chinese Excel writes it; the
 * report shows the sums per district and the unmatched names, at 1440×900 and 375×667
 * (screenshots in test-results/).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, waitForMapIdle } from './harness';

afterAll(closeBrowser);

const root = resolve(import.meta.dirname, '../..');
const fixture = readFileSync(resolve(root, 'tests/fixtures/villages-population-gbk.csv'));
const out = resolve(root, 'test-results');

describe('居委 population import in Chromium', () => {
  for (const [w, h] of [[1440, 900], [375, 667]] as const) {
    it(`joins the GBK table in the worker and reports it at ${w}×${h}`, async () => {
      const app = await openApp('?view=planner', { width: w, height: h });
      try {
        const { page } = app;
        await waitForMapIdle(page);
        await page.getByRole('button', { name: '导入居委人口（CSV）' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('文件', { exact: true }).setInputFiles({ name: '居委人口.csv', mimeType: 'text/csv', buffer: fixture });
        const summary = page.getByTestId('import-summary');
        await summary.waitFor();
        expect(await summary.textContent()).toBe('共 15 行：匹配 10 个居委/村，合计 27,725 人；未用 5 行');
        expect(await page.getByTestId('import-village-summary').textContent()).toBe('14 行写了居委/村：匹配 10（按代码 2，按名称 8），未匹配 4');
        // the census beside the sums comes from the shipped districts (黄浦区 2020: 662,030)
        expect(await page.getByTestId('import-village-districts').locator('tr', { hasText: '黄浦区' }).textContent()).toBe('黄浦区4 / 1706,995662,0301.1%');
        expect(await page.getByTestId('import-village-no-streets').isVisible()).toBe(true);
        const dl = page.waitForEvent('download');
        await page.getByTestId('import-village-download').click();
        expect((await dl).suggestedFilename()).toBe('居委人口.villages-unmatched.csv');
        mkdirSync(out, { recursive: true });
        await page.getByTestId('import-village').scrollIntoViewIfNeeded();
        await page.screenshot({ path: resolve(out, `villages-import-${w}x${h}.png`) });
        expect(app.consoleErrors).toEqual([]);
        expect(app.externalRequests).toEqual([]);
      } finally {
        await app.close();
      }
    }, 120_000);
  }
});
