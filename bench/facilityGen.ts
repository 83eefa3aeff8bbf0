/**
 * Seeded synthetic facility sets for the benchmark: N facilities over the given categories,
 * placed inside the planning units with probability proportional to each unit's estimated
 * population (so they cluster where people live, like real facilities). Each facility has
 * one category, and a second one with probability 0.3.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { UnitFeature } from '../src/domain/types';
import type { EngineFacility } from '../src/geo/coverageTypes';
import { mulberry32 } from '../src/domain/prng';

function inRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inGeometry(g: Polygon | MultiPolygon, x: number, y: number): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const poly of polys) {
    if (!inRing(poly[0], x, y)) continue;
    if (poly.slice(1).some((hole) => inRing(hole, x, y))) continue;
    return true;
  }
  return false;
}

export function generateFacilities(units: readonly UnitFeature[], categoryIds: readonly string[], n: number, seed = n): EngineFacility[] {
  const rnd = mulberry32(seed);
  const weights = units.map((u) => Math.max(1, u.properties.pop_est));
  const cum: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += w;
    cum.push(total);
  }
  const bboxes = units.map((u) => {
    const polys = u.geometry.type === 'Polygon' ? [u.geometry.coordinates] : u.geometry.coordinates;
    let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
    for (const p of polys) for (const [x, y] of p[0]) { a = Math.min(a, x); b = Math.min(b, y); c = Math.max(c, x); d = Math.max(d, y); }
    return [a, b, c, d];
  });
  const out: EngineFacility[] = [];
  for (let i = 0; i < n; i++) {
    const t = rnd() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    const [a, b, c, d] = bboxes[lo];
    let x = (a + c) / 2, y = (b + d) / 2;
    for (let k = 0; k < 100; k++) {
      const px = a + rnd() * (c - a), py = b + rnd() * (d - b);
      if (inGeometry(units[lo].geometry, px, py)) { x = px; y = py; break; }
    }
    const first = categoryIds[Math.floor(rnd() * categoryIds.length)];
    const cats = [first];
    if (rnd() < 0.3) {
      const second = categoryIds[Math.floor(rnd() * categoryIds.length)];
      if (second !== first) cats.push(second);
    }
    out.push({ id: `gen-${n}-${i}`, lng: Math.round(x * 1e6) / 1e6, lat: Math.round(y * 1e6) / 1e6, categories: cats });
  }
  return out;
}
