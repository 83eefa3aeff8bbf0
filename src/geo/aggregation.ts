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
const INV_BIN = 0.1;
// a district bin (HIST_BIN_M) is two unit bins: unit bin k (from 0 m) lies in district bin k >> 1
if (HIST_BIN_M !== 2 * UNIT_BIN) throw new Error('aggregation: a district time bin must be two unit bins');

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

/**
 * Unit, district and city figures of one run; keeps the district time histograms between edits.
 * Reads the slots' cell arrays through the grid's entries (a unit's entries are ordered by
 * cell, and cells by block, so the reads stay local), one unit at a time.
 */
export class Aggregator {
  private readonly unitGroup: Int32Array;
  private readonly groupCodes: string[];
  private readonly groupCount: number;
  private readonly groupHist: Float64Array;
  /** a unit's time histogram: UNIT_BIN bins from 0, kept zero between units */
  private fine: Float64Array = new Float64Array(4096);
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
    if (previous) this.fine = previous.fine;
  }

  /** Unit figures of one slot (a category with its walking times, or completeness) and its
   * error bounds, from the slot's cell arrays (every block filled). */
  slot(s: number): void {
    const U = this.ctx.grid.unitCount;
    const isCategory = s < this.ctx.categories.length;
    for (let u = 0; u < U; u++) {
      if (isCategory) this.unitCategory(u, s);
      else this.unitCover(u, s);
    }
    this.errors([s]);
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

  /** After an edit: coverage of the touched units, times of every unit for the touched
   * categories (`timeCats` ⊆ `slots`: the nearest facility can change far away where
   * facilities are sparse). */
  edit(units: Iterable<number>, slots: number[], timeCats: Iterable<number>): void {
    const list = [...units];
    const times = new Set(timeCats);
    for (const s of slots) {
      if (times.has(s)) this.categoryAll(s);
      else for (const u of list) this.unitCover(u, s);
    }
    this.errors(slots);
    this.groups();
  }

  // Covered area and residents of unit u in slot s: Σ entry weight × covered fraction of the
  // entry's cell, or of the unit's piece of it; a run of entries in a block the kernel set whole
  // counts its weight at once.
  private unitCover(u: number, s: number): void {
    const g = this.ctx.grid;
    const w = g.entryWeight, entryCover = g.entryCover;
    const { covered, blockState } = this.ctx.slots[s];
    const runEntryStart = g.runEntryStart, runBlock = g.runBlock, runWeight = g.runWeight;
    let cov = 0;
    for (let k = g.unitRunStart[u], k1 = g.unitRunStart[u + 1]; k < k1; k++) {
      const st = blockState[runBlock[k]];
      if (st >= 0) { cov += st * runWeight[k]; continue; }
      for (let e = runEntryStart[k], e1 = runEntryStart[k + 1]; e < e1; e++) cov += w[e] * covered[entryCover[e]];
    }
    this.setCover(u, s, cov);
  }

  // A unit's covered area in slot s, and its residents covered.
  private setCover(u: number, s: number, cov: number): void {
    const { result: res, slots, demand } = this.ctx;
    const S = this.ctx.categories.length + 1;
    const area = res.unitAreaM2[u];
    res.coveredM2[u * S + s] = cov;
    if (cov !== cov) res.popCovered[u * S + s] = NaN;
    else if (demand) {
      const covered = slots[s].pointCovered;
      let pc = 0;
      for (const i of this.unitPoints(u)) if (covered[i]) pc += demand.w[i];
      res.popCovered[u * S + s] = pc;
    } else {
      res.popCovered[u * S + s] = area > 0 ? res.unitPop[u] * Math.min(1, cov / area) : 0;
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

  // Covered area and residents of unit u in category c (as unitCover), and the area-weighted
  // median, 90th percentile and maximum of the walking time over the unit from its cell-centre
  // costs, added to its district's histogram (20 m bins): one pass over the unit's entries
  // bins the costs (UNIT_BIN bins from 0, kept zero between units), one over its range of bins
  // gives both percentiles (linear inside a bin) and the district bins; the maximum is exact.
  private unitCategory(u: number, c: number): void {
    const { grid: g, result: res, kernels } = this.ctx;
    const e0 = g.unitEntryStart[u], e1 = g.unitEntryStart[u + 1];
    if (!kernels[c].hasFacilities || e1 === e0) {
      this.unitCover(u, c);
      this.noTimes(u, c);
      return;
    }
    const { covered, cost, blockState } = this.ctx.slots[c];
    const entryCell = g.entryCell, entryCover = g.entryCover, entryWeight = g.entryWeight;
    const runEntryStart = g.runEntryStart, runBlock = g.runBlock, runWeight = g.runWeight;
    const BIN = UNIT_BIN;
    let fine = this.fine;
    let cov = 0;
    // min / fmax: over the finite costs; max: over all (Infinity: nothing reachable within the
    // model's cutoff, street network); beyond: the weight at Infinity
    let min = Infinity, fmax = -Infinity;
    let beyond = 0;
    let noData = false, unreachable = false;
    for (let k = g.unitRunStart[u], k1 = g.unitRunStart[u + 1]; k < k1; k++) {
      // a block the kernel set whole: its cover at once, else entry by entry
      const st = blockState[runBlock[k]];
      const whole = st >= 0;
      if (whole) cov += st * runWeight[k];
      for (let e = runEntryStart[k], e1 = runEntryStart[k + 1]; e < e1; e++) {
        const cell = entryCell[e];
        const w = entryWeight[e];
        if (!whole) cov += w * covered[entryCover[e]];
        const d = cost[cell];
        if (d < Infinity) {
          if (d < min) min = d;
          if (d > fmax) fmax = d;
          // d ≥ 0, so truncation is floor; d is a float32, so × 0.1 floors like ÷ 10
          const bin = (d * INV_BIN) | 0;
          if (bin >= fine.length) fine = this.growFine(bin);
          fine[bin] += w;
        } else if (d === Infinity) {
          beyond += w;
          unreachable = true;
        } else noData = true;
      }
    }
    const max = unreachable ? Infinity : fmax;
    this.setCover(u, c, cov);
    const b0 = min === Infinity ? 0 : (min * INV_BIN) | 0;
    const b1 = fmax === -Infinity ? -1 : (fmax * INV_BIN) | 0;
    if (noData) {
      fine.fill(0, b0, b1 + 1);
      this.noTimes(u, c);
      return;
    }
    const C = this.ctx.categories.length;
    const o = u * C + c;
    const total = res.unitAreaM2[u];
    const gh = this.groupHist;
    const gOff = (c * this.groupCount + this.unitGroup[u]) * HIST_BINS;
    const last = HIST_BINS - 1;
    if (min === Infinity) {
      gh[gOff + last] += total;
      res.timeMedian[o] = Infinity;
      res.timeP90[o] = Infinity;
      res.timeMax[o] = Infinity;
      return;
    }
    // the cost at which the cumulative weight reaches t, linear inside a bin and within [min, max];
    // Infinity when only the weight beyond every bin reaches it
    const t50 = total * 0.5, t90 = total * 0.9;
    let p50 = NaN, p90 = NaN;
    let cum = 0;
    for (let bin = b0; bin <= b1; bin++) {
      // no test for empty bins: adding 0 changes nothing, and a percentile is reached only where
      // the cumulative weight grows (branch-free over the mostly sparse bins)
      const w = fine[bin];
      fine[bin] = 0;
      const gb = bin >> 1; // the district bin: HIST_BIN_M = 2 × UNIT_BIN
      gh[gOff + (gb < last ? gb : last)] += w;
      const lo = bin * BIN;
      if (p50 !== p50 && cum + w >= t50) p50 = Math.max(min, Math.min(max, lo + ((t50 - cum) / w) * BIN));
      if (p90 !== p90 && cum + w >= t90) p90 = Math.max(min, Math.min(max, lo + ((t90 - cum) / w) * BIN));
      cum += w;
    }
    if (beyond > 0) gh[gOff + last] += beyond;
    if (p50 !== p50) p50 = beyond > 0 ? Infinity : max;
    if (p90 !== p90) p90 = beyond > 0 ? Infinity : max;
    const k = kernels[c];
    res.timeMedian[o] = k.minutes(p50);
    res.timeP90[o] = k.minutes(p90);
    res.timeMax[o] = k.minutes(max);
  }

  private growFine(bin: number): Float64Array {
    const next = new Float64Array(Math.max(2 * this.fine.length, bin + 1024));
    next.set(this.fine);
    this.fine = next;
    return next;
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

  // Cover and walking times of every unit for one category, rebuilding its district histograms.
  private categoryAll(c: number): void {
    const NB = HIST_BINS;
    this.groupHist.fill(0, c * this.groupCount * NB, (c + 1) * this.groupCount * NB);
    for (let u = 0; u < this.ctx.grid.unitCount; u++) this.unitCategory(u, c);
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
