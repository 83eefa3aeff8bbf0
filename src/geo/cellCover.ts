/**
 * Per-slot cell figures (a slot is a category or the completeness of several): covered
 * fraction of every grid cell and unit piece, their certified errors, which demand points are
 * reached, and (categories) the walking cost from every cell centre. Kernels write through the
 * `CoverOut` methods; completeness is intersected here from the categories' discs.
 */
import { discFlatPolygonArea, discRectArea } from './discArea';
import { discUnionArea } from './discUnionArea';
import { exactCoverArea, type DiscSet, type ErrorSink } from './exactCover';
import { pieceRings, type UnitGrid } from './unitGrid';
import type { CategoryKernel, CoverOut } from './walkModel';

// completeness cells where several categories cross: two more levels (measured: bound 0.33 → 0.08 pp at 100k facilities, same time)
const COMPLETE_EXTRA_DEPTH = 2;

/** A slot's cell arrays (on a SharedArrayBuffer when the slot is shared with a helper thread). */
export interface SlotArrays {
  frac: Float32Array;
  pieceFrac: Float32Array;
  cost: Float32Array;
  pointCovered: Uint8Array;
  blockState: Int8Array;
}

/** A slot's sparse certified errors as typed arrays (what a helper thread hands back). */
export interface SlotErrors {
  cells: Int32Array;
  cellValues: Float64Array;
  pieces: Int32Array;
  pieceValues: Float64Array;
}

function f32(n: number, shared: boolean): Float32Array {
  return new Float32Array(shared ? new SharedArrayBuffer(4 * n) : new ArrayBuffer(4 * n));
}

// The one array behind a slot's frac and pieceFrac (pieceFrac follows frac in the same buffer).
function bothOf(frac: Float32Array, pieceFrac: Float32Array): Float32Array {
  if (pieceFrac.buffer !== frac.buffer || pieceFrac.byteOffset !== frac.byteOffset + frac.byteLength) throw new Error('slot arrays: pieceFrac must follow frac in one buffer');
  return new Float32Array(frac.buffer, frac.byteOffset, frac.length + pieceFrac.length);
}

export class SlotCover implements CoverOut {
  readonly frac: Float32Array;
  readonly pieceFrac: Float32Array;
  readonly cost: Float32Array;
  /** per block: 0 / 1 when every cell and piece of it is 0 / 1 (set whole by the kernel, or new
   * arrays), -1 otherwise */
  readonly blockState: Int8Array;
  /** certified error of the cell / piece fractions (as fractions), sparse */
  readonly cellErr = new Map<number, number>();
  readonly pieceErr = new Map<number, number>();
  /** demand points reached (1) or not (0) */
  readonly pointCovered: Uint8Array;
  /** the arrays live on SharedArrayBuffers: another thread on the same grid can fill them */
  readonly shared: boolean;
  /** frac then pieceFrac as one array (they share a buffer): indexed by UnitGrid.entryCover */
  readonly covered: Float32Array;

  /** New arrays (shared: on SharedArrayBuffers), or the given ones (another thread's shared slot). */
  constructor(private readonly g: UnitGrid, private readonly maxDepth: number, withCost: boolean, points: number, shared: boolean | SlotArrays = false) {
    if (typeof shared === 'object') {
      ({ frac: this.frac, pieceFrac: this.pieceFrac, cost: this.cost, pointCovered: this.pointCovered, blockState: this.blockState } = shared);
      this.shared = true;
      this.covered = bothOf(this.frac, this.pieceFrac);
      return;
    }
    this.shared = shared;
    // cells and pieces in one buffer: `covered` reads either through one index (UnitGrid.entryCover)
    const both = f32(g.cellCount + g.pieceCount, shared);
    this.frac = both.subarray(0, g.cellCount);
    this.pieceFrac = both.subarray(g.cellCount);
    this.covered = both;
    this.cost = f32(withCost ? g.cellCount : 0, shared);
    this.pointCovered = new Uint8Array(shared ? new SharedArrayBuffer(points) : new ArrayBuffer(points));
    // new arrays are 0
    this.blockState = new Int8Array(shared ? new SharedArrayBuffer(g.blockCount) : new ArrayBuffer(g.blockCount));
  }

  /** Same shape as a new one would have: reuse across runs (fewer GC pauses and page faults). */
  fits(g: UnitGrid, withCost: boolean, points: number, shared: boolean): boolean {
    return this.g === g && this.shared === shared && this.cost.length === (withCost ? g.cellCount : 0) && this.pointCovered.length === points;
  }

