/**
 * Seeded fuzzing of every input the app and the command line read (issue 14): facility and
 * population CSV/JSON, boundary GeoJSON, workspace files, and `analyze` arguments with
 * mutated files. No exception may escape (a boundary file that cannot be read at all is a
 * BoundaryFileError), what loads must be sane, and the command line must answer with exit 0,
 * 1 or 2 and, on failure, one line. Each part stops after its case budget or a few seconds,
 * whichever comes first, and says how many cases it ran. FUZZ_SEED changes the seed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { analyze } from '../../scripts/analyze';
import { captureIo, runCommand } from '../../scripts/lib/cli';
import { mulberry32 } from '../../src/domain/prng';
import { SHANGHAI_BBOX, type Category } from '../../src/domain/types';
import { BoundaryFileError, importBoundaryGeoJson, parseBoundaryFile } from '../../src/io/boundary';
import { parseFacilityFile } from '../../src/io/facilityCsv';
import { parseStreetList } from '../../src/io/facilityFields';
import { parsePopulationFile } from '../../src/io/population';
import { EXTENT_MARGIN_DEG } from '../../src/io/unitLayer';
import { makeWorkspace, readWorkspace, validateWorkspace, workspaceToJson } from '../../src/io/workspace';

const root = resolve(__dirname, '../..');
const categories: Category[] = JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')).categories;
const categoryIds = categories.map((c) => c.id);
const streets = parseStreetList(readFileSync(resolve(root, 'geodata/shanghai-streets-2023.csv'), 'utf8'));
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const BUDGET_MS = 4000;

type Rand = () => number;
const pick = <T,>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)];

/** Run `fn(i, rand)` until `max` cases or the time budget; returns the number of cases run. */
function fuzz(salt: number, max: number, fn: (i: number, r: Rand) => void): number {
  const r = mulberry32(SEED ^ salt);
  const t0 = performance.now();
  let i = 0;
  for (; i < max && performance.now() - t0 < BUDGET_MS; i++) fn(i, r);
  console.log(`fuzz part ${salt}: ${i} cases (seed ${SEED})`);
  return i;
}

// ---------------------------------------------------------------- text mutations

const NASTY = ['', '"', '""', ',', '\n', '\r\n', '\r', '\t', ';', '\u0000', '\uFEFF', '\uFFFD', '\u001b[31m', '°', '′', '″', '１２１．４', '-', 'NaN', 'Infinity', '1e308', '-1e308', '__proto__', 'constructor', '=SUM(A1)', '<img src=x>', '养老托育', '未知类别', '121.47', '31.23', '31.23,121.47', '东经121°28′25″', '121d28m25s', '浦东新区', '已建成', '人民坊', 'x'.repeat(3000), '[', '{', ']', '}', 'null', 'true'];

function mutateText(text: string, r: Rand): string {
  let s = text;
  const edits = 1 + Math.floor(r() * 6);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 6)) {
      case 0: s = s.slice(0, at) + pick(r, NASTY) + s.slice(at); break;
      case 1: s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 20)); break;
      case 2: s = s.slice(0, at); break; // truncated
      case 3: { const lines = s.split('\n'); const i = Math.floor(r() * lines.length); lines.splice(Math.floor(r() * lines.length), 0, lines[i] ?? ''); s = lines.join('\n'); break; }
      case 4: { const lines = s.split('\n'); const i = Math.floor(r() * lines.length); lines[i] = (lines[i] ?? '').split(',').map((c) => (r() < 0.3 ? pick(r, NASTY) : c)).join(','); s = lines.join('\n'); break; }
      default: s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(at);
    }
  }
  return s;
}

function encode(text: string, r: Rand): Uint8Array {
  const enc = pick(r, ['utf8', 'utf8bom', 'gbk', 'utf16le', 'utf16lebom', 'raw'] as const);
  if (enc === 'raw') return new Uint8Array(Array.from({ length: Math.floor(r() * 600) }, () => Math.floor(r() * 256)));
  if (enc === 'utf8bom') return new TextEncoder().encode(`\uFEFF${text}`);
  if (enc === 'gbk') return new Uint8Array(iconv.encode(text, 'gbk'));
  if (enc === 'utf16le' || enc === 'utf16lebom') return new Uint8Array(iconv.encode(text, 'utf-16le', { addBOM: enc === 'utf16lebom' }));
  return new TextEncoder().encode(text);
}

