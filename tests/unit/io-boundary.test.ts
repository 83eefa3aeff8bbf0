import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { BoundaryFileError, importBoundaryGeoJson, parseBoundaryFile } from '../../src/io/boundary';
import { fromWgs84, type Region } from '../../src/io/crs';
import { parseStreetList } from '../../src/io/facilityFields';
import { repairPolygonal } from '../../src/io/geometryRepair';
import { cpgEncoding, dbfEncoding } from '../../src/io/shapefile';
import { streetsBoundaryGeoJson } from '../fixtures/generate-fixtures';
import { zippedShapefile } from '../fixtures/shapefileWriter';

const root = resolve(__dirname, '../..');
const streets = parseStreetList(readFileSync(resolve(root, 'geodata/shanghai-streets-2023.csv'), 'utf8'));
const fixtureBytes = new Uint8Array(readFileSync(resolve(root, 'tests/fixtures/streets-boundary.geojson')));

/** Independent planar shoelace area in degree² (positive = counter-clockwise). */
function shoelace(ring: Position[]): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return s / 2;
}
/** km² of a small lng/lat rectangle on the sphere: R² · Δλ · (sin φ2 − sin φ1). */
function sphericalRectKm2(lng0: number, lat0: number, lng1: number, lat1: number): number {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  return R * R * (lng1 - lng0) * rad * (Math.sin(lat1 * rad) - Math.sin(lat0 * rad));
}

describe('geometry repair', () => {
  it('rewinds a clockwise outer ring and a counter-clockwise hole', () => {
    const g: Polygon = {
      type: 'Polygon',
      coordinates: [
        [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]].map(([x, y]) => [121 + x * 0.01, 31 + y * 0.01]),
        [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]].map(([x, y]) => [121 + x * 0.01, 31 + y * 0.01]),
      ],
    };
    const { geometry, notes } = repairPolygonal(g);
    const p = geometry as Polygon;
    expect(shoelace(p.coordinates[0])).toBeGreaterThan(0);
    expect(shoelace(p.coordinates[1])).toBeLessThan(0);
    expect(notes).toEqual([{ code: 'ring-rewound', count: 2 }]);
    expect(g.coordinates[0][1]).toEqual([121, 31.01]); // input not mutated
  });

  it('splits a bow-tie into its two triangles', () => {
    const { geometry, notes } = repairPolygonal({
      type: 'Polygon',
      coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]].map(([x, y]) => [121 + x * 0.01, 31 + y * 0.01])],
    });
    const m = geometry as MultiPolygon;
    expect(m.type).toBe('MultiPolygon');
    expect(m.coordinates).toHaveLength(2);
    for (const part of m.coordinates) expect(shoelace(part[0])).toBeCloseTo(0.0001, 9); // each triangle: ½ · 0.02 · 0.01
    expect(notes.find((n) => n.code === 'self-intersection-fixed')?.count).toBeGreaterThan(0);
  });

  it('closes rings, drops repeated points and degenerate rings, and removes slivers', () => {
    const { geometry, notes } = repairPolygonal({
      type: 'MultiPolygon',
      coordinates: [
        [[[121.48, 31.23], [121.5, 31.23], [121.5, 31.23], [121.5, 31.25], [121.48, 31.25]]],
        [[[121.51, 31.23], [121.51001, 31.23], [121.51001, 31.24], [121.51, 31.24], [121.51, 31.23]]],
        [[[121.6, 31.2], [121.61, 31.2], [121.6, 31.2]]],
      ],
    });
    expect(geometry?.type).toBe('Polygon');
    const codes = Object.fromEntries(notes.map((n) => [n.code, n.count]));
    expect(codes).toMatchObject({ 'ring-closed': 1, 'duplicate-points-removed': 1, 'degenerate-ring-removed': 1, 'sliver-removed': 1 });
    // sliver area: 0.00001° × 0.01° at 31.235°N
    const expected = sphericalRectKm2(121.51, 31.23, 121.51001, 31.24) * 1e6;
    expect(notes.find((n) => n.code === 'sliver-removed')?.areaM2).toBeGreaterThan(expected * 0.97);
    expect(notes.find((n) => n.code === 'sliver-removed')?.areaM2).toBeLessThan(expected * 1.03);
  });

  it('merges overlapping parts of a multipolygon', () => {
    const sq = (x: number): Position[] => [[x, 31], [x + 0.02, 31], [x + 0.02, 31.02], [x, 31.02], [x, 31]];
    const { geometry, notes } = repairPolygonal({ type: 'MultiPolygon', coordinates: [[sq(121)], [sq(121.01)]] });
    expect(geometry?.type).toBe('Polygon');
    expect(shoelace((geometry as Polygon).coordinates[0])).toBeCloseTo(0.03 * 0.02, 10);
    expect(notes.map((n) => n.code)).toContain('overlapping-parts-merged');
  });

  it('returns null when nothing valid is left', () => {
    expect(repairPolygonal({ type: 'Polygon', coordinates: [[[121, 31], [121, 31]]] }).geometry).toBeNull();
  });
});

