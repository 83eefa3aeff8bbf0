/**
 * The category-independent per-cell indexes of a network on a coverage grid, each a CSR over
 * the cells (entries of cell c: start[c] … start[c + 1] − 1): candidate segments, what the walk
 * adds from each end node to the cell centre, and witness segments; with them each cell's range
 * of segment buckets and each edge's buckets (which cells a category's reached edges can touch).
 * Built once per (graph, grid, trim) by NetworkGrid, whole or in parts (one per thread, put
 * together in shared memory: allocCellIndexes, writeIndexPart); every category's coverage reads them.
 */
import { GrowableF64, GrowableI32 } from '../../io/growable';
import type { UnitGrid } from '../unitGrid';
import type { NetworkModel } from './networkModel';
import { segmentInDisc } from './segmentDisc';
import { segmentNearRect } from './segmentRect';

/** quadtree depth of the witness search (125 m cells: 15.6 m squares) */
const WITNESS_DEPTH = 3;

/** scratch for segmentInDisc */
const SPAN = new Float64Array(2);

export interface CellIndexes {
  /** candidate segments of a cell: those within the trim of its square (candidateSegments) */
  segStart: Int32Array;
  seg: Int32Array;
  /** distinct end nodes of the segments within the trim of the centre, with the least the walk adds from each */
  timeStart: Int32Array;
  timeNode: Int32Array;
  timeAdd: Float64Array;
  /** distinct edges of those segments (to see whether a category has a facility on one) */
  timeEdgeStart: Int32Array;
  timeEdge: Int32Array;
  /** segments whose whole capsules (radius = trim) together cover the cell; none when it has a part farther than the trim from every segment */
  witnessStart: Int32Array;
  witness: Int32Array;
  /**
   * per cell in the extent, the range of segment buckets (the model's grid) its candidates come
   * from: i0, i1, j0, j1 at 4·cell (other cells: zeros); and the least and most offsets of any
   * such range from its cell's own column and row
   */
  cellBuckets: Int32Array;
  bucketDMin: number;
  bucketDMax: number;
  /** per edge, the buckets its segments' bounding boxes touch, each once (a CSR over the edges) */
  edgeBucketStart: Int32Array;
  edgeBucket: Int32Array;
}

/**
 * Whether segment k enters the trim disc around (px, py); if so, what the walk adds from its
 * edge's U end to where it enters (out[0]: along to t0, then straight to p) and from V (out[1]),
 * Infinity where the edge's direction forbids that way.
 */
export function segmentAdds(model: NetworkModel, trimM: number, k: number, px: number, py: number, out: Float64Array): boolean {
  const G = model.graph;
  const ax = model.vx[k], ay = model.vy[k];
  const dx = model.vx[k + 1] - ax, dy = model.vy[k + 1] - ay;
  if (!segmentInDisc(ax, ay, dx, dy, px, py, trimM, SPAN)) return false;
  const t0 = SPAN[0], t1 = SPAN[1];
  const e = model.vertEdge[k];
  const o0 = G.vertOff[k], o1 = G.vertOff[k + 1], len = o1 - o0, L = G.edgeLen[e], dir = G.edgeDir[e];
  const ux = ax + t0 * dx - px, uy = ay + t0 * dy - py, wx = ax + t1 * dx - px, wy = ay + t1 * dy - py;
  out[0] = dir !== -1 ? o0 + t0 * len + Math.sqrt(ux * ux + uy * uy) : Infinity;
  out[1] = dir !== 1 ? L - o1 + (1 - t1) * len + Math.sqrt(wx * wx + wy * wy) : Infinity;
  return true;
}

/** The indexes of every cell whose centre is inside the extent (cellIn); the others have no entries. */
export function buildCellIndexes(model: NetworkModel, grid: UnitGrid, cellIn: Uint8Array, trimM: number): CellIndexes {
  return buildCellIndexPart(model, grid, cellIn, trimM, [0, grid.cellCount], [0, model.graph.edgeCount]).idx;
}

