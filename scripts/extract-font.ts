/**
 * Extracts the first face of a TrueType collection (.ttc) as a standalone .ttf, so pdf-lib +
 * fontkit can embed it (they read single fonts, not collections).
 *
 *   npx tsx scripts/extract-font.ts /usr/share/fonts/truetype/wqy/wqy-microhei.ttc geodata/fonts/wqy-microhei.ttf
 *
 * Table data is copied byte for byte (4-byte aligned, table checksums unchanged); only the
 * offsets in the table directory change.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export function extractFirstFace(ttc: Uint8Array, index = 0): Uint8Array {
  const dv = new DataView(ttc.buffer, ttc.byteOffset, ttc.byteLength);
  const tag = String.fromCharCode(...ttc.subarray(0, 4));
  if (tag !== 'ttcf') throw new Error('not a TrueType collection (no ttcf header)');
  const numFonts = dv.getUint32(8);
  if (index >= numFonts) throw new Error(`collection has ${numFonts} faces`);
  const off = dv.getUint32(12 + 4 * index);
  const numTables = dv.getUint16(off + 4);
  const tables: { rec: Uint8Array; offset: number; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const r = off + 12 + 16 * i;
    tables.push({ rec: ttc.slice(r, r + 16), offset: dv.getUint32(r + 8), length: dv.getUint32(r + 12) });
  }
  const headerLen = 12 + 16 * numTables;
  let size = headerLen;
  for (const t of tables) size += (t.length + 3) & ~3;
  const out = new Uint8Array(size);
  const ov = new DataView(out.buffer);
  out.set(ttc.subarray(off, off + 12), 0);
  let pos = headerLen;
  tables.forEach((t, i) => {
    out.set(t.rec, 12 + 16 * i);
    ov.setUint32(12 + 16 * i + 8, pos);
    out.set(ttc.subarray(t.offset, t.offset + t.length), pos);
    pos += (t.length + 3) & ~3;
  });
  return out;
}

if (process.argv[1]?.endsWith('extract-font.ts')) {
  const [src, dst] = process.argv.slice(2);
  if (!src || !dst) {
    console.error('usage: npx tsx scripts/extract-font.ts <in.ttc> <out.ttf>');
    process.exit(2);
  }
  const out = extractFirstFace(new Uint8Array(readFileSync(src)));
  writeFileSync(dst, out);
  console.log(`wrote ${dst} (${out.length} bytes)`);
}
