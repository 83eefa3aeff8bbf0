/**
 * Residents' isochrones and facility times from one place over the network, with the same
 * model as coverage (README "Street network"): the resident walks the straight access leg to the nearest
 * walkable edge, then the network; a place is within B minutes when it lies within the trim
 * of a network point q with t(q) + |p − q| / speed ≤ B. The area is drawn by evaluating the
 * cover field (capsules and discs, reachField.ts) on a fine lattice and tracing its zero
 * contour (marching squares, linear interpolation), so the outline follows the exact area to
 * within a fraction of the lattice step.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { dijkstraBuffers, multiSourceDijkstra, resetBuffers, type DijkstraBuffers, type Seed } from './dijkstra';
import type { NetworkGraph } from './graph';
import type { NetworkModel } from './networkModel';
import { CategoryReach } from './reachField';

export interface IsochroneOptions {
  trimM: number;
  accessM: number;
  /** lattice step, metres (default 10) */
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

// Dijkstra buffers kept per graph: an isochrone walks a few km, so only the nodes it touched
// are reset (no full-size allocation per call).
const buffers = new WeakMap<NetworkGraph, DijkstraBuffers>();

/** One bounded Dijkstra from the place (cutoff = the largest budget); the reach shares the buffer's distances. */
function reachFrom(model: NetworkModel, x: number, y: number, budgetM: number, opts: IsochroneOptions): { reach: CategoryReach; nodes: Int32Array } | null {
  const link = model.link(x, y, opts.accessM);
  if (!link) return null;
  const g = model.graph;
  let b = buffers.get(g);
  if (!b) buffers.set(g, (b = dijkstraBuffers(g)));
  resetBuffers(b);
  const { edge, off, access } = link;
  const seeds: Seed[] = [];
  if (g.edgeDir[edge] !== 1) seeds.push({ node: g.edgeU[edge], cost: access + off, source: 0 });
  if (g.edgeDir[edge] !== -1) seeds.push({ node: g.edgeV[edge], cost: access + (g.edgeLen[edge] - off), source: 0 });
  multiSourceDijkstra(g, seeds, budgetM, b);
  const reach = new CategoryReach(model, [{ index: 0, link }], budgetM, opts.trimM, budgetM, undefined, b.dist);
  return { reach, nodes: b.settled.subarray(0, b.settledCount) };
}

/**
 * The edges walked out of a reached node, and the place's own edge (each once): an edge has a
 * capsule only where a front enters it, i.e. from a reached end it may be walked from.
 */
function reachedEdges(g: NetworkGraph, nodes: Int32Array, own: number): Int32Array {
  const seen = new Set<number>([own]);
  const out: number[] = [own];
  for (const n of nodes) {
    for (let k = g.adjStart[n]; k < g.adjStart[n + 1]; k++) { const e = g.adjEdge[k]; if (!seen.has(e)) { seen.add(e); out.push(e); } }
  }
  return Int32Array.from(out);
}

/** Isochrone polygons (largest minutes first, so smaller ones draw on top). */
export function networkIsochrones(model: NetworkModel, lng: number, lat: number, minutes: readonly number[], speedKmh: number, opts: IsochroneOptions): IsochroneResult {
  const t0 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const proj = model.frame.projection;
  const [x, y] = proj.forward(lng, lat);
  const mpm = (speedKmh * 1000) / 60;
  const step = opts.stepM ?? 10;
  const features: Feature<Polygon | MultiPolygon, IsochroneProps>[] = [];
  let access = 0;
  const sorted = [...minutes].sort((a, b) => b - a);
  const from = reachFrom(model, x, y, sorted[0] * mpm, opts);
  if (!from) {
    const far = model.link(x, y, opts.accessM * 10);
    return { ok: false, reason: 'not-linked', nearestM: far ? far.access : null };
  }
  const full = from.reach;
  const edges = reachedEdges(model.graph, from.nodes, full.sources[0].link.edge);
  for (const m of sorted) {
    const T = m * mpm;
    // one Dijkstra (for the largest budget) serves every smaller one
    const reach = T === full.budgetM ? full : full.withBudget(T);
    access = reach.sources[0].link.access;
    const { rings, area } = contour(model, reach, edges, x, y, T, step);
    const polys = assemble(rings).map((poly) => poly.map((ring) => ring.map(([px, py]) => proj.inverse(px, py) as Position)));
    features.push({
      type: 'Feature',
      properties: { minutes: m, speed_kmh: speedKmh, area_km2: Number((area / 1e6).toFixed(4)), model: `network trim=${opts.trimM}m access=${opts.accessM}m` },
      geometry: polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys },
    });
  }
  const ms = (typeof performance !== 'undefined' ? performance.now() : Date.now()) - t0;
  return { ok: true, collection: { type: 'FeatureCollection', features }, accessM: access, ms };
}

