/**
 * Rasterises the report's SVG figures to PNG with the system Chromium (playwright-core, the
 * same browser and launch flags as the e2e tests), for the Word document on the command line.
 * In the app the browser's own canvas does it (src/ui/planner/rasterise.ts).
 */
import { chromium, type Browser } from 'playwright-core';
import type { Rasterise } from '../../src/report/docxReport';
import { figureSvg } from '../../src/report/figure';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function chromiumRasteriser(): Promise<{ rasterise: Rasterise; close: () => Promise<void> }> {
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    throw new Error(`cannot start Chromium at ${CHROMIUM} (it draws the Word file's images; set CHROMIUM_PATH): ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
  }
  const contexts = new Map<number, Awaited<ReturnType<Browser['newContext']>>>();
  const rasterise: Rasterise = async (figure, scale) => {
    const { width, height } = figure;
    const svg = figureSvg(figure);
    let ctx = contexts.get(scale);
    if (!ctx) {
      ctx = await browser.newContext({ deviceScaleFactor: scale, viewport: { width, height } });
      await ctx.route('**/*', (r) => (r.request().url().startsWith('data:') ? r.continue() : r.abort()));
      contexts.set(scale, ctx);
    }
    const page = await ctx.newPage();
    try {
      await page.setViewportSize({ width, height });
      await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
      return new Uint8Array(await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height } }));
    } finally {
      await page.close();
    }
  };
  return { rasterise, close: () => browser.close() };
}
