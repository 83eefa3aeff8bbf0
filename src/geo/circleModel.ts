/**
 * The straight-line walk model: a facility covers the disc of radius reach = speed × minutes ÷
 * detour (or the GB 50180-2018 radius in 'standard' mode) around it; walking time is the
 * straight-line distance × detour ÷ speed (src/domain/walk.ts).
 *
 * Kernel per block of cells: a 2-d tree over the category's facilities gives the few that can
 * be nearest to a cell of the block or whose circle can touch it. Each cell gets the exact
 * distance from its centre to the nearest facility (its cost, in metres) and its exactly
 * covered fraction: cells wholly inside or outside every circle are decided by a distance test,
 * cells an edge runs through get the closed-form area of circle ∩ cell (or ∩ the unit's piece
 * of the cell), and of the union of the circles where several cross (discUnionArea.ts).
 */
import { reachMetres, reachRadiusM, walkMinutes, type WalkParams } from '../domain/walk';
import type { DiscSet } from './exactCover';
import { PointIndex } from './pointIndex';
import type { UnitGrid } from './unitGrid';
import type { CategoryKernel, CoverOut, KernelInput, PlaceWalk, WalkModel } from './walkModel';

const SQRT1_2 = Math.SQRT1_2;
const EMPTY = new Float64Array(0);

class CircleKernel implements CategoryKernel {
  readonly reachM: number;
  private index = new PointIndex(EMPTY, EMPTY);
  private readonly ids: number[] = [];
  /** the crossing discs of one cell (ids), handed to setExact without copying; r starts as a
   * non-integer (NaN) because a 0 here would change the object's hidden class at the first real
   * radius and de-optimise fillBlock on the next run */
  private readonly disc: DiscSet = { xs: EMPTY, ys: EMPTY, r: Number.NaN, ids: this.ids };
  private readonly discs: DiscSet[] = [this.disc];
  private candX = new Float64Array(256);
  private candY = new Float64Array(256);
  private nearX = new Float64Array(256);
  private nearY = new Float64Array(256);

  /** the current block's distances (full precision) */
  private readonly dist: Float64Array;

  constructor(private readonly g: UnitGrid, private readonly params: WalkParams, reach: number) {
    this.reachM = reach;
    this.dist = new Float64Array(g.blockCells * g.blockCells);
  }

  get hasFacilities(): boolean {
    return this.index.count > 0;
  }

  setPoints(xs: Float64Array, ys: Float64Array): void {
    this.index = new PointIndex(xs, ys);
  }

  minutes(cost: number): number {
    return walkMinutes(cost, this.params);
  }

  covers(x: number, y: number): boolean {
    return this.index.any(x, y, this.reachM);
  }

  costAt(x: number, y: number): number {
    return this.index.nearestDistance(x, y);
  }

  discsNear(x: number, y: number, radius: number): DiscSet {
    const ids: number[] = [];
    this.index.collect(x, y, this.reachM + radius, ids);
    return { xs: this.index.xs, ys: this.index.ys, r: this.reachM, ids };
  }

  blockAffected(b: number, px: number, py: number, out: CoverOut): boolean {
    // the block can only change if the edited point is within its farthest nearest distance
    // (new or lost nearest facility) or within reach of one of its cells
    const g = this.g;
    const side = g.blockCells * g.cellSize;
    const bx0 = g.blockX0[b], by0 = g.blockY0[b];
    let maxNear = 0;
    for (let cell = g.blockStart[b], c1 = g.blockStart[b + 1]; cell < c1; cell++) if (out.cost[cell] > maxNear) maxNear = out.cost[cell];
    const lim = Math.max(maxNear, this.reachM + g.cellSize * SQRT1_2);
    const dx = px < bx0 ? bx0 - px : px > bx0 + side ? px - bx0 - side : 0;
    const dy = py < by0 ? by0 - py : py > by0 + side ? py - by0 - side : 0;
    return dx * dx + dy * dy <= lim * lim;
  }

