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
 * Walk model (walkModel.ts): whether a cell (or point) is already reached comes from the
 * active model's kernel; a new site is assumed to reach its kernel's straight-line bound
 * (`reachM`; with circles exactly the circle).
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
import { describeWalkParams, type WalkParams } from '../domain/walk';
import { circleWalkModel } from './circleModel';
import type { DemandPoint, EngineFacility } from './coverageTypes';
import { PointIndex } from './pointIndex';
import { buildUnitGrid, locatePoints, type UnitGrid } from './unitGrid';
import type { CategoryKernel, WalkModel } from './walkModel';

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
  popSource: 'unit-pop-est' | 'demand-points';
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

/** The candidate positions the greedy chooses from in a scope (WGS84), in candidate order. @internal only tests use it */
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

/** The grid window a request works in: the in-scope cells' columns/rows, padded by the largest reach. */
interface Window {
  wc0: number;
  wr0: number;
  wnx: number;
  wny: number;
  pad: number;
}

function scopeWindow(model: SitingModel, inScope: (u: number) => boolean, maxR: number): Window | null {
  const g = model.grid;
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
  if (!Number.isFinite(c0)) return null;
  const pad = Math.ceil(maxR / g.cellSize) + 1;
  return { wc0: c0 - pad, wr0: r0 - pad, wnx: c1 - c0 + 1 + 2 * pad, wny: r1 - r0 + 1 + 2 * pad, pad };
}

/** In-scope land and census residents per window cell, and the unit with most land in it. */
interface ScopeDemand {
  land: Float64Array;
  pop: Float64Array;
  domUnit: Int32Array;
  scopeM2: number;
  scopePop: number;
}

function scopeDemand(model: SitingModel, win: Window, inScope: (u: number) => boolean, censusPop: boolean): ScopeDemand {
  const g = model.grid;
  const wn = win.wnx * win.wny;
  const land = new Float64Array(wn);
  const pop = new Float64Array(wn);
  const domUnit = new Int32Array(wn).fill(-1);
  const domW = new Float64Array(wn);
  let scopeM2 = 0, scopePop = 0;
  for (let e = 0; e < g.entryCell.length; e++) {
    const u = model.entryUnit[e];
    if (!inScope(u)) continue;
    const cell = g.entryCell[e];
    const w = (g.cellRow[cell] - win.wr0) * win.wnx + (g.cellCol[cell] - win.wc0);
    const a = g.entryWeight[e];
    land[w] += a;
    scopeM2 += a;
    if (censusPop && model.unitLand[u] > 0) {
      const p = (model.unitPop[u] * a) / model.unitLand[u];
      pop[w] += p;
      scopePop += p;
    }
    if (a > domW[w]) { domW[w] = a; domUnit[w] = u; }
  }
  return { land, pop, domUnit, scopeM2, scopePop };
}

/** One kernel per requested category with the request's facilities of it. */
function requestKernels(model: SitingModel, cats: readonly Category[], req: SitingRequest, walkModel: WalkModel): CategoryKernel[] {
  const g = model.grid;
  const facXY = req.facilities.map((f) => g.projection.forward(f.lng, f.lat));
  return cats.map((category) => {
    const ids = req.facilities.map((f, i) => (f.categories.includes(category.id) && Number.isFinite(facXY[i][0]) && Number.isFinite(facXY[i][1]) ? i : -1)).filter((i) => i >= 0);
    const k = walkModel.kernel({ grid: g, category, params: req.params });
    k.setPoints(Float64Array.from(ids, (i) => facXY[i][0]), Float64Array.from(ids, (i) => facXY[i][1]));
    return k;
  });
}

/**
 * Bit c set: category c does not reach the window cell's centre. The covered area of a walk
 * model is a union of discs (walkModel.ts), so each disc near the window is stamped.
 */
