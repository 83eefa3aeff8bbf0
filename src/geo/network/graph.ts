/**
 * The walk network as compact typed arrays (README "Street network").
 *
 * Ways are split at every vertex shared with another way (and at their ends); each piece is
 * an edge with its polyline and its geodesic length (sum of great-circle segment lengths on
 * the sphere R = 6 371 008.8 m, the radius Turf and the coverage engine use). Adjacency is
 * CSR (compressed sparse rows): the arcs leaving node n are adjStart[n] … adjStart[n+1]-1.
 * Walking is two-way on every edge unless the way said oneway:foot.
 */
import type { RawNetwork } from '../../io/network/rawNetwork';
import type { RuleId } from '../../io/network/walkRules';

export interface NetworkGraph {
  nodeCount: number;
  nodeLng: Float64Array;
  nodeLat: Float64Array;
  edgeCount: number;
  edgeU: Int32Array;
  edgeV: Int32Array;
  /** metres, geodesic */
  edgeLen: Float64Array;
  /** 0 both ways, 1 only U→V, -1 only V→U */
  edgeDir: Int8Array;
  /** polyline of edge e: vertices edgeVertStart[e] … edgeVertStart[e+1]-1 (U first, V last) */
  edgeVertStart: Int32Array;
  vertLng: Float64Array;
  vertLat: Float64Array;
  /** metres along the edge at each vertex (0 at U, edgeLen at V) */
  vertOff: Float64Array;
  adjStart: Int32Array;
  adjTo: Int32Array;
  adjEdge: Int32Array;
  adjLen: Float64Array;
  /** connected component of each node (ignoring direction), components ordered by size */
  nodeComponent: Int32Array;
  /** WGS84 extent: the file's bounds when it declares them, else the nodes' bounding box */
  extent: [number, number, number, number];
  extentFromFile: boolean;
  stats: NetworkStats;
}

export interface NetworkStats {
  format: string;
  crs: string;
  nodes: number;
  edges: number;
  walkableKm: number;
  components: number;
  /** share of the walkable length in the largest component, 0 … 1 */
  largestComponentShare: number;
  largestComponentKm: number;
  waysKept: number;
  waysDropped: number;
  /** ways per rule id (kept and dropped) */
  ruleCounts: Partial<Record<RuleId, number>>;
  duplicateEdgesMerged: number;
  missingNodeRefs: number;
  elementsRead: number;
}

/** Where the graph's arrays live: ordinary memory, or shared memory (other threads read the same graph without a copy). */
interface Alloc {
  f64(n: number): Float64Array;
  i32(n: number): Int32Array;
  i8(n: number): Int8Array;
}

const LOCAL: Alloc = { f64: (n) => new Float64Array(n), i32: (n) => new Int32Array(n), i8: (n) => new Int8Array(n) };
const SHARED: Alloc = {
  f64: (n) => new Float64Array(new SharedArrayBuffer(8 * n)),
  i32: (n) => new Int32Array(new SharedArrayBuffer(4 * n)),
  i8: (n) => new Int8Array(new SharedArrayBuffer(n)),
};

export interface BuildOptions {
  /** the graph's arrays on SharedArrayBuffers (posted to a worker thread, they are shared, not copied) */
  shared?: boolean;
}

