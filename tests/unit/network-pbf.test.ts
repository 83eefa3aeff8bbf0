// The .osm.pbf reader (mapbox pbf into typed arrays) against the reader it replaced: tiny-osmpbf
// (an independent decoder, kept as a dev dependency for this) feeding the XML reader's
// RawNetworkBuilder. Same graph, bit for bit, and the same import report, on the shipped extract
// and on files that use what the format allows (many blocks, plain nodes, another granularity
// and offsets, relations, unsorted and duplicate ids, ways before nodes, missing nodes,
// uncompressed blocks, every tag the rules read); the rule table reads no other tag; bad files.
import { PbfReader, PbfWriter } from 'pbf';
import tinyosmpbf from 'tiny-osmpbf';
import { describe, expect, it, vi } from 'vitest';
import { buildGraph, type NetworkGraph } from '../../src/geo/network/graph';
import type { Crs } from '../../src/io/importTypes';
import { readOsmPbf } from '../../src/io/network/osmPbf';
import { parseNetworkFile } from '../../src/io/network/parseNetwork';
import { RawNetworkBuilder, type RawNetwork } from '../../src/io/network/rawNetwork';
import { classifyWay, DROPPED_HIGHWAYS, RULE_KEYS, WALKABLE_HIGHWAYS } from '../../src/io/network/walkRules';
import { mulberry32 } from '../../src/domain/prng';
import { writeOsmPbf, type PbfNode, type PbfWay, type PbfWriteOptions } from '../fixtures/osmPbfWriter';
import { extractElements } from '../fixtures/extractElements';

vi.setConfig({ testTimeout: 120_000 });

/** The old path: tiny-osmpbf element by element into the builder the XML reader uses. */
function readWithTinyOsmPbf(bytes: Uint8Array, crs: Crs = 'wgs84'): RawNetwork {
  const b = new RawNetworkBuilder('osm-pbf', crs);
  const pending: { nodes: number[]; tags: Record<string, string> }[] = [];
  const out = tinyosmpbf(bytes.slice(), (el: unknown) => {
    const e = el as { type: string; id: number; lat: number; lon: number; nodes: number[]; tags: Record<string, string> };
    b.elements++;
    if (e.type === 'node') b.addNode(e.id, Number(e.lon), Number(e.lat));
    else if (e.type === 'way') pending.push({ nodes: e.nodes, tags: e.tags });
  }) as { bounds?: { minlon: number; minlat: number; maxlon: number; maxlat: number } };
  const bb = out.bounds;
  if (bb) b.setBounds(bb.minlon, bb.minlat, bb.maxlon, bb.maxlat);
  for (const w of pending) b.addOsmWay(w.nodes, w.tags);
  return b.finish();
}

/** Every array and figure of the two graphs, exactly. */
function expectSameGraph(a: NetworkGraph, b: NetworkGraph): void {
  for (const k of Object.keys(a) as (keyof NetworkGraph)[]) {
    const x = a[k], y = b[k];
    if (ArrayBuffer.isView(x)) {
      expect(ArrayBuffer.isView(y), k).toBe(true);
      expect(Array.from(x as Float64Array), k).toEqual(Array.from(y as Float64Array));
    } else expect(x, k).toEqual(y);
  }
}

const BOUNDS: [number, number, number, number] = [121.4611262, 31.2196145, 121.4863121, 31.2411914];

// tag values the rules test for, and some they do not
const VALUES: Record<string, string[]> = {
  highway: [...WALKABLE_HIGHWAYS, ...DROPPED_HIGHWAYS, 'bus_stop', 'ferry', 'trunk', 'trunk_link'],
  route: ['ferry', 'bus'],
  foot: ['yes', 'no', 'private', 'designated', 'permissive', 'official', 'destination', 'use_sidepath'],
  access: ['no', 'private', 'yes', 'destination'],
  sidewalk: ['both', 'left', 'right', 'yes', 'no', 'none', 'separate'],
  'sidewalk:both': ['yes', 'no', 'separate'],
  'sidewalk:left': ['yes', 'no'],
  'sidewalk:right': ['yes', 'no'],
  bridge: ['yes', 'no', 'viaduct'],
  tunnel: ['yes', 'no', 'culvert'],
  'oneway:foot': ['yes', 'true', '1', '-1', 'reverse', 'no'],
  oneway: ['yes', '-1'],
  name: ['人民大道', '南京东路', 'Nanjing Road'],
  building: ['yes'],
  layer: ['1', '-1'],
  footway: ['sidewalk', 'crossing'],
};
function randomTags(rnd: () => number): Record<string, string> {
  const t: Record<string, string> = {};
  if (rnd() < 0.85) t.highway = VALUES.highway[Math.floor(rnd() * VALUES.highway.length)];
  for (const k of Object.keys(VALUES)) if (k !== 'highway' && rnd() < 0.15) t[k] = VALUES[k][Math.floor(rnd() * VALUES[k].length)];
  return t;
}

