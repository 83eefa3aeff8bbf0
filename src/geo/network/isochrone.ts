/**
 * Residents' isochrones from one place over the network, with the same model as coverage
 * (README "Street network"): the resident walks the straight access leg to the nearest walkable
 * edge, then the network; a place is within B minutes when it lies within the trim r of a network
 * point q with t(q) + |p − q| / speed ≤ B. As in reachField.ts, with T = B × speed that area is
 *   capsules of radius r around the network points walked within T − r
 *   ∪ the disc of radius T − a at the link point when the access leg a is in (T − r, T].
 *
 * The work is kept to the few km the resident can walk (a city-scale graph has a million edges):
 * - one Dijkstra bounded at T_max − r, its distances in a small hash table: nothing of the
 *   graph's size is allocated, filled or reset, not even on the first call;
 * - every budget (5/10/15 min) from that one run: along a segment the walked distance is
 *   piecewise linear, so the part within T − r is at most three intervals per segment (capsule axes);
 * - one lattice (default 10 m, a block per budget) of squared distances to the capsule axes,
 *   computed only where the outline can pass: each capsule's core (radius r − step) is filled
 *   row by row, exact distances only in the band around radius r (see splatCapsules);
 * - the zero contour of r − distance per budget by marching squares (linear interpolation),
 *   over the window its capsules cover. The outline follows the exact area to a fraction of the
 *   lattice step; scripts/network_check.py (--isochrones) compares the polygons with a GEOS
 *   union of discs built from networkx distances.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { MinHeap } from './dijkstra';
import type { NetworkGraph } from './graph';
import type { Link, NetworkModel } from './networkModel';

export interface IsochroneOptions {
  trimM: number;
  accessM: number;
  /** lattice step, metres (default 10; raised when the area would need more than 1,500 × 1,500 points) */
  stepM?: number;
}

export interface IsochroneProps {
  minutes: number;
  speed_kmh: number;
  area_km2: number;
  model: string;
}

export type IsochroneResult =
  | { ok: true; collection: FeatureCollection<Polygon | MultiPolygon, IsochroneProps>; accessM: number; ms: number }
  | { ok: false; reason: 'not-linked'; nearestM: number | null };

/** the lattice never exceeds this many points a side (memory and time stay bounded) */
const MAX_SIDE = 1500;

/**
 * Walked distances of the nodes one isochrone touches, in an open-addressing hash table (node →
 * metres): a resident walks a few hundred nodes of a graph that may have half a million, so
 * nothing of the graph's size is allocated or reset, not even on the first call.
 */
class NodeDist {
  keys: Int32Array;
  vals: Float64Array;
  /** the nodes stored, in insertion order */
  nodes: Int32Array;
  size = 0;
  private mask: number;

  /** capacity: a power of two, at least twice the nodes expected */
  constructor(capacity = 1024) {
    this.keys = new Int32Array(capacity).fill(-1);
    this.vals = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity >> 1);
    this.mask = capacity - 1;
  }

  clear(): void {
    const { keys, nodes } = this;
    for (let i = 0; i < this.size; i++) keys[this.slotOf(nodes[i])] = -1;
    this.size = 0;
  }
  private slotOf(n: number): number {
    let h = Math.imul(n, 0x9e3779b1) & this.mask;
    while (this.keys[h] !== n && this.keys[h] !== -1) h = (h + 1) & this.mask;
    return h;
  }
  get(n: number): number {
    const h = this.slotOf(n);
    return this.keys[h] === n ? this.vals[h] : Infinity;
  }
  set(n: number, d: number): void {
    let h = this.slotOf(n);
    if (this.keys[h] !== n) {
      if (2 * (this.size + 1) > this.keys.length) {
        this.grow();
        h = this.slotOf(n);
      }
      this.keys[h] = n;
      this.nodes[this.size++] = n;
    }
    this.vals[h] = d;
  }
  private grow(): void {
    const { keys, vals } = this;
    const cap = 2 * keys.length;
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Float64Array(cap);
    const nodes = new Int32Array(cap >> 1);
    nodes.set(this.nodes.subarray(0, this.size));
    this.nodes = nodes;
    this.mask = cap - 1;
    for (let h = 0; h < keys.length; h++) {
      if (keys[h] === -1) continue;
      const k = this.slotOf(keys[h]);
      this.keys[k] = keys[h];
      this.vals[k] = vals[h];
    }
  }
}

