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
import type { NetworkModel } from './networkModel';

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
  keys = new Int32Array(1024).fill(-1);
  vals = new Float64Array(1024);
  /** the nodes stored, in insertion order */
  nodes = new Int32Array(512);
  size = 0;
  private mask = 1023;

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
      if (this.size === this.nodes.length) {
        const t = new Int32Array(2 * this.size);
        t.set(this.nodes);
        this.nodes = t;
      }
      this.nodes[this.size++] = n;
    }
    this.vals[h] = d;
  }
  private grow(): void {
    const old = this.nodes.subarray(0, this.size).slice();
    const dist = Array.from(old, (n) => this.get(n));
    const cap = 2 * this.keys.length;
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Float64Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < old.length; i++) {
      const h = this.slotOf(old[i]);
      this.keys[h] = old[i];
      this.vals[h] = dist[i];
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
let capBuf = new Float64Array(5 * 1024);

/**
 * Dijkstra from the ends of the place's edge (seeds: node, start cost, …), bounded at `cutoff`
 * (metres walked, access leg included); the distances are left in nodeDist.
 */
function boundedDijkstra(g: NetworkGraph, seeds: number[], cutoff: number): void {
  const { adjStart, adjTo, adjLen } = g;
  nodeDist.clear();
  heap.clear();
  for (let i = 0; i < seeds.length; i += 2) {
    const n = seeds[i], c = seeds[i + 1];
    if (c > cutoff || c >= nodeDist.get(n)) continue;
    nodeDist.set(n, c);
    heap.push(c, n);
  }
  while (heap.size > 0) {
    const d = heap.keys[0], n = heap.vals[0];
    heap.pop();
    if (d > nodeDist.get(n)) continue;
    for (let k = adjStart[n], k1 = adjStart[n + 1]; k < k1; k++) {
      const m = adjTo[k];
      const nd = d + adjLen[k];
      if (nd <= cutoff && nd < nodeDist.get(m)) {
        nodeDist.set(m, nd);
        heap.push(nd, m);
      }
    }
  }
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
  /** per budget: lattice window [i0, j0, i1, j1] outside which every point lies outside */
  win: Int32Array;
}

function isochroneField(model: NetworkModel, link: { edge: number; off: number; access: number; x: number; y: number }, budgets: number[], r: number, stepIn: number): Field {
  const g = model.graph;
  const nb = budgets.length;
  const lims = budgets.map((T) => T - r);
  const limMax = Math.max(...lims);
  const { edge: own, off: ownOff, access } = link;
  const dir0 = g.edgeDir[own];
  const seeds: number[] = [];
  if (dir0 !== 1) seeds.push(g.edgeU[own], access + ownOff);
  if (dir0 !== -1) seeds.push(g.edgeV[own], access + (g.edgeLen[own] - ownOff));
  nodeDist.clear();
  if (limMax >= 0) boundedDijkstra(g, seeds, limMax);

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
  // (at most three per segment: a front from each end and the place's own link; merged)
  const { vx, vy } = model;
  const { edgeVertStart, vertOff, edgeLen, edgeDir, edgeU, edgeV } = g;
  let caps = capBuf;
  let nc = 0;
  const bbox = new Float64Array(4 * nb);
  for (let b = 0; b < nb; b++) bbox.set([Infinity, Infinity, -Infinity, -Infinity], 4 * b);
  const br = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // up to 4 branches: start, cost, sign
  const iv = [0, 0, 0, 0, 0, 0, 0, 0];
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
        let ca = iv[0], cz = iv[1];
        for (let i = 1; i <= m; i++) {
          if (i < m && iv[2 * i] <= cz) { if (iv[2 * i + 1] > cz) cz = iv[2 * i + 1]; continue; }
          const ta = len > 0 ? (ca - o0) / len : 0, tz = len > 0 ? (cz - o0) / len : 0;
          if (nc + 5 > caps.length) {
            const t = new Float64Array(2 * caps.length);
            t.set(caps);
            caps = capBuf = t;
          }
          const px = ax + ta * dx, py = ay + ta * dy, qx = ax + tz * dx, qy = ay + tz * dy;
          caps[nc] = b; caps[nc + 1] = px; caps[nc + 2] = py; caps[nc + 3] = qx; caps[nc + 4] = qy;
          nc += 5;
          const f = 4 * b;
          bbox[f] = Math.min(bbox[f], px, qx); bbox[f + 1] = Math.min(bbox[f + 1], py, qy);
          bbox[f + 2] = Math.max(bbox[f + 2], px, qx); bbox[f + 3] = Math.max(bbox[f + 3], py, qy);
          if (i < m) { ca = iv[2 * i]; cz = iv[2 * i + 1]; }
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
  const win = new Int32Array(4 * nb);
  for (let b = 0; b < nb; b++) {
    if (bbox[4 * b] === Infinity) { win.set([0, 0, -1, -1], 4 * b); continue; }
    win[4 * b] = Math.max(0, Math.floor((bbox[4 * b] - r - step - x0) / step) - 1);
    win[4 * b + 1] = Math.max(0, Math.floor((bbox[4 * b + 1] - r - step - y0) / step) - 1);
    win[4 * b + 2] = Math.min(n - 1, Math.ceil((bbox[4 * b + 2] + r + step - x0) / step) + 1);
    win[4 * b + 3] = Math.min(n - 1, Math.ceil((bbox[4 * b + 3] + r + step - y0) / step) + 1);
  }
  splatCapsules(G, n, x0, y0, step, caps, nc, r);
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
        if (d * d < G[k]) G[k] = d * d;
      }
    }
  }
  return { G, n, x0, y0, step, win };
}

