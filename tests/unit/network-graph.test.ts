// The graph build (src/geo/network/graph.ts: typed arrays, CSR, duplicate edges merged) against a
// plain reference written here with objects, strings and Turf: ways cut at shared vertices and
// ends, pieces through the same vertices merged (either way round, direction widened), lengths
// from turf.distance, adjacency from the directions, components by breadth-first search.
import * as turf from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/domain/prng';
import { buildGraph, type NetworkGraph } from '../../src/geo/network/graph';
import { generateStreetRaw } from '../../src/geo/network/generate';
import type { RawNetwork } from '../../src/io/network/rawNetwork';

interface RefEdge { verts: number[]; dir: number; len: number }

function reference(raw: RawNetwork) {
  const W = raw.wayStart.length - 1;
  const ways = Array.from({ length: W }, (_, w) => ({ verts: Array.from(raw.wayNodes.subarray(raw.wayStart[w], raw.wayStart[w + 1])), dir: raw.wayDir[w] }));
  const uses = new Map<number, number>();
  for (const w of ways) for (const v of w.verts) uses.set(v, (uses.get(v) ?? 0) + 1);
  const isNode = new Set<number>();
  for (const w of ways) {
    isNode.add(w.verts[0]);
    isNode.add(w.verts[w.verts.length - 1]);
  }
  for (const [v, n] of uses) if (n >= 2) isNode.add(v);
  const nodeVerts = [...isNode].sort((a, b) => a - b);
  const nodeOf = new Map(nodeVerts.map((v, i) => [v, i]));
  const edges: RefEdge[] = [];
  const byKey = new Map<string, number>();
  let dups = 0;
  for (const w of ways) {
    let start = 0;
    for (let k = 1; k < w.verts.length; k++) {
      if (!isNode.has(w.verts[k])) continue;
      const piece = w.verts.slice(start, k + 1);
      const fwd = piece.join(','), rev = [...piece].reverse().join(',');
      const known = byKey.get(fwd) ?? byKey.get(rev);
      if (known !== undefined) {
        dups++;
        const e = edges[known];
        const d = e.verts.join(',') === fwd ? w.dir : -w.dir;
        if (e.dir !== d) e.dir = 0;
      } else {
        let len = 0;
        for (let j = 1; j < piece.length; j++) {
          len += turf.distance([raw.lng[piece[j - 1]], raw.lat[piece[j - 1]]], [raw.lng[piece[j]], raw.lat[piece[j]]], { units: 'meters' });
        }
        byKey.set(fwd, edges.length);
        edges.push({ verts: piece, dir: w.dir, len });
      }
      start = k;
    }
  }
  return { nodeVerts, nodeOf, edges, dups };
}

function components(N: number, edges: [number, number][]): number[] {
  const nb: number[][] = Array.from({ length: N }, () => []);
  for (const [u, v] of edges) {
    nb[u].push(v);
    nb[v].push(u);
  }
  const comp = new Array<number>(N).fill(-1);
  let c = 0;
  for (let s = 0; s < N; s++) {
    if (comp[s] >= 0) continue;
    const queue = [s];
    comp[s] = c;
    while (queue.length) {
      const x = queue.pop() as number;
      for (const y of nb[x]) if (comp[y] < 0) { comp[y] = c; queue.push(y); }
    }
    c++;
  }
  return comp;
}

