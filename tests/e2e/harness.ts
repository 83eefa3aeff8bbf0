/**
 * Real headless Debian Chromium driven by playwright-core. Every page records console
 * errors and blocks (and records) any request that would leave localhost.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface AppPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  externalRequests: string[];
  close: () => Promise<void>;
}

let browser: Browser | null = null;
let profile: string | null = null;

export async function getBrowser(): Promise<Browser> {
  if (browser) return browser;
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`);
  profile = mkdtempSync(join(tmpdir(), 'shq-chromium-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    ],
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
  if (profile) rmSync(profile, { recursive: true, force: true });
  profile = null;
}

const isLocal = (url: string) => {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
};

/** Opens the built app at `query` (e.g. "?lang=en" or "?view=plan#10/31.2/121.4"). */
export async function openApp(query = '', viewport = { width: 1280, height: 800 }, options: { acceptDownloads?: boolean } = {}): Promise<AppPage> {
  const b = await getBrowser();
  const context = await b.newContext({ viewport, acceptDownloads: options.acceptDownloads ?? true, serviceWorkers: 'block' });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const externalRequests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    externalRequests.push(url);
    return route.abort();
  });
  const base = inject('baseUrl');
  await page.goto(new URL(query, base).toString());
  return { page, context, consoleErrors, externalRequests, close: () => context.close() };
}

/** Waits until the data is loaded and the map has rendered everything (idle). */
export async function waitForMapIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => Boolean(window.__map?.getSource('facilities')), undefined, { timeout });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const m = window.__map!;
        if (m.loaded() && !m.isMoving()) {
          m.once('idle', () => resolve());
          m.triggerRepaint();
        } else m.once('idle', () => resolve());
      }),
  );
  // the loading cover goes once the base layers are drawn (until then it answers clicks itself)
  await page.locator('[data-testid="map-loading"]').waitFor({ state: 'detached', timeout });
}

/** Number of rendered features per layer id, in the current viewport. */
export async function renderedCounts(page: Page, layers: string[]): Promise<Record<string, number>> {
  return page.evaluate((ids) => {
    const m = window.__map!;
    const out: Record<string, number> = {};
    for (const id of ids) out[id] = m.getLayer(id) ? m.queryRenderedFeatures({ layers: [id] }).length : -1;
    return out;
  }, layers);
}

/** Screen position (relative to the page) of the first rendered feature of `layer` matching `prop=value`. */
export async function featureScreenPoint(page: Page, layer: string, prop?: string, value?: string): Promise<{ x: number; y: number; props: Record<string, unknown> } | null> {
  return page.evaluate(
    ([id, p, v]) => {
      const m = window.__map!;
      const rect = m.getCanvas().getBoundingClientRect();
      const feats = m.queryRenderedFeatures({ layers: [id!] });
      // the matching point nearest the canvas centre (edge features may be covered by controls)
      let best: { x: number; y: number; props: Record<string, unknown>; d: number } | null = null;
      for (const f of feats) {
        if (f.geometry.type !== 'Point' || (p && String(f.properties[p]) !== v)) continue;
        const pt = m.project(f.geometry.coordinates as [number, number]);
        const d = Math.hypot(pt.x - rect.width / 2, pt.y - rect.height / 2);
        if (!best || d < best.d) best = { x: rect.left + pt.x, y: rect.top + pt.y, props: f.properties, d };
      }
      return best && { x: best.x, y: best.y, props: best.props };
    },
    [layer, prop, value] as const,
  );
}
