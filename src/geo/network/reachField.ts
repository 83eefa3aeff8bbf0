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
import { segmentInDisc } from './segmentDisc';
import { dijkstraBuffers, type MinHeap, multiSourceDijkstra, repairDijkstra, resetBuffers, reverseCsr, type DijkstraBuffers, type Seed } from './dijkstra';

/** scratch for segmentInDisc */
const SPAN = new Float64Array(2);

export interface LinkedFacility {
  /** position in the caller's facility list */
  index: number;
  /** a number unique to this link among the caller's links (incremental edits; default index) */
  uid?: number;
  link: Link;
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

  /**
   * `distances`: node distances from these sources already computed (an earlier reach with
   * another budget and a cutoff at least as large, or another thread's run with this cutoff);
   * with `nodeSource` (the link uid each distance comes from) the reach owns them and can be
   * edited, without it it shares them.
   */
  constructor(model: NetworkModel, sources: LinkedFacility[], budgetM: number, trimM: number, cutoffM: number, buf?: DijkstraBuffers, distances?: Float64Array, nodeSource?: Int32Array) {
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
      this.nodeSource = nodeSource ?? null;
      return;
    }
    const b = buf ?? dijkstraBuffers(g);
    resetBuffers(b, !buf);
    multiSourceDijkstra(g, this.seeds(), this.cutoffM, b);
    this.dist = b.dist.slice();
    this.nodeSource = b.source.slice();
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
    return Int32Array.from(edges);
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

  private readonly recTmp: number[] = [];
  private readonly recCaps: number[] = [];

  /**
   * The capsule records of segment k, (x0, y0, x1, y1, r) each, computed from the node
   * distances (no index is kept: a city has millions of reached segments per category and
   * only the cells on a coverage boundary read them): copied into out at `at` when out is
   * given; returns the number of floats (at most 10 on an edge without facilities).
   */
  copyCapsules(k: number, out: Float64Array | null, at: number): number {
    const e = this.model.vertEdge[k];
    const r = this.trimM;
    if (this.srcEdge[e] === 1) {
      const caps = this.recCaps;
      caps.length = 0;
      this.capsules(k, this.recTmp, caps, r);
      if (out) for (let i = 0; i < caps.length; i++) out[at + i] = caps[i];
      return caps.length;
    }
    // no facility on the edge: the two fronts entering the segment (the fast path of capsules())
    const g = this.model.graph;
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

  /**
   * 1 when segment k lies wholly within T − r of a source on an edge without facilities (its
   * capsule is then the whole segment's), else 0 (segments of edges carrying facilities: 0).
   */
  segmentFull(k: number): boolean {
    const e = this.model.vertEdge[k];
    if (this.srcEdge[e] === 1) return false;
    const g = this.model.graph;
    const lim = this.budgetM - this.trimM;
    const dir = g.edgeDir[e];
    const o0 = g.vertOff[k], o1 = g.vertOff[k + 1];
    const right = dir !== -1 ? this.dist[g.edgeU[e]] + o0 : Infinity;
    const left = dir !== 1 ? this.dist[g.edgeV[e]] + (g.edgeLen[e] - o1) : Infinity;
    // the same cases as copyCapsules: one record from o0 to o1
    if (right <= lim) {
      const b1 = Math.min(o1, o0 + (lim - right));
      if (b1 === o1) return true;
      return left <= lim && Math.max(o0, o1 - (lim - left)) <= b1;
    }
    return left <= lim && Math.max(o0, o1 - (lim - left)) === o0;
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
    const o0 = g.vertOff[k], o1 = g.vertOff[k + 1];
    const len = o1 - o0;
    // the segment's parameter interval inside the disc |p − q| ≤ r
    if (!segmentInDisc(ax, ay, dx, dy, px, py, r, SPAN)) return Infinity;
    const t0 = SPAN[0], t1 = SPAN[1];
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
