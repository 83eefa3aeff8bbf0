/**
 * Aggregation: the cell figures of one run summed into units, districts and the city.
 * Covered area per unit = Σ entry weight × covered fraction of the cell (or of the unit's piece
 * of it); residents covered from demand points or the census spread; walking time percentiles
 * per unit from cell-centre costs (area-weighted, 10-unit bins) and per district / city from
 * 20 m histograms; certified error bounds from the sparse error maps. NaN (no data) carries
 * through: such a unit's slot is NaN and district / city rows count it under noDataM2.
 */
import type { Category, UnitFeature } from '../domain/types';
import { describeWalkParams, minutesFor, type WalkParams } from '../domain/walk';
import type { SlotCover } from './cellCover';
import { COMPLETE_SLOT, type AggregateRow, type CoverageResult } from './coverageTypes';
import { histPercentile, HIST_BIN_M, HIST_BINS } from './timeStats';
import { unitOfEntry, type UnitGrid } from './unitGrid';
import type { CategoryKernel } from './walkModel';

export const ENGINE_VERSION = 'grid-exact-1';

export interface Demand {
  x: Float64Array;
  y: Float64Array;
  w: Float64Array;
  unit: Int32Array;
}

/** Everything one computation works on; exists only once units are set and a run started. */
export interface RunContext {
  grid: UnitGrid;
  units: readonly UnitFeature[];
  categories: readonly Category[];
  params: WalkParams;
  modelId: string;
  maxDepth: number;
  kernels: CategoryKernel[];
  /** categories, then completeness */
  slots: SlotCover[];
  /** category indices the completeness slot needs */
  completeCats: number[];
  demand: Demand | null;
  result: CoverageResult;
}

export function emptyRow(code: string, S: number, C: number): AggregateRow {
  return {
    code,
    areaM2: 0,
    pop: 0,
    coveredM2: new Array(S).fill(0),
    popCovered: new Array(S).fill(0),
    noDataM2: new Array(S).fill(0),
    noDataPop: new Array(S).fill(0),
    timeMedian: new Array(C).fill(null),
    timeP90: new Array(C).fill(null),
  };
}

/** The result record of a run, with unit areas and residents filled and every figure zero. */
export function resultShell(ctx: Omit<RunContext, 'result'>, facilityCount: number): CoverageResult {
  const { grid: g, units, categories, params, demand } = ctx;
  const U = g.unitCount;
  const C = categories.length;
  const S = C + 1;
  const unitAreaM2 = new Float64Array(U);
  const unitPop = new Float64Array(U);
  for (let u = 0; u < U; u++) {
    let a = 0;
    for (let e = g.unitEntryStart[u]; e < g.unitEntryStart[u + 1]; e++) a += g.entryWeight[e];
    unitAreaM2[u] = a;
    unitPop[u] = demand ? 0 : Number(units[u].properties?.pop_est) || 0;
  }
  if (demand) {
    for (let i = 0; i < demand.x.length; i++) if (demand.unit[i] >= 0) unitPop[demand.unit[i]] += demand.w[i];
  }
  const modelText = ctx.modelId === 'circle' ? '' : ` walk-model=${ctx.modelId}`;
  return {
    params,
    paramsText: describeWalkParams(params, categories) + ` cell=${g.cellSize}m` + modelText,
    engine: {
      cellSizeM: g.cellSize,
      maxDepth: ctx.maxDepth,
      projection: `spherical transverse Mercator lon0=${g.projection.lng0.toFixed(4)} lat0=${g.projection.lat0.toFixed(4)} R=6371008.8`,
      version: ENGINE_VERSION,
      walkModel: ctx.modelId,
    },
    categories: categories.map((cat, i) => ({ id: cat.id, minutes: minutesFor(cat, params), reachM: ctx.kernels[i].reachM })),
    slots: [...categories.map((c) => c.id), COMPLETE_SLOT],
    completeOf: ctx.completeCats.map((c) => categories[c].id),
    facilityCount,
    unitIds: units.map((u, i) => String(u.properties?.id ?? i)),
    unitDistrict: units.map((u) => String(u.properties?.district ?? '')),
    unitAreaM2,
    unitPop,
    popSource: demand ? 'demand-points' : 'unit-pop-est',
    coveredM2: new Float64Array(U * S),
    popCovered: new Float64Array(U * S),
    errorBoundM2: new Float64Array(U * S),
    timeMedian: new Float32Array(U * C),
    timeP90: new Float32Array(U * C),
    timeMax: new Float32Array(U * C),
    districts: [],
    city: emptyRow('city', S, C),
    timing: { totalMs: 0, categoriesMs: 0, completenessMs: 0, aggregateMs: 0 },
  };
}

