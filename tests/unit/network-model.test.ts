// The network model against independent computations: Dijkstra against Bellman–Ford, the
// covered area of one street against its closed form, walking times against brute force,
// and incremental edits against a fresh computation.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as turf from '@turf/turf';
import type { Category, UnitFeature } from '../../src/domain/types';
import type { EngineFacility } from '../../src/geo/coverageTypes';
import { defaultWalkParams, type WalkParams } from '../../src/domain/walk';
import { mulberry32 } from '../../src/domain/prng';
import { buildGraph } from '../../src/geo/network/graph';
import { generateStreetGrid } from '../../src/geo/network/generate';
import { dijkstraBuffers, MinHeap, multiSourceDijkstra, repairDijkstra, type Seed } from '../../src/geo/network/dijkstra';
import { NetworkCoverage, type NetworkHelper, type NetworkQueue } from '../../src/geo/network/networkCoverage';
import { buildUnitGrid } from '../../src/geo/unitGrid';
import { parseNetworkFile } from '../../src/io/network/parseNetwork';
import { bellmanFord } from '../fixtures/bellmanFord';

// whole-network runs: generous on a shared, loaded machine (no timing is asserted)
vi.setConfig({ testTimeout: 120_000 });

const enc = (s: string) => new TextEncoder().encode(s);

describe('multi-source Dijkstra', () => {
  it('equals Bellman–Ford on a generated grid with one-way edges, gaps and start costs', () => {
    const g = generateStreetGrid({ side: 25, spacingM: 80, seed: 5, oneWayShare: 0.2, dropShare: 0.1, jitterM: 15 });
    const rnd = mulberry32(9);
    const seeds: Seed[] = Array.from({ length: 6 }, (_, i) => ({ node: Math.floor(rnd() * g.nodeCount), cost: rnd() * 200, source: i }));
    const cutoff = 900;
    const b = dijkstraBuffers(g);
    multiSourceDijkstra(g, seeds, cutoff, b);
    // Bellman–Ford over the edge list (directions from edgeDir), no heap
    const d = new Float64Array(g.nodeCount).fill(Infinity);
    for (const s of seeds) d[s.node] = Math.min(d[s.node], s.cost);
    bellmanFord(g, d);
    let reached = 0;
    for (let n = 0; n < g.nodeCount; n++) {
      if (d[n] <= cutoff) {
        reached++;
        expect(b.dist[n]).toBeCloseTo(d[n], 6);
      } else expect(b.dist[n]).toBe(Infinity);
    }
    expect(reached).toBeGreaterThan(50);
    expect(reached).toBeLessThan(g.nodeCount);
  });

  it('repaired in place after sources leave and arrive, equals a fresh run (distances exactly)', () => {
    const g = generateStreetGrid({ side: 30, spacingM: 80, seed: 7, oneWayShare: 0.2, dropShare: 0.1, jitterM: 15 });
    const rnd = mulberry32(11);
    const cutoff = 1200;
    let seeds: Seed[] = Array.from({ length: 20 }, (_, i) => ({ node: Math.floor(rnd() * g.nodeCount), cost: rnd() * 150, source: i }));
    const b = dijkstraBuffers(g);
    multiSourceDijkstra(g, seeds, cutoff, b);
    const dist = b.dist.slice(), source = b.source.slice();
    let next = 20;
    for (let round = 0; round < 8; round++) {
      // drop two sources, add one (sometimes on a node another source also seeds)
      const gone = new Set([Math.floor(rnd() * 20) + round * 3, Math.floor(rnd() * 20) + round * 3]);
      seeds = seeds.filter((s) => !gone.has(s.source));
      const node = round % 3 === 0 ? seeds[0].node : Math.floor(rnd() * g.nodeCount);
      seeds.push({ node, cost: rnd() * 150, source: next++ });
      const changed = repairDijkstra(g, dist, source, (x) => gone.has(x), seeds, cutoff, new MinHeap());
      const f = dijkstraBuffers(g);
      multiSourceDijkstra(g, seeds, cutoff, f);
      let differs = 0;
      for (let n = 0; n < g.nodeCount; n++) if (dist[n] !== f.dist[n]) differs++;
      expect(differs).toBe(0);
      // every node whose distance moved is reported
      const moved = new Set(changed);
      for (let n = 0; n < g.nodeCount; n++) if (b.dist[n] !== dist[n] && !moved.has(n)) expect.fail(`node ${n} changed unreported`);
      b.dist.set(dist);
    }
  });
});

