/**
 * The network placed on one coverage grid: the model (planar vertices, segment buckets), which
 * cells lie inside the network's extent, and the per-cell indexes (candidate segments, centre
 * times, witnesses, bucket ranges: cellIndexes.ts, built on first use, or one part per thread in
 * a parallel run: indexPart, placeIndexes). Built once per (graph, grid, trim) and shared by
 * NetworkCoverage and the network walk model's kernels.
 */
import { unitOfEntry, type UnitGrid } from '../unitGrid';
import type { FieldSet } from './coverField';
import { fieldAt } from './coverField';
import type { NetworkGraph } from './graph';
import { NetworkModel } from './networkModel';
import { buildCellIndexes, buildCellIndexPart, cellIndexRanges, type CellIndexes, type CellIndexPart, type CellIndexSizes, partSizes, segmentAdds, writeIndexPart } from './cellIndexes';
import type { CategoryReach } from './reachField';

/**
 * Quadtree depth of network coverage per 125 m cell: 4 (7.8 m leaves), 3 (15.6 m) in cells whose
 * units all have at least 1 km² of land inside the network's extent (with a trim of at least 100 m). Measured against GEOS
 * (scripts/network_check.py, README "Street network"): depth 3 on units ≥ 1 km² ≤ 0.050 pp,
 * depth 4 on every unit ≤ 0.112 pp (a 0.001 km² sliver), against the 0.5 pp limit.
 */
export const DEFAULT_NETWORK_DEPTH = 4;
export const COARSE_UNIT_AREA_M2 = 1e6;
/** the coarser depth only when its leaves are at most this share of the trim (so: trim ≥ 100 m at 125 m cells) */
export const COARSE_LEAF_PER_TRIM = 0.16;

const cache = new WeakMap<UnitGrid, Map<NetworkGraph, Map<number, NetworkGrid>>>();

export class NetworkGrid {
  readonly model: NetworkModel;
  readonly grid: UnitGrid;
  readonly trimM: number;
  /** 1 when the cell centre is inside the network's extent */
  readonly cellIn: Uint8Array;
  private readonly tmp: number[] = [];
  private readonly near: number[] = [];

  static for(graph: NetworkGraph, grid: UnitGrid, trimM: number): NetworkGrid {
    let byGraph = cache.get(grid);
    if (!byGraph) cache.set(grid, (byGraph = new Map()));
    let byTrim = byGraph.get(graph);
    if (!byTrim) byGraph.set(graph, (byTrim = new Map()));
    let ng = byTrim.get(trimM);
    if (!ng) byTrim.set(trimM, (ng = new NetworkGrid(graph, grid, trimM)));
    return ng;
  }

  constructor(graph: NetworkGraph, grid: UnitGrid, trimM: number) {
    this.grid = grid;
    this.trimM = trimM;
    this.model = new NetworkModel(graph, grid, trimM);
    const g = grid;
    this.cellIn = new Uint8Array(g.cellCount);
    for (let c = 0; c < g.cellCount; c++) this.cellIn[c] = this.model.inExtent(g.cellCx[c], g.cellCy[c]) ? 1 : 0;
    const { nx, ny } = this.model.frame;
    this.bucketStampT = new Int32Array(nx * ny);
    this.bucketStampC = new Int32Array(nx * ny);
    this.cellStampT = new Int32Array(g.cellCount);
    this.cellStampC = new Int32Array(g.cellCount);
    this.edgeStampT = new Int32Array(graph.edgeCount);
    this.edgeStampC = new Int32Array(graph.edgeCount);
    // touchedCells' lists at the most they can hold (memory is only taken where written), so
    // a city's first category does not grow them by doubling
    this.bucketListT = new Int32Array(nx * ny);
    this.bucketListC = new Int32Array(nx * ny);
    this.cellListT = new Int32Array(g.cellCount);
    this.cellListC = new Int32Array(g.cellCount);
    this.edgeListT = new Int32Array(graph.edgeCount);
    this.edgeListC = new Int32Array(graph.edgeCount);
  }

  private idx: CellIndexes | null = null;

  /** The per-cell indexes (cellIndexes.ts), built on first use. */
  indexes(): CellIndexes {
    if (!this.idx) this.idx = buildCellIndexes(this.model, this.grid, this.cellIn, this.trimM);
    return this.idx;
  }

  hasIndexes(): boolean {
    return this.idx !== null;
  }

  private ownPart: CellIndexPart | null = null;