const UNIT_BIN = 10;

/** One category's unit columns and district histograms (what a parallel helper hands back). */
export interface SlotFigures {
  coveredM2: Float64Array;
  popCovered: Float64Array;
  errorBoundM2: Float64Array;
  timeMedian: Float32Array;
  timeP90: Float32Array;
  timeMax: Float32Array;
  groupHist: Float64Array;
}

/** Unit, district and city figures of one run; keeps the district time histograms between edits. */
export class Aggregator {
  private readonly unitGroup: Int32Array;
  private readonly groupCodes: string[];
  private readonly groupCount: number;
  private readonly groupHist: Float64Array;
  private binBuf = new Float64Array(4096);
  /** one unit's cell-centre costs, in entry order */
  private costBuf = new Float64Array(4096);
  private pointsByUnit: { start: Int32Array; list: Int32Array } | null = null;

  /** `previous`: the aggregator of an earlier run, whose buffers this one may take over */
  constructor(private readonly ctx: RunContext, previous?: Aggregator | null) {
    const res = ctx.result;
    const codes = [...new Set(res.unitDistrict)].sort();
    const groupOf = new Map<string, number>(codes.map((c, i) => [c, i]));
    this.groupCodes = codes;
    this.groupCount = codes.length + 1;
    this.unitGroup = Int32Array.from(res.unitDistrict, (d) => groupOf.get(d) ?? 0);
    const n = ctx.categories.length * this.groupCount * HIST_BINS;
    this.groupHist = previous?.groupHist.length === n ? previous.groupHist.fill(0) : new Float64Array(n);
    if (previous) {
      this.binBuf = previous.binBuf;
      this.costBuf = previous.costBuf;
    }
  }

  /** Every figure from scratch. */
  all(): void {
    const S = this.ctx.categories.length + 1;
    for (let s = 0; s < S; s++) this.slot(s);
    this.groups();
  }

  /** Unit figures of one slot (a category with its walking times, or completeness) and its error bounds. */
  slot(s: number): void {
    const only = [s];
    for (let u = 0; u < this.ctx.grid.unitCount; u++) this.unit(u, only, true);
    this.errors(only);
  }

  /** District and city rows (after every slot is in). */
  finish(): void {
    this.groups();
  }

  /** One category's unit figures and district time histograms, to hand to another engine (parallel runs). */
  exportSlot(c: number): SlotFigures {
    const res = this.ctx.result;
    const U = this.ctx.grid.unitCount;
    const C = this.ctx.categories.length;
    const S = C + 1;
    const col = <T extends Float64Array | Float32Array>(a: T, stride: number, make: (n: number) => T): T => {
      const out = make(U);
      for (let u = 0; u < U; u++) out[u] = a[u * stride + c];
      return out;
    };
    const NB = HIST_BINS, G = this.groupCount;
    return {
      coveredM2: col(res.coveredM2, S, (n) => new Float64Array(n)),
      popCovered: col(res.popCovered, S, (n) => new Float64Array(n)),
      errorBoundM2: col(res.errorBoundM2, S, (n) => new Float64Array(n)),
      timeMedian: col(res.timeMedian, C, (n) => new Float32Array(n)),
      timeP90: col(res.timeP90, C, (n) => new Float32Array(n)),
      timeMax: col(res.timeMax, C, (n) => new Float32Array(n)),
      groupHist: this.groupHist.slice(c * G * NB, (c + 1) * G * NB),
    };
  }

