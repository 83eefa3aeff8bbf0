/**
 * Bytes to text, detecting the encodings Chinese spreadsheets write:
 * UTF-8 (with or without a byte-order mark), UTF-16 with a BOM (Excel's "Unicode
 * text"), and GBK/GB18030 (Excel's default "CSV" on a Chinese Windows).
 *
 * Detection: a BOM decides; then UTF-16 by its zero-byte pattern (Excel's "Unicode text"
 * saved without a BOM); otherwise bytes that are valid UTF-8 are UTF-8; otherwise
 * GB18030 (a superset of GBK and GB2312). TextDecoder does the decoding, in browsers
 * and in Node (full ICU).
 */
import type { EncodingChoice, EncodingDetection, TextEncodingName } from './importTypes';

function hasPrefix(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

const BOMS: readonly { enc: TextEncodingName; bytes: readonly number[] }[] = [
  { enc: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { enc: 'utf-16le', bytes: [0xff, 0xfe] },
  { enc: 'utf-16be', bytes: [0xfe, 0xff] },
];

export function bomOf(bytes: Uint8Array): { enc: TextEncodingName; length: number } | null {
  for (const b of BOMS) if (hasPrefix(bytes, b.bytes)) return { enc: b.enc, length: b.bytes.length };
  return null;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-16 without a byte-order mark: text with ASCII in it (digits, commas, line breaks) has a
 * zero byte in every other position. Null when the sample does not look like UTF-16.
 */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= 0.3 * pairs && evenZero <= 0.02 * pairs) return 'utf-16le';
  if (evenZero >= 0.3 * pairs && oddZero <= 0.02 * pairs) return 'utf-16be';
  return null;
}

/** Share of bytes (in the first 64 KiB) that are control characters no text file has: binary data. */
export function binaryShare(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, 65536);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) bad++;
  }
  return bad / n;
}

/** Which encoding the bytes are in (no decoding of the whole text beyond validation). */
export function detectEncoding(bytes: Uint8Array): Omit<EncodingDetection, 'replacementChars'> {
  const bom = bomOf(bytes);
  if (bom) return { encoding: bom.enc, bom: true, method: 'bom' };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { encoding: utf16, bom: false, method: 'utf16-pattern' };
  if (isAscii(bytes)) return { encoding: 'utf-8', bom: false, method: 'ascii' };
  if (isValidUtf8(bytes)) return { encoding: 'utf-8', bom: false, method: 'utf8-valid' };
  return { encoding: 'gb18030', bom: false, method: 'gb18030-fallback' };
}

function countReplacement(text: string): number {
  let n = 0;
  let i = text.indexOf('\uFFFD');
  while (i >= 0) {
    n++;
    i = text.indexOf('\uFFFD', i + 1);
  }
  return n;
}

/**
 * Decode bytes to text. `choice` 'auto' detects; a named encoding is used as given
 * (a matching BOM is still stripped). Undecodable bytes become U+FFFD and are counted.
 */
export function decodeBytes(
  bytes: Uint8Array,
  choice: EncodingChoice = 'auto',
): { text: string; detection: EncodingDetection } {
  const auto = detectEncoding(bytes);
  const encoding: TextEncodingName = choice === 'auto' ? auto.encoding : choice;
  const bom = bomOf(bytes);
  const bomMatches = bom !== null && bom.enc === encoding;
  const body = bomMatches ? bytes.subarray(bom.length) : bytes;
  // ignoreBOM: we strip our own BOM above, so a stray U+FEFF later stays visible
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  return {
    text,
    detection: {
      encoding,
      bom: bomMatches,
      method: choice === 'auto' ? auto.method : 'user',
      replacementChars: countReplacement(text),
    },
  };
}
