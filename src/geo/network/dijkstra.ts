/**
 * Multi-source Dijkstra on the CSR graph with start costs and a cutoff, on typed arrays.
 * With a finite cutoff the queue is a bucket queue (Dial's algorithm, see BucketQueue); without
 * one, a binary heap with lazy deletion (stale entries are skipped when popped).
 */
import type { NetworkGraph } from './graph';

export class MinHeap {
  keys: Float64Array;
  vals: Int32Array;
  size = 0;
  constructor(capacity = 1024) {
    this.keys = new Float64Array(capacity);
    this.vals = new Int32Array(capacity);
  }
  clear(): void {
    this.size = 0;
  }
  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2), v = new Int32Array(this.size * 2);
      k.set(this.keys);
      v.set(this.vals);
      this.keys = k;
      this.vals = v;
    }
    const keys = this.keys, vals = this.vals;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      keys[i] = keys[p];
      vals[i] = vals[p];
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }
  /** removes the minimum; read it first from keys[0] / vals[0] */
  pop(): void {
    const keys = this.keys, vals = this.vals;
    const n = --this.size;
    if (n === 0) return;
    const key = keys[n], val = vals[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1] < keys[c]) c++;
      if (keys[c] >= key) break;
      keys[i] = keys[c];
      vals[i] = vals[c];
      i = c;
    }
    keys[i] = key;
    vals[i] = val;
  }
}

/**
 * Dial's bucket queue over [0, cutoff]: bucket i holds the entries with floor(key / width) = i
 * (keys <= 0, e.g. a negative start cost, in bucket 0), each bucket a singly linked list (LIFO)
 * in typed arrays (head per bucket; an entry pool with next / node / key that grows and is
 * reused from the start every run). Buckets are taken in increasing order; an entry whose
 * key > dist[node] is stale and skipped.
 *
 * Exact (the same distances as the heap, bit for bit): lengths are >= 0, so a relaxation gives
 * key d + len >= d (also in floating point) and lands in the current bucket or a later one
 * (floor and the division are monotone). One landing in the current bucket is pushed onto it
 * and taken in the same pass, so inside a bucket the search is label-correcting (a node may be
 * taken more than once there, always with a smaller key); when the bucket is empty nothing can
 * lower its nodes any more. Every distance is thus the least fixed point of
 * dist[m] = min(start cost, dist[n] + len) over the same additions, which is what the heap
 * computes. Only which of two sources at exactly equal distance a node keeps may differ.
 */
export class BucketQueue {
  /** first entry of each bucket, -1 when empty */
  head = new Int32Array(0);
  next: Int32Array;
  node: Int32Array;
  key: Float64Array;
  constructor(
    /** metres per bucket */
    readonly width: number,
    capacity = 1024,
  ) {
    this.next = new Int32Array(capacity);
    this.node = new Int32Array(capacity);
    this.key = new Float64Array(capacity);
  }
  /** the entry pool doubled (entries kept) */
  grow(): void {
    const n = this.key.length * 2;
    const next = new Int32Array(n), node = new Int32Array(n), key = new Float64Array(n);
    next.set(this.next);
    node.set(this.node);
    key.set(this.key);
    this.next = next;
    this.node = node;
    this.key = key;
  }
}

/** metres per bucket of the bucket queue */
export const BUCKET_M = 4;
/** beyond this many buckets (no finite cutoff, or a very long one), the heap instead */
const MAX_BUCKETS = 1 << 22;

export interface Seed {
  node: number;
  /** metres already walked when at the node */
  cost: number;
  /** who it comes from (a facility position), carried to the nodes it reaches */
  source: number;
}

export interface DijkstraBuffers {
  dist: Float64Array;
  source: Int32Array;
  heap: MinHeap;
  buckets: BucketQueue;
  /** nodes reached, in order (to reset only those) */
  settled: Int32Array;
  settledCount: number;
}

export function dijkstraBuffers(g: NetworkGraph, bucketM = BUCKET_M): DijkstraBuffers {
  const dist = new Float64Array(g.nodeCount).fill(Infinity);
  return {
    dist, source: new Int32Array(g.nodeCount).fill(-1), heap: new MinHeap(Math.max(1024, g.nodeCount >> 2)),
    // entries: one per improving relaxation, about 1.2 per node reached on a street grid; room
    // for 1.5 per node (untouched pages take no memory), so a city's first run does not grow it
    buckets: new BucketQueue(bucketM, Math.max(1024, g.nodeCount + (g.nodeCount >> 1))), settled: new Int32Array(g.nodeCount), settledCount: 0,
  };
}

