// The bucket-queue Dijkstra (Dial's algorithm) against Bellman–Ford on random graphs built to be
// hard for it: zero-length and tiny edges, lengths on and next to bucket boundaries, sums that
// round differently in floating point (0.1 + 0.2), many seeds with start costs, equal-distance
// ties, cutoffs exactly on a distance or a bucket boundary, and no cutoff (the heap). Distances
// must be equal bit for bit, and each node's source must be one that reaches it at that distance.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/domain/prng';
import type { NetworkGraph } from '../../src/geo/network/graph';
import { BucketQueue, type DijkstraBuffers, dijkstraBuffers, multiSourceDijkstra, resetBuffers, type Seed } from '../../src/geo/network/dijkstra';
import { bellmanFord } from '../fixtures/bellmanFord';

/** a random multigraph (self-loops, parallel and one-way edges) with only what Dijkstra reads */
function randomGraph(seed: number, N: number, M: number): NetworkGraph {
  const rnd = mulberry32(seed);
  const edgeU = new Int32Array(M), edgeV = new Int32Array(M), edgeLen = new Float64Array(M), edgeDir = new Int8Array(M);
  for (let e = 0; e < M; e++) {
    // a chain through all nodes first (mostly connected), then random pairs
    edgeU[e] = e < N - 1 ? e : Math.floor(rnd() * N);
    edgeV[e] = e < N - 1 ? e + 1 : Math.floor(rnd() * N);
    const r = rnd();
    edgeLen[e] = r < 0.15 ? 0
      : r < 0.3 ? rnd() * 1e-9 // tiny
      : r < 0.4 ? 4 * Math.floor(rnd() * 5) // on a bucket boundary (4 m buckets)
      : r < 0.5 ? 4 * (1 + Math.floor(rnd() * 5)) * (1 - Number.EPSILON) // just under one
      : r < 0.65 ? [0.1, 0.2, 0.3, 0.7, 1.1][Math.floor(rnd() * 5)] // sums that round
      : r < 0.8 ? 1 + Math.floor(rnd() * 12) // integers: many equal-distance ties
      : rnd() * 25;
    edgeDir[e] = rnd() < 0.2 ? (rnd() < 0.5 ? 1 : -1) : 0;
  }
  const adjStart = new Int32Array(N + 1);
  for (let e = 0; e < M; e++) {
    if (edgeDir[e] >= 0) adjStart[edgeU[e] + 1]++;
    if (edgeDir[e] <= 0) adjStart[edgeV[e] + 1]++;
  }
  for (let n = 0; n < N; n++) adjStart[n + 1] += adjStart[n];
  const fill = adjStart.slice(0, N), K = adjStart[N];
  const adjTo = new Int32Array(K), adjEdge = new Int32Array(K), adjLen = new Float64Array(K);
  for (let e = 0; e < M; e++) {
    if (edgeDir[e] >= 0) { const k = fill[edgeU[e]]++; adjTo[k] = edgeV[e]; adjEdge[k] = e; adjLen[k] = edgeLen[e]; }
    if (edgeDir[e] <= 0) { const k = fill[edgeV[e]]++; adjTo[k] = edgeU[e]; adjEdge[k] = e; adjLen[k] = edgeLen[e]; }
  }
  return { nodeCount: N, edgeCount: M, edgeU, edgeV, edgeLen, edgeDir, adjStart, adjTo, adjEdge, adjLen } as unknown as NetworkGraph;
}

function randomSeeds(rnd: () => number, N: number, count: number): Seed[] {
  const seeds: Seed[] = [];
  for (let i = 0; i < count; i++) {
    const node = Math.floor(rnd() * N), r = rnd();
    const cost = r < 0.2 ? 0 : r < 0.4 ? 4 * Math.floor(rnd() * 4) : r < 0.6 ? Math.floor(rnd() * 20) : rnd() * 30;
    seeds.push({ node, cost, source: i });
    // another source on the same node at the same cost: a tie
    if (rnd() < 0.15) seeds.push({ node, cost, source: count + i });
  }
  return seeds;
}

