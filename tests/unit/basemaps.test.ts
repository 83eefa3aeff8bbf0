import { describe, expect, it } from 'vitest';
import { rasterBasemap, shiftedSystem, isStyleUrl } from '../../src/domain/basemaps';

describe('basemaps', () => {
  it('offline and custom have no raster tiles; OSM one host; 天地图 needs a key and brings its annotation layer', () => {
    expect(rasterBasemap('offline', 'k')).toBeNull();
    expect(rasterBasemap('custom', 'k')).toBeNull();
    expect(rasterBasemap('osm', '')!.layers.map((l) => l.tiles)).toEqual([['https://tile.openstreetmap.org/{z}/{x}/{y}.png']]);
    expect(rasterBasemap('tianditu-vec', ' ')).toBeNull();
    const vec = rasterBasemap('tianditu-vec', 'abc&d')!;
    expect(vec.layers.map((l) => l.id)).toEqual(['vec', 'cva']);
    expect(vec.layers[1].tiles[0]).toContain('LAYER=cva');
    expect(vec.layers[0].tiles[0]).toContain('tk=abc%26d');
    expect(rasterBasemap('tianditu-img', 'k')!.layers.map((l) => l.id)).toEqual(['img', 'cia']);
  });

  it('warns for GCJ-02 (AMap, Tencent) and BD-09 (Baidu) hosts only', () => {
    expect(shiftedSystem('https://webrd01.is.autonavi.com/appmaptile?x=1')?.system).toBe('GCJ-02');
    expect(shiftedSystem('https://rt0.map.gtimg.cn/tile')?.system).toBe('GCJ-02');
    expect(shiftedSystem('https://maponline0.bdimg.com/tile/')?.system).toBe('BD-09');
    expect(shiftedSystem('https://api.map.baidu.com/x')?.system).toBe('BD-09');
    expect(shiftedSystem('https://tile.openstreetmap.org/style.json')).toBeNull();
    expect(shiftedSystem('https://notamap.com.evil/amap.com')).toBeNull();
    expect(shiftedSystem('not a url')).toBeNull();
    expect(isStyleUrl('https://x.org/s.json')).toBe(true);
    expect(isStyleUrl('javascript:alert(1)')).toBe(false);
  });
});
