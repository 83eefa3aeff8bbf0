/**
 * Rebuilds everything in geodata/ that is derived from other sources. Deterministic:
 * the same inputs give byte-identical outputs (seeded PRNG, fixed rounding).
 *
 *   npm run geodata
 *
 * Inputs: echarts@4.9.0 map/json/province/shanghai.json (GCJ-02, compressed),
 * world-atlas@2.0.2 land-10m.json (Natural Earth 10 m land, public domain),
 * geodata/census-2020-district.csv, geodata/district-areas.csv,
 * geodata/plan-2025-projects.csv, geodata/categories.json,
 * geodata/sources/shanghai-osm-*.geojson|csv (OpenStreetMap, ODbL) with geodata/osm-crosswalk.json,
 * geodata/population-model.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import * as turf from '@turf/turf';
import gcoord from 'gcoord';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { decodeEchartsGeo, type EchartsGeoJson } from './lib/echartsDecode.ts';
import { readCsv } from './lib/csv.ts';
import { mulberry32 } from '../src/domain/prng.ts';
import { hexGrid } from './lib/hexGrid.ts';
import { POP_SOURCE_DASYMETRIC, type DistrictProps, type Facility, type FacilityStatus, type UnitProps } from '../src/domain/types.ts';
import type { Crosswalk } from '../src/domain/osmCrosswalk.ts';
import type { OsmServicesFile } from '../src/data/osmServices.ts';
import { buildOsmServices, readBusStops, readOsmPois } from './lib/osmServices.ts';
import { dasymetric, type PopulationModel } from './lib/dasymetric.ts';
import { buildPlaceNames } from './lib/placeNames.ts';
import { englishName, labelUnits, pinyinName, type Landmark } from './lib/unitLabels.ts';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const geodata = (f: string) => resolve(root, 'geodata', f);

const DISTRICT_EN: Record<string, string> = {
  '310101': 'Huangpu', '310104': 'Xuhui', '310105': 'Changning', '310106': "Jing'an",
  '310107': 'Putuo', '310109': 'Hongkou', '310110': 'Yangpu', '310112': 'Minhang',
  '310113': 'Baoshan', '310114': 'Jiading', '310115': 'Pudong', '310116': 'Jinshan',
  '310117': 'Songjiang', '310118': 'Qingpu', '310120': 'Fengxian', '310151': 'Chongming',
};

type Poly = Feature<Polygon | MultiPolygon>;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

function roundGeometry<G extends Polygon | MultiPolygon>(g: G): G {
  const ring = (r: Position[]) => r.map(([x, y]) => [round6(x), round6(y)]);
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(ring) } as G;
  return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) } as G;
}

function gcjToWgs<G extends Polygon | MultiPolygon>(g: G): G {
  const ring = (r: Position[]) => r.map((p) => gcoord.transform([p[0], p[1]] as [number, number], gcoord.GCJ02, gcoord.WGS84) as Position);
  if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map(ring) } as G;
  return { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) } as G;
}

/** Natural Earth 10 m land, clipped to a box around Shanghai. */
function landMask(): Poly {
  const topo = JSON.parse(readFileSync(require.resolve('world-atlas/land-10m.json'), 'utf8')) as Topology;
  const land = topoFeature(topo, topo.objects.land) as unknown as FeatureCollection<Polygon | MultiPolygon>;
  const box: [number, number, number, number] = [120.7, 30.5, 122.3, 32.0];
  const parts: Position[][][] = [];
  for (const f of land.features) {
    const g = turf.bboxClip(f, box).geometry as Polygon | MultiPolygon;
    if (g.type === 'Polygon') { if (g.coordinates.length && g.coordinates[0].length >= 4) parts.push(g.coordinates); }
    else for (const p of g.coordinates) if (p.length && p[0].length >= 4) parts.push(p);
  }
  return turf.multiPolygon(parts.filter((p) => turf.area(turf.polygon(p)) > 1e4));
}

function intersect(a: Poly, b: Poly): Poly | null {
  return turf.intersect(turf.featureCollection([a, b])) as Poly | null;
}

