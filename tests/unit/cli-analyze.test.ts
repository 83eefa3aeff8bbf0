/**
 * The analyze command under bad input (issue 14 items 1–5, 11, 13): one line
 * `analyze: <file>: <reason>`, the right exit code, no stack, nothing that looks complete
 * after a failure. Most cases run in-process (runCommand with a captured io); the exit code,
 * the absent stack and running from another folder are checked in a child process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import iconv from 'iconv-lite';
import { analyze } from '../../scripts/analyze';
import { captureIo, runCommand } from '../../scripts/lib/cli';
import { importBoundaryGeoJson } from '../../src/io/boundary';

// whole runs of the engine: slow on a busy machine, never timed
vi.setConfig({ testTimeout: 60_000 });

const root = resolve(__dirname, '../..');
let dir: string;

/** Square unit (lng, lat of the south-west corner, side in degrees) as a GeoJSON feature. */
function square(id: string, lng: number, lat: number, side = 0.01, extra: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    properties: { id, name: id, district: '310101', ...extra },
    geometry: { type: 'Polygon', coordinates: [[[lng, lat], [lng + side, lat], [lng + side, lat + side], [lng, lat + side], [lng, lat]]] },
  };
}
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const GOOD_CSV = '名称,经度,纬度,服务类别\n甲人民坊,121.475,31.235,党群服务\n乙卫生站,121.485,31.232,健康服务\n丙食堂,121.478,31.228,社区助餐\n';

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return name;
}

async function run(...argv: string[]) {
  const io = captureIo(dir);
  const code = await runCommand('analyze', analyze, argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr };
}

/** Exactly one stderr line of the form `analyze: <subject>: <reason>`. */
function oneLine(err: string[], subject: string): string {
  const lines = err.filter((l) => !/WARNING/.test(l));
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toMatch(/\n| {4}at /);
  expect(lines[0].startsWith(`analyze: ${subject}: `)).toBe(true);
  return lines[0];
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-analyze-'));
  file('units.geojson', fc([square('u1', 121.47, 31.225), square('u2', 121.48, 31.225), square('u3', 121.47, 31.235)]));
  file('good.csv', GOOD_CSV);
});
afterAll(() => {
  // tmp folders are left for inspection on failure; the OS cleans them
});

describe('analyze: zero or few facilities (item 1)', () => {
  it('an empty file is an error, and nothing is written', async () => {
    file('empty.csv', '');
    const r = await run('--facilities', 'empty.csv', '--units', 'units.geojson', '--out', 'o-empty');
    expect(r.code).toBe(1);
    expect(oneLine(r.err, 'empty.csv')).toMatch(/empty/);
    expect(existsSync(join(dir, 'o-empty'))).toBe(false);
  });

  it('a header-only file is an error unless --allow-empty', async () => {
    file('header.csv', '名称,经度,纬度,服务类别\n');
    const r = await run('--facilities', 'header.csv', '--units', 'units.geojson', '--out', 'o-header');
    expect(r.code).toBe(1);
    expect(oneLine(r.err, 'header.csv')).toMatch(/no facilities loaded.*--allow-empty/);
    expect(existsSync(join(dir, 'o-header', 'params.json'))).toBe(false);
    const ok = await run('--facilities', 'header.csv', '--units', 'units.geojson', '--out', 'o-header', '--allow-empty');
    expect(ok.code).toBe(0);
    expect(existsSync(join(dir, 'o-header', 'params.json'))).toBe(true);
  });

  it('binary garbage is refused as binary', async () => {
    const bytes = new Uint8Array(4000);
    let s = 7;
    for (let i = 0; i < bytes.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      bytes[i] = s >>> 24;
    }
    file('garbage.csv', bytes);
    const r = await run('--facilities', 'garbage.csv', '--units', 'units.geojson', '--out', 'o-bin');
    expect(r.code).toBe(1);
    expect(oneLine(r.err, 'garbage.csv')).toMatch(/binary/);
  });

  it('UTF-16 LE without a byte-order mark is detected; --encoding overrides detection', async () => {
    file('utf16.csv', new Uint8Array(iconv.encode(GOOD_CSV, 'utf-16le', { addBOM: false })));
    const r = await run('--facilities', 'utf16.csv', '--units', 'units.geojson', '--out', 'o-16');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 rows, 3 loaded/);
    // a GBK file that is also valid UTF-8 by chance is read as UTF-8 unless told
    file('gbk.csv', new Uint8Array(iconv.encode(GOOD_CSV, 'gbk')));
    const g = await run('--facilities', 'gbk.csv', '--encoding', 'gbk', '--units', 'units.geojson', '--out', 'o-gbk');
    expect(g.code).toBe(0);
    expect(g.out).toMatch(/encoding gb18030/);
    const bad = await run('--facilities', 'gbk.csv', '--encoding', 'latin9', '--out', 'o-gbk');
    expect(bad.code).toBe(2);
    oneLine(bad.err, '--encoding');
  });

  it('a mostly rejected file says so on stderr', async () => {
    file('mostly.csv', `${GOOD_CSV}坏1,abc,31.2,党群服务\n坏2,121.4,,党群服务\n坏3,0,0,党群服务\n坏4,121.4,31.2,不存在的类别\n`);
    const r = await run('--facilities', 'mostly.csv', '--units', 'units.geojson', '--out', 'o-mostly');
    expect(r.code).toBe(0);
    expect(r.err.join('\n')).toMatch(/^analyze: mostly\.csv: WARNING: 4 of 7 rows rejected \(57 %\)/);
    expect(existsSync(join(dir, 'o-mostly', 'mostly.rejected.csv'))).toBe(true);
  });
});

