/**
 * The walkable ways of a network file before the graph is built: vertex coordinates
 * (WGS84) and ways as runs of vertex indices, with how many ways each rule kept or dropped.
 * Every parser (OSM XML, OSM PBF, GeoJSON and Shapefile centre lines) fills one of these.
 */
import { GrowableF64, GrowableI32 } from '../growable';
import type { Crs } from '../importTypes';
import { toWgs84 } from '../crs';
import { classifyWay, type FootDirection, type RuleId, type Tags } from './walkRules';

export type NetworkFormat = 'osm-xml' | 'osm-pbf' | 'geojson' | 'shapefile';

export interface RawNetwork {
  format: NetworkFormat;
  /** coordinate system the file was read in (converted to WGS84 here) */
  crs: Crs;
  /** vertex coordinates, WGS84 */
  lng: Float64Array;
  lat: Float64Array;
  /** way w has vertices wayNodes[wayStart[w]] … wayNodes[wayStart[w+1]-1] */
  wayStart: Int32Array;
  wayNodes: Int32Array;
  /** 0 both ways, 1 forward only, -1 backward only (oneway:foot) */
  wayDir: Int8Array;
  /** ways kept / dropped per rule id */
  ruleCounts: Partial<Record<RuleId, number>>;
  /** ways referring to vertices the file does not contain (cut at the extract's edge) */
  missingNodeRefs: number;
  /** the file's declared extent (OSM <bounds>), WGS84; null when it has none */
  bounds: [number, number, number, number] | null;
  /** elements read (nodes / ways / features) */
  elementsRead: number;
}

export class NetworkFileError extends Error {
  constructor(readonly code: 'empty' | 'bad-xml' | 'bad-pbf' | 'bad-geojson' | 'bad-shapefile' | 'no-lines' | 'unknown-format' | 'cancelled', message: string) {
    super(message);
    this.name = 'NetworkFileError';
  }
}

/** Collects nodes (by OSM id, or by coordinate for centre lines) and walkable ways. */
export class RawNetworkBuilder {
  private readonly lng = new GrowableF64(1 << 14);
  private readonly lat = new GrowableF64(1 << 14);
  private readonly idIndex = new Map<number, number>();
  private readonly coordIndex = new Map<string, number>();
  private readonly wayStart = new GrowableI32(1 << 12);
  private readonly wayNodes = new GrowableI32(1 << 14);
  private readonly wayDir: number[] = [];
  private readonly counts: Partial<Record<RuleId, number>> = {};
  private missing = 0;
  private bounds: [number, number, number, number] | null = null;
  elements = 0;

  constructor(readonly format: NetworkFormat, readonly crs: Crs) {
    this.wayStart.push(0);
  }

  setBounds(minLng: number, minLat: number, maxLng: number, maxLat: number): void {
    const [a, b] = toWgs84(minLng, minLat, this.crs);
    const [c, d] = toWgs84(maxLng, maxLat, this.crs);
    this.bounds = [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
  }

  /** An OSM node with its id. */
  addNode(id: number, lng: number, lat: number): void {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return;
    this.idIndex.set(id, this.lng.length);
    if (this.crs === 'wgs84') {
      this.lng.push(lng);
      this.lat.push(lat);
      return;
    }
    const [x, y] = toWgs84(lng, lat, this.crs);
    this.lng.push(x);
    this.lat.push(y);
  }

  /** A vertex of a centre line: vertices with the same coordinates (to 1e-7°) are one node. */
  vertex(lng: number, lat: number): number {
    const key = `${Math.round(lng * 1e7)},${Math.round(lat * 1e7)}`;
    let i = this.coordIndex.get(key);
    if (i === undefined) {
      const [x, y] = toWgs84(lng, lat, this.crs);
      i = this.lng.length;
      this.coordIndex.set(key, i);
      this.lng.push(x);
      this.lat.push(y);
    }
    return i;
  }

  count(rule: RuleId): void {
    this.counts[rule] = (this.counts[rule] ?? 0) + 1;
  }

  /** An OSM way: classified by the rule table; kept ways keep their runs of known nodes. */
  addOsmWay(refs: ArrayLike<number>, tags: Tags): void {
    const d = classifyWay(tags);
    this.count(d.rule);
    if (!d.keep) return;
    // a way cut by the extract's edge keeps its runs of present nodes
    let run: number[] = [];
    const flush = () => {
      if (run.length >= 2) this.addWay(run, d.direction);
      run = [];
    };
    for (let k = 0; k < refs.length; k++) {
      const i = this.idIndex.get(refs[k]);
      if (i === undefined) {
        this.missing++;
        flush();
      } else run.push(i);
    }
    flush();
  }

  /** A kept way as vertex indices. */
  addWay(nodes: readonly number[], dir: FootDirection): void {
    // drop repeated consecutive vertices
    let n = 0;
    for (let k = 0; k < nodes.length; k++) {
      if (k > 0 && nodes[k] === nodes[k - 1]) continue;
      this.wayNodes.push(nodes[k]);
      n++;
    }
    if (n < 2) {
      this.wayNodes.length -= n;
      return;
    }
    this.wayStart.push(this.wayNodes.length);
    this.wayDir.push(dir);
  }

  finish(): RawNetwork {
    return {
      format: this.format,
      crs: this.crs,
      lng: this.lng.toArray(),
      lat: this.lat.toArray(),
      wayStart: this.wayStart.toArray(),
      wayNodes: this.wayNodes.toArray(),
      wayDir: Int8Array.from(this.wayDir),
      ruleCounts: { ...this.counts },
      missingNodeRefs: this.missing,
      bounds: this.bounds,
      elementsRead: this.elements,
    };
  }
}