function bf(g: NetworkGraph, seeds: readonly Seed[]): Float64Array {
  const d = new Float64Array(g.nodeCount).fill(Infinity);
  for (const s of seeds) d[s.node] = Math.min(d[s.node], s.cost);
  bellmanFord(g, d);
  return d;
}

/** checks one run against the reference; returns how many nodes it reached */
function check(g: NetworkGraph, cutoff: number, b: DijkstraBuffers, ref: Float64Array, perSource: Map<number, Float64Array>): number {
  let reached = 0;
  for (let n = 0; n < g.nodeCount; n++) {
    const want = ref[n] <= cutoff ? ref[n] : Infinity;
    if (!Object.is(b.dist[n], want)) expect.fail(`node ${n}: ${b.dist[n]} instead of ${want} (cutoff ${cutoff})`);
    if (want === Infinity) {
      expect(b.source[n]).toBe(-1);
      continue;
    }
    reached++;
    // its source reaches it at exactly that distance on its own
    const own = perSource.get(b.source[n]);
    if (!own || !Object.is(own[n], want)) expect.fail(`node ${n}: source ${b.source[n]} does not reach it at ${want}`);
  }
  return reached;
}

describe('multi-source Dijkstra with the bucket queue', () => {
  it('equals Bellman–Ford bit for bit on random graphs (cutoffs on a distance, on a bucket boundary, none)', () => {
    let runs = 0, reachedTotal = 0, ties = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = mulberry32(1000 + seed);
      const N = 20 + Math.floor(rnd() * 180);
      const g = randomGraph(seed, N, N + Math.floor(rnd() * 3 * N));
      const seeds = randomSeeds(rnd, N, 1 + Math.floor(rnd() * 25));
      const ref = bf(g, seeds);
      const perSource = new Map<number, Float64Array>();
      for (const s of seeds) if (!perSource.has(s.source)) perSource.set(s.source, bf(g, seeds.filter((x) => x.source === s.source)));
      ties += new Set(seeds.map((s) => `${s.node}:${s.cost}`)).size < seeds.length ? 1 : 0;
      const finite = [...ref].filter((d) => d < Infinity).sort((a, b) => a - b);
      const onDistance = finite[Math.floor(finite.length / 2)];
      const cutoffs = [Infinity, 1e9, onDistance, finite[finite.length - 1], 40, 4 * 7, finite[1] ?? 0, 0];
      // 4 m buckets (the default), very thin ones, and one bucket for everything (all label-correcting)
      for (const width of [4, 0.05, 1e6]) {
        const b = dijkstraBuffers(g, width);
        b.buckets = new BucketQueue(width, 1); // the entry pool grows from one entry
        for (const cutoff of cutoffs) {
          resetBuffers(b);
          multiSourceDijkstra(g, seeds, cutoff, b);
          reachedTotal += check(g, cutoff, b, ref, perSource);
          runs++;
        }
      }
    }
    expect(runs).toBe(40 * 3 * 8);
    expect(reachedTotal).toBeGreaterThan(10_000);
    expect(ties).toBeGreaterThan(5);
  });

  it('runs reuse the buffers: a reset then another run equals a fresh run', () => {
    const g = randomGraph(77, 300, 900);
    const rnd = mulberry32(78);
    const b = dijkstraBuffers(g);
    for (let round = 0; round < 10; round++) {
      const seeds = randomSeeds(rnd, g.nodeCount, 1 + Math.floor(rnd() * 10));
      const cutoff = rnd() < 0.3 ? Infinity : rnd() * 60;
      resetBuffers(b);
      multiSourceDijkstra(g, seeds, cutoff, b);
      const f = dijkstraBuffers(g);
      multiSourceDijkstra(g, seeds, cutoff, f);
      for (let n = 0; n < g.nodeCount; n++) if (!Object.is(b.dist[n], f.dist[n])) expect.fail(`round ${round}, node ${n}`);
    }
  });
});
