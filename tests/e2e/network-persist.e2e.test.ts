// The user's street network in a real browser (issue 10 item 1, 3, 4): a small .osm file loaded
// from the network panel is kept in IndexedDB and is back after a reload with its import report,
// network mode computes on it and its extent is outlined on the map; the coverage export in
// network mode has the overstatement columns; a workspace file names the network, and opening
// it while another network is loaded holds network figures and offers to load that file.
// Screenshots of the network panel and the map with the extent at 1440×900 and 375×667 go to
// test-results/.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, openApp, waitForMapIdle } from './harness';

afterAll(closeBrowser);

const AT = '#15/31.2300/121.4720';
const dir = mkdtempSync(join(tmpdir(), 'net-persist-e2e-'));

// a smaller network than the shipped extract (another file, another extent)
function smallOsm(): string {
  const text = readFileSync('geodata/renminguangchang-drive-2026.osm', 'utf8');
  const ways = [...text.matchAll(/<way [\s\S]*?<\/way>/g)].map((m) => m[0]);
  // the ways west of 121.4745 (every node), with only their nodes: a file with its own, smaller extent
  const lon = new Map([...text.matchAll(/<node [^>]*?(?:\/>|>)/g)].map((m) => [/ id="(\d+)"/.exec(m[0])?.[1], Number(/ lon="([\d.]+)"/.exec(m[0])?.[1])]));
  const kept = ways.filter((w) => [...w.matchAll(/<nd ref="(\d+)"/g)].every((m) => (lon.get(m[1]) ?? 999) < 121.4745));
  const refs = new Set(kept.flatMap((w) => [...w.matchAll(/<nd ref="(\d+)"/g)].map((m) => m[1])));
  const head = text.slice(0, text.indexOf('<node ')).replace(/<bounds[^>]*\/>/, '');
  const nodes = [...text.matchAll(/<node [^>]*?(?:\/>|>[\s\S]*?<\/node>)/g)].map((m) => m[0]).filter((n) => refs.has(/ id="(\d+)"/.exec(n)?.[1] ?? ''));
  return `${head}${nodes.join('\n')}\n${kept.join('\n')}\n</osm>\n`;
}
const MINE = join(dir, 'mine.osm');
writeFileSync(MINE, smallOsm());

const net = (page: Page) => page.evaluate(() => {
  const s = window.__networkStore!.getState();
  return { status: s.status, shipped: s.shipped, name: s.report?.fileName ?? null, edges: s.report?.edges ?? null, extent: s.report?.extent ?? null, save: s.save.state, wanted: s.wanted?.name ?? null };
});
const networkResult = (page: Page) => page.waitForFunction(() => {
  const s = window.__coverageStore!.getState();
  return s.status === 'done' && s.result?.engine.walkModel === 'network';
}, undefined, { timeout: 120_000 });
/** Frame the loaded network's extent (for the screenshots) and wait for the map. */
async function frameExtent(page: Page): Promise<void> {
  await page.evaluate(() => {
    const e = window.__networkStore!.getState().report!.extent;
    window.__map!.fitBounds([[e[0], e[1]], [e[2], e[3]]], { padding: 30, animate: false });
  });
  await waitForMapIdle(page);
}
const extentOnMap = (page: Page) => page.evaluate(() => {
  const m = window.__map!;
  return { line: Boolean(m.getLayer('network-extent-line')), label: Boolean(m.getLayer('network-extent-label')), drawn: m.queryRenderedFeatures({ layers: ['network-extent-line'] }).length };
});