// Scratch shared by every call (one isochrone at a time): grown, never shrunk.
const nodeDist = new NodeDist();
const heap = new MinHeap(1024);
let edgeBuf = new Int32Array(2048);
let fieldBuf = new Float32Array(0);
let nextBuf = new Int32Array(0);
let usedBuf = new Uint8Array(0);
let cellBuf = new Uint8Array(0);
/** capsule records: first budget, last budget, px, py, qx, qy */
const CAP = 6;
let capBuf = new Float64Array(CAP * 1024);

/** The Dijkstra seeds of a linked place: both ends of its edge (where walking allows) with their start costs (node, cost, …). */
function placeSeeds(g: NetworkGraph, link: Link): number[] {
  const { edge, off, access } = link;
  const dir = g.edgeDir[edge];
  const seeds: number[] = [];
  if (dir !== 1) seeds.push(g.edgeU[edge], access + off);
  if (dir !== -1) seeds.push(g.edgeV[edge], access + (g.edgeLen[edge] - off));
  return seeds;
}

/** Dijkstra from the seeds (node, start cost, …), bounded at `cutoff` metres walked; the distances are left in `dist`. */
function boundedDijkstra(g: NetworkGraph, seeds: number[], cutoff: number, dist: NodeDist): void {
  const { adjStart, adjTo, adjLen } = g;
  dist.clear();
  heap.clear();
  for (let i = 0; i < seeds.length; i += 2) {
    const n = seeds[i], c = seeds[i + 1];
    if (c > cutoff || c >= dist.get(n)) continue;
    dist.set(n, c);
    heap.push(c, n);
  }
  while (heap.size > 0) {
    const d = heap.keys[0], n = heap.vals[0];
    heap.pop();
    if (d > dist.get(n)) continue;
    for (let k = adjStart[n], k1 = adjStart[n + 1]; k < k1; k++) {
      const m = adjTo[k];
      const nd = d + adjLen[k];
      if (nd <= cutoff && nd < dist.get(m)) {
        dist.set(m, nd);
        heap.push(nd, m);
      }
    }
  }
}

/**
 * Walking distance from a linked place (access leg included) to the point at offset `off` of
 * edge `edge`, or Infinity beyond `cutoffM`: one bounded Dijkstra from the place's edge, then
 * along the edge the least of its two ends and of the place itself when it lies on that edge
 * (the model of README "Street network"). For the residents' reach list; the returned function
 * keeps its own table.
 */
export function placeDistances(model: NetworkModel, from: Link, cutoffM: number): (edge: number, off: number) => number {
  const g = model.graph;
  const dist = new NodeDist(1 << 14);
  boundedDijkstra(g, placeSeeds(g, from), cutoffM, dist);
  return (e, o) => {
    const dir = g.edgeDir[e];
    let best = Infinity;
    if (dir !== -1) best = Math.min(best, dist.get(g.edgeU[e]) + o);
    if (dir !== 1) best = Math.min(best, dist.get(g.edgeV[e]) + (g.edgeLen[e] - o));
    if (e === from.edge && (o > from.off ? dir !== -1 : o < from.off ? dir !== 1 : true)) best = Math.min(best, from.access + Math.abs(o - from.off));
    return best <= cutoffM ? best : Infinity;
  };
}

/** Isochrone polygons (largest minutes first, so smaller ones draw on top). */
export function networkIsochrones(model: NetworkModel, lng: number, lat: number, minutes: readonly number[], speedKmh: number, opts: IsochroneOptions): IsochroneResult {
  const t0 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const proj = model.frame.projection;
  const [x, y] = proj.forward(lng, lat);
  const link = model.link(x, y, opts.accessM);
  if (!link) {
    const far = model.link(x, y, opts.accessM * 10);
    return { ok: false, reason: 'not-linked', nearestM: far ? far.access : null };
  }
  const mpm = (speedKmh * 1000) / 60;
  const r = opts.trimM;
  const order = minutes.map((_, i) => i).sort((a, b) => minutes[b] - minutes[a]);
  const budgets = order.map((i) => minutes[i] * mpm);
  const field = isochroneField(model, link, budgets, r, opts.stepM ?? 10);
  const features: Feature<Polygon | MultiPolygon, IsochroneProps>[] = [];
  for (let b = 0; b < budgets.length; b++) {
    const { rings, area } = traceBudget(field, b, r);
    const polys = assemble(rings).map((poly) => poly.map((ring) => ring.map(([px, py]) => proj.inverse(px, py) as Position)));
    features.push({
      type: 'Feature',
      properties: { minutes: minutes[order[b]], speed_kmh: speedKmh, area_km2: Number((area / 1e6).toFixed(4)), model: `network trim=${opts.trimM}m access=${opts.accessM}m` },
      geometry: polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys },
    });
  }
  const ms = (typeof performance !== 'undefined' ? performance.now() : Date.now()) - t0;
  return { ok: true, collection: { type: 'FeatureCollection', features }, accessM: link.access, ms };
}

