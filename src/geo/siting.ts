/**
 * Site suggestions (选址建议): greedy maximum coverage of the residents (or, when no
 * population is known, the land) that a category — or a bundle of categories, e.g. the six
 * of a 人民坊 hub — does not yet reach.
 *
 * Demand: the planning units rasterised onto the engine's square grid (src/geo/unitGrid.ts,
 * exact cell ∩ unit areas); each cell carries its in-scope land and the census population
 * spread over that land (unit pop_est × cell share of the unit), sampled at the cell centre.
 * Imported residential points (DemandPoint) replace the census spread for population and are
 * tested at their own positions. A cell (or point) "lacks" a category when no facility of it
 * lies within the category's reach of its centre.
 *
 * Bundle: a new site provides every category of the bundle, so a cell becomes complete when a
 * site lies within ρ = min reach over the categories it lacks. Coverage with a per-demand
 * radius is a coverage function (monotone, submodular), so greedy with lazy re-evaluation
 * (CELF) picks the same sites as plain greedy, and has the usual (1 − 1/e) guarantee over the
 * candidate set.
 *
 * Candidates: cell centres on a regular lattice (default 250 m) over cells that are at least
 * half land in the scope. After each pick the demand it reaches is removed before the next.
 * Gains are estimates at the grid's resolution (cell-centre sampling); the coverage engine
 * gives the exact figure once a suggestion is adopted as a trial site.
 *
 * Pure TypeScript: runs in the siting worker, in tests and in the benchmark.
 */
import type { Category, UnitFeature } from '../domain/types';
import { describeWalkParams, reachMetres, type WalkParams } from '../domain/walk';
import type { DemandPoint, EngineFacility } from './coverageTypes';
import { PointIndex } from './pointIndex';
import { buildUnitGrid, locatePoints, type UnitGrid } from './unitGrid';

export const DEFAULT_SITING_CELL_M = 125;
export const DEFAULT_CANDIDATE_SPACING_M = 250;
export const DEFAULT_SUGGESTION_COUNT = 5;

export interface SitingModelOptions {
  /** demand grid cell, m (default 125, the coverage engine's) */
  cellSizeM?: number;
  /** candidate lattice spacing, m (rounded to a whole number of cells; default 250) */
  candidateSpacingM?: number;
}

/** Demand and candidate structure built once per unit set. */
export interface SitingModel {
  grid: UnitGrid;
  spacingCells: number;
  unitIds: string[];
  unitNames: string[];
  unitDistrict: string[];
  unitPop: Float64Array;
  /** land of each unit on the grid (sum of its cell weights), m² */
  unitLand: Float64Array;
  /** unit of each grid entry */
  entryUnit: Int32Array;
  /** imported residential points (null: census spread) */
  points: { x: Float64Array; y: Float64Array; w: Float64Array; unit: Int32Array } | null;
}

export function buildSitingModel(units: readonly UnitFeature[], options: SitingModelOptions = {}): SitingModel {
  const h = options.cellSizeM ?? DEFAULT_SITING_CELL_M;
  const grid = buildUnitGrid(units, { cellSize: h });
  const spacingCells = Math.max(1, Math.round((options.candidateSpacingM ?? DEFAULT_CANDIDATE_SPACING_M) / h));
  const entryUnit = new Int32Array(grid.entryCell.length);
  const unitLand = new Float64Array(grid.unitCount);
  for (let u = 0; u < grid.unitCount; u++) {
    for (let e = grid.unitEntryStart[u]; e < grid.unitEntryStart[u + 1]; e++) {
      entryUnit[e] = u;
      unitLand[u] += grid.entryWeight[e];
    }
  }
  return {
    grid,
    spacingCells,
    unitIds: units.map((u, i) => String(u.properties?.id ?? i)),
    unitNames: units.map((u) => String(u.properties?.name ?? '')),
    unitDistrict: units.map((u) => String(u.properties?.district ?? '')),
    unitPop: Float64Array.from(units, (u) => Math.max(0, Number(u.properties?.pop_est) || 0)),
    unitLand,
    entryUnit,
    points: null,
  };
}

