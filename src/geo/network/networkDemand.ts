/**
 * Residential points (`--demand`) under the network model, the way the circle engine uses them:
 * a unit's residents are the points in it, and a point is covered for a category when it lies
 * in the category's covered set (README "Street network": some network point q with walked distance d(q) ≤ T
 * within min(r, T − d(q)) of it; equivalently its network walking distance ≤ T), covered for
 * completeness when covered for every category completeness needs. Only points on the land the
 * network figures use count (units with network data, grid cells whose centre is inside the
 * network's extent). Applied to a finished NetworkCoverage result (one-shot: the command line);
 * district and city residents are summed again. Pure.
 */
import type { DemandPoint } from '../coverageTypes';
import { locatePoints } from '../unitGrid';
import type { NetworkCoverage, NetworkCoverageResult } from './networkCoverage';

export interface NetworkDemandInfo {
  /** points counted (in a unit with network data, on land inside the extent) */
  assigned: number;
  /** points in no unit */
  outside: number;
  /** points in a unit but off the network's land (no-data unit or cell outside the extent) */
  noNetworkData: number;
}

export function applyNetworkDemand(nc: NetworkCoverage, res: NetworkCoverageResult, points: readonly DemandPoint[]): NetworkDemandInfo {
  const g = nc.grid;
  const S = res.slots.length, C = S - 1;
  const loc = locatePoints(g, points);
  const reaches = res.categories.map((c) => nc.reachOf(c.id));
  const complete = res.completeOf.map((id) => res.slots.indexOf(id));
  const U = g.unitCount;
  const pop = new Float64Array(U);
  const covered = new Float64Array(U * S);
  let assigned = 0, noNetworkData = 0;
  const hit = new Uint8Array(C);
  for (let i = 0; i < loc.x.length; i++) {
    const u = loc.unit[i];
    if (u < 0) continue;
    const x = loc.x[i], y = loc.y[i];
    const col = Math.floor((x - g.gx0) / g.cellSize), row = Math.floor((y - g.gy0) / g.cellSize);
    const cell = col >= 0 && col < g.nx && row >= 0 && row < g.ny ? g.denseToCell[row * g.nx + col] : -1;
    if (res.network.noData[u] || cell < 0 || !nc.cellIn[cell]) {
      noNetworkData++;
      continue;
    }
    assigned++;
    const w = loc.w[i];
    pop[u] += w;
    for (let c = 0; c < C; c++) {
      const reach = reaches[c];
      hit[c] = reach && reach.sources.length > 0 && nc.net.coverAt(reach, x, y) >= 0 ? 1 : 0;
      if (hit[c]) covered[u * S + c] += w;
    }
    if (complete.length > 0 && complete.every((c) => hit[c])) covered[u * S + C] += w;
  }
  res.unitPop = pop;
  res.popCovered = covered;
  res.popSource = 'demand-points';
  // district and city residents again, over the same units as their areas
  const rows = new Map([...res.districts, res.city].map((r) => [r.code, r]));
  for (const r of rows.values()) {
    r.pop = 0;
    r.popCovered = r.popCovered.map(() => 0);
  }
  for (let u = 0; u < U; u++) {
    if (res.network.noData[u]) continue;
    for (const r of [rows.get(res.unitDistrict[u]), res.city]) {
      if (!r) continue;
      r.pop += pop[u];
      for (let s = 0; s < S; s++) r.popCovered[s] += covered[u * S + s];
    }
  }
  return { assigned, outside: loc.outside, noNetworkData };
}
