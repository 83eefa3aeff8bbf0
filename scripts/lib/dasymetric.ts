/**
 * Dasymetric population: each district's census total spread over its planning units (and a
 * display grid) in proportion to a density surface from bus stops and service points. The model
 * (kernel, bandwidth, weights) is geodata/population-model.json; the method is in its note.
 */
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { PopulationGridFile } from '../../src/data/populationGrid';

export interface PopulationModel {
  kernel: 'quartic';
  bandwidthM: number;
  base: number;
  sampleSpacingM: number;
  gridCellM: number;
  weights: Record<string, number>;
}

export interface WeightedPoint { lng: number; lat: number; categories: readonly string[] }

export interface DasymetricUnit { id: string; district: string; areaKm2: number; feature: Feature<Polygon | MultiPolygon> }

/** The grid as the app reads it (src/data/populationGrid.ts), without the file's note and CRS. */
type PopulationGrid = Omit<PopulationGridFile, 'note' | 'crs'>;

const ORIGIN: [number, number] = [121.47, 31.23];
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG = 111_320 * Math.cos((ORIGIN[1] * Math.PI) / 180);

/** Integer shares of `total` proportional to `weights`, summing exactly to total (largest remainder, ties by index). */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0) return [];
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const out = exact.map(Math.floor);
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k++, left--) out[order[k % order.length][1]]++;
  return out;
}

/** The density surface D(lng, lat) of the model over the given points. */
export function densitySurface(points: readonly WeightedPoint[], model: PopulationModel) {
  const h = model.bandwidthM;
  const xs: number[] = [], ys: number[] = [], ws: number[] = [];
  for (const p of points) {
    const w = Math.max(0, ...p.categories.map((c) => model.weights[c] ?? 0));
    if (w <= 0) continue;
    xs.push((p.lng - ORIGIN[0]) * M_PER_DEG_LNG);
    ys.push((p.lat - ORIGIN[1]) * M_PER_DEG_LAT);
    ws.push(w);
  }
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < xs.length; i++) {
    const k = `${Math.floor(xs[i] / h)},${Math.floor(ys[i] / h)}`;
    let b = buckets.get(k);
    if (!b) buckets.set(k, (b = []));
    b.push(i);
  }
  return (lng: number, lat: number): number => {
    const x = (lng - ORIGIN[0]) * M_PER_DEG_LNG, y = (lat - ORIGIN[1]) * M_PER_DEG_LAT;
    const bx = Math.floor(x / h), by = Math.floor(y / h);
    let d = model.base;
    for (let i = bx - 1; i <= bx + 1; i++) {
      for (let j = by - 1; j <= by + 1; j++) {
        const b = buckets.get(`${i},${j}`);
        if (!b) continue;
        for (const k of b) {
          const u2 = ((xs[k] - x) ** 2 + (ys[k] - y) ** 2) / (h * h);
          if (u2 < 1) d += ws[k] * (1 - u2) ** 2;
        }
      }
    }
    return d;
  };
}

/**
 * Unit populations (integers, each district summing exactly to its census total) and the
 * display grid. `census` maps district code → 2020 population.
 */
export function dasymetric(units: readonly DasymetricUnit[], points: readonly WeightedPoint[], census: ReadonlyMap<string, number>, model: PopulationModel) {
  const D = densitySurface(points, model);
  const s = model.sampleSpacingM;
  const dLngS = s / M_PER_DEG_LNG, dLatS = s / M_PER_DEG_LAT;
  const samples: { lng: number; lat: number; d: number }[][] = [];
  const weight: number[] = [];
  for (const u of units) {
    const [x0, y0, x1, y1] = turf.bbox(u.feature);
    const here: { lng: number; lat: number; d: number }[] = [];
    for (let j = Math.floor((y0 - ORIGIN[1]) / dLatS); ORIGIN[1] + (j + 0.5) * dLatS <= y1; j++) {
      const lat = ORIGIN[1] + (j + 0.5) * dLatS;
      if (lat < y0) continue;
      for (let i = Math.floor((x0 - ORIGIN[0]) / dLngS); ORIGIN[0] + (i + 0.5) * dLngS <= x1; i++) {
        const lng = ORIGIN[0] + (i + 0.5) * dLngS;
        if (lng < x0) continue;
        if (turf.booleanPointInPolygon([lng, lat], u.feature)) here.push({ lng, lat, d: D(lng, lat) });
      }
    }
    if (here.length === 0) {
      const [lng, lat] = turf.pointOnFeature(u.feature).geometry.coordinates;
      here.push({ lng, lat, d: D(lng, lat) });
    }
    samples.push(here);
    weight.push(u.areaKm2 * (here.reduce((a, p) => a + p.d, 0) / here.length));
  }
  const pop = new Array<number>(units.length).fill(0);
  const byDistrict = new Map<string, number[]>();
  units.forEach((u, i) => {
    let l = byDistrict.get(u.district);
    if (!l) byDistrict.set(u.district, (l = []));
    l.push(i);
  });
  for (const [code, idx] of byDistrict) {
    const total = census.get(code);
    if (total === undefined) throw new Error(`no census total for district ${code}`);
    const shares = largestRemainder(total, idx.map((i) => weight[i]));
    idx.forEach((i, k) => (pop[i] = shares[k]));
  }
  // display grid: each sample carries its share of its unit's figure
  const c = model.gridCellM;
  const dLng = c / M_PER_DEG_LNG, dLat = c / M_PER_DEG_LAT;
  const cells = new Map<string, [number, number, number]>();
  units.forEach((_u, i) => {
    const here = samples[i];
    const sum = here.reduce((a, p) => a + p.d, 0);
    for (const p of here) {
      const ci = Math.floor((p.lng - ORIGIN[0]) / dLng), cj = Math.floor((p.lat - ORIGIN[1]) / dLat);
      const k = `${ci},${cj}`;
      let cell = cells.get(k);
      if (!cell) cells.set(k, (cell = [ci, cj, 0]));
      cell[2] += (pop[i] * p.d) / sum;
    }
  });
  const grid: PopulationGrid = {
    lng0: ORIGIN[0],
    lat0: ORIGIN[1],
    dLng: Math.round(dLng * 1e9) / 1e9,
    dLat: Math.round(dLat * 1e9) / 1e9,
    cellM: c,
    cells: [...cells.values()].map(([i, j, v]) => [i, j, Math.round(v)] as [number, number, number]).sort((a, b) => a[1] - b[1] || a[0] - b[0]),
  };
  return { pop, grid, samples: samples.reduce((a, x) => a + x.length, 0) };
}
