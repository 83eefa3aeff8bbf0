/**
 * Zipped Shapefile to GeoJSON with shpjs, choosing the attribute-table (.dbf)
 * encoding the way Chinese GIS files need: the .cpg file if present, else the
 * DBF language-driver byte (0x4D / 0x7A = code page 936, GBK), else UTF-8 when
 * the bytes are valid UTF-8, else GB18030. (shpjs alone would read GBK names as
 * mojibake.) A .prj is passed on, so projected files are reprojected to WGS84.
 */
import { iter } from 'but-unzip';
import { combine, parseDbf, parseShp } from 'shpjs';
import type { FeatureCollection } from 'geojson';
import { BoundaryFileError } from './boundaryError';

const decoder = new TextDecoder();

/** TextDecoder label for a .cpg text ("UTF-8", "936", "CP936", "GBK", "ANSI 936" …). */
export function cpgEncoding(cpg: string): string | null {
  const c = cpg.trim().toLowerCase().replace(/^ansi\s*/, '');
  if (/^utf-?8$/.test(c)) return 'utf-8';
  if (/^(cp)?936$|^gbk$|^gb2312$/.test(c)) return 'gbk';
  if (c === 'gb18030' || c === '54936') return 'gb18030';
  if (/^(cp|windows-?)?1252$/.test(c)) return 'windows-1252';
  try {
    return new TextDecoder(c).encoding;
  } catch {
    return null;
  }
}

/** Encoding of a DBF without .cpg: language-driver byte, then UTF-8 validity. */
export function dbfEncoding(dbf: Uint8Array): string {
  const ldid = dbf[29];
  if (ldid === 0x4d || ldid === 0x7a) return 'gbk';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** True when the bytes end with a zip end-of-central-directory record (within the comment limit). */
export function hasZipDirectory(bytes: Uint8Array): boolean {
  const stop = Math.max(0, bytes.length - 22 - 65535);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) return true;
  }
  return false;
}

export async function readZippedShapefile(bytes: Uint8Array): Promise<FeatureCollection> {
  const files = new Map<string, Uint8Array>();
  // but-unzip 0.1 loops forever on a zip without its end record (a truncated download): check first
  if (!hasZipDirectory(bytes)) throw new BoundaryFileError('bad-zip', 'the zip file is incomplete (no central directory)');
  try {
    for (const entry of iter(bytes)) {
      if (entry.filename.includes('__MACOSX')) continue;
      if (!/\.(shp|dbf|prj|cpg)$/i.test(entry.filename)) continue;
      files.set(entry.filename, await entry.read());
    }
  } catch (e) {
    throw new BoundaryFileError('bad-zip', `the zip file could not be read: ${(e as Error).message}`);
  }
  const shpName = [...files.keys()].find((n) => /\.shp$/i.test(n));
  if (!shpName) throw new BoundaryFileError('no-shapefile', 'the zip file holds no .shp file');
  const stem = shpName.slice(0, -4);
  const sibling = (ext: string) => {
    for (const [n, b] of files) if (n.slice(0, -4) === stem && n.slice(-4).toLowerCase() === ext) return b;
    return undefined;
  };
  const shp = files.get(shpName) as Uint8Array;
  const dbf = sibling('.dbf');
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  try {
    const geometries = parseShp(view(shp), prj ? decoder.decode(prj) : false);
    let records: Record<string, unknown>[] | undefined;
    if (dbf) {
      const enc = (cpg && cpgEncoding(decoder.decode(cpg))) || dbfEncoding(dbf);
      records = parseDbf(view(dbf), enc);
    }
    return combine([geometries, records]);
  } catch (e) {
    throw new BoundaryFileError('bad-shapefile', `the Shapefile could not be read: ${(e as Error).message}`);
  }
}
