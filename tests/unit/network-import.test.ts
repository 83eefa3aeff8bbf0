// Network files: the walkable-way rules, the four formats, coordinate systems and bad input.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import * as turf from '@turf/turf';
import gcoord from 'gcoord';
import { classifyWay } from '../../src/io/network/walkRules';
import { parseNetworkFile } from '../../src/io/network/parseNetwork';
import { NetworkFileError } from '../../src/io/network/rawNetwork';
import { buildGraph } from '../../src/geo/network/graph';
import { writeOsmPbf } from '../fixtures/osmPbfWriter';
import { EXTRACT_BOUNDS, extractElements } from '../fixtures/extractElements';
import { zippedShapefile } from '../fixtures/shapefileWriter';

// whole-network runs: generous on a shared, loaded machine (no timing is asserted)
vi.setConfig({ testTimeout: 120_000 });

const enc = (s: string) => new TextEncoder().encode(s);

describe('walkable-way rules', () => {
  const cases: [Record<string, string>, boolean, string][] = [
    [{ highway: 'residential' }, true, 'highway-walkable'],
    [{ highway: 'steps' }, true, 'highway-walkable'],
    [{ highway: 'footway' }, true, 'highway-walkable'],
    [{ highway: 'motorway' }, false, 'highway-dropped'],
    [{ highway: 'construction' }, false, 'highway-dropped'],
    [{ highway: 'residential', access: 'private' }, false, 'access-no'],
    [{ highway: 'service', access: 'private', foot: 'yes' }, true, 'foot-yes'],
    [{ highway: 'primary', foot: 'no' }, false, 'foot-no'],
    [{ highway: 'trunk', bridge: 'yes' }, false, 'elevated-or-tunnel-trunk'],
    [{ highway: 'trunk', bridge: 'yes', sidewalk: 'both' }, true, 'sidewalk-yes'],
    [{ highway: 'trunk' }, true, 'highway-walkable'],
    [{ highway: 'trunk', sidewalk: 'no' }, false, 'sidewalk-no-trunk'],
    [{ route: 'ferry' }, false, 'ferry'],
    [{ building: 'yes' }, false, 'not-a-way-for-walking'],
    [{ highway: 'bus_stop' }, false, 'highway-unknown'],
  ];
  it.each(cases)('%j → keep %s by %s', (tags, keep, rule) => {
    const d = classifyWay(tags);
    expect(d.keep).toBe(keep);
    expect(d.rule).toBe(rule);
  });
  it('oneway binds cars only; oneway:foot binds walkers', () => {
    expect(classifyWay({ highway: 'primary', oneway: 'yes' }).direction).toBe(0);
    expect(classifyWay({ highway: 'footway', 'oneway:foot': 'yes' }).direction).toBe(1);
    expect(classifyWay({ highway: 'footway', 'oneway:foot': '-1' }).direction).toBe(-1);
  });
});

const SMALL_OSM = `<?xml version="1.0"?>
<osm version="0.6"><bounds minlon="121.47" minlat="31.23" maxlon="121.48" maxlat="31.24"/>
<node id="1" lon="121.470" lat="31.230"/><node id="2" lon="121.472" lat="31.230"/>
<node id="3" lon="121.474" lat="31.230"/><node id="4" lon="121.472" lat="31.232"/>
<node id="5" lon="121.473" lat="31.233"><tag k="highway" v="crossing"/></node>
<way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
<way id="11"><nd ref="2"/><nd ref="4"/><nd ref="5"/><tag k="highway" v="footway"/></way>
<way id="12"><nd ref="3"/><nd ref="5"/><tag k="highway" v="motorway"/></way>
<way id="13"><nd ref="4"/><nd ref="99"/><tag k="highway" v="path"/></way>
</osm>`;

describe('OSM XML', () => {
  it('splits ways at shared nodes, measures geodesic lengths and counts the rules', async () => {
    const raw = await parseNetworkFile('small.osm', enc(SMALL_OSM));
    const g = buildGraph(raw);
    // way 10 is split at node 2 (shared with way 11): 1-2, 2-3; way 11: 2-4-5 has no other shared node
    expect(g.edgeCount).toBe(3);
    expect(g.nodeCount).toBe(4); // 1, 2, 3, 5 (4 is interior to way 11)
    const lens = [...g.edgeLen].sort((a, b) => a - b);
    const turfLen = (a: number[], b: number[]) => turf.distance(a, b, { units: 'meters' });
    const expected = [
      turfLen([121.470, 31.230], [121.472, 31.230]),
      turfLen([121.472, 31.230], [121.474, 31.230]),
      turfLen([121.472, 31.230], [121.472, 31.232]) + turfLen([121.472, 31.232], [121.473, 31.233]),
    ].sort((a, b) => a - b);
    lens.forEach((l, i) => expect(l).toBeCloseTo(expected[i], 6));
    expect(g.stats.ruleCounts).toEqual({ 'highway-walkable': 3, 'highway-dropped': 1 });
    expect(g.stats.missingNodeRefs).toBe(1);
    expect([...g.edgeDir]).toEqual([0, 0, 0]); // oneway=yes does not bind walkers
    expect(g.extent).toEqual([121.47, 31.23, 121.48, 31.24]);
    expect(g.stats.components).toBe(1);
  });

  it('rejects malformed XML and non-OSM XML with a clear error', async () => {
    await expect(parseNetworkFile('bad.osm', enc('<osm><node id="1"></osm>'))).rejects.toThrow(/not well-formed/);
    await expect(parseNetworkFile('x.xml', enc('<gpx></gpx>'))).rejects.toThrow(/no <osm>/);
    await expect(parseNetworkFile('e.osm', new Uint8Array(0))).rejects.toBeInstanceOf(NetworkFileError);
  });

  it('says so when nothing is walkable', async () => {
    const only = '<osm><node id="1" lon="121" lat="31"/><node id="2" lon="121.1" lat="31"/><way id="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="motorway"/></way></osm>';
    await expect(parseNetworkFile('m.osm', enc(only))).rejects.toThrow(/no walkable ways.*highway-dropped: 1/);
  });
});

