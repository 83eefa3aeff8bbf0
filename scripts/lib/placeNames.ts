/**
 * The place-name gazetteer for search (geodata/place-names.json): named OpenStreetMap metro
 * stations, bus stops (named after street crossings such as 延安西路镇宁路) and services.
 * One entry per name and kind within 600 m (a station's platforms per line, a stop's two
 * directions), at their mean position, with the word-aware pinyin precomputed so the app
 * does not segment 20,000 names at start-up.
 */
import { pinyin } from 'pinyin-pro';
import type { OsmServicesFile } from '../../src/data/osmServices.ts';
import type { PlaceNamesFile } from '../../src/geo/searchPlaces.ts';

const HAN = /\p{Script=Han}/u;
const KEEP = /[\p{L}\p{N}]/u;
const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG = 111_320 * Math.cos((31.23 * Math.PI) / 180);

export function buildPlaceNames(osm: OsmServicesFile, licence: string): PlaceNamesFile {
  type Group = { name: string; kind: 'metro' | 'bus' | 'poi'; lng: number; lat: number; n: number; district: string };
  const groups = new Map<string, Group[]>();
  for (const [, name, lng, lat, district, ri] of osm.rows) {
    if (!name) continue;
    const rule = osm.rules[ri].id;
    const kind = rule === 'metro' ? 'metro' : rule === 'bus-stop' ? 'bus' : 'poi';
    const key = `${kind}|${name}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    const near = list.find((g) => Math.hypot((g.lng / g.n - lng) * M_PER_DEG_LNG, (g.lat / g.n - lat) * M_PER_DEG_LAT) <= 600);
    if (near) {
      near.lng += lng;
      near.lat += lat;
      near.n++;
    } else list.push({ name, kind, lng, lat, n: 1, district });
  }
  const rows: PlaceNamesFile['rows'] = [];
  for (const list of groups.values()) {
    for (const g of list) {
      const chars = [...g.name.normalize('NFKC').toLowerCase()].filter((c) => KEEP.test(c)).join('');
      const py = HAN.test(chars) ? pinyin(chars, { toneType: 'none', type: 'array', nonZh: 'removed' }).join(' ') : '';
      rows.push([g.name, g.kind, Math.round((g.lng / g.n) * 1e6) / 1e6, Math.round((g.lat / g.n) * 1e6) / 1e6, g.district, py]);
    }
  }
  rows.sort((a, b) => (a[1] + a[0] < b[1] + b[0] ? -1 : a[1] + a[0] > b[1] + b[0] ? 1 : a[2] - b[2] || a[3] - b[3]));
  return {
    note: 'Named OpenStreetMap places for search: metro stations, bus stops and services; same name and kind within 600 m merged. Built by npm run geodata from geodata/osm-services.json.',
    licence,
    crs: 'EPSG:4326 (WGS84)',
    columns: ['name', 'kind', 'lng', 'lat', 'district', 'pinyin'],
    rows,
  };
}