  /** Take one category's figures computed by another engine on the same units (parallel runs). */
  adoptSlot(c: number, f: SlotFigures): void {
    const res = this.ctx.result;
    const U = this.ctx.grid.unitCount;
    const C = this.ctx.categories.length;
    const S = C + 1;
    for (let u = 0; u < U; u++) {
      res.coveredM2[u * S + c] = f.coveredM2[u];
      res.popCovered[u * S + c] = f.popCovered[u];
      res.errorBoundM2[u * S + c] = f.errorBoundM2[u];
      res.timeMedian[u * C + c] = f.timeMedian[u];
      res.timeP90[u * C + c] = f.timeP90[u];
      res.timeMax[u * C + c] = f.timeMax[u];
    }
    this.groupHist.set(f.groupHist, c * this.groupCount * HIST_BINS);
  }

  /** After an edit: coverage of the touched units, times of every unit for the touched categories. */
  edit(units: Iterable<number>, slots: number[], timeCats: Iterable<number>): void {
    for (const u of units) this.unit(u, slots, false);
    this.errors(slots);
    for (const c of timeCats) this.categoryTimes(c);
    this.groups();
  }

  // Per-unit sums for the given slots (null = all); walking times too when withTimes.
  private unit(u: number, onlySlots: number[] | null, withTimes: boolean): void {
    const { grid: g, result: res, slots, kernels, demand } = this.ctx;
    const C = this.ctx.categories.length;
    const S = C + 1;
    const e0 = g.unitEntryStart[u], e1 = g.unitEntryStart[u + 1];
    const area = res.unitAreaM2[u];
    const { entryPiece, entryWeight, entryCell } = g;
    const slotCount = onlySlots ? onlySlots.length : S;
    for (let si = 0; si < slotCount; si++) {
      const s = onlySlots ? onlySlots[si] : si;
      const sl = slots[s];
      const frac = sl.frac, pieceFrac = sl.pieceFrac;
      let cov = 0;
      if (withTimes && s < C && kernels[s].hasFacilities && e1 > e0) {
        // coverage and the cost range in one pass, then the time histogram
        // coverage, the unit's costs (gathered once) and their range in one pass, then the time histogram
        const cost = sl.cost;
        if (this.costBuf.length < e1 - e0) this.costBuf = new Float64Array(2 * (e1 - e0));
        const ds = this.costBuf;
        let min = Infinity, max = -Infinity;
        let noData = false;
        for (let e = e0; e < e1; e++) {
          const p = entryPiece[e];
          const cell = entryCell[e];
          cov += entryWeight[e] * (p < 0 ? frac[cell] : pieceFrac[p]);
          const d = cost[cell];
          ds[e - e0] = d;
          if (d < min) min = d;
          if (d > max) max = d;
          if (d !== d) noData = true;
        }
        if (noData) this.noTimes(u, s);
        else this.unitTimes(u, s, ds, min, max, area);
      } else {
        for (let e = e0; e < e1; e++) {
          const p = entryPiece[e];
          cov += entryWeight[e] * (p < 0 ? frac[entryCell[e]] : pieceFrac[p]);
        }
        if (withTimes && s < C) this.noTimes(u, s);
      }
      res.coveredM2[u * S + s] = cov;
      if (cov !== cov) res.popCovered[u * S + s] = NaN;
      else if (demand) {
        let pc = 0;
        for (const i of this.unitPoints(u)) if (sl.pointCovered[i]) pc += demand.w[i];
        res.popCovered[u * S + s] = pc;
      } else {
        res.popCovered[u * S + s] = area > 0 ? res.unitPop[u] * Math.min(1, cov / area) : 0;
      }
    }
  }

  private noTimes(u: number, c: number): void {
    const res = this.ctx.result;
    const o = u * this.ctx.categories.length + c;
    res.timeMedian[o] = NaN;
    res.timeP90[o] = NaN;
    res.timeMax[o] = NaN;
  }

  // Certified error bounds per unit for the given slots, from the sparse error maps.
  private errors(slotList: number[]): void {
    const { grid: g, result: res, slots } = this.ctx;
    const S = this.ctx.categories.length + 1;
    for (const s of slotList) {
      for (let u = 0; u < g.unitCount; u++) res.errorBoundM2[u * S + s] = 0;
      const sl = slots[s];
      for (const [cell, err] of sl.cellErr) {
        for (let k = g.cellEntryStart[cell]; k < g.cellEntryStart[cell + 1]; k++) {
          const e = g.cellEntries[k];
          if (g.entryPiece[e] < 0) res.errorBoundM2[unitOfEntry(g, e) * S + s] += g.entryWeight[e] * err;
        }
      }
      for (const [p, err] of sl.pieceErr) res.errorBoundM2[g.pieceUnit[p] * S + s] += g.pieceArea[p] * err;
    }
  }