// The cover field on a lattice around the origin, then its zero contour as closed rings.
function contour(model: NetworkModel, reach: CategoryReach, edges: Int32Array, ox: number, oy: number, T: number, step: number): { rings: number[][][]; area: number } {
  const r = reach.trimM;
  const R = T + r + 2 * step;
  const n = Math.ceil((2 * R) / step) + 1;
  const x0 = ox - R, y0 = oy - R;
  const F = new Float32Array(n * n).fill(-r - step);
  const g = model.graph;
  const tmp: number[] = [];
  const caps: number[] = [];
  // capsules of every reached segment, splatted onto the lattice
  const splat = (ax: number, ay: number, bx: number, by: number, rad: number) => {
    const i0 = Math.max(0, Math.floor((Math.min(ax, bx) - rad - x0) / step) - 1), i1 = Math.min(n - 1, Math.ceil((Math.max(ax, bx) + rad - x0) / step) + 1);
    const j0 = Math.max(0, Math.floor((Math.min(ay, by) - rad - y0) / step) - 1), j1 = Math.min(n - 1, Math.ceil((Math.max(ay, by) + rad - y0) / step) + 1);
    const dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    for (let j = j0; j <= j1; j++) {
      const py = y0 + j * step;
      for (let i = i0; i <= i1; i++) {
        const px = x0 + i * step;
        let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const ex = px - ax - t * dx, ey = py - ay - t * dy;
        const v = rad - Math.sqrt(ex * ex + ey * ey);
        const k = j * n + i;
        if (v > F[k]) F[k] = v;
      }
    }
  };
  for (const e of edges) {
    if (reach.dist[g.edgeU[e]] > T - r && reach.dist[g.edgeV[e]] > T - r && !reach.srcEdge[e]) continue;
    for (let k = g.edgeVertStart[e], k1 = g.edgeVertStart[e + 1] - 1; k < k1; k++) {
      caps.length = 0;
      reach.capsules(k, tmp, caps);
      for (let q = 0; q < caps.length; q += 4) splat(caps[q], caps[q + 1], caps[q + 2], caps[q + 3], r);
    }
  }
  for (let q = 0; q < reach.discs.length; q += 3) splat(reach.discs[q], reach.discs[q + 1], reach.discs[q], reach.discs[q + 1], reach.discs[q + 2]);
  return marchingSquares(F, n, x0, y0, step);
}

/** Zero contour of a lattice field (inside = F ≥ 0) as closed rings: outer rings counter-clockwise, holes clockwise. */
export function marchingSquares(F: Float32Array, n: number, x0: number, y0: number, step: number): { rings: number[][][]; area: number } {
  // segment endpoints are keyed by lattice edge: horizontal edge (i,j)-(i+1,j) = 2*(j*n+i), vertical (i,j)-(i,j+1) = 2*(j*n+i)+1
  const next = new Int32Array(2 * n * n).fill(-1);
  const from: number[] = [];
  const at = (i: number, j: number) => F[j * n + i];
  const edgePoint = (key: number): number[] => {
    const base = key >> 1, i = base % n, j = (base - i) / n;
    const a = at(i, j);
    if (key & 1) {
      const b = at(i, j + 1);
      return [x0 + i * step, y0 + (j + a / (a - b)) * step];
    }
    const b = at(i + 1, j);
    return [x0 + (i + a / (a - b)) * step, y0 + j * step];
  };
  const seg = (a: number, b: number) => { next[a] = b; from.push(a); };
  for (let j = 0; j < n - 1; j++) {
    for (let i = 0; i < n - 1; i++) {
      const bl = at(i, j) >= 0 ? 1 : 0, br = at(i + 1, j) >= 0 ? 2 : 0, tr = at(i + 1, j + 1) >= 0 ? 4 : 0, tl = at(i, j + 1) >= 0 ? 8 : 0;
      const c = bl | br | tr | tl;
      if (c === 0 || c === 15) continue;
      const B = 2 * (j * n + i), T = 2 * ((j + 1) * n + i), L = 2 * (j * n + i) + 1, R = 2 * (j * n + i + 1) + 1;
      // every segment has the inside on its right (reversed per ring below)
      switch (c) {
        case 1: seg(L, B); break;
        case 2: seg(B, R); break;
        case 3: seg(L, R); break;
        case 4: seg(R, T); break;
        case 5: { const mid = (at(i, j) + at(i + 1, j) + at(i + 1, j + 1) + at(i, j + 1)) / 4; if (mid >= 0) { seg(L, T); seg(R, B); } else { seg(L, B); seg(R, T); } break; }
        case 6: seg(B, T); break;
        case 7: seg(L, T); break;
        case 8: seg(T, L); break;
        case 9: seg(T, B); break;
        case 10: { const mid = (at(i, j) + at(i + 1, j) + at(i + 1, j + 1) + at(i, j + 1)) / 4; if (mid >= 0) { seg(B, L); seg(T, R); } else { seg(B, R); seg(T, L); } break; }
        case 11: seg(T, R); break;
        case 12: seg(R, L); break;
        case 13: seg(R, B); break;
        case 14: seg(B, L); break;
      }
    }
  }
  const rings: number[][][] = [];
  let area = 0;
  const used = new Uint8Array(2 * n * n);
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
    let s = 0;
    for (let q = 0; q < ring.length - 1; q++) s += ring[q][0] * ring[q + 1][1] - ring[q + 1][0] * ring[q][1];
    area += s / 2;
    rings.push(ring);
  }
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
  const outers = rings.filter((r) => signedArea(r) > 0).sort((a, b) => signedArea(a) - signedArea(b));
  const polys: number[][][][] = outers.map((o) => [o]);
  for (const h of rings.filter((r) => signedArea(r) < 0)) {
    const k = outers.findIndex((o) => inside(o, h[0][0], h[0][1]));
    if (k >= 0) polys[k].push(h);
  }
  return polys;
}