/** Squared distances to each budget's covered set (capsule axes; discs folded in), on one lattice. */
interface Field {
  /** nb consecutive n × n blocks; a value ≤ r² is inside */
  G: Float32Array;
  n: number;
  x0: number;
  y0: number;
  step: number;
  /** lattice indices (block included) of the points found inside outside any core: every cell the outline crosses has one as a corner */
  rim: Int32Array;
  rimCount: number;
}

function isochroneField(model: NetworkModel, link: Link, budgets: number[], r: number, stepIn: number): Field {
  const g = model.graph;
  const nb = budgets.length;
  const lims = budgets.map((T) => T - r);
  const limMax = Math.max(...lims);
  const { edge: own, off: ownOff, access } = link;
  nodeDist.clear();
  if (limMax >= 0) boundedDijkstra(g, placeSeeds(g, link), limMax, nodeDist);

  // the edges a front enters (walked out of a node within T_max − r) and the place's own edge, each once
  const nt = nodeDist.size, touched = nodeDist.nodes;
  let m = 0;
  for (let i = 0; i < nt; i++) m += g.adjStart[touched[i] + 1] - g.adjStart[touched[i]];
  if (edgeBuf.length < m + 1) edgeBuf = new Int32Array(2 * (m + 1));
  let ne = 0;
  if (access <= limMax) edgeBuf[ne++] = own;
  for (let i = 0; i < nt; i++) {
    const n = touched[i];
    for (let k = g.adjStart[n], k1 = g.adjStart[n + 1]; k < k1; k++) edgeBuf[ne++] = g.adjEdge[k];
  }
  const sorted = edgeBuf.subarray(0, ne).sort();
  let u = 0;
  for (let i = 0; i < ne; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[u++] = sorted[i];
  const edges = sorted.subarray(0, u);

  // every budget's capsule axes: the pieces of each reached segment walked within T − r
  // (at most three per segment: a front from each end and the place's own link; merged), as
  // [first budget, last budget, px, py, qx, qy]: a capsule serves a run of budgets
  const { vx, vy } = model;
  const { edgeVertStart, vertOff, edgeLen, edgeDir, edgeU, edgeV } = g;
  let caps = capBuf;
  let nc = 0;
  const bbox = new Float64Array(4 * nb);
  for (let b = 0; b < nb; b++) bbox.set([Infinity, Infinity, -Infinity, -Infinity], 4 * b);
  const br = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // up to 4 branches: start, cost, sign
  const iv = [0, 0, 0, 0, 0, 0, 0, 0], prevIv = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let q = 0; q < edges.length; q++) {
    const e = edges[q];
    const L = edgeLen[e], dir = edgeDir[e];
    const du = nodeDist.get(edgeU[e]), dv = nodeDist.get(edgeV[e]);
    for (let k = edgeVertStart[e], k1 = edgeVertStart[e + 1] - 1; k < k1; k++) {
      const o0 = vertOff[k], o1 = vertOff[k + 1];
      // the fronts entering the segment (as CategoryReach.branches)
      let right = dir !== -1 ? du + o0 : Infinity;
      let left = dir !== 1 ? dv + (L - o1) : Infinity;
      let nbr = 0;
      if (e === own) {
        if (ownOff <= o0) { if (dir !== -1) right = Math.min(right, access + (o0 - ownOff)); }
        else if (ownOff >= o1) { if (dir !== 1) left = Math.min(left, access + (ownOff - o1)); }
        else {
          if (dir !== -1) { br[0] = ownOff; br[1] = access; br[2] = 1; nbr = 1; }
          if (dir !== 1) { br[3 * nbr] = ownOff; br[3 * nbr + 1] = access; br[3 * nbr + 2] = -1; nbr++; }
        }
      }
      if (right <= limMax) { br[3 * nbr] = o0; br[3 * nbr + 1] = right; br[3 * nbr + 2] = 1; nbr++; }
      if (left <= limMax) { br[3 * nbr] = o1; br[3 * nbr + 1] = left; br[3 * nbr + 2] = -1; nbr++; }
      if (nbr === 0) continue;
      const ax = vx[k], ay = vy[k], dx = vx[k + 1] - ax, dy = vy[k + 1] - ay;
      const len = o1 - o0;
      let prevM = 0, prevFirst = nc;
      for (let b = 0; b < nb; b++) {
        const lim = lims[b];
        // the branches' intervals [a, z] (offsets), sorted by start, then merged
        let m = 0;
        for (let i = 0; i < nbr; i++) {
          const st = br[3 * i], c = br[3 * i + 1];
          if (c > lim) continue;
          const a = br[3 * i + 2] > 0 ? st : Math.max(o0, st - (lim - c));
          const z = br[3 * i + 2] > 0 ? Math.min(o1, st + (lim - c)) : st;
          let j = m++;
          while (j > 0 && iv[2 * (j - 1)] > a) { iv[2 * j] = iv[2 * j - 2]; iv[2 * j + 1] = iv[2 * j - 1]; j--; }
          iv[2 * j] = a; iv[2 * j + 1] = z;
        }
        if (m === 0) break; // budgets come largest first: a smaller one reaches no piece of the segment either
        // merge the sorted intervals in place
        let mm = 0;
        for (let i = 0; i < m; i++) {
          if (mm > 0 && iv[2 * i] <= iv[2 * mm - 1]) { if (iv[2 * i + 1] > iv[2 * mm - 1]) iv[2 * mm - 1] = iv[2 * i + 1]; continue; }
          iv[2 * mm] = iv[2 * i]; iv[2 * mm + 1] = iv[2 * i + 1]; mm++;
        }
        // the same pieces as the next larger budget (a segment walked whole in both): its capsules serve this budget too
        let same = b > 0 && mm === prevM;
        for (let i = 0; same && i < 2 * mm; i++) same = iv[i] === prevIv[i];
        if (same) {
          for (let c = prevFirst; c < nc; c += CAP) caps[c + 1] = b;
        } else {
          prevFirst = nc;
          for (let i = 0; i < mm; i++) {
            const ca = iv[2 * i], cz = iv[2 * i + 1];
            const ta = len > 0 ? (ca - o0) / len : 0, tz = len > 0 ? (cz - o0) / len : 0;
            if (nc + CAP > caps.length) {
              const t = new Float64Array(2 * caps.length);
              t.set(caps);
              caps = capBuf = t;
            }
            const px = ax + ta * dx, py = ay + ta * dy, qx = ax + tz * dx, qy = ay + tz * dy;
            caps[nc] = b; caps[nc + 1] = b; caps[nc + 2] = px; caps[nc + 3] = py; caps[nc + 4] = qx; caps[nc + 5] = qy;
            nc += CAP;
          }
          prevM = mm;
          for (let i = 0; i < 2 * mm; i++) prevIv[i] = iv[i];
        }
        const f = 4 * b;
        for (let c = prevFirst; c < nc; c += CAP) {
          bbox[f] = Math.min(bbox[f], caps[c + 2], caps[c + 4]); bbox[f + 1] = Math.min(bbox[f + 1], caps[c + 3], caps[c + 5]);
          bbox[f + 2] = Math.max(bbox[f + 2], caps[c + 2], caps[c + 4]); bbox[f + 3] = Math.max(bbox[f + 3], caps[c + 3], caps[c + 5]);
        }
      }
    }
  }
  // the place's own disc for budgets whose T − r is below the access leg
  for (let b = 0; b < nb; b++) {
    const rho = budgets[b] - access;
    if (access > lims[b] && rho >= 0) {
      const f = 4 * b;
      bbox[f] = Math.min(bbox[f], link.x); bbox[f + 1] = Math.min(bbox[f + 1], link.y);
      bbox[f + 2] = Math.max(bbox[f + 2], link.x); bbox[f + 3] = Math.max(bbox[f + 3], link.y);
    }
  }
  let bx0 = Infinity, by0 = Infinity, bx1 = -Infinity, by1 = -Infinity;
  for (let b = 0; b < nb; b++) {
    bx0 = Math.min(bx0, bbox[4 * b]); by0 = Math.min(by0, bbox[4 * b + 1]);
    bx1 = Math.max(bx1, bbox[4 * b + 2]); by1 = Math.max(by1, bbox[4 * b + 3]);
  }

  // the lattice: the capsules' extent grown by r and two steps
  let step = stepIn;
  if (bx0 === Infinity) { bx0 = bx1 = link.x; by0 = by1 = link.y; }
  const span = Math.max(bx1 - bx0, by1 - by0) + 2 * r;
  if (span / step + 5 > MAX_SIDE) step = span / (MAX_SIDE - 5);
  const pad = r + 2 * step;
  const x0 = Math.floor((bx0 - pad) / step) * step, y0 = Math.floor((by0 - pad) / step) * step;
  const n = Math.ceil(Math.max(bx1 + pad - x0, by1 + pad - y0) / step) + 1;
  const size = nb * n * n;
  if (fieldBuf.length < size) fieldBuf = new Float32Array(size);
  const G = fieldBuf;
  G.fill(Infinity, 0, size);
  let rimCount = splatCapsules(G, n, x0, y0, step, caps, nc, r);
  // discs: stored as the distance that gives the same r − distance (|p − s| + r − ρ)
  for (let b = 0; b < nb; b++) {
    const rho = budgets[b] - access;
    if (!(access > lims[b] && rho >= 0)) continue;
    const R = rho + 1.5 * step;
    const i0 = Math.max(0, Math.floor((link.x - R - x0) / step)), i1 = Math.min(n - 1, Math.ceil((link.x + R - x0) / step));
    const j0 = Math.max(0, Math.floor((link.y - R - y0) / step)), j1 = Math.min(n - 1, Math.ceil((link.y + R - y0) / step));
    const blk = b * n * n;
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const d = Math.hypot(x0 + i * step - link.x, y0 + j * step - link.y) + r - rho;
        const k = blk + j * n + i;
        if (d * d < G[k]) {
          if (G[k] > r * r && d <= r) rimCount = pushRim(k, rimCount);
          G[k] = d * d;
        }
      }
    }
  }
  return { G, n, x0, y0, step, rim: rimBuf, rimCount };
}