  /**
   * Part i of n of the per-cell indexes (about as many cells in the extent each), built here and
   * kept until placeIndexes: threads share the build, one part each. Returns its sizes.
   */
  indexPart(i: number, n: number): CellIndexSizes {
    const b = cellIndexRanges(this.cellIn, n);
    const E = this.model.graph.edgeCount;
    const e = [Math.floor((E * i) / n), Math.floor((E * (i + 1)) / n)] as [number, number];
    this.ownPart = buildCellIndexPart(this.model, this.grid, this.cellIn, this.trimM, [b[i], b[i + 1]], e);
    return partSizes(this.ownPart);
  }

  /**
   * The whole indexes (allocCellIndexes, shared by the threads) become this grid's, with the
   * part built here (indexPart) written at its offset; the other threads write theirs.
   */
  placeIndexes(into: CellIndexes, offset: CellIndexSizes): void {
    if (!this.ownPart) throw new Error('placeIndexes: no part built here (indexPart first)');
    writeIndexPart(into, this.ownPart, offset);
    this.idx = into;
    this.ownPart = null;
  }

  private readonly bucketStampT: Int32Array;
  private readonly bucketStampC: Int32Array;
  private readonly cellStampT: Int32Array;
  private readonly cellStampC: Int32Array;
  private readonly edgeStampT: Int32Array;
  private readonly edgeStampC: Int32Array;
  private stampNow = 0;
  private bucketListT: Int32Array;
  private bucketListC: Int32Array;
  private cellListT: Int32Array;
  private cellListC: Int32Array;

  private edgeListT: Int32Array;
  private edgeListC: Int32Array;

  /** The buckets the edges' segments touch (each once) into bucketListT (which 0) or bucketListC (1); returns the count. */
  private edgeBuckets(edges: Int32Array, ne: number, stamp: Int32Array, st: number, which: 0 | 1): number {
    const { edgeBucketStart: start, edgeBucket: bk } = this.indexes();
    let list = which === 0 ? this.bucketListT : this.bucketListC;
    let nb = 0;
    for (let q = 0; q < ne; q++) {
      const e = edges[q];
      for (let i = start[e], i1 = start[e + 1]; i < i1; i++) {
        const b = bk[i];
        if (stamp[b] === st) continue;
        stamp[b] = st;
        if (nb === list.length) list = growI32(list);
        list[nb++] = b;
      }
    }
    if (which === 0) this.bucketListT = list;
    else this.bucketListC = list;
    return nb;
  }

  /** The cells whose candidate range holds one of the buckets (each once) into cellListT (which 0) or cellListC (1); returns the count. */
  private bucketCells(list: Int32Array, nb: number, stamp: Int32Array, st: number, which: 0 | 1): number {
    const g = this.grid;
    const nx = g.nx, ny = g.ny;
    let out = which === 0 ? this.cellListT : this.cellListC;
    let n = 0;
    const { cellBuckets: R, bucketDMin: d0, bucketDMax: d1, segStart } = this.indexes();
    const cellIn = this.cellIn, dense = g.denseToCell;
    for (let q = 0; q < nb; q++) {
      const b = list[q];
      const bj = Math.floor(b / nx), bi = b - bj * nx;
      const ci0 = bi - d1 < 0 ? 0 : bi - d1, ci1 = bi - d0 > nx - 1 ? nx - 1 : bi - d0;
      const cj0 = bj - d1 < 0 ? 0 : bj - d1, cj1 = bj - d0 > ny - 1 ? ny - 1 : bj - d0;
      for (let j = cj0; j <= cj1; j++) {
        for (let i = ci0; i <= ci1; i++) {
          const c = dense[j * nx + i];
          if (c < 0 || stamp[c] === st || cellIn[c] === 0) continue;
          const r = 4 * c;
          if (R[r] > bi || R[r + 1] < bi || R[r + 2] > bj || R[r + 3] < bj) continue;
          if (segStart[c + 1] === segStart[c]) continue;
          stamp[c] = st;
          if (n === out.length) out = growI32(out);
          out[n++] = c;
        }
      }
    }
    if (which === 0) this.cellListT = out;
    else this.cellListC = out;
    return n;
  }

