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
/** a coarse bin of a unit's time histogram holds 2^COARSE_BITS of its 10-unit bins */
const COARSE_BITS = 4;

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
  private fine = new Float64Array(4096);
  private coarse = new Float64Array(256);
  /** one slot's figures in entry order (gatherBlock): covered fraction of the entry's cell or piece, the cell's cost */
  private readonly entryCov: Float32Array;
  private readonly entryCost: Float32Array;
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
    const E = ctx.grid.entryCell.length;
    const reuse = previous?.entryCov.length === E;
    this.entryCov = reuse ? previous.entryCov : new Float32Array(E);
    this.entryCost = reuse ? previous.entryCost : new Float32Array(E);
    if (previous) {
      this.fine = previous.fine;
      this.coarse = previous.coarse;
    }
  }

  /**
   * Copies slot s's figures of block b's cells into entry order (per entry: the covered
   * fraction of its cell or unit piece, and the cell's cost), right after the block was filled
   * while its cells are in cache; a unit's entries are then read in sequence by slot(s).
   */
  gatherBlock(s: number, b: number): void {
    const g = this.ctx.grid;
    const { frac, pieceFrac, cost } = this.ctx.slots[s];
    const withCost = cost.length > 0;
    const { cellEntryStart, cellEntries, entryPiece } = g;
    const eCov = this.entryCov, eCost = this.entryCost;
    for (let cell = g.blockStart[b], c1 = g.blockStart[b + 1]; cell < c1; cell++) {
      const f = frac[cell];
      const d = withCost ? cost[cell] : 0;
      for (let k = cellEntryStart[cell], k1 = cellEntryStart[cell + 1]; k < k1; k++) {
        const e = cellEntries[k];
        const p = entryPiece[e];
        eCov[e] = p < 0 ? f : pieceFrac[p];
        eCost[e] = d;
      }
    }
  }

  /** Unit figures of one slot (a category with its walking times, or completeness) and its
   * error bounds, from the slot's entries (every block gathered). */
  slot(s: number): void {
    const U = this.ctx.grid.unitCount;
    for (let u = 0; u < U; u++) this.unitCover(u, s);
    if (s < this.ctx.categories.length) for (let u = 0; u < U; u++) this.unitTimes(u, s);
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
    const g = this.ctx.grid;
    const list = [...units];
    const times = new Set(timeCats);
    for (const s of slots) {
      if (times.has(s)) this.gatherEntries(s, 0, g.entryCell.length);
      else for (const u of list) this.gatherEntries(s, g.unitEntryStart[u], g.unitEntryStart[u + 1]);
      for (const u of list) this.unitCover(u, s);
      if (times.has(s)) this.categoryTimes(s);
    }
    this.errors(slots);
    this.groups();
  }

  // gatherBlock for entries e0 … e1-1, reading the cell arrays out of order (edits).
  private gatherEntries(s: number, e0: number, e1: number): void {
    const { frac, pieceFrac, cost } = this.ctx.slots[s];
    const withCost = cost.length > 0;
    const { entryCell, entryPiece } = this.ctx.grid;
    for (let e = e0; e < e1; e++) {
      const p = entryPiece[e];
      const cell = entryCell[e];
      this.entryCov[e] = p < 0 ? frac[cell] : pieceFrac[p];
      this.entryCost[e] = withCost ? cost[cell] : 0;
    }
  }

  // Covered area and residents of unit u in slot s (its entries gathered).
  private unitCover(u: number, s: number): void {
    const { grid: g, result: res, slots, demand } = this.ctx;
    const S = this.ctx.categories.length + 1;
    const e0 = g.unitEntryStart[u], e1 = g.unitEntryStart[u + 1];
    const area = res.unitAreaM2[u];
    const w = g.entryWeight, eCov = this.entryCov;
    let cov = 0;
    for (let e = e0; e < e1; e++) cov += w[e] * eCov[e];
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

  // Area-weighted median, 90th percentile and maximum of the walking time over a unit, from
  // its cell-centre costs (entries gathered), added to its district's histogram (20 m bins);
  // percentiles from 10-unit bins (linear inside a bin), max exact.
  private unitTimes(u: number, c: number): void {
    const { grid: g, result: res, kernels } = this.ctx;
    const C = this.ctx.categories.length;
    const e0 = g.unitEntryStart[u], e1 = g.unitEntryStart[u + 1];
    if (!kernels[c].hasFacilities || e1 === e0) { this.noTimes(u, c); return; }
    const ds = this.entryCost;
    let min = Infinity, max = -Infinity;
    let noData = false;
    for (let e = e0; e < e1; e++) {
      const d = ds[e];
      if (d < min) min = d;
      if (d > max) max = d;
      if (d !== d) noData = true;
    }
    if (noData) { this.noTimes(u, c); return; }
    const total = res.unitAreaM2[u];
    const o = u * C + c;
    const entryWeight = g.entryWeight;
    const BIN = UNIT_BIN;
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
    // costs may be Infinity (nothing reachable within the model's cutoff: street network):
    // bins cover the finite range, the rest is weight beyond every bin
    let fmax = max;
    if (max === Infinity) {
      fmax = min;
      for (let e = e0; e < e1; e++) { const d = ds[e]; if (d !== Infinity && d > fmax) fmax = d; }
    }
    // 10-unit bins from the unit's least cost (fine) and bins of COARSE of them: the search for
    // a percentile walks the coarse bins, then the fine bins of one (both kept zero between calls)
    const b0 = (min / BIN) | 0;
    const nb = ((fmax / BIN) | 0) - b0 + 1;
    const nc = (nb >> COARSE_BITS) + 1;
    if (this.fine.length < nb) this.fine = new Float64Array(2 * nb);
    if (this.coarse.length < nc) this.coarse = new Float64Array(2 * nc);
    const fine = this.fine, coarse = this.coarse;
    let beyond = 0;
    for (let e = e0; e < e1; e++) {
      const d = ds[e];
      const w = entryWeight[e];
      if (d === Infinity) { beyond += w; continue; }
      const k = ((d / BIN) | 0) - b0; // d ≥ 0: truncation is floor
      fine[k] += w;
      coarse[k >> COARSE_BITS] += w;
      const gb = (d / HIST_BIN_M) | 0;
      gh[gOff + (gb < last ? gb : last)] += w;
    }
    if (beyond > 0) gh[gOff + last] += beyond;
    const p50 = this.percentile(total * 0.5, b0, nb, nc, beyond, min, max);
    const p90 = this.percentile(total * 0.9, b0, nb, nc, beyond, min, max);
    fine.fill(0, 0, nb);
    coarse.fill(0, 0, nc);
    const k = kernels[c];
    res.timeMedian[o] = k.minutes(p50);
    res.timeP90[o] = k.minutes(p90);
    res.timeMax[o] = k.minutes(max);
  }

  // The cost at which the cumulative weight of unitTimes' bins reaches t, linear inside a bin and
  // within [min, max]; Infinity when only the weight beyond every bin reaches it.
  private percentile(t: number, b0: number, nb: number, nc: number, beyond: number, min: number, max: number): number {
    const { fine, coarse } = this;
    const BIN = UNIT_BIN;
    let cum = 0;
    for (let j = 0; j < nc; j++) {
      const cw = coarse[j];
      if (cw === 0) continue;
      if (cum + cw < t) { cum += cw; continue; }
      let end = min;
      for (let k = j << COARSE_BITS, k1 = Math.min(nb, (j + 1) << COARSE_BITS); k < k1; k++) {
        const w = fine[k];
        if (w === 0) continue;
        const lo = (b0 + k) * BIN;
        if (cum + w >= t) return Math.max(min, Math.min(max, lo + ((t - cum) / w) * BIN));
        cum += w;
        end = lo + BIN;
      }
      return Math.min(max, end); // the coarse sum reached t and its fine bins fell short by rounding
    }
    return beyond > 0 ? Infinity : max;
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

  // Walking-time statistics of every unit for one category (entries gathered), rebuilding the district histograms.
  private categoryTimes(c: number): void {
    const NB = HIST_BINS;
    this.groupHist.fill(0, c * this.groupCount * NB, (c + 1) * this.groupCount * NB);
    for (let u = 0; u < this.ctx.grid.unitCount; u++) this.unitTimes(u, c);
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