/**
 * Where the horizontal line y meets the capsules of radius R (outer) and c (core) around P→Q:
 * x-extents [outLo, outHi] and [coreLo, coreHi] (empty: lo > hi). Convex sets, so each is one
 * interval: the union of what the line cuts from the two end discs and the rectangle.
 */
let outLo = 0, outHi = 0, coreLo = 0, coreHi = 0;
function rowSpans(px: number, py: number, qx: number, qy: number, ux: number, uy: number, l: number, R: number, c: number, y: number): void {
  outLo = coreLo = Infinity;
  outHi = coreHi = -Infinity;
  const ry = y - py, sy = y - qy;
  if (ry * ry <= R * R) { const w = Math.sqrt(R * R - ry * ry); outLo = px - w; outHi = px + w; }
  if (sy * sy <= R * R) { const w = Math.sqrt(R * R - sy * sy); if (qx - w < outLo) outLo = qx - w; if (qx + w > outHi) outHi = qx + w; }
  if (c > 0) {
    if (ry * ry <= c * c) { const w = Math.sqrt(c * c - ry * ry); coreLo = px - w; coreHi = px + w; }
    if (sy * sy <= c * c) { const w = Math.sqrt(c * c - sy * sy); if (qx - w < coreLo) coreLo = qx - w; if (qx + w > coreHi) coreHi = qx + w; }
  }
  if (!(l > 0)) return;
  // the rectangle: along = (x − px)·ux + ry·uy ∈ [0, l], perp = ry·ux − (x − px)·uy ∈ [−rho, rho]
  let xl = -Infinity, xh = Infinity;
  if (Math.abs(ux) > 1e-12) {
    const a = (-ry * uy) / ux, b = (l - ry * uy) / ux;
    xl = Math.min(a, b); xh = Math.max(a, b);
  } else if (ry * uy < 0 || ry * uy > l) return;
  if (Math.abs(uy) > 1e-12) {
    const m = (ry * ux) / uy, w = Math.abs(1 / uy);
    const ol = Math.max(xl, m - R * w), oh = Math.min(xh, m + R * w);
    if (ol <= oh) { if (px + ol < outLo) outLo = px + ol; if (px + oh > outHi) outHi = px + oh; }
    const cl = Math.max(xl, m - c * w), ch = Math.min(xh, m + c * w);
    if (c > 0 && cl <= ch) { if (px + cl < coreLo) coreLo = px + cl; if (px + ch > coreHi) coreHi = px + ch; }
  } else {
    if (Math.abs(ry * ux) <= R) { if (px + xl < outLo) outLo = px + xl; if (px + xh > outHi) outHi = px + xh; }
    if (c > 0 && Math.abs(ry * ux) <= c) { if (px + xl < coreLo) coreLo = px + xl; if (px + xh > coreHi) coreHi = px + xh; }
  }
}

