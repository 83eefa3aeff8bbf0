/**
 * `npm run screenshots` (builds first): serves dist/ with `vite preview`, opens each screen in Debian's headless Chromium at 1440×900 and 375×667, and
 * writes the PNGs to docs/ (or to the folder given with --out). Only this command writes docs/;
 * the tests write their screenshots under test-results/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { preview } from 'vite';
import { chromium, type Page } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const outArg = process.argv.indexOf('--out');
const out = resolve(root, outArg > 0 ? process.argv[outArg + 1] : 'docs');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 667 };

interface Shot {
  name: string;
  query: string;
  viewport: { width: number; height: number };
  /** runs after the map is idle, before the screenshot */
  prepare?: (page: Page) => Promise<void>;
}

async function waitIdle(page: Page) {
  await page.waitForFunction(() => Boolean((window as unknown as { __map?: { getSource: (s: string) => unknown } }).__map?.getSource('facilities')), undefined, { timeout: 60_000 });
  await page.evaluate(
    () =>
      new Promise<void>((res) => {
        const m = (window as unknown as { __map: { loaded(): boolean; isMoving(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void } }).__map;
        const t = setTimeout(res, 10_000);
        m.once('idle', () => { clearTimeout(t); res(); });
        m.triggerRepaint();
      }),
  );
  await page.locator('[data-testid="map-loading"]').waitFor({ state: 'detached', timeout: 120_000 });
}

async function coverageDone(page: Page) {
  await page.getByTestId('cov-status').waitFor({ timeout: 60_000 });
  await waitIdle(page);
}

const SHOTS: Shot[] = [
  { name: 'planner-desktop', query: '?sel=district%3A310112', viewport: DESKTOP, prepare: coverageDone },
  { name: 'planner-gaps-desktop', query: '?sel=district%3A310112#12.6/31.09/121.42', viewport: DESKTOP, prepare: coverageDone },
  { name: 'planner-desktop-en', query: '?lang=en&sel=district%3A310112', viewport: DESKTOP, prepare: coverageDone },
  { name: 'planner-phone', query: '?view=planner', viewport: PHONE },
  { name: 'resident-desktop', query: '?view=resident&at=121.4737,31.2304', viewport: DESKTOP },
  { name: 'resident-phone', query: '?view=resident&at=121.4737,31.2304', viewport: PHONE },
  { name: 'resident-phone-start', query: '', viewport: PHONE },
  { name: 'plan-desktop', query: '?view=plan', viewport: DESKTOP },
  { name: 'plan-desktop-en', query: '?view=plan&lang=en', viewport: DESKTOP },
  { name: 'plan-phone', query: '?view=plan', viewport: PHONE },
];

async function main() {
  if (!existsSync(resolve(root, 'dist/index.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  mkdirSync(out, { recursive: true });
  const server = await preview({ root, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const base = server.resolvedUrls?.local[0];
  if (!base) throw new Error('vite preview did not report a URL');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  try {
    for (const shot of SHOTS) {
      if (only && !only.includes(shot.name)) continue;
      const context = await browser.newContext({ viewport: shot.viewport, serviceWorkers: 'block', isMobile: shot.viewport.width < 700, hasTouch: shot.viewport.width < 700 });
      await context.route('**/*', (r) => (/^https?:\/\/(127\.0\.0\.1|localhost)/.test(r.request().url()) || !/^https?:/.test(r.request().url()) ? r.continue() : r.abort()));
      const page = await context.newPage();
      await page.goto(new URL(shot.query, base).toString());
      await waitIdle(page);
      await shot.prepare?.(page);
      const file = resolve(out, `${shot.name}.png`);
      await page.screenshot({ path: file });
      console.log(`${shot.name}: ${file}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
