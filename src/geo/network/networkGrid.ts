/**
 * The network placed on one coverage grid: the model (planar vertices, segment buckets), which
 * cells lie inside the network's extent, and per cell the candidate segments (bbox within the
 * trim of the cell). Built once per (graph, grid, trim) and shared by NetworkCoverage and the
 * network walk model's kernels.
 */
import { GrowableF64, GrowableI32 } from '../../io/growable';
import type { UnitGrid } from '../unitGrid';
import type { FieldSet } from './coverField';
import { fieldAt } from './coverField';
import type { NetworkGraph } from './graph';
import { NetworkModel } from './networkModel';
import type { CategoryReach } from './reachField';

export interface TimePairs {
  start: Int32Array;
  seg: Int32Array;
  edge: Int32Array;
  u: Int32Array;
  v: Int32Array;
  a: Float64Array;
  b: Float64Array;
}

/** quadtree depth of the witness search (125 m cells: 15.6 m squares) */
const WITNESS_DEPTH = 3;

const cache = new WeakMap<UnitGrid, Map<NetworkGraph, Map<number, NetworkGrid>>>();

export class NetworkGrid {
  readonly model: NetworkModel;
  readonly grid: UnitGrid;
  readonly trimM: number;
  /** 1 when the cell centre is inside the network's extent */
  readonly cellIn: Uint8Array;
  private readonly cellSegStart: Int32Array;
  private readonly cellSeg: Int32Array;
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
    // two passes (count, fill) into typed arrays: a city has millions of cell × segment pairs
    const start = new Int32Array(g.cellCount + 1);
    const near: number[] = [];
    const m = g.cellSize / 2 + trimM;
    for (let c = 0; c < g.cellCount; c++) {
      let n = 0;
      if (this.cellIn[c]) n = this.model.segmentsNear(g.cellCx[c] - m, g.cellCy[c] - m, g.cellCx[c] + m, g.cellCy[c] + m, near);
      start[c + 1] = start[c] + n;
    }
    const lists = new Int32Array(start[g.cellCount]);
    for (let c = 0; c < g.cellCount; c++) {
      if (start[c + 1] === start[c]) continue;
      this.model.segmentsNear(g.cellCx[c] - m, g.cellCy[c] - m, g.cellCx[c] + m, g.cellCy[c] + m, near);
      for (let i = 0; i < near.length; i++) lists[start[c] + i] = near[i];
    }
    this.cellSegStart = start;
    this.cellSeg = lists;
  }

  /** Capsules and discs of a reach that can touch the cell; slot = which scratch buffers to fill. */
  fieldSet(reach: CategoryReach, cell: number, slot = 0): FieldSet | null {
    const q0 = this.cellSegStart[cell], q1 = this.cellSegStart[cell + 1];
    if (reach.indexOnly && !this.discNear(reach, cell)) {
      // the shapes stay in the reach's index; the set lists which records (no copy)
      let n = 0;
      for (let q = q0; q < q1; q++) n += reach.recordIds(this.cellSeg[q], null, 0);
      if (n === 0) return null;
      let ids = this.refBuf[slot];
      if (!ids || ids.length < n) ids = this.refBuf[slot] = new Int32Array(Math.max(n, 256) * 2);
      n = 0;
      for (let q = q0; q < q1; q++) n += reach.recordIds(this.cellSeg[q], ids, n);
      const fs = this.setBuf[slot] ?? (this.setBuf[slot] = { shapes: ids as unknown as Float64Array, ids, n });
      fs.shapes = reach.capsuleIndex().data;
      fs.ids = ids;
      fs.n = n;
      return fs;
    }
    let buf = this.shapeBuf[slot] ?? (this.shapeBuf[slot] = new Float64Array(5 * 256));
    let len = 0;
    const ds = reach.discs;
    const cx = this.grid.cellCx[cell], cy = this.grid.cellCy[cell];
    for (let pass = 0; pass < 2; pass++) {
      // pass 0 counts, pass 1 copies (no closures, no growth inside the copy)
      if (pass === 1) {
        if (len === 0) return null;
        if (buf.length < len) buf = this.shapeBuf[slot] = new Float64Array(Math.max(len, 2 * buf.length));
        len = 0;
      }
      for (let q = q0; q < q1; q++) len += reach.copyCapsules(this.cellSeg[q], pass === 1 ? buf : null, len);
      if (ds.length) {
        const h = this.grid.cellSize;
        for (let i = 0; i < ds.length; i += 3) {
          if (Math.hypot(ds[i] - cx, ds[i + 1] - cy) >= ds[i + 2] + h) continue;
          if (pass === 1) {
            buf[len] = ds[i]; buf[len + 1] = ds[i + 1]; buf[len + 2] = ds[i]; buf[len + 3] = ds[i + 1]; buf[len + 4] = ds[i + 2];
          }
          len += 5;
        }
      }
    }
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

  private setBuf: FieldSet[] = [];
  private refBuf: Int32Array[] = [];

  /** whether one of the reach's facility discs may reach the cell */
  private discNear(reach: CategoryReach, cell: number): boolean {
    const ds = reach.discs;
    if (ds.length === 0) return false;
    const cx = this.grid.cellCx[cell], cy = this.grid.cellCy[cell], h = this.grid.cellSize;
    for (let i = 0; i < ds.length; i += 3) if (Math.hypot(ds[i] - cx, ds[i + 1] - cy) < ds[i + 2] + h) return true;
    return false;
  }

  private shapeBuf: Float64Array[] = [];
  private idBuf: Int32Array[] = [];

  /**
   * Walking metres from the reach's facilities to the cell centre p: the least d(q) + |p − q|
   * over network points q within the trim of p (0 … cutoff, else Infinity). Per segment near
   * p the branch entering from U reaches the disc at t0 and the one from V at t1 (timePairs);
   * segments of edges carrying a facility take the general per-branch minimum.
   */
  cellTime(reach: CategoryReach, cell: number): number {
    const tp = this.timePairs();
    const dist = reach.dist, src = reach.srcEdge;
    const { edge, u, v, a, b, seg } = tp;
    let best = Infinity;
    for (let q = tp.start[cell], q1 = tp.start[cell + 1]; q < q1; q++) {
      let d: number;
      if (src[edge[q]]) d = reach.placeDistance(seg[q], this.grid.cellCx[cell], this.grid.cellCy[cell], this.tmp);
      else {
        const x = dist[u[q]] + a[q], y = dist[v[q]] + b[q];
        d = x < y ? x : y;
      }
      if (d < best) best = d;
    }
    return best <= reach.cutoffM ? best : Infinity;
  }

  private pairs: TimePairs | null = null;

  /**
   * Per cell, the segments within the trim of its centre p with what the walk adds on them
   * (category-independent): a = (o0 − 0 … from U) + along to the disc entry t0 + |q(t0) − p|,
   * b = the same from V to t1 (Infinity where the edge's direction forbids that way).
   */
  timePairs(): TimePairs {
    if (this.pairs) return this.pairs;
    const g = this.grid, m = this.model, G = m.graph, r = this.trimM;
    const start = new Int32Array(g.cellCount + 1);
    const seg = new GrowableI32(1 << 16), edge = new GrowableI32(1 << 16), u = new GrowableI32(1 << 16), v = new GrowableI32(1 << 16);
    const A = new GrowableF64(1 << 16), B = new GrowableF64(1 << 16);
    for (let c = 0; c < g.cellCount; c++) {
      const px = g.cellCx[c], py = g.cellCy[c];
      for (let q = this.cellSegStart[c], q1 = this.cellSegStart[c + 1]; q < q1; q++) {
        const k = this.cellSeg[q];
        const ax = m.vx[k], ay = m.vy[k];
        const dx = m.vx[k + 1] - ax, dy = m.vy[k + 1] - ay;
        const l2 = dx * dx + dy * dy;
        let t0: number, t1: number;
        if (l2 === 0) {
          if ((ax - px) ** 2 + (ay - py) ** 2 > r * r) continue;
          t0 = 0; t1 = 1;
        } else {
          const fx = ax - px, fy = ay - py;
          const bq = (fx * dx + fy * dy) / l2;
          const cq = (fx * fx + fy * fy - r * r) / l2;
          const disc = bq * bq - cq;
          if (disc < 0) continue;
          const sq = Math.sqrt(disc);
          t0 = Math.max(0, -bq - sq);
          t1 = Math.min(1, -bq + sq);
          if (t0 > t1) continue;
        }
        const e = m.vertEdge[k];
        const o0 = G.vertOff[k], o1 = G.vertOff[k + 1], len = o1 - o0, L = G.edgeLen[e], dir = G.edgeDir[e];
        seg.push(k);
        edge.push(e);
        u.push(G.edgeU[e]);
        v.push(G.edgeV[e]);
        const ux = ax + t0 * dx - px, uy = ay + t0 * dy - py, wx = ax + t1 * dx - px, wy = ay + t1 * dy - py;
        A.push(dir !== -1 ? o0 + t0 * len + Math.sqrt(ux * ux + uy * uy) : Infinity);
        B.push(dir !== 1 ? L - o1 + (1 - t1) * len + Math.sqrt(wx * wx + wy * wy) : Infinity);
      }
      start[c + 1] = seg.length;
    }
    this.pairs = { start, seg: seg.toArray(), edge: edge.toArray(), u: u.toArray(), v: v.toArray(), a: A.toArray(), b: B.toArray() };
    return this.pairs;
  }

  private witness: { start: Int32Array; seg: Int32Array } | null = null;

  /**
   * Per cell, segments whose whole capsules (radius = trim) together cover the cell, found by
   * a Lipschitz quadtree on the geometry alone (category-independent); none when the cell has
   * a part farther than the trim from every segment. A cell whose witnesses all lie wholly
   * within T − r of a category's facilities is wholly covered (each leaf square lies inside
   * its witness's capsule).
   */
  witnesses(): { start: Int32Array; seg: Int32Array } {
    if (this.witness) return this.witness;
    const g = this.grid, m = this.model, r = this.trimM, h = g.cellSize;
    const start = new Int32Array(g.cellCount + 1);
    const out = new GrowableI32(1 << 16);
    const ids = new Int32Array(4096);
    const found: number[] = [];
    const rec = (x0: number, y0: number, s: number, from: number, n: number, depth: number): boolean => {
      const cx = x0 + s / 2, cy = y0 + s / 2, hd = (s * Math.SQRT2) / 2;
      let best = -Infinity, bestK = -1;
      let m2 = 0;
      for (let i = 0; i < n; i++) {
        const k = ids[from + i];
        const ax = m.vx[k], ay = m.vy[k], dx = m.vx[k + 1] - ax, dy = m.vy[k + 1] - ay;
        const l2 = dx * dx + dy * dy;
        let t = l2 > 0 ? ((cx - ax) * dx + (cy - ay) * dy) / l2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = cx - ax - t * dx, ey = cy - ay - t * dy;
        const val = r - Math.sqrt(ex * ex + ey * ey);
        if (val > best) { best = val; bestK = k; if (best >= hd) break; }
        // only shapes that may still certify a quarter (value ≥ 0 here) are kept: the search
        // may then miss a witness (the cell falls back to the quadtree), never invent one
        if (val >= 0 && from + n + m2 < ids.length) ids[from + n + m2++] = k;
      }
      if (best >= hd) {
        if (!found.includes(bestK)) found.push(bestK);
        return true;
      }
      if (depth >= WITNESS_DEPTH || m2 === 0 || from + n + m2 >= ids.length - 1) return false;
      const half = s / 2;
      return rec(x0, y0, half, from + n, m2, depth + 1) && rec(x0 + half, y0, half, from + n, m2, depth + 1) &&
        rec(x0, y0 + half, half, from + n, m2, depth + 1) && rec(x0 + half, y0 + half, half, from + n, m2, depth + 1);
    };
    for (let c = 0; c < g.cellCount; c++) {
      const q0 = this.cellSegStart[c], q1 = this.cellSegStart[c + 1];
      if (q1 > q0 && q1 - q0 < 1024) {
        for (let q = q0; q < q1; q++) ids[q - q0] = this.cellSeg[q];
        found.length = 0;
        if (rec(g.cellCx[c] - h / 2, g.cellCy[c] - h / 2, h, 0, q1 - q0, 0)) for (const k of found) out.push(k);
      }
      start[c + 1] = out.length;
    }
    this.witness = { start, seg: out.toArray() };
    return this.witness;
  }

  /** 1 when the cell is wholly covered by the reach's capsules of whole segments (certified), else 0. */
  wholeCovered(reach: CategoryReach, cell: number): boolean {
    const w = this.witnesses();
    const w0 = w.start[cell], w1 = w.start[cell + 1];
    if (w1 === w0) return false;
    const full = reach.capsuleIndex().full;
    for (let q = w0; q < w1; q++) if (!full[w.seg[q]]) return false;
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
