/**
 * Writes what scripts/network_check.py needs to check the network model independently:
 * the graph (polylines, lengths, directions), the facilities, and the engine's own answers
 * (node distances per category, links, unit shares). Python recomputes everything from the
 * graph and the facilities and compares.
 *
 *   npx tsx scripts/network-check-data.ts --network <file> [--facilities N] [--seed S] [--trim 100] [--access 200] [--max-depth D (every cell at depth D; default: the engine's own depths)] --out <file.json>
 *   npx tsx scripts/network-check-data.ts --network generated:<side> [...] --out <file.json>  (coverage on a synthetic street grid of side × side nodes around 人民广场)
 *   npx tsx scripts/network-check-data.ts --generated <side> [--seed S] --out <file.json>     (Dijkstra only, a random street grid)
 *   npx tsx scripts/network-check-data.ts --isochrones <N> [--network <file> | --generated <side>] [--seed S] [--trim 100] [--access 200] [--step 10] --out <file.json>
 *     (residents' 5/10/15-minute isochrones from N seeded random places: the polygons as the app draws them)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Category, UnitFeature } from '../src/domain/types';
import { defaultWalkParams, metresPerMinute } from '../src/domain/walk';
import { mulberry32 } from '../src/domain/prng';
import { buildGraph, type NetworkGraph } from '../src/geo/network/graph';
import { NetworkCoverage } from '../src/geo/network/networkCoverage';
import { dijkstraBuffers, multiSourceDijkstra, type Seed } from '../src/geo/network/dijkstra';
import { generateStreetGrid } from '../src/geo/network/generate';
import { networkIsochrones } from '../src/geo/network/isochrone';
import { NetworkModel } from '../src/geo/network/networkModel';
import { projectionForBbox } from '../src/geo/projection';
import { buildUnitGrid } from '../src/geo/unitGrid';
import { parseNetworkFile } from '../src/io/network/parseNetwork';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function fail(msg: string): never {
  console.error(`network-check-data: ${msg}`);
  process.exit(2);
}

const out = arg('--out') ?? fail('--out <file.json> is required');
const seed = Number(arg('--seed') ?? 1);
const rnd = mulberry32(seed);
const fin = (d: number) => (Number.isFinite(d) ? d : null);

function graphJson(g: NetworkGraph) {
  const edges = [];
  for (let e = 0; e < g.edgeCount; e++) {
    const coords = [];
    for (let k = g.edgeVertStart[e]; k < g.edgeVertStart[e + 1]; k++) coords.push([g.vertLng[k], g.vertLat[k]]);
    edges.push({ u: g.edgeU[e], v: g.edgeV[e], dir: g.edgeDir[e], len: g.edgeLen[e], coords });
  }
  return { nodes: Array.from({ length: g.nodeCount }, (_, n) => [g.nodeLng[n], g.nodeLat[n]]), edges };
}

const generated = arg('--generated');
const isoCount = arg('--isochrones');
if (isoCount) {
  const trim = Number(arg('--trim') ?? 100), access = Number(arg('--access') ?? 200), step = Number(arg('--step') ?? 10);
  const file = arg('--network') ?? 'geodata/renminguangchang-drive-2026.osm';
  const g = generated
    ? generateStreetGrid({ side: Number(generated), spacingM: 90, seed, oneWayShare: 0.05, dropShare: 0.08, jitterM: 20 })
    : buildGraph(await parseNetworkFile(file, new Uint8Array(readFileSync(file))));
  // the frame the residents' service and the CLI use (a plane fitted to the network's extent, 125 m buckets)
  const [a, b, c, d] = g.extent;
  const projection = projectionForBbox(a, b, c, d);
  const h = 125;
  const [px0, py0] = projection.forward(a, b), [px1, py1] = projection.forward(c, d);
  const model = new NetworkModel(g, {
    projection, cellSize: h, gx0: Math.floor(Math.min(px0, px1) / h) * h - 4 * h, gy0: Math.floor(Math.min(py0, py1) / h) * h - 4 * h,
    nx: Math.ceil((Math.abs(px1 - px0) + 8 * h) / h) + 1, ny: Math.ceil((Math.abs(py1 - py0) + 8 * h) / h) + 1,
  });
  const speedKmh = 4.5;
  const places = [];
  while (places.length < Number(isoCount)) {
    // inside the middle 60 % of the extent, so that most of the 15-minute area has network
    const lng = a + (0.2 + 0.6 * rnd()) * (c - a), lat = b + (0.2 + 0.6 * rnd()) * (d - b);
    const res = networkIsochrones(model, lng, lat, [5, 10, 15], speedKmh, { trimM: trim, accessM: access, stepM: step });
    if (!res.ok) continue;
    places.push({ lng, lat, access: res.accessM, features: res.collection.features });
  }
  writeFileSync(out, JSON.stringify({ kind: 'isochrone', file: generated ? `generated ${generated}` : file, speed_mpm: metresPerMinute(speedKmh), trim, access, step, graph: graphJson(g), places }));
  console.log(`wrote ${out}: ${g.nodeCount} nodes, ${g.edgeCount} edges, ${places.length} places`);
  process.exit(0);
}
if (generated) {
  const side = Number(generated);
  const g = generateStreetGrid({ side, spacingM: 90, seed, oneWayShare: 0.05, dropShare: 0.08, jitterM: 20 });
  const b = dijkstraBuffers(g);
  const seeds: Seed[] = [];
  for (let i = 0; i < Math.max(3, side); i++) seeds.push({ node: Math.floor(rnd() * g.nodeCount), cost: rnd() * 150, source: i });
  const cutoff = 1500;
  multiSourceDijkstra(g, seeds, cutoff, b);
  writeFileSync(out, JSON.stringify({ kind: 'dijkstra', graph: graphJson(g), seeds: seeds.map((s) => [s.node, s.cost]), cutoff, dist: Array.from(b.dist, fin) }));
  console.log(`wrote ${out}: ${g.nodeCount} nodes, ${g.edgeCount} edges, ${seeds.length} seeds`);
  process.exit(0);
}

const file = arg('--network') ?? 'geodata/renminguangchang-drive-2026.osm';
const trim = Number(arg('--trim') ?? 100), access = Number(arg('--access') ?? 200);
const nFac = Number(arg('--facilities') ?? 80);
const maxDepth = arg('--max-depth') === undefined ? undefined : Number(arg('--max-depth'));
// generated:<side> — a synthetic street grid around 人民广场 (generate.ts; synthetic, says so) instead of a file
const gen = /^generated:(\d+)$/.exec(file);
const g = gen
  ? generateStreetGrid({ side: Number(gen[1]), spacingM: 90, seed, oneWayShare: 0.05, dropShare: 0.08, jitterM: 20 })
  : buildGraph(await parseNetworkFile(file, new Uint8Array(readFileSync(file))));
const units = (JSON.parse(readFileSync('geodata/units.geojson', 'utf8')) as { features: UnitFeature[] }).features;
const categories = (JSON.parse(readFileSync('geodata/categories.json', 'utf8')) as { categories: Category[] }).categories;
const [x0, y0, x1, y1] = g.extent;
// units near the extent only (the grid is built for them)
const near = units.filter((u) => {
  const ring = u.geometry.type === 'Polygon' ? u.geometry.coordinates[0] : u.geometry.coordinates.flatMap((p) => p[0]);
  return ring.some(([x, y]) => x > x0 - 0.03 && x < x1 + 0.03 && y > y0 - 0.03 && y < y1 + 0.03);
});
const grid = buildUnitGrid(near);
const nc = new NetworkCoverage(categories, grid, near, g, { trimM: trim, accessM: access, minExtentShare: 0, maxDepth, ...(maxDepth === undefined ? {} : { coarseUnitAreaM2: Infinity }) });
const facilities = [];
for (let i = 0; i < nFac; i++) {
  const cats = [categories[Math.floor(rnd() * categories.length)].id];
  if (rnd() < 0.3) cats.push(categories[Math.floor(rnd() * categories.length)].id);
  facilities.push({ id: `f${i}`, lng: x0 + rnd() * (x1 - x0), lat: y0 + rnd() * (y1 - y0), categories: [...new Set(cats)] });
}
nc.setFacilities(facilities);
const params = { ...defaultWalkParams(), minutes: Object.fromEntries(categories.map((c, i) => [c.id, [5, 10, 15][i % 3]])) };
const res = nc.compute(params);
const S = res.slots.length;
const unitsOut = [];
for (let u = 0; u < near.length; u++) {
  if (res.unitAreaM2[u] <= 0) continue;
  const shares: Record<string, number> = {};
  res.slots.forEach((s, k) => { shares[s] = (100 * res.coveredM2[u * S + k]) / res.unitAreaM2[u]; });
  unitsOut.push({ id: res.unitIds[u], geometry: near[u].geometry, area_m2: res.unitAreaM2[u], shares });
}
const h = grid.cellSize;
const cells = [];
for (let c = 0; c < grid.cellCount; c++) {
  if (!nc.cellIn[c]) continue;
  const cx = grid.cellCx[c], cy = grid.cellCy[c];
  cells.push([[cx - h / 2, cy - h / 2], [cx + h / 2, cy - h / 2], [cx + h / 2, cy + h / 2], [cx - h / 2, cy + h / 2]].map(([x, y]) => grid.projection.inverse(x, y)));
}
const cats = categories.map((c) => {
  const reach = nc.reachOf(c.id);
  return { id: c.id, budget_m: res.categories.find((k) => k.id === c.id)?.reachM, cutoff_m: reach?.cutoffM, dist: reach ? Array.from(reach.dist, fin) : [] };
});
writeFileSync(out, JSON.stringify({
  kind: 'coverage', file, speed_mpm: metresPerMinute(params.speedKmh), trim, access,
  graph: graphJson(g), facilities, categories: cats, complete_of: res.completeOf, units: unitsOut, extent_cells: cells,
  links: facilities.map((f, i) => { void f; const l = (nc as unknown as { links: ({ link: { edge: number; off: number; access: number } } | null)[] }).links[i]; return l ? l.link : null; }),
}));
console.log(`wrote ${out}: ${g.nodeCount} nodes, ${g.edgeCount} edges, ${facilities.length} facilities, ${unitsOut.length} units with network data`);
