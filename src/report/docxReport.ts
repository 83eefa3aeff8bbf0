/**
 * The report as a Word document (docx package): real Word tables with a repeating header row,
 * maps and charts as PNG images (rasterised by the caller: canvas in the browser, Chromium on
 * the command line), built-in Heading 1/2 styles and a table-of-contents field that Word fills
 * from them. All text goes in as text runs (the package escapes XML; cleanText removes the
 * control characters XML 1.0 forbids).
 */
import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, ImageRun, Packer, PageBreak, PageNumber, Paragraph, ShadingType,
  Table, TableCell, TableOfContents, TableRow, TextRun, WidthType,
} from 'docx';
import type { Figure } from './figure';
import type { ReportDoc } from './gapReport';
import * as reportText from '../i18n/report';
import { interpolate, pick, type Lang } from '../domain/lang';
import { cleanText } from './safeText';

/** A figure → PNG bytes at `scale` × its size (draw figureSvg(figure)). */
export type Rasterise = (figure: Figure, scale: number) => Promise<Uint8Array>;

export interface DocxOptions {
  lang: Lang;
  rasterise: Rasterise;
}

const FONT = { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'Microsoft YaHei', cs: 'Calibri' };
const run = (text: string, o: { bold?: boolean; size?: number; color?: string; italics?: boolean } = {}) => new TextRun({ text: cleanText(text), font: FONT, ...o });
/** A4 text width at 1-inch margins, in px (96 dpi) for images */
const IMAGE_W = 600;

export async function reportDocx(doc: ReportDoc, o: DocxOptions): Promise<Uint8Array> {
  const text = pick(o.lang, reportText);
  const children: (Paragraph | Table | TableOfContents)[] = [];
  let fig = 0;
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'cover':
        children.push(
          new Paragraph({ spacing: { before: 2400, after: 400 }, children: [run(b.title, { bold: true, size: 48, color: '1F5490' })] }),
          new Paragraph({ spacing: { after: 800 }, children: [run(b.subtitle, { size: 30, color: '444444' })] }),
          ...b.lines.map((l) => new Paragraph({ spacing: { after: 160 }, children: [run(l, { size: 22 })] })),
          new Paragraph({ children: [new PageBreak()] }),
          new Paragraph({ children: [run(text.toc, { bold: true, size: 32, color: '1F5490' })] }),
          new TableOfContents(text.toc, { hyperlink: true, headingStyleRange: '1-2' }),
          new Paragraph({ children: [run(text.tocHint, { size: 16, color: '777777', italics: true })] }),
          new Paragraph({ children: [new PageBreak()] }),
        );
        break;
      case 'heading':
        children.push(new Paragraph({ heading: b.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, children: [run(b.text)] }));
        break;
      case 'para': children.push(new Paragraph({ spacing: { after: 120 }, children: [run(b.text)] })); break;
      case 'notice':
        children.push(new Paragraph({
          spacing: { after: 160 },
          shading: { type: ShadingType.CLEAR, fill: 'FFF4CC', color: 'auto' },
          border: { left: { style: BorderStyle.SINGLE, size: 18, color: 'D99A1A', space: 6 } },
          children: [run(b.text, { bold: true, color: '734000' })],
        }));
        break;
      case 'list': for (const i of b.items) children.push(new Paragraph({ bullet: { level: 0 }, children: [run(i)] })); break;
      case 'code': children.push(new Paragraph({ spacing: { after: 120 }, children: [run(`${b.label}: `, { bold: true, size: 16 }), run(b.text, { size: 16, color: '555555' })] })); break;
      case 'figure': {
        fig++;
        const png = await o.rasterise(b.figure, 2);
        const h = Math.round((IMAGE_W * b.figure.height) / b.figure.width);
        children.push(
          new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [new ImageRun({ type: 'png', data: png, transformation: { width: IMAGE_W, height: h }, altText: { name: b.figure.id, title: cleanText(b.caption), description: cleanText(b.caption) } })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(`${interpolate(text.figure, { n: fig })}  ${b.caption}`, { size: 18, color: '555555' })] }),
        );
        break;
      }
      case 'table': {
        const size = b.head.length > 8 ? 14 : 16;
        const cell = (s: string, head: boolean) => new TableCell({
          shading: head ? { type: ShadingType.CLEAR, fill: 'DCE6F0', color: 'auto' } : undefined,
          margins: { top: 40, bottom: 40, left: 60, right: 60 },
          children: [new Paragraph({ children: [run(s, { size, bold: head })] })],
        });
        children.push(new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, cantSplit: true, children: b.head.map((h) => cell(h, true)) }),
            ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell(c.t, false)) })),
          ],
        }));
        children.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
        break;
      }
    }
  }
  const document = new Document({
    title: cleanText(doc.title),
    subject: text.subtitle,
    creator: '生活圈 Shenghuoquan',
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: FONT, size: 21 } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: '1F5490' }, paragraph: { spacing: { before: 360, after: 160 } } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '222222' }, paragraph: { spacing: { before: 240, after: 120 } } },
      },
    },
    sections: [{
      properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } },
      footers: {
        default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(`${cleanText(doc.title)}  ·  `, { size: 14, color: '777777' }), new TextRun({ children: [PageNumber.CURRENT], size: 14, color: '777777' })] })] }),
      },
      children,
    }],
  });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}
