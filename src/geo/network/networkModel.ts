/**
 * The network placed on the coverage engine's grid: planar vertex coordinates in the grid's
 * projection, a bucket index of polyline segments aligned with the grid cells (for linking
 * points to the nearest point on an edge and for the cells' candidate segments), and
 * facility linking (README "Street network").
 */
import type { UnitGrid } from '../unitGrid';
import type { NetworkGraph } from './graph';

/** The grid the network is placed on: its projection and cell frame (a UnitGrid is one). */
export type GridFrame = Pick<UnitGrid, 'projection' | 'cellSize' | 'gx0' | 'gy0' | 'nx' | 'ny'>;

/** A point linked to the network: the nearest point s on a walkable edge. */
export interface Link {
  edge: number;
  /** metres along the edge from its U end (geodesic offsets) */
  off: number;
  /** straight distance from the point to s, metres (the access leg) */
  access: number;
  /** s in the plane */
  x: number;
  y: number;
}

export class NetworkModel {
  readonly graph: NetworkGraph;
  readonly frame: GridFrame;
  /** planar coordinates of every polyline vertex */
  readonly vx: Float64Array;
  readonly vy: Float64Array;
  /** edge of each vertex (a segment k → k+1 exists when k+1 < edgeVertStart[edge+1]) */
  readonly vertEdge: Int32Array;
  /** bucket (row * nx + col) → segments (by first vertex) whose bbox touches it */
  readonly bucketStart: Int32Array;
  readonly bucketSeg: Int32Array;
  /** per-segment stamp for de-duplicating bucket queries */
  private readonly stamp: Int32Array;
  private stampNow = 0;
  /** planar extent of the network (file bounds) */
  readonly extentX0: number;
  readonly extentY0: number;
  readonly extentX1: number;
  readonly extentY1: number;

  /** extentMarginM grows the extent when the file declares none (centre lines: by the trim) */
  constructor(graph: NetworkGraph, frame: GridFrame, extentMarginM = 0) {
    this.graph = graph;
    this.frame = frame;
    const nv = graph.vertLng.length;
    this.vx = new Float64Array(nv);
    this.vy = new Float64Array(nv);
    frame.projection.forwardAll(graph.vertLng, graph.vertLat, this.vx, this.vy);
    const evs = graph.edgeVertStart;
    this.vertEdge = new Int32Array(nv);
    for (let e = 0; e < graph.edgeCount; e++) this.vertEdge.fill(e, evs[e], evs[e + 1]);
    // bucket index: every segment (k → k + 1 within an edge) in the buckets its bounding box
    // touches; counted, then filled (the same loop twice)
    const { nx, ny, gx0, gy0, cellSize: h } = frame;
    const nb = nx * ny;
    const count = new Int32Array(nb + 1);
    const vx = this.vx, vy = this.vy;
    let seg = new Int32Array(0);
    let fill = count;
    for (let pass = 0; pass < 2; pass++) {
      for (let e = 0; e < graph.edgeCount; e++) {
        for (let k = evs[e], k1 = evs[e + 1] - 1; k < k1; k++) {
          const ax = vx[k], bx = vx[k + 1], ay = vy[k], by = vy[k + 1];
          const i0 = Math.max(0, Math.floor(((ax < bx ? ax : bx) - gx0) / h)), i1 = Math.min(nx - 1, Math.floor(((ax < bx ? bx : ax) - gx0) / h));
          const j0 = Math.max(0, Math.floor(((ay < by ? ay : by) - gy0) / h)), j1 = Math.min(ny - 1, Math.floor(((ay < by ? by : ay) - gy0) / h));
          for (let j = j0; j <= j1; j++) {
            for (let i = i0; i <= i1; i++) {
              if (pass === 0) count[j * nx + i + 1]++;
              else seg[fill[j * nx + i]++] = k;
            }
          }
        }
      }
      if (pass === 0) {
        for (let b = 0; b < nb; b++) count[b + 1] += count[b];
        fill = count.slice(0, nb);
        seg = new Int32Array(count[nb]);
      }
    }
    this.bucketStart = count;
    this.bucketSeg = seg;
    this.stamp = new Int32Array(nv);
    const [a, b2] = frame.projection.forward(graph.extent[0], graph.extent[1]);
    const [c, d] = frame.projection.forward(graph.extent[2], graph.extent[3]);
    const [a2, d2] = frame.projection.forward(graph.extent[0], graph.extent[3]);
    const [c2, b3] = frame.projection.forward(graph.extent[2], graph.extent[1]);
    const m = graph.extentFromFile ? 0 : extentMarginM;
    this.extentX0 = Math.min(a, a2) - m;
    this.extentX1 = Math.max(c, c2) + m;
    this.extentY0 = Math.min(b2, b3) - m;
    this.extentY1 = Math.max(d, d2) + m;
  }

  /** true when the planar point lies inside the network's extent */
  inExtent(x: number, y: number): boolean {
    return x >= this.extentX0 && x <= this.extentX1 && y >= this.extentY0 && y <= this.extentY1;
  }

  /**
   * Segments whose bbox touches the square [x0, x1] × [y0, y1] (each once), appended to out.
   * Returns the count.
   */
  segmentsNear(x0: number, y0: number, x1: number, y1: number, out: number[]): number {
    const { nx, ny, gx0, gy0, cellSize: h } = this.frame;
    const i0 = Math.max(0, Math.floor((x0 - gx0) / h)), i1 = Math.min(nx - 1, Math.floor((x1 - gx0) / h));
    const j0 = Math.max(0, Math.floor((y0 - gy0) / h)), j1 = Math.min(ny - 1, Math.floor((y1 - gy0) / h));
    out.length = 0;
    if (i0 > i1 || j0 > j1) return 0;
    const s = ++this.stampNow;
    if (s === 0x7fffffff) {
      this.stamp.fill(0);
      this.stampNow = 1;
    }
    const st = this.stamp, bs = this.bucketStart, seg = this.bucketSeg;
    const now = this.stampNow;
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const b = j * nx + i;
        for (let q = bs[b], q1 = bs[b + 1]; q < q1; q++) {
          const k = seg[q];
          if (st[k] !== now) {
            st[k] = now;
            out.push(k);
          }
        }
      }
    }
    return out.length;
  }

  private readonly near: number[] = [];

  /** Nearest point on a walkable edge within maxDist (metres), or null. */
  link(x: number, y: number, maxDist: number): Link | null {
    const g = this.graph;
    this.segmentsNear(x - maxDist, y - maxDist, x + maxDist, y + maxDist, this.near);
    let best = maxDist * maxDist, bestK = -1, bestT = 0;
    for (const k of this.near) {
      const ax = this.vx[k], ay = this.vy[k];
      const dx = this.vx[k + 1] - ax, dy = this.vy[k + 1] - ay;
      const l2 = dx * dx + dy * dy;
      let t = l2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / l2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = ax + t * dx - x, ey = ay + t * dy - y;
      const d2 = ex * ex + ey * ey;
      if (d2 < best || (d2 === best && bestK >= 0 && k < bestK)) {
        best = d2;
        bestK = k;
        bestT = t;
      }
    }
    if (bestK < 0) return null;
    const e = this.vertEdge[bestK];
    const off = g.vertOff[bestK] + bestT * (g.vertOff[bestK + 1] - g.vertOff[bestK]);
    return {
      edge: e,
      off,
      access: Math.sqrt(best),
      x: this.vx[bestK] + bestT * (this.vx[bestK + 1] - this.vx[bestK]),
      y: this.vy[bestK] + bestT * (this.vy[bestK + 1] - this.vy[bestK]),
    };
  }
}
