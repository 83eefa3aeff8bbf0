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
import { histMedianP90, HIST_BIN_M, HIST_BINS } from './timeStats';
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

/** What a run's result takes from the units, the same in every run on one grid. */
interface UnitTable {
  /** each unit's area as the sum of its entries' weights (what its covered shares are shares of) */
  areaM2: Float64Array;
  /** residents by the units' pop_est (when no demand points are given) */
  popEst: Float64Array;
  ids: string[];
  district: string[];
}

const unitTables = new WeakMap<UnitGrid, UnitTable>();

// The unit table of a grid, once per grid: a run copies it instead of reading every unit's
// properties again (which also made resultShell one of the largest functions V8 compiled, late,
// in a benchmark's third and fourth runs).
function unitTable(g: UnitGrid, units: readonly UnitFeature[]): UnitTable {
  let t = unitTables.get(g);
  if (!t) {
    const areaM2 = new Float64Array(g.unitCount);
    for (let u = 0; u < g.unitCount; u++) {
      let a = 0;
      for (let e = g.unitEntryStart[u]; e < g.unitEntryStart[u + 1]; e++) a += g.entryWeight[e];
      areaM2[u] = a;
    }
    t = {
      areaM2,
      popEst: Float64Array.from(units, (u) => Number(u.properties?.pop_est) || 0),
      ids: units.map((u, i) => String(u.properties?.id ?? i)),
      district: units.map((u) => String(u.properties?.district ?? '')),
    };
    unitTables.set(g, t);
  }
  return t;
}

/** The result record of a run, with unit areas and residents filled and every figure zero. */
export function resultShell(ctx: Omit<RunContext, 'result'>, facilityCount: number): CoverageResult {
  const { grid: g, units, categories, params, demand } = ctx;
  const U = g.unitCount;
  const C = categories.length;
  const S = C + 1;
  const table = unitTable(g, units);
  const unitPop = demand ? new Float64Array(U) : table.popEst.slice();
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
    unitIds: table.ids.slice(),
    unitDistrict: table.district.slice(),
    unitAreaM2: table.areaM2.slice(),
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
    timing: { totalMs: 0, categoriesMs: 0, completenessMs: 0, aggregateMs: 0, threads: 1 },
  };
}

const UNIT_BIN = 10;
const INV_BIN = 0.1;
// a district bin (HIST_BIN_M) is two unit bins: unit bin k (from 0 m) lies in district bin k >> 1
if (HIST_BIN_M !== 2 * UNIT_BIN) throw new Error('aggregation: a district time bin must be two unit bins');

// binCosts' figures of a unit: least and greatest finite cost, weight at Infinity, 1 when a cost is NaN (no data)
const SCAN_MIN = 0, SCAN_MAX = 1, SCAN_BEYOND = 2, SCAN_NO_DATA = 3, SCAN_SIZE = 4;