  fillBlock(b: number, out: CoverOut): void {
    const g = this.g;
    const index = this.index;
    const h = g.cellSize;
    const side = g.blockCells * h;
    const hd = h * SQRT1_2;
    const bx0 = g.blockX0[b], by0 = g.blockY0[b];
    const bx1 = bx0 + side, by1 = by0 + side;
    const bcx = bx0 + side / 2, bcy = by0 + side / 2;
    const bd = side * SQRT1_2;
    const r = this.reachM;
    const r2 = r * r;
    const c0 = g.blockStart[b], c1 = g.blockStart[b + 1];
    const { cost, frac, pieceFrac } = out;
    const cps = g.cellPieceStart;
    const d0 = index.nearestDistance(bcx, bcy);
    if (d0 === Infinity) {
      cost.fill(Infinity, c0, c1);
      out.setBlock(b, 0);
      return;
    }
    // candidates: every facility that can be nearest to a point of the block, or whose circle can touch it
    const n = index.gather(bcx, bcy, Math.max(d0 + 2 * bd, r + bd));
    const cand = index.hits;
    const xs = index.xs, ys = index.ys;
    if (this.candX.length < n) {
      this.candX = new Float64Array(n * 2);
      this.candY = new Float64Array(n * 2);
      this.nearX = new Float64Array(n * 2);
      this.nearY = new Float64Array(n * 2);
    }
    const candX = this.candX, candY = this.candY, nearX = this.nearX, nearY = this.nearY;
    // nearest: no point of the block is farther than m from its nearest facility, where m is the
    // least farthest-corner distance; a facility more than m from the whole block is never nearest
    let m2 = Infinity;
    for (let k = 0; k < n; k++) {
      const fx = xs[cand[k]], fy = ys[cand[k]];
      const ex = Math.max(fx - bx0, bx1 - fx), ey = Math.max(fy - by0, by1 - fy);
      const e2 = ex * ex + ey * ey;
      if (e2 < m2) m2 = e2;
    }
    let nn = 0, nc = 0;
    let inside = false;
    for (let k = 0; k < n; k++) {
      const id = cand[k];
      const fx = xs[id], fy = ys[id];
      const qx = fx < bx0 ? bx0 - fx : fx > bx1 ? fx - bx1 : 0;
      const qy = fy < by0 ? by0 - fy : fy > by1 ? fy - by1 : 0;
      const q2 = qx * qx + qy * qy;
      if (q2 <= m2) { nearX[nn] = fx; nearY[nn] = fy; nn++; }
      if (q2 < r2) {
        // touches the block; keep for the cells an edge runs through (cand is rewritten in place)
        const ex = Math.max(fx - bx0, bx1 - fx), ey = Math.max(fy - by0, by1 - fy);
        if (ex * ex + ey * ey <= r2) inside = true;
        candX[nc] = fx; candY[nc] = fy; cand[nc] = id; nc++;
      }
    }
    if (nn > 1) nn = keepUndominated(nearX, nearY, nn, bx0, by0, bx1, by1);
    const cellCx = g.cellCx, cellCy = g.cellCy;
    // the block lies wholly inside one circle or no circle touches it: one value for all its cells and pieces
    if (inside || nc === 0) {
      nearestCosts(cellCx, cellCy, c0, c1, nearX, nearY, nn, cost, null);
      out.setBlock(b, inside ? 1 : 0);
      return;
    }
    const dist = this.dist;
    nearestCosts(cellCx, cellCy, c0, c1, nearX, nearY, nn, cost, dist);
    // else per cell: wholly inside the nearest circle, outside every circle, or an edge runs through it
    const rOut = r + hd;
    const rOut2 = rOut * rOut;
    const half = h / 2;
    const ids = this.ids;
    const disc = this.disc;
    disc.xs = xs;
    disc.ys = ys;
    disc.r = r;
    // most cells here lie outside every circle: the block reads 0 when its fill starts (CoverOut), only the others are written
    for (let cell = c0; cell < c1; cell++) {
      const d = dist[cell - c0];
      let v = -1;
      if (d - hd >= r) continue;
      if (d + hd <= r) v = 1;
      else {
        // which circles contain the cell, which cross it (crossing: count them, keep the first)
        const cx = cellCx[cell], cy = cellCy[cell];
        const x0 = cx - half, x1 = cx + half, y0 = cy - half, y1 = cy + half;
        let crossing = 0, first = -1;
        for (let k = 0; k < nc; k++) {
          const fx = candX[k], fy = candY[k];
          const dx = fx - cx, dy = fy - cy;
          if (dx * dx + dy * dy >= rOut2) continue;
          const ex = Math.max(fx - x0, x1 - fx), ey = Math.max(fy - y0, y1 - fy);
          if (ex * ex + ey * ey <= r2) { v = 1; break; }
          const qx = fx < x0 ? x0 - fx : fx > x1 ? fx - x1 : 0;
          const qy = fy < y0 ? y0 - fy : fy > y1 ? fy - y1 : 0;
          if (qx * qx + qy * qy < r2) { if (crossing++ === 0) first = k; }
        }
        if (v < 0) {
          if (crossing === 0) v = 0;
          else if (crossing === 1) { out.setSingleDisc(cell, candX[first], candY[first], r); continue; }
          else {
            // several: their ids (from the first crossing one on), for the exact union
            ids.length = 0;
            for (let k = first; k < nc; k++) {
              const fx = candX[k], fy = candY[k];
              const qx = fx < x0 ? x0 - fx : fx > x1 ? fx - x1 : 0;
              const qy = fy < y0 ? y0 - fy : fy > y1 ? fy - y1 : 0;
              if (qx * qx + qy * qy < r2) ids.push(cand[k]);
            }
            out.setExact(cell, this.discs); // the disc set is copied by exactCoverArea
            continue;
          }
        }
      }
      if (v === 0) continue;
      frac[cell] = v;
      for (let k = cps[cell], k1 = cps[cell + 1]; k < k1; k++) pieceFrac[k] = v;
    }
  }
}