/** x-extent [spanLo, spanHi] where the horizontal line y meets the capsule of radius rho around P→Q (empty: lo > hi). */
let spanLo = 0, spanHi = 0;
function rowSpan(px: number, py: number, qx: number, qy: number, ux: number, uy: number, l: number, rho: number, y: number): void {
  let lo = Infinity, hi = -Infinity;
  let dy = y - py;
  if (dy * dy <= rho * rho) { const w = Math.sqrt(rho * rho - dy * dy); lo = px - w; hi = px + w; }
  dy = y - qy;
  if (dy * dy <= rho * rho) { const w = Math.sqrt(rho * rho - dy * dy); if (qx - w < lo) lo = qx - w; if (qx + w > hi) hi = qx + w; }
  if (l > 0) {
    // the rectangle: along = (x − px)·ux + ry·uy ∈ [0, l], perp = ry·ux − (x − px)·uy ∈ [−rho, rho]
    const ry = y - py;
    let xl = -Infinity, xh = Infinity, ok = true;
    if (Math.abs(ux) > 1e-12) {
      const a = (-ry * uy) / ux, b = (l - ry * uy) / ux;
      xl = Math.min(a, b); xh = Math.max(a, b);
    } else if (ry * uy < 0 || ry * uy > l) ok = false;
    if (ok && Math.abs(uy) > 1e-12) {
      const a = (ry * ux - rho) / uy, b = (ry * ux + rho) / uy;
      xl = Math.max(xl, Math.min(a, b)); xh = Math.min(xh, Math.max(a, b));
    } else if (ok && Math.abs(ry * ux) > rho) ok = false;
    if (ok && xl <= xh) { if (px + xl < lo) lo = px + xl; if (px + xh > hi) hi = px + xh; }
  }
  spanLo = lo;
  spanHi = hi;
}

/**
 * The squared distance to each budget's capsule axes on the lattice (a block per budget), where
 * it matters. A point more than one step inside (r − distance > step) only needs to be known to
 * be inside: the field r − distance is 1-Lipschitz, so none of its lattice neighbours is outside
 * and it never takes part in an interpolation. So (1) each capsule's core (radius r − step) is
 * filled with 0 row by row; (2) exact squared distances are computed only in the band between
 * the core and radius r + 1.5 step (an inside point's lattice neighbours lie within r + step),
 * at points no core has claimed.
 */
