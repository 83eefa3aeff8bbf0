import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, detectEncoding } from '../../src/io/decode';

const zh = '名称,经度,纬度\r\n曹杨新村人民坊,121.412,31.244\r\n';
const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

describe('detectEncoding / decodeBytes', () => {
  it('reads GBK bytes (Chinese Excel) as GB18030 without being told', () => {
    const gbk = bytes(iconv.encode(zh, 'gbk'));
    // the GBK bytes are not valid UTF-8: this is what a naive reader would break on
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const { text, detection } = decodeBytes(gbk);
    expect(detection).toMatchObject({ encoding: 'gb18030', bom: false, method: 'gb18030-fallback', replacementChars: 0 });
    expect(text).toBe(zh);
  });

  it('reads GB18030 four-byte characters (outside GBK)', () => {
    const rare = '名称\r\n䶮湾𠮷亭\r\n';
    const b = bytes(iconv.encode(rare, 'gb18030'));
    expect(b.length).toBeGreaterThan(Buffer.byteLength(iconv.encode('名称\r\n\r\n', 'gbk')) + 6); // 4-byte sequences present
    expect(decodeBytes(b).text).toBe(rare);
  });

  it('strips a UTF-8 byte-order mark and reports it', () => {
    const b = bytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zh, 'utf8')]));
    const { text, detection } = decodeBytes(b);
    expect(detection).toMatchObject({ encoding: 'utf-8', bom: true, method: 'bom' });
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).toBe(zh);
  });

  it('reads UTF-8 without a BOM', () => {
    const { text, detection } = decodeBytes(bytes(Buffer.from(zh, 'utf8')));
    expect(detection).toMatchObject({ encoding: 'utf-8', bom: false, method: 'utf8-valid' });
    expect(text).toBe(zh);
  });

  it('reads UTF-16LE with BOM (Excel "Unicode text")', () => {
    const b = bytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(zh, 'utf16le')]));
    const { text, detection } = decodeBytes(b);
    expect(detection.encoding).toBe('utf-16le');
    expect(text).toBe(zh);
  });

  it('pure ASCII is UTF-8', () => {
    expect(detectEncoding(bytes(Buffer.from('name,lng,lat\n')))).toMatchObject({ encoding: 'utf-8', method: 'ascii' });
  });

  it('a user override is obeyed and undecodable characters are counted', () => {
    const gbk = bytes(iconv.encode(zh, 'gbk'));
    const { detection } = decodeBytes(gbk, 'utf-8');
    expect(detection.method).toBe('user');
    expect(detection.replacementChars).toBeGreaterThan(0);
    const forced = decodeBytes(bytes(Buffer.from(zh, 'utf8')), 'gb18030');
    expect(forced.text).not.toBe(zh);
  });

  it('empty input decodes to empty text', () => {
    expect(decodeBytes(new Uint8Array(0)).text).toBe('');
  });
});
