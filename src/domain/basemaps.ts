/**
 * Basemaps the user can pick. Offline (no tiles) is the default: nothing leaves the machine
 * until a basemap is picked. Offered: OpenStreetMap raster tiles and 天地图 (vector or imagery,
 * each with its annotation layer; the user's own key). Both are WGS84 / CGCS2000, like the data.
 * Tile services in GCJ-02 (AMap/高德, Tencent/腾讯) or BD-09 (Baidu/百度) are not offered, and a
 * custom style URL pointing at one gets a warning: WGS84 data would sit 500 m–1 km off.
 */

export type BasemapId = 'offline' | 'osm' | 'tianditu-vec' | 'tianditu-img' | 'custom';
export const BASEMAP_IDS: readonly BasemapId[] = ['offline', 'osm', 'tianditu-vec', 'tianditu-img', 'custom'];

export interface RasterBasemap {
  /** tile URL templates, drawn bottom to top */
  layers: { id: string; tiles: string[] }[];
  attribution: string;
  maxzoom: number;
}

const TDT_SERVERS = [0, 1, 2, 3, 4, 5, 6, 7];

function tianditu(layer: string, key: string): string[] {
  const k = encodeURIComponent(key);
  return TDT_SERVERS.map((n) => `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${k}`);
}

/** The raster tiles of a basemap, or null for offline / custom (a custom style replaces the whole style). */
export function rasterBasemap(id: BasemapId, tiandituKey: string): RasterBasemap | null {
  if (id === 'osm') {
    return { layers: [{ id: 'osm', tiles: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'] }], attribution: '© OpenStreetMap contributors', maxzoom: 19 };
  }
  if (id === 'tianditu-vec' || id === 'tianditu-img') {
    if (!tiandituKey.trim()) return null;
    const [base, label] = id === 'tianditu-vec' ? ['vec', 'cva'] : ['img', 'cia'];
    return { layers: [{ id: base, tiles: tianditu(base, tiandituKey.trim()) }, { id: label, tiles: tianditu(label, tiandituKey.trim()) }], attribution: '© 天地图 (国家地理信息公共服务平台)', maxzoom: 18 };
  }
  return null;
}

const SHIFTED: [RegExp, 'GCJ-02' | 'BD-09', string][] = [
  [/(^|\.)(amap\.com|autonavi\.com|gaode\.com)$/i, 'GCJ-02', '高德 AMap'],
  [/(^|\.)(qq\.com|gtimg\.cn|tencent\.com|tencentmap\.com)$/i, 'GCJ-02', '腾讯 Tencent'],
  [/(^|\.)(baidu\.com|bdimg\.com|bdstatic\.com)$/i, 'BD-09', '百度 Baidu'],
];

/** For a custom style URL: which shifted coordinate system its host serves, if any. */
export function shiftedSystem(url: string): { system: 'GCJ-02' | 'BD-09'; provider: string } | null {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return null;
  }
  for (const [re, system, provider] of SHIFTED) if (re.test(host)) return { system, provider };
  return null;
}

/** A custom style URL must be http(s). */
export function isStyleUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url.trim());
}