/** Residential points with residents replace the census spread (null: back to the spread). Returns how many fell outside every unit. */
export function setSitingDemand(model: SitingModel, points: readonly DemandPoint[] | null): { assigned: number; outside: number } {
  if (!points) {
    model.points = null;
    return { assigned: 0, outside: 0 };
  }
  const { x, y, w, unit, outside } = locatePoints(model.grid, points);
  model.points = { x, y, w, unit };
  return { assigned: points.length - outside, outside };
}

export interface SitingRequest {
  /** one category id, or several: a bundle a single new site provides (completeness of these) */
  categories: string[];
  /** 'city' or a district code */
  scope: string;
  /** how many sites (default 5) */
  k?: number;
  params: WalkParams;
  /** existing facilities (real and trial) */
  facilities: readonly EngineFacility[];
}

export interface SiteSuggestion {
  rank: number;
  lng: number;
  lat: number;
  unitId: string;
  unitName: string;
  district: string;
  /** residents newly reached by this site (after the earlier picks) */
  gainPop: number;
  /** land newly reached, km² */
  gainKm2: number;
  cumPop: number;
  cumKm2: number;
}

export interface SitingResult {
  categories: string[];
  scope: string;
  /** what the greedy maximised: residents, or land where no residents are known */
  objective: 'pop' | 'area';
  /** reach per category of the request, m */
  reachM: Record<string, number>;
  paramsText: string;
  cellSizeM: number;
  spacingM: number;
  candidateCount: number;
  popSource: 'census-2020-district-spread' | 'demand-points';
  /** residents / land in scope not yet reached (before the suggestions), and the totals */
  uncoveredPop: number;
  uncoveredKm2: number;
  scopePop: number;
  scopeKm2: number;
  suggestions: SiteSuggestion[];
  ms: number;
}

/** Binary max-heap of candidates by gain (ties: lower candidate index first). */
class GainHeap {
  private idx: Int32Array;
  private gain: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.idx = new Int32Array(Math.max(1, capacity));
    this.gain = new Float64Array(Math.max(1, capacity));
  }
  private above(a: number, b: number): boolean {
    return this.gain[a] > this.gain[b] || (this.gain[a] === this.gain[b] && this.idx[a] < this.idx[b]);
  }
  private swap(a: number, b: number): void {
    const i = this.idx[a]; this.idx[a] = this.idx[b]; this.idx[b] = i;
    const g = this.gain[a]; this.gain[a] = this.gain[b]; this.gain[b] = g;
  }
  push(i: number, g: number): void {
    let k = this.size++;
    this.idx[k] = i;
    this.gain[k] = g;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!this.above(k, p)) break;
      this.swap(k, p);
      k = p;
    }
  }
  /** top candidate and its (possibly stale) gain */
  peek(): [number, number] {
    return [this.idx[0], this.gain[0]];
  }
  pop(): void {
    this.size--;
    if (this.size === 0) return;
    this.idx[0] = this.idx[this.size];
    this.gain[0] = this.gain[this.size];
    let k = 0;
    for (;;) {
      const l = 2 * k + 1, r = l + 1;
      let m = k;
      if (l < this.size && this.above(l, m)) m = l;
      if (r < this.size && this.above(r, m)) m = r;
      if (m === k) break;
      this.swap(k, m);
      k = m;
    }
  }
}

// Window cells of the candidate lattice: every `spacingCells`-th grid column and row, at
// least half of the cell land in scope (the window's border of `pad` cells excluded).
function latticeCells(model: SitingModel, wc0: number, wr0: number, wnx: number, wny: number, pad: number, land: Float64Array, domUnit: Int32Array): number[] {
  const h = model.grid.cellSize;
  const step = model.spacingCells;
  const out: number[] = [];
  for (let wj = pad; wj < wny - pad; wj++) {
    if ((wr0 + wj) % step !== 0) continue;
    for (let wi = pad; wi < wnx - pad; wi++) {
      if ((wc0 + wi) % step !== 0) continue;
      const w = wj * wnx + wi;
      if (land[w] >= 0.5 * h * h && domUnit[w] >= 0) out.push(w);
    }
  }
  return out;
}

