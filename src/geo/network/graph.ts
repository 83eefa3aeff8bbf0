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
  // edges: count first, then fill typed arrays
  let E0 = 0, V0 = 0;
  for (let w = 0; w < W; w++) {
    const a = raw.wayStart[w], b = raw.wayStart[w + 1];
    for (let k = a + 1; k < b; k++) if (nodeOf[raw.wayNodes[k]] >= 0) { E0++; }
    V0 += b - a;
  }
  V0 += E0; // shared ends are stored once per edge
  const eU = new Int32Array(E0), eV = new Int32Array(E0), eLen = new Float64Array(E0), eDir = new Int8Array(E0), eStart = new Int32Array(E0 + 1);
  const verts = new Int32Array(V0), offs = new Float64Array(V0);
  // duplicates share their end nodes: edges are chained per lower end node, then the vertex runs compared
  const headLo = new Int32Array(N).fill(-1);
  const chain = new Int32Array(E0).fill(-1);
  let E = 0, nv = 0, dups = 0;
  const rl = raw.lng, rt = raw.lat, wn = raw.wayNodes;
  for (let w = 0; w < W; w++) {
    const a = raw.wayStart[w], b = raw.wayStart[w + 1];
    const dir = raw.wayDir[w];
    let start = a;
    for (let k = a + 1; k < b; k++) {
      if (nodeOf[wn[k]] < 0) continue;
      const nu = nodeOf[wn[start]], nvv = nodeOf[wn[k]];
      const lo = nu < nvv ? nu : nvv, hi = nu < nvv ? nvv : nu;
      const n = k - start + 1;
      let dupOf = -1, same = false;
      for (let q = headLo[lo]; q >= 0; q = chain[q]) {
        if ((eU[q] > eV[q] ? eU[q] : eV[q]) !== hi) continue;
        const qs = eStart[q], qn = eStart[q + 1] - qs;
        if (qn !== n) continue;
        let fwd = true, rev = true;
        for (let j = 0; j < n && (fwd || rev); j++) {
          if (verts[qs + j] !== wn[start + j]) fwd = false;
          if (verts[qs + j] !== wn[k - j]) rev = false;
        }
        if (fwd || rev) { dupOf = q; same = fwd; break; }
      }
      if (dupOf >= 0) {
        dups++;
        const d = same ? dir : -dir;
        if (eDir[dupOf] !== d) eDir[dupOf] = 0;
      } else {
        eStart[E] = nv;
        let len = 0;
        for (let j = start; j <= k; j++) {
          if (j > start) len += distanceM(rl[wn[j - 1]], rt[wn[j - 1]], rl[wn[j]], rt[wn[j]]);
          verts[nv] = wn[j];
          offs[nv] = len;
          nv++;
        }
        eU[E] = nu;
        eV[E] = nvv;
        eLen[E] = len;
        eDir[E] = dir;
        chain[E] = headLo[lo];
        headLo[lo] = E;
        E++;
        eStart[E] = nv;
      }
      start = k;
    }
  }
  const edgeU = eU.slice(0, E), edgeV = eV.slice(0, E);
  const edgeLen = eLen.slice(0, E), edgeDir = eDir.slice(0, E);
  const vertLng = new Float64Array(nv), vertLat = new Float64Array(nv);
  for (let j = 0; j < nv; j++) {
    vertLng[j] = rl[verts[j]];
    vertLat[j] = rt[verts[j]];
  }
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
    edgeVertStart: eStart.slice(0, E + 1), vertLng, vertLat, vertOff: offs.slice(0, nv),
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
  const lenByRoot = new Float64Array(N);
  for (let e = 0; e < edgeU.length; e++) lenByRoot[find(edgeU[e])] += edgeLen[e];
  const order: number[] = [];
  for (let i = 0; i < N; i++) if (find(i) === i) order.push(i);
  order.sort((a, b) => lenByRoot[b] - lenByRoot[a]);
  const rank = new Int32Array(N);
  order.forEach((r, i) => { rank[r] = i; });
  const nodeComponent = new Int32Array(N);
  for (let i = 0; i < N; i++) nodeComponent[i] = rank[find(i)];
  return { nodeComponent, components: order.length, largestLen: order.length ? lenByRoot[order[0]] : 0 };
}