export function buildGraph(raw: RawNetwork, opts: BuildOptions = {}): NetworkGraph {
  const alloc = opts.shared ? SHARED : LOCAL;
  const { nodeOf, N } = nodesOf(raw);
  const nodeLng = alloc.f64(N), nodeLat = alloc.f64(N);
  for (let v = 0, V = nodeOf.length; v < V; v++) {
    const n = nodeOf[v];
    if (n >= 0) {
      nodeLng[n] = raw.lng[v];
      nodeLat[n] = raw.lat[v];
    }
  }
  const cut = cutEdges(raw, nodeOf, N, alloc);
  const E = cut.E, nv = cut.nv;
  // duplicates merged: the arrays were sized for every piece
  const sized = <T extends Int32Array | Float64Array | Int8Array>(a: T, n: number): T => {
    if (a.length === n) return a;
    const out = (a instanceof Float64Array ? alloc.f64(n) : a instanceof Int8Array ? alloc.i8(n) : alloc.i32(n)) as T;
    out.set(a.subarray(0, n));
    return out;
  };
  const edgeU = sized(cut.eU, E), edgeV = sized(cut.eV, E), edgeLen = sized(cut.eLen, E), edgeDir = sized(cut.eDir, E);
  const { adjStart, adjTo, adjEdge, adjLen } = fillCsr(cut.adjStart, edgeU, edgeV, edgeLen, edgeDir, alloc);
  // scratch for the components: buffers the cutting is done with
  const { nodeComponent, components, largestLen } = componentsOf(N, edgeU, edgeV, edgeLen, cut.headLo, nodeOf, cut.cosLat, alloc);
  const totalLen = cut.totalLen;
  let extent: [number, number, number, number];
  if (raw.bounds) extent = raw.bounds;
  else {
    extent = [Infinity, Infinity, -Infinity, -Infinity];
    for (let n = 0; n < N; n++) {
      if (nodeLng[n] < extent[0]) extent[0] = nodeLng[n];
      if (nodeLat[n] < extent[1]) extent[1] = nodeLat[n];
      if (nodeLng[n] > extent[2]) extent[2] = nodeLng[n];
      if (nodeLat[n] > extent[3]) extent[3] = nodeLat[n];
    }
  }
  let kept = 0, dropped = 0;
  for (const [id, n] of Object.entries(raw.ruleCounts)) {
    if (['foot-yes', 'sidewalk-yes', 'highway-walkable'].includes(id)) kept += n ?? 0;
    else dropped += n ?? 0;
  }
  return {
    nodeCount: N, nodeLng, nodeLat,
    edgeCount: E, edgeU, edgeV, edgeLen, edgeDir,
    edgeVertStart: sized(cut.eStart, E + 1), vertLng: sized(cut.vLng, nv), vertLat: sized(cut.vLat, nv), vertOff: sized(cut.offs, nv),
    adjStart, adjTo, adjEdge, adjLen,
    nodeComponent,
    extent,
    extentFromFile: raw.bounds !== null,
    stats: {
      format: raw.format,
      crs: raw.crs,
      nodes: N,
      edges: E,
      walkableKm: totalLen / 1000,
      components,
      largestComponentShare: totalLen > 0 ? largestLen / totalLen : 0,
      largestComponentKm: largestLen / 1000,
      waysKept: kept,
      waysDropped: dropped,
      ruleCounts: raw.ruleCounts,
      duplicateEdgesMerged: cut.dups,
      missingNodeRefs: raw.missingNodeRefs,
      elementsRead: raw.elementsRead,
    },
  };
}

/** Vertices used by several ways (or twice by one) and way ends become nodes, numbered in vertex order. */
function nodesOf(raw: RawNetwork): { nodeOf: Int32Array; N: number } {
  const V = raw.lng.length;
  const W = raw.wayStart.length - 1;
  const ws = raw.wayStart, wn = raw.wayNodes;
  // uses per vertex, 2 or more = a node (ends count as 2)
  const nodeOf = new Int32Array(V);
  for (let w = 0; w < W; w++) {
    const a = ws[w], b = ws[w + 1];
    for (let k = a; k < b; k++) nodeOf[wn[k]]++;
    nodeOf[wn[a]] = 2;
    nodeOf[wn[b - 1]] = 2;
  }
  let N = 0;
  for (let v = 0; v < V; v++) nodeOf[v] = nodeOf[v] >= 2 ? N++ : -1;
  return { nodeOf, N };
}

/** Earth radius of distanceM (src/io/crs.ts), the one Turf and the coverage engine use. */
const R = 6_371_008.8;
const TO_RAD = Math.PI / 180;

/** The edges cut so far (arrays sized for every piece; E edges and nv polyline vertices used). */
interface Cut {
  wn: Int32Array; rl: Float64Array; rt: Float64Array; cosLat: Float64Array;
  eU: Int32Array; eV: Int32Array; eLen: Float64Array; eDir: Int8Array; eStart: Int32Array;
  /** where each edge's vertices are in wayNodes (U first), to compare with later pieces */
  eSrc: Int32Array;
  vLng: Float64Array; vLat: Float64Array; offs: Float64Array;
  /** arcs leaving each node, counted at [n] (the CSR offsets once filled) */
  adjStart: Int32Array;
  /** edges chained per lower end node: duplicates share their end nodes */
  headLo: Int32Array; chain: Int32Array;
  E: number; nv: number; dups: number; totalLen: number;
}

