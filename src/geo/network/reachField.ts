/**
 * One category's reach over the network, and the exact "covered" field it defines
 * (README "Street network").
 *
 * With T = budget × speed (metres) and trim r, a place p is covered when some network point q
 * with walked distance d(q) ≤ T has |p − q| ≤ min(r, T − d(q)). Along a path from a source,
 * d grows exactly as fast as the path length, and straight distance never exceeds path
 * length, so the disc of radius T − d(q) at any q beyond the point q* where T − d = r lies
 * inside the disc of radius r at q* (triangle inequality). The covered set is therefore
 *   capsules of radius r around the sub-network {q : d(q) ≤ T − r}
 *   ∪ discs of radius T − c_f at the link points of facilities whose start cost c_f is in (T − r, T],
 * and p is covered iff  cover(p) = max( r − dist(p, capsules), R_f − |p − s_f| ) ≥ 0.
 * cover is 1-Lipschitz, which lets the grid kernel certify whole squares from one value.
 * scripts/network_check.py checks this reduction against discs sampled along the reached
 * edges (shapely), not against itself.
 */
import type { NetworkModel, Link } from './networkModel';
import { dijkstraBuffers, type MinHeap, multiSourceDijkstra, repairDijkstra, resetBuffers, reverseCsr, type DijkstraBuffers, type Seed } from './dijkstra';

export interface LinkedFacility {
  /** position in the caller's facility list */
  index: number;
  /** a number unique to this link among the caller's links (incremental edits; default index) */
  uid?: number;
  link: Link;
}

// Scratch for building capsule indexes (one at a time): edge marks (left all 0), the edge
// list, and the records before they are copied out at their final size.
let scratchSeen = new Uint8Array(0);
let scratchEdges = new Int32Array(0);
let dataScratch = new Float64Array(1 << 16);
function edgeScratch(E: number): { seen: Uint8Array; edges: Int32Array } {
  if (scratchSeen.length < E) { scratchSeen = new Uint8Array(E); scratchEdges = new Int32Array(E); }
  return { seen: scratchSeen, edges: scratchEdges };
}

/** Node distances and the facilities sitting on edges, for one category. */
export class CategoryReach {
  readonly model: NetworkModel;
  /** metres walked (incl. the access leg) to every node; Infinity beyond the cutoff */
  dist: Float64Array;
  /** the source (link uid) each node's distance comes from, -1 unreached (null when shared) */
  nodeSource: Int32Array | null = null;
  /** edge → flat [off, cost, off, cost, …] of facilities linked on it */
  edgeSources = new Map<number, number[]>();
  /** 1 for the edges that carry a facility (the keys of edgeSources, for quick tests) */
  readonly srcEdge: Uint8Array;
  /** discs of facilities whose start cost exceeds T − r: x, y, radius */
  discs: number[] = [];
  readonly budgetM: number;
  readonly trimM: number;
  readonly cutoffM: number;
  sources: LinkedFacility[];

  /** `distances`: reuse the node distances of an earlier reach from the same sources (other budget, cutoff at least as large) */
  constructor(model: NetworkModel, sources: LinkedFacility[], budgetM: number, trimM: number, cutoffM: number, buf?: DijkstraBuffers, distances?: Float64Array) {
    this.model = model;
    this.sources = sources;
    this.budgetM = budgetM;
    this.trimM = trimM;
    this.cutoffM = Math.max(cutoffM, budgetM);
    const g = model.graph;
    this.srcEdge = new Uint8Array(g.edgeCount);
    for (const s of sources) this.addSource(s);
    if (distances) {
      this.dist = distances;
      return;
    }
    const b = buf ?? dijkstraBuffers(g);
    resetBuffers(b, !buf);
    multiSourceDijkstra(g, this.seeds(), this.cutoffM, b);
    this.dist = b.dist.slice();
    this.nodeSource = b.source.slice();
    this.reachedNodes = b.settled.slice(0, b.settledCount);
  }

  private addSource(s: LinkedFacility): void {
    const { edge, off, access } = s.link;
    let list = this.edgeSources.get(edge);
    if (!list) this.edgeSources.set(edge, (list = []));
    list.push(off, access);
    this.srcEdge[edge] = 1;
    const T = this.budgetM;
    if (access > T - this.trimM && access <= T) this.discs.push(s.link.x, s.link.y, T - access);
  }

