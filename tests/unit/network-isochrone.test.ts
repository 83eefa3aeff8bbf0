// Residents' isochrones and network walking times (src/geo/network/isochrone.ts,
// src/geo/networkPlaceService.ts) against independent computations: walking distances against
// Bellman–Ford, the access-leg disc against its closed form, several budgets in one call against
// each budget alone, and the residents' reach list against the engine's network walk model.
// The polygons against GEOS: scripts/network_check.py --isochrones (README "Street network").
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as turf from '@turf/turf';
import type { Facility } from '../../src/domain/types';
import { mulberry32 } from '../../src/domain/prng';
import { buildGraph } from '../../src/geo/network/graph';
import { generateStreetGrid } from '../../src/geo/network/generate';
import { networkIsochrones, placeDistances } from '../../src/geo/network/isochrone';
import { NetworkModel } from '../../src/geo/network/networkModel';
import { networkWalkModel } from '../../src/geo/network/networkWalkModel';
import { createNetworkPlaceService } from '../../src/geo/networkPlaceService';
import { projectionForBbox } from '../../src/geo/projection';
import { buildFacilityIndex, computeResidentReach } from '../../src/geo/reach';
import type { NetworkGraph } from '../../src/geo/network/graph';
import { parseNetworkFile } from '../../src/io/network/parseNetwork';
import { bellmanFord } from '../fixtures/bellmanFord';

vi.setConfig({ testTimeout: 120_000 });

function modelOf(g: NetworkGraph): NetworkModel {
  const [a, b, c, d] = g.extent;
  const projection = projectionForBbox(a, b, c, d);
  const h = 125;
  const [x0, y0] = projection.forward(a, b), [x1, y1] = projection.forward(c, d);
  return new NetworkModel(g, {
    projection, cellSize: h, gx0: Math.floor(Math.min(x0, x1) / h) * h - 4 * h, gy0: Math.floor(Math.min(y0, y1) / h) * h - 4 * h,
    nx: Math.ceil((Math.abs(x1 - x0) + 8 * h) / h) + 1, ny: Math.ceil((Math.abs(y1 - y0) + 8 * h) / h) + 1,
  });
}

describe('walking distances from a place', () => {
  it('equal Bellman–Ford from the place’s edge ends, along every edge (one-way edges, gaps)', () => {
    const g = generateStreetGrid({ side: 20, spacingM: 80, seed: 4, oneWayShare: 0.25, dropShare: 0.1, jitterM: 15 });
    const model = modelOf(g);
    const [a, b, c, d] = g.extent;
    const rnd = mulberry32(3);
    for (let trial = 0; trial < 4; trial++) {
      const [x, y] = model.frame.projection.forward(a + (0.3 + 0.4 * rnd()) * (c - a), b + (0.3 + 0.4 * rnd()) * (d - b));
      const link = model.link(x, y, 200);
      if (!link) throw new Error('not linked');
      const cutoff = 700;
      const at = placeDistances(model, link, cutoff);
      // Bellman–Ford over the edge list from the two ends of the place's edge
      const dist = new Float64Array(g.nodeCount).fill(Infinity);
      const e0 = link.edge;
      if (g.edgeDir[e0] !== 1) dist[g.edgeU[e0]] = Math.min(dist[g.edgeU[e0]], link.access + link.off);
      if (g.edgeDir[e0] !== -1) dist[g.edgeV[e0]] = Math.min(dist[g.edgeV[e0]], link.access + g.edgeLen[e0] - link.off);
      bellmanFord(g, dist);
      let reached = 0;
      for (let e = 0; e < g.edgeCount; e++) {
        for (const f of [0, 0.37, 1]) {
          const o = f * g.edgeLen[e];
          // walk in along the edge from an end (where its direction allows), or from the place on it
          let want = Infinity;
          if (g.edgeDir[e] >= 0) want = Math.min(want, dist[g.edgeU[e]] + o);
          if (g.edgeDir[e] <= 0) want = Math.min(want, dist[g.edgeV[e]] + g.edgeLen[e] - o);
          if (e === e0 && (o === link.off || (o > link.off ? g.edgeDir[e] >= 0 : g.edgeDir[e] <= 0))) want = Math.min(want, link.access + Math.abs(o - link.off));
          if (want > cutoff) want = Infinity;
          const got = at(e, o);
          if (want === Infinity) expect(got).toBe(Infinity);
          else {
            reached++;
            expect(got).toBeCloseTo(want, 6);
          }
        }
      }
      expect(reached).toBeGreaterThan(100);
    }
  });
});

