/**
 * The app's coverage export in network mode (src/state/coverageExport.ts, the export task run
 * in-thread here) against `npm run analyze -- --network` on the shipped 人民广场 extract with
 * the same inputs (the shipped units and categories, the demo facilities, default parameters):
 * the CSV files are byte for byte the CLI's, the GeoJSON features equal, and the overstatement
 * columns are there and consistent (circle share − network share). And the panel's figures (the
 * coverage service, the app's engine with the network walk model) are the export's: the same
 * units with network data, the same shares.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { analyze } from '../../scripts/analyze';
import { captureIo, runCommand } from '../../scripts/lib/cli';
import { defaultWalkParams } from '../../src/domain/walk';
import type { Category, Facility, UnitCollection } from '../../src/domain/types';
import { coverageFiles, exportReadiness } from '../../src/state/coverageExport';
import { useAnalysisStore } from '../../src/state/analysis';
import { useDataStore } from '../../src/state/dataStore';
import { loadNetwork, useNetworkStore } from '../../src/state/networkStore';
import { createCoverageService } from '../../src/geo/coverageService';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const root = resolve(__dirname, '../..');
const OSM = join(root, 'geodata/renminguangchang-drive-2026.osm');
const json = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'net-export-'));
  const code = await runCommand('analyze', analyze, ['--facilities', join(root, 'geodata/demo-facilities.json'), '--network', OSM, '--out', 'cli'], captureIo(dir));
  expect(code).toBe(0);
  // the app's stores, as after start-up with network mode on
  useDataStore.setState({
    status: 'ready',
    categories: (json('geodata/categories.json') as { categories: Category[] }).categories,
    units: json('geodata/units.geojson') as UnitCollection,
    facilities: json('geodata/demo-facilities.json') as Facility[],
  });
  useAnalysisStore.setState({ params: defaultWalkParams() });
  useNetworkStore.setState({ model: 'network' });
  const b = readFileSync(OSM);
  expect(await loadNetwork(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer, 'renminguangchang-drive-2026.osm', 'wgs84', true)).toBe(true);
});

describe('network export = analyze --network', () => {
  it('writes the CLI files with the same numbers', async () => {
    expect(exportReadiness()).toEqual({ ok: true, network: true });
    const stages: string[] = [];
    const files = await coverageFiles((s) => stages.push(s));
    expect(stages).toEqual(['grid', 'circles', 'network', 'rows']);
    for (const name of ['coverage-units.csv', 'coverage-districts.csv', 'network-unlinked.csv']) {
      expect(files[name], name).toBe(readFileSync(join(dir, 'cli', name), 'utf8'));
    }
    const app = JSON.parse(files['coverage-units.geojson']);
    const cli = JSON.parse(readFileSync(join(dir, 'cli/coverage-units.geojson'), 'utf8'));
    expect(app.features).toEqual(cli.features);
    expect(app.metadata.mode).toBe('network');
    // the overstatement columns, consistent with the network share
    const [head, ...rows] = files['coverage-units.csv'].replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
    const col = (n: string) => head.indexOf(n);
    for (const n of ['circle_share_pct', 'overstatement_pp', 'no_network_data', 'network_extent_share_pct']) expect(col(n), n).toBeGreaterThan(0);
    const withData = rows.filter((r) => r[col('no_network_data')] === '0');
    expect(withData.length).toBeGreaterThan(0);
    for (const r of withData) {
      if (r[col('circle_share_pct')] === '') continue;
      expect(Number(r[col('overstatement_pp')])).toBeCloseTo(Number(r[col('circle_share_pct')]) - Number(r[col('covered_share_pct')]), 3);
    }
    expect(withData.some((r) => Number(r[col('overstatement_pp')]) > 0)).toBe(true);
    // a second request with the same inputs is the same answer (one computation)
    expect(await coverageFiles()).toBe(files);
  });

  it('the panel shows the figures of the export: the same units with network data, the same shares', async () => {
    const data = useDataStore.getState();
    const svc = createCoverageService(async () => {});
    await svc.init(data.categories);
    await svc.setUnits(data.units!.features);
    await svc.setFacilities(data.facilities);
    await svc.setNetwork(useNetworkStore.getState().graph!);
    const panel = (await svc.compute(defaultWalkParams(), [], 1))!.baseline;
    const files = await coverageFiles();
    const [head, ...rows] = files['coverage-units.csv'].replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
    const col = (n: string) => head.indexOf(n);
    const S = panel.slots.length;
    let withData = 0;
    for (const r of rows) {
      const u = panel.unitIds.indexOf(r[col('unit_id')]);
      const s = panel.slots.indexOf(r[col('category')]);
      expect(u, r[col('unit_id')]).toBeGreaterThanOrEqual(0);
      if (s < 0) continue;
      const share = (100 * panel.coveredM2[u * S + s]) / panel.unitAreaM2[u];
      if (r[col('no_network_data')] === '1') {
        expect(Number.isNaN(share), `${r[0]} ${r[col('category')]}`).toBe(true);
        continue;
      }
      withData++;
      expect(Math.abs(share - Number(r[col('covered_share_pct')])), `${r[0]} ${r[col('category')]}`).toBeLessThan(0.01);
    }
    expect(withData).toBeGreaterThan(0);
  });
});
