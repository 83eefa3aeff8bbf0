import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { csvCell, neutraliseFormula, toCsv, UTF8_BOM } from '../../src/io/csvExport';

describe('csvExport', () => {
  it('starts with the UTF-8 BOM (EF BB BF once encoded) and ends lines with CRLF', () => {
    const text = toCsv([['区', 'n'], ['浦东新区', 416]]);
    const bytes = new TextEncoder().encode(text);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text).toBe(`${UTF8_BOM}区,n\r\n浦东新区,416\r\n`);
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });

  it('neutralises text cells that a spreadsheet would run as formulas', () => {
    for (const s of ['=SUM(A1)', '+1', '-1+2', '@cmd', '\tx', '\rx']) {
      expect(neutraliseFormula(s)).toBe(`'${s}`);
    }
    expect(neutraliseFormula('浦东=1')).toBe('浦东=1');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
  });

  it('writes numbers as numbers, including negatives, and blanks for null/NaN', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.8545)).toBe('0.8545');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes commas, quotes and line breaks so a CSV parser reads the cells back', () => {
    const rows = [['a,b', 'say "hi"', 'line1\nline2', ' lead', '普通']];
    const text = toCsv(rows, { bom: false });
    const parsed = Papa.parse<string[]>(text.trimEnd(), { header: false });
    expect(parsed.data).toEqual(rows);
  });
});