  /** the Dijkstra seeds: both ends of each facility's edge (where walking allows) with their start costs */
  private seeds(): Seed[] {
    const g = this.model.graph;
    const seeds: Seed[] = [];
    for (const s of this.sources) {
      const { edge, off, access } = s.link;
      const dir = g.edgeDir[edge];
      const id = s.uid ?? s.index;
      if (dir !== 1) seeds.push({ node: g.edgeU[edge], cost: access + off, source: id });
      if (dir !== -1) seeds.push({ node: g.edgeV[edge], cost: access + (g.edgeLen[edge] - off), source: id });
    }
    return seeds;
  }

  /**
   * Replaces the sources (links compared by uid) and repairs the distances in place without a
   * full Dijkstra (repairDijkstra): only the region the leaving and arriving facilities reached
   * is walked again. Returns the edges whose walked distances or facilities may have changed;
   * the capsules of their segments are rebuilt.
   */
  updateSources(next: LinkedFacility[], heap: MinHeap): Int32Array {
    const g = this.model.graph;
    const id = (s: LinkedFacility) => s.uid ?? s.index;
    const nextIds = new Set(next.map(id));
    const prevIds = new Set(this.sources.map(id));
    const gone = new Set([...prevIds].filter((x) => !nextIds.has(x)));
    const touchedEdges = new Set<number>();
    for (const s of this.sources) if (gone.has(id(s))) touchedEdges.add(s.link.edge);
    for (const s of next) if (!prevIds.has(id(s))) touchedEdges.add(s.link.edge);
    this.sources = next;
    this.edgeSources = new Map();
    this.srcEdge.fill(0);
    this.discs = [];
    for (const s of next) this.addSource(s);
    if (!this.nodeSource) throw new Error('updateSources: this reach shares its distances');
    const changed = repairDijkstra(g, this.dist, this.nodeSource, (x) => gone.has(x), this.seeds(), this.cutoffM, heap);
    const { adjStart, adjEdge } = g;
    const { revStart, revEdge } = reverseCsr(g);
    const mark = this.edgeMark ?? (this.edgeMark = new Uint8Array(g.edgeCount));
    const edges: number[] = [];
    const add = (e: number) => { if (!mark[e]) { mark[e] = 1; edges.push(e); } };
    for (const e of touchedEdges) add(e);
    for (const n of changed) {
      for (let k = adjStart[n]; k < adjStart[n + 1]; k++) add(adjEdge[k]);
      for (let k = revStart[n]; k < revStart[n + 1]; k++) add(revEdge[k]);
    }
    for (const e of edges) mark[e] = 0;
    const out = Int32Array.from(edges);
    if (this.capIndex) this.patchCapsules(out);
    else this.reachedNodes = null; // the index, when built, scans every node
    return out;
  }

  private edgeMark: Uint8Array | null = null;

  /** The same sources with a smaller budget, without running Dijkstra again. */
  withBudget(budgetM: number): CategoryReach {
    return new CategoryReach(this.model, this.sources, budgetM, this.trimM, this.cutoffM, undefined, this.dist);
  }

  /**
   * The two one-way "fronts" entering segment k and the facilities on it, as
   * branches (s, c, sign): d(o) = c + (o − s)·sign for o on the branch's side of s.
   * Written into out as flat [s, c, sign, …]; returns the branch count.
   */
  branches(k: number, out: number[]): number {
    const g = this.model.graph;
    const e = this.model.vertEdge[k];
    const o0 = g.vertOff[k], o1 = g.vertOff[k + 1];
    const L = g.edgeLen[e];
    const dir = g.edgeDir[e];
    const du = this.dist[g.edgeU[e]], dv = this.dist[g.edgeV[e]];
    let right = dir !== -1 ? du + o0 : Infinity; // arriving at o0 moving towards V
    let left = dir !== 1 ? dv + (L - o1) : Infinity; // arriving at o1 moving towards U
    out.length = 0;
    const fs = this.srcEdge[e] ? this.edgeSources.get(e) : undefined;
    if (fs) {
      for (let i = 0; i < fs.length; i += 2) {
        const f = fs[i], c = fs[i + 1];
        if (f <= o0) { if (dir !== -1) right = Math.min(right, c + (o0 - f)); }
        else if (f >= o1) { if (dir !== 1) left = Math.min(left, c + (f - o1)); }
        else {
          if (dir !== -1) out.push(f, c, 1);
          if (dir !== 1) out.push(f, c, -1);
        }
      }
    }
    if (right < Infinity) out.push(o0, right, 1);
    if (left < Infinity) out.push(o1, left, -1);
    return out.length / 3;
  }