/**
 * The indexes of the cells from … to − 1 and the edge buckets of the edges e0 … e1 − 1 (other
 * threads can build the rest: allocCellIndexes). Its start arrays cover every cell (edge): 0
 * before its range, the part's length after it.
 */
export interface CellIndexPart {
  from: number;
  to: number;
  e0: number;
  e1: number;
  idx: CellIndexes;
}

export function buildCellIndexPart(model: NetworkModel, grid: UnitGrid, cellIn: Uint8Array, trimM: number, cells: [number, number], edges: [number, number]): CellIndexPart {
  const [from, to] = cells, [e0, e1] = edges;
  const ranges = cellBucketRanges(model, grid, cellIn, trimM, from, to);
  const { segStart, seg } = candidateSegments(model, grid, cellIn, trimM, from, to, ranges.cellBuckets);
  const idx = {
    segStart, seg, ...centreTimes(model, grid, trimM, segStart, seg, from, to), ...witnessSegments(model, grid, trimM, segStart, seg, from, to),
    ...ranges, ...edgeBuckets(model, e0, e1),
  };
  return { from, to, e0, e1, idx };
}

/**
 * Cell ranges for `parts` builders with about as many cells inside the extent each (the cost
 * of a part is nearly proportional to them): part i covers cells bounds[i] … bounds[i + 1] − 1.
 */
export function cellIndexRanges(cellIn: Uint8Array, parts: number): number[] {
  let total = 0;
  for (let c = 0; c < cellIn.length; c++) total += cellIn[c];
  const bounds = [0];
  let seen = 0;
  for (let c = 0; c < cellIn.length && bounds.length < parts; c++) {
    seen += cellIn[c];
    if (seen >= (total * bounds.length) / parts) bounds.push(c + 1);
  }
  while (bounds.length <= parts) bounds.push(cellIn.length);
  bounds[parts] = cellIn.length;
  return bounds;
}

/** How many entries a part has in each of the indexes' data arrays (and its bucket offsets). */
export interface CellIndexSizes {
  seg: number;
  time: number;
  timeEdge: number;
  witness: number;
  edgeBucket: number;
  bucketDMin: number;
  bucketDMax: number;
}

export function partSizes(part: CellIndexPart): CellIndexSizes {
  const { idx } = part;
  return {
    seg: idx.seg.length, time: idx.timeNode.length, timeEdge: idx.timeEdge.length, witness: idx.witness.length,
    edgeBucket: idx.edgeBucket.length, bucketDMin: idx.bucketDMin, bucketDMax: idx.bucketDMax,
  };
}

/**
 * Room for the whole indexes of parts with these sizes (in cell order), on SharedArrayBuffers
 * when `shared` (threads that built one part each then write it in place: writeIndexPart),
 * and where each part's entries begin.
 */
export function allocCellIndexes(cellCount: number, edgeCount: number, sizes: readonly CellIndexSizes[], shared: boolean): { idx: CellIndexes; offsets: CellIndexSizes[] } {
  const offsets: CellIndexSizes[] = [];
  const total: CellIndexSizes = { seg: 0, time: 0, timeEdge: 0, witness: 0, edgeBucket: 0, bucketDMin: 0, bucketDMax: 0 };
  for (const s of sizes) {
    offsets.push({ ...total });
    total.seg += s.seg;
    total.time += s.time;
    total.timeEdge += s.timeEdge;
    total.witness += s.witness;
    total.edgeBucket += s.edgeBucket;
    total.bucketDMin = Math.min(total.bucketDMin, s.bucketDMin);
    total.bucketDMax = Math.max(total.bucketDMax, s.bucketDMax);
  }
  const buf = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const i32 = (n: number) => new Int32Array(buf(4 * n)), f64 = (n: number) => new Float64Array(buf(8 * n));
  const idx: CellIndexes = {
    segStart: i32(cellCount + 1), seg: i32(total.seg),
    timeStart: i32(cellCount + 1), timeNode: i32(total.time), timeAdd: f64(total.time),
    timeEdgeStart: i32(cellCount + 1), timeEdge: i32(total.timeEdge),
    witnessStart: i32(cellCount + 1), witness: i32(total.witness),
    cellBuckets: i32(4 * cellCount), bucketDMin: total.bucketDMin, bucketDMax: total.bucketDMax,
    edgeBucketStart: i32(edgeCount + 1), edgeBucket: i32(total.edgeBucket),
  };
  return { idx, offsets };
}

