/**
 * `npm run report` in-process (runCommand with a captured io): the files it writes, the ledger
 * against `npm run analyze`'s per-unit figures on the same inputs (the same engine reached by a
 * different path), the scope, and one-line failures with the right exit codes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../scripts/analyze';
import { report } from '../../scripts/report';
import { captureIo, runCommand } from '../../scripts/lib/cli';

let dir: string;
function square(id: string, name: string, lng: number, lat: number, side = 0.012) {
  return {
    type: 'Feature',
    properties: { id, name, district: '310101' },
    geometry: { type: 'Polygon', coordinates: [[[lng, lat], [lng + side, lat], [lng + side, lat + side], [lng, lat + side], [lng, lat]]] },
  };
}
const CSV = '名称,经度,纬度,服务类别\n甲人民坊,121.475,31.235,党群服务\n乙卫生站,121.485,31.232,健康服务\n丙食堂,121.478,31.228,社区助餐\n丁养老,121.471,31.226,养老服务\n';

async function run(command: 'report' | 'analyze', ...argv: string[]) {
  const io = captureIo(dir);
  const code = await runCommand(command, command === 'report' ? report : analyze, argv, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr };
}
const parse = (path: string) => Papa.parse<string[]>(readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trimEnd(), {}).data;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-report-'));
  writeFileSync(join(dir, 'units.geojson'), JSON.stringify({
    type: 'FeatureCollection',
    features: [square('u1', '外滩街道', 121.47, 31.225), square('u2', '<img src=x onerror=alert(1)>', 121.482, 31.225), square('u3', '=cmd|x', 121.47, 31.237)],
  }));
  writeFileSync(join(dir, 'fac.csv'), CSV);
});

describe('npm run report', () => {
  it('writes PDF, Markdown and the ledger for a district; the ledger matches analyze’s figures', { timeout: 120_000 }, async () => {
    const r = await run('report', '--scope', 'district:310101', '--units', 'units.geojson', '--facilities', 'fac.csv', '--format', 'pdf,md,csv', '--date', '2026-11-30', '--out', 'out');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const files = readdirSync(join(dir, 'out')).sort();
    expect(files).toEqual(['params.json', '缺口报告-黄浦区-2026-11-30-问题清单.csv', '缺口报告-黄浦区-2026-11-30.md', '缺口报告-黄浦区-2026-11-30.pdf'].sort());
    const a = await run('analyze', '--units', 'units.geojson', '--facilities', 'fac.csv', '--out', 'an');
    expect(a.code).toBe(0);
    const units = parse(join(dir, 'an', 'coverage-units.csv'));
    const h = units[0];
    const col = (n: string) => h.indexOf(n);
    const expected = units.slice(1)
      .filter((row) => row[col('category')] !== 'complete')
      .map((row) => ({ unit: row[col('unit_id')], cat: row[col('category_zh')], pct: (100 * Number(row[col('pop_covered_est')])) / Number(row[col('pop_est')]), unc: Number(row[col('pop_uncovered_est')]) }))
      .filter((e) => e.pct < 85);
    expect(expected.length).toBeGreaterThan(5);
    const ledger = parse(join(dir, 'out', '缺口报告-黄浦区-2026-11-30-问题清单.csv'));
    expect(ledger[0][0]).toBe('序号');
    expect(ledger.length - 1).toBe(expected.length);
    const names: Record<string, string> = { u1: '外滩街道', u2: '<img src=x onerror=alert(1)>', u3: "'=cmd|x" };
    for (const e of expected) {
      const row = ledger.find((l) => l[1] === names[e.unit] && l[3] === e.cat);
      expect(row, `${e.unit} ${e.cat}`).toBeDefined();
      expect(Number(row![5])).toBeCloseTo(e.pct, 1);
      expect(Math.abs(Number(row![8]) - e.unc)).toBeLessThanOrEqual(1);
    }
    const text = execFileSync('pdftotext', [join(dir, 'out', '缺口报告-黄浦区-2026-11-30.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('15 分钟社区生活圈评估报告：黄浦区');
    expect(text).toContain('GB 50180-2018');
    expect(text).toContain('外滩街道');
    const md = readFileSync(join(dir, 'out', '缺口报告-黄浦区-2026-11-30.md'), 'utf8');
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'params.json'), 'utf8')).ledgerRows).toBe(expected.length);
  });

  it('a 街镇 by name and a selection of units; Word through the system Chromium', { timeout: 180_000 }, async () => {
    const r = await run('report', '--scope', 'street:外滩街道', '--units', 'units.geojson', '--facilities', 'fac.csv', '--format', 'docx,md', '--date', '2026-11-30', '--out', 'st');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const files = readdirSync(join(dir, 'st'));
    const docx = files.find((f) => f.endsWith('.docx'))!;
    expect(docx).toBe('缺口报告-街镇_外滩街道（黄浦区）-2026-11-30.docx');
    const xml = execFileSync('unzip', ['-p', join(dir, 'st', docx), 'word/document.xml'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(xml.includes('街镇 外滩街道（黄浦区）')).toBe(true);
    const media = execFileSync('unzip', ['-l', join(dir, 'st', docx)], { encoding: 'utf8' }).split('\n').filter((l) => /word\/media\/.*\.png/.test(l));
    expect(media.length).toBeGreaterThanOrEqual(3);
    const md = readFileSync(join(dir, 'st', files.find((f) => f.endsWith('.md'))!), 'utf8');
    expect(md).not.toContain('onerror'); // u2 is outside this scope
    const sel = await run('report', '--scope', 'units:u1,u3', '--units', 'units.geojson', '--facilities', 'fac.csv', '--format', 'md', '--out', 'sel');
    expect(sel.code).toBe(0);
    const md2 = readFileSync(join(dir, 'sel', readdirSync(join(dir, 'sel')).find((f) => f.endsWith('.md'))!), 'utf8');
    expect(md2).toContain('所选 2 个单元');
    expect(md2).not.toContain('onerror');
  });

  it('fails with one line and the right exit code', async () => {
    const bad = await run('report', '--scope', 'district:999', '--out', 'x1');
    expect(bad.code).toBe(2);
    expect(bad.err).toHaveLength(1);
    expect(bad.err[0].startsWith('report: --scope: ')).toBe(true);
    const fmt = await run('report', '--scope', 'city', '--format', 'pdf,xls', '--out', 'x2');
    expect(fmt.code).toBe(2);
    expect(fmt.err[0]).toBe('report: --format: unknown format "xls" (known: pdf, docx, md, csv)');
    const missing = await run('report', '--scope', 'unit:nope', '--units', 'units.geojson', '--facilities', 'fac.csv', '--out', 'x3');
    expect(missing.code).toBe(1);
    expect(missing.err).toEqual(['report: --scope: no unit "nope" in units.geojson']);
    expect(existsSync(join(dir, 'x3', 'params.json'))).toBe(false);
  });
});