let rimBuf = new Int32Array(4096);
function pushRim(k: number, count: number): number {
  if (count === rimBuf.length) {
    const t = new Int32Array(2 * count);
    t.set(rimBuf);
    rimBuf = t;
  }
  rimBuf[count] = k;
  return count + 1;
}
/** per capsule row: lattice row start (block included), outer span i0, i1, core span i0, i1; and the rows of each capsule */
let rowBuf = new Int32Array(5 * 8192);
let capRowsBuf = new Int32Array(1024);

/**
 * The squared distance to each budget's capsule axes on the lattice (a block per budget), where
 * it matters. A point more than one step inside (r − distance > step) only needs to be known to
 * be inside: the field r − distance is 1-Lipschitz, so none of its lattice neighbours is outside
 * and it never takes part in an interpolation. So (1) each capsule's core (radius r − step) is
 * filled with 0 row by row; (2) exact squared distances are computed only between the core and
 * radius r + 1.5 step (an inside point's lattice neighbours lie within r + step), at points no
 * core has claimed. The points found inside there are listed (rim): the outline passes next to them.
 * Returns the rim's length.
 */
function splatCapsules(G: Float32Array, n: number, x0: number, y0: number, step: number, caps: Float64Array, nc: number, r: number): number {
  // an inside point's lattice neighbours lie within r + step of its capsule
  const R = r + 1.01 * step;
  const core = r - 1.01 * step;
  let nr = 0;
  if (capRowsBuf.length < nc / CAP) capRowsBuf = new Int32Array(2 * (nc / CAP));
  // (1) every capsule's rows: spans stored, cores filled (the hot loops live in small functions,
  // which the engine compiles after a few calls rather than after a long first run)
  for (let c = 0; c < nc; c += CAP) {
    const first = nr;
    nr = capsuleRows(G, n, x0, y0, step, caps, c, R, core, nr);
    capRowsBuf[c / CAP] = (nr - first) / 5;
  }
  // (2) the band, capsule by capsule (the rows were stored in capsule order)
  let rim = 0;
  for (let c = 0, q = 0; c < nc; c += CAP) {
    const q1 = q + 5 * capRowsBuf[c / CAP];
    rim = capsuleBand(G, n, x0, y0, step, caps, c, q, q1, core > 0 ? core * core : -1, r * r, rim);
    q = q1;
  }
  return rim;
}