/** Resets the nodes the last run touched (cheaper than a full fill on large graphs). */
export function resetBuffers(b: DijkstraBuffers, full = false): void {
  if (full) {
    b.dist.fill(Infinity);
    b.source.fill(-1);
  } else {
    for (let i = 0; i < b.settledCount; i++) {
      b.dist[b.settled[i]] = Infinity;
      b.source[b.settled[i]] = -1;
    }
  }
  b.settledCount = 0;
  b.heap.clear();
}

/**
 * Distances (metres) from the nearest seed to every node within `cutoff`; nodes beyond stay
 * Infinity. Reset the buffers (resetBuffers) between runs.
 */
export function multiSourceDijkstra(g: NetworkGraph, seeds: readonly Seed[], cutoff: number, b: DijkstraBuffers): void {
  const q = b.buckets;
  const nb = Math.max(1, Math.floor(cutoff / q.width) + 1);
  if (!(nb <= MAX_BUCKETS)) {
    heapDijkstra(g, seeds, cutoff, b);
    return;
  }
  const { dist, source, settled } = b;
  const { adjStart, adjTo, adjLen } = g;
  if (q.head.length < nb) q.head = new Int32Array(nb);
  const head = q.head.fill(-1, 0, nb);
  const w = q.width;
  let { next, node, key } = q;
  let top = 0;
  // tentative distances live in dist; a bucket's nodes are final once it is empty
  for (const s of seeds) {
    if (s.cost > cutoff || s.cost >= dist[s.node]) continue;
    if (dist[s.node] === Infinity) settled[b.settledCount++] = s.node;
    dist[s.node] = s.cost;
    source[s.node] = s.source;
    if (top === key.length) { q.grow(); ({ next, node, key } = q); }
    const i = s.cost > 0 ? Math.floor(s.cost / w) : 0;
    next[top] = head[i]; node[top] = s.node; key[top] = s.cost; head[i] = top++;
  }
  for (let i = 0; i < nb; i++) {
    for (let e = head[i]; e >= 0; e = head[i]) {
      head[i] = next[e];
      const d = key[e], n = node[e];
      if (d > dist[n]) continue;
      const src = source[n];
      for (let k = adjStart[n], k1 = adjStart[n + 1]; k < k1; k++) {
        const m = adjTo[k];
        const nd = d + adjLen[k];
        if (nd < dist[m] && nd <= cutoff) {
          if (dist[m] === Infinity) settled[b.settledCount++] = m;
          dist[m] = nd;
          source[m] = src;
          if (top === key.length) { q.grow(); ({ next, node, key } = q); }
          const j = nd > 0 ? Math.floor(nd / w) : 0;
          next[top] = head[j]; node[top] = m; key[top] = nd; head[j] = top++;
        }
      }
    }
  }
}

/**
 * multiSourceDijkstra with the binary heap (no finite cutoff to size the buckets by). Its seed
 * and relaxation steps are multiSourceDijkstra's written out again, so that each loop pushes onto
 * its own queue inline rather than through a shared function called once per relaxation.
 */
function heapDijkstra(g: NetworkGraph, seeds: readonly Seed[], cutoff: number, b: DijkstraBuffers): void {
  const { dist, source, heap } = b;
  const { adjStart, adjTo, adjLen } = g;
  heap.clear();
  // tentative distances live in dist; a node is settled when popped with its current key
  for (const s of seeds) {
    if (s.cost > cutoff || s.cost >= dist[s.node]) continue;
    if (dist[s.node] === Infinity) b.settled[b.settledCount++] = s.node;
    dist[s.node] = s.cost;
    source[s.node] = s.source;
    heap.push(s.cost, s.node);
  }
  while (heap.size > 0) {
    const d = heap.keys[0], n = heap.vals[0];
    heap.pop();
    if (d > dist[n]) continue;
    const src = source[n];
    for (let k = adjStart[n], k1 = adjStart[n + 1]; k < k1; k++) {
      const m = adjTo[k];
      const nd = d + adjLen[k];
      if (nd < dist[m] && nd <= cutoff) {
        if (dist[m] === Infinity) b.settled[b.settledCount++] = m;
        dist[m] = nd;
        source[m] = src;
        heap.push(nd, m);
      }
    }
  }
}