describe('the walkable-way rules read only RULE_KEYS', () => {
  it('on 3,000 random tag sets: every key looked at is in RULE_KEYS, and the rule tags alone decide the same', () => {
    const rnd = mulberry32(11);
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const tags = randomTags(rnd);
      const spy = new Proxy(tags, {
        get: (t, k) => { seen.add(String(k)); return t[k as string]; },
        has: (t, k) => { seen.add(String(k)); return k in t; },
        ownKeys: (t) => { seen.add('*'); return Reflect.ownKeys(t); },
      });
      const full = classifyWay(spy);
      const only = Object.fromEntries(Object.entries(tags).filter(([k]) => RULE_KEYS.includes(k)));
      expect(classifyWay(only)).toEqual(full);
    }
    for (const k of seen) expect(RULE_KEYS, k).toContain(k);
    // and every rule key matters to some decision
    for (const k of RULE_KEYS) expect(seen, k).toContain(k);
  });
});

describe('the .osm.pbf reader gives the graph the old reader (tiny-osmpbf) gave', () => {
  const { nodes, ways } = extractElements();

  it.each<[string, PbfWriteOptions]>([
    ['one block, dense nodes', {}],
    ['many small blocks, plain nodes, relations', { blockSize: 97, plainNodes: true, relations: 6 }],
    ['granularity 1000 with offsets, uncompressed blocks', { granularity: 1000, latOffset: 31_000_000_000, lonOffset: 121_000_000_000, raw: true }],
    ['ways before nodes', { waysFirst: true, blockSize: 500 }],
  ])('on the shipped extract: %s', async (_name, opts) => {
    const pbf = writeOsmPbf(nodes, ways, BOUNDS, opts);
    const ours = await readOsmPbf(pbf);
    const old = readWithTinyOsmPbf(pbf);
    expect(ours.elementsRead).toBe(old.elementsRead);
    expect(ours.ruleCounts).toEqual(old.ruleCounts);
    expect(ours.missingNodeRefs).toBe(old.missingNodeRefs);
    expect(ours.bounds).toEqual(old.bounds);
    expectSameGraph(buildGraph(ours), buildGraph(old));
    expect(buildGraph(ours).edgeCount).toBeGreaterThan(800);
  });

  it('on random tags, shuffled and repeated ids, missing nodes, GCJ-02', async () => {
    const rnd = mulberry32(5);
    const pts: PbfNode[] = Array.from({ length: 1500 }, (_, i) => ({ id: 10_000_000_000 + i * 7, lng: 121.45 + rnd() * 0.05, lat: 31.21 + rnd() * 0.04 }));
    const ws: PbfWay[] = Array.from({ length: 700 }, (_, i) => {
      const n = 2 + Math.floor(rnd() * 6);
      const refs = Array.from({ length: n }, () => (rnd() < 0.04 ? 99 : pts[Math.floor(rnd() * pts.length)].id));
      if (rnd() < 0.1) refs.splice(1, 0, refs[0]); // a repeated vertex
      return { id: i + 1, refs, tags: randomTags(rnd) };
    });
    // shuffled (not sorted by id) and one id twice (the later node wins)
    const shuffled = [...pts].sort(() => rnd() - 0.5);
    shuffled.push({ ...shuffled[3], lng: shuffled[3].lng + 0.001 });
    const pbf = writeOsmPbf(shuffled, ws, undefined, { blockSize: 400, relations: 3 });
    for (const crs of ['wgs84', 'gcj02'] as Crs[]) {
      const ours = await readOsmPbf(pbf, crs);
      const old = readWithTinyOsmPbf(pbf, crs);
      expect(ours.ruleCounts).toEqual(old.ruleCounts);
      expect(Object.keys(ours.ruleCounts).length).toBeGreaterThan(6);
      expect(ours.missingNodeRefs).toBe(old.missingNodeRefs);
      expect(ours.missingNodeRefs).toBeGreaterThan(10);
      expect(ours.elementsRead).toBe(old.elementsRead);
      expect(ours.bounds).toBeNull();
      expectSameGraph(buildGraph(ours), buildGraph(old));
    }
  });

  it('inflates the same with DecompressionStream (the browser worker\'s path) as with node:zlib', async () => {
    const pbf = writeOsmPbf(nodes, ways, BOUNDS, { blockSize: 300 });
    expect(await readOsmPbf(pbf, 'wgs84', { inflate: 'stream' })).toEqual(await readOsmPbf(pbf));
  });

  it('reports progress between blocks and can be cancelled', async () => {
    // a file of a few MB (uncompressed blocks): a synthetic grid of 520 × 520 nodes
    const side = 520;
    const pts: PbfNode[] = [];
    for (let j = 0; j < side; j++) for (let i = 0; i < side; i++) pts.push({ id: j * side + i + 1, lng: 121.4 + i * 1e-3 + (((i * 7 + j * 13) % 10) * 1e-6), lat: 31.2 + j * 1e-3 });
    const ws: PbfWay[] = [];
    for (let j = 0; j < side; j++) ws.push({ id: j + 1, refs: Array.from({ length: side }, (_, i) => j * side + i + 1), tags: { highway: 'residential' } });
    for (let i = 0; i < side; i++) ws.push({ id: side + i + 1, refs: Array.from({ length: side }, (_, j) => j * side + i + 1), tags: { highway: 'footway' } });
    const pbf = writeOsmPbf(pts, ws, undefined, { blockSize: 500, raw: true });
    expect(pbf.length).toBeGreaterThan(2 << 20);
    const seen: number[] = [];
    const raw = await readOsmPbf(pbf, 'wgs84', { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((f, i) => f > 0 && f < 1 && (i === 0 || f > seen[i - 1]))).toBe(true);
    expect(buildGraph(raw).edgeCount).toBe(2 * side * (side - 1));
    let asked = 0;
    await expect(parseNetworkFile('g.osm.pbf', pbf, { shouldCancel: () => ++asked >= 1 })).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('bad .osm.pbf files', () => {
  const ok = writeOsmPbf([{ id: 1, lng: 121.47, lat: 31.23 }, { id: 2, lng: 121.48, lat: 31.23 }], [{ id: 9, refs: [1, 2], tags: { highway: 'footway' } }]);
  const fails = (bytes: Uint8Array, re: RegExp) => expect(parseNetworkFile('x.osm.pbf', bytes)).rejects.toMatchObject({ code: 'bad-pbf', message: expect.stringMatching(re) });

  it('reads the good one', async () => {
    expect(buildGraph(await parseNetworkFile('x.osm.pbf', ok)).edgeCount).toBe(1);
  });
  it('a cut-off file', () => fails(ok.subarray(0, ok.length - 20), /could not be read: truncated/));
  it('junk', () => fails(Uint8Array.from({ length: 64 }, (_, i) => (i === 3 ? 10 : 0)), /could not be read/));
  it('data without a header block first (and a buffer that does not start at offset 0)', () => fails(ok.subarray(firstBlockEnd(ok)), /not an OSMHeader/));
  it('an lzma block and a corrupt zlib block', async () => {
    const block = (blobFields: (w: PbfWriter) => void) => {
      const bp = new PbfWriter();
      blobFields(bp);
      const blob = bp.finish();
      const hp = new PbfWriter();
      hp.writeStringField(1, 'OSMData');
      hp.writeVarintField(3, blob.length);
      const header = hp.finish();
      const out = new Uint8Array(4 + header.length + blob.length);
      new DataView(out.buffer).setInt32(0, header.length);
      out.set(header, 4);
      out.set(blob, 4 + header.length);
      return out;
    };
    const headOnly = ok.subarray(0, firstBlockEnd(ok));
    const cat = (a: Uint8Array, b: Uint8Array) => { const o = new Uint8Array(a.length + b.length); o.set(a); o.set(b, a.length); return o; };
    await fails(cat(headOnly, block((w) => { w.writeVarintField(2, 10); w.writeBytesField(4, new Uint8Array([1, 2, 3])); })), /lzma-compressed blocks are not supported/);
    await fails(cat(headOnly, block((w) => { w.writeVarintField(2, 10); w.writeBytesField(3, new Uint8Array([120, 156, 1, 2, 3, 4])); })), /could not be read/);
    await expect(readOsmPbf(cat(headOnly, block((w) => { w.writeVarintField(2, 10); w.writeBytesField(3, new Uint8Array([120, 156, 1, 2, 3, 4])); })), 'wgs84', { inflate: 'stream' })).rejects.toMatchObject({ code: 'bad-pbf' });
  });
});

/** Where the first (header) block ends: its BlobHeader's datasize (field 3). */
function firstBlockEnd(bytes: Uint8Array): number {
  const hl = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt32(0);
  const h = new PbfReader(bytes.subarray(4, 4 + hl)).readFields((tag, r, p) => { if (tag === 3) r.size = p.readVarint(); }, { size: 0 });
  return 4 + hl + h.size;
}