  /**
   * Capsule records of every reached segment, computed once per reach from the edges walked
   * out of nodes within T − r (and the edges carrying facilities), not from every edge:
   * segment k's records (x0, y0, x1, y1, r) are data[off[k] - 1] … (5 × cnt[k] floats; off 0:
   * none); full[k] = 1 when the segment lies wholly within T − r.
   */
  capsuleIndex(): { off: Int32Array; cnt: Uint8Array; data: Float64Array; full: Uint8Array } {
    if (!this.capIndex) {
      const g = this.model.graph;
      const nv = g.vertLng.length;
      const off = new Int32Array(nv), cnt = new Uint8Array(nv), full = new Uint8Array(nv);
      const { seen, edges } = edgeScratch(g.edgeCount);
      let ne = 0;
      const lim = this.budgetM - this.trimM;
      const dist = this.dist;
      for (const e of this.edgeSources.keys()) { seen[e] = 1; edges[ne++] = e; }
      const nodes = this.reachedNodes;
      const count = nodes ? nodes.length : g.nodeCount;
      for (let i = 0; i < count; i++) {
        const n = nodes ? nodes[i] : i;
        if (!(dist[n] <= lim)) continue;
        for (let k = g.adjStart[n]; k < g.adjStart[n + 1]; k++) {
          const e = g.adjEdge[k];
          if (!seen[e]) { seen[e] = 1; edges[ne++] = e; }
        }
      }
      let data = dataScratch;
      let len = 0;
      for (let i = 0; i < ne; i++) {
        const e = edges[i];
        seen[e] = 0;
        const src = this.srcEdge[e] === 1;
        for (let k = g.edgeVertStart[e], k1 = g.edgeVertStart[e + 1] - 1; k < k1; k++) {
          // an edge without facilities has at most two records per segment: written in place
          let n = src ? this.segmentRecords(k, e, null, 0, full) : 10;
          if (len + n > data.length) {
            const next = new Float64Array(Math.max(2 * data.length, len + n));
            next.set(data.subarray(0, len));
            data = dataScratch = next;
          }
          n = this.segmentRecords(k, e, data, len, full);
          if (n === 0) continue;
          if (n / 5 > 255) { this.capOver.set(k, data.slice(len, len + n)); continue; }
          off[k] = len + 1;
          cnt[k] = n / 5;
          len += n;
        }
      }
      this.capIndex = { off, cnt, data: data.slice(0, len), full };
      this.reachedNodes = null;
    }
    return this.capIndex;
  }

  /** nodes the Dijkstra reached (within the cutoff), for building the capsule index */
  private reachedNodes: Int32Array | null = null;
  private capIndex: { off: Int32Array; cnt: Uint8Array; data: Float64Array; full: Uint8Array } | null = null;

  /** segments whose capsules changed after the index was built (edits) */
  private capOver = new Map<number, Float64Array>();
  private readonly recTmp: number[] = [];
  private readonly recCaps: number[] = [];