// Adds the weight of entries e0 … e1-1 to the histogram bin (UNIT_BIN wide, from 0) of their
// cell's cost, and writes the scan figures to out. A bin at or past the histogram's last goes to
// the last (out[SCAN_MAX] tells the caller to grow it and bin again). Never a store past the
// end: V8 remembers one in the store's feedback and every later store there takes a slow path
// (1,000 facilities before 5,000 in one process: binning 2.7x slower for the rest of it).
function binCosts(entryCell: Int32Array, entryWeight: Float64Array, cost: Float32Array, e0: number, e1: number, fine: Float64Array, out: Float64Array): void {
  let min = Infinity, max = -Infinity, beyond = 0, noData = 0;
  const last = fine.length - 1;
  let e = e0;
  for (; e + 3 < e1; e += 4) {
    const d0 = cost[entryCell[e]], d1 = cost[entryCell[e + 1]], d2 = cost[entryCell[e + 2]], d3 = cost[entryCell[e + 3]];
    if (!(d0 < Infinity && d1 < Infinity && d2 < Infinity && d3 < Infinity)) break;
    if (d0 < min) min = d0; if (d0 > max) max = d0;
    if (d1 < min) min = d1; if (d1 > max) max = d1;
    if (d2 < min) min = d2; if (d2 > max) max = d2;
    if (d3 < min) min = d3; if (d3 > max) max = d3;
    const w0 = entryWeight[e], w1 = entryWeight[e + 1], w2 = entryWeight[e + 2], w3 = entryWeight[e + 3];
    fine[Math.min((d0 * INV_BIN) | 0, last)] += w0;
    fine[Math.min((d1 * INV_BIN) | 0, last)] += w1;
    fine[Math.min((d2 * INV_BIN) | 0, last)] += w2;
    fine[Math.min((d3 * INV_BIN) | 0, last)] += w3;
  }
  for (; e < e1; e++) {
    const d = cost[entryCell[e]];
    if (d < Infinity) {
      if (d < min) min = d;
      if (d > max) max = d;
      // d ≥ 0, so truncation is floor; d is a float32, so × 0.1 floors like ÷ 10
      fine[Math.min((d * INV_BIN) | 0, last)] += entryWeight[e];
    } else if (d === Infinity) beyond += entryWeight[e];
    else noData = 1;
  }
  out[SCAN_MIN] = min;
  out[SCAN_MAX] = max;
  out[SCAN_BEYOND] = beyond;
  out[SCAN_NO_DATA] = noData;
}

// Over the unit histogram's bins b0 … b1: the costs at which the cumulative weight reaches half
// and 90 % of total (linear inside a bin, within [min, max]; NaN when not reached) into out[0]
// and out[1], and the weight of each pair of bins (a district bin) added to the district
// histogram at gOff (its last bin holds everything beyond). Bins outside b0 … b1 are zero.
function unitPercentiles(fine: Float64Array, b0: number, b1: number, total: number, min: number, max: number, gh: Float64Array, gOff: number, out: Float64Array): void {
  const t50 = total * 0.5, t90 = total * 0.9;
  const last = HIST_BINS - 1;
  let p50 = NaN, p90 = NaN;
  let cum = 0;
  for (let bin = b0 & ~1; bin <= b1; bin += 2) {
    const wa = fine[bin], wb = fine[bin + 1];
    const gb = bin >> 1;
    gh[gOff + (gb < last ? gb : last)] += wa + wb;
    const next = cum + wa + wb;
    if (next >= t50 && p50 !== p50) p50 = crossing(bin, cum, wa, wb, t50, min, max);
    if (next >= t90 && p90 !== p90) p90 = crossing(bin, cum, wa, wb, t90, min, max);
    cum = next;
  }
  out[0] = p50;
  out[1] = p90;
}

// The cost at which the cumulative weight reaches t inside the bin pair (bin, bin + 1) of weights
// wa, wb (cum before them): linear inside the bin where it does, kept within [min, max].
function crossing(bin: number, cum: number, wa: number, wb: number, t: number, min: number, max: number): number {
  const inFirst = cum + wa >= t;
  const lo = (inFirst ? bin : bin + 1) * UNIT_BIN;
  const v = inFirst ? lo + ((t - cum) / wa) * UNIT_BIN : lo + ((t - (cum + wa)) / wb) * UNIT_BIN;
  return Math.max(min, Math.min(max, v));
}

// A district or city percentile (metres; NaN: no weight) in minutes, null when there is none.
function minutesOrNull(k: CategoryKernel, metres: number): number | null {
  return Number.isNaN(metres) ? null : k.minutes(metres);
}

/** Areas and residents summed per group (districts, then the city), and per group and slot. */
class GroupSums {
  private readonly area: Float64Array;
  private readonly pop: Float64Array;
  private readonly covered: Float64Array;
  private readonly popCovered: Float64Array;
  private readonly noData: Float64Array;
  private readonly noDataPop: Float64Array;

