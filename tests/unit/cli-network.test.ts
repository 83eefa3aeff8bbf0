/**
 * The network options of `analyze` and the `isochrone` command: what they write, and one
 * line with a non-zero exit for each kind of bad input.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { analyze } from '../../scripts/analyze';
import { isochrone } from '../../scripts/isochrone';
import { captureIo, runCommand } from '../../scripts/lib/cli';

// whole-network runs: generous on a shared, loaded machine (no timing is asserted)
vi.setConfig({ testTimeout: 120_000 });

const root = resolve(__dirname, '../..');
const OSM = join(root, 'geodata/renminguangchang-drive-2026.osm');
let dir: string;

function square(id: string, lng: number, lat: number, side = 0.008) {
  return { type: 'Feature', properties: { id, name: id, district: '310101' }, geometry: { type: 'Polygon', coordinates: [[[lng, lat], [lng + side, lat], [lng + side, lat + side], [lng, lat + side], [lng, lat]]] } };
}

async function run(cmd: 'analyze' | 'isochrone', ...argv: string[]) {
  const io = captureIo(dir);
  const code = await runCommand(cmd, cmd === 'analyze' ? analyze : isochrone, argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr };
}

function oneLine(err: string[], cmd: string, subject: string): string {
  const lines = err.filter((l) => !/WARNING/.test(l));
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`${cmd}: ${subject}: `)).toBe(true);
  return lines[0];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-network-'));
  // two units inside the extract, one far outside it
  writeFileSync(join(dir, 'units.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [square('in1', 121.465, 31.225), square('in2', 121.475, 31.228), square('out', 121.60, 31.30)] }));
  writeFileSync(join(dir, 'f.csv'), '名称,经度,纬度,服务类别\n甲,121.4737,31.2304,健康服务\n乙,121.468,31.236,健康服务\n丙,121.480,31.224,社区助餐\n远,121.61,31.31,健康服务\n');
});

describe('analyze --network', () => {
  it('writes network figures, the overstatement and the unlinked list; outside units are no data', async () => {
    const r = await run('analyze', '--facilities', 'f.csv', '--units', 'units.geojson', '--network', OSM, '--out', 'out', '--crs', 'wgs84');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/osm-xml, wgs84; 699 nodes, 909 edges/);
    expect(r.out).toMatch(/elevated-or-tunnel-trunk 82/);
    const params = JSON.parse(readFileSync(join(dir, 'out/params.json'), 'utf8'));
    expect(params.mode).toBe('network');
    expect(params.network.trimM).toBe(100);
    expect(params.attribution).toMatch(/OpenStreetMap/);
    expect(existsSync(join(dir, 'out/network-unlinked.csv'))).toBe(true);
    const rows = readFileSync(join(dir, 'out/coverage-units.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
    const h = rows[0];
    const col = (n: string) => h.indexOf(n);
    for (const n of ['covered_share_pct', 'circle_share_pct', 'overstatement_pp', 'no_network_data', 'network_extent_share_pct']) expect(col(n)).toBeGreaterThan(0);
    const health = rows.filter((r2) => r2[col('category')] === 'health');
    const inside = health.find((r2) => r2[0] === 'in1');
    const outside = health.find((r2) => r2[0] === 'out');
    if (!inside || !outside) throw new Error('rows missing');
    expect(outside[col('no_network_data')]).toBe('1');
    expect(outside[col('covered_share_pct')]).toBe('');
    expect(inside[col('no_network_data')]).toBe('0');
    const net = Number(inside[col('covered_share_pct')]), circle = Number(inside[col('circle_share_pct')]);
    expect(net).toBeGreaterThan(0);
    expect(Number(inside[col('overstatement_pp')])).toBeCloseTo(circle - net, 3);
  });

  it('refuses options that make no sense with a network, one line each', async () => {
    let r = await run('analyze', '--facilities', 'f.csv', '--units', 'units.geojson', '--trim', '50', '--out', 'o2');
    expect(r.code).toBe(2);
    oneLine(r.err, 'analyze', '--trim');
    r = await run('analyze', '--facilities', 'f.csv', '--units', 'units.geojson', '--network', OSM, '--mode', 'standard', '--out', 'o3');
    expect(r.code).toBe(2);
    oneLine(r.err, 'analyze', '--mode');
    r = await run('analyze', '--facilities', 'f.csv', '--units', 'units.geojson', '--network', OSM, '--detour', '1.2', '--out', 'o4');
    expect(r.code).toBe(2);
    oneLine(r.err, 'analyze', '--detour');
  });

  it('a broken or missing network file is one line, exit 1, nothing written', async () => {
    writeFileSync(join(dir, 'bad.osm'), '<osm><node id="1"></osm>');
    let r = await run('analyze', '--facilities', 'f.csv', '--units', 'units.geojson', '--network', 'bad.osm', '--out', 'o5');
    expect(r.code).toBe(1);
    expect(oneLine(r.err, 'analyze', 'bad.osm')).toMatch(/not well-formed/);
    expect(existsSync(join(dir, 'o5/params.json'))).toBe(false);
    r = await run('analyze', '--facilities', 'f.csv', '--units', 'units.geojson', '--network', 'nope.osm.pbf', '--out', 'o6');
    expect(r.code).toBe(1);
    oneLine(r.err, 'analyze', 'nope.osm.pbf');
  });
});

describe('isochrone', () => {
  it('writes 15/10/5-minute polygons with their parameters', async () => {
    const r = await run('isochrone', '--at', '121.4737,31.2304', '--network', OSM, '--persona', 'elderly', '--out', 'iso.geojson');
    expect(r.code).toBe(0);
    const fc = JSON.parse(readFileSync(join(dir, 'iso.geojson'), 'utf8'));
    expect(fc.features.map((f: { properties: { minutes: number } }) => f.properties.minutes)).toEqual([15, 10, 5]);
    expect(fc.metadata.speedKmh).toBe(3.2);
    const areas = fc.features.map((f: { properties: { area_km2: number } }) => f.properties.area_km2);
    expect(areas[0]).toBeGreaterThan(areas[1]);
    expect(areas[1]).toBeGreaterThan(areas[2]);
  });

  it('bad places are one line with a non-zero exit', async () => {
    let r = await run('isochrone', '--at', '31.23,121.47', '--network', OSM, '--out', 'x.geojson');
    expect(r.code).toBe(2);
    oneLine(r.err, 'isochrone', '--at');
    r = await run('isochrone', '--at', '121.60,31.30', '--network', OSM, '--out', 'x.geojson');
    expect(r.code).toBe(1);
    expect(oneLine(r.err, 'isochrone', '--at')).toMatch(/outside the network's extent/);
    r = await run('isochrone', '--at', '121.4737,31.2304', '--out', 'x.geojson');
    expect(r.code).toBe(2);
    oneLine(r.err, 'isochrone', '--network');
  });
});