  /**
   * The capsule records of segment k (edge e): written into out at `at` when out is given;
   * returns the number of floats; sets full[k] (1: the whole segment lies within T − r).
   */
  private segmentRecords(k: number, e: number, out: Float64Array | null, at: number, full: Uint8Array): number {
    const g = this.model.graph;
    const r = this.trimM;
    full[k] = 0;
    if (this.srcEdge[e] === 1) {
      const caps = this.recCaps;
      caps.length = 0;
      this.capsules(k, this.recTmp, caps, r);
      if (out) for (let i = 0; i < caps.length; i++) out[at + i] = caps[i];
      return caps.length;
    }
    // no facility on the edge: the two fronts entering the segment (the fast path of capsules())
    const lim = this.budgetM - this.trimM;
    const L = g.edgeLen[e], dir = g.edgeDir[e];
    const o0 = g.vertOff[k], o1 = g.vertOff[k + 1];
    const right = dir !== -1 ? this.dist[g.edgeU[e]] + o0 : Infinity;
    const left = dir !== 1 ? this.dist[g.edgeV[e]] + (L - o1) : Infinity;
    let n = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0;
    if (right <= lim) { a1 = o0; b1 = Math.min(o1, o0 + (lim - right)); n = 1; }
    if (left <= lim) {
      const a = Math.max(o0, o1 - (lim - left));
      if (n === 1 && a <= b1) b1 = o1;
      else if (n === 1) { a2 = a; b2 = o1; n = 2; }
      else { a1 = a; b1 = o1; n = 1; }
    }
    if (n === 1 && a1 === o0 && b1 === o1) full[k] = 1;
    if (out) {
      const vx = this.model.vx, vy = this.model.vy;
      const sl = o1 - o0;
      const ax = vx[k], ay = vy[k], dx = vx[k + 1] - ax, dy = vy[k + 1] - ay;
      for (let q = 0; q < n; q++) {
        const ca = q === 0 ? a1 : a2, cb = q === 0 ? b1 : b2;
        const ta = sl > 0 ? (ca - o0) / sl : 0, tb = sl > 0 ? (cb - o0) / sl : 0;
        const o = at + 5 * q;
        out[o] = ax + ta * dx; out[o + 1] = ay + ta * dy; out[o + 2] = ax + tb * dx; out[o + 3] = ay + tb * dy; out[o + 4] = r;
      }
    }
    return 5 * n;
  }

  /** Rebuilds the capsules of the edges' segments after an edit (kept aside from the index). */
  private patchCapsules(edges: Int32Array): void {
    const g = this.model.graph;
    const full = (this.capIndex as { full: Uint8Array }).full;
    const buf = new Float64Array(5 * 64);
    for (const e of edges) {
      for (let k = g.edgeVertStart[e], k1 = g.edgeVertStart[e + 1] - 1; k < k1; k++) {
        const n = this.segmentRecords(k, e, null, 0, full);
        const rec = n <= buf.length ? buf : new Float64Array(n);
        this.segmentRecords(k, e, rec, 0, full);
        this.capOver.set(k, rec.slice(0, n));
      }
    }
  }

  /**
   * The capsule records of segment k, (x0, y0, x1, y1, r) each: copied into out at `at` when
   * out is given; returns the number of floats.
   */
  /** true when no segment's capsules were patched by an edit (the index alone holds them all) */
  get indexOnly(): boolean {
    return this.capOver.size === 0;
  }

  /**
   * Segment k's records as indices into capsuleIndex().data (stride 5), written into out at
   * `at` when out is given; returns their count. Only valid when indexOnly.
   */
  recordIds(k: number, out: Int32Array | null, at: number): number {
    const ix = this.capIndex ?? this.capsuleIndex();
    const o0 = ix.off[k] - 1;
    if (o0 < 0) return 0;
    const n = ix.cnt[k];
    if (out) for (let i = 0, id = o0 / 5; i < n; i++) out[at + i] = id + i;
    return n;
  }

  copyCapsules(k: number, out: Float64Array | null, at: number): number {
    const ix = this.capIndex ?? this.capsuleIndex();
    if (this.capOver.size > 0) {
      const o = this.capOver.get(k);
      if (o) {
        if (out) out.set(o, at);
        return o.length;
      }
    }
    const o0 = ix.off[k] - 1;
    if (o0 < 0) return 0;
    const n = 5 * ix.cnt[k];
    if (out) {
      const data = ix.data;
      for (let i = 0; i < n; i++) out[at + i] = data[o0 + i];
    }
    return n;
  }

