import { describe, expect, it } from 'vitest';
import { formatAt, parseAt, residentFromParams, residentToParams } from '../../src/state/residentUrl';

describe('resident URL parameters', () => {
  it('parses at=lng,lat and rejects junk or far-away points', () => {
    expect(parseAt('121.4,31.24')).toEqual({ lng: 121.4, lat: 31.24 });
    expect(parseAt(' 121.4 , 31.24 ')).toEqual({ lng: 121.4, lat: 31.24 });
    expect(parseAt('31.24,121.4')).toBeNull(); // swapped: latitude 121 is impossible here
    expect(parseAt('121.4')).toBeNull();
    expect(parseAt('121.4,')).toBeNull();
    expect(parseAt('a,b')).toBeNull();
    expect(parseAt('116.4,39.9')).toBeNull(); // Beijing
    expect(parseAt(null)).toBeNull();
  });

  it('formats with at most six decimals', () => {
    expect(formatAt({ lng: 121.123456789, lat: 31.1 })).toBe('121.123457,31.1');
  });

  it('round-trips place and persona; adult is the default and left out', () => {
    const p = new URLSearchParams('view=resident');
    residentToParams({ at: { lng: 121.4, lat: 31.24 }, persona: 'elderly' }, p);
    expect(p.toString()).toBe('view=resident&at=121.4%2C31.24&persona=elderly');
    expect(residentFromParams(p)).toEqual({ at: { lng: 121.4, lat: 31.24 }, persona: 'elderly' });
    residentToParams({ at: null, persona: 'adult' }, p);
    expect(p.toString()).toBe('view=resident');
    expect(residentFromParams(new URLSearchParams('persona=runner'))).toEqual({});
  });
});
