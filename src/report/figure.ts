/**
 * Figures of the report (maps and charts) as a small display list in pixel units, y down.
 * One list, several renderers: figureSvg (the app's preview, Markdown, the PNG rasterised for
 * Word) and src/report/pdfReport.ts (vector drawing with the embedded font). Pure.
 */
export interface Paint {
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
  /** fill opacity 0…1 */
  opacity?: number;
}
export type FigItem =
  | ({ t: 'path'; d: string } & Paint)
  | ({ t: 'rect'; x: number; y: number; w: number; h: number } & Paint)
  | ({ t: 'circle'; cx: number; cy: number; r: number } & Paint)
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; strokeWidth: number }
  | { t: 'text'; x: number; y: number; text: string; size: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; bold?: boolean };

export interface Figure {
  id: string;
  width: number;
  height: number;
  items: FigItem[];
}

export const FIGURE_FONT = "'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', sans-serif";

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const n = (v: number) => (Math.round(v * 10) / 10).toString();

function paintAttrs(p: Paint): string {
  const a = [`fill="${p.fill ? esc(p.fill) : 'none'}"`];
  if (p.opacity !== undefined && p.opacity < 1) a.push(`fill-opacity="${p.opacity}"`);
  if (p.stroke) a.push(`stroke="${esc(p.stroke)}"`, `stroke-width="${n(p.strokeWidth ?? 1)}"`, 'stroke-linejoin="round"');
  return a.join(' ');
}

/** Standalone SVG document (text escaped; no script, no external reference). */
export function figureSvg(f: Figure): string {
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" font-family="${esc(FIGURE_FONT)}">`,
    `<rect x="0" y="0" width="${f.width}" height="${f.height}" fill="#ffffff"/>`,
  ];
  for (const it of f.items) {
    switch (it.t) {
      case 'path': out.push(`<path d="${it.d}" ${paintAttrs(it)} fill-rule="evenodd"/>`); break;
      case 'rect': out.push(`<rect x="${n(it.x)}" y="${n(it.y)}" width="${n(it.w)}" height="${n(it.h)}" ${paintAttrs(it)}/>`); break;
      case 'circle': out.push(`<circle cx="${n(it.cx)}" cy="${n(it.cy)}" r="${n(it.r)}" ${paintAttrs(it)}/>`); break;
      case 'line': out.push(`<line x1="${n(it.x1)}" y1="${n(it.y1)}" x2="${n(it.x2)}" y2="${n(it.y2)}" stroke="${esc(it.stroke)}" stroke-width="${n(it.strokeWidth)}"/>`); break;
      case 'text': {
        const anchor = it.anchor && it.anchor !== 'start' ? ` text-anchor="${it.anchor}"` : '';
        const weight = it.bold ? ' font-weight="bold"' : '';
        out.push(`<text x="${n(it.x)}" y="${n(it.y)}" font-size="${n(it.size)}"${anchor}${weight} fill="${esc(it.fill ?? '#222222')}">${esc(it.text)}</text>`);
        break;
      }
    }
  }
  out.push('</svg>');
  return out.join('\n');
}

/** "#rrggbb" → [r, g, b] in 0…1 */
export function hexRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return [0, 0, 0];
  return [parseInt(m[1], 16) / 255, parseInt(m[2], 16) / 255, parseInt(m[3], 16) / 255];
}
