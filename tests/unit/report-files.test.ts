// PDF (pdf-lib) and Word (docx) renderings of the gap report, opened the way a reader would:
// the PDF through poppler's pdftotext, the .docx unzipped (word/document.xml).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CoverageEngine } from '../../src/geo/coverageEngine';
import { defaultWalkParams } from '../../src/domain/walk';
import type { UnitFeature } from '../../src/domain/types';
import { SOURCES } from '../../src/data/sources';
import categoriesJson from '../../geodata/categories.json';
import standardsJson from '../../geodata/standards.json';
import type { Category } from '../../src/domain/types';
import type { StandardsFile } from '../../src/report/standards';
import { buildGapReport, type GapReportInput } from '../../src/report/gapReport';
import { reportPdf } from '../../src/report/pdfReport';
import { reportDocx } from '../../src/report/docxReport';

const CATS = (categoriesJson as { categories: Category[] }).categories;
const LNG0 = 121.40, LAT0 = 31.20, DLNG = 1 / 95.24, DLAT = 1 / 111.19;
const at = (x: number, y: number): [number, number] => [LNG0 + x * DLNG, LAT0 + y * DLAT];
function square(id: string, name: string, x: number, y: number, pop: number): UnitFeature {
  const ring = [at(x, y), at(x + 1.5, y), at(x + 1.5, y + 1.5), at(x, y + 1.5), at(x, y)];
  return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { id, name, district: '310112', area_km2: 2.25, pop_est: pop, pop_source: 'census-2020-district-spread' } };
}
const HOSTILE = '<img src=x onerror=alert(1)>';
const UNITS: UnitFeature[] = [
  square('u1', '莘庄镇', 0, 0, 30000),
  square('u2', HOSTILE, 1.5, 0, 20000),
  square('u3', '=HYPERLINK("x")\u0007', 3, 0, 10000),
  square('u4', '古美路街道 & <b>', 0, 1.5, 25000),
];
const eng = new CoverageEngine(CATS);
eng.setUnits(UNITS);
eng.setFacilities([{ id: 'f1', lng: at(0.7, 0.7)[0], lat: at(0.7, 0.7)[1], categories: ['health', 'elderly', 'party'] }]);
const result = eng.compute(defaultWalkParams());
const input: GapReportInput = {
  lang: 'zh',
  scope: { kind: 'district', code: '310112' },
  result,
  categories: CATS,
  districtNames: new Map([['310112', { zh: '闵行区', en: 'Minhang' }]]),
  unitNames: new Map(UNITS.map((u) => [u.properties.id, u.properties.name])),
  sources: SOURCES,
  datasets: [{ label: 'demo (synthetic)', synthetic: true, count: 1 }],
  synthetic: true,
  slot: 'health',
  date: '2026-11-30',
  unitFeatures: UNITS,
  standards: standardsJson as StandardsFile,
};
const doc = buildGapReport(input);
const font = new Uint8Array(readFileSync('geodata/fonts/wqy-microhei.ttf'));
const dir = mkdtempSync(join(tmpdir(), 'shq-report-'));

/** The entries of a zip file (stored or deflated), by name. */
function unzip(buf: Uint8Array): Map<string, Buffer> {
  const b = Buffer.from(buf);
  let eocd = b.length - 22;
  while (eocd >= 0 && b.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = b.readUInt16LE(p + 10), size = b.readUInt32LE(p + 20), nameLen = b.readUInt16LE(p + 28), extra = b.readUInt16LE(p + 30), comment = b.readUInt16LE(p + 32), local = b.readUInt32LE(p + 42);
    const name = b.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = b.subarray(start, start + size);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

// a real 1×1 PNG (the app and the CLI rasterise figures with a browser; here only the package is tested)
const PNG_1x1 = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

describe('report files', () => {
  it('PDF: A4, the font embedded, and pdftotext finds the scope, every category, GB 50180 and the ledger rows', { timeout: 60_000 }, async () => {
    const pdf = await reportPdf(doc, { lang: 'zh', fontBytes: font });
    const file = join(dir, 'r.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/WenQuanYi\S*\s+CID TrueType\s+Identity-H\s+yes/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('闵行区');
    for (const c of CATS) expect(text).toContain(c.zh);
    expect(text).toContain('GB 50180-2018');
    expect(text).toContain('问题清单');
    expect(text).toContain(HOSTILE); // drawn as text
    expect(text).not.toContain('\u0007');
    // the printed ledger rows: unit, category and residents not covered of the first rows
    for (const row of doc.ledgerRows.slice(0, 5)) {
      expect(text).toContain(row[8].t); // residents not covered, e.g. "20,000"
      expect(text).toContain(row[5].t); // current value
    }
    expect(text).toContain(doc.ledgerRows[0][1].t);
  });

  it('Word: headings with Word styles and a TOC field, real tables, images, the scope name; names as escaped text', { timeout: 60_000 }, async () => {
    const bytes = await reportDocx(doc, { lang: 'zh', rasterise: async () => PNG_1x1 });
    const files = unzip(bytes);
    const xml = files.get('word/document.xml')!.toString('utf8');
    expect(xml.includes('<w:pStyle w:val="Heading1"/>'), '<w:pStyle w:val="Heading1"/>').toBe(true);
    expect(xml.includes('<w:pStyle w:val="Heading2"/>'), '<w:pStyle w:val="Heading2"/>').toBe(true);
    expect(/TOC \\h \\o &quot;1-2&quot;/.test(xml)).toBe(true);
    const tables = xml.match(/<w:tbl>/g) ?? [];
    expect(tables.length).toBeGreaterThanOrEqual(6);
    expect(xml.includes('<w:tblHeader/>'), '<w:tblHeader/>').toBe(true);
    const images = [...files.keys()].filter((k) => k.startsWith('word/media/'));
    expect(images.length).toBeGreaterThanOrEqual(1); // identical test PNGs are stored once
    expect((xml.match(/<a:blip r:embed=/g) ?? []).length).toBe(doc.blocks.filter((b) => b.kind === 'figure').length);
    expect(xml.includes('闵行区'), '闵行区').toBe(true);
    expect(xml.includes('15 分钟社区生活圈评估报告：闵行区'), '15 分钟社区生活圈评估报告：闵行区').toBe(true);
    expect(xml.includes('&lt;img src=x onerror=alert(1)&gt;'), '&lt;img src=x onerror=alert(1)&gt;').toBe(true);
    expect(xml.includes('<img')).toBe(false);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    for (const c of CATS) expect(xml.includes(c.zh), c.zh).toBe(true);
    expect(xml.includes('GB 50180-2018'), 'GB 50180-2018').toBe(true);
    const styles = files.get('word/styles.xml')!.toString('utf8');
    expect(styles).toContain('w:styleId="Heading1"');
  });
});