function lackMasks(model: SitingModel, win: Window, kernels: readonly CategoryKernel[]): Uint16Array {
  const g = model.grid;
  const h = g.cellSize;
  const { wc0, wr0, wnx, wny } = win;
  const mask = new Uint16Array(wnx * wny).fill((1 << kernels.length) - 1);
  const x0 = g.gx0 + wc0 * h, y0 = g.gy0 + wr0 * h;
  const mx = x0 + (wnx * h) / 2, my = y0 + (wny * h) / 2;
  const halfDiag = Math.hypot(wnx * h, wny * h) / 2;
  kernels.forEach((k, ci) => {
    const bit = ~(1 << ci);
    const set = k.discsNear(mx, my, halfDiag);
    for (const id of set.ids) {
      const fx = set.xs[id], fy = set.ys[id];
      const r = set.rs ? set.rs[id] : set.r;
      const r2 = r * r;
      const i0 = Math.max(0, Math.ceil((fx - r - x0) / h - 0.5)), i1 = Math.min(wnx - 1, Math.floor((fx + r - x0) / h - 0.5));
      const j0 = Math.max(0, Math.ceil((fy - r - y0) / h - 0.5)), j1 = Math.min(wny - 1, Math.floor((fy + r - y0) / h - 0.5));
      for (let wj = j0; wj <= j1; wj++) {
        const dy = y0 + (wj + 0.5) * h - fy;
        for (let wi = i0; wi <= i1; wi++) {
          const dx = x0 + (wi + 0.5) * h - fx;
          if (dx * dx + dy * dy <= r2) mask[wj * wnx + wi] &= bit;
        }
      }
    }
  });
  return mask;
}

function radiusOfMask(mask: number, reach: readonly number[]): number {
  let rho = Infinity;
  for (let ci = 0; ci < reach.length; ci++) if (mask & (1 << ci) && reach[ci] < rho) rho = reach[ci];
  return rho;
}

/** Imported residential points in scope that lack a category: index, weights, ρ². */
interface PointDemand {
  index: PointIndex;
  w: Float64Array;
  rho2: Float64Array;
  maxR: number;
  scopePop: number;
  uncoveredPop: number;
}

function pointDemand(points: NonNullable<SitingModel['points']>, inScope: (u: number) => boolean, kernels: readonly CategoryKernel[], reach: readonly number[]): PointDemand {
  const keep: number[] = [];
  const rhos: number[] = [];
  let scopePop = 0, uncoveredPop = 0, maxR = 0;
  for (let i = 0; i < points.x.length; i++) {
    if (points.unit[i] < 0 || !inScope(points.unit[i])) continue;
    scopePop += points.w[i];
    let mask = 0;
    kernels.forEach((k, ci) => {
      if (!k.covers(points.x[i], points.y[i])) mask |= 1 << ci;
    });
    if (mask === 0 || points.w[i] <= 0) continue;
    const rho = radiusOfMask(mask, reach);
    keep.push(i);
    rhos.push(rho);
    uncoveredPop += points.w[i];
    if (rho > maxR) maxR = rho;
  }
  return {
    index: new PointIndex(Float64Array.from(keep, (i) => points.x[i]), Float64Array.from(keep, (i) => points.y[i])),
    w: Float64Array.from(keep, (i) => points.w[i]),
    rho2: Float64Array.from(rhos, (r) => r * r),
    maxR,
    scopePop,
    uncoveredPop,
  };
}

/** Window offsets and squared distances between centres of the cells within maxR of a cell. */
function stencil(maxR: number, h: number, wnx: number): { off: Int32Array; d2: Float64Array } {
  const sOff: number[] = [], sD2: number[] = [];
  const sr = Math.floor(maxR / h);
  for (let dj = -sr; dj <= sr; dj++) {
    for (let di = -sr; di <= sr; di++) {
      const d2 = (di * di + dj * dj) * h * h;
      if (d2 <= maxR * maxR) { sOff.push(dj * wnx + di); sD2.push(d2); }
    }
  }
  return { off: Int32Array.from(sOff), d2: Float64Array.from(sD2) };
}