/** A part's entries into the whole indexes at its offsets (its cells' and edges' start values and its data; nothing else is touched). */
export function writeIndexPart(into: CellIndexes, part: CellIndexPart, offset: CellIndexSizes): void {
  const p = part.idx;
  const csr = (a: number, b: number, start: Int32Array, data: Int32Array | Float64Array, partStart: Int32Array, partData: Int32Array | Float64Array, off: number) => {
    for (let c = a; c < b; c++) start[c + 1] = partStart[c + 1] + off;
    data.set(partData, off);
  };
  const { from, to } = part;
  csr(from, to, into.segStart, into.seg, p.segStart, p.seg, offset.seg);
  csr(from, to, into.timeStart, into.timeNode, p.timeStart, p.timeNode, offset.time);
  into.timeAdd.set(p.timeAdd, offset.time);
  csr(from, to, into.timeEdgeStart, into.timeEdge, p.timeEdgeStart, p.timeEdge, offset.timeEdge);
  csr(from, to, into.witnessStart, into.witness, p.witnessStart, p.witness, offset.witness);
  into.cellBuckets.set(p.cellBuckets.subarray(4 * from, 4 * to), 4 * from);
  csr(part.e0, part.e1, into.edgeBucketStart, into.edgeBucket, p.edgeBucketStart, p.edgeBucket, offset.edgeBucket);
}

/**
 * Per cell in the extent, the segments within the trim of its square (segmentNearRect): what
 * reaches the cell is the segments' capsules of radius trim (reachField.ts copyCapsules) and, in
 * centreTimes and witnessSegments, segments within the trim of points of the square, so a
 * segment farther than the trim from the whole square adds nothing there. (Facility discs are
 * found apart, in NetworkGrid.fieldSet.) The bucket query gives the segments whose boxes come
 * within cellSize / 2 + trim of the centre on both axes; the exact test drops those that reach
 * only the corners of that search box (about a third of them).
 */
function candidateSegments(model: NetworkModel, g: UnitGrid, cellIn: Uint8Array, trimM: number, from: number, to: number, ranges: Int32Array): { segStart: Int32Array; seg: Int32Array } {
  const segStart = new Int32Array(g.cellCount + 1);
  // room for every segment the cells' bucket queries can return (at most about three times what
  // the exact test keeps; pages never written take no memory), so the list never grows by copying
  const nx = model.frame.nx, bs = model.bucketStart;
  let bound = 0;
  for (let c = from; c < to; c++) {
    if (!cellIn[c]) continue;
    const i0 = ranges[4 * c], i1 = ranges[4 * c + 1];
    if (i0 <= i1) for (let j = ranges[4 * c + 2], j1 = ranges[4 * c + 3]; j <= j1; j++) bound += bs[j * nx + i1 + 1] - bs[j * nx + i0];
  }
  const out = new GrowableI32(Math.max(1024, bound));
  const near: number[] = [];
  const vx = model.vx, vy = model.vy;
  const h2 = g.cellSize / 2, m = h2 + trimM;
  for (let c = from; c < to; c++) {
    if (cellIn[c]) {
      const cx = g.cellCx[c], cy = g.cellCy[c];
      const n = model.segmentsNear(cx - m, cy - m, cx + m, cy + m, near);
      for (let i = 0; i < n; i++) {
        const k = near[i];
        if (segmentNearRect(vx[k], vy[k], vx[k + 1], vy[k + 1], cx - h2, cy - h2, cx + h2, cy + h2, trimM)) out.push(k);
      }
    }
    segStart[c + 1] = out.length;
  }
  segStart.fill(out.length, to + 1);
  return { segStart, seg: out.view() };
}

