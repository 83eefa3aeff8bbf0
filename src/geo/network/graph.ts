/**
 * The walk network as compact typed arrays (README "Street network").
 *
 * Ways are split at every vertex shared with another way (and at their ends); each piece is
 * an edge with its polyline and its geodesic length (sum of great-circle segment lengths on
 * the sphere R = 6 371 008.8 m, the radius Turf and the coverage engine use). Adjacency is
 * CSR (compressed sparse rows): the arcs leaving node n are adjStart[n] … adjStart[n+1]-1.
 * Walking is two-way on every edge unless the way said oneway:foot.
 */
import { distanceM } from '../../io/crs';
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

export function buildGraph(raw: RawNetwork): NetworkGraph {
  const V = raw.lng.length;
  const W = raw.wayStart.length - 1;
  // vertices used by several ways (or twice by one) and way ends become nodes
  const uses = new Uint8Array(V);
  for (let w = 0; w < W; w++) {
    const a = raw.wayStart[w], b = raw.wayStart[w + 1];
    for (let k = a; k < b; k++) {
      const v = raw.wayNodes[k];
      if (uses[v] < 3) uses[v]++;
    }
    uses[raw.wayNodes[a]] = 3;
    uses[raw.wayNodes[b - 1]] = 3;
  }
  const nodeOf = new Int32Array(V).fill(-1);
  let N = 0;
  for (let v = 0; v < V; v++) if (uses[v] >= 2) nodeOf[v] = N++;
  const nodeLng = new Float64Array(N), nodeLat = new Float64Array(N);
  for (let v = 0; v < V; v++) if (nodeOf[v] >= 0) {
    nodeLng[nodeOf[v]] = raw.lng[v];
    nodeLat[nodeOf[v]] = raw.lat[v];
  }
  // edges
  const eU: number[] = [], eV: number[] = [], eLen: number[] = [], eDir: number[] = [], eStart: number[] = [0];
  const verts: number[] = [];
  const offs: number[] = [];
  const seen = new Map<string, number>();
  let dups = 0;
  for (let w = 0; w < W; w++) {
    const a = raw.wayStart[w], b = raw.wayStart[w + 1];
    const dir = raw.wayDir[w];
    let start = a;
    for (let k = a + 1; k < b; k++) {
      if (nodeOf[raw.wayNodes[k]] < 0) continue;
      // an edge from start to k
      const seq = raw.wayNodes.subarray(start, k + 1);
      const key = edgeKey(seq);
      const prev = seen.get(key);
      if (prev !== undefined) {
        dups++;
        const same = nodeOf[seq[0]] === eU[prev] && (seq.length < 3 || verts[eStart[prev] + 1] === seq[1]);
        const d = same ? dir : -dir;
        if (eDir[prev] !== d) eDir[prev] = 0;
      } else {
        seen.set(key, eU.length);
        let len = 0;
        for (let j = 0; j < seq.length; j++) {
          if (j > 0) len += distanceM(raw.lng[seq[j - 1]], raw.lat[seq[j - 1]], raw.lng[seq[j]], raw.lat[seq[j]]);
          verts.push(seq[j]);
          offs.push(len);
        }
        eU.push(nodeOf[seq[0]]);
        eV.push(nodeOf[seq[seq.length - 1]]);
        eLen.push(len);
        eDir.push(dir);
        eStart.push(verts.length);
      }
      start = k;
    }
  }
  const E = eU.length;
  const edgeU = Int32Array.from(eU), edgeV = Int32Array.from(eV);
  const edgeLen = Float64Array.from(eLen), edgeDir = Int8Array.from(eDir);
  const vertLng = Float64Array.from(verts, (v) => raw.lng[v]);
  const vertLat = Float64Array.from(verts, (v) => raw.lat[v]);
  const { adjStart, adjTo, adjEdge, adjLen } = buildCsr(N, edgeU, edgeV, edgeLen, edgeDir);
  const { nodeComponent, components, largestLen } = componentsOf(N, edgeU, edgeV, edgeLen);
  let totalLen = 0;
  for (let e = 0; e < E; e++) totalLen += edgeLen[e];
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
    edgeVertStart: Int32Array.from(eStart), vertLng, vertLat, vertOff: Float64Array.from(offs),
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
      duplicateEdgesMerged: dups,
      missingNodeRefs: raw.missingNodeRefs,
      elementsRead: raw.elementsRead,
    },
  };
}

// The same vertex sequence in either direction is one edge.
function edgeKey(seq: Int32Array): string {
  const n = seq.length;
  const fwd = seq[0] < seq[n - 1] || (seq[0] === seq[n - 1] && (n < 3 || seq[1] <= seq[n - 2]));
  let s = '';
  for (let j = 0; j < n; j++) s += (fwd ? seq[j] : seq[n - 1 - j]) + ',';
  return s;
}

export function buildCsr(N: number, edgeU: Int32Array, edgeV: Int32Array, edgeLen: Float64Array, edgeDir: Int8Array): {
  adjStart: Int32Array; adjTo: Int32Array; adjEdge: Int32Array; adjLen: Float64Array;
} {
  const E = edgeU.length;
  const adjStart = new Int32Array(N + 1);
  for (let e = 0; e < E; e++) {
    if (edgeDir[e] >= 0) adjStart[edgeU[e] + 1]++;
    if (edgeDir[e] <= 0) adjStart[edgeV[e] + 1]++;
  }
  for (let n = 0; n < N; n++) adjStart[n + 1] += adjStart[n];
  const M = adjStart[N];
  const adjTo = new Int32Array(M), adjEdge = new Int32Array(M), adjLen = new Float64Array(M);
  const fill = adjStart.slice(0, N);
  for (let e = 0; e < E; e++) {
    if (edgeDir[e] >= 0) {
      const k = fill[edgeU[e]]++;
      adjTo[k] = edgeV[e]; adjEdge[k] = e; adjLen[k] = edgeLen[e];
    }
    if (edgeDir[e] <= 0) {
      const k = fill[edgeV[e]]++;
      adjTo[k] = edgeU[e]; adjEdge[k] = e; adjLen[k] = edgeLen[e];
    }
  }
  return { adjStart, adjTo, adjEdge, adjLen };
}

function componentsOf(N: number, edgeU: Int32Array, edgeV: Int32Array, edgeLen: Float64Array): {
  nodeComponent: Int32Array; components: number; largestLen: number;
} {
  const parent = new Int32Array(N);
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
  const lenByRoot = new Map<number, number>();
  for (let e = 0; e < edgeU.length; e++) {
    const r = find(edgeU[e]);
    lenByRoot.set(r, (lenByRoot.get(r) ?? 0) + edgeLen[e]);
  }
  const roots = new Set<number>();
  for (let i = 0; i < N; i++) roots.add(find(i));
  const order = [...roots].sort((a, b) => (lenByRoot.get(b) ?? 0) - (lenByRoot.get(a) ?? 0));
  const rank = new Map(order.map((r, i) => [r, i]));
  const nodeComponent = new Int32Array(N);
  for (let i = 0; i < N; i++) nodeComponent[i] = rank.get(find(i)) as number;
  return { nodeComponent, components: order.length, largestLen: order.length ? lenByRoot.get(order[0]) ?? 0 : 0 };
}