  constructor(groups: number, private readonly S: number) {
    this.area = new Float64Array(groups);
    this.pop = new Float64Array(groups);
    this.covered = new Float64Array(groups * S);
    this.popCovered = new Float64Array(groups * S);
    this.noData = new Float64Array(groups * S);
    this.noDataPop = new Float64Array(groups * S);
  }

  /** Every unit of the result into its group (a slot without data counts under noData). */
  addUnits(res: CoverageResult, unitGroup: Int32Array): void {
    const S = this.S;
    for (let u = 0; u < unitGroup.length; u++) {
      const gi = unitGroup[u];
      this.area[gi] += res.unitAreaM2[u];
      this.pop[gi] += res.unitPop[u];
      for (let s = 0; s < S; s++) {
        const o = gi * S + s;
        const cov = res.coveredM2[u * S + s];
        if (cov !== cov) {
          this.noData[o] += res.unitAreaM2[u];
          this.noDataPop[o] += res.unitPop[u];
          continue;
        }
        this.covered[o] += cov;
        this.popCovered[o] += res.popCovered[u * S + s];
      }
    }
  }

  /** The districts' sums into the city (the last group). */
  addDistrictsToCity(): void {
    const S = this.S;
    const city = this.area.length - 1;
    for (let gi = 0; gi < city; gi++) {
      this.area[city] += this.area[gi];
      this.pop[city] += this.pop[gi];
      for (let s = 0; s < S; s++) {
        this.covered[city * S + s] += this.covered[gi * S + s];
        this.popCovered[city * S + s] += this.popCovered[gi * S + s];
        this.noData[city * S + s] += this.noData[gi * S + s];
        this.noDataPop[city * S + s] += this.noDataPop[gi * S + s];
      }
    }
  }

  /** Group gi as a row (no walking times yet). */
  row(code: string, gi: number, C: number): AggregateRow {
    const S = this.S;
    const slots = (a: Float64Array) => Array.from(a.subarray(gi * S, gi * S + S));
    return {
      code,
      areaM2: this.area[gi],
      pop: this.pop[gi],
      coveredM2: slots(this.covered),
      popCovered: slots(this.popCovered),
      noDataM2: slots(this.noData),
      noDataPop: slots(this.noDataPop),
      timeMedian: new Array(C).fill(null),
      timeP90: new Array(C).fill(null),
    };
  }
}

// The district and city walking-cost percentiles of one category from its district histograms
// (groups 0 … G-2, NB bins each; the last group's bins receive their sum, the city's): median and
// 90th percentile (metres, NaN: no weight) of group g into pct[2g], pct[2g + 1].
function groupPercentiles(hist: Float64Array, G: number, pct: Float64Array, p: Float64Array): void {
  const NB = HIST_BINS;
  const city = (G - 1) * NB;
  hist.fill(0, city, city + NB);
  for (let gi = 0; gi < G - 1; gi++) {
    const off = gi * NB;
    for (let b = 0; b < NB; b++) hist[city + b] += hist[off + b];
    histMedianP90(hist, off, p);
    pct[2 * gi] = p[0];
    pct[2 * gi + 1] = p[1];
  }
  histMedianP90(hist, city, p);
  pct[2 * G - 2] = p[0];
  pct[2 * G - 1] = p[1];
}

/** One category's unit columns and district and city walking-cost percentiles (what a parallel
 * helper hands back; the error bounds follow from the errors it sends). */
export interface SlotFigures {
  coveredM2: Float64Array;
  popCovered: Float64Array;
  timeMedian: Float32Array;
  timeP90: Float32Array;
  timeMax: Float32Array;
  groupPct: Float64Array;
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
  /** the district time histograms of the category being summed (20 m bins, HIST_BINS per
   * district; the last group's are the city's) */
  private readonly groupHist: Float64Array;
  /** per category and group (districts, then the city): median and 90th percentile of the
   * walking cost, metres (NaN: none), at ((c × groups) + g) × 2 */
  private readonly groupPct: Float64Array;
  /** a unit's time histogram: UNIT_BIN bins from 0, kept zero between units (set once in the
   * constructor: a field assigned twice is no longer constant, and code that read it is
   * de-optimised on the next run) */
  private fine: Float64Array;
  /** what binCosts, unitPercentiles and histMedianP90 hand back */
  private readonly scan = new Float64Array(SCAN_SIZE);
  private pointsByUnit: { start: Int32Array; list: Int32Array } | null = null;

