/**
 * Headless maps for the report: GeoJSON polygons and points projected with the engine's
 * transverse Mercator (src/geo/projection.ts) centred on the scope, fitted into a frame, with
 * a legend, a scale bar, a north arrow and the attribution. Returns a display list
 * (src/report/figure.ts); the same code draws the app's preview and the command line's maps.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { makeProjection } from '../geo/projection';
import type { FigItem, Figure, Paint } from './figure';

export interface MapPolygon extends Paint {
  geometry: Polygon | MultiPolygon;
}
export interface MapPoint extends Paint {
  lng: number;
  lat: number;
  r: number;
  /** drawn next to the point (e.g. a rank) */
  label?: string;
}
export interface LegendItem {
  kind: 'fill' | 'point' | 'line';
  paint: Paint;
  label: string;
}
export interface MapSpec {
  id: string;
  /** the polygons the frame fits (the scope) */
  extent: (Polygon | MultiPolygon)[];
  /** drawn first, in order */
  polygons: MapPolygon[];
  points: MapPoint[];
  legend: LegendItem[];
  /** legend heading, e.g. the category */
  legendTitle: string;
  attribution: string;
  northLabel: string;
  width?: number;
  height?: number;
}

const MAP_TOP = 10;
const LEGEND_H = 150;

function bboxOf(geoms: (Polygon | MultiPolygon)[]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const g of geoms) {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const p of polys) for (const [x, y] of p[0]) {
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
  }
  return [x0, y0, x1, y1];
}

/** A "nice" scale bar length (1, 2 or 5 × 10^k m) near the target. */
export function niceLength(targetM: number): number {
  const k = 10 ** Math.floor(Math.log10(Math.max(targetM, 1)));
  for (const m of [5, 2, 1]) if (m * k <= targetM) return m * k;
  return k;
}

/** Sutherland–Hodgman: a ring clipped to an axis-aligned rectangle (display only). */
export function clipToRect(pts: [number, number][], x0: number, y0: number, x1: number, y1: number): [number, number][] {
  let inside = true;
  for (const [x, y] of pts) if (x < x0 || x > x1 || y < y0 || y > y1) { inside = false; break; }
  if (inside) return pts;
  const edges: [(p: [number, number]) => boolean, (a: [number, number], b: [number, number]) => [number, number]][] = [
    [(p) => p[0] >= x0, (a, b) => [x0, a[1] + ((b[1] - a[1]) * (x0 - a[0])) / (b[0] - a[0])]],
    [(p) => p[0] <= x1, (a, b) => [x1, a[1] + ((b[1] - a[1]) * (x1 - a[0])) / (b[0] - a[0])]],
    [(p) => p[1] >= y0, (a, b) => [a[0] + ((b[0] - a[0]) * (y0 - a[1])) / (b[1] - a[1]), y0]],
    [(p) => p[1] <= y1, (a, b) => [a[0] + ((b[0] - a[0]) * (y1 - a[1])) / (b[1] - a[1]), y1]],
  ];
  let out = pts;
  for (const [isIn, cut] of edges) {
    const src = out;
    out = [];
    for (let i = 0; i < src.length; i++) {
      const a = src[(i + src.length - 1) % src.length], b = src[i];
      if (isIn(b)) {
        if (!isIn(a)) out.push(cut(a, b));
        out.push(b);
      } else if (isIn(a)) out.push(cut(a, b));
    }
    if (out.length === 0) break;
  }
  return out;
}

