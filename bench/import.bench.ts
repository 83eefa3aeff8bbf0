/**
 * Import benchmark: a generated 100k-row facility CSV in GBK (as Chinese Excel
 * writes it) through the same pure pipeline the import worker and the CLI use.
 * Run: npx tsx bench/import.bench.ts [rows]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import type { Category } from '../src/domain/types';
import { parseFacilityFile } from '../src/io/facilityCsv';
import { decodeBytes } from '../src/io/decode';
import { readCsvTable } from '../src/io/csvTable';
import { FACILITY_FIELDS } from '../src/io/headerMap';

const root = resolve(import.meta.dirname ?? '.', '..');
const categories: Category[] = JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')).categories;
const rows = Number(process.argv[2] ?? 100_000);

let seed = 12345;
const rand = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};
const cats = ['养老服务', '社区助餐', '体育健身', '文化休闲、儿童游憩', '健康服务'];
const lines = ['名称,类型,服务类别,状态,区,地址,经度,纬度'];
for (let i = 0; i < rows; i++) {
  lines.push(`设施${i},六艺亭,${cats[i % cats.length]},已建成,浦东新区,"某路 ${i} 号",${(121.2 + rand() * 0.6).toFixed(6)},${(30.9 + rand() * 0.6).toFixed(6)}`);
}
const bytes = new Uint8Array(iconv.encode(lines.join('\r\n') + '\r\n', 'gbk'));

function time<T>(label: string, fn: () => T, runs = 3): T {
  let out: T | undefined;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}: median ${ms[runs >> 1].toFixed(0)} ms (runs: ${ms.map((m) => m.toFixed(0)).join(', ')})`);
  return out as T;
}

console.log(`import benchmark: ${rows} rows, ${(bytes.length / 1e6).toFixed(1)} MB GBK, node ${process.version}`);
const { text } = time('  decode (GB18030 detect + TextDecoder)', () => decodeBytes(bytes));
time('  CSV parse (papaparse, line numbers)', () => readCsvTable(text, FACILITY_FIELDS));
const res = time('facility import total (parseFacilityFile)', () => parseFacilityFile(bytes, { categories, source: 'bench.csv' }));
console.log(`  loaded ${res.summary.loaded}, rejected ${res.summary.rejected}`);
