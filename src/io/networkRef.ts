/**
 * Which street network a workspace used, and the user's network file as it is kept in this
 * browser (README "Street network"). A workspace file records the network by reference
 * (name, size, SHA-256 of the file's bytes, source, coordinate system, extent): the file itself
 * is not copied into the workspace. The browser keeps the file's bytes (not the graph, which is
 * rebuilt by the same import on load), validated again when read back. Pure but for the hash
 * (Web Crypto, available in browsers, workers and Node).
 */
import { CRS_LIST, type Crs } from './importTypes';

export const NETWORK_RECORD_FORMAT = 'shenghuoquan-network';
export const NETWORK_RECORD_VERSION = 1;

export interface NetworkRef {
  /** the file's name */
  name: string;
  /** bytes */
  size: number;
  /** SHA-256 of the file's bytes, hex (null where Web Crypto is unavailable, e.g. an insecure http page) */
  sha256: string | null;
  /** the shipped 人民广场 extract or a file the user loaded */
  source: 'shipped' | 'file';
  /** the coordinate system the file was read in */
  crs: Crs;
  /** WGS84 [west, south, east, north] */
  extent: [number, number, number, number];
  /** osm-xml, osm-pbf, geojson, shapefile */
  format?: string;
}

/** The user's network file as kept in IndexedDB. */
export interface StoredNetwork {
  format: typeof NETWORK_RECORD_FORMAT;
  version: typeof NETWORK_RECORD_VERSION;
  savedAt: string;
  ref: NetworkRef;
  bytes: ArrayBuffer;
}

/** SHA-256 of bytes as hex; null where Web Crypto is missing. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The same network: the same bytes read in the same coordinate system. */
export function sameNetwork(a: NetworkRef | null | undefined, b: NetworkRef | null | undefined): boolean {
  if (!a || !b) return false;
  if (a.crs !== b.crs || a.size !== b.size) return false;
  if (a.sha256 && b.sha256) return a.sha256 === b.sha256;
  // without a hash on one side: the shipped extract is the shipped extract; a file is its name and size
  return a.source === b.source && a.name === b.name;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Field errors of a network reference (`path` prefixes them); empty when valid. */
export function networkRefErrors(v: unknown, path: string): string[] {
  if (!isObj(v)) return [`${path}: not an object`];
  const out: string[] = [];
  if (typeof v.name !== 'string' || v.name.length === 0 || v.name.length > 500) out.push(`${path}.name: not a file name`);
  if (!isNum(v.size) || !Number.isInteger(v.size) || v.size <= 0) out.push(`${path}.size: not a byte count`);
  if (v.sha256 !== null && !(typeof v.sha256 === 'string' && /^[0-9a-f]{64}$/.test(v.sha256))) out.push(`${path}.sha256: not a SHA-256 (64 hex digits) or null`);
  if (v.source !== 'shipped' && v.source !== 'file') out.push(`${path}.source: not 'shipped' or 'file'`);
  if (!CRS_LIST.includes(v.crs as Crs)) out.push(`${path}.crs: not one of ${CRS_LIST.join(', ')}`);
  const e = v.extent;
  if (!Array.isArray(e) || e.length !== 4 || !e.every(isNum) || !(e[0] < e[2] && e[1] < e[3]) || e[0] < -180 || e[2] > 180 || e[1] < -90 || e[3] > 90) {
    out.push(`${path}.extent: not [west, south, east, north] in degrees`);
  }
  if (v.format !== undefined && typeof v.format !== 'string') out.push(`${path}.format: not text`);
  return out;
}

export type StoredNetworkCheck = { ok: true; record: StoredNetwork } | { ok: false; errors: string[] };

/** Check a record read back from IndexedDB: shape, then that the bytes are the file it names (size and hash). */
export async function checkStoredNetwork(raw: unknown): Promise<StoredNetworkCheck> {
  if (!isObj(raw)) return { ok: false, errors: ['(record): not an object'] };
  if (raw.format !== NETWORK_RECORD_FORMAT) return { ok: false, errors: [`format: not a 生活圈 network record (expected "${NETWORK_RECORD_FORMAT}")`] };
  if (!isNum(raw.version) || raw.version > NETWORK_RECORD_VERSION || raw.version < 1) return { ok: false, errors: [`version: ${String(raw.version)} is not one this app reads (${NETWORK_RECORD_VERSION})`] };
  const errors = networkRefErrors(raw.ref, 'ref');
  if (typeof raw.savedAt !== 'string' || Number.isNaN(Date.parse(raw.savedAt))) errors.push('savedAt: not a date');
  // (tag, not instanceof: a record read back in another realm, e.g. a test environment)
  const b = raw.bytes;
  const bytes = Object.prototype.toString.call(b) === '[object ArrayBuffer]' ? (b as ArrayBuffer)
    : ArrayBuffer.isView(b) ? (b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer) : null;
  if (!bytes) errors.push('bytes: not the file\'s bytes');
  if (errors.length > 0 || !bytes) return { ok: false, errors };
  const ref = raw.ref as NetworkRef;
  if (bytes.byteLength !== ref.size) return { ok: false, errors: [`bytes: ${bytes.byteLength} bytes, the record says ${ref.size}`] };
  if (ref.sha256) {
    const h = await sha256Hex(bytes);
    if (h !== null && h !== ref.sha256) return { ok: false, errors: [`bytes: SHA-256 ${h.slice(0, 12)}… differs from the record's ${ref.sha256.slice(0, 12)}… (damaged)`] };
  }
  return { ok: true, record: { ...(raw as unknown as StoredNetwork), bytes } };
}