const km2 = (f: Poly) => turf.area(f) / 1e6;

function buildDistricts(land: Poly) {
  const src = JSON.parse(readFileSync(require.resolve('echarts/map/json/province/shanghai.json'), 'utf8')) as EchartsGeoJson;
  const decoded = decodeEchartsGeo(src);
  const census = new Map(readCsv(geodata('census-2020-district.csv')).map((r) => [r.district_code, r]));
  const official = new Map(readCsv(geodata('district-areas.csv')).map((r) => [r.district_code, Number(r.official_area_km2)]));
  const byName = new Map([...census.values()].map((r) => [r.district, r.district_code]));
  const features: Feature<Polygon | MultiPolygon, DistrictProps>[] = [];
  const drawn: Record<string, number> = {};
  for (const f of decoded.features) {
    const name = f.properties.name;
    const code = f.id ?? byName.get(name);
    if (!code || !census.has(code)) throw new Error(`unknown district ${name}`);
    const wgs = turf.feature(gcjToWgs(f.geometry)) as Poly;
    drawn[code] = km2(wgs);
    const onLand = intersect(wgs, land);
    if (!onLand) throw new Error(`${name} has no land`);
    const c = census.get(code)!;
    const geometry = roundGeometry(onLand.geometry);
    features.push({
      type: 'Feature',
      id: code,
      geometry,
      properties: {
        code,
        name_zh: name,
        name_en: DISTRICT_EN[code],
        population_2020: Number(c.population_2020),
        share_age_0_14: Number(c.share_age_0_14),
        share_age_15_64: Number(c.share_age_15_64),
        share_age_65_plus: Number(c.share_age_65_plus),
        land_area_km2: Math.round(km2(turf.feature(geometry) as Poly) * 100) / 100,
        official_area_km2: official.get(code)!,
      },
    });
  }
  features.sort((a, b) => a.properties.code.localeCompare(b.properties.code));
  return { features, drawn };
}

/** ~3 km² hexagons (the 2016 guidance's life-circle size), cut by district land outlines. */
function buildUnits(districts: Feature<Polygon | MultiPolygon, DistrictProps>[]) {
  const HEX_AREA_KM2 = 3;
  const units: Feature<Polygon | MultiPolygon, UnitProps>[] = [];
  const cells = hexGrid({ areaKm2: HEX_AREA_KM2, origin: [121.47, 31.23], bbox: [120.8, 30.6, 122.1, 31.95] });
  for (const d of districts) {
    const dbbox = turf.bbox(d);
    for (const cell of cells) {
      const [minX, minY, maxX, maxY] = cell.bbox;
      if (maxX < dbbox[0] || minX > dbbox[2] || maxY < dbbox[1] || minY > dbbox[3]) continue;
      const piece = intersect(turf.polygon([cell.ring]), d);
      if (!piece) continue;
      const area = km2(piece);
      if (area < 0.01) continue; // drop slivers under 1 ha (reported below)
      const geometry = roundGeometry(piece.geometry);
      units.push({
        type: 'Feature',
        geometry,
        properties: {
          id: `${d.properties.code}-${cell.q}_${cell.r}`,
          name: `${d.properties.name_zh} ${cell.q}_${cell.r}`,
          district: d.properties.code,
          area_km2: Math.round(area * 1e4) / 1e4,
          pop_est: 0, // set by the dasymetric estimate (populateUnits)
          pop_source: POP_SOURCE_DASYMETRIC,
        },
      });
    }
  }
  units.sort((a, b) => a.properties.id.localeCompare(b.properties.id));
  return units;
}

const OSM_VINTAGE = '2026-05-19';
const OSM_POIS = `sources/shanghai-osm-service-pois-${OSM_VINTAGE}.geojson`;
const OSM_STOPS = `sources/shanghai-osm-bus-stops-${OSM_VINTAGE}.csv`;