  /**
   * The cells in the extent where the reach can give anything, without visiting the others:
   * `time`: cells with a candidate segment on an edge the Dijkstra reached (every other cell's
   * cellTime is Infinity); `cover`: cells with a candidate segment on an edge walked out of a
   * node within T − r or carrying a facility, and cells a facility disc may reach (every other
   * cell's fieldSet is null and wholeCovered false: nothing covered). Found from the reached
   * nodes' edges, their segments' buckets, and the cells whose bucket range holds such a bucket.
   * The arrays are scratch (valid until the next call), in no particular order.
   */
  touchedCells(reach: CategoryReach): { time: Int32Array; timeCount: number; cover: Int32Array; coverCount: number } {
    const G = this.model.graph, g = this.grid;
    const h = this.model.frame.cellSize;
    if (++this.stampNow === 0x7fffffff) {
      for (const a of [this.bucketStampT, this.bucketStampC, this.cellStampT, this.cellStampC, this.edgeStampT, this.edgeStampC]) a.fill(0);
      this.stampNow = 1;
    }
    const st = this.stampNow;
    const eT = this.edgeStampT, eC = this.edgeStampC;
    const lim = reach.budgetM - reach.trimM;
    const dist = reach.dist;
    const { adjStart, adjEdge } = G;
    // edges first (walked out of a reached node; cover: out of a node within T − r), then their buckets
    let edgesT = this.edgeListT, edgesC = this.edgeListC;
    let neT = 0, neC = 0;
    // every node in index order (sequential memory: faster than the settling order)
    for (let n = 0, N = G.nodeCount; n < N; n++) {
      const d = dist[n];
      if (d === Infinity) continue;
      const cover = d <= lim;
      for (let k = adjStart[n], k1 = adjStart[n + 1]; k < k1; k++) {
        const e = adjEdge[k];
        if (eT[e] !== st) {
          eT[e] = st;
          if (neT === edgesT.length) edgesT = this.edgeListT = growI32(edgesT);
          edgesT[neT++] = e;
        }
        if (cover && eC[e] !== st) {
          eC[e] = st;
          if (neC === edgesC.length) edgesC = this.edgeListC = growI32(edgesC);
          edgesC[neC++] = e;
        }
      }
    }
    for (const e of reach.edgeSources.keys()) {
      if (eT[e] !== st) {
        eT[e] = st;
        if (neT === edgesT.length) edgesT = this.edgeListT = growI32(edgesT);
        edgesT[neT++] = e;
      }
      if (eC[e] !== st) {
        eC[e] = st;
        if (neC === edgesC.length) edgesC = this.edgeListC = growI32(edgesC);
        edgesC[neC++] = e;
      }
    }
    const nbT = this.edgeBuckets(edgesT, neT, this.bucketStampT, st, 0);
    const nbC = this.edgeBuckets(edgesC, neC, this.bucketStampC, st, 1);
    const timeCount = this.bucketCells(this.bucketListT, nbT, this.cellStampT, st, 0);
    let coverCount = this.bucketCells(this.bucketListC, nbC, this.cellStampC, st, 1);
    // cells a facility disc may reach (the same test as fieldSet's)
    const ds = reach.discs;
    for (let i = 0; i < ds.length; i += 3) {
      const R = ds[i + 2] + h;
      const i0 = Math.max(0, Math.floor((ds[i] - R - g.gx0) / g.cellSize)), i1 = Math.min(g.nx - 1, Math.floor((ds[i] + R - g.gx0) / g.cellSize));
      const j0 = Math.max(0, Math.floor((ds[i + 1] - R - g.gy0) / g.cellSize)), j1 = Math.min(g.ny - 1, Math.floor((ds[i + 1] + R - g.gy0) / g.cellSize));
      for (let j = j0; j <= j1; j++) for (let ii = i0; ii <= i1; ii++) {
        const c = g.denseToCell[j * g.nx + ii];
        if (c < 0 || this.cellStampC[c] === st || !this.cellIn[c]) continue;
        if (Math.hypot(ds[i] - g.cellCx[c], ds[i + 1] - g.cellCy[c]) >= R) continue;
        this.cellStampC[c] = st;
        if (coverCount === this.cellListC.length) this.cellListC = growI32(this.cellListC);
        this.cellListC[coverCount++] = c;
      }
    }
    return { time: this.cellListT, timeCount, cover: this.cellListC, coverCount };
  }

  private depthCache = new Map<string, Uint8Array>();