  /** Before a full fill: no errors (each block is cleared as its fill starts: startBlock). */
  reset(): void {
    this.cellErr.clear();
    this.pieceErr.clear();
  }

  /** Before block b is filled: its cells and pieces 0, not known whole. Only a block the last
   * fill did not leave wholly 0 is written (most are not: the kernels skip blocks no circle touches). */
  startBlock(b: number): void {
    if (this.blockState[b] !== 0) this.clearBlock(b);
    this.blockState[b] = -1;
  }

  // Every cell and piece of block b to 0 (pieces are numbered in cell order: one range).
  private clearBlock(b: number): void {
    const g = this.g;
    const c0 = g.blockStart[b], c1 = g.blockStart[b + 1];
    this.frac.fill(0, c0, c1);
    this.pieceFrac.fill(0, g.cellPieceStart[c0], g.cellPieceStart[c1]);
  }

  arrays(): SlotArrays {
    return { frac: this.frac, pieceFrac: this.pieceFrac, cost: this.cost, pointCovered: this.pointCovered, blockState: this.blockState };
  }

  errors(): SlotErrors {
    return {
      cells: Int32Array.from(this.cellErr.keys()), cellValues: Float64Array.from(this.cellErr.values()),
      pieces: Int32Array.from(this.pieceErr.keys()), pieceValues: Float64Array.from(this.pieceErr.values()),
    };
  }

  /** Completeness filled while the categories' errors are spread over threads: (cell, category)
   * pairs whose error is the category's at that cell, taken once all are in (takeBorrowed). */
  borrowed: number[] | null = null;

  /** The errors of the borrowed cells (pairs from this thread and others), from the categories' slots. */
  takeBorrowed(pairs: ArrayLike<number>, slots: readonly SlotCover[]): void {
    for (let k = 0; k < pairs.length; k += 2) {
      const e = slots[pairs[k + 1]].cellErr.get(pairs[k]);
      if (e !== undefined) this.cellErr.set(pairs[k], e);
    }
  }

  /** Add the errors of cells and pieces another thread wrote (its share of this slot). */
  mergeErrors(e: SlotErrors): void {
    e.cells.forEach((c, i) => this.cellErr.set(c, e.cellValues[i]));
    e.pieces.forEach((p, i) => this.pieceErr.set(p, e.pieceValues[i]));
  }

  /** Before an edit refills block b: startBlock, and forget its cells' (and pieces') errors. */
  beginBlock(b: number): void {
    const g = this.g;
    this.startBlock(b);
    for (let cell = g.blockStart[b]; cell < g.blockStart[b + 1]; cell++) this.clearErr(cell);
  }

  /** Forget a cell's error entries (and its pieces'): before an edit refills it. */
  clearErr(cell: number): void {
    const g = this.g;
    this.cellErr.delete(cell);
    for (let k = g.cellPieceStart[cell]; k < g.cellPieceStart[cell + 1]; k++) this.pieceErr.delete(g.cellPieces[k]);
  }

  private setAll(cell: number, v: number): void {
    const g = this.g;
    this.frac[cell] = v;
    for (let k = g.cellPieceStart[cell], k1 = g.cellPieceStart[cell + 1]; k < k1; k++) this.pieceFrac[g.cellPieces[k]] = v;
  }

  setBlock(b: number, v: 0 | 1): void {
    // a block is 0 when its fill starts (startBlock): only a covered one is written
    if (v === 1) {
      const g = this.g;
      const c0 = g.blockStart[b], c1 = g.blockStart[b + 1];
      this.frac.fill(1, c0, c1);
      // pieces are numbered in cell order (unitGrid): the block's pieces are one range
      this.pieceFrac.fill(1, g.cellPieceStart[c0], g.cellPieceStart[c1]);
    }
    this.blockState[b] = v;
  }

  setWhole(cell: number, v: 0 | 1): void {
    this.setAll(cell, v);
  }

  setNoData(cell: number): void {
    this.setAll(cell, NaN);
  }

  setMeasured(cell: number, frac: number, err: number): void {
    this.frac[cell] = frac;
    if (err > 0) this.cellErr.set(cell, err);
  }

  setPieceMeasured(piece: number, frac: number, err: number): void {
    this.pieceFrac[piece] = frac;
    if (err > 0) this.pieceErr.set(piece, err);
  }