  // Area-weighted median, 90th percentile and maximum of the walking time over a unit, from
  // its cell-centre costs `ds` (in entry order); percentiles from 10-unit bins (linear inside a
  // bin), max exact.
  private unitTimes(u: number, c: number, ds: Float64Array, min: number, max: number, total: number): void {
    const { grid: g, result: res, kernels } = this.ctx;
    const C = this.ctx.categories.length;
    const e0 = g.unitEntryStart[u], n = g.unitEntryStart[u + 1] - e0;
    const o = u * C + c;
    const entryWeight = g.entryWeight;
    const BIN = UNIT_BIN;
    // costs may be Infinity (nothing reachable within the model's cutoff: street network):
    // bins cover the finite range, the rest is weight beyond every bin
    let fmax = max;
    if (max === Infinity) {
      fmax = min;
      for (let i = 0; i < n; i++) { const d = ds[i]; if (d !== Infinity && d > fmax) fmax = d; }
    }
    const gh0 = this.groupHist;
    const gOff0 = (c * this.groupCount + this.unitGroup[u]) * HIST_BINS;
    if (min === Infinity) {
      gh0[gOff0 + HIST_BINS - 1] += total;
      res.timeMedian[o] = Infinity;
      res.timeP90[o] = Infinity;
      res.timeMax[o] = Infinity;
      return;
    }
    const nb = Math.floor((fmax - min) / BIN) + 1;
    if (this.binBuf.length < nb) this.binBuf = new Float64Array(nb * 2);
    const hist = this.binBuf; // all zero between calls (the walk below clears what it reads)
    let beyond = 0;
    for (let i = 0; i < n; i++) {
      const d = ds[i];
      if (d === Infinity) beyond += entryWeight[e0 + i];
      else hist[((d - min) / BIN) | 0] += entryWeight[e0 + i]; // d − min ≥ 0: truncation is floor
    }
    // median and 90th percentile in one walk over the bins (linear inside a bin)
    const t50 = total * 0.5, t90 = total * 0.9;
    let p50 = NaN, p90 = max;
    let cum = 0;
    const gh = this.groupHist;
    const gOff = (c * this.groupCount + this.unitGroup[u]) * HIST_BINS;
    const last = HIST_BINS - 1;
    for (let b = 0; b < nb; b++) {
      const w = hist[b];
      if (w === 0) continue;
      hist[b] = 0;
      const lo = min + b * BIN;
      if (p50 !== p50 && cum + w >= t50) p50 = Math.min(max, lo + ((t50 - cum) / w) * BIN);
      if (cum < t90 && cum + w >= t90) p90 = Math.min(max, lo + ((t90 - cum) / w) * BIN);
      cum += w;
      // district histogram (20 m bins from 0): this bin's weight at its centre
      const gb = ((lo + BIN / 2) / HIST_BIN_M) | 0;
      gh[gOff + (gb < last ? gb : last)] += w;
    }
    if (beyond > 0) {
      gh[gOff + last] += beyond;
      if (p50 !== p50 && cum + beyond >= t50) p50 = Infinity;
      if (cum < t90 && cum + beyond >= t90) p90 = Infinity;
    }
    if (p50 !== p50) p50 = max;
    const k = kernels[c];
    res.timeMedian[o] = k.minutes(p50);
    res.timeP90[o] = k.minutes(p90);
    res.timeMax[o] = k.minutes(max);
  }