export function suggestSites(model: SitingModel, allCategories: readonly Category[], req: SitingRequest, walkModel: WalkModel = circleWalkModel): SitingResult {
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
  const kernels = requestKernels(model, cats, req, walkModel);
  const reach = kernels.map((kn) => kn.reachM);
  const maxR = Math.max(...reach);
  const inScope = (u: number) => req.scope === 'city' || model.unitDistrict[u] === req.scope;
  const points = model.points;
  const popSource = points ? 'demand-points' : 'unit-pop-est';
  const base = {
    categories: req.categories.slice(), scope: req.scope, reachM: Object.fromEntries(cats.map((c, i) => [c.id, reach[i]])),
    paramsText: describeWalkParams(req.params, cats), cellSizeM: h, spacingM: model.spacingCells * h, popSource,
  } as const;

  const win = scopeWindow(model, inScope, maxR);
  if (!win) {
    return { ...base, objective: 'area', candidateCount: 0, uncoveredPop: 0, uncoveredKm2: 0, scopePop: 0, scopeKm2: 0, suggestions: [], ms: 0 };
  }
  const { wc0, wr0, wnx, pad } = win;
  const cx = (wi: number) => g.gx0 + (wc0 + wi + 0.5) * h;
  const cy = (wj: number) => g.gy0 + (wr0 + wj + 0.5) * h;
  const { land, pop, domUnit, scopeM2, scopePop: censusPop } = scopeDemand(model, win, inScope, points === null);
  const lack = lackMasks(model, win, kernels);

  // --- the demand still to serve: cell → ρ² (−1 when satisfied or empty)
  const rho2 = new Float64Array(land.length).fill(-1);
  let uncoveredM2 = 0, uncoveredPop = 0;
  for (let w = 0; w < land.length; w++) {
    if (land[w] <= 0 || lack[w] === 0) continue;
    const rho = radiusOfMask(lack[w], reach);
    rho2[w] = rho * rho;
    uncoveredM2 += land[w];
    uncoveredPop += pop[w];
  }
  const pd = points ? pointDemand(points, inScope, kernels, reach) : null;
  const scopePop = censusPop + (pd?.scopePop ?? 0);
  uncoveredPop += pd?.uncoveredPop ?? 0;
  const objective: 'pop' | 'area' = uncoveredPop > 0 ? 'pop' : 'area';
  const weight = objective === 'pop' ? pop : land;
  const pointWeight = pd && objective === 'pop' ? pd.w : new Float64Array(pd?.w.length ?? 0);
  const { off, d2: od2 } = stencil(maxR, h, wnx);
  const S = off.length;
  const pCollect: number[] = [];

  // --- candidates: lattice cells at least half land in scope
  const cand = latticeCells(model, wc0, wr0, wnx, win.wny, pad, land, domUnit);

  const gainOf = (w: number): number => {
    let s = 0;
    for (let o = 0; o < S; o++) {
      const v = w + off[o];
      if (od2[o] <= rho2[v]) s += weight[v];
    }
    if (pd && pd.index.count > 0) {
      const x = cx(w % wnx), y = cy(Math.floor(w / wnx));
      pd.index.collect(x, y, pd.maxR, pCollect);
      for (const id of pCollect) {
        const dx = pd.index.xs[id] - x, dy = pd.index.ys[id] - y;
        if (pd.rho2[id] >= 0 && dx * dx + dy * dy <= pd.rho2[id]) s += pointWeight[id];
      }
    }
    return s;
  };

  // --- greedy with lazy re-evaluation
  const heap = new GainHeap(cand.length);
  const stamp = new Int32Array(cand.length);
  for (let i = 0; i < cand.length; i++) heap.push(i, gainOf(cand[i]));
  const suggestions: SiteSuggestion[] = [];
  let cumPop = 0, cumKm2 = 0;
  for (let round = 0; round < k && heap.size > 0; round++) {
    // a stale gain is an upper bound (gains only shrink); re-evaluate until the top is fresh
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
    const x = cx(w % wnx), y = cy(Math.floor(w / wnx));
    let gp = 0, ga = 0;
    for (let o = 0; o < S; o++) {
      const v = w + off[o];
      if (od2[o] <= rho2[v]) {
        gp += pop[v];
        ga += land[v];
        rho2[v] = -1;
      }
    }
    if (pd && pd.index.count > 0) {
      pd.index.collect(x, y, pd.maxR, pCollect);
      for (const id of pCollect) {
        const dx = pd.index.xs[id] - x, dy = pd.index.ys[id] - y;
        if (pd.rho2[id] >= 0 && dx * dx + dy * dy <= pd.rho2[id]) {
          gp += pd.w[id];
          pd.rho2[id] = -1;
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
    ...base,
    objective,
    candidateCount: cand.length,
    uncoveredPop,
    uncoveredKm2: uncoveredM2 / 1e6,
    scopePop,
    scopeKm2: scopeM2 / 1e6,
    suggestions,
    ms: t1 - t0,
  };
}
