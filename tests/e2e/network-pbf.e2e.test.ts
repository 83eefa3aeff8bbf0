// A user's .osm.pbf in a real browser (issue 10 item 1): the import worker decodes it with pbf and
// inflates its blocks with Chromium's DecompressionStream (no Node built-ins there). The shipped
// 人民广场 extract, written as a .osm.pbf of several blocks, gives the import report the shipped
// .osm gives: nodes, edges, walkable km, components, ways per rule.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOsmPbf } from '../fixtures/osmPbfWriter';
import { EXTRACT_BOUNDS, extractElements } from '../fixtures/extractElements';
import { closeBrowser, openApp, waitForMapIdle } from './harness';

afterAll(closeBrowser);

const dir = mkdtempSync(join(tmpdir(), 'net-pbf-e2e-'));
const FILE = join(dir, 'renminguangchang.osm.pbf');
{
  const { nodes, ways } = extractElements();
  writeFileSync(FILE, writeOsmPbf(nodes, ways, EXTRACT_BOUNDS, { blockSize: 400 }));
}

const report = (page: Page) => page.evaluate(() => {
  const r = window.__networkStore!.getState().report;
  return r ? { name: r.fileName, nodes: r.nodes, edges: r.edges, km: r.walkableKm, components: r.components, rules: r.ruleCounts, format: r.format } : null;
});

describe('a .osm.pbf loaded in the browser', () => {
  it('gives the import report of the same extract as .osm', async () => {
    const app = await openApp('?net=1&lang=zh#15/31.2300/121.4720', { width: 1440, height: 900 });
    try {
      const { page } = app;
      await waitForMapIdle(page);
      await page.getByTestId('net-report').waitFor({ timeout: 90_000 });
      const shipped = await report(page);
      expect(shipped?.format).toBe('osm-xml');
      await page.getByTestId('net-own-file').setInputFiles(FILE);
      await page.waitForFunction(() => window.__networkStore!.getState().report?.fileName === 'renminguangchang.osm.pbf', undefined, { timeout: 90_000 });
      const mine = await report(page);
      expect(mine?.format).toBe('osm-pbf');
      expect(mine?.edges).toBe(909);
      expect(mine).toMatchObject({ nodes: shipped?.nodes, edges: shipped?.edges, components: shipped?.components, rules: shipped?.rules });
      expect(mine?.km).toBeCloseTo(shipped?.km as number, 3);
    } finally {
      await app.close();
    }
  });
});