  /** `previous`: the aggregator of an earlier run, whose buffers this one may take over */
  constructor(private readonly ctx: RunContext, previous?: Aggregator | null) {
    if (previous?.ctx.grid === ctx.grid) {
      // the same units: the same districts
      this.groupCodes = previous.groupCodes;
      this.unitGroup = previous.unitGroup;
    } else {
      const codes = [...new Set(ctx.result.unitDistrict)].sort();
      const groupOf = new Map<string, number>(codes.map((c, i) => [c, i]));
      this.groupCodes = codes;
      this.unitGroup = Int32Array.from(ctx.result.unitDistrict, (d) => groupOf.get(d) ?? 0);
    }
    this.groupCount = this.groupCodes.length + 1;
    const n = this.groupCount * HIST_BINS;
    this.groupHist = previous?.groupHist.length === n ? previous.groupHist : new Float64Array(n);
    this.groupPct = new Float64Array(ctx.categories.length * this.groupCount * 2).fill(NaN);
    this.fine = previous?.fine ?? new Float64Array(4096);
  }

  /** Unit figures of one slot (a category with its walking times, or completeness) and its
   * error bounds, from the slot's cell arrays (every block filled). */
  slot(s: number): void {
    this.figures(s);
    this.errorBounds([s]);
  }

  /** Unit figures of one slot without its error bounds (a parallel run sums those once every
   * thread's errors are in). */
  figures(s: number): void {
    const U = this.ctx.grid.unitCount;
    const isCategory = s < this.ctx.categories.length;
    if (isCategory) this.groupHist.fill(0);
    for (let u = 0; u < U; u++) {
      if (isCategory) this.unitCategory(u, s);
      else this.unitCover(u, s);
    }
    if (isCategory) this.categoryPercentiles(s);
  }

  // The category's district and city percentiles, from the histograms its units were just summed into.
  private categoryPercentiles(c: number): void {
    const G = this.groupCount;
    groupPercentiles(this.groupHist, G, this.groupPct.subarray(c * G * 2, (c + 1) * G * 2), this.scan);
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
    const G = this.groupCount;
    return {
      coveredM2: col(res.coveredM2, S, (n) => new Float64Array(n)),
      popCovered: col(res.popCovered, S, (n) => new Float64Array(n)),
      timeMedian: col(res.timeMedian, C, (n) => new Float32Array(n)),
      timeP90: col(res.timeP90, C, (n) => new Float32Array(n)),
      timeMax: col(res.timeMax, C, (n) => new Float32Array(n)),
      groupPct: this.groupPct.slice(c * G * 2, (c + 1) * G * 2),
    };
  }