function buildOsm(districts: Feature<Polygon | MultiPolygon, DistrictProps>[]) {
  const crosswalk = JSON.parse(readFileSync(geodata('osm-crosswalk.json'), 'utf8')) as Crosswalk;
  const { file, report } = buildOsmServices(readOsmPois(geodata(OSM_POIS)), readBusStops(geodata(OSM_STOPS)), crosswalk, districts, {
    vintage: OSM_VINTAGE,
    source: `OpenStreetMap via Overpass API, base ${OSM_VINTAGE}: ${OSM_POIS} and ${OSM_STOPS}, clipped to Shanghai (OSM relation 913067)`,
  });
  return { file, report };
}

/** Dasymetric population per unit (districts sum exactly to the census) and the display grid. */
function populateUnits(units: Feature<Polygon | MultiPolygon, UnitProps>[], districts: Feature<Polygon | MultiPolygon, DistrictProps>[], osm: OsmServicesFile) {
  const model = JSON.parse(readFileSync(geodata('population-model.json'), 'utf8')) as PopulationModel;
  const points = osm.rows.map((r) => ({ lng: r[2], lat: r[3], categories: osm.rules[r[5]].categories }));
  const census = new Map(districts.map((d) => [d.properties.code, d.properties.population_2020]));
  const { pop, grid, samples } = dasymetric(
    units.map((u) => ({ id: u.properties.id, district: u.properties.district, areaKm2: u.properties.area_km2, feature: u })),
    points, census, model,
  );
  units.forEach((u, i) => (u.properties.pop_est = pop[i]));
  return { grid, samples };
}

/** Labels from the nearest named landmark (metro station, park, school, hospital). */
function nameUnits(units: Feature<Polygon | MultiPolygon, UnitProps>[], districts: Feature<Polygon | MultiPolygon, DistrictProps>[], osm: OsmServicesFile) {
  const landmarks: Landmark[] = [];
  for (const [, name, lng, lat, , ri, nameEn] of osm.rows) {
    if (name.length < 3 || /在建|规划|观察点|隔离|[?？]/.test(name)) continue;
    const rule = osm.rules[ri].id;
    if (rule === 'metro') {
      const zh = name.endsWith('站') ? name : `${name}站`;
      const base = nameEn ? nameEn.replace(/\s*(Metro\s*)?Station$/i, '') : pinyinName(name.replace(/站$/, ''));
      landmarks.push({ zh, en: `${base} Station`, lng, lat, weight: 2 });
    } else if (rule === 'park' && /公园|绿地|广场|园$/.test(name)) {
      landmarks.push({ zh: name, en: nameEn || englishName(name), lng, lat, weight: 1.5 });
    } else if (/^school-(primary|middle|through)$|^hospital(-community)?$/.test(rule) && !/[a-zA-Z]/.test(name)) {
      landmarks.push({ zh: name, en: nameEn || englishName(name), lng, lat, weight: 1 });
    } else if (rule === 'bus-stop' && !/[a-zA-Z0-9]/.test(name)) {
      // bus stops are named after street crossings or villages: how people say where they live
      landmarks.push({ zh: name, en: englishName(name), lng, lat, weight: 0.25 });
    }
  }
  const dByCode = new Map(districts.map((d) => [d.properties.code, d.properties]));
  const labels = labelUnits(
    units.map((u) => {
      const c = turf.centerOfMass(u).geometry.coordinates;
      const at = (turf.booleanPointInPolygon(c, u) ? c : turf.pointOnFeature(u).geometry.coordinates) as [number, number];
      const d = dByCode.get(u.properties.district)!;
      return { id: u.properties.id, district: d.code, districtZh: d.name_zh, districtEn: d.name_en, at };
    }),
    landmarks,
  );
  units.forEach((u, i) => {
    u.properties.name = labels[i].zh;
    u.properties.label_zh = labels[i].zh;
    u.properties.label_en = labels[i].en;
  });
  return { landmarks: landmarks.length, far: labels.filter((l) => l.distanceM > 2000).length };
}

