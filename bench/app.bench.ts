/**
 * `npm run bench:app` (after `npm run build`): the built app in Debian's headless Chromium,
 * served from dist/ by one small static server twice: with the cross-origin isolation headers of
 * vite.config.ts, opened with `?threads=T` (--threads, default 2: the coverage worker and T − 1
 * helpers), and without them (one thread whatever is asked). For each: the first result after opening the page (median of --loads page loads) and
 * a full recompute after each of --changes walking-speed changes, --settle ms apart (the map's
 * repaint of one result finishes before the next change): the answer on the page
 * (`lastRunMs`) and the engine's own time in the worker (`timing.totalMs`). Last line: JSON.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const argv = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const LOADS = arg('--loads', 3);
const CHANGES = arg('--changes', 8);
const SETTLE = arg('--settle', 2000);
const THREADS = arg('--threads', 2);
const DIST = resolve(import.meta.dirname, '../dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.geojson': 'application/geo+json', '.osm': 'application/xml',
  '.webmanifest': 'application/manifest+json', '.txt': 'text/plain',
};

function serve(isolated: boolean): Promise<Server> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^[/\\]+/, '') || 'index.html';
    try {
      const body = await readFile(join(DIST, path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream', ...(isolated ? ISOLATION : {}) });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Figures { isolated: boolean; threads: number; firstMs: number[]; answerMs: number[]; engineMs: number[] }

async function measure(browser: Browser, url: string): Promise<Figures> {
  const out: Figures = { isolated: false, threads: 0, firstMs: [], answerMs: [], engineMs: [] };
  for (let load = 0; load < LOADS; load++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(url);
    const done = () => page.waitForFunction(() => window.__coverageStore?.getState().status === 'done', undefined, { timeout: 120_000 });
    await done();
    out.firstMs.push(Date.now() - t0);
    if (load === LOADS - 1) {
      // the speed changes, on the last page
      for (let k = 0; k < CHANGES; k++) {
        await page.getByTestId('cov-speed').fill(['5', '4', '4.5', '3.5'][k % 4]);
        await page.getByTestId('cov-speed').press('Enter');
        await page.waitForFunction(() => window.__coverageStore?.getState().status !== 'done', undefined, { timeout: 10_000 }).catch(() => undefined);
        await done();
        const r = await page.evaluate(() => {
          const s = window.__coverageStore!.getState();
          return { isolated: crossOriginIsolated, answer: s.lastRunMs ?? 0, engine: s.result!.timing.totalMs, threads: s.result!.timing.threads };
        });
        out.answerMs.push(Math.round(r.answer));
        out.engineMs.push(Math.round(r.engine));
        out.isolated = r.isolated;
        out.threads = r.threads;
        await page.waitForTimeout(SETTLE);
      }
    }
    await context.close();
  }
  return out;
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  const servers = [await serve(true), await serve(false)];
  try {
    const rows: Figures[] = [];
    for (const server of servers) rows.push(await measure(browser, `http://127.0.0.1:${(server.address() as AddressInfo).port}/?threads=${THREADS}`));
    console.log(`the built app (dist/) in headless Chromium, ${LOADS} page loads and ${CHANGES} walking-speed changes ${SETTLE} ms apart per server`);
    console.log('headers | cross-origin isolated | threads | first result ms (median; all) | answer ms (median; all) | engine ms (median; all)');
    console.log('--- | --- | --- | --- | --- | ---');
    rows.forEach((r, i) => console.log(`${i === 0 ? 'COOP + COEP' : 'none'}, ?threads=${THREADS} | ${r.isolated} | ${r.threads} | ${median(r.firstMs)}; ${r.firstMs.join(', ')} | ${median(r.answerMs)}; ${r.answerMs.join(', ')} | ${median(r.engineMs)}; ${r.engineMs.join(', ')}`));
    const [iso, plain] = rows;
    console.log(JSON.stringify({
      threads: iso.threads, first_ms: median(iso.firstMs), answer_ms: median(iso.answerMs), engine_ms: median(iso.engineMs),
      one_thread_first_ms: median(plain.firstMs), one_thread_answer_ms: median(plain.answerMs), one_thread_engine_ms: median(plain.engineMs),
    }));
  } finally {
    for (const s of servers) s.close();
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(`bench:app: ${e instanceof Error ? e.message : String(e)} (build first: npm run build)`);
  process.exit(1);
});