function centreTimes(model: NetworkModel, g: UnitGrid, trimM: number, segStart: Int32Array, seg: Int32Array, from: number, to: number) {
  const G = model.graph;
  const timeStart = new Int32Array(g.cellCount + 1), timeEdgeStart = new Int32Array(g.cellCount + 1);
  const cap = Math.max(1 << 16, seg.length >> 1);
  const node = new GrowableI32(cap), add = new GrowableF64(cap), edge = new GrowableI32(cap);
  const vx = model.vx, vy = model.vy;
  const adds = new Float64Array(2);
  // a segment whose bounding box stays 1 m clear of the disc's cannot enter the disc
  const rb = trimM + 1;
  for (let c = from; c < to; c++) {
    const px = g.cellCx[c], py = g.cellCy[c];
    const n0 = node.length, e0 = edge.length;
    for (let q = segStart[c], q1 = segStart[c + 1]; q < q1; q++) {
      const k = seg[q];
      const ax = vx[k], bx = vx[k + 1], ay = vy[k], by = vy[k + 1];
      if ((ax < bx ? bx : ax) < px - rb || (ax < bx ? ax : bx) > px + rb || (ay < by ? by : ay) < py - rb || (ay < by ? ay : by) > py + rb) continue;
      if (!segmentAdds(model, trimM, k, px, py, adds)) continue;
      const e = model.vertEdge[k];
      const ed = edge.data;
      let i = e0;
      while (i < edge.length && ed[i] !== e) i++;
      if (i === edge.length) edge.push(e);
      for (let side = 0; side < 2; side++) {
        const a = adds[side];
        if (a === Infinity) continue;
        const v = side === 0 ? G.edgeU[e] : G.edgeV[e];
        const nd = node.data;
        let j = n0;
        while (j < node.length && nd[j] !== v) j++;
        if (j < node.length) { if (a < add.data[j]) add.data[j] = a; continue; }
        node.push(v);
        add.push(a);
      }
    }
    timeStart[c + 1] = node.length;
    timeEdgeStart[c + 1] = edge.length;
  }
  timeStart.fill(node.length, to + 1);
  timeEdgeStart.fill(edge.length, to + 1);
  return { timeStart, timeNode: node.view(), timeAdd: add.view(), timeEdgeStart, timeEdge: edge.view() };
}

/**
 * Witnesses by a Lipschitz quadtree on the geometry alone: a square is certified when one
 * segment's capsule (radius = trim) holds it (its distance at the centre plus the
 * half-diagonal is within the trim); otherwise its quarters are, down to WITNESS_DEPTH.
 */
function witnessSegments(model: NetworkModel, g: UnitGrid, r: number, segStart: Int32Array, seg: Int32Array, from: number, to: number) {
  const h = g.cellSize;
  const witnessStart = new Int32Array(g.cellCount + 1);
  const out = new GrowableI32(1 << 16);
  const ids = new Int32Array(4096);
  const found: number[] = [];
  const vx = model.vx, vy = model.vy;
  const rec = (x0: number, y0: number, s: number, at: number, n: number, depth: number): boolean => {
    const cx = x0 + s / 2, cy = y0 + s / 2, hd = (s * Math.SQRT2) / 2;
    let best = -Infinity, bestK = -1;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const k = ids[at + i];
      const ax = vx[k], ay = vy[k], dx = vx[k + 1] - ax, dy = vy[k + 1] - ay;
      const l2 = dx * dx + dy * dy;
      let t = l2 > 0 ? ((cx - ax) * dx + (cy - ay) * dy) / l2 : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = cx - ax - t * dx, ey = cy - ay - t * dy;
      const val = r - Math.sqrt(ex * ex + ey * ey);
      if (val > best) { best = val; bestK = k; if (best >= hd) break; }
      // only shapes that may still certify a quarter (value ≥ 0 here) are kept: the search
      // may then miss a witness (the cell falls back to the quadtree), never invent one
      if (val >= 0 && at + n + m2 < ids.length) ids[at + n + m2++] = k;
    }
    if (best >= hd) {
      if (!found.includes(bestK)) found.push(bestK);
      return true;
    }
    if (depth >= WITNESS_DEPTH || m2 === 0 || at + n + m2 >= ids.length - 1) return false;
    const half = s / 2;
    return rec(x0, y0, half, at + n, m2, depth + 1) && rec(x0 + half, y0, half, at + n, m2, depth + 1) &&
      rec(x0, y0 + half, half, at + n, m2, depth + 1) && rec(x0 + half, y0 + half, half, at + n, m2, depth + 1);
  };
  for (let c = from; c < to; c++) {
    const q0 = segStart[c], q1 = segStart[c + 1];
    if (q1 > q0 && q1 - q0 < 1024) {
      for (let q = q0; q < q1; q++) ids[q - q0] = seg[q];
      found.length = 0;
      if (rec(g.cellCx[c] - h / 2, g.cellCy[c] - h / 2, h, 0, q1 - q0, 0)) for (const k of found) out.push(k);
    }
    witnessStart[c + 1] = out.length;
  }
  witnessStart.fill(out.length, to + 1);
  return { witnessStart, witness: out.view() };
}