/** Synthetic demo facilities: 人民坊 and 六艺亭 exactly as the 2025 plan table, embedded facilities by population. */
function buildDemoFacilities(districts: Feature<Polygon | MultiPolygon, DistrictProps>[], seatByCode: Map<string, [number, number]>) {
  const rand = mulberry32(20250423);
  const plan = readCsv(geodata('plan-2025-projects.csv'));
  const SOURCE = 'demo (synthetic, seed 20250423)';
  const out: Facility[] = [];
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

  const randomPoint = (d: Feature<Polygon | MultiPolygon, DistrictProps>, nearSeat: boolean): [number, number] => {
    const [minX, minY, maxX, maxY] = turf.bbox(d);
    const seat = seatByCode.get(d.properties.code)!;
    for (let i = 0; i < 10000; i++) {
      let p: [number, number];
      if (nearSeat) {
        const sigmaKm = Math.max(1.5, Math.sqrt(d.properties.land_area_km2) / 4);
        p = [seat[0] + (gauss() * sigmaKm) / 95.3, seat[1] + (gauss() * sigmaKm) / 111.2];
      } else {
        p = [minX + rand() * (maxX - minX), minY + rand() * (maxY - minY)];
      }
      if (turf.booleanPointInPolygon(p, d)) return [round6(p[0]), round6(p[1])];
    }
    throw new Error(`no point found in ${d.properties.code}`);
  };
  const dByCode = new Map(districts.map((d) => [d.properties.code, d]));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');

  for (const row of plan) {
    const d = dByCode.get(row.district_code)!;
    const name = d.properties.name_zh;
    const hubs: [string, 'renminfang' | 'liuyiting', number, number, string[]][] = [
      ['人民坊', 'renminfang', Number(row.renminfang_total), Number(row.renminfang_done_2025), ['party', 'elderly', 'meals', 'health', 'culture', 'employment']],
      ['六艺亭', 'liuyiting', Number(row.liuyiting_total), Number(row.liuyiting_done_2025), []],
    ];
    for (const [label, type, total, done, cats] of hubs) {
      for (let i = 0; i < total; i++) {
        const categories = cats.length ? cats : pickDistinct(rand, ['culture', 'sports', 'children', 'household', 'elderly'], 2 + Math.floor(rand() * 2));
        const status: FacilityStatus = i < done ? 'open' : 'building';
        const [lng, lat] = randomPoint(d, rand() < 0.7);
        out.push({ id: `demo-${type}-${row.district_code}-${pad(i + 1)}`, name: `${name}示例${label}${pad(i + 1)}`, type, categories, status, district: row.district_code, lng, lat, source: SOURCE, synthetic: true });
      }
    }
  }

  // Embedded facilities: about one per 6,000 residents (2020 census), 1–3 categories each.
  const weights: [string, number][] = [
    ['elderly', 0.2], ['meals', 0.12], ['household', 0.12], ['sports', 0.12], ['childcare', 0.1],
    ['health', 0.1], ['culture', 0.1], ['children', 0.08], ['employment', 0.03], ['party', 0.03],
  ];
  const KIND: Record<string, string> = { elderly: '养老服务站', meals: '社区食堂', household: '便民服务点', sports: '健身点', childcare: '托育点', health: '健康小屋', culture: '文化活动室', children: '儿童游戏场', employment: '就业服务站', party: '党群服务站' };
  let n = 0;
  for (const d of districts) {
    const count = Math.round(d.properties.population_2020 / 6000);
    for (let i = 0; i < count; i++) {
      const k = 1 + (rand() < 0.35 ? 1 : 0) + (rand() < 0.15 ? 1 : 0);
      const categories = pickWeighted(rand, weights, k);
      const r = rand();
      const status: FacilityStatus = r < 0.85 ? 'open' : r < 0.95 ? 'building' : 'planned';
      const [lng, lat] = randomPoint(d, rand() < 0.6);
      n++;
      out.push({ id: `demo-embedded-${pad(n, 5)}`, name: `${d.properties.name_zh}示例${KIND[categories[0]]}${pad(i + 1, 3)}`, type: 'embedded', categories, status, district: d.properties.code, lng, lat, source: SOURCE, synthetic: true });
    }
  }
  return out;
}

function pickDistinct(rand: () => number, items: string[], k: number): string[] {
  const pool = [...items];
  const out: string[] = [];
  while (out.length < k && pool.length) out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
  return out;
}