/**
 * Ways cut at nodes into edges, each with its polyline, its geodesic length (distanceM's
 * haversine, term for term, with the cosines of the latitudes taken once per vertex) and the
 * arcs it gives; an edge with the same end nodes and the same vertices (either way round) as
 * an earlier one is merged into it (its direction widened to both ways if they differ).
 */
function cutEdges(raw: RawNetwork, nodeOf: Int32Array, N: number, alloc: Alloc): Cut {
  const W = raw.wayStart.length - 1;
  const ws = raw.wayStart, wn = raw.wayNodes, rl = raw.lng, rt = raw.lat, wd = raw.wayDir;
  let E0 = 0;
  for (let k = 0, M = wn.length; k < M; k++) if (nodeOf[wn[k]] >= 0) E0++;
  E0 -= W; // a way's first vertex starts its first edge
  const V0 = wn.length - W + E0; // shared ends are stored once per edge
  const cosLat = new Float64Array(rt.length);
  for (let v = 0; v < rt.length; v++) cosLat[v] = Math.cos(rt[v] * TO_RAD);
  const c: Cut = {
    wn, rl, rt, cosLat,
    eU: alloc.i32(E0), eV: alloc.i32(E0), eLen: alloc.f64(E0), eDir: alloc.i8(E0), eStart: alloc.i32(E0 + 1),
    eSrc: new Int32Array(E0),
    vLng: alloc.f64(V0), vLat: alloc.f64(V0), offs: alloc.f64(V0),
    adjStart: alloc.i32(N + 1), headLo: new Int32Array(N).fill(-1), chain: new Int32Array(E0),
    E: 0, nv: 0, dups: 0, totalLen: 0,
  };
  for (let w = 0; w < W; w++) cutWay(c, nodeOf, ws[w], ws[w + 1], wd[w]);
  return c;
}

function cutWay(c: Cut, nodeOf: Int32Array, a: number, b: number, dir: number): void {
  const wn = c.wn;
  let start = a;
  for (let k = a + 1; k < b; k++) {
    const nvv = nodeOf[wn[k]];
    if (nvv < 0) continue;
    const nu = nodeOf[wn[start]];
    const q = sameEdge(c, nu, nvv, start, k);
    if (q === -1) addEdge(c, nu, nvv, start, k, dir);
    else mergeEdge(c, q >> 1, q & 1 ? dir : -dir);
    start = k;
  }
}

/** An earlier edge between the same nodes through the same vertices: 2 q + 1 same way round, 2 q reversed; -1 none. */
function sameEdge(c: Cut, nu: number, nvv: number, start: number, k: number): number {
  const lo = nu < nvv ? nu : nvv, hi = nu < nvv ? nvv : nu;
  const n = k - start + 1;
  const { eU, eV, eStart, eSrc, wn, chain } = c;
  for (let q = c.headLo[lo]; q >= 0; q = chain[q]) {
    if ((eU[q] > eV[q] ? eU[q] : eV[q]) !== hi) continue;
    const qs = eStart[q];
    if (eStart[q + 1] - qs !== n) continue;
    const src = eSrc[q];
    let fwd = true, rev = true;
    for (let j = 0; j < n && (fwd || rev); j++) {
      const x = wn[src + j];
      if (x !== wn[start + j]) fwd = false;
      if (x !== wn[k - j]) rev = false;
    }
    if (fwd) return 2 * q + 1;
    if (rev) return 2 * q;
  }
  return -1;
}

function mergeEdge(c: Cut, q: number, d: number): void {
  c.dups++;
  const old = c.eDir[q];
  if (old !== d && old !== 0) {
    c.eDir[q] = 0;
    // now walkable both ways: the arc it lacked
    c.adjStart[old === 1 ? c.eV[q] : c.eU[q]]++;
  }
}