describe('boundary import (GeoJSON fixture)', () => {
  const density = { '310107': 20000, '310101': 30000 };
  it('repairs, joins to the 街镇 list, reports unmatched and rejected features', async () => {
    const r = await parseBoundaryFile(fixtureBytes, { fileName: 'streets.geojson', source: 'streets.geojson', streets, densityByDistrict: density });
    expect(r.units.features.map((f) => [f.properties.id, f.properties.name, f.properties.district])).toEqual([
      ['310107005', '曹杨新村街道', '310107'],
      ['310107014', '长风新村街道', '310107'],
      ['310101013', '外滩街道', '310101'],
      ['unit-4', '不存在街道', ''],
    ]);
    expect(r.matched).toBe(3);
    expect(r.unmatched).toEqual([{ index: 4, name: '不存在街道' }]);
    expect(r.rejected).toEqual([{ index: 5, name: '一个点', reason: 'not-a-polygon', detail: 'Point', geometryType: 'Point' }]);
    const notes = Object.fromEntries(r.repaired.map((x) => [x.index, x.notes.map((n) => n.code).sort()]));
    expect(notes[1]).toEqual(['ring-rewound']);
    expect(notes[2]).toContain('self-intersection-fixed');
    expect(notes[3]).toEqual(['ring-closed', 'sliver-removed']);
    expect(r.nameProperty).toBe('街道名称');
    expect(r.codeProperty).toBe('code');
  });

  it('computes unit areas (checked against the spherical rectangle formula) and population', async () => {
    const r = await parseBoundaryFile(fixtureBytes, { fileName: 'streets.geojson', source: 's', streets, densityByDistrict: density });
    const caoyang = r.units.features[0].properties;
    const expected = sphericalRectKm2(121.4, 31.235, 121.42, 31.255);
    expect(Math.abs(caoyang.area_km2 - expected) / expected).toBeLessThan(0.005);
    expect(caoyang).toMatchObject({ pop_est: 91000, pop_source: 'imported' });
    const waitan = r.units.features[2].properties;
    expect(waitan.pop_source).toBe('census-2020-district-spread');
    expect(waitan.pop_est).toBeCloseTo(waitan.area_km2 * 30000, -2);
    expect(r.units.features[3].properties).toMatchObject({ pop_est: 0, pop_source: 'unknown' });
    expect(r.population).toEqual({ imported: 1, estimated: 2, none: 1 });
  });

  it('converts GCJ-02 outlines when told, and the offset detector suggests it', () => {
    const fc = streetsBoundaryGeoJson() as { features: { geometry: { type: string; coordinates: unknown } }[] };
    const toGcj = (c: unknown): unknown => (typeof (c as number[])[0] === 'number' ? fromWgs84((c as number[])[0], (c as number[])[1], 'gcj02') : (c as unknown[]).map(toGcj));
    const gcj = { ...fc, features: fc.features.map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: toGcj(f.geometry.coordinates) } })) };
    // regions: the true (WGS84) outlines of the two districts, hugging the units as real 街镇 fill their district
    const rect = (x0: number, y0: number, x1: number, y1: number): Region => ({
      keys: [],
      geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
      bbox: [x0, y0, x1, y1],
    });
    const regions: Region[] = [
      { ...rect(121.38, 31.21, 121.42, 31.255), keys: ['310107'] },
      { ...rect(121.48, 31.23, 121.5, 31.25), keys: ['310101'] },
    ];
    const asIs = importBoundaryGeoJson(gcj, { fileName: 'x.geojson', source: 'x', streets, regions });
    expect(asIs.crsApplied).toBe('wgs84');
    expect(asIs.crsSuggestion?.crs).toBe('gcj02');
    const converted = importBoundaryGeoJson(gcj, { fileName: 'x.geojson', source: 'x', streets, regions, crs: 'gcj02' });
    expect(converted.crsSuggestion).toBeNull();
    const ring = (converted.units.features[0].geometry as Polygon).coordinates[0];
    const xs = ring.map((p) => p[0]);
    expect(Math.min(...xs)).toBeCloseTo(121.4, 5);
    const named = importBoundaryGeoJson(gcj, { fileName: '街道_高德.geojson', source: 'x', streets });
    expect(named).toMatchObject({ crsApplied: 'gcj02', crsWhy: 'header' });
  });

  it('rejects files that are not GeoJSON with a BoundaryFileError', async () => {
    await expect(parseBoundaryFile(new TextEncoder().encode('名称,经度\n'), { fileName: 'a.csv', source: 'a' })).rejects.toBeInstanceOf(BoundaryFileError);
    expect(() => importBoundaryGeoJson({ type: 'FeatureCollection', features: [] }, { fileName: 'a', source: 'a' })).toThrow(BoundaryFileError);
  });

  it('rejects projected (non-degree) coordinates', () => {
    const r = importBoundaryGeoJson(
      { type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Polygon', coordinates: [[[13500000, 3600000], [13501000, 3600000], [13501000, 3601000], [13500000, 3600000]]] } },
      { fileName: 'a', source: 'a' },
    );
    expect(r.rejected[0].reason).toBe('not-degrees');
  });
});