/** Capsule c's rows: the outer and core spans of each (rowBuf from `nr`), the core filled with 0 in its budgets' blocks. Returns the new row count. */
function capsuleRows(G: Float32Array, n: number, x0: number, y0: number, step: number, caps: Float64Array, c: number, R: number, core: number, nr: number): number {
  const nn = n * n;
  const b0 = caps[c], b1 = caps[c + 1], px = caps[c + 2], py = caps[c + 3], qx = caps[c + 4], qy = caps[c + 5];
  const l = Math.hypot(qx - px, qy - py), ux = l > 0 ? (qx - px) / l : 1, uy = l > 0 ? (qy - py) / l : 0;
  const j0 = Math.max(0, Math.ceil((Math.min(py, qy) - R - y0) / step)), j1 = Math.min(n - 1, Math.floor((Math.max(py, qy) + R - y0) / step));
  let rows = rowBuf;
  if (nr + 5 * (j1 - j0 + 1) > rows.length) {
    const t = new Int32Array(2 * rows.length + 5 * (j1 - j0 + 1));
    t.set(rows.subarray(0, nr));
    rows = rowBuf = t;
  }
  for (let j = j0; j <= j1; j++) {
    rowSpans(px, py, qx, qy, ux, uy, l, R, core, y0 + j * step);
    const o0 = Math.max(0, Math.ceil((outLo - x0) / step)), o1 = Math.min(n - 1, Math.floor((outHi - x0) / step));
    if (o0 > o1) continue;
    let c0 = Math.max(o0, Math.ceil((coreLo - x0) / step)), c1 = Math.min(o1, Math.floor((coreHi - x0) / step));
    const row = j * n;
    if (c0 <= c1) for (let b = b0; b <= b1; b++) G.fill(0, b * nn + row + c0, b * nn + row + c1 + 1);
    else { c0 = o1 + 1; c1 = o1; } // no core on this row: the band loop skips nothing
    rows[nr] = row; rows[nr + 1] = o0; rows[nr + 2] = o1; rows[nr + 3] = c0; rows[nr + 4] = c1;
    nr += 5;
  }
  return nr;
}

