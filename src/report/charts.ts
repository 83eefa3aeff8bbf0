/**
 * Charts of the report as display lists (src/report/figure.ts): horizontal bars of coverage
 * per category (land and residents, with the target line) and residents by walking time
 * (stacked bars per category). Pure; the numbers come from the caller.
 */
import type { FigItem, Figure } from './figure';

export interface CoverageBar {
  label: string;
  /** percentages 0…100, NaN when unknown */
  land: number;
  people: number;
}

export interface ChartText {
  land: string;
  people: string;
  target: string;
  /** axis unit, "%" */
  unit: string;
}

const LABEL_W = 190;

export function coverageChart(id: string, bars: CoverageBar[], targetPct: number | null, text: ChartText, width = 1000): Figure {
  const rowH = 40, top = 50, plotW = width - LABEL_W - 70;
  const H = top + bars.length * rowH + 50;
  const x0 = LABEL_W + 10;
  const xOf = (pct: number) => x0 + (Math.max(0, Math.min(100, pct)) / 100) * plotW;
  const items: FigItem[] = [];
  // legend
  items.push(
    { t: 'rect', x: x0, y: 12, w: 18, h: 12, fill: '#9ecae1' }, { t: 'text', x: x0 + 24, y: 23, text: text.land, size: 14 },
    { t: 'rect', x: x0 + 220, y: 12, w: 18, h: 12, fill: '#2171b5' }, { t: 'text', x: x0 + 244, y: 23, text: text.people, size: 14 },
  );
  // grid
  for (let p = 0; p <= 100; p += 20) {
    items.push({ t: 'line', x1: xOf(p), y1: top - 6, x2: xOf(p), y2: top + bars.length * rowH, stroke: '#dddddd', strokeWidth: 1 });
    items.push({ t: 'text', x: xOf(p), y: top + bars.length * rowH + 20, text: `${p}${text.unit}`, size: 13, anchor: 'middle', fill: '#555555' });
  }
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    items.push({ t: 'text', x: LABEL_W, y: y + 24, text: b.label, size: 15, anchor: 'end' });
    if (Number.isFinite(b.land)) items.push({ t: 'rect', x: x0, y: y + 6, w: xOf(b.land) - x0, h: 13, fill: '#9ecae1' });
    if (Number.isFinite(b.people)) items.push({ t: 'rect', x: x0, y: y + 20, w: xOf(b.people) - x0, h: 13, fill: '#2171b5' });
    const v = Number.isFinite(b.people) ? b.people : b.land;
    items.push({ t: 'text', x: xOf(Number.isFinite(v) ? v : 0) + 6, y: y + 32, text: Number.isFinite(v) ? `${v.toFixed(1)}${text.unit}` : '—', size: 13, fill: '#333333' });
  });
  if (targetPct !== null) {
    items.push({ t: 'line', x1: xOf(targetPct), y1: top - 10, x2: xOf(targetPct), y2: top + bars.length * rowH, stroke: '#d7301f', strokeWidth: 2 });
    items.push({ t: 'text', x: xOf(targetPct), y: top - 14, text: `${text.target} ${targetPct}${text.unit}`, size: 13, anchor: 'middle', fill: '#d7301f' });
  }
  return { id, width, height: H, items };
}

export interface StackedBar {
  label: string;
  /** one value per band (residents), same order as the bands */
  values: number[];
}

export function stackedChart(id: string, bars: StackedBar[], bands: { label: string; color: string }[], unit: string, width = 1000): Figure {
  const rowH = 32, top = 70, plotW = width - LABEL_W - 40;
  const H = top + bars.length * rowH + 40;
  const x0 = LABEL_W + 10;
  const items: FigItem[] = [];
  bands.forEach((b, i) => {
    const x = x0 + i * Math.min(170, plotW / bands.length);
    items.push({ t: 'rect', x, y: 14, w: 18, h: 12, fill: b.color }, { t: 'text', x: x + 24, y: 25, text: b.label, size: 13 });
  });
  for (let p = 0; p <= 100; p += 25) {
    const x = x0 + (p / 100) * plotW;
    items.push({ t: 'text', x, y: top + bars.length * rowH + 22, text: `${p}${unit}`, size: 13, anchor: 'middle', fill: '#555555' });
  }
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    items.push({ t: 'text', x: LABEL_W, y: y + 19, text: b.label, size: 15, anchor: 'end' });
    const total = b.values.reduce((s, v) => s + v, 0);
    let acc = 0;
    b.values.forEach((v, k) => {
      if (total <= 0 || v <= 0) return;
      const w = (v / total) * plotW;
      items.push({ t: 'rect', x: x0 + (acc / total) * plotW, y: y + 4, w, h: 22, fill: bands[k].color, stroke: '#ffffff', strokeWidth: 0.5 });
      if (w > 44) items.push({ t: 'text', x: x0 + (acc / total) * plotW + w / 2, y: y + 20, text: `${((100 * v) / total).toFixed(0)}${unit}`, size: 12, anchor: 'middle', fill: k >= bands.length - 2 ? '#ffffff' : '#111111' });
      acc += v;
    });
  });
  return { id, width, height: H, items };
}
