/**
 * The walk model: where residents reach from facilities and how long they walk. One interface,
 * several implementations: straight-line circles today (src/geo/circleModel.ts), the street
 * network next (README "Street network"). The coverage engine, site suggestions,
 * trial sites (incremental edits), residents' reach and the reports use only this interface and
 * do not care which model is active.
 *
 * What a new implementation supplies
 * ----------------------------------
 * `id`: a short name recorded with every result (`CoverageResult.engine.walkModel`).
 *
 * `kernel(input)`: for ONE category on the engine's grid, a `CategoryKernel`. The engine calls
 *   `setPoints(xs, ys)` with that category's facilities (metric plane of `input.grid`; ids are
 *   positions in these arrays) before the first fill and again after every edit, then
 *   `fillBlock(b, out)` for every block b of the grid (after an edit: for the blocks where
 *   `blockAffected` says yes). A fill must, for every cell of the block
 *   (`grid.blockStart[b] … grid.blockStart[b+1]-1`) and every unit piece of those cells
 *   (`grid.cellPieces[grid.cellPieceStart[cell] …]`):
 *     - write `out.cost[cell]`: the walking cost from the cell centre to the nearest facility, in
 *       the kernel's own metre-like unit (percentiles use 10 m bins of it; `minutes(cost)` turns it
 *       into minutes). Infinity: nothing reachable; NaN: no data (outside the network's extent);
 *     - set the covered fraction of the cell and of each of its pieces through `out`:
 *       `out.setBlock(b, 0 | 1)` (the whole block at once), `out.setWhole(cell, 0 | 1)` (or 0 / 1 written into `frac` and `pieceFrac`), `out.setNoData(cell)`, `out.setSingleDisc(cell, x, y, r)` or
 *       `out.setExact(cell, [discSet])` (exact area of the union of discs, with a certified error
 *       bound), or `out.setMeasured(cell, f, err)` / `out.setPieceMeasured(piece, f, err)` when
 *       the kernel measures the fractions itself (the network model's capsules, coverField.ts). The covered area must be a union of discs (variable radii allowed: `DiscSet.rs`):
 *       the circle model uses one radius around each facility; the network model uses discs of
 *       radius min(trim, (budget − t(q)) × speed) around network points q.
 *   `discsNear(x, y, radius)`: the discs of the covered area that may reach within `radius` of
 *     (x, y) (completeness intersects several categories' discs inside one cell).
 *   `covers(x, y)`: whether the point is in the covered area (demand points, display of gaps);
 *     `costAt(x, y)` the same cost as a cell centre gets (siting; NaN: no data).
 *   `blockAffected(b, x, y, out)`: whether adding or removing a facility at (x, y) can change block b
 *     (cover or nearest cost). Called with the figures of the last fill (`out.cost`), before the new fill;
 *     a kernel keeps no per-run state of its own, so figures filled elsewhere (another thread) serve too.
 *   `reachM`: a straight-line bound: nothing farther than this from a facility is covered.
 *   `hasFacilities`: false when the category has no usable facility (times then read "none").
 *
 * `fromPlace(at, walk)`: walking from one place (residents): minutes to a point and a
 *   straight-line radius that surely contains everything reachable within given minutes.
 *
 * Cells or pieces marked no data carry NaN into unit, district and city figures: a unit with
 * any no-data cell has NaN covered area for that slot; district and city rows leave such
 * units out of `coveredM2` / `popCovered` and count them in `noDataM2` / `noDataPop`.
 */
import type { Category } from '../domain/types';
import type { WalkParams, WalkSpeed } from '../domain/walk';
import type { DiscSet } from './exactCover';
import type { UnitGrid } from './unitGrid';

export interface KernelInput {
  grid: UnitGrid;
  category: Category;
  params: WalkParams;
}

/** Where a kernel writes one category's per-cell figures (the engine's arrays; see cellCover.ts). */
export interface CoverOut {
  /** walking cost from each cell centre to the nearest facility (kernel units; Infinity none; NaN no data) */
  readonly cost: Float32Array;
  /** covered fraction of each cell and of each unit piece: a kernel may write 0 / 1 here directly
   * (a cell and all its pieces); every cell and piece of a block reads 0 when its fill starts (the
   * engine clears them, and the block's error entries, before filling it) */
  readonly frac: Float32Array;
  readonly pieceFrac: Float32Array;
  /** per block: 0 / 1 when the kernel set the whole block through setBlock, else -1 (the engine
   * sets -1 before a block is filled); lets the aggregation take such blocks whole */
  readonly blockState: Int8Array;
  /** block b wholly uncovered (0) or covered (1): every cell and piece of it */
  setBlock(b: number, v: 0 | 1): void;
  setWhole(cell: number, v: 0 | 1): void;
  setNoData(cell: number): void;
  setSingleDisc(cell: number, x: number, y: number, r: number): void;
  setExact(cell: number, sets: DiscSet[]): void;
  /** a fraction the kernel measured itself (network model: capsules), with its certified error */
  setMeasured(cell: number, frac: number, err: number): void;
  setPieceMeasured(piece: number, frac: number, err: number): void;
}

export interface CategoryKernel {
  readonly reachM: number;
  readonly hasFacilities: boolean;
  setPoints(xs: Float64Array, ys: Float64Array): void;
  fillBlock(b: number, out: CoverOut): void;
  /** `out`: this category's current figures (costs of the last fill) */
  blockAffected(b: number, x: number, y: number, out: CoverOut): boolean;
  discsNear(x: number, y: number, radius: number): DiscSet;
  covers(x: number, y: number): boolean;
  costAt(x: number, y: number): number;
  /** minutes for a cost */
  minutes(cost: number): number;
}

export interface PlaceWalk {
  /** minutes from the place to (lng, lat), `distanceM` being the straight geodesic distance; Infinity unreachable, NaN no data */
  minutesTo(lng: number, lat: number, distanceM: number): number;
  /** straight-line radius (m) that contains every point reachable within `minutes` */
  radiusM(minutes: number): number;
}

export interface WalkModel {
  readonly id: string;
  kernel(input: KernelInput): CategoryKernel;
  fromPlace(at: { lng: number; lat: number }, walk: WalkSpeed): PlaceWalk;
}