const inShanghai = (lng: number, lat: number) => lng >= SHANGHAI_BBOX.minLng && lng <= SHANGHAI_BBOX.maxLng && lat >= SHANGHAI_BBOX.minLat && lat <= SHANGHAI_BBOX.maxLat;

function facilityCsv(r: Rand, rows: number): string {
  const head = pick(r, ['名称,类型,服务类别,状态,区,街镇,地址,经度,纬度', 'name,type,category,status,district,street,address,lng,lat']);
  const lines = [head];
  for (let i = 0; i < rows; i++) {
    const cats = pick(r, ['养老服务', '健康服务、社区助餐', '养老托育', 'party;health', '文体活动']);
    lines.push(`设施${i % 7},${pick(r, ['人民坊', '六艺亭', '嵌入式', ''])},${cats},${pick(r, ['已建成', '在建', ''])},浦东新区,,某路 ${i} 号,${(121.2 + r() * 0.6).toFixed(6)},${(30.9 + r() * 0.6).toFixed(6)}`);
  }
  return lines.join(pick(r, ['\n', '\r\n']));
}

// ---------------------------------------------------------------- structural (JSON) mutations

const VALUES: unknown[] = [null, 0, -1, 1e308, -1e308, 'abc', '', true, [], {}, [null], [[1, 2]], [['a', null]], { type: 'Polygon' }, { type: 'GeometryCollection', geometries: true }, 7, [7], '__proto__', { __proto__: { x: 1 } }];

/** Replace one random node of a JSON value (in place on a clone) with a nasty value. */
function mutateJson(value: unknown, r: Rand): unknown {
  const clone = JSON.parse(JSON.stringify(value)) as unknown;
  const edits = 1 + Math.floor(r() * 3);
  let out = clone;
  for (let k = 0; k < edits; k++) {
    let node: unknown = out;
    let parent: Record<string, unknown> | unknown[] | null = null;
    let key: string | number | null = null;
    for (let depth = 0; depth < 8 && node && typeof node === 'object' && r() < 0.85; depth++) {
      const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node as object);
      if (keys.length === 0) break;
      parent = node as Record<string, unknown>;
      key = pick(r, keys);
      node = (node as Record<string | number, unknown>)[key];
    }
    const v = pick(r, VALUES);
    const nv = typeof v === 'object' && v !== null ? JSON.parse(JSON.stringify(v)) : v;
    if (parent === null || key === null) out = nv;
    else if (Array.isArray(parent) && r() < 0.2) parent.splice(Number(key), 1);
    else (parent as Record<string | number, unknown>)[key] = nv;
  }
  return out;
}

const sq = (lng: number, lat: number, d = 0.01) => [[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]];
const BOUNDARY = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { name: '曹杨新村街道', 人口: 90000 }, geometry: { type: 'Polygon', coordinates: [sq(121.39, 31.24)] } },
    { type: 'Feature', properties: { name: '外滩街道' }, geometry: { type: 'MultiPolygon', coordinates: [[sq(121.48, 31.23)], [sq(121.5, 31.23, 0.005)]] } },
    { type: 'Feature', properties: { name: '自定义单元' }, geometry: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [sq(121.6, 31.1)] }] } },
  ],
};

function checkUnits(features: { geometry: { type: string; coordinates: unknown } }[]) {
  for (const f of features) {
    expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
    const flat = JSON.stringify(f.geometry.coordinates).match(/-?\d+(\.\d+)?(e[+-]?\d+)?/gi)?.map(Number) ?? [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      expect(Number.isFinite(flat[i]) && Number.isFinite(flat[i + 1])).toBe(true);
      expect(flat[i]).toBeGreaterThanOrEqual(SHANGHAI_BBOX.minLng - EXTENT_MARGIN_DEG - 1e-9);
      expect(flat[i]).toBeLessThanOrEqual(SHANGHAI_BBOX.maxLng + EXTENT_MARGIN_DEG + 1e-9);
    }
  }
}

