/**
 * One entry point for every network file: the format from the name and the first bytes,
 * parsed into a RawNetwork (WGS84). The coordinate system is the caller's explicit choice
 * (OSM files are WGS84 by definition); nothing is converted unless the caller says so.
 */
import type { Crs } from '../importTypes';
import { hasZipDirectory } from '../shapefile';
import { readGeoJsonLines, readShapefileLines } from './centreLines';
import { readOsmPbf } from './osmPbf';
import { osmXmlSteps } from './osmXml';
import { NetworkFileError, type NetworkFormat, type RawNetwork } from './rawNetwork';

export function detectNetworkFormat(name: string, bytes: Uint8Array): NetworkFormat {
  const n = name.toLowerCase();
  if (n.endsWith('.pbf')) return 'osm-pbf';
  if (n.endsWith('.zip') || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return 'shapefile';
  if (n.endsWith('.osm') || n.endsWith('.xml')) return 'osm-xml';
  if (n.endsWith('.geojson') || n.endsWith('.json')) return 'geojson';
  // sniff: first non-space character
  let i = 0;
  while (i < bytes.length && i < 4096 && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  if (bytes[i] === 0x3c) return 'osm-xml';
  if (bytes[i] === 0x7b) return 'geojson';
  // a PBF file starts with the 4-byte length of its first BlobHeader ("OSMHeader")
  if (bytes.length > 16 && bytes[0] === 0 && bytes[1] === 0) return 'osm-pbf';
  throw new NetworkFileError('unknown-format', `cannot tell the format of "${name}": expected .osm, .osm.pbf, .geojson or a zipped Shapefile`);
}

export interface ParseOptions {
  crs?: Crs;
  onProgress?: (fraction: number) => void;
  /** checked between chunks (XML) and blocks (PBF); true stops with a 'cancelled' error */
  shouldCancel?: () => boolean;
  /** given between chunks so a worker can take messages */
  yieldFn?: () => Promise<void>;
}

export async function parseNetworkFile(name: string, bytes: Uint8Array, opts: ParseOptions = {}): Promise<RawNetwork> {
  if (bytes.length === 0) throw new NetworkFileError('empty', `"${name}" is empty`);
  const crs = opts.crs ?? 'wgs84';
  const format = detectNetworkFormat(name, bytes);
  let raw: RawNetwork;
  if (format === 'osm-xml') {
    const it = osmXmlSteps(bytes, crs);
    for (;;) {
      const s = it.next();
      if (s.done) {
        raw = s.value;
        break;
      }
      opts.onProgress?.(s.value);
      if (opts.yieldFn) await opts.yieldFn();
      if (opts.shouldCancel?.()) throw new NetworkFileError('cancelled', 'cancelled');
    }
  } else if (format === 'osm-pbf') {
    raw = await readOsmPbf(bytes, crs, opts);
  } else if (format === 'geojson') {
    raw = readGeoJsonLines(new TextDecoder('utf-8').decode(bytes), crs);
  } else {
    if (!hasZipDirectory(bytes)) throw new NetworkFileError('bad-shapefile', 'the zip file is incomplete (no central directory)');
    raw = await readShapefileLines(bytes, crs);
  }
  opts.onProgress?.(1);
  if (raw.wayStart.length <= 1) throw new NetworkFileError('no-lines', `"${name}" has no walkable ways (${describeCounts(raw)})`);
  return raw;
}

function describeCounts(raw: RawNetwork): string {
  const parts = Object.entries(raw.ruleCounts).map(([k, v]) => `${k}: ${v}`);
  return parts.length ? parts.join(', ') : `${raw.elementsRead} elements read`;
}