  private unitPoints(u: number): Int32Array {
    const d = this.ctx.demand;
    if (!d) return new Int32Array(0);
    if (!this.pointsByUnit) {
      const U = this.ctx.grid.unitCount;
      const start = new Int32Array(U + 1);
      for (let i = 0; i < d.unit.length; i++) if (d.unit[i] >= 0) start[d.unit[i] + 1]++;
      for (let k = 0; k < U; k++) start[k + 1] += start[k];
      const list = new Int32Array(start[U]);
      const fill = start.slice(0, U);
      for (let i = 0; i < d.unit.length; i++) if (d.unit[i] >= 0) list[fill[d.unit[i]]++] = i;
      this.pointsByUnit = { start, list };
    }
    const { start, list } = this.pointsByUnit;
    return list.subarray(start[u], start[u + 1]);
  }

  // Walking-time statistics of every unit for one category, rebuilding the district histograms.
  private categoryTimes(c: number): void {
    const { grid: g, result: res, slots, kernels } = this.ctx;
    const NB = HIST_BINS;
    this.groupHist.fill(0, c * this.groupCount * NB, (c + 1) * this.groupCount * NB);
    const cost = slots[c].cost;
    const has = kernels[c].hasFacilities;
    for (let u = 0; u < g.unitCount; u++) {
      const e0 = g.unitEntryStart[u], e1 = g.unitEntryStart[u + 1];
      if (!has || e1 === e0) { this.noTimes(u, c); continue; }
      if (this.costBuf.length < e1 - e0) this.costBuf = new Float64Array(2 * (e1 - e0));
      const ds = this.costBuf;
      let min = Infinity, max = -Infinity;
      let noData = false;
      for (let e = e0; e < e1; e++) {
        const d = cost[g.entryCell[e]];
        ds[e - e0] = d;
        if (d < min) min = d;
        if (d > max) max = d;
        if (d !== d) noData = true;
      }
      if (noData) this.noTimes(u, c);
      else this.unitTimes(u, c, ds, min, max, res.unitAreaM2[u]);
    }
  }

  // District and city rows from the unit figures and the district time histograms.
  private groups(): void {
    const { grid: g, result: res, kernels } = this.ctx;
    const C = this.ctx.categories.length;
    const S = C + 1;
    const G = this.groupCount;
    const NB = HIST_BINS;
    const rows: AggregateRow[] = this.groupCodes.map((code) => emptyRow(code, S, C));
    rows.push(emptyRow('city', S, C));
    const unitGroup = this.unitGroup;
    for (let u = 0; u < g.unitCount; u++) {
      const row = rows[unitGroup[u]];
      row.areaM2 += res.unitAreaM2[u];
      row.pop += res.unitPop[u];
      for (let s = 0; s < S; s++) {
        const cov = res.coveredM2[u * S + s];
        if (cov !== cov) {
          row.noDataM2[s] += res.unitAreaM2[u];
          row.noDataPop[s] += res.unitPop[u];
          continue;
        }
        row.coveredM2[s] += cov;
        row.popCovered[s] += res.popCovered[u * S + s];
      }
    }
    const city = rows[G - 1];
    for (let gi = 0; gi < G - 1; gi++) {
      const r = rows[gi];
      city.areaM2 += r.areaM2;
      city.pop += r.pop;
      for (let s = 0; s < S; s++) {
        city.coveredM2[s] += r.coveredM2[s];
        city.popCovered[s] += r.popCovered[s];
        city.noDataM2[s] += r.noDataM2[s];
        city.noDataPop[s] += r.noDataPop[s];
      }
    }
    const cityHist = new Float64Array(NB);
    for (let c = 0; c < C; c++) {
      if (!kernels[c].hasFacilities) continue;
      const k = kernels[c];
      const toMin = (v: number): number | null => (Number.isNaN(v) ? null : k.minutes(v));
      cityHist.fill(0);
      for (let gi = 0; gi < G - 1; gi++) {
        const off = (c * G + gi) * NB;
        for (let b = 0; b < NB; b++) cityHist[b] += this.groupHist[off + b];
        rows[gi].timeMedian[c] = toMin(histPercentile(this.groupHist, off, 0.5));
        rows[gi].timeP90[c] = toMin(histPercentile(this.groupHist, off, 0.9));
      }
      city.timeMedian[c] = toMin(histPercentile(cityHist, 0, 0.5));
      city.timeP90[c] = toMin(histPercentile(cityHist, 0, 0.9));
    }
    res.districts = rows.slice(0, G - 1);
    res.city = city;
  }
}