function expectMatchesReference(raw: RawNetwork, g: NetworkGraph): void {
  const ref = reference(raw);
  expect(g.nodeCount).toBe(ref.nodeVerts.length);
  ref.nodeVerts.forEach((v, i) => {
    expect(g.nodeLng[i]).toBe(raw.lng[v]);
    expect(g.nodeLat[i]).toBe(raw.lat[v]);
  });
  expect(g.edgeCount).toBe(ref.edges.length);
  expect(g.stats.duplicateEdgesMerged).toBe(ref.dups);
  let km = 0;
  ref.edges.forEach((e, i) => {
    expect(g.edgeU[i]).toBe(ref.nodeOf.get(e.verts[0]));
    expect(g.edgeV[i]).toBe(ref.nodeOf.get(e.verts[e.verts.length - 1]));
    expect(g.edgeDir[i]).toBe(e.dir);
    expect(Math.abs(g.edgeLen[i] - e.len)).toBeLessThan(1e-6);
    const a = g.edgeVertStart[i], b = g.edgeVertStart[i + 1];
    expect(b - a).toBe(e.verts.length);
    e.verts.forEach((v, j) => {
      expect(g.vertLng[a + j]).toBe(raw.lng[v]);
      expect(g.vertLat[a + j]).toBe(raw.lat[v]);
    });
    expect(g.vertOff[a]).toBe(0);
    expect(g.vertOff[b - 1]).toBe(g.edgeLen[i]);
    km += e.len / 1000;
  });
  expect(g.stats.walkableKm).toBeCloseTo(km, 6);
  // adjacency: the arcs each node has, from the directions
  const arcs = new Map<number, string[]>();
  ref.edges.forEach((e, i) => {
    const u = ref.nodeOf.get(e.verts[0]) as number, v = ref.nodeOf.get(e.verts[e.verts.length - 1]) as number;
    if (e.dir >= 0) arcs.set(u, [...(arcs.get(u) ?? []), `${v}/${i}`]);
    if (e.dir <= 0) arcs.set(v, [...(arcs.get(v) ?? []), `${u}/${i}`]);
  });
  for (let n = 0; n < g.nodeCount; n++) {
    const got: string[] = [];
    for (let k = g.adjStart[n]; k < g.adjStart[n + 1]; k++) {
      got.push(`${g.adjTo[k]}/${g.adjEdge[k]}`);
      expect(g.adjLen[k]).toBe(g.edgeLen[g.adjEdge[k]]);
    }
    expect(got.sort()).toEqual((arcs.get(n) ?? []).sort());
  }
  // components: the same partition, the largest (by length) first
  const comp = components(g.nodeCount, ref.edges.map((e) => [ref.nodeOf.get(e.verts[0]) as number, ref.nodeOf.get(e.verts[e.verts.length - 1]) as number]));
  expect(g.stats.components).toBe(new Set(comp).size);
  const pairOf = new Map<number, number>();
  for (let n = 0; n < g.nodeCount; n++) {
    const known = pairOf.get(comp[n]);
    if (known === undefined) pairOf.set(comp[n], g.nodeComponent[n]);
    else expect(g.nodeComponent[n]).toBe(known);
  }
  expect(new Set(pairOf.values()).size).toBe(pairOf.size);
  const lenOf = new Map<number, number>();
  ref.edges.forEach((e) => {
    const c = g.nodeComponent[ref.nodeOf.get(e.verts[0]) as number];
    lenOf.set(c, (lenOf.get(c) ?? 0) + e.len);
  });
  const largest = Math.max(...lenOf.values());
  expect((lenOf.get(0) ?? 0)).toBeCloseTo(largest, 6);
  expect(g.stats.largestComponentKm).toBeCloseTo(largest / 1000, 6);
}

describe('the graph build against a plain reference', () => {
  it('on a generated street grid with long streets, gaps, one-way footways and bends', () => {
    const raw = generateStreetRaw({ side: 24, spacingM: 90, seed: 4, longWays: true, dropShare: 0.08, oneWayShare: 0.2, jitterM: 15 });
    expectMatchesReference(raw, buildGraph(raw));
  });

  it('on ways that repeat each other (either way round, other directions), loops and pieces between the same nodes', () => {
    const base = generateStreetRaw({ side: 14, spacingM: 90, seed: 9, dropShare: 0.1, oneWayShare: 0.3, jitterM: 10 });
    const rnd = mulberry32(3);
    const ws = [...base.wayStart], wn = [...base.wayNodes], wd = [...base.wayDir];
    const W = ws.length - 1;
    const add = (verts: number[], dir: number) => {
      wn.push(...verts);
      ws.push(wn.length);
      wd.push(dir);
    };
    for (let i = 0; i < 60; i++) {
      const w = Math.floor(rnd() * W);
      const verts = wn.slice(ws[w], ws[w + 1]);
      const dir = [-1, 0, 1][Math.floor(rnd() * 3)];
      add(rnd() < 0.5 ? verts : [...verts].reverse(), dir);
    }
    // a way through three grid nodes and back (a loop), and two ways between the same nodes by different bends
    add([0, 1, 15, 14, 0], 0);
    const bend1 = base.lng.length, bend2 = bend1 + 1;
    const lng = Float64Array.from([...base.lng, base.lng[20] + 1e-4, base.lng[20] - 1e-4]);
    const lat = Float64Array.from([...base.lat, base.lat[20] + 1e-4, base.lat[20] + 2e-4]);
    add([20, bend1, 21], 1);
    add([21, bend2, 20], 1);
    const raw: RawNetwork = { ...base, lng, lat, wayStart: Int32Array.from(ws), wayNodes: Int32Array.from(wn), wayDir: Int8Array.from(wd) };
    const g = buildGraph(raw);
    expect(g.stats.duplicateEdgesMerged).toBeGreaterThan(50);
    expectMatchesReference(raw, g);
    // on shared memory (for worker threads): the same graph, every array on a SharedArrayBuffer
    const shared = buildGraph(raw, { shared: true });
    for (const [k, v] of Object.entries(g)) {
      if (!ArrayBuffer.isView(v)) continue;
      const s = shared[k as keyof NetworkGraph] as typeof v;
      expect(s.buffer, k).toBeInstanceOf(SharedArrayBuffer);
      expect(Array.from(s as Float64Array), k).toEqual(Array.from(v as Float64Array));
    }
  });
});
