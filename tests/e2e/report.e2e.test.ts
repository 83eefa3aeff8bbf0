// The gap report from the app in real Chromium: preview, then PDF (pdf-lib in the report
// worker, font fetched from the build) and Word (figures rasterised by the page's canvas);
// the files are opened with pdftotext and by unzipping word/document.xml.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, waitForMapIdle } from './harness';

const DISTRICT = '310112'; // 闵行区

function unzip(buf: Buffer): Map<string, Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20), nameLen = buf.readUInt16LE(p + 28), extra = buf.readUInt16LE(p + 30), comment = buf.readUInt16LE(p + 32), local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

afterAll(async () => {
  await closeBrowser();
});

describe('gap report files from the app', () => {
  it('previews 闵行区 and downloads a PDF and a Word file with maps, standards and the ledger', { timeout: 480_000 }, async () => {
    const app = await openApp(`?sel=district%3A${DISTRICT}#11/31.1/121.42`, { width: 1440, height: 900 });
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 90_000 });
      await expect(page.getByTestId('report-scope').inputValue()).resolves.toBe(DISTRICT);
      await page.getByTestId('report-panel').scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'test-results/report-panel-1440.png' });
      await page.getByTestId('report-preview-open').click();
      const preview = page.getByTestId('report-preview');
      await preview.waitFor({ timeout: 60_000 });
      await expect(preview.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('15 分钟社区生活圈评估报告：闵行区');
      expect(await preview.locator('figure img').count()).toBeGreaterThanOrEqual(4);
      await page.screenshot({ path: 'test-results/report-preview-1440.png' });

      const [pdf] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), preview.getByTestId('report-pdf').click()]);
      expect(pdf.suggestedFilename()).toMatch(/^缺口报告-闵行区-\d{4}-\d{2}-\d{2}\.pdf$/);
      const pdfPath = await pdf.path();
      const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
      expect(info).toMatch(/\(A4\)/);
      const text = execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(text).toContain('闵行区');
      for (const c of ['党群服务', '养老服务', '托育服务', '社区助餐', '家政便民', '健康服务', '体育健身', '文化休闲', '儿童游憩', '就业服务']) expect(text).toContain(c);
      expect(text).toContain('GB 50180-2018');
      expect(text).toContain('问题清单');
      expect(text).toContain('示例数据，位置为模拟');
      expect(text).not.toContain('长宁区'); // nothing from outside the scope

      const [docx] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), preview.getByTestId('report-docx').click()]);
      expect(docx.suggestedFilename()).toMatch(/^缺口报告-闵行区-\d{4}-\d{2}-\d{2}\.docx$/);
      const files = unzip(readFileSync(await docx.path()));
      const xml = files.get('word/document.xml')!.toString('utf8');
      expect(xml.includes('<w:pStyle w:val="Heading1"/>')).toBe(true);
      expect((xml.match(/<w:tbl>/g) ?? []).length).toBeGreaterThanOrEqual(6);
      const media = [...files.entries()].filter(([k]) => k.startsWith('word/media/'));
      expect(media.length).toBeGreaterThanOrEqual(4);
      for (const [, png] of media) {
        expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
        expect(png.readUInt32BE(16)).toBe(2000); // 1000-px figures at 2×
      }
      expect(xml.includes('闵行区')).toBe(true);
      expect(xml.includes('GB 50180-2018')).toBe(true);
      expect(app.consoleErrors).toEqual([]);
      expect(app.externalRequests).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('the preview fits a phone screen', { timeout: 300_000 }, async () => {
    const app = await openApp(`?view=planner&sel=district%3A${DISTRICT}#11/31.1/121.42`, { width: 375, height: 667 }); // phones open the residents' view by default
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('cov-status').waitFor({ timeout: 90_000 });
      await page.getByTestId('report-preview-open').scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'test-results/report-panel-375.png' });
      await page.getByTestId('report-preview-open').click();
      const preview = page.getByTestId('report-preview');
      await preview.waitFor({ timeout: 60_000 });
      const box = await preview.locator('.report-preview').boundingBox();
      expect(box!.width).toBeLessThanOrEqual(375);
      await page.screenshot({ path: 'test-results/report-preview-375.png' });
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