  /**
   * Quadtree depth per cell: maxDepth, or maxDepth − 1 when every unit with land in the cell has
   * at least coarseArea m² of land inside the extent and the trim is large enough for the
   * coarser leaves (COARSE_LEAF_PER_TRIM) (kept per pair of values).
   */
  depths(maxDepth: number, coarseArea: number): Uint8Array {
    const key = `${maxDepth} ${coarseArea}`;
    const hit = this.depthCache.get(key);
    if (hit) return hit;
    const g = this.grid, cellIn = this.cellIn;
    const inside = new Float64Array(g.unitCount);
    for (let u = 0; u < g.unitCount; u++) {
      for (let e = g.unitEntryStart[u]; e < g.unitEntryStart[u + 1]; e++) if (cellIn[g.entryCell[e]]) inside[u] += g.entryWeight[e];
    }
    const depth = new Uint8Array(g.cellCount).fill(maxDepth);
    // one level less only where its leaves stay small next to the capsules' radius (the
    // tangent-line error grows with leaf size over radius): 15.6 m leaves need a trim ≥ 97.7 m
    if (coarseArea < Infinity && maxDepth >= 1 && g.cellSize / 2 ** (maxDepth - 1) <= COARSE_LEAF_PER_TRIM * this.trimM) {
      for (let c = 0; c < g.cellCount; c++) {
        let small = g.cellEntryStart[c + 1] === g.cellEntryStart[c];
        for (let k = g.cellEntryStart[c]; k < g.cellEntryStart[c + 1] && !small; k++) if (inside[unitOfEntry(g, g.cellEntries[k])] < coarseArea) small = true;
        if (!small) depth[c] = maxDepth - 1;
      }
    }
    this.depthCache.set(key, depth);
    return depth;
  }

  /** Capsules and discs of a reach that can touch the cell; slot = which scratch buffers to fill. */
  fieldSet(reach: CategoryReach, cell: number, slot = 0): FieldSet | null {
    const { segStart, seg } = this.indexes();
    const q0 = segStart[cell], q1 = segStart[cell + 1];
    let buf = this.shapeBuf[slot] ?? (this.shapeBuf[slot] = new Float64Array(5 * 256));
    let len = 0;
    const src = reach.srcEdge, vertEdge = this.model.vertEdge;
    for (let q = q0; q < q1; q++) {
      const k = seg[q];
      // at most two records on an edge without facilities; count first on the others
      const need = src[vertEdge[k]] === 1 ? reach.copyCapsules(k, null, 0) : 10;
      if (len + need > buf.length) buf = this.growShapes(slot, len, len + need);
      len += reach.copyCapsules(k, buf, len);
    }
    const ds = reach.discs;
    if (ds.length) {
      const cx = this.grid.cellCx[cell], cy = this.grid.cellCy[cell], h = this.grid.cellSize;
      for (let i = 0; i < ds.length; i += 3) {
        if (Math.hypot(ds[i] - cx, ds[i + 1] - cy) >= ds[i + 2] + h) continue;
        if (len + 5 > buf.length) buf = this.growShapes(slot, len, len + 5);
        buf[len] = ds[i]; buf[len + 1] = ds[i + 1]; buf[len + 2] = ds[i]; buf[len + 3] = ds[i + 1]; buf[len + 4] = ds[i + 2];
        len += 5;
      }
    }
    if (len === 0) return null;
    const n = len / 5;
    let ids = this.idBuf[slot];
    if (!ids || ids.length < n) {
      ids = this.idBuf[slot] = new Int32Array(Math.max(n, 256) * 2);
      for (let i = 0; i < ids.length; i++) ids[i] = i;
    }
    const fs = this.setBuf[slot] ?? (this.setBuf[slot] = { shapes: buf, ids, n });
    fs.shapes = buf;
    fs.ids = ids;
    fs.n = n;
    return fs;
  }

  private growShapes(slot: number, keep: number, need: number): Float64Array {
    const old = this.shapeBuf[slot];
    const next = new Float64Array(Math.max(need, 2 * old.length));
    next.set(old.subarray(0, keep));
    return (this.shapeBuf[slot] = next);
  }

  private setBuf: FieldSet[] = [];

  private shapeBuf: Float64Array[] = [];
  private idBuf: Int32Array[] = [];

