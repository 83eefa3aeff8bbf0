/**
 * `analyze --network --demand` (issue 10, residents under the network model) against an
 * independent computation from the model's definition (README "Street network"): the test links facilities itself (nearest
 * point on every edge polyline, in its own local projection), runs its own Dijkstra over the
 * graph's edges (respecting one-way-for-walkers), then samples every edge every metre and calls a
 * residential point covered when some sample q with d(q) + |p − q| ≤ T lies within the trim of
 * it. Points within 3 m of the limit are ambiguous at that sampling and carry a tolerance.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { analyze } from '../../scripts/analyze';
import { captureIo, runCommand } from '../../scripts/lib/cli';
import { importNetwork } from '../../src/geo/network/importNetwork';
import type { NetworkGraph } from '../../src/geo/network/graph';
import { mulberry32 } from '../../src/domain/prng';

vi.setConfig({ testTimeout: 180_000 });

const root = resolve(__dirname, '../..');
const OSM = join(root, 'geodata/renminguangchang-drive-2026.osm');
const SPEED = 4.5; // km/h, the adult default
const MPM = (SPEED * 1000) / 60;
const TRIM = 100, ACCESS = 200;
const MIN = { health: 15, meals: 10 } as const;

// units well inside the extract (every grid cell touching them has its centre inside the extent), one outside
const UNITS = [
  { id: 'a', w: 121.4660, s: 31.2250, side: 0.0070 },
  { id: 'b', w: 121.4750, s: 31.2280, side: 0.0060 },
  { id: 'out', w: 121.6000, s: 31.3000, side: 0.0080 },
];
const FAC = [
  { name: '甲', lng: 121.4737, lat: 31.2304, cat: 'health', zh: '健康服务' },
  { name: '乙', lng: 121.4680, lat: 31.2290, cat: 'meals', zh: '社区助餐' },
  { name: '丙', lng: 121.4790, lat: 31.2300, cat: 'meals', zh: '社区助餐' },
];

let dir: string;
let graph: NetworkGraph;
const points: { lng: number; lat: number; pop: number; unit: string | null }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'net-demand-'));
  const sq = (u: (typeof UNITS)[number]) => ({ type: 'Feature', properties: { id: u.id, name: u.id, district: '310101' }, geometry: { type: 'Polygon', coordinates: [[[u.w, u.s], [u.w + u.side, u.s], [u.w + u.side, u.s + u.side], [u.w, u.s + u.side], [u.w, u.s]]] } });
  writeFileSync(join(dir, 'units.geojson'), JSON.stringify({ type: 'FeatureCollection', features: UNITS.map(sq) }));
  writeFileSync(join(dir, 'f.csv'), `名称,经度,纬度,服务类别\n${FAC.map((f) => `${f.name},${f.lng},${f.lat},${f.zh}`).join('\n')}\n`);
  const rnd = mulberry32(20261201);
  for (let i = 0; i < 400; i++) {
    const u = UNITS[i % 3];
    // a few points fall just outside their square (in no unit)
    const lng = u.w - 0.0005 + rnd() * (u.side + 0.001), lat = u.s - 0.0005 + rnd() * (u.side + 0.001);
    const inside = lng > u.w && lng < u.w + u.side && lat > u.s && lat < u.s + u.side;
    points.push({ lng: Number(lng.toFixed(7)), lat: Number(lat.toFixed(7)), pop: 1 + Math.floor(rnd() * 300), unit: inside ? u.id : null });
  }
  writeFileSync(join(dir, 'pts.csv'), `lng,lat,population\n${points.map((p) => `${p.lng},${p.lat},${p.pop}`).join('\n')}\n`);
  const res = await importNetwork('x.osm', new Uint8Array(readFileSync(OSM)));
  if (!res.ok) throw new Error(res.message);
  graph = res.graph;
});

// ---------------------------------------------------------------- the independent computation

/** Local equirectangular metres around the extract (the engine uses its own projection). */
const LAT0 = 31.23, LNG0 = 121.474, R = 6_371_008.8;
const KX = (Math.PI / 180) * R * Math.cos((LAT0 * Math.PI) / 180), KY = (Math.PI / 180) * R;
const xy = (lng: number, lat: number): [number, number] => [(lng - LNG0) * KX, (lat - LAT0) * KY];

