/**
 * The report as Markdown. Every text goes through mdEscape (imported names cannot open HTML,
 * links, images or break a table); figures are embedded as SVG data URIs so the one file
 * carries its maps and charts in the app and on the command line alike.
 */
import { figureSvg } from './figure';
import { buildGapReport, type GapReportInput, type ReportDoc } from './gapReport';
import { mdEscape } from './safeText';

function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function reportDocMarkdown(doc: ReportDoc): string {
  const out: string[] = [];
  let fig = 0;
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'cover': out.push(`# ${mdEscape(b.title)}`, '', `**${mdEscape(b.subtitle)}**`, '', ...b.lines.map((l) => `- ${mdEscape(l)}`), ''); break;
      case 'heading': out.push(`${b.level === 1 ? '##' : '###'} ${mdEscape(b.text)}`, ''); break;
      case 'para': out.push(mdEscape(b.text), ''); break;
      case 'notice': out.push(`> **${mdEscape(b.text)}**`, ''); break;
      case 'list': out.push(...b.items.map((i) => `- ${mdEscape(i)}`), ''); break;
      case 'code': out.push(`${mdEscape(b.label)}:`, '', '```text', b.text.replace(/`/g, "'"), '```', ''); break;
      case 'figure': {
        fig++;
        const caption = mdEscape(b.caption);
        out.push(`![${caption}](data:image/svg+xml;base64,${base64Utf8(figureSvg(b.figure))})`, '', `*${fig}. ${caption}*`, '');
        break;
      }
      case 'table':
        out.push(`| ${b.head.map(mdEscape).join(' | ')} |`, `|${b.head.map(() => ' --- ').join('|')}|`);
        for (const row of b.rows) out.push(`| ${row.map((c) => mdEscape(c.t) || ' ').join(' | ')} |`);
        out.push('');
        break;
    }
  }
  return out.join('\n');
}

/** @internal the app and the CLI render a built ReportDoc; tests start from the input */
export function gapReportMarkdown(input: GapReportInput): string {
  return reportDocMarkdown(buildGapReport(input));
}