// Distance from every cell centre c0 … c1-1 to the nearest of the given points: into cost
// (float32) and, when given, dist (full precision, from 0, for the cover tests). Four cells at a
// time, their distances before their stores (V8 checks the typed arrays again after a store).
function nearestCosts(cellCx: Float64Array, cellCy: Float64Array, c0: number, c1: number, px: Float64Array, py: Float64Array, n: number, cost: Float32Array, dist: Float64Array | null): void {
  let cell = c0;
  for (; cell + 3 < c1; cell += 4) {
    const ax = cellCx[cell], bx = cellCx[cell + 1], cx = cellCx[cell + 2], dx = cellCx[cell + 3];
    const ay = cellCy[cell], by = cellCy[cell + 1], cy = cellCy[cell + 2], dy = cellCy[cell + 3];
    let a2 = Infinity, b2 = Infinity, c2 = Infinity, d2 = Infinity;
    for (let k = 0; k < n; k++) {
      const fx = px[k], fy = py[k];
      const qa = sq(fx - ax, fy - ay), qb = sq(fx - bx, fy - by), qc = sq(fx - cx, fy - cy), qd = sq(fx - dx, fy - dy);
      if (qa < a2) a2 = qa;
      if (qb < b2) b2 = qb;
      if (qc < c2) c2 = qc;
      if (qd < d2) d2 = qd;
    }
    const a = Math.sqrt(a2), b = Math.sqrt(b2), c = Math.sqrt(c2), d = Math.sqrt(d2);
    cost[cell] = a;
    cost[cell + 1] = b;
    cost[cell + 2] = c;
    cost[cell + 3] = d;
    if (dist) {
      const i = cell - c0;
      dist[i] = a;
      dist[i + 1] = b;
      dist[i + 2] = c;
      dist[i + 3] = d;
    }
  }
  for (; cell < c1; cell++) {
    const x = cellCx[cell], y = cellCy[cell];
    let best = Infinity;
    for (let k = 0; k < n; k++) {
      const q = sq(px[k] - x, py[k] - y);
      if (q < best) best = q;
    }
    const d = Math.sqrt(best);
    if (dist) dist[cell - c0] = d;
    cost[cell] = d;
  }
}

function sq(dx: number, dy: number): number {
  return dx * dx + dy * dy;
}

let cornerD = new Float64Array(4 * 64);
let dropped = new Uint8Array(64);

// Drops the candidates that are nowhere nearest in the block [x0,x1]×[y0,y1]: those farther
// than another candidate from all four corners (where one point is closer than another is a
// half-plane, so that other is closer everywhere in the block). The nearest facility of every
// point of the block stays in the list, so distances are unchanged. Returns the new count.
function keepUndominated(xs: Float64Array, ys: Float64Array, n: number, x0: number, y0: number, x1: number, y1: number): number {
  if (cornerD.length < 4 * n) cornerD = new Float64Array(8 * n);
  const d = cornerD;
  for (let k = 0; k < n; k++) {
    const ax = xs[k] - x0, bx = xs[k] - x1, ay = ys[k] - y0, by = ys[k] - y1;
    d[4 * k] = ax * ax + ay * ay;
    d[4 * k + 1] = bx * bx + ay * ay;
    d[4 * k + 2] = ax * ax + by * by;
    d[4 * k + 3] = bx * bx + by * by;
  }
  if (dropped.length < n) dropped = new Uint8Array(2 * n);
  let any = false;
  for (let k = 0; k < n; k++) {
    const a = d[4 * k], b = d[4 * k + 1], c = d[4 * k + 2], e = d[4 * k + 3];
    let drop = 0;
    for (let j = 0; j < n; j++) {
      if (d[4 * j] < a && d[4 * j + 1] < b && d[4 * j + 2] < c && d[4 * j + 3] < e) { drop = 1; any = true; break; }
    }
    dropped[k] = drop;
  }
  if (!any) return n;
  let m = 0;
  for (let k = 0; k < n; k++) {
    if (dropped[k]) continue;
    xs[m] = xs[k];
    ys[m] = ys[k];
    m++;
  }
  return m;
}

/** Straight-line circles: the model of every figure until a street network is loaded. */
export const circleWalkModel: WalkModel = {
  id: 'circle',
  kernel: ({ grid, category, params }: KernelInput) => new CircleKernel(grid, params, reachMetres(category, params)),
  fromPlace: (_at, walk): PlaceWalk => ({
    minutesTo: (_lng, _lat, distanceM) => walkMinutes(distanceM, walk),
    radiusM: (minutes) => reachRadiusM(minutes, walk),
  }),
};