function walkDistances(g: NetworkGraph, seeds: { node: number; cost: number }[]): Float64Array {
  const dist = new Float64Array(g.nodeCount).fill(Infinity);
  const done = new Uint8Array(g.nodeCount);
  for (const s of seeds) dist[s.node] = Math.min(dist[s.node], s.cost);
  // arcs from the edge list (not the engine's CSR adjacency)
  const out: [number, number][][] = Array.from({ length: g.nodeCount }, () => []);
  for (let e = 0; e < g.edgeCount; e++) {
    if (g.edgeDir[e] !== -1) out[g.edgeU[e]].push([g.edgeV[e], g.edgeLen[e]]);
    if (g.edgeDir[e] !== 1) out[g.edgeV[e]].push([g.edgeU[e], g.edgeLen[e]]);
  }
  for (;;) {
    let u = -1;
    for (let n = 0; n < g.nodeCount; n++) if (!done[n] && dist[n] < Infinity && (u < 0 || dist[n] < dist[u])) u = n;
    if (u < 0) return dist;
    done[u] = 1;
    for (const [v, w] of out[u]) if (dist[u] + w < dist[v]) dist[v] = dist[u] + w;
  }
}

interface Sample { x: number; y: number; d: number }

/** Every edge sampled every metre with its walked distance d(q) from the category's facilities. */
function reachedSamples(g: NetworkGraph, facs: { lng: number; lat: number }[], T: number): Sample[] {
  // link: nearest point on any edge polyline
  const links = facs.map((f) => {
    const [px, py] = xy(f.lng, f.lat);
    let best = { d: Infinity, e: -1, off: 0 };
    for (let e = 0; e < g.edgeCount; e++) {
      for (let k = g.edgeVertStart[e]; k < g.edgeVertStart[e + 1] - 1; k++) {
        const [ax, ay] = xy(g.vertLng[k], g.vertLat[k]), [bx, by] = xy(g.vertLng[k + 1], g.vertLat[k + 1]);
        const dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
        const t = l2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2)) : 0;
        const d = Math.hypot(ax + t * dx - px, ay + t * dy - py);
        if (d < best.d) best = { d, e, off: g.vertOff[k] + t * (g.vertOff[k + 1] - g.vertOff[k]) };
      }
    }
    return best.d <= ACCESS ? best : null;
  }).filter((l): l is { d: number; e: number; off: number } => l !== null);
  const seeds: { node: number; cost: number }[] = [];
  for (const l of links) {
    const L = g.edgeLen[l.e];
    if (g.edgeDir[l.e] !== 1) seeds.push({ node: g.edgeU[l.e], cost: l.d + l.off });
    if (g.edgeDir[l.e] !== -1) seeds.push({ node: g.edgeV[l.e], cost: l.d + L - l.off });
  }
  const dist = walkDistances(g, seeds);
  const out: Sample[] = [];
  for (let e = 0; e < g.edgeCount; e++) {
    const L = g.edgeLen[e], dir = g.edgeDir[e];
    const here = links.filter((l) => l.e === e);
    const dAt = (s: number) => {
      let d = Infinity;
      if (dir !== -1) d = Math.min(d, dist[g.edgeU[e]] + s);
      if (dir !== 1) d = Math.min(d, dist[g.edgeV[e]] + (L - s));
      for (const l of here) if ((s >= l.off && dir !== -1) || (s <= l.off && dir !== 1)) d = Math.min(d, l.d + Math.abs(s - l.off));
      return d;
    };
    for (let k = g.edgeVertStart[e]; k < g.edgeVertStart[e + 1] - 1; k++) {
      const [ax, ay] = xy(g.vertLng[k], g.vertLat[k]), [bx, by] = xy(g.vertLng[k + 1], g.vertLat[k + 1]);
      const o0 = g.vertOff[k], o1 = g.vertOff[k + 1];
      const n = Math.max(1, Math.ceil(o1 - o0));
      for (let i = 0; i <= n; i++) {
        const d = dAt(o0 + ((o1 - o0) * i) / n);
        if (d <= T) out.push({ x: ax + ((bx - ax) * i) / n, y: ay + ((by - ay) * i) / n, d });
      }
    }
  }
  return out;
}

