/**
 * The network placed on one coverage grid: the model (planar vertices, segment buckets), which
 * cells lie inside the network's extent, and per cell the candidate segments (bbox within the
 * trim of the cell). Built once per (graph, grid, trim) and shared by NetworkCoverage and the
 * network walk model's kernels.
 */
import type { UnitGrid } from '../unitGrid';
import type { FieldSet } from './coverField';
import { fieldAt } from './coverField';
import type { NetworkGraph } from './graph';
import { NetworkModel } from './networkModel';
import type { CategoryReach } from './reachField';

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
    const { start, data } = reach.capsuleIndex();
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
      for (let q = this.cellSegStart[cell], q1 = this.cellSegStart[cell + 1]; q < q1; q++) {
        const k = this.cellSeg[q];
        const o0 = start[k], o1 = start[k + 1];
        if (pass === 1) for (let o = o0; o < o1; o++) buf[len + o - o0] = data[o];
        len += o1 - o0;
      }
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
    return { shapes: buf, ids, n };
  }

  private shapeBuf: Float64Array[] = [];
  private idBuf: Int32Array[] = [];

  cellTime(reach: CategoryReach, cell: number): number {
    const g = this.model.graph;
    const cx = this.grid.cellCx[cell], cy = this.grid.cellCy[cell];
    let best = Infinity;
    for (let q = this.cellSegStart[cell], q1 = this.cellSegStart[cell + 1]; q < q1; q++) {
      const k = this.cellSeg[q];
      const e = this.model.vertEdge[k];
      if (reach.dist[g.edgeU[e]] === Infinity && reach.dist[g.edgeV[e]] === Infinity && !reach.edgeSources.has(e)) continue;
      const d = reach.placeDistance(k, cx, cy, this.tmp);
      if (d < best) best = d;
    }
    return best <= reach.cutoffM ? best : Infinity;
  }


  /** Value of the reach's cover field at a point (≥ 0: covered). */
  coverAt(reach: CategoryReach, x: number, y: number): number {
    const r = this.trimM;
    const { start, data } = reach.capsuleIndex();
    this.model.segmentsNear(x - r, y - r, x + r, y + r, this.near);
    const shapes: number[] = [];
    for (const k of this.near) for (let o = start[k]; o < start[k + 1]; o++) shapes.push(data[o]);
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