describe('isochrone polygons', () => {
  // one straight street 600 m long, east–west
  const LNG = 121.47, LAT = 31.23;
  const mLng = 111195 * Math.cos((LAT * Math.PI) / 180);
  const street = `<osm version="0.6"><node id="1" lon="${LNG}" lat="${LAT}"/><node id="2" lon="${LNG + 600 / mLng}" lat="${LAT}"/><way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="residential"/></way></osm>`;

  it('a place whose access leg exceeds T − trim: the disc of radius T − access at its link point', async () => {
    const g = buildGraph(await parseNetworkFile('street.osm', new TextEncoder().encode(street)));
    const model = modelOf(g);
    // 60 m north of the street; 1 minute at 4.5 km/h = 75 m: T − r < 0 < 60 ≤ 75, disc radius 15 m
    const res = networkIsochrones(model, LNG + 300 / mLng, LAT + 60 / 111195, [1], 4.5, { trimM: 100, accessM: 200, stepM: 1 });
    if (!res.ok) throw new Error('not linked');
    const area = turf.area(res.collection.features[0]);
    expect(Math.abs(area - Math.PI * 15 * 15) / (Math.PI * 15 * 15)).toBeLessThan(0.01);
    // and nothing at all when the access leg exceeds T
    const none = networkIsochrones(model, LNG + 300 / mLng, LAT + 90 / 111195, [1], 4.5, { trimM: 100, accessM: 200 });
    if (!none.ok) throw new Error('not linked');
    expect(none.collection.features[0].properties.area_km2).toBe(0);
  });

  it('several budgets in one call draw the same outlines as each budget alone', () => {
    const g = generateStreetGrid({ side: 30, spacingM: 90, seed: 2, oneWayShare: 0.05, dropShare: 0.08, jitterM: 20 });
    const model = modelOf(g);
    const [a, b, c, d] = g.extent;
    const lng = (a + c) / 2, lat = (b + d) / 2;
    const together = networkIsochrones(model, lng, lat, [5, 15, 10], 4.5, { trimM: 100, accessM: 200 });
    if (!together.ok) throw new Error('not linked');
    expect(together.collection.features.map((f) => f.properties.minutes)).toEqual([15, 10, 5]);
    for (const f of together.collection.features) {
      const alone = networkIsochrones(model, lng, lat, [f.properties.minutes], 4.5, { trimM: 100, accessM: 200 });
      if (!alone.ok) throw new Error('not linked');
      const one = alone.collection.features[0];
      expect(one.properties.area_km2).toBe(f.properties.area_km2);
      // the same lattice points are traced, on a lattice anchored elsewhere: areas agree closely
      expect(Math.abs(turf.area(one) - turf.area(f)) / turf.area(f)).toBeLessThan(0.002);
    }
  });
});

describe('the residents’ service on the network', () => {
  it('ranks the reach list by the same network times as the engine’s network walk model, and draws isochrones', async () => {
    const file = 'geodata/renminguangchang-drive-2026.osm';
    const g = buildGraph(await parseNetworkFile(file, new Uint8Array(readFileSync(file))));
    const cats = ['a', 'b', 'c'];
    const rnd = mulberry32(21);
    const [x0, y0, x1, y1] = g.extent;
    const facilities = Array.from({ length: 120 }, (_, i) => ({
      id: `f${i}`, name: `设施${i}`, lng: x0 + rnd() * (x1 - x0), lat: y0 + rnd() * (y1 - y0), categories: [cats[i % 3]], status: 'open',
    })) as unknown as Facility[];
    const svc = createNetworkPlaceService();
    svc.setGraph(g, { trimM: 100, accessM: 200 });
    svc.setFacilities(facilities);
    const walk = { speedKmh: 4.5, detour: 1.3 };
    for (const at of [{ lng: 121.4737, lat: 31.2304 }, { lng: 121.4771, lat: 31.2339 }]) {
      const ans = svc.fromPlace(at, cats, walk, 15, {});
      expect(ans.status).toBe('ok');
      expect(ans.isochrones?.ok).toBe(true);
      const ref = computeResidentReach(buildFacilityIndex(facilities), at, cats, walk, 15, {}, networkWalkModel(g, { trimM: 100, accessM: 200 }));
      const reach = ans.reach;
      if (!reach) throw new Error('no reach');
      expect(reach.within.length).toBeGreaterThan(3);
      expect(reach.within.map((r) => r.facility.id)).toEqual(ref.within.map((r) => r.facility.id));
      reach.within.forEach((r, i) => expect(r.minutes).toBeCloseTo(ref.within[i].minutes, 9));
      reach.nearest.forEach((n, i) => expect(n.open?.minutes ?? null).toBe(ref.nearest[i].open?.minutes ?? null));
    }
  });
});