/** The candidate positions the greedy chooses from in a scope (WGS84), in candidate order. */
export function sitingCandidates(model: SitingModel, scope: string): { lng: number; lat: number; unitId: string }[] {
  const g = model.grid;
  const h = g.cellSize;
  const inScope = (u: number) => scope === 'city' || model.unitDistrict[u] === scope;
  const land = new Map<number, number>();
  const dom = new Map<number, [number, number]>();
  for (let e = 0; e < g.entryCell.length; e++) {
    const u = model.entryUnit[e];
    if (!inScope(u)) continue;
    const cell = g.entryCell[e];
    land.set(cell, (land.get(cell) ?? 0) + g.entryWeight[e]);
    const d = dom.get(cell);
    if (!d || g.entryWeight[e] > d[1]) dom.set(cell, [u, g.entryWeight[e]]);
  }
  const cells = [...land.keys()].filter((c) => g.cellCol[c] % model.spacingCells === 0 && g.cellRow[c] % model.spacingCells === 0 && (land.get(c) as number) >= 0.5 * h * h);
  cells.sort((a, b) => g.cellRow[a] - g.cellRow[b] || g.cellCol[a] - g.cellCol[b]);
  return cells.map((c) => {
    const [lng, lat] = g.projection.inverse(g.gx0 + (g.cellCol[c] + 0.5) * h, g.gy0 + (g.cellRow[c] + 0.5) * h);
    return { lng, lat, unitId: model.unitIds[(dom.get(c) as [number, number])[0]] };
  });
}