/** Exact squared distances to capsule c at its rows' band points (rowBuf[q, q1)) no core claimed; returns the rim's new length. */
function capsuleBand(G: Float32Array, n: number, x0: number, y0: number, step: number, caps: Float64Array, c: number, q0: number, q1: number, core2: number, rr: number, rim: number): number {
  const nn = n * n;
  const rows = rowBuf;
  const b0 = caps[c], b1 = caps[c + 1], px = caps[c + 2], py = caps[c + 3], qx = caps[c + 4], qy = caps[c + 5];
  const l = Math.hypot(qx - px, qy - py), ux = l > 0 ? (qx - px) / l : 1, uy = l > 0 ? (qy - py) / l : 0;
  for (let q = q0; q < q1; q += 5) {
    const row = rows[q], o0 = rows[q + 1], o1 = rows[q + 2], c0 = rows[q + 3], c1 = rows[q + 4];
    const ry = y0 + (row / n) * step - py;
    for (let i = o0; i <= o1; i++) {
      if (i === c0) { i = c1; continue; }
      const rx = x0 + i * step - px;
      let d2 = -1;
      for (let b = b0, k = b0 * nn + row + i; b <= b1; b++, k += nn) {
        const cur = G[k];
        if (cur <= core2) continue;
        if (d2 < 0) {
          let t = rx * ux + ry * uy;
          t = t < 0 ? 0 : t > l ? l : t;
          const ex = rx - t * ux, ey = ry - t * uy;
          d2 = ex * ex + ey * ey;
        }
        if (d2 < cur) {
          if (d2 <= rr && cur > rr) rim = pushRim(k, rim);
          G[k] = d2;
        }
      }
    }
  }
  return rim;
}

/**
 * The contour r − distance = 0 of budget b's block (inside: G ≤ r²) as closed rings: outer rings
 * counter-clockwise, holes clockwise, with their total signed area.
 */