describe('boundary import (zipped Shapefile with a GBK attribute table)', () => {
  // Shapefile rings are clockwise for outer rings
  const cw = (x: number, y: number, d: number): [number, number][] => [[x, y], [x, y + d], [x + d, y + d], [x + d, y], [x, y]];
  const records = [
    { rings: [cw(121.4, 31.235, 0.02)], attributes: { 街道: '曹杨新村街道', 人口: '91000' } },
    { rings: [cw(121.48, 31.23, 0.02)], attributes: { 街道: '外滩街道', 人口: '' } },
  ];

  it('reads GBK names by the DBF language byte, geometry in RFC 7946 orientation', async () => {
    const r = await parseBoundaryFile(zippedShapefile(records), { fileName: 'units.zip', source: 'units.zip', streets });
    expect(r.units.features.map((f) => f.properties.name)).toEqual(['曹杨新村街道', '外滩街道']);
    expect(r.matched).toBe(2);
    expect(r.units.features[0].properties.pop_est).toBe(91000);
    const ring = (r.units.features[0].geometry as Polygon).coordinates[0];
    expect(shoelace(ring)).toBeCloseTo(0.0004, 10);
  });

  it('uses a .cpg when present', async () => {
    const r = await parseBoundaryFile(zippedShapefile(records, { encoding: 'utf8', ldid: 0, cpg: 'UTF-8' }), { fileName: 'u.zip', source: 'u', streets });
    expect(r.units.features[1].properties.name).toBe('外滩街道');
  });

  it('maps code-page names', () => {
    expect(cpgEncoding('CP936')).toBe('gbk');
    expect(cpgEncoding('ANSI 936')).toBe('gbk');
    expect(cpgEncoding('UTF-8')).toBe('utf-8');
    expect(cpgEncoding('nonsense')).toBeNull();
    expect(dbfEncoding(new Uint8Array(40))).toBe('utf-8');
  });

  it('random or truncated zips end in a BoundaryFileError, never hang', async () => {
    let seed = 11;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const good = zippedShapefile(records);
    for (let i = 0; i < 60; i++) {
      const bytes = i % 2 ? good.slice(0, Math.floor(rand() * good.length)) : good.map((b) => (rand() < 0.02 ? Math.floor(rand() * 256) : b));
      bytes.set([0x50, 0x4b, 0x03, 0x04], 0);
      try {
        await parseBoundaryFile(bytes, { fileName: 'u.zip', source: 'u', streets });
      } catch (e) {
        expect(e).toBeInstanceOf(BoundaryFileError);
      }
    }
  });

  it('a broken zip is a BoundaryFileError', async () => {
    const bad = zippedShapefile(records).slice(0, 60);
    await expect(parseBoundaryFile(bad, { fileName: 'u.zip', source: 'u' })).rejects.toBeInstanceOf(BoundaryFileError);
  });
});