describe('the user network across a reload', () => {
  it('keeps an imported .osm, draws its extent, exports the overstatement, and a workspace names it', async () => {
    const app = await openApp(`?net=1&lang=zh${AT}`, { width: 1440, height: 900 });
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('net-report').waitFor({ timeout: 90_000 });
      expect((await net(page)).shipped).toBe(true);
      // load the user's file
      await page.getByTestId('net-own-file').setInputFiles(MINE);
      await page.waitForFunction(() => window.__networkStore!.getState().report?.fileName === 'mine.osm' && window.__networkStore!.getState().save.state === 'saved', undefined, { timeout: 90_000 });
      const before = await net(page);
      expect(before.shipped).toBe(false);
      expect(before.edges).toBeLessThan(909);
      // its own extent (the bounding box of its nodes), smaller than the shipped extract's
      expect((before.extent as number[])[2] - (before.extent as number[])[0]).toBeLessThan(121.4863121 - 121.4611262);
      await page.getByTestId('net-save-ok').waitFor();
      await networkResult(page);
      await waitForMapIdle(page);
      expect(await extentOnMap(page)).toMatchObject({ line: true, label: true });
      expect((await extentOnMap(page)).drawn).toBeGreaterThan(0);
      await page.getByTestId('net-extent-legend').waitFor();
      expect(await page.getByTestId('net-extent-legend').textContent()).toMatch(/路网范围.*OpenStreetMap contributors, ODbL/);

      // a reload: the same network is back with its report, network mode computes on it
      await page.reload();
      await waitForMapIdle(page);
      await page.getByTestId('net-report').waitFor({ timeout: 90_000 });
      const after = await net(page);
      expect(after).toMatchObject({ status: 'ready', shipped: false, name: 'mine.osm', edges: before.edges, extent: before.extent, save: 'saved' });
      await networkResult(page);
      await waitForMapIdle(page);
      const onMap = await extentOnMap(page);
      expect(onMap.line && onMap.label && onMap.drawn > 0).toBe(true);
      const attribution = await page.locator('.maplibregl-ctrl-attrib').textContent();
      expect(attribution).toMatch(/street network/);

      // screenshots: the network panel with its report, and the map with the extent
      mkdirSync('test-results', { recursive: true });
      await frameExtent(page);
      await page.getByTestId('net-report').locator('summary').click();
      await page.getByTestId('net-panel').scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'test-results/network-persist-1440.png' });
      await page.getByTestId('net-panel').screenshot({ path: 'test-results/network-panel-1440.png' });

      // the export in network mode: the command line's columns with the overstatement
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('cov-export-coverage-units-csv').click()]);
      const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
      const head = csv.split(/\r?\n/)[0].split(',');
      for (const c of ['covered_share_pct', 'circle_share_pct', 'overstatement_pp', 'no_network_data', 'network_extent_share_pct']) expect(head).toContain(c);
      expect(csv.split(/\r?\n/).some((l) => l.includes(',0,') && /,-?\d+(\.\d+)?,-?\d+(\.\d+)?$/.test(l))).toBe(true);

      // the workspace file names the network
      const [ws] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出工作区文件' }).click()]);
      const wsPath = join(dir, 'ws.json');
      writeFileSync(wsPath, readFileSync(await ws.path()));
      const saved = JSON.parse(readFileSync(wsPath, 'utf8'));
      expect(saved.network).toMatchObject({ name: 'mine.osm', source: 'file', crs: 'wgs84', size: readFileSync(MINE).byteLength });
      expect(saved.network.sha256).toMatch(/^[0-9a-f]{64}$/);

      // back to the shipped network, then open the workspace: it says its network is not loaded
      await page.getByTestId('net-use-shipped').click();
      await page.waitForFunction(() => window.__networkStore!.getState().shipped === true, undefined, { timeout: 90_000 });
      await page.locator('input[type=file][aria-label="载入工作区文件"]').setInputFiles(wsPath);
      await page.getByTestId('net-wanted').waitFor();
      expect(await page.getByTestId('net-wanted').textContent()).toMatch(/mine\.osm/);
      expect(await page.getByTestId('import-message').textContent()).toMatch(/mine\.osm.*未载入/);
      // no network figures from the other network meanwhile
      await page.waitForFunction(() => window.__coverageStore!.getState().result === null, undefined, { timeout: 30_000 });
      // the wrong file is refused, the right one resolves it
      await page.getByTestId('net-wanted-file').setInputFiles('geodata/renminguangchang-drive-2026.osm');
      await page.getByTestId('net-error').waitFor();
      expect(await page.getByTestId('net-error').textContent()).toMatch(/not the network the workspace names/);
      await page.getByTestId('net-wanted-file').setInputFiles(MINE);
      await page.getByTestId('net-wanted').waitFor({ state: 'detached', timeout: 90_000 });
      await networkResult(page);
      expect((await net(page)).name).toBe('mine.osm');
      expect(app.consoleErrors).toEqual([]);
      expect(app.externalRequests).toEqual([]);
    } finally {
      await app.close();
    }
  }, 600_000);

  it('looks right on a phone (375×667): the network panel and the extent', async () => {
    const app = await openApp(`?net=1&view=planner&lang=zh${AT}`, { width: 375, height: 667 });
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('net-own-file').setInputFiles(MINE);
      await page.waitForFunction(() => window.__networkStore!.getState().report?.fileName === 'mine.osm', undefined, { timeout: 90_000 });
      await networkResult(page);
      await waitForMapIdle(page);
      expect((await extentOnMap(page)).line).toBe(true);
      mkdirSync('test-results', { recursive: true });
      await frameExtent(page);
      await page.screenshot({ path: 'test-results/network-persist-375-map.png' });
      await page.getByTestId('net-report').locator('summary').click();
      await page.getByTestId('net-panel').scrollIntoViewIfNeeded();
      await page.screenshot({ path: 'test-results/network-persist-375-panel.png' });
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 300_000);
});