export interface ReverseCsr {
  /** arcs entering node n: revStart[n] … revStart[n+1]-1, from revFrom with length revLen */
  revStart: Int32Array;
  revFrom: Int32Array;
  revLen: Float64Array;
  /** the edge of each entering arc */
  revEdge: Int32Array;
}

const reverseCache = new WeakMap<NetworkGraph, ReverseCsr>();

/** The arcs entering each node (built once per graph). */
export function reverseCsr(g: NetworkGraph): ReverseCsr {
  let r = reverseCache.get(g);
  if (r) return r;
  const N = g.nodeCount, M = g.adjTo.length;
  const revStart = new Int32Array(N + 1);
  for (let k = 0; k < M; k++) revStart[g.adjTo[k] + 1]++;
  for (let n = 0; n < N; n++) revStart[n + 1] += revStart[n];
  const fill = revStart.slice(0, N);
  const revFrom = new Int32Array(M), revLen = new Float64Array(M), revEdge = new Int32Array(M);
  for (let n = 0; n < N; n++) {
    for (let k = g.adjStart[n]; k < g.adjStart[n + 1]; k++) {
      const j = fill[g.adjTo[k]]++;
      revFrom[j] = n;
      revLen[j] = g.adjLen[k];
      revEdge[j] = g.adjEdge[k];
    }
  }
  r = { revStart, revFrom, revLen, revEdge };
  reverseCache.set(g, r);
  return r;
}

/**
 * Repairs a multi-source Dijkstra result in place after some sources left and others came
 * (dynamic shortest paths): the nodes whose nearest source left are reset and re-reached from
 * their still-valid in-neighbours and the remaining seeds; the new seeds then relax outwards
 * wherever they improve. Every other node keeps its distance (its shortest-path tree does not
 * pass through a reset node). The result equals a full run with the new sources.
 * `gone(source)` tells which sources left; `seeds` are all current seeds (incl. new ones).
 * Returns the nodes whose distance or source may have changed.
 */
export function repairDijkstra(
  g: NetworkGraph, dist: Float64Array, source: Int32Array, gone: (source: number) => boolean,
  seeds: readonly Seed[], cutoff: number, heap: MinHeap,
): number[] {
  const { adjStart, adjTo, adjLen } = g;
  const { revStart, revFrom, revLen } = reverseCsr(g);
  const changed: number[] = [];
  const N = g.nodeCount;
  for (let n = 0; n < N; n++) {
    const s = source[n];
    if (s >= 0 && gone(s)) {
      dist[n] = Infinity;
      source[n] = -1;
      changed.push(n);
    }
  }
  heap.clear();
  const reset = changed.length;
  for (let i = 0; i < reset; i++) {
    const n = changed[i];
    for (let k = revStart[n]; k < revStart[n + 1]; k++) {
      const m = revFrom[k];
      const d = dist[m] + revLen[k];
      if (d < dist[n] && d <= cutoff && source[m] >= 0) {
        dist[n] = d;
        source[n] = source[m];
      }
    }
    if (dist[n] < Infinity) heap.push(dist[n], n);
  }
  for (const s of seeds) {
    if (s.cost > cutoff || s.cost >= dist[s.node]) continue;
    if (dist[s.node] === Infinity || source[s.node] !== s.source) changed.push(s.node);
    dist[s.node] = s.cost;
    source[s.node] = s.source;
    heap.push(s.cost, s.node);
  }
  while (heap.size > 0) {
    const d = heap.keys[0], n = heap.vals[0];
    heap.pop();
    if (d > dist[n]) continue;
    const src = source[n];
    for (let k = adjStart[n], k1 = adjStart[n + 1]; k < k1; k++) {
      const m = adjTo[k];
      const nd = d + adjLen[k];
      if (nd < dist[m] && nd <= cutoff) {
        dist[m] = nd;
        source[m] = src;
        changed.push(m);
        heap.push(nd, m);
      }
    }
  }
  return changed;
}
