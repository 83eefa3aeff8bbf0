import { describe, expect, it } from 'vitest';
import { readCsvTable, rowRecord } from '../../src/io/csvTable';
import { FACILITY_FIELDS } from '../../src/io/headerMap';

describe('readCsvTable', () => {
  it('keeps physical line numbers across CRLF, blank lines and quoted line breaks', () => {
    const text = '名称,经度,纬度\r\n"A, ""one""",121.4,31.2\r\n\r\n"B\r\nsecond line",121.5,31.3\r\n   \r\nC,121.6,31.1\r\n';
    const t = readCsvTable(text, FACILITY_FIELDS);
    expect(t.headers).toEqual(['名称', '经度', '纬度']);
    expect(t.headerLine).toBe(1);
    expect(t.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, 'A, "one"'],
      [4, 'B\r\nsecond line'],
      [7, 'C'],
    ]);
    expect(t.blankLines).toBe(2);
  });

  it('handles LF and lone CR line ends the same way', () => {
    for (const eol of ['\n', '\r']) {
      const t = readCsvTable(['name,lng,lat', 'a,1,2', '', 'b,3,4'].join(eol), FACILITY_FIELDS);
      expect(t.rows.map((r) => r.line)).toEqual([2, 4]);
    }
  });

  it('skips title rows above the header', () => {
    const t = readCsvTable('2025 年清单,,\n说明：单位为度,,\n名称,经度,纬度\nA,121.4,31.2\n', FACILITY_FIELDS);
    expect(t.headerLine).toBe(3);
    expect(t.titleRows).toBe(2);
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0].line).toBe(4);
  });

  it('detects tab and semicolon delimiters', () => {
    expect(readCsvTable('名称\t经度\t纬度\nA\t121.4\t31.2\n', FACILITY_FIELDS).delimiter).toBe('\t');
    const semi = readCsvTable('name;lng;lat\nA;121,4;31,2\n', FACILITY_FIELDS);
    expect(semi.delimiter).toBe(';');
    expect(semi.rows[0].cells).toEqual(['A', '121,4', '31,2']);
  });

  it('flags an unclosed quote on the row where it starts', () => {
    const t = readCsvTable('name,lng,lat\nA,121.4,31.2\n"B,121.5,31.3\nC,121.6,31.1\n', FACILITY_FIELDS);
    const bad = t.rows.find((r) => r.quoteError);
    expect(bad?.line).toBe(3);
  });

  it('names blank and repeated headers, and keys extra cells by position', () => {
    const t = readCsvTable('name,,name,lng,lat\nA,x,y,121.4,31.2,extra\n', FACILITY_FIELDS);
    expect(t.headers).toEqual(['name', '列2', 'name(2)', 'lng', 'lat']);
    expect(rowRecord(t.headers, t.rows[0].cells)).toEqual({ name: 'A', 列2: 'x', 'name(2)': 'y', lng: '121.4', lat: '31.2', 列6: 'extra' });
  });

  it('reports progress up to the whole text', () => {
    const text = 'name,lng,lat\n' + Array.from({ length: 5000 }, (_, i) => `n${i},121.4,31.2`).join('\n');
    const seen: number[] = [];
    readCsvTable(text, FACILITY_FIELDS, (done, total) => seen.push(done / total));
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