describe('boundary import: bad features one by one (issue 14 item 6)', () => {
  const sq = (lng: number, lat: number) => [[lng, lat], [lng + 0.01, lat], [lng + 0.01, lat + 0.01], [lng, lat + 0.01], [lng, lat]];
  const good = (name: string, lng: number) => ({ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [sq(lng, 31.2)] } });

  it('each broken feature is rejected with its position and reason; the good ones load', () => {
    const features: unknown[] = [
      good('好1', 121.40),
      { type: 'Feature', properties: { name: '空环' }, geometry: { type: 'Polygon', coordinates: [sq(121.42, 31.2), null] } },
      { type: 'Feature', properties: { name: '空坐标' }, geometry: { type: 'Polygon', coordinates: null } },
      { type: 'Feature', properties: { name: '集合' }, geometry: { type: 'GeometryCollection', geometries: true } },
      { type: 'Feature', properties: { name: '数字环' }, geometry: { type: 'MultiPolygon', coordinates: [[7]] } },
      good('好2', 121.44),
      null,
      { type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [[[121.46, 31.2], null, [121.47, 31.2], [121.47, 31.21], [121.46, 31.21], [121.46, 31.2]]] } },
      { type: 'Feature', properties: { name: '巴黎' }, geometry: { type: 'Polygon', coordinates: [[[121.47, 31.2], [2.35, 48.85], [2.36, 48.86], [121.47, 31.2]]] } },
      'text',
    ];
    const r = importBoundaryGeoJson({ type: 'FeatureCollection', features }, { fileName: 'b.geojson', source: 'b' });
    // the ring with a null vertex is repaired (vertex removed), so three units load
    expect(r.units.features.map((f) => f.properties.name)).toEqual(['好1', '好2', '单元 8']);
    expect(r.repaired.find((x) => x.index === 8)?.notes.map((n) => n.code)).toContain('invalid-coordinates-removed');
    expect(r.rejected.map((x) => [x.index, x.reason])).toEqual([
      [2, 'bad-coordinates'],
      [3, 'bad-coordinates'],
      [4, 'bad-coordinates'],
      [5, 'bad-coordinates'],
      [7, 'not-a-feature'],
      [9, 'outside-shanghai'],
      [10, 'not-a-feature'],
    ]);
    expect(r.units.features.length + r.rejected.length).toBe(features.length);
  });

  it('units spanning Shanghai and Paris, or in Beijing, are refused at import (the engine never sees them)', () => {
    const r = importBoundaryGeoJson(
      { type: 'FeatureCollection', features: [good('沪', 121.4), { type: 'Feature', properties: { name: '京' }, geometry: { type: 'Polygon', coordinates: [sq(116.4, 39.9)] } }] },
      { fileName: 'b.geojson', source: 'b' },
    );
    expect(r.units.features).toHaveLength(1);
    expect(r.rejected[0]).toMatchObject({ index: 2, reason: 'outside-shanghai' });
  });

  it('a file that is a JSON array is a BoundaryFileError, not a crash', async () => {
    await expect(parseBoundaryFile(new TextEncoder().encode('[1,2,3]'), { fileName: 'a.geojson', source: 'a' })).rejects.toBeInstanceOf(BoundaryFileError);
  });
});