  /** Take one category's figures computed by another engine on the same units (parallel runs). */
  adoptSlot(c: number, f: SlotFigures): void {
    const res = this.ctx.result;
    const U = this.ctx.grid.unitCount;
    const C = this.ctx.categories.length;
    const S = C + 1;
    // the percentiles before the loop: code compiled while the loop runs (on-stack replacement)
    // would have nothing known about the statements after it, and give way there on every call
    this.groupPct.set(f.groupPct, c * this.groupCount * 2);
    for (let u = 0; u < U; u++) {
      res.coveredM2[u * S + c] = f.coveredM2[u];
      res.popCovered[u * S + c] = f.popCovered[u];
      res.timeMedian[u * C + c] = f.timeMedian[u];
      res.timeP90[u * C + c] = f.timeP90[u];
      res.timeMax[u * C + c] = f.timeMax[u];
    }
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
    this.errorBounds(slots);
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

  /** Certified error bounds per unit of the given slots, from their sparse error maps. */
  errorBounds(slotList: number[]): void {
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
  // bins the costs (binCosts), one over its range of bins gives both percentiles and the
  // district bins (unitPercentiles); the maximum is the greatest cell-centre cost, not binned.
  private unitCategory(u: number, c: number): void {
    const { grid: g, result: res, kernels } = this.ctx;
    const e0 = g.unitEntryStart[u], e1 = g.unitEntryStart[u + 1];
    this.unitCover(u, c);
    if (!kernels[c].hasFacilities || e1 === e0) {
      this.noTimes(u, c);
      return;
    }
    const cost = this.ctx.slots[c].cost;
    const scan = this.scan;
    binCosts(g.entryCell, g.entryWeight, cost, e0, e1, this.fine, scan);
    if (scan[SCAN_MAX] * INV_BIN + 1 >= this.fine.length) {
      // a cost at or beyond the histogram's last bin: a larger one, and bin again
      this.fine = new Float64Array(Math.max(2 * this.fine.length, ((scan[SCAN_MAX] * INV_BIN) | 0) + 1024));
      binCosts(g.entryCell, g.entryWeight, cost, e0, e1, this.fine, scan);
    }
    const min = scan[SCAN_MIN], fmax = scan[SCAN_MAX], beyond = scan[SCAN_BEYOND];
    const b0 = min === Infinity ? 0 : (min * INV_BIN) | 0;
    const b1 = fmax === -Infinity ? -1 : (fmax * INV_BIN) | 0;
    if (scan[SCAN_NO_DATA] > 0) {
      this.fine.fill(0, b0, b1 + 1);
      this.noTimes(u, c);
      return;
    }
    const C = this.ctx.categories.length;
    const o = u * C + c;
    const total = res.unitAreaM2[u];
    const gOff = this.unitGroup[u] * HIST_BINS;
    if (min === Infinity) {
      this.groupHist[gOff + HIST_BINS - 1] += total;
      res.timeMedian[o] = Infinity;
      res.timeP90[o] = Infinity;
      res.timeMax[o] = Infinity;
      return;
    }
    const max = beyond > 0 ? Infinity : fmax;
    unitPercentiles(this.fine, b0, b1, total, min, max, this.groupHist, gOff, scan);
    this.fine.fill(0, b0, b1 + 1);
    if (beyond > 0) this.groupHist[gOff + HIST_BINS - 1] += beyond;
    let p50 = scan[0], p90 = scan[1];
    if (p50 !== p50) p50 = beyond > 0 ? Infinity : max;
    if (p90 !== p90) p90 = beyond > 0 ? Infinity : max;
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

  // Cover and walking times of every unit for one category, and its district and city times.
  private categoryAll(c: number): void {
    this.groupHist.fill(0);
    for (let u = 0; u < this.ctx.grid.unitCount; u++) this.unitCategory(u, c);
    this.categoryPercentiles(c);
  }

  // District and city rows from the unit figures and the categories' percentiles. The sums go
  // to typed arrays first: a new row's arrays hold small integers (0), and adding fractions into
  // them would change their kind, and deoptimise the code doing it, in every run. Each loop is
  // in a function of its own (compiled on its own while it runs).
  private groups(): void {
    const { result: res, kernels } = this.ctx;
    const C = this.ctx.categories.length;
    const G = this.groupCount;
    const sums = new GroupSums(G, C + 1);
    sums.addUnits(res, this.unitGroup);
    sums.addDistrictsToCity();
    const rows = [...this.groupCodes, 'city'].map((code, gi) => sums.row(code, gi, C));
    rows.forEach((row, gi) => {
      for (let c = 0; c < C; c++) {
        const k = kernels[c];
        if (!k.hasFacilities) continue;
        row.timeMedian[c] = minutesOrNull(k, this.groupPct[(c * G + gi) * 2]);
        row.timeP90[c] = minutesOrNull(k, this.groupPct[(c * G + gi) * 2 + 1]);
      }
    });
    res.districts = rows.slice(0, G - 1);
    res.city = rows[G - 1];
  }
}