describe('OSM PBF gives the same network as the XML', () => {
  it('on the shipped 人民广场 extract', async () => {
    const xml = readFileSync('geodata/renminguangchang-drive-2026.osm', 'utf8');
    // the file's elements, read with regular expressions (not saxes)
    const { nodes, ways } = extractElements();
    const pbf = writeOsmPbf(nodes, ways, EXTRACT_BOUNDS);
    const a = buildGraph(await parseNetworkFile('x.osm', enc(xml)));
    const b = buildGraph(await parseNetworkFile('x.osm.pbf', pbf));
    expect(b.stats.format).toBe('osm-pbf');
    expect(b.nodeCount).toBe(a.nodeCount);
    expect(b.edgeCount).toBe(a.edgeCount);
    expect(b.stats.walkableKm).toBeCloseTo(a.stats.walkableKm, 3); // PBF stores 1e-7° like the XML
    expect(b.stats.ruleCounts).toEqual(a.stats.ruleCounts);
    b.extent.forEach((v, i) => expect(v).toBeCloseTo(a.extent[i], 7));
    expect(a.nodeCount).toBeGreaterThan(600);
  });

  it('parses without Node\'s Buffer and zlib (as in a browser worker: DecompressionStream inflates)', async () => {
    const pbf = writeOsmPbf([{ id: 1, lng: 121.47, lat: 31.23 }, { id: 2, lng: 121.48, lat: 31.23 }], [{ id: 9, refs: [1, 2], tags: { highway: 'footway', name: '人民大道' } }]);
    const g = globalThis as Record<string, unknown>;
    const proc = process as unknown as Record<string, unknown>;
    const saved = g.Buffer, savedGet = proc.getBuiltinModule;
    try {
      delete g.Buffer;
      proc.getBuiltinModule = undefined;
      const net = buildGraph(await parseNetworkFile('b.osm.pbf', pbf));
      expect(net.edgeCount).toBe(1);
      expect(net.stats.walkableKm).toBeCloseTo(turf.distance([121.47, 31.23], [121.48, 31.23]), 4);
    } finally {
      g.Buffer = saved;
      proc.getBuiltinModule = savedGet;
    }
  });

  it('rejects a broken PBF with a clear error', async () => {
    const junk = new Uint8Array(64);
    junk[3] = 10;
    await expect(parseNetworkFile('x.osm.pbf', junk)).rejects.toThrow(/could not be read/);
  });
});

describe('centre lines', () => {
  const line = (coords: number[][]) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: coords } });
  const fc = { type: 'FeatureCollection', features: [line([[121.47, 31.23], [121.475, 31.23]]), line([[121.475, 31.23], [121.475, 31.235]]), { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [121, 31] } }] };

  it('GeoJSON lines join at shared vertices; WGS84 is not converted', async () => {
    const g = buildGraph(await parseNetworkFile('roads.geojson', enc(JSON.stringify(fc))));
    expect(g.edgeCount).toBe(2);
    expect(g.nodeCount).toBe(3);
    expect(g.stats.ruleCounts).toEqual({ 'highway-walkable': 2, 'not-a-way-for-walking': 1 });
    expect(g.nodeLng[0]).toBe(121.47);
  });

  it('GCJ-02 lines are converted only when the user says so', async () => {
    const g = buildGraph(await parseNetworkFile('roads.geojson', enc(JSON.stringify(fc)), { crs: 'gcj02' }));
    const [lng, lat] = gcoord.transform([121.47, 31.23], gcoord.GCJ02, gcoord.WGS84) as [number, number];
    expect(g.stats.crs).toBe('gcj02');
    expect(g.nodeLng[0]).toBeCloseTo(lng, 9);
    expect(g.nodeLat[0]).toBeCloseTo(lat, 9);
    expect(Math.abs(g.nodeLng[0] - 121.47)).toBeGreaterThan(0.003);
  });

  it('zipped Shapefile polylines', async () => {
    const zip = zippedShapefile([
      { rings: [[[121.47, 31.23], [121.475, 31.23]]], attributes: { name: '路一' } },
      { rings: [[[121.475, 31.23], [121.475, 31.235]], [[121.475, 31.235], [121.48, 31.235]]], attributes: { name: '路二' } },
    ], { shapeType: 3 });
    const g = buildGraph(await parseNetworkFile('roads.zip', zip));
    expect(g.stats.format).toBe('shapefile');
    expect(g.edgeCount).toBe(3);
    expect(g.stats.walkableKm).toBeCloseTo((turf.distance([121.47, 31.23], [121.475, 31.23]) + turf.distance([121.475, 31.23], [121.475, 31.235]) + turf.distance([121.475, 31.235], [121.48, 31.235])), 3);
  });

  it('GeoJSON without lines is an error', async () => {
    await expect(parseNetworkFile('p.geojson', enc(JSON.stringify({ type: 'FeatureCollection', features: [] })))).rejects.toThrow(/no LineString/);
    await expect(parseNetworkFile('p.geojson', enc('{oops'))).rejects.toThrow(/could not be read/);
  });
});