function splatCapsules(G: Float32Array, n: number, x0: number, y0: number, step: number, caps: Float64Array, nc: number, r: number): void {
  const R = r + 1.5 * step;
  const core = r - 1.01 * step;
  const nn = n * n;
  if (core > 0) {
    for (let c = 0; c < nc; c += 5) {
      const blk = caps[c] * nn, px = caps[c + 1], py = caps[c + 2], qx = caps[c + 3], qy = caps[c + 4];
      const l = Math.hypot(qx - px, qy - py), ux = l > 0 ? (qx - px) / l : 1, uy = l > 0 ? (qy - py) / l : 0;
      const j0 = Math.max(0, Math.ceil((Math.min(py, qy) - core - y0) / step)), j1 = Math.min(n - 1, Math.floor((Math.max(py, qy) + core - y0) / step));
      for (let j = j0; j <= j1; j++) {
        rowSpan(px, py, qx, qy, ux, uy, l, core, y0 + j * step);
        const i0 = Math.max(0, Math.ceil((spanLo - x0) / step)), i1 = Math.min(n - 1, Math.floor((spanHi - x0) / step));
        if (i0 <= i1) G.fill(0, blk + j * n + i0, blk + j * n + i1 + 1);
      }
    }
  }
  const core2 = core > 0 ? core * core : -1;
  for (let c = 0; c < nc; c += 5) {
    const blk = caps[c] * nn, px = caps[c + 1], py = caps[c + 2], qx = caps[c + 3], qy = caps[c + 4];
    const l = Math.hypot(qx - px, qy - py), ux = l > 0 ? (qx - px) / l : 1, uy = l > 0 ? (qy - py) / l : 0;
    const j0 = Math.max(0, Math.ceil((Math.min(py, qy) - R - y0) / step)), j1 = Math.min(n - 1, Math.floor((Math.max(py, qy) + R - y0) / step));
    for (let j = j0; j <= j1; j++) {
      const y = y0 + j * step;
      rowSpan(px, py, qx, qy, ux, uy, l, R, y);
      const o0 = Math.max(0, Math.ceil((spanLo - x0) / step)), o1 = Math.min(n - 1, Math.floor((spanHi - x0) / step));
      if (o0 > o1) continue;
      // the core's part of the row is skipped (filled with 0 above)
      let c0 = o1 + 1, c1 = o1;
      if (core > 0) {
        rowSpan(px, py, qx, qy, ux, uy, l, core, y);
        const a = Math.ceil((spanLo - x0) / step), b = Math.floor((spanHi - x0) / step);
        if (a <= b) { c0 = Math.max(a, o0); c1 = Math.min(b, o1); }
      }
      const ry = y - py;
      const row = blk + j * n;
      for (let i = o0; i <= o1; i++) {
        if (i === c0) { i = c1; continue; }
        const k = row + i;
        const cur = G[k];
        if (cur <= core2) continue;
        const rx = x0 + i * step - px;
        let t = rx * ux + ry * uy;
        t = t < 0 ? 0 : t > l ? l : t;
        const ex = rx - t * ux, ey = ry - t * uy;
        const d2 = ex * ex + ey * ey;
        if (d2 < cur) G[k] = d2;
      }
    }
  }
}

/**
 * The contour r − distance = 0 of budget b's block (inside: G ≤ r²) as closed rings: outer rings
 * counter-clockwise, holes clockwise, with their total signed area.
 */
function traceBudget(f: Field, b: number, r: number): { rings: number[][][]; area: number } {
  const { n, x0, y0, step } = f;
  const blk = b * n * n;
  const G = f.G;
  const i0 = f.win[4 * b], j0 = f.win[4 * b + 1], i1 = f.win[4 * b + 2], j1 = f.win[4 * b + 3];
  const rr = r * r;
  if (i1 <= i0 || j1 <= j0) return { rings: [], area: 0 };
  // segment endpoints keyed by lattice edge: horizontal (i,j)-(i+1,j) = 2*(j*n+i), vertical (i,j)-(i,j+1) = 2*(j*n+i)+1
  const need = 2 * n * n;
  if (nextBuf.length < need) { nextBuf = new Int32Array(need).fill(-1); usedBuf = new Uint8Array(need); }
  const next = nextBuf, used = usedBuf;
  const from: number[] = [];
  const value = (k: number) => r - Math.sqrt(G[blk + k]);
  const seg = (a: number, c: number) => { next[a] = c; from.push(a); };
  for (let j = j0; j < j1; j++) {
    let k = j * n + i0;
    let bl = G[blk + k] <= rr, tl = G[blk + k + n] <= rr;
    for (let i = i0; i < i1; i++, k++) {
      const br = G[blk + k + 1] <= rr, tr = G[blk + k + n + 1] <= rr;
      const c = (bl ? 1 : 0) | (br ? 2 : 0) | (tr ? 4 : 0) | (tl ? 8 : 0);
      bl = br; tl = tr;
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