/** Least d(q) + |p − q| over samples within the trim (Infinity when none). */
function walkTo(samples: Sample[], lng: number, lat: number): number {
  const [px, py] = xy(lng, lat);
  let best = Infinity;
  for (const q of samples) {
    const r = Math.hypot(q.x - px, q.y - py);
    if (r <= TRIM && q.d + r < best) best = q.d + r;
  }
  return best;
}

function csv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

describe('analyze --network --demand', () => {
  it('counts residents by network walking distance at each point, as an independent brute force does', async () => {
    const io = captureIo(dir);
    const code = await runCommand('analyze', analyze, ['--facilities', 'f.csv', '--units', 'units.geojson', '--network', OSM, '--demand', 'pts.csv', '--select', 'health,meals', '--crs', 'wgs84', '--out', 'out'], io);
    expect(io.stderr.filter((l) => !/WARNING/.test(l))).toEqual([]);
    expect(code).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/residential points on the network's land: \d+ counted/);
    const rows = csv(join(dir, 'out/coverage-units.csv'));
    const samples = Object.fromEntries(Object.entries(MIN).map(([cat, min]) => [cat, reachedSamples(graph, FAC.filter((f) => f.cat === cat), min * MPM)]));
    let ambiguous = 0, checked = 0;
    for (const u of ['a', 'b']) {
      const pts = points.filter((p) => p.unit === u);
      const pop = pts.reduce((s, p) => s + p.pop, 0);
      const covered: Record<string, { sure: number; maybe: number }> = {};
      const both = { sure: 0, maybe: 0 };
      for (const p of pts) {
        let all = true, allMaybe = true;
        for (const [cat, min] of Object.entries(MIN)) {
          const T = min * MPM;
          const d = walkTo(samples[cat], p.lng, p.lat);
          const c = (covered[cat] ??= { sure: 0, maybe: 0 });
          checked++;
          if (Math.abs(d - T) < 3) { c.maybe += p.pop; ambiguous++; allMaybe = allMaybe && true; all = false; }
          else if (d < T) c.sure += p.pop;
          else { all = false; allMaybe = false; }
        }
        if (all) both.sure += p.pop;
        else if (allMaybe) both.maybe += p.pop;
      }
      for (const cat of [...Object.keys(MIN), 'complete']) {
        const row = rows.find((r) => r.unit_id === u && r.category === cat);
        if (!row) throw new Error(`no row ${u} ${cat}`);
        expect(row.no_network_data).toBe('0');
        expect(row.pop_source).toBe('demand-points');
        expect(Number(row.pop_est)).toBe(pop);
        const c = cat === 'complete' ? both : covered[cat];
        const got = Number(row.pop_covered_est);
        expect(got).toBeGreaterThanOrEqual(c.sure - 0.5);
        expect(got).toBeLessThanOrEqual(c.sure + c.maybe + 0.5);
        expect(Number(row.pop_uncovered_est)).toBeCloseTo(pop - got, 0);
      }
      // the test has teeth: some residents covered, some not
      expect(covered.health.sure).toBeGreaterThan(0);
      expect(covered.meals.sure).toBeLessThan(pop);
    }
    expect(ambiguous).toBeLessThan(checked / 20);
    // outside the extent: no network data, no residents counted
    const out = rows.find((r) => r.unit_id === 'out' && r.category === 'health');
    expect(out?.no_network_data).toBe('1');
    // district and city residents are the sums over the units with network data
    const groups = csv(join(dir, 'out/coverage-districts.csv'));
    const city = groups.find((r) => r.district === 'city' && r.category === 'health') ?? groups.find((r) => Object.values(r)[0] === 'city' && r.category === 'health');
    const units = rows.filter((r) => r.category === 'health' && r.no_network_data === '0');
    const popCol = Object.keys(city ?? {}).find((k) => /^pop(_est)?$/.test(k)) ?? 'pop_est';
    expect(Number(city?.[popCol])).toBe(units.reduce((s, r) => s + Number(r.pop_est), 0));
  });
});