  /**
   * Walking metres from the reach's facilities to the cell centre p: the least d(q) + |p − q|
   * over network points q within the trim of p (0 … cutoff, else Infinity). Per segment near
   * p the branch entering from U reaches the disc at t0 and the one from V at t1; what the walk
   * adds from each end is computed once per cell and kept per distinct end node (the least of
   * its segments: min(d + a1, d + a2) = d + min(a1, a2) in floating point too), so a category
   * costs one addition per node. A cell near an edge carrying one of the reach's facilities
   * takes the general per-branch minimum over its segments instead (exactSlow).
   */
  cellTime(reach: CategoryReach, cell: number): number {
    const t = this.indexes();
    const src = reach.srcEdge;
    for (let q = t.timeEdgeStart[cell], q1 = t.timeEdgeStart[cell + 1]; q < q1; q++) if (src[t.timeEdge[q]] === 1) return this.cellTimeSlow(reach, cell);
    const dist = reach.dist, node = t.timeNode, add = t.timeAdd;
    let best = Infinity;
    for (let q = t.timeStart[cell], q1 = t.timeStart[cell + 1]; q < q1; q++) {
      const d = dist[node[q]] + add[q];
      if (d < best) best = d;
    }
    return best <= reach.cutoffM ? best : Infinity;
  }

  /** cellTime segment by segment (cells near a facility's edge): the general per-branch minimum there. */
  private cellTimeSlow(reach: CategoryReach, cell: number): number {
    const G = this.model.graph;
    const dist = reach.dist, src = reach.srcEdge;
    const px = this.grid.cellCx[cell], py = this.grid.cellCy[cell];
    const { segStart, seg } = this.indexes();
    const adds = this.adds;
    let best = Infinity;
    for (let q = segStart[cell], q1 = segStart[cell + 1]; q < q1; q++) {
      const k = seg[q];
      if (!segmentAdds(this.model, this.trimM, k, px, py, adds)) continue;
      const e = this.model.vertEdge[k];
      let d: number;
      if (src[e] === 1) d = reach.placeDistance(k, px, py, this.tmp);
      else {
        const x = dist[G.edgeU[e]] + adds[0], y = dist[G.edgeV[e]] + adds[1];
        d = x < y ? x : y;
      }
      if (d < best) best = d;
    }
    return best <= reach.cutoffM ? best : Infinity;
  }

  /** scratch for segmentAdds: what the walk adds from the U and V ends */
  private readonly adds = new Float64Array(2);

  /** 1 when the cell is wholly covered by the reach's capsules of whole segments (certified), else 0. */
  wholeCovered(reach: CategoryReach, cell: number): boolean {
    const { witnessStart, witness } = this.indexes();
    const w0 = witnessStart[cell], w1 = witnessStart[cell + 1];
    if (w1 === w0) return false;
    for (let q = w0; q < w1; q++) if (!reach.segmentFull(witness[q])) return false;
    return true;
  }

  /** Value of the reach's cover field at a point (≥ 0: covered). */
  coverAt(reach: CategoryReach, x: number, y: number): number {
    const r = this.trimM;
    this.model.segmentsNear(x - r, y - r, x + r, y + r, this.near);
    const shapes: number[] = [];
    const rec = new Float64Array(5 * 64);
    for (const k of this.near) {
      const n = reach.copyCapsules(k, null, 0);
      const buf = n <= rec.length ? rec : new Float64Array(n);
      reach.copyCapsules(k, buf, 0);
      for (let o = 0; o < n; o++) shapes.push(buf[o]);
    }
    const ds = reach.discs;
    for (let i = 0; i < ds.length; i += 3) shapes.push(ds[i], ds[i + 1], ds[i], ds[i + 1], ds[i + 2]);
    const n = shapes.length / 5;
    if (n === 0) return -Infinity;
    return fieldAt([{ shapes, ids: Int32Array.from({ length: n }, (_, i) => i), n }], x, y);
  }

  /** Walking metres from the reach's facilities to a place (NaN outside the extent, Infinity unreached). */
  costAt(reach: CategoryReach, x: number, y: number): number {
    if (!this.model.inExtent(x, y)) return NaN;
    const r = this.trimM;
    const g = this.model.graph;
    this.model.segmentsNear(x - r, y - r, x + r, y + r, this.near);
    let best = Infinity;
    for (const k of this.near) {
      const e = this.model.vertEdge[k];
      if (reach.dist[g.edgeU[e]] === Infinity && reach.dist[g.edgeV[e]] === Infinity && !reach.edgeSources.has(e)) continue;
      const d = reach.placeDistance(k, x, y, this.tmp);
      if (d < best) best = d;
    }
    return best <= reach.cutoffM ? best : Infinity;
  }
}

function growI32(a: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(2 * a.length);
  next.set(a);
  return next;
}