export function suggestSites(model: SitingModel, allCategories: readonly Category[], req: SitingRequest): SitingResult {
  const t0 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const g = model.grid;
  const h = g.cellSize;
  const k = Math.max(0, Math.floor(req.k ?? DEFAULT_SUGGESTION_COUNT));
  const cats = req.categories.map((id) => {
    const cat = allCategories.find((c) => c.id === id);
    if (!cat) throw new Error(`unknown category ${id}`);
    return cat;
  });
  if (cats.length === 0) throw new Error('no category to site');
  if (cats.length > 16) throw new Error('at most 16 categories in a bundle');
  const reach = cats.map((c) => reachMetres(c, req.params));
  const maxR = Math.max(...reach);
  const inScope = (u: number) => req.scope === 'city' || model.unitDistrict[u] === req.scope;
  const points = model.points;
  const popFromPoints = points !== null;

  // --- window: the in-scope cells' columns/rows, padded by the largest reach
  let c0 = Infinity, c1 = -Infinity, r0 = Infinity, r1 = -Infinity;
  for (let e = 0; e < g.entryCell.length; e++) {
    if (!inScope(model.entryUnit[e])) continue;
    const cell = g.entryCell[e];
    const col = g.cellCol[cell], row = g.cellRow[cell];
    if (col < c0) c0 = col;
    if (col > c1) c1 = col;
    if (row < r0) r0 = row;
    if (row > r1) r1 = row;
  }
  const empty = (): SitingResult => ({
    categories: req.categories.slice(), scope: req.scope, objective: 'area', reachM: Object.fromEntries(cats.map((c, i) => [c.id, reach[i]])),
    paramsText: describeWalkParams(req.params, cats), cellSizeM: h, spacingM: model.spacingCells * h, candidateCount: 0,
    popSource: popFromPoints ? 'demand-points' : 'census-2020-district-spread',
    uncoveredPop: 0, uncoveredKm2: 0, scopePop: 0, scopeKm2: 0, suggestions: [], ms: 0,
  });
  if (!Number.isFinite(c0)) return empty();
  const pad = Math.ceil(maxR / h) + 1;
  const wc0 = c0 - pad, wr0 = r0 - pad;
  const wnx = c1 - c0 + 1 + 2 * pad, wny = r1 - r0 + 1 + 2 * pad;
  const wn = wnx * wny;
  // window cell (wi, wj) ↔ grid column wc0 + wi, row wr0 + wj; centre:
  const cx = (wi: number) => g.gx0 + (wc0 + wi + 0.5) * h;
  const cy = (wj: number) => g.gy0 + (wr0 + wj + 0.5) * h;

  // --- in-scope land and census population per window cell, dominant in-scope unit
  const land = new Float64Array(wn);
  const pop = new Float64Array(wn);
  const domUnit = new Int32Array(wn).fill(-1);
  const domW = new Float64Array(wn);
  let scopeKm2 = 0, scopePop = 0;
  for (let e = 0; e < g.entryCell.length; e++) {
    const u = model.entryUnit[e];
    if (!inScope(u)) continue;
    const cell = g.entryCell[e];
    const wi = g.cellCol[cell] - wc0, wj = g.cellRow[cell] - wr0;
    const w = wj * wnx + wi;
    const a = g.entryWeight[e];
    land[w] += a;
    scopeKm2 += a;
    if (!popFromPoints && model.unitLand[u] > 0) {
      const p = (model.unitPop[u] * a) / model.unitLand[u];
      pop[w] += p;
      scopePop += p;
    }
    if (a > domW[w]) { domW[w] = a; domUnit[w] = u; }
  }

  // --- which target categories reach each window cell: stamp every facility's disc
  const facXY = req.facilities.map((f) => g.projection.forward(f.lng, f.lat));
  const lackMask = new Uint16Array(wn).fill((1 << cats.length) - 1); // bit c set: category c not reached
  cats.forEach((cat, ci) => {
    const r = reach[ci], r2 = r * r, bit = ~(1 << ci);
    req.facilities.forEach((f, fi) => {
      if (!f.categories.includes(cat.id)) return;
      const [fx, fy] = facXY[fi];
      const i0 = Math.max(0, Math.ceil((fx - r - g.gx0) / h - 0.5) - wc0), i1 = Math.min(wnx - 1, Math.floor((fx + r - g.gx0) / h - 0.5) - wc0);
      const j0 = Math.max(0, Math.ceil((fy - r - g.gy0) / h - 0.5) - wr0), j1 = Math.min(wny - 1, Math.floor((fy + r - g.gy0) / h - 0.5) - wr0);
      for (let wj = j0; wj <= j1; wj++) {
        const dy = cy(wj) - fy;
        for (let wi = i0; wi <= i1; wi++) {
          const dx = cx(wi) - fx;
          if (dx * dx + dy * dy <= r2) lackMask[wj * wnx + wi] &= bit;
        }
      }
    });
  });
  const radiusOfMask = (mask: number): number => {
    let rho = Infinity;
    for (let ci = 0; ci < cats.length; ci++) if (mask & (1 << ci) && reach[ci] < rho) rho = reach[ci];
    return rho;
  };

  // --- the demand still to serve: cell → ρ² (−1 when satisfied or empty)
  const rho2 = new Float64Array(wn).fill(-1);
  let uncoveredKm2 = 0, uncoveredPop = 0;
  for (let w = 0; w < wn; w++) {
    if (land[w] <= 0 || lackMask[w] === 0) continue;
    const rho = radiusOfMask(lackMask[w]);
    rho2[w] = rho * rho;
    uncoveredKm2 += land[w];
    uncoveredPop += pop[w];
  }

  // --- imported points: which lack, their ρ, an index over them
  let pIdx: PointIndex | null = null;
  let pW = new Float64Array(0), pRho2 = new Float64Array(0), pMaxR = 0;
  const pCollect: number[] = [];
  if (points) {
    const facIndex = cats.map((cat) => {
      const ids = req.facilities.map((f, i) => (f.categories.includes(cat.id) ? i : -1)).filter((i) => i >= 0);
      return new PointIndex(Float64Array.from(ids, (i) => facXY[i][0]), Float64Array.from(ids, (i) => facXY[i][1]));
    });
    const keep: number[] = [];
    const rhos: number[] = [];
    for (let i = 0; i < points.x.length; i++) {
      if (points.unit[i] < 0 || !inScope(points.unit[i])) continue;
      scopePop += points.w[i];
      let mask = 0;
      cats.forEach((_, ci) => {
        if (!facIndex[ci].any(points.x[i], points.y[i], reach[ci])) mask |= 1 << ci;
      });
      if (mask === 0 || points.w[i] <= 0) continue;
      const rho = radiusOfMask(mask);
      keep.push(i);
      rhos.push(rho);
      uncoveredPop += points.w[i];
      if (rho > pMaxR) pMaxR = rho;
    }
    pIdx = new PointIndex(Float64Array.from(keep, (i) => points.x[i]), Float64Array.from(keep, (i) => points.y[i]));
    pW = Float64Array.from(keep, (i) => points.w[i]);
    pRho2 = Float64Array.from(rhos, (r) => r * r);
  }
  const objective: 'pop' | 'area' = uncoveredPop > 0 ? 'pop' : 'area';
  const weight = objective === 'pop' ? pop : land;
  const pointWeight = objective === 'pop' ? pW : new Float64Array(pW.length);

  // --- stencil of the largest reach: window offsets and squared distances between centres
  const sOff: number[] = [], sD2: number[] = [];
  const sr = Math.floor(maxR / h);
  for (let dj = -sr; dj <= sr; dj++) {
    for (let di = -sr; di <= sr; di++) {
      const d2 = (di * di + dj * dj) * h * h;
      if (d2 <= maxR * maxR) { sOff.push(dj * wnx + di); sD2.push(d2); }
    }
  }
  const off = Int32Array.from(sOff), od2 = Float64Array.from(sD2), S = off.length;

  // --- candidates: lattice cells at least half land in scope
  const cand = latticeCells(model, wc0, wr0, wnx, wny, pad, land, domUnit);

  const gainOf = (w: number): number => {
    let s = 0;
    for (let o = 0; o < S; o++) {
      const v = w + off[o];
      if (od2[o] <= rho2[v]) s += weight[v];
    }
    if (pIdx && pIdx.count > 0) {
      const x = cx(w % wnx), y = cy(Math.floor(w / wnx));
      pIdx.collect(x, y, pMaxR, pCollect);
      for (const id of pCollect) {
        const dx = pIdx.xs[id] - x, dy = pIdx.ys[id] - y;
        if (pRho2[id] >= 0 && dx * dx + dy * dy <= pRho2[id]) s += pointWeight[id];
      }
    }
    return s;
  };

  const heap = new GainHeap(cand.length);
  const stamp = new Int32Array(cand.length);
  for (let i = 0; i < cand.length; i++) heap.push(i, gainOf(cand[i]));

  const suggestions: SiteSuggestion[] = [];
  let cumPop = 0, cumKm2 = 0;
  for (let round = 0; round < k && heap.size > 0; round++) {
    // lazy greedy: a stale gain is an upper bound (gains only shrink); re-evaluate until the top is fresh
    for (;;) {
      const [i] = heap.peek();
      if (stamp[i] === round) break;
      heap.pop();
      stamp[i] = round;
      heap.push(i, gainOf(cand[i]));
    }
    const [best, bestGain] = heap.peek();
    if (!(bestGain > 0)) break;
    heap.pop();
    const w = cand[best];
    const wi = w % wnx, wj = Math.floor(w / wnx);
    const x = cx(wi), y = cy(wj);
    let gp = 0, ga = 0;
    for (let o = 0; o < S; o++) {
      const v = w + off[o];
      if (od2[o] <= rho2[v]) {
        gp += pop[v];
        ga += land[v];
        rho2[v] = -1;
      }
    }
    if (pIdx && pIdx.count > 0) {
      pIdx.collect(x, y, pMaxR, pCollect);
      for (const id of pCollect) {
        const dx = pIdx.xs[id] - x, dy = pIdx.ys[id] - y;
        if (pRho2[id] >= 0 && dx * dx + dy * dy <= pRho2[id]) {
          gp += pW[id];
          pRho2[id] = -1;
        }
      }
    }
    cumPop += gp;
    cumKm2 += ga / 1e6;
    const u = domUnit[w];
    const [lng, lat] = g.projection.inverse(x, y);
    suggestions.push({
      rank: suggestions.length + 1, lng, lat,
      unitId: model.unitIds[u], unitName: model.unitNames[u], district: model.unitDistrict[u],
      gainPop: gp, gainKm2: ga / 1e6, cumPop, cumKm2,
    });
  }
  const t1 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  return {
    categories: req.categories.slice(),
    scope: req.scope,
    objective,
    reachM: Object.fromEntries(cats.map((c, i) => [c.id, reach[i]])),
    paramsText: describeWalkParams(req.params, cats),
    cellSizeM: h,
    spacingM: model.spacingCells * h,
    candidateCount: cand.length,
    popSource: popFromPoints ? 'demand-points' : 'census-2020-district-spread',
    uncoveredPop,
    uncoveredKm2: uncoveredKm2 / 1e6,
    scopePop,
    scopeKm2: scopeKm2 / 1e6,
    suggestions,
    ms: t1 - t0,
  };
}