function addEdge(c: Cut, nu: number, nvv: number, start: number, k: number, dir: number): void {
  const { wn, rl, rt, cosLat, vLng, vLat, offs } = c;
  const E = c.E;
  let nv = c.nv;
  c.eStart[E] = nv;
  c.eSrc[E] = start;
  let len = 0;
  const p = wn[start];
  // the previous vertex's values carried along: each vertex read once
  let pLng = rl[p], pLat = rt[p], pCos = cosLat[p];
  vLng[nv] = pLng;
  vLat[nv] = pLat;
  offs[nv] = 0;
  nv++;
  for (let j = start + 1; j <= k; j++) {
    const v = wn[j];
    const lng = rl[v], lat = rt[v], cos = cosLat[v];
    const dLat = (lat - pLat) * TO_RAD;
    const dLng = (lng - pLng) * TO_RAD;
    const h = Math.sin(dLat / 2) ** 2 + pCos * cos * Math.sin(dLng / 2) ** 2;
    len += 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
    vLng[nv] = lng;
    vLat[nv] = lat;
    offs[nv] = len;
    nv++;
    pLng = lng;
    pLat = lat;
    pCos = cos;
  }
  c.eU[E] = nu;
  c.eV[E] = nvv;
  c.eLen[E] = len;
  c.eDir[E] = dir;
  if (dir >= 0) c.adjStart[nu]++;
  if (dir <= 0) c.adjStart[nvv]++;
  c.totalLen += len;
  const lo = nu < nvv ? nu : nvv;
  c.chain[E] = c.headLo[lo];
  c.headLo[lo] = E;
  c.E = E + 1;
  c.nv = nv;
  c.eStart[E + 1] = nv;
}

/**
 * The CSR from the arc counts (at [n]): the arcs leaving node n are adjStart[n] … adjStart[n+1]-1,
 * in edge order (U's arc before V's). Filled from the last edge back, each count a cursor.
 */
function fillCsr(adjStart: Int32Array, edgeU: Int32Array, edgeV: Int32Array, edgeLen: Float64Array, edgeDir: Int8Array, alloc: Alloc): {
  adjStart: Int32Array; adjTo: Int32Array; adjEdge: Int32Array; adjLen: Float64Array;
} {
  const N = adjStart.length - 1;
  for (let n = 1; n < N; n++) adjStart[n] += adjStart[n - 1];
  const M = N > 0 ? adjStart[N - 1] : 0;
  adjStart[N] = M;
  const adjTo = alloc.i32(M), adjEdge = alloc.i32(M), adjLen = alloc.f64(M);
  for (let e = edgeU.length - 1; e >= 0; e--) {
    const d = edgeDir[e], u = edgeU[e], v = edgeV[e], len = edgeLen[e];
    if (d <= 0) {
      const k = --adjStart[v];
      adjTo[k] = u; adjEdge[k] = e; adjLen[k] = len;
    }
    if (d >= 0) {
      const k = --adjStart[u];
      adjTo[k] = v; adjEdge[k] = e; adjLen[k] = len;
    }
  }
  return { adjStart, adjTo, adjEdge, adjLen };
}

/**
 * Connected components ignoring direction (union-find), ranked by walkable length, largest
 * first. `parent`, `rank` (Int32, ≥ N) and `lenByRoot` (Float64, ≥ N) are scratch buffers the
 * build no longer needs.
 */
function componentsOf(N: number, edgeU: Int32Array, edgeV: Int32Array, edgeLen: Float64Array, parent: Int32Array, rank: Int32Array, lenByRoot: Float64Array, alloc: Alloc): {
  nodeComponent: Int32Array; components: number; largestLen: number;
} {
  for (let i = 0; i < N; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let e = 0; e < edgeU.length; e++) {
    const a = find(edgeU[e]), b = find(edgeV[e]);
    if (a !== b) parent[a] = b;
  }
  lenByRoot.fill(0, 0, N);
  for (let e = 0; e < edgeU.length; e++) lenByRoot[find(edgeU[e])] += edgeLen[e];
  const order: number[] = [];
  for (let i = 0; i < N; i++) if (find(i) === i) order.push(i);
  order.sort((a, b) => lenByRoot[b] - lenByRoot[a]);
  order.forEach((r, i) => { rank[r] = i; });
  const nodeComponent = alloc.i32(N);
  for (let i = 0; i < N; i++) nodeComponent[i] = rank[find(i)];
  return { nodeComponent, components: order.length, largestLen: order.length ? lenByRoot[order[0]] : 0 };
}
