/**
 * Import benchmark, the same pure pipeline the import worker and the CLI use
 * (parseFacilityFile). Run: npm run bench:import [-- --only <shape>] [-- --rows N]
 *
 * Shapes (issue 14 item 10), each in a fresh child process reading the file from disk,
 * so the time is the import's own wall time and the peak is the import's resident memory
 * (node's baseline included, the generator's excluded):
 *   gbk-100k       100 000 ordinary rows, GBK (as Chinese Excel writes it); also decode and
 *                  CSV-parse timings, median of 3
 *   ordinary-1m    1 000 000 ordinary rows, UTF-8            target < 30 s and < 1 GB
 *   one-name-1m    1 000 000 rows all named "社区食堂"          target < 60 s
 *   long-unknown   4 000 rows with one 300-character unknown category (suggestions memoised)
 * The last line is JSON with every shape's figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { mulberry32 } from '../src/domain/prng';

const root = resolve(import.meta.dirname ?? '.', '..');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;
const rowsOverride = args.includes('--rows') ? Number(args[args.indexOf('--rows') + 1]) : null;

type Shape = { name: string; rows: number; encoding: 'gbk' | 'utf-8'; row: (i: number, rand: () => number) => string; target?: { ms?: number; mb?: number }; runs: number };
const CATS = ['养老服务', '社区助餐', '体育健身', '文化休闲、儿童游憩', '健康服务'];
const coords = (rand: () => number) => `${(121.2 + rand() * 0.6).toFixed(6)},${(30.9 + rand() * 0.6).toFixed(6)}`;
const LONG = '社区综合便民服务中心（示例）'.repeat(22).slice(0, 300);
const SHAPES: Shape[] = [
  { name: 'gbk-100k', rows: 100_000, encoding: 'gbk', runs: 3, row: (i, r) => `设施${i},六艺亭,${CATS[i % 5]},已建成,浦东新区,"某路 ${i} 号",${coords(r)}` },
  { name: 'ordinary-1m', rows: 1_000_000, encoding: 'utf-8', runs: 1, target: { ms: 30_000, mb: 1024 }, row: (i, r) => `设施${i},六艺亭,${CATS[i % 5]},已建成,浦东新区,"某路 ${i} 号",${coords(r)}` },
  { name: 'one-name-1m', rows: 1_000_000, encoding: 'utf-8', runs: 1, target: { ms: 60_000 }, row: (i, r) => `社区食堂,六艺亭,社区助餐,已建成,浦东新区,"某路 ${i} 号",${coords(r)}` },
  { name: 'long-unknown', rows: 4_000, encoding: 'utf-8', runs: 1, target: { ms: 5_000 }, row: (i, r) => `设施${i},六艺亭,${LONG},已建成,浦东新区,"某路 ${i} 号",${coords(r)}` },
];

const child = process.argv[2] === '--child';
if (child) {
  // child: import one file and report
  const { parseFacilityFile } = await import('../src/io/facilityCsv');
  const { decodeBytes } = await import('../src/io/decode');
  const { readCsvTable } = await import('../src/io/csvTable');
  const { FACILITY_FIELDS } = await import('../src/io/headerMap');
  const [file, runsText, detail] = [process.argv[3], process.argv[4], process.argv[5] === 'detail'];
  const categories = JSON.parse(readFileSync(join(root, 'geodata/categories.json'), 'utf8')).categories;
  const bytes = new Uint8Array(readFileSync(file));
  const median = (fn: () => unknown) => {
    const ms: number[] = [];
    for (let i = 0; i < Number(runsText); i++) {
      const t0 = performance.now();
      fn();
      ms.push(performance.now() - t0);
    }
    return ms.sort((a, b) => a - b)[ms.length >> 1];
  };
  const extra: Record<string, number> = {};
  if (detail) {
    let text = '';
    extra.decodeMs = median(() => (text = decodeBytes(bytes).text));
    extra.parseMs = median(() => readCsvTable(text, FACILITY_FIELDS));
    text = '';
  }
  let summary: unknown = null;
  const cpu0 = process.cpuUsage();
  const ms = median(() => (summary = parseFacilityFile(bytes, { categories, source: 'bench.csv' }).summary));
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000 / Number(runsText), peakMb: process.resourceUsage().maxRSS / 1024, mb: bytes.length / 1e6, summary, ...extra }));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'import-bench-'));
  const results: Record<string, unknown> = {};
  console.log(`import benchmark, node ${process.version}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const s of SHAPES) {
    if (only && s.name !== only) continue;
    const rows = rowsOverride ?? s.rows;
    const rand = mulberry32(12345);
    const lines = ['名称,类型,服务类别,状态,区,地址,经度,纬度'];
    for (let i = 0; i < rows; i++) lines.push(s.row(i, rand));
    const text = `${lines.join('\r\n')}\r\n`;
    lines.length = 0;
    const file = join(dir, `${s.name}.csv`);
    writeFileSync(file, s.encoding === 'gbk' ? iconv.encode(text, 'gbk') : text);
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/import.bench.ts'), '--child', file, String(s.runs), s.name === 'gbk-100k' ? 'detail' : ''], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    const r = JSON.parse(out) as { ms: number; cpuMs: number; peakMb: number; mb: number; summary: { loaded: number; rejected: number }; decodeMs?: number; parseMs?: number };
    // wall time depends on what else the machine runs: the CPU time of the import is shown beside it
    const memOk = !s.target?.mb || r.peakMb < s.target.mb;
    const verdict = s.target && rows === s.rows
      ? ` — target${s.target.ms ? ` < ${s.target.ms / 1000} s` : ''}${s.target.mb ? ` and < ${s.target.mb} MB` : ''}: ` +
        `${(!s.target.ms || r.ms < s.target.ms) && memOk ? 'met' : 'NOT met'} (by wall time)` +
        `${s.target.ms ? `, ${r.cpuMs < s.target.ms && memOk ? 'met' : 'NOT met'} by CPU time` : ''}`
      : '';
    console.log(
      `${s.name}: ${rows} rows, ${r.mb.toFixed(1)} MB ${s.encoding}: ${s.runs > 1 ? 'median ' : ''}${(r.ms / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU, peak ${Math.round(r.peakMb)} MB; ` +
        `loaded ${r.summary.loaded}, rejected ${r.summary.rejected}${r.decodeMs !== undefined ? `; decode ${Math.round(r.decodeMs)} ms, CSV parse ${Math.round(r.parseMs ?? 0)} ms` : ''}${verdict}`,
    );
    results[s.name] = { rows, ms: Math.round(r.ms), cpu_ms: Math.round(r.cpuMs), peak_mb: Math.round(r.peakMb), loaded: r.summary.loaded, rejected: r.summary.rejected };
    rmSync(file, { force: true });
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify(results));
}