describe('analyze: JSON facility lists get the row checks (item 3)', () => {
  it('a record with unusable coordinates and category does not count', async () => {
    file('bad.json', JSON.stringify([{ id: 'a', name: 'x', lng: 'abc', lat: null, categories: 'party' }]));
    const r = await run('--facilities', 'bad.json', '--units', 'units.geojson', '--out', 'o-json');
    expect(r.code).toBe(1);
    expect(oneLine(r.err, 'bad.json')).toMatch(/no facilities loaded: 1 rows, all rejected \(first: line 1: Neither longitude nor latitude is readable: longitude "abc", latitude ""\)/);
  });

  it('a record without categories is rejected, the others load; invalid JSON is one line', async () => {
    file('nocat.json', JSON.stringify([
      { name: '甲', lng: 121.475, lat: 31.235 },
      { name: '乙', lng: 121.485, lat: 31.232, categories: ['health', 'elderly'] },
    ]));
    const r = await run('--facilities', 'nocat.json', '--units', 'units.geojson', '--out', 'o-nocat');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 rows, 1 loaded, 1 rejected/);
    file('trunc.json', '[{"name": "甲", "lng": 121.4');
    const t = await run('--facilities', 'trunc.json', '--units', 'units.geojson', '--out', 'o-trunc');
    expect(t.code).toBe(1);
    expect(oneLine(t.err, 'trunc.json')).toMatch(/not valid JSON/);
  });

  it('the demo set still loads in full and stays labelled synthetic', async () => {
    const r = await run('--facilities', join(root, 'geodata/demo-facilities.json'), '--units', 'units.geojson', '--out', 'o-demo');
    expect(r.code).toBe(0);
    const demo = JSON.parse(readFileSync(join(root, 'geodata/demo-facilities.json'), 'utf8')) as unknown[];
    expect(r.out).toContain(`${demo.length} rows, ${demo.length} loaded, 0 rejected`);
    const params = JSON.parse(readFileSync(join(dir, 'o-demo', 'params.json'), 'utf8'));
    expect(params.inputs.synthetic).toBe(true);
    expect(params.inputs.facilitiesLoaded).toBe(demo.length);
  });
});