export function buildMap(spec: MapSpec): Figure {
  const W = spec.width ?? 1000;
  const H = spec.height ?? 820;
  const mapW = W - 20, mapH = H - LEGEND_H - MAP_TOP - 10;
  const [a0, b0, a1, b1] = spec.extent.length ? bboxOf(spec.extent) : [121.1, 30.7, 122, 31.9];
  const proj = makeProjection((a0 + a1) / 2, (b0 + b1) / 2);
  const corners = [proj.forward(a0, b0), proj.forward(a1, b1), proj.forward(a0, b1), proj.forward(a1, b0)];
  const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
  const mx0 = Math.min(...xs), mx1 = Math.max(...xs), my0 = Math.min(...ys), my1 = Math.max(...ys);
  const pad = 24;
  const scale = Math.min((mapW - 2 * pad) / Math.max(mx1 - mx0, 1), (mapH - 2 * pad) / Math.max(my1 - my0, 1)); // px per metre
  const cx = 10 + mapW / 2, cy = MAP_TOP + mapH / 2;
  const mcx = (mx0 + mx1) / 2, mcy = (my0 + my1) / 2;
  const px = (lng: number, lat: number): [number, number] => {
    const [x, y] = proj.forward(lng, lat);
    return [cx + (x - mcx) * scale, cy - (y - mcy) * scale];
  };
  const rx0 = 10, ry0 = MAP_TOP, rx1 = 10 + mapW, ry1 = MAP_TOP + mapH;
  const ring = (r: Position[]): string => {
    let pts: [number, number][] = [];
    let lx = NaN, ly = NaN;
    for (const [lng, lat] of r) {
      const [x, y] = px(lng, lat);
      if (Math.abs(x - lx) < 0.4 && Math.abs(y - ly) < 0.4) continue;
      pts.push([x, y]);
      lx = x; ly = y;
    }
    pts = clipToRect(pts, rx0, ry0, rx1, ry1);
    if (pts.length < 3) return '';
    return `${pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`).join('')}Z`;
  };
  const pathOf = (g: Polygon | MultiPolygon): string => {
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    return polys.map((p) => p.map(ring).join('')).join('');
  };

  const items: FigItem[] = [{ t: 'rect', x: 10, y: MAP_TOP, w: mapW, h: mapH, fill: '#e8eef3' }];
  for (const p of spec.polygons) {
    const d = pathOf(p.geometry);
    if (d) items.push({ t: 'path', d, fill: p.fill, stroke: p.stroke, strokeWidth: p.strokeWidth, opacity: p.opacity });
  }
  for (const p of spec.points) {
    const [x, y] = px(p.lng, p.lat);
    if (x < 10 || x > 10 + mapW || y < MAP_TOP || y > MAP_TOP + mapH) continue;
    items.push({ t: 'circle', cx: x, cy: y, r: p.r, fill: p.fill, stroke: p.stroke, strokeWidth: p.strokeWidth, opacity: p.opacity });
    if (p.label) items.push({ t: 'text', x: x + p.r + 2, y: y + 5, text: p.label, size: 15, bold: true, fill: '#111111' });
  }
  // masks over anything drawn outside the map frame, then the frame
  items.push(
    { t: 'rect', x: 0, y: 0, w: W, h: MAP_TOP, fill: '#ffffff' },
    { t: 'rect', x: 0, y: MAP_TOP + mapH, w: W, h: H - MAP_TOP - mapH, fill: '#ffffff' },
    { t: 'rect', x: 0, y: 0, w: 10, h: H, fill: '#ffffff' },
    { t: 'rect', x: 10 + mapW, y: 0, w: W - 10 - mapW, h: H, fill: '#ffffff' },
    { t: 'rect', x: 10, y: MAP_TOP, w: mapW, h: mapH, stroke: '#555555', strokeWidth: 1 },
  );
  // north arrow (grid north = true north at the centre of the projection)
  const nx = 10 + mapW - 40, ny = MAP_TOP + 20;
  items.push(
    { t: 'rect', x: nx - 22, y: ny - 6, w: 44, h: 64, fill: '#ffffff', opacity: 0.85 },
    { t: 'path', d: `M${nx} ${ny}L${nx + 12} ${ny + 36}L${nx} ${ny + 28}Z`, fill: '#222222', stroke: '#222222', strokeWidth: 1 },
    { t: 'path', d: `M${nx} ${ny}L${nx - 12} ${ny + 36}L${nx} ${ny + 28}Z`, fill: '#ffffff', stroke: '#222222', strokeWidth: 1 },
    { t: 'text', x: nx, y: ny + 54, text: spec.northLabel, size: 15, anchor: 'middle', bold: true },
  );
  // scale bar: about a fifth of the map width, 4 alternating segments
  const lenM = niceLength((mapW / 5) / scale);
  const barPx = lenM * scale;
  const sx = 26, sy = MAP_TOP + mapH - 22;
  items.push({ t: 'rect', x: sx - 8, y: sy - 26, w: barPx + 70, h: 40, fill: '#ffffff', opacity: 0.85 });
  for (let i = 0; i < 4; i++) items.push({ t: 'rect', x: sx + (i * barPx) / 4, y: sy, w: barPx / 4, h: 7, fill: i % 2 ? '#ffffff' : '#222222', stroke: '#222222', strokeWidth: 1 });
  const km = (m: number) => (m >= 1000 ? `${+(m / 1000).toFixed(2)} km` : `${m} m`);
  items.push({ t: 'text', x: sx, y: sy - 6, text: '0', size: 13, anchor: 'middle' }, { t: 'text', x: sx + barPx, y: sy - 6, text: km(lenM), size: 13, anchor: 'start' });
  // legend: title, then items in up to three columns
  const ly = MAP_TOP + mapH + 26;
  items.push({ t: 'text', x: 14, y: ly, text: spec.legendTitle, size: 16, bold: true });
  const cols = 3, colW = (W - 28) / cols;
  spec.legend.forEach((li, i) => {
    const x = 14 + (i % cols) * colW, y = ly + 14 + Math.floor(i / cols) * 24;
    if (li.kind === 'fill') items.push({ t: 'rect', x, y, w: 26, h: 16, fill: li.paint.fill, opacity: li.paint.opacity, stroke: li.paint.stroke ?? '#777777', strokeWidth: li.paint.strokeWidth ?? 0.8 });
    else if (li.kind === 'point') items.push({ t: 'circle', cx: x + 13, cy: y + 8, r: 6, fill: li.paint.fill, stroke: li.paint.stroke, strokeWidth: li.paint.strokeWidth });
    else items.push({ t: 'line', x1: x, y1: y + 8, x2: x + 26, y2: y + 8, stroke: li.paint.stroke ?? '#000000', strokeWidth: li.paint.strokeWidth ?? 2 });
    items.push({ t: 'text', x: x + 34, y: y + 14, text: li.label, size: 14 });
  });
  items.push({ t: 'text', x: W - 12, y: H - 8, text: spec.attribution, size: 12, anchor: 'end', fill: '#555555' });
  return { id: spec.id, width: W, height: H, items };
}