/**
 * Per cell in the extent (from … to − 1), the bucket range i0, i1, j0, j1 its candidate
 * segments come from (the buckets its square grown by the trim touches: segmentsNear's query),
 * and the least and most offsets of those ranges from the cell's own column and row.
 */
function cellBucketRanges(model: NetworkModel, g: UnitGrid, cellIn: Uint8Array, trimM: number, from: number, to: number) {
  const { nx, ny, gx0, gy0, cellSize: h } = model.frame;
  const m = g.cellSize / 2 + trimM;
  const q = new Int32Array(4 * g.cellCount);
  let dMin = 0, dMax = 0;
  for (let c = from; c < to; c++) {
    if (!cellIn[c]) continue;
    const i0 = Math.max(0, Math.floor((g.cellCx[c] - m - gx0) / h)), i1 = Math.min(nx - 1, Math.floor((g.cellCx[c] + m - gx0) / h));
    const j0 = Math.max(0, Math.floor((g.cellCy[c] - m - gy0) / h)), j1 = Math.min(ny - 1, Math.floor((g.cellCy[c] + m - gy0) / h));
    q[4 * c] = i0; q[4 * c + 1] = i1; q[4 * c + 2] = j0; q[4 * c + 3] = j1;
    const ci = g.cellCol[c], cj = g.cellRow[c];
    dMin = Math.min(dMin, i0 - ci, j0 - cj);
    dMax = Math.max(dMax, i1 - ci, j1 - cj);
  }
  return { cellBuckets: q, bucketDMin: dMin, bucketDMax: dMax };
}

/** Per edge e0 … e1 − 1, the buckets its segments' bounding boxes touch, each once. */
function edgeBuckets(model: NetworkModel, e0: number, e1: number) {
  const G = model.graph;
  const { nx, ny, gx0, gy0, cellSize: h } = model.frame;
  const vx = model.vx, vy = model.vy, evs = G.edgeVertStart;
  const start = new Int32Array(G.edgeCount + 1);
  const out = new GrowableI32(Math.max(1024, 2 * (e1 - e0)));
  for (let e = e0; e < e1; e++) {
    const n0 = out.length;
    for (let k = evs[e], k1 = evs[e + 1] - 1; k < k1; k++) {
      const ax = vx[k], bx = vx[k + 1], ay = vy[k], by = vy[k + 1];
      const i0 = Math.max(0, Math.floor((Math.min(ax, bx) - gx0) / h)), i1 = Math.min(nx - 1, Math.floor((Math.max(ax, bx) - gx0) / h));
      const j0 = Math.max(0, Math.floor((Math.min(ay, by) - gy0) / h)), j1 = Math.min(ny - 1, Math.floor((Math.max(ay, by) - gy0) / h));
      for (let j = j0; j <= j1; j++) {
        for (let i = i0; i <= i1; i++) {
          const b = j * nx + i;
          const d = out.data;
          let q = n0;
          while (q < out.length && d[q] !== b) q++;
          if (q === out.length) out.push(b);
        }
      }
    }
    start[e + 1] = out.length;
  }
  start.fill(out.length, e1 + 1);
  return { edgeBucketStart: start, edgeBucket: out.view() };
}