// One straight east–west street through the middle of a 2 km square unit.
const LAT = 31.23, LNG = 121.47;
const dLng = (m: number) => m / (111_195 * Math.cos((LAT * Math.PI) / 180));
const dLat = (m: number) => m / 111_195;
const STREET = `<osm version="0.6"><bounds minlon="${LNG - dLng(1500)}" minlat="${LAT - dLat(1500)}" maxlon="${LNG + dLng(1500)}" maxlat="${LAT + dLat(1500)}"/>
<node id="1" lon="${LNG - dLng(1400)}" lat="${LAT}"/><node id="2" lon="${LNG + dLng(1400)}" lat="${LAT}"/>
<way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way></osm>`;
const SQUARE: UnitFeature = {
  type: 'Feature',
  properties: { id: 'sq', name: 'sq', district: '310101', area_km2: 4, pop_est: 1000, pop_source: 'test' },
  geometry: { type: 'Polygon', coordinates: [[[LNG - dLng(1000), LAT - dLat(1000)], [LNG + dLng(1000), LAT - dLat(1000)], [LNG + dLng(1000), LAT + dLat(1000)], [LNG - dLng(1000), LAT + dLat(1000)], [LNG - dLng(1000), LAT - dLat(1000)]]] },
};
const CAT: Category[] = [{ id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 5, standardRadiusM: 300, standard: 't' }];