describe('analyze: units through the shared checks (item 2)', () => {
  const units = (name: string, features: unknown[]) => file(name, fc(features));
  const areaOf = (out: string, id: string) => {
    const csv = readFileSync(join(dir, out, 'coverage-units.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    const head = csv[0].split(',');
    const row = csv.find((l) => l.startsWith(`${id},`))?.split(',') ?? [];
    return Number(row[head.indexOf('area_km2')]);
  };

  it('a bow-tie gets the same area as the app import (repaired), not the signed shoelace', async () => {
    const bow = { type: 'Feature', properties: { id: 'bow', name: 'bow' }, geometry: { type: 'Polygon', coordinates: [[[121.47, 31.22], [121.49, 31.24], [121.49, 31.22], [121.47, 31.24], [121.47, 31.22]]] } };
    units('bow.geojson', [bow]);
    const r = await run('--facilities', 'good.csv', '--units', 'bow.geojson', '--out', 'o-bow');
    expect(r.code).toBe(0);
    const app = importBoundaryGeoJson({ type: 'FeatureCollection', features: [bow] }, { fileName: 'bow.geojson', source: 't' });
    const appArea = app.units.features[0].properties.area_km2;
    expect(appArea).toBeGreaterThan(2);
    expect(areaOf('o-bow', 'bow')).toBeCloseTo(appArea, 1);
    expect(r.out).toMatch(/repaired: self-intersection-fixed/);
  });

  it('bad vertices, a Point, a far vertex, a duplicate id, Beijing: rejected one by one with reasons', async () => {
    units('mixed.geojson', [
      square('ok', 121.47, 31.225),
      { type: 'Feature', properties: { id: 'nullv' }, geometry: { type: 'Polygon', coordinates: [[[121.48, 31.225], ['a', null], [121.49, 31.225], [121.49, 31.235], [121.48, 31.235], [121.48, 31.225]]] } },
      { type: 'Feature', properties: { id: 'pt' }, geometry: { type: 'Point', coordinates: [121.47, 31.23] } },
      { type: 'Feature', properties: { id: 'huge' }, geometry: { type: 'Polygon', coordinates: [[[121.47, 31.24], [1e308, 31.24], [121.48, 31.25], [121.47, 31.24]]] } },
      square('ok', 121.47, 31.245),
      square('beijing', 116.4, 39.9),
      { type: 'Feature', properties: { id: 'nogeom' }, geometry: null },
      { type: 'Feature', properties: { id: 'paris' }, geometry: { type: 'Polygon', coordinates: [[[121.47, 31.2], [2.35, 48.85], [2.36, 48.86], [121.47, 31.2]]] } },
    ]);
    const r = await run('--facilities', 'good.csv', '--units', 'mixed.geojson', '--out', 'o-mixed');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/8 units, 2 loaded, 6 rejected, 1 repaired/);
    const rej = readFileSync(join(dir, 'o-mixed', 'mixed.rejected.csv'), 'utf8');
    expect(rej).toMatch(/3,pt,pt,Point,"?not a polygon/);
    expect(rej).toMatch(/4,huge,huge,Polygon,"?coordinates are not degrees/);
    expect(rej).toMatch(/5,ok,ok,Polygon,"?duplicate id/);
    expect(rej).toMatch(/6,beijing,beijing,Polygon,"?outside Shanghai/);
    expect(rej).toMatch(/7,nogeom,nogeom,null,"?not a polygon/);
    expect(rej).toMatch(/8,paris,paris,Polygon,"?outside Shanghai/);
    // the ["a", null] vertex is removed by the repair: the unit keeps its 1 km² square
    expect(areaOf('o-mixed', 'nullv')).toBeGreaterThan(0.9);
    expect(areaOf('o-mixed', 'nullv')).toBeLessThan(1.1);
    const params = JSON.parse(readFileSync(join(dir, 'o-mixed', 'params.json'), 'utf8'));
    expect(params.inputs.unitsRejected).toBe(6);
  });

  it('no usable unit, an empty collection, a top-level array, malformed or truncated JSON: one line each', async () => {
    units('allbad.geojson', [square('beijing', 116.4, 39.9)]);
    file('emptyfc.geojson', fc([]));
    file('array.geojson', '[1, 2]');
    file('trunc.geojson', '{"type": "FeatureCollection", "features": [');
    file('nullgeo.geojson', fc([{ type: 'Feature', properties: {}, geometry: null }]));
    const cases: [string, RegExp][] = [
      ['allbad.geojson', /no usable unit .*outside Shanghai/],
      ['emptyfc.geojson', /has no features/],
      ['array.geojson', /JSON array, not a GeoJSON FeatureCollection/],
      ['trunc.geojson', /not valid JSON/],
      ['nullgeo.geojson', /no usable unit/],
    ];
    for (const [name, re] of cases) {
      const r = await run('--facilities', 'good.csv', '--units', name, '--out', 'o-units');
      expect(r.code, name).toBe(1);
      expect(oneLine(r.err, name), name).toMatch(re);
    }
  });
});

describe('analyze: files, folders and arguments (items 4, 11)', () => {
  it('missing file, a folder as input, --out a file or under a file', async () => {
    mkdirSync(join(dir, 'afolder'), { recursive: true });
    file('plain.txt', 'x');
    const cases: [string[], string, RegExp][] = [
      [['--facilities', 'nope.csv', '--out', 'o-x'], 'nope.csv', /no such file/],
      [['--facilities', 'afolder', '--out', 'o-x'], 'afolder', /is a folder/],
      [['--facilities', 'good.csv', '--out', 'plain.txt'], 'plain.txt', /is a file, not a folder/],
      [['--facilities', 'good.csv', '--out', 'plain.txt/sub'], 'plain.txt/sub', /cannot write here/],
      [['--facilities', 'good.csv', '--units', 'nope.geojson', '--out', 'o-x'], 'nope.geojson', /no such file/],
    ];
    for (const [argv, subject, re] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(oneLine(r.err, subject)).toMatch(re);
    }
  });

  it('bad option values are usage errors (exit 2) that name the option', async () => {
    const cases: [string[], string, RegExp][] = [
      [['--minutes', '__proto__=5'], '--minutes', /unknown category "__proto__"/],
      [['--minutes', '-5'], '--minutes', /above 0 up to 120 \(got "-5"\)/],
      [['--minutes', 'party=abc'], '--minutes party', /got "abc"/],
      [['--cell', '0'], '--cell', /25 to 1000 \(got "0"\)/],
      [['--cell', '-10'], '--cell', /got "-10"/],
      [['--speed', 'fast'], '--speed', /got "fast"/],
      [['--bogus'], '--bogus', /unknown option/],
      [['--select', 'party,,health'], '--select', /empty items/],
      [['--facilities'], '--facilities', /needs a value/],
    ];
    for (const [extra, subject, re] of cases) {
      const argv = ['--facilities', 'good.csv', '--out', 'o-args', ...extra];
      if (extra[0] === '--facilities') argv.splice(0, 2);
      const r = await run(...argv);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(oneLine(r.err, subject), extra.join(' ')).toMatch(re);
    }
  });

  it('a __proto__ column stays a column in the rejected rows', async () => {
    file('proto.csv', '名称,经度,纬度,服务类别,__proto__\n甲,121.475,31.235,党群服务,x\n乙,abc,31.2,党群服务,hello\n');
    const r = await run('--facilities', 'proto.csv', '--units', 'units.geojson', '--out', 'o-proto');
    expect(r.code).toBe(0);
    const rej = readFileSync(join(dir, 'o-proto', 'proto.rejected.csv'), 'utf8');
    expect(rej).toContain('__proto__');
    expect(rej).toContain('hello');
    expect(rej).not.toContain('[object Object]');
  });

  it('control characters from a file never reach the terminal', async () => {
    file('ansi.csv', `名称\u001b[31m,x\u001b]0;pwned\u0007\n${'甲乙丙丁戊己庚辛,1,2,3,4,5,6,7\n'.repeat(10)}`);
    const r = await run('--facilities', 'ansi.csv', '--units', 'units.geojson', '--out', 'o-ansi');
    expect(r.code).toBe(1);
    const all = `${r.out}\n${r.err.join('\n')}`;
    expect(all).toMatch(/名称\?\[31m/);
    expect(all).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('analyze: outputs appear only for a complete run (item 5)', () => {
  it('a failing run into a folder with a good run leaves that run alone and puts its rejected rows aside', async () => {
    const good = await run('--facilities', 'good.csv', '--units', 'units.geojson', '--out', 'o-stale');
    expect(good.code).toBe(0);
    const before = readdirSync(join(dir, 'o-stale')).sort();
    expect(before).toEqual(['coverage-districts.csv', 'coverage-units.csv', 'coverage-units.geojson', 'params.json']);
    const paramsBefore = readFileSync(join(dir, 'o-stale', 'params.json'), 'utf8');
    file('allbad.csv', '名称,经度,纬度,服务类别\n坏,abc,31.2,党群服务\n');
    const bad = await run('--facilities', 'allbad.csv', '--units', 'units.geojson', '--out', 'o-stale');
    expect(bad.code).toBe(1);
    expect(oneLine(bad.err, 'allbad.csv')).toMatch(/nothing written to o-stale; rejected rows in o-stale\.failed\//);
    expect(readdirSync(join(dir, 'o-stale')).sort()).toEqual(before);
    expect(readFileSync(join(dir, 'o-stale', 'params.json'), 'utf8')).toBe(paramsBefore);
    expect(readdirSync(join(dir, 'o-stale.failed')).sort()).toEqual(['FAILED.txt', 'allbad.rejected.csv']);
    // a later good run with rejected rows replaces the results; a run without them removes the old rejected file
    file('some.csv', `${GOOD_CSV}坏,abc,31.2,党群服务\n`);
    expect((await run('--facilities', 'some.csv', '--units', 'units.geojson', '--out', 'o-stale')).code).toBe(0);
    expect(readdirSync(join(dir, 'o-stale'))).toContain('some.rejected.csv');
    expect(existsSync(join(dir, 'o-stale.failed'))).toBe(false);
    expect((await run('--facilities', 'good.csv', '--units', 'units.geojson', '--out', 'o-stale')).code).toBe(0);
    expect(readdirSync(join(dir, 'o-stale')).sort()).toEqual(before);
  });

  it('when params.json cannot be written no result file is moved into place', async () => {
    mkdirSync(join(dir, 'o-locked', 'params.json', 'inside'), { recursive: true });
    const r = await run('--facilities', 'good.csv', '--units', 'units.geojson', '--out', 'o-locked');
    expect(r.code).toBe(1);
    oneLine(r.err, 'o-locked');
    expect(readdirSync(join(dir, 'o-locked'))).toEqual(['params.json']);
  });
});

describe('analyze as a process', () => {
  it('exits non-zero with one line and no stack, from any folder; --debug adds the stack', () => {
    const other = mkdtempSync(join(tmpdir(), 'cli-elsewhere-'));
    writeFileSync(join(other, 'empty.csv'), '');
    const tsx = join(root, 'node_modules/.bin/tsx');
    const env = { ...process.env, INIT_CWD: '' };
    const r = spawnSync(tsx, [join(root, 'scripts/analyze.ts'), '--facilities', 'empty.csv', '--out', 'o'], { cwd: other, env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('analyze: empty.csv: the file is empty (0 bytes)');
    const d = spawnSync(tsx, [join(root, 'scripts/analyze.ts'), '--facilities', 'empty.csv', '--out', 'o', '--debug'], { cwd: other, env, encoding: 'utf8' });
    expect(d.status).toBe(1);
    expect(d.stderr).toMatch(/ {4}at /);
    // finds geodata/ from another folder and reads paths relative to that folder
    writeFileSync(join(other, 'good.csv'), GOOD_CSV);
    const ok = execFileSync(tsx, [join(root, 'scripts/analyze.ts'), '--facilities', 'good.csv', '--out', 'o', '--cell', '250'], { cwd: other, env, encoding: 'utf8' });
    expect(ok).toMatch(/wrote o: /);
    expect(existsSync(join(other, 'o', 'params.json'))).toBe(true);
  }, 120_000);
});

describe('a 居委 column (issue 11 item 4)', () => {
  it('is joined to the 2023 list: a summary line, and the unmatched rows with reasons in <name>.villages-unmatched.csv', async () => {
    writeFileSync(join(dir, '居委设施.csv'), readFileSync(join(root, 'tests/fixtures/facilities-villages-gbk.csv')));
    const r = await run('--facilities', '居委设施.csv', '--units', 'units.geojson', '--crs', 'wgs84', '--out', 'o-villages');
    expect(r.code).toBe(0);
    expect(r.out).toContain('居委/村 column 所属居委: 4 rows name a committee, 2 matched to the 2023 list (1 by code, 1 by name), 2 not matched');
    expect(r.out).toContain('not matched, with reasons: 居委设施.villages-unmatched.csv (first: line 4: "新桥居委会" names 5 committees');
    const csv = readFileSync(join(dir, 'o-villages', '居委设施.villages-unmatched.csv'), 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('line,column,reason,名称,服务类别,所属居委,经度,纬度');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['4', '5']);
    expect(JSON.parse(readFileSync(join(dir, 'o-villages', 'params.json'), 'utf8')).outputs).toContain('居委设施.villages-unmatched.csv');
  });
});