  /** Walked distance at offset o of segment k (exact: min over its branches). */
  distAt(k: number, o: number, tmp: number[]): number {
    const n = this.branches(k, tmp);
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      const s = tmp[3 * i], c = tmp[3 * i + 1], sg = tmp[3 * i + 2];
      if ((o - s) * sg < 0) continue;
      const d = c + Math.abs(o - s);
      if (d < best) best = d;
    }
    return best;
  }

  /**
   * Pieces of segment k within T − r of a source, as planar sub-segments appended to caps
   * (x0, y0, x1, y1 per piece, then the radius when given). Returns the number appended.
   */
  capsules(k: number, tmp: number[], caps: number[], radius?: number): number {
    const g = this.model.graph;
    const lim = this.budgetM - this.trimM;
    const n = this.branches(k, tmp);
    const o0 = g.vertOff[k], o1 = g.vertOff[k + 1];
    // intervals [a, b] along the segment, kept sorted by start (few: insertion)
    const iv = this.iv;
    let m = 0;
    for (let i = 0; i < n; i++) {
      const s = tmp[3 * i], c = tmp[3 * i + 1], sg = tmp[3 * i + 2];
      if (c > lim) continue;
      const reach = lim - c;
      const a = sg > 0 ? s : Math.max(o0, s - reach);
      const b = sg > 0 ? Math.min(o1, s + reach) : s;
      let j = m++;
      while (j > 0 && iv[2 * (j - 1)] > a) {
        iv[2 * j] = iv[2 * (j - 1)];
        iv[2 * j + 1] = iv[2 * (j - 1) + 1];
        j--;
      }
      iv[2 * j] = a;
      iv[2 * j + 1] = b;
    }
    if (m === 0) return 0;
    const len = o1 - o0;
    const ax = this.model.vx[k], ay = this.model.vy[k];
    const dx = this.model.vx[k + 1] - ax, dy = this.model.vy[k + 1] - ay;
    let cnt = 0;
    let ca = iv[0], cb = iv[1];
    for (let q = 1; q <= m; q++) {
      const last = q === m;
      const a = last ? Infinity : iv[2 * q], b = last ? 0 : iv[2 * q + 1];
      if (!last && a <= cb) {
        if (b > cb) cb = b;
        continue;
      }
      const ta = len > 0 ? (ca - o0) / len : 0, tb = len > 0 ? (cb - o0) / len : 0;
      caps.push(ax + ta * dx, ay + ta * dy, ax + tb * dx, ay + tb * dy);
      if (radius !== undefined) caps.push(radius);
      cnt++;
      ca = a;
      cb = b;
    }
    return cnt;
  }

  private readonly iv = new Float64Array(64);

  /**
   * Walking distance (metres) from the nearest facility to the place (px, py): the least
   * d(q) + |p − q| over network points q within r of p (exact per branch: along a branch
   * d(q) + |p − q| never decreases, so its minimum is where the branch enters the disc).
   */
  placeDistance(k: number, px: number, py: number, tmp: number[]): number {
    const g = this.model.graph;
    const r = this.trimM;
    const ax = this.model.vx[k], ay = this.model.vy[k];
    const dx = this.model.vx[k + 1] - ax, dy = this.model.vy[k + 1] - ay;
    const l2 = dx * dx + dy * dy;
    const o0 = g.vertOff[k], o1 = g.vertOff[k + 1];
    const len = o1 - o0;
    // the segment's parameter interval inside the disc |p − q| ≤ r
    let t0: number, t1: number;
    if (l2 === 0) {
      if ((ax - px) ** 2 + (ay - py) ** 2 > r * r) return Infinity;
      t0 = 0; t1 = 1;
    } else {
      const fx = ax - px, fy = ay - py;
      const bq = (fx * dx + fy * dy) / l2;
      const cq = (fx * fx + fy * fy - r * r) / l2;
      const disc = bq * bq - cq;
      if (disc < 0) return Infinity;
      const sq = Math.sqrt(disc);
      t0 = Math.max(0, -bq - sq);
      t1 = Math.min(1, -bq + sq);
      if (t0 > t1) return Infinity;
    }
    const n = this.branches(k, tmp);
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      const s = tmp[3 * i], c = tmp[3 * i + 1], sg = tmp[3 * i + 2];
      if (c >= best) continue;
      const ts = len > 0 ? (s - o0) / len : 0;
      // the branch covers t in [ts, 1] (sg > 0) or [0, ts] (sg < 0); entry point nearest to s
      let t: number;
      if (sg > 0) { t = Math.max(ts, t0); if (t > t1) continue; }
      else { t = Math.min(ts, t1); if (t < t0) continue; }
      const qx = ax + t * dx, qy = ay + t * dy;
      const v = c + Math.abs(t - ts) * len + Math.hypot(qx - px, qy - py);
      if (v < best) best = v;
    }
    return best;
  }
}