describe('network coverage of one street', async () => {
  const g = buildGraph(await parseNetworkFile('street.osm', enc(STREET)));
  const grid = buildUnitGrid([SQUARE]);
  const nc = new NetworkCoverage(CAT, grid, [SQUARE], g, { trimM: 100, accessM: 200 });
  // a facility 50 m north of the street (access leg 50 m)
  const fLat = LAT + dLat(50);
  nc.setFacilities([{ id: 'f', lng: LNG + dLng(37), lat: fLat, categories: ['a'] }]);
  const res = nc.compute(defaultWalkParams());

  it('covers exactly the capsule: (T − trim − access) each way, trim wide, round ends', () => {
    const T = 4500 / 60 * 5; // 375 m
    const half = T - 100 - turf.distance([LNG + dLng(37), fLat], [LNG + dLng(37), LAT], { units: 'meters' });
    const expected = 2 * half * 200 + Math.PI * 100 * 100;
    const area = res.unitAreaM2[0];
    expect(area).toBeGreaterThan(3.99e6);
    expect(area).toBeLessThan(4.01e6);
    expect((100 * res.coveredM2[0]) / area).toBeCloseTo((100 * expected) / area, 1);
    expect(Math.abs(res.coveredM2[0] - expected)).toBeLessThan(150); // m², of 121 k
    expect(res.network.noData[0]).toBe(0);
  });

  it('walking times at cell centres equal a brute-force minimum over the street', () => {
    const st = nc.cellState(0);
    if (!st?.dist) throw new Error('no state');
    const [fx] = grid.projection.forward(LNG + dLng(37), fLat);
    const [, sy] = grid.projection.forward(LNG, LAT);
    const [ax] = grid.projection.forward(LNG - dLng(1400), LAT);
    const [bx] = grid.projection.forward(LNG + dLng(1400), LAT);
    const access = 50.0;
    let checked = 0;
    for (let cell = 0; cell < grid.cellCount; cell++) {
      const px = grid.cellCx[cell], py = grid.cellCy[cell];
      let best = Infinity;
      if (Math.abs(py - sy) <= 100) {
        for (let x = Math.max(ax, px - 100); x <= Math.min(bx, px + 100); x += 0.01) {
          const dq = Math.hypot(px - x, py - sy);
          if (dq <= 100) best = Math.min(best, access + Math.abs(x - fx) + dq);
        }
      }
      const ours = st.dist[cell];
      if (best <= 750) {
        expect(Math.abs(ours - best)).toBeLessThan(0.6);
        checked++;
      } else if (best === Infinity) expect(ours).toBe(Infinity);
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('incremental edits on the shipped extract', async () => {
  const g = buildGraph(await parseNetworkFile('x.osm', new Uint8Array(readFileSync('geodata/renminguangchang-drive-2026.osm'))));
  const units = (JSON.parse(readFileSync('geodata/units.geojson', 'utf8')) as { features: UnitFeature[] }).features
    .filter((u) => u.properties.district === '310101' || u.properties.district === '310106');
  const cats: Category[] = [
    { id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 5, standardRadiusM: 300, standard: 't' },
    { id: 'b', zh: 'B', en: 'B', color: '#000', minutes: 10, standardRadiusM: 500, standard: 't' },
  ];
  const grid = buildUnitGrid(units);
  const rnd = mulberry32(4);
  const [x0, y0, x1, y1] = g.extent;
  const facs = Array.from({ length: 12 }, (_, i) => ({ id: `f${i}`, lng: x0 + rnd() * (x1 - x0), lat: y0 + rnd() * (y1 - y0), categories: i % 3 === 0 ? ['a', 'b'] : [i % 2 ? 'a' : 'b'] }));
  const params = defaultWalkParams();
  const fresh = (list: typeof facs) => {
    const nc = new NetworkCoverage(cats, grid, units, g, { minExtentShare: 0.3 });
    nc.setFacilities(list);
    return nc.compute(params);
  };
  const same = (a: ReturnType<typeof fresh>, b: ReturnType<typeof fresh>) => {
    for (let i = 0; i < a.coveredM2.length; i++) expect(a.coveredM2[i]).toBeCloseTo(b.coveredM2[i], 3);
    for (let i = 0; i < a.timeMedian.length; i++) {
      expect(Number.isNaN(a.timeMedian[i])).toBe(Number.isNaN(b.timeMedian[i]));
      if (Number.isFinite(a.timeMedian[i])) expect(a.timeMedian[i]).toBeCloseTo(b.timeMedian[i], 4);
      if (Number.isFinite(a.timeMax[i])) expect(a.timeMax[i]).toBeCloseTo(b.timeMax[i], 4);
    }
    a.city.coveredM2.forEach((v, i) => expect(v).toBeCloseTo(b.city.coveredM2[i], 2));
  };

  it('add, move and remove one facility equal a full recomputation', () => {
    const nc = new NetworkCoverage(cats, grid, units, g, { minExtentShare: 0.3 });
    nc.setFacilities(facs);
    nc.compute(params);
    const added = { id: 'new', lng: (x0 + x1) / 2, lat: (y0 + y1) / 2, categories: ['a'] };
    const s1 = nc.upsertFacility(added);
    expect(s1.cellsRecomputed).toBeGreaterThan(0);
    same(nc.getResult() as ReturnType<typeof fresh>, fresh([...facs, added]));
    const moved = { ...added, lng: added.lng + 0.004, categories: ['a', 'b'] };
    nc.upsertFacility(moved);
    same(nc.getResult() as ReturnType<typeof fresh>, fresh([...facs, moved]));
    nc.removeFacility('f3');
    same(nc.getResult() as ReturnType<typeof fresh>, fresh([...facs.filter((f) => f.id !== 'f3'), moved]));
  });

  it.each([2, 3])('the per-cell indexes built in %i parts and put together in shared memory equal one build', async (n) => {
    const { NetworkGrid } = await import('../../src/geo/network/networkGrid');
    const { allocCellIndexes } = await import('../../src/geo/network/cellIndexes');
    const whole = new NetworkGrid(g, grid, 100).indexes();
    // each part in its own replica (another thread's); each writes its part into the shared whole
    const replicas = Array.from({ length: n }, () => new NetworkGrid(structuredClone(g), grid, 100));
    const sizes = replicas.map((r, i) => r.indexPart(i, n));
    expect(sizes.every((s) => s.seg > 0)).toBe(true);
    const { idx, offsets } = allocCellIndexes(grid.cellCount, g.edgeCount, sizes, true);
    expect(idx.seg.buffer).toBeInstanceOf(SharedArrayBuffer);
    replicas.forEach((r, i) => r.placeIndexes(idx, offsets[i]));
    for (const r of replicas) {
      const joined = r.indexes();
      for (const [k, v] of Object.entries(whole)) expect(typeof v === 'number' ? v : Array.from(v), k).toEqual(typeof v === 'number' ? joined[k as keyof typeof joined] : Array.from(joined[k as keyof typeof joined] as Int32Array));
    }
  });

  // the helper is another replica behind messages: everything it gets and gives is copied
  // (structuredClone, as postMessage does), so the two share nothing but the queue counter;
  // it answers at once (takes every category before this thread) or late (takes none)
  it.each([['takes every category', true, 2], ['comes too late', false, 0]] as const)('a parallel run equals compute() bit for bit, and edits after it too: helper %s', async (_, early, takes) => {
    const one = new NetworkCoverage(cats, grid, units, g, { minExtentShare: 0.3 });
    one.setFacilities(facs);
    const expected = one.compute(params);
    // each on its own copy of the graph, as in another thread (a graph's network grid is cached per object)
    const replica = new NetworkCoverage(cats, grid, units, structuredClone(g), { minExtentShare: 0.3 });
    let helperTook = 0;
    const take = (p: WalkParams, queue: NetworkQueue, f: readonly EngineFacility[]) => {
      const parts = replica.computePart(structuredClone(p), { order: [...queue.order], next: queue.next }, structuredClone(f));
      helperTook += parts.length;
      return structuredClone(parts);
    };
    const helper: NetworkHelper = {
      indexPart: async (i, n) => replica.net.indexPart(i, n),
      // the shared arrays are the same object in both (shared memory, as between threads)
      placeIndexes: async (into, offset) => replica.net.placeIndexes(into, structuredClone(offset)),
      computePart: (p, queue, f) => (early ? Promise.resolve(take(p, queue, f)) : new Promise((r) => setTimeout(() => r(take(p, queue, f)), 0))),
    };
    const nc = new NetworkCoverage(cats, grid, units, structuredClone(g), { minExtentShare: 0.3 });
    nc.shareWith([helper]);
    nc.setFacilities(facs);
    const got = await nc.computeParallel(params);
    expect(helperTook).toBe(takes);
    for (const k of ['coveredM2', 'errorBoundM2', 'popCovered', 'timeMedian', 'timeP90', 'timeMax'] as const) expect(Array.from(got[k])).toEqual(Array.from(expected[k]));
    expect(got.city).toEqual(expected.city);
    expect(got.districts).toEqual(expected.districts);
    // the helper's categories came back with their reaches: an edit repairs them like any other
    const moved = { ...facs[0], lng: facs[0].lng + 0.003 };
    nc.upsertFacility(moved);
    one.upsertFacility(moved);
    same(nc.getResult() as ReturnType<typeof fresh>, one.getResult() as ReturnType<typeof fresh>);
    const after = fresh(facs.map((f) => (f.id === moved.id ? moved : f)));
    same(nc.getResult() as ReturnType<typeof fresh>, after);
    // the next parallel run hands the helper the edited facilities
    same(await nc.computeParallel(params), after);
  });

  it('units outside the extent are no network data, never 0 %', () => {
    const r = fresh(facs);
    const outside = r.unitIds.findIndex((_, u) => r.network.unitExtentShare[u] === 0);
    expect(outside).toBeGreaterThanOrEqual(0);
    expect(r.network.noData[outside]).toBe(1);
    expect(r.unitAreaM2[outside]).toBe(0);
    expect(r.network.noData.some((v) => v === 0)).toBe(true);
  });
});

describe('network isochrones', async () => {
  const { NetworkModel } = await import('../../src/geo/network/networkModel');
  const { networkIsochrones } = await import('../../src/geo/network/isochrone');
  const g = buildGraph(await parseNetworkFile('street.osm', enc(STREET)));
  const grid = buildUnitGrid([SQUARE]);
  const model = new NetworkModel(g, grid);

  it('one street: the polygon area equals the closed form, and the 5-minute ring lies inside the 10-minute one', () => {
    const res = networkIsochrones(model, LNG + dLng(37), LAT + dLat(50), [5, 10], 4.5, { trimM: 100, accessM: 200, stepM: 5 });
    if (!res.ok) throw new Error('not linked');
    const [ten, five] = res.collection.features;
    expect(ten.properties.minutes).toBe(10);
    const access = turf.distance([LNG + dLng(37), LAT + dLat(50)], [LNG + dLng(37), LAT], { units: 'meters' });
    for (const [f, T] of [[five, 375], [ten, 750]] as const) {
      const expected = 2 * (T - 100 - access) * 200 + Math.PI * 100 * 100;
      expect(Math.abs(turf.area(f) - expected) / expected).toBeLessThan(0.005);
    }
    expect(turf.booleanWithin(turf.centroid(five), ten)).toBe(true);
    // RFC 7946: outer rings counter-clockwise
    const ring = (five.geometry.type === 'Polygon' ? five.geometry.coordinates : five.geometry.coordinates[0])[0];
    let s2 = 0;
    for (let i = 0; i < ring.length - 1; i++) s2 += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    expect(s2).toBeGreaterThan(0);
  });

  it('a place far from every edge is not linked', () => {
    const res = networkIsochrones(model, LNG, LAT + dLat(600), [5], 4.5, { trimM: 100, accessM: 200 });
    expect(res.ok).toBe(false);
  });
});

describe('the network walk model behind the engine interface', async () => {
  const { CoverageEngine } = await import('../../src/geo/coverageEngine');
  const { networkWalkModel } = await import('../../src/geo/network/networkWalkModel');
  const cats: Category[] = [
    { id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 5, standardRadiusM: 300, standard: 't' },
    { id: 'b', zh: 'B', en: 'B', color: '#000', minutes: 10, standardRadiusM: 500, standard: 't' },
  ];
  // a small grid of streets inside the square unit's bounds
  const lines: string[] = [];
  let id = 1;
  const nodes: string[] = [];
  const nid = (i: number, j: number) => 100 + i * 10 + j;
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) nodes.push(`<node id="${nid(i, j)}" lon="${LNG + dLng(-900 + i * 360)}" lat="${LAT + dLat(-900 + j * 360)}"/>`);
  for (let i = 0; i < 6; i++) {
    lines.push(`<way id="${id++}">${[0, 1, 2, 3, 4, 5].map((j) => `<nd ref="${nid(i, j)}"/>`).join('')}<tag k="highway" v="residential"/></way>`);
    lines.push(`<way id="${id++}">${[0, 1, 2, 3, 4, 5].map((j) => `<nd ref="${nid(j, i)}"/>`).join('')}<tag k="highway" v="footway"/></way>`);
  }
  const xml = `<osm version="0.6"><bounds minlon="${LNG - dLng(1500)}" minlat="${LAT - dLat(1500)}" maxlon="${LNG + dLng(1500)}" maxlat="${LAT + dLat(1500)}"/>${nodes.join('')}${lines.join('')}</osm>`;
  const g = buildGraph(await parseNetworkFile('grid.osm', enc(xml)));
  const rnd = mulberry32(8);
  const facs = Array.from({ length: 5 }, (_, i) => ({ id: `f${i}`, lng: LNG + dLng(-800 + rnd() * 1600), lat: LAT + dLat(-800 + rnd() * 1600), categories: i % 2 ? ['a', 'b'] : ['b'] }));

  it('gives the same shares and times as NetworkCoverage, completeness within 0.05 pp, and edits stay equal', () => {
    const engine = new CoverageEngine(cats, { walkModel: networkWalkModel(g) });
    engine.setUnits([SQUARE]);
    engine.setFacilities(facs);
    const r1 = engine.compute(defaultWalkParams());
    const grid = engine.getGrid();
    if (!grid) throw new Error('no grid');
    const nc = new NetworkCoverage(cats, grid, [SQUARE], g, {});
    nc.setFacilities(facs);
    const r2 = nc.compute(defaultWalkParams());
    const S = r1.slots.length;
    expect(r1.engine.walkModel).toBe('network');
    for (let s = 0; s < S; s++) {
      const a = (100 * r1.coveredM2[s]) / r1.unitAreaM2[0], b = (100 * r2.coveredM2[s]) / r2.unitAreaM2[0];
      expect(Math.abs(a - b)).toBeLessThan(s < 2 ? 1e-6 : 0.05);
      expect(a).toBeGreaterThan(1);
    }
    for (let c = 0; c < 2; c++) expect(r1.timeMax[c]).toBeCloseTo(r2.timeMax[c], 3);
    engine.upsertFacility({ ...facs[1], lng: facs[1].lng + dLng(200) });
    nc.upsertFacility({ ...facs[1], lng: facs[1].lng + dLng(200) });
    const e1 = engine.getResult(), e2 = nc.getResult();
    if (!e1 || !e2) throw new Error('no result');
    for (let s = 0; s < 2; s++) expect(e1.coveredM2[s]).toBeCloseTo(e2.coveredM2[s], 1);
  });

  it('walks residents over the network: minutes to a point along the streets, NaN off the network', () => {
    const walk = networkWalkModel(g).fromPlace({ lng: LNG + dLng(-900), lat: LAT + dLat(-900) }, { speedKmh: 4.5, detour: 1.3 });
    // from one grid corner to the next crossing east: 360 m along the street = 4.8 min
    expect(walk.minutesTo(LNG + dLng(-540), LAT + dLat(-900), 360)).toBeCloseTo(360 / 75, 1);
    // diagonal neighbour: 720 m around the block, not 509 m straight
    expect(walk.minutesTo(LNG + dLng(-540), LAT + dLat(-540), 509)).toBeCloseTo(720 / 75, 1);
    expect(Number.isNaN(walk.minutesTo(LNG + 1, LAT, 100000))).toBe(true);
  });
});

describe('app glue: import task and coverage service', async () => {
  const { runImportTask } = await import('../../src/worker/importTasks');
  const { createCoverageService } = await import('../../src/geo/coverageService');
  it('the import worker task returns the graph and the report; the service computes on it and back on circles', async () => {
    const bytes = readFileSync('geodata/renminguangchang-drive-2026.osm');
    const progress: number[] = [];
    const res = await runImportTask({ kind: 'network', bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), opts: { fileName: 'rmgc.osm', crs: 'wgs84' } }, (d) => progress.push(d));
    if (!('ok' in res) || !res.ok) throw new Error('import failed');
    expect(res.report.edges).toBe(res.graph.edgeCount);
    expect(res.report.dropped.map((d) => d.rule)).toContain('elevated-or-tunnel-trunk');
    expect(res.report.attribution).toMatch(/OpenStreetMap/);
    expect(progress.length).toBeGreaterThan(0);
    const graph = structuredClone(res.graph); // what crosses the worker boundary / IndexedDB
    const units = (JSON.parse(readFileSync('geodata/units.geojson', 'utf8')) as { features: UnitFeature[] }).features.filter((u) => u.properties.district === '310101');
    const svc = createCoverageService(async () => {});
    await svc.init([{ id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 10, standardRadiusM: 500, standard: 't' }]);
    await svc.setUnits(units);
    await svc.setFacilities([{ id: 'f', lng: 121.4737, lat: 31.2304, categories: ['a'] }]);
    await svc.setNetwork(graph);
    const net = await svc.compute(defaultWalkParams(), [], 1);
    expect(net?.baseline.engine.walkModel).toBe('network');
    // the land is clipped in the service: the one unit with half its land inside the extent has
    // figures over that land (less than the whole unit), the others are no data
    const { clipUnitsToExtent } = await import('../../src/geo/networkUnits');
    const clipped = clipUnitsToExtent(units, graph.extent);
    expect(clipped.clipped).toBe(1);
    const r = net!.baseline;
    const S = r.slots.length;
    const inside = clipped.units.findIndex((u, k) => u !== units[k]);
    const u = r.unitIds.indexOf(units[inside].properties.id);
    expect(Number.isFinite(r.coveredM2[u * S])).toBe(true);
    const near = (a: number, b: number) => Math.abs(a - b) / b < 0.005;
    expect(near(r.unitAreaM2[u], turf.area(clipped.units[inside]))).toBe(true);
    expect(clipped.insideShare.get(units[inside].properties.id)).toBeLessThan(0.99);
    expect(near(r.unitAreaM2[u], turf.area(units[inside]))).toBe(false);
    expect(r.unitIds.filter((_, k) => Number.isNaN(r.coveredM2[k * S])).length).toBe(units.length - 1);
    await svc.setNetwork(null);
    const circle = await svc.compute(defaultWalkParams(), [], 2);
    expect(circle?.baseline.engine.walkModel).toBe('circle');
    // back on whole units
    expect(near(circle!.baseline.unitAreaM2[u], turf.area(units[inside]))).toBe(true);
    expect([...circle!.baseline.coveredM2].every((v) => Number.isFinite(v))).toBe(true);
  });
  it('a bad file is a result with a reason, not a crash', async () => {
    const bad = new TextEncoder().encode('<osm><node id="1"></osm>');
    const res = await runImportTask({ kind: 'network', bytes: bad.buffer, opts: { fileName: 'bad.osm', crs: 'wgs84' } }, () => {});
    expect('ok' in res && !res.ok && res.code).toBe('bad-xml');
  });
});
