/**
 * The report as an A4 PDF made with pdf-lib: the CJK font is embedded as a subset
 * (WenQuanYi Micro Hei, geodata/fonts/), maps and charts are drawn as vectors from the same
 * display lists as the SVG figures, tables wrap and repeat their header across pages, and a
 * contents page lists the chapters with their page numbers. Runs unchanged in the browser and
 * in Node (the caller passes the font bytes).
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { hexRgb, type Figure } from './figure';
import type { ReportBlock, ReportDoc } from './gapReport';
import * as reportText from '../i18n/report';
import { interpolate, localeOf, pick, type Lang } from '../domain/lang';
import { cleanText } from './safeText';

const A4: [number, number] = [595.28, 841.89];
const M = { left: 54, right: 54, top: 56, bottom: 58 };
const CW = A4[0] - M.left - M.right;
const INK = rgb(0.13, 0.13, 0.13);
const GREY = rgb(0.4, 0.4, 0.4);

const col = (hex: string | undefined): RGB | undefined => {
  if (!hex) return undefined;
  const [r, g, b] = hexRgb(hex);
  return rgb(r, g, b);
};

/** Lines of at most `width` points: CJK breaks anywhere, other text at spaces (long words split). */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const tokens = cleanText(text).match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  const w = (s: string) => font.widthOfTextAtSize(s, size);
  for (let tok of tokens) {
    if (/^\s+$/.test(tok)) {
      if (line) line += ' ';
      continue;
    }
    while (w(tok) > width && tok.length > 1) {
      // a word longer than the line: split it
      let k = tok.length - 1;
      while (k > 1 && w(tok.slice(0, k)) > width) k--;
      if (line.trim()) lines.push(line.trimEnd());
      lines.push(tok.slice(0, k));
      line = '';
      tok = tok.slice(k);
    }
    if (w(line + tok) > width && line.trim()) {
      lines.push(line.trimEnd());
      line = tok;
    } else line += tok;
  }
  if (line.trim() || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

interface Ctx {
  pdf: PDFDocument;
  font: PDFFont;
  page: PDFPage;
  y: number;
  pages: PDFPage[];
}

function newPage(c: Ctx): void {
  c.page = c.pdf.addPage(A4);
  c.pages.push(c.page);
  c.y = A4[1] - M.top;
}
function need(c: Ctx, h: number): void {
  if (c.y - h < M.bottom) newPage(c);
}

function paragraph(c: Ctx, text: string, size: number, opts: { color?: RGB; indent?: number; gap?: number; bullet?: string } = {}): void {
  const indent = opts.indent ?? 0;
  const lh = size * 1.5;
  const lines = wrapText(text, c.font, size, CW - indent);
  lines.forEach((l, i) => {
    need(c, lh);
    if (i === 0 && opts.bullet) c.page.drawText(opts.bullet, { x: M.left + indent - 10, y: c.y - size, size, font: c.font, color: opts.color ?? INK });
    c.page.drawText(l, { x: M.left + indent, y: c.y - size, size, font: c.font, color: opts.color ?? INK });
    c.y -= lh;
  });
  c.y -= opts.gap ?? size * 0.6;
}

export function drawFigure(page: PDFPage, font: PDFFont, f: Figure, x0: number, yTop: number, scale: number): void {
  for (const it of f.items) {
    switch (it.t) {
      case 'path': {
        const o: Parameters<PDFPage['drawSvgPath']>[1] = { x: x0, y: yTop, scale };
        if (it.fill) { o.color = col(it.fill); if (it.opacity !== undefined) o.opacity = it.opacity; }
        if (it.stroke) { o.borderColor = col(it.stroke); o.borderWidth = (it.strokeWidth ?? 1) * scale; }
        if (!it.fill && !it.stroke) break;
        page.drawSvgPath(it.d, o);
        break;
      }
      case 'rect': {
        const o: Parameters<PDFPage['drawRectangle']>[0] = { x: x0 + it.x * scale, y: yTop - (it.y + it.h) * scale, width: it.w * scale, height: it.h * scale };
        if (it.fill) { o.color = col(it.fill); if (it.opacity !== undefined) o.opacity = it.opacity; }
        if (it.stroke) { o.borderColor = col(it.stroke); o.borderWidth = (it.strokeWidth ?? 1) * scale; }
        if (!it.fill && !it.stroke) break;
        page.drawRectangle(o);
        break;
      }
      case 'circle': {
        const o: Parameters<PDFPage['drawCircle']>[0] = { x: x0 + it.cx * scale, y: yTop - it.cy * scale, size: it.r * scale };
        if (it.fill) { o.color = col(it.fill); if (it.opacity !== undefined) o.opacity = it.opacity; }
        if (it.stroke) { o.borderColor = col(it.stroke); o.borderWidth = (it.strokeWidth ?? 1) * scale; }
        page.drawCircle(o);
        break;
      }
      case 'line':
        page.drawLine({ start: { x: x0 + it.x1 * scale, y: yTop - it.y1 * scale }, end: { x: x0 + it.x2 * scale, y: yTop - it.y2 * scale }, thickness: it.strokeWidth * scale, color: col(it.stroke) });
        break;
      case 'text': {
        const size = it.size * scale;
        const text = cleanText(it.text);
        const w = font.widthOfTextAtSize(text, size);
        const dx = it.anchor === 'middle' ? -w / 2 : it.anchor === 'end' ? -w : 0;
        page.drawText(text, { x: x0 + it.x * scale + dx, y: yTop - it.y * scale, size, font, color: col(it.fill ?? '#222222') });
        break;
      }
    }
  }
}

function table(c: Ctx, b: Extract<ReportBlock, { kind: 'table' }>): void {
  const n = b.head.length;
  const size = n > 8 ? 6.8 : n > 5 ? 7.5 : 8.5;
  const pad = 3;
  const lh = size * 1.35;
  const cellsOf = (i: number) => [b.head[i], ...b.rows.map((r) => r[i]?.t ?? '')];
  const widthOf = (x: string) => c.font.widthOfTextAtSize(x, size);
  const cjk = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/;
  // natural: the widest cell on one line; minimum: the longest unbreakable word, or 4 CJK characters
  const natural = Array.from({ length: n }, (_, i) => Math.min(240, Math.max(...cellsOf(i).map((x) => widthOf(cleanText(x))))) + 2 * pad);
  const minW = Array.from({ length: n }, (_, i) => {
    let m = 0;
    for (const cellText of cellsOf(i)) {
      for (const word of cleanText(cellText).split(/\s+|(?=[\u2e80-\u9fff])|(?<=[\u2e80-\u9fff])/)) if (!cjk.test(word)) m = Math.max(m, widthOf(word));
      const chars = [...cleanText(cellText)].filter((ch) => cjk.test(ch)).slice(0, 4).join('');
      m = Math.max(m, widthOf(chars));
    }
    return Math.min(natural[i], Math.min(90, m) + 2 * pad);
  });
  const sumMin = minW.reduce((a, v) => a + v, 0);
  const sumNat = natural.reduce((a, v) => a + v, 0);
  let widths: number[];
  if (sumNat <= CW) widths = natural.map((v) => (v * CW) / sumNat);
  else if (sumMin >= CW) widths = minW.map((v) => (v * CW) / sumMin);
  else {
    const extra = CW - sumMin;
    const want = natural.map((v, i) => v - minW[i]);
    const sumWant = want.reduce((a, v) => a + v, 0);
    widths = minW.map((v, i) => v + (extra * want[i]) / sumWant);
  }
  const layoutRow = (cells: string[]) => {
    const lines = cells.map((s, i) => wrapText(s, c.font, size, widths[i] - 2 * pad));
    return { lines, h: Math.max(...lines.map((l) => l.length)) * lh + 2 * pad };
  };
  const head = layoutRow(b.head);
  const drawRow = (row: { lines: string[][]; h: number }, fill: RGB | null) => {
    let x = M.left;
    if (fill) c.page.drawRectangle({ x: M.left, y: c.y - row.h, width: CW, height: row.h, color: fill });
    row.lines.forEach((ls, i) => {
      ls.forEach((l, k) => c.page.drawText(l, { x: x + pad, y: c.y - pad - size - k * lh + 1, size, font: c.font, color: INK }));
      x += widths[i];
    });
    c.page.drawLine({ start: { x: M.left, y: c.y - row.h }, end: { x: M.left + CW, y: c.y - row.h }, thickness: 0.4, color: rgb(0.75, 0.75, 0.75) });
    c.y -= row.h;
  };
  need(c, head.h + lh * 2 + 2 * pad);
  drawRow(head, rgb(0.88, 0.91, 0.95));
  b.rows.forEach((r, i) => {
    const row = layoutRow(r.map((x) => x.t));
    if (c.y - row.h < M.bottom) {
      newPage(c);
      drawRow(head, rgb(0.88, 0.91, 0.95));
    }
    drawRow(row, i % 2 ? rgb(0.97, 0.97, 0.97) : null);
  });
  c.y -= 10;
}

export interface PdfOptions {
  lang: Lang;
  /** TrueType font with CJK glyphs (geodata/fonts/wqy-microhei.ttf) */
  fontBytes: Uint8Array;
  /** document date, for the metadata */
  date?: Date;
}

export async function reportPdf(doc: ReportDoc, o: PdfOptions): Promise<Uint8Array> {
  const text = pick(o.lang, reportText);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(o.fontBytes, { subset: true });
  pdf.setTitle(cleanText(doc.title));
  pdf.setSubject(text.subtitle);
  pdf.setAuthor('生活圈 Shenghuoquan');
  pdf.setCreator('生活圈 Shenghuoquan (pdf-lib)');
  pdf.setLanguage(localeOf(o.lang));
  if (o.date) { pdf.setCreationDate(o.date); pdf.setModificationDate(o.date); }
  const c: Ctx = { pdf, font, page: null as unknown as PDFPage, y: 0, pages: [] };
  const toc: { text: string; page: number }[] = [];
  let fig = 0;
  let tocPage: PDFPage | null = null;
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'cover': {
        newPage(c);
        c.page.drawRectangle({ x: 0, y: A4[1] - 250, width: A4[0], height: 250, color: rgb(0.12, 0.33, 0.55) });
        const lines = wrapText(b.title, font, 24, CW);
        let y = A4[1] - 120;
        for (const l of lines) { c.page.drawText(l, { x: M.left, y, size: 24, font, color: rgb(1, 1, 1) }); y -= 34; }
        c.page.drawText(cleanText(b.subtitle), { x: M.left, y: y - 4, size: 14, font, color: rgb(0.9, 0.94, 1) });
        c.y = A4[1] - 300;
        for (const l of b.lines) paragraph(c, l, 11, { gap: 8 });
        // contents on the next page, filled in at the end
        newPage(c);
        tocPage = c.page;
        newPage(c);
        break;
      }
      case 'heading': {
        const size = b.level === 1 ? 16 : 12.5;
        if (b.level === 1 && c.y < A4[1] - M.top - 1 && c.y < A4[1] * 0.45) newPage(c);
        need(c, size * 4);
        c.y -= b.level === 1 ? 6 : 4;
        if (b.level === 1) toc.push({ text: b.text, page: c.pages.length });
        paragraph(c, b.text, size, { color: b.level === 1 ? rgb(0.12, 0.33, 0.55) : INK, gap: 6 });
        if (b.level === 1) c.page.drawLine({ start: { x: M.left, y: c.y + 4 }, end: { x: M.left + CW, y: c.y + 4 }, thickness: 0.8, color: rgb(0.12, 0.33, 0.55) });
        c.y -= 4;
        break;
      }
      case 'para': paragraph(c, b.text, 10); break;
      case 'notice': {
        const lines = wrapText(b.text, font, 10, CW - 16);
        const h = lines.length * 15 + 10;
        need(c, h);
        c.page.drawRectangle({ x: M.left, y: c.y - h, width: CW, height: h, color: rgb(1, 0.96, 0.8), borderColor: rgb(0.85, 0.6, 0.1), borderWidth: 0.8 });
        lines.forEach((l, i) => c.page.drawText(l, { x: M.left + 8, y: c.y - 5 - 10 - i * 15, size: 10, font, color: rgb(0.45, 0.25, 0) }));
        c.y -= h + 8;
        break;
      }
      case 'list': for (const i of b.items) paragraph(c, i, 10, { indent: 12, bullet: '•', gap: 3 }); c.y -= 5; break;
      case 'code': paragraph(c, `${b.label}: ${b.text}`, 7.5, { color: GREY }); break;
      case 'table': table(c, b); break;
      case 'figure': {
        fig++;
        const scale = CW / b.figure.width;
        const h = b.figure.height * scale;
        need(c, h + 26);
        drawFigure(c.page, font, b.figure, M.left, c.y, scale);
        c.y -= h + 4;
        paragraph(c, `${interpolate(text.figure, { n: fig })}  ${b.caption}`, 9, { color: GREY, gap: 12 });
        break;
      }
    }
  }
  // contents
  if (tocPage) {
    tocPage.drawText(text.toc, { x: M.left, y: A4[1] - M.top - 18, size: 18, font, color: rgb(0.12, 0.33, 0.55) });
    let y = A4[1] - M.top - 56;
    for (const e of toc) {
      const label = wrapText(e.text, font, 11, CW - 40)[0];
      tocPage.drawText(label, { x: M.left, y, size: 11, font, color: INK });
      const pn = String(e.page);
      tocPage.drawText(pn, { x: M.left + CW - font.widthOfTextAtSize(pn, 11), y, size: 11, font, color: INK });
      y -= 22;
    }
  }
  // footers
  const total = c.pages.length;
  const title = wrapText(doc.title, font, 7.5, CW * 0.7)[0];
  c.pages.forEach((p, i) => {
    if (i === 0) return;
    p.drawText(title, { x: M.left, y: 30, size: 7.5, font, color: GREY });
    const pn = `${i + 1} / ${total}`;
    p.drawText(pn, { x: M.left + CW - font.widthOfTextAtSize(pn, 7.5), y: 30, size: 7.5, font, color: GREY });
  });
  return pdf.save();
}