describe(`fuzzed inputs (seed ${SEED})`, () => {
  it('facility files: no exception, every row accounted for, loaded facilities sane', () => {
    const n = fuzz(1, 1500, (i, r) => {
      const text = r() < 0.15 ? JSON.stringify(mutateJson([{ name: '甲', lng: 121.47, lat: 31.23, categories: ['health'] }, { name: '乙', lng: '121.48', lat: 31.2, categories: '养老托育' }], r)) : mutateText(facilityCsv(r, 1 + Math.floor(r() * 30)), r);
      const bytes = encode(text, r);
      const res = parseFacilityFile(bytes, { categories, source: `fuzz ${i}`, fileName: pick(r, ['a.csv', 'b.json', 'c_高德.txt']), streets, crs: pick(r, ['auto', 'wgs84', 'gcj02', 'bd09'] as const), encoding: pick(r, ['auto', 'auto', 'utf-8', 'gb18030', 'utf-16le'] as const) });
      expect(res.summary.loaded + res.summary.rejected).toBe(res.summary.rows);
      expect(new Set(res.facilities.map((f) => f.id)).size).toBe(res.facilities.length);
      for (const f of res.facilities) {
        expect(inShanghai(f.lng, f.lat)).toBe(true);
        expect(f.categories.length).toBeGreaterThan(0);
        for (const c of f.categories) expect(categoryIds).toContain(c);
      }
    });
    expect(n).toBeGreaterThan(50);
  }, 30_000);

  it('population files: no exception, points sane', () => {
    const n = fuzz(2, 1500, (i, r) => {
      const rows = ['小区名称,人口,户数,经度,纬度'];
      for (let k = 0; k < 1 + r() * 20; k++) rows.push(`小区${k},${pick(r, ['1200', '1.2万', '', '-5', 'abc', '1e300'])},${pick(r, ['500', '', '0'])},${(121.2 + r() * 0.6).toFixed(5)},${(30.9 + r() * 0.6).toFixed(5)}`);
      const res = parsePopulationFile(encode(mutateText(rows.join('\n'), r), r), { source: `fuzz ${i}`, fileName: 'p.csv' });
      expect(res.points.length + res.summary.rejected).toBe(res.summary.rows);
      for (const p of res.points) {
        expect(inShanghai(p.lng, p.lat)).toBe(true);
        expect(Number.isFinite(p.population) && p.population >= 0).toBe(true);
      }
    });
    expect(n).toBeGreaterThan(50);
  }, 30_000);

  it('boundary GeoJSON: bad features rejected one by one, never an exception', async () => {
    let files = 0;
    const r = mulberry32(SEED ^ 3);
    const t0 = performance.now();
    for (; files < 3000 && performance.now() - t0 < BUDGET_MS; files++) {
      const json = mutateJson(BOUNDARY, r);
      try {
        const res = r() < 0.2
          ? await parseBoundaryFile(encode(mutateText(JSON.stringify(json), r), r), { fileName: 'b.geojson', source: 'fuzz', streets })
          : importBoundaryGeoJson(json, { fileName: pick(r, ['b.geojson', 'b_百度.geojson']), source: 'fuzz', streets });
        const features = (json as { features?: unknown })?.features;
        if (Array.isArray(features) && (json as { type?: unknown }).type === 'FeatureCollection') expect(res.units.features.length + res.rejected.length).toBe(features.length);
        checkUnits(res.units.features as never);
        for (const x of res.rejected) expect(x.index).toBeGreaterThan(0);
      } catch (e) {
        expect(e).toBeInstanceOf(BoundaryFileError);
      }
    }
    console.log(`fuzz boundary: ${files} files (seed ${SEED})`);
    expect(files).toBeGreaterThan(50);
  }, 30_000);

  it('workspace files: validation never throws; what passes is sane', () => {
    const ws = makeWorkspace({
      demoIncluded: false,
      facilities: [{ id: 'a', name: '甲', type: 'embedded', categories: ['health'], status: 'open', district: '310101', lng: 121.47, lat: 31.23, source: 's', synthetic: false }],
      datasets: [{ label: 's', count: 1 }],
      units: { label: 'u', collection: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'u1', name: 'u1', district: '310101', area_km2: 1, pop_est: 100, pop_source: 'imported' }, geometry: { type: 'Polygon', coordinates: [sq(121.47, 31.22)] as never } }] } },
      demand: { label: 'd', points: [{ lng: 121.47, lat: 31.23, population: 100 }] },
    });
    const n = fuzz(4, 3000, (_i, r) => {
      const check = r() < 0.2 ? readWorkspace(mutateText(workspaceToJson(ws), r), categoryIds) : validateWorkspace(mutateJson(ws, r), categoryIds);
      if (!check.ok) {
        expect(check.errors.length).toBeGreaterThan(0);
        return;
      }
      for (const f of check.workspace.facilities) expect(inShanghai(f.lng, f.lat)).toBe(true);
      for (const d of check.workspace.datasets) expect(Number.isInteger(d.count) && d.count >= 0).toBe(true);
      if (check.workspace.units) checkUnits(check.workspace.units.collection.features as never);
      for (const p of check.workspace.demand?.points ?? []) expect(p.population).toBeLessThanOrEqual(1_000_000);
    });
    expect(n).toBeGreaterThan(50);
  }, 30_000);

  it('analyze: any arguments and mutated files give exit 0, 1 or 2 and one line on failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-cli-'));
    writeFileSync(join(dir, 'units.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'u1' }, geometry: { type: 'Polygon', coordinates: [sq(121.46, 31.22, 0.02)] } }] }));
    const r = mulberry32(SEED ^ 5);
    const FLAGS: [string, string[]][] = [
      ['--mode', ['radius', 'standard', 'walk', 'bogus', '']],
      ['--persona', ['adult', 'elderly', 'caregiver', 'robot']],
      ['--speed', ['4.5', '0', '-1', '1000', 'abc', '1e308']],
      ['--detour', ['1.3', '0.5', '3', 'NaN']],
      ['--minutes', ['15', '-5', '0', '__proto__=5', 'party=10,elderly=5', 'party=', '=5', 'health=121']],
      ['--select', ['party,health', 'nope', ',', '']],
      ['--status', ['open', 'open,closed', '']],
      ['--crs', ['auto', 'gcj02', 'bd09', 'mars']],
      ['--encoding', ['auto', 'gbk', 'utf-16le', 'klingon']],
      ['--cell', ['250', '0', '-10', '1e9', 'x']],
      ['--units', ['units.geojson', 'missing.geojson', 'f.csv']],
      ['--allow-empty', []],
      ['--bogus', []],
    ];
    let runs = 0;
    const t0 = performance.now();
    for (; runs < 400 && performance.now() - t0 < BUDGET_MS * 2; runs++) {
      const text = mutateText(facilityCsv(r, 1 + Math.floor(r() * 8)), r);
      const name = pick(r, ['f.csv', 'f.json', 'f.txt']);
      writeFileSync(join(dir, name), encode(r() < 0.1 ? JSON.stringify(mutateJson([{ name: '甲', lng: 121.47, lat: 31.23, categories: 'health' }], r)) : text, r));
      const argv = ['--facilities', r() < 0.9 ? name : pick(r, ['nope.csv', '.', '']), '--out', r() < 0.9 ? 'out' : pick(r, ['f.csv', 'f.csv/x', '']), '--units', 'units.geojson', '--cell', '250'];
      for (let k = 0; k < Math.floor(r() * 4); k++) {
        const [flag, values] = pick(r, FLAGS);
        argv.push(flag);
        if (values.length > 0) argv.push(pick(r, values));
      }
      const io = captureIo(dir);
      const code = await runCommand('analyze', analyze, argv, io);
      expect([0, 1, 2], argv.join(' ')).toContain(code);
      const failures = io.stderr.filter((l) => !/: WARNING: /.test(l));
      if (code === 0) expect(failures, argv.join(' ')).toEqual([]);
      else {
        expect(failures, argv.join(' ')).toHaveLength(1);
        expect(failures[0]).toMatch(/^analyze: .+: .+/);
        expect(failures[0]).not.toMatch(/\n|internal error/);
      }
    }
    console.log(`fuzz analyze: ${runs} runs (seed ${SEED})`);
    expect(runs).toBeGreaterThan(10);
  }, 60_000);
});