  // Exactly one circle crosses the cell: closed forms for the cell and its pieces.
  setSingleDisc(cell: number, fx: number, fy: number, r: number): void {
    const g = this.g;
    const h = g.cellSize;
    const x0 = g.cellCx[cell] - h / 2, y0 = g.cellCy[cell] - h / 2;
    this.frac[cell] = Math.min(1, discRectArea(fx, fy, r, x0, y0, x0 + h, y0 + h) / (h * h));
    for (let k = g.cellPieceStart[cell]; k < g.cellPieceStart[cell + 1]; k++) {
      const p = g.cellPieces[k];
      const a = discFlatPolygonArea(fx, fy, r, g.pieceCoords, g.ringCoordStart, g.pieceRingStart[p], g.pieceRingStart[p + 1], x0, y0, x0 + h, y0 + h);
      this.pieceFrac[p] = Math.min(1, a / g.pieceArea[p]);
    }
  }

  // Exact covered fractions of a cell and of its unit pieces for a set of disc sets: one set (a
  // category) in closed form (discUnionArea), several (completeness) by subdivision with bounds.
  setExact(cell: number, sets: DiscSet[], depth = this.maxDepth): void {
    const g = this.g;
    const h = g.cellSize;
    const x0 = g.cellCx[cell] - h / 2, y0 = g.cellCy[cell] - h / 2;
    if (sets.length === 1) {
      const set = sets[0];
      this.frac[cell] = Math.min(1, discUnionArea(set, x0, y0, x0 + h, y0 + h) / (h * h));
      for (let k = g.cellPieceStart[cell]; k < g.cellPieceStart[cell + 1]; k++) {
        const p = g.cellPieces[k];
        const a = discUnionArea(set, x0, y0, x0 + h, y0 + h, g.pieceCoords, g.ringCoordStart, g.pieceRingStart[p], g.pieceRingStart[p + 1]);
        this.pieceFrac[p] = Math.min(1, a / g.pieceArea[p]);
      }
      return;
    }
    const sink: ErrorSink = { err: 0 };
    const a = exactCoverArea(x0, y0, x0 + h, y0 + h, null, sets, sink, 0, depth);
    this.frac[cell] = a / (h * h);
    if (sink.err > 0) this.cellErr.set(cell, sink.err / (h * h));
    for (let k = g.cellPieceStart[cell]; k < g.cellPieceStart[cell + 1]; k++) {
      const p = g.cellPieces[k];
      const ps: ErrorSink = { err: 0 };
      const pa = exactCoverArea(x0, y0, x0 + h, y0 + h, pieceRings(g, p), sets, ps, 0, depth);
      this.pieceFrac[p] = Math.min(1, pa / g.pieceArea[p]);
      if (ps.err > 0) this.pieceErr.set(p, ps.err / g.pieceArea[p]);
    }
  }

  /** Completeness of one cell: the area reaching every listed category (their slots already filled). */
  setComplete(cell: number, cats: readonly number[], slots: readonly SlotCover[], kernels: readonly CategoryKernel[]): void {
    const g = this.g;
    if (cats.length === 0) {
      this.setAll(cell, 0);
      return;
    }
    let zero = false;
    let partial = 0;
    let only = -1;
    for (const c of cats) {
      const f = slots[c].frac[cell];
      if (f !== f) { this.setAll(cell, NaN); return; } // a category without data there
      if (f === 0) { zero = true; break; }
      if (f < 1) { partial++; only = c; }
    }
    const hasPieces = g.cellPieceStart[cell + 1] > g.cellPieceStart[cell];
    // a category misses the whole cell: its pieces (subsets of the cell) miss it too
    if (zero) { this.setAll(cell, 0); return; }
    if (partial === 0) { this.setAll(cell, 1); return; }
    if (partial === 1 && !hasPieces) {
      this.frac[cell] = slots[only].frac[cell];
      if (this.borrowed) {
        // the category may have been filled by another thread: its error is taken later (takeBorrowed)
        this.borrowed.push(cell, only);
        return;
      }
      const e = slots[only].cellErr.get(cell);
      if (e !== undefined) this.cellErr.set(cell, e);
      return;
    }
    // several categories cross this cell (or it has pieces): exact over the sets that cross it
    const hd = g.cellSize * Math.SQRT1_2;
    const cx = g.cellCx[cell], cy = g.cellCy[cell];
    const sets: DiscSet[] = [];
    for (const c of cats) {
      if (slots[c].frac[cell] >= 1) continue;
      sets.push(kernels[c].discsNear(cx, cy, hd));
    }
    // the bounds of several categories at the depth limit are looser: split one level deeper
    this.setExact(cell, sets, sets.length > 1 ? this.maxDepth + COMPLETE_EXTRA_DEPTH : this.maxDepth);
  }
}