function pickWeighted(rand: () => number, weights: [string, number][], k: number): string[] {
  const out: string[] = [];
  while (out.length < k) {
    const total = weights.filter(([id]) => !out.includes(id)).reduce((s, [, w]) => s + w, 0);
    let x = rand() * total;
    for (const [id, w] of weights) {
      if (out.includes(id)) continue;
      x -= w;
      if (x <= 0) { out.push(id); break; }
    }
  }
  return out;
}

function writeJson(file: string, data: unknown) {
  writeFileSync(geodata(file), JSON.stringify(data) + '\n');
}

function main() {
  const land = landMask();
  const { features: districts, drawn } = buildDistricts(land);
  const src = decodeEchartsGeo(JSON.parse(readFileSync(require.resolve('echarts/map/json/province/shanghai.json'), 'utf8')) as EchartsGeoJson);
  const seatByCode = new Map<string, [number, number]>();
  for (const f of src.features) {
    const d = districts.find((x) => x.properties.name_zh === f.properties.name)!;
    const cp = f.properties.cp ?? turf.centroid(d).geometry.coordinates;
    seatByCode.set(d.properties.code, gcoord.transform([cp[0], cp[1]] as [number, number], gcoord.GCJ02, gcoord.WGS84) as [number, number]);
  }
  writeJson('districts.geojson', { type: 'FeatureCollection', features: districts });
  const osm = buildOsm(districts);
  writeJson('osm-services.json', osm.file);
  writeJson('place-names.json', buildPlaceNames(osm.file, osm.file.licence));
  const units = buildUnits(districts);
  const popInfo = populateUnits(units, districts, osm.file);
  const labelInfo = nameUnits(units, districts, osm.file);
  writeJson('units.geojson', { type: 'FeatureCollection', features: units });
  writeJson('population-grid.json', {
    note: 'Dasymetric population estimate (2020 census by district spread by bus-stop and service density; geodata/population-model.json). An estimate, not a count.',
    crs: 'EPSG:4326 (WGS84)',
    ...popInfo.grid,
  });
  const facilities = buildDemoFacilities(districts, seatByCode);
  writeJson('demo-facilities.json', facilities);

  console.log('district              drawn km²   land km²   official km²');
  for (const d of districts) {
    const p = d.properties;
    console.log(`${p.code} ${p.name_zh.padEnd(6, '　')} ${drawn[p.code].toFixed(1).padStart(10)} ${p.land_area_km2.toFixed(1).padStart(10)} ${p.official_area_km2.toFixed(1).padStart(12)}`);
  }
  const unitArea = units.reduce((s, u) => s + u.properties.area_km2, 0);
  const landArea = districts.reduce((s, d) => s + d.properties.land_area_km2, 0);
  console.log(`units: ${units.length}, ${unitArea.toFixed(1)} km² of ${landArea.toFixed(1)} km² land (slivers < 0.01 km² dropped: ${(landArea - unitArea).toFixed(2)} km²)`);
  const r = osm.report;
  console.log(`OSM: ${r.pois} service points + ${r.busStops} bus stops → ${r.kept} kept; left out by rule`, r.leftOut, 'no rule', r.noRule);
  console.log(`OSM: points outside every district outline, assigned to the nearest district: ${r.nearestDistrict.pois} service points, ${r.nearestDistrict.stops} bus stops (${r.nearestDistrict.over1km} of them over 1 km off the outline, max ${r.nearestDistrict.maxM} m)`);
  console.log('OSM by category (exact / proxy):', Object.entries(r.byCategory).map(([c, v]) => `${c} ${v.exact}/${v.proxy}`).join(', '));
  console.log(`population: ${popInfo.samples} density samples, ${popInfo.grid.cells.length} grid cells of ${popInfo.grid.cellM} m`);
  console.log(`unit labels: ${labelInfo.landmarks} landmarks, ${labelInfo.far} units more than 2 km from theirs`);
  const byType: Record<string, number> = {};
  for (const f of facilities) byType[f.type] = (byType[f.type] ?? 0) + 1;
  console.log(`demo facilities: ${facilities.length}`, byType);
}

main();