function traceBudget(f: Field, b: number, r: number): { rings: number[][][]; area: number } {
  const { n, x0, y0, step, G, rim, rimCount } = f;
  const nn = n * n;
  const blk = b * nn;
  const rr = r * r;
  // segment endpoints keyed by lattice edge: horizontal (i,j)-(i+1,j) = 2*(j*n+i), vertical (i,j)-(i,j+1) = 2*(j*n+i)+1
  const need = 2 * nn;
  if (nextBuf.length < need) { nextBuf = new Int32Array(need).fill(-1); usedBuf = new Uint8Array(need); }
  if (cellBuf.length < nn) cellBuf = new Uint8Array(nn);
  const next = nextBuf, used = usedBuf, cellDone = cellBuf;
  const from: number[] = [];
  const cells: number[] = [];
  const value = (k: number) => r - Math.sqrt(G[blk + k]);
  const seg = (a: number, c: number) => { next[a] = c; from.push(a); };
  // the cells around each rim point (every crossed cell has one as a corner), each once
  for (let q = 0; q < rimCount; q++) {
    const p = rim[q] - blk;
    if (p < 0 || p >= nn) continue;
    const pi = p % n, pj = (p - pi) / n;
    for (let j = Math.max(0, pj - 1); j <= Math.min(n - 2, pj); j++) {
      for (let i = Math.max(0, pi - 1); i <= Math.min(n - 2, pi); i++) {
        const k = j * n + i;
        if (cellDone[k]) continue;
        cellDone[k] = 1;
        cells.push(k);
        const c = (G[blk + k] <= rr ? 1 : 0) | (G[blk + k + 1] <= rr ? 2 : 0) | (G[blk + k + n + 1] <= rr ? 4 : 0) | (G[blk + k + n] <= rr ? 8 : 0);
        if (c === 0 || c === 15) continue;
        const B = 2 * k, T = 2 * (k + n), L = 2 * k + 1, R = 2 * (k + 1) + 1;
        // every segment has the inside on its right (reversed per ring below)
        switch (c) {
          case 1: seg(L, B); break;
          case 2: seg(B, R); break;
          case 3: seg(L, R); break;
          case 4: seg(R, T); break;
          case 5: { const mid = (value(k) + value(k + 1) + value(k + n + 1) + value(k + n)) / 4; if (mid >= 0) { seg(L, T); seg(R, B); } else { seg(L, B); seg(R, T); } break; }
          case 6: seg(B, T); break;
          case 7: seg(L, T); break;
          case 8: seg(T, L); break;
          case 9: seg(T, B); break;
          case 10: { const mid = (value(k) + value(k + 1) + value(k + n + 1) + value(k + n)) / 4; if (mid >= 0) { seg(B, L); seg(T, R); } else { seg(B, R); seg(T, L); } break; }
          case 11: seg(T, R); break;
          case 12: seg(R, L); break;
          case 13: seg(R, B); break;
          case 14: seg(B, L); break;
        }
      }
    }
  }
  for (const k of cells) cellDone[k] = 0;
  const edgePoint = (key: number): number[] => {
    const base = key >> 1, i = base % n, j = (base - i) / n;
    const a = value(base);
    if (key & 1) {
      const c = value(base + n);
      return [x0 + i * step, y0 + (j + a / (a - c)) * step];
    }
    const c = value(base + 1);
    return [x0 + (i + a / (a - c)) * step, y0 + j * step];
  };
  const rings: number[][][] = [];
  let area = 0;
  for (const start of from) {
    if (used[start]) continue;
    const ring: number[][] = [];
    let k = start;
    let guard = from.length + 1;
    while (!used[k] && guard-- > 0) {
      used[k] = 1;
      ring.push(edgePoint(k));
      const nk = next[k];
      if (nk < 0) break;
      k = nk;
    }
    if (ring.length < 3) continue;
    ring.push(ring[0]);
    // the case table leaves the inside on the right: reverse so outer rings run counter-clockwise
    ring.reverse();
    area += signedArea(ring);
    rings.push(ring);
  }
  for (const k of from) { next[k] = -1; used[k] = 0; }
  return { rings, area };
}

function signedArea(ring: number[][]): number {
  let s = 0;
  for (let q = 0; q < ring.length - 1; q++) s += ring[q][0] * ring[q + 1][1] - ring[q + 1][0] * ring[q][1];
  return s / 2;
}

function inside(ring: number[][], x: number, y: number): boolean {
  let c = false;
  for (let a = 0, b = ring.length - 2; a < ring.length - 1; b = a++) {
    const [xa, ya] = ring[a], [xb, yb] = ring[b];
    if ((ya > y) !== (yb > y) && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) c = !c;
  }
  return c;
}

/** Outer rings (counter-clockwise) with the holes (clockwise) inside them. */
function assemble(rings: number[][][]): number[][][][] {
  const withArea = rings.map((ring) => ({ ring, a: signedArea(ring) }));
  const outers = withArea.filter((r) => r.a > 0).sort((a, b) => a.a - b.a).map((r) => r.ring);
  const polys: number[][][][] = outers.map((o) => [o]);
  for (const h of withArea) {
    if (h.a >= 0) continue;
    const k = outers.findIndex((o) => inside(o, h.ring[0][0], h.ring[0][1]));
    if (k >= 0) polys[k].push(h.ring);
  }
  return polys;
}
