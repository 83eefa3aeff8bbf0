/** Population raster import (GeoTIFF written here with geotiff's writer): residents summed into units by pixel centre. */
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeArrayBuffer } from 'geotiff';
import * as turf from '@turf/turf';
import { RasterError, rasterToUnits, readPopulationRaster } from '../../src/io/populationRaster';
import type { UnitCollection } from '../../src/domain/types';

/** A float32 GeoTIFF: `values` row by row from the north-west corner (lng0, lat0), square pixels of `d` degrees. */
function makeTiff(values: number[], width: number, height: number, lng0: number, lat0: number, d: number, geo: Record<string, number> = { GeographicTypeGeoKey: 4326 }): ArrayBuffer {
  return writeArrayBuffer(new Float32Array(values), {
    width, height, BitsPerSample: [32], SampleFormat: [3],
    ModelPixelScale: [d, d, 0], ModelTiepoint: [0, 0, 0, lng0, lat0, 0],
    GTModelTypeGeoKey: geo.ProjectedCSTypeGeoKey ? 1 : 2, GTRasterTypeGeoKey: 1, ...geo,
  });
}

const square = (id: string, x0: number, y0: number, x1: number, y1: number) => ({
  type: 'Feature' as const,
  geometry: { type: 'Polygon' as const, coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] },
  properties: { id, name: id, district: '310104', area_km2: 1, pop_est: 999, pop_source: 'census-2020-dasymetric' },
});

// 4 × 3 pixels of 0.01° from 121.40 E, 31.23 N; the last pixel is nodata-like (negative) and one is 0
const VALUES = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 0, -99999];
const FIXTURE = resolve(import.meta.dirname, '../fixtures/population-small.tif');

describe('population raster (GeoTIFF)', () => {
  it('reads the grid and sums pixels into units by centre, checked against turf point-in-polygon', async () => {
    const bytes = makeTiff(VALUES, 4, 3, 121.4, 31.23, 0.01);
    if (!existsSync(FIXTURE)) writeFileSync(FIXTURE, Buffer.from(bytes)); // the small fixture the CLI test reads
    const r = await readPopulationRaster(bytes);
    expect([r.width, r.height]).toEqual([4, 3]);
    expect(r.originLng).toBeCloseTo(121.4, 9);
    expect(r.originLat).toBeCloseTo(31.23, 9);
    expect(r.dLat).toBeLessThan(0);
    const units: UnitCollection = { type: 'FeatureCollection', features: [square('a', 121.4, 31.21, 121.42, 31.23), square('b', 121.42, 31.2, 121.44, 31.23)] };
    const out = rasterToUnits(r, units, 'worldpop.tif');
    // independent: every pixel centre tested with turf
    const expected = [0, 0];
    let total = 0;
    VALUES.forEach((v, k) => {
      if (!(v > 0)) return;
      total += v;
      const c = [121.4 + ((k % 4) + 0.5) * 0.01, 31.23 - (Math.floor(k / 4) + 0.5) * 0.01];
      units.features.forEach((u, i) => { if (turf.booleanPointInPolygon(c, u)) expected[i] += v; });
    });
    expect(out.units.features.map((f) => f.properties.pop_est)).toEqual(expected);
    expect(expected).toEqual([10 + 20 + 50 + 60, 30 + 40 + 70 + 80]);
    expect(out.total).toBe(total);
    expect(out.outside).toBe(90 + 100); // the bottom row is south of both units
    expect(out.units.features[0].properties.pop_source).toBe('raster: worldpop.tif');
    expect(readFileSync(FIXTURE).byteLength).toBeGreaterThan(0);
  });

  it('refuses projected, unlabelled or unreadable files with a clear message', async () => {
    await expect(readPopulationRaster(makeTiff(VALUES, 4, 3, 350000, 3460000, 100, { ProjectedCSTypeGeoKey: 32651 }))).rejects.toThrow(/projected \(EPSG:32651\).*EPSG:4326/);
    await expect(readPopulationRaster(makeTiff(VALUES, 4, 3, 121.4, 31.23, 0.01, { GeographicTypeGeoKey: 4490 }))).rejects.toThrow(/EPSG:4490/);
    await expect(readPopulationRaster(new TextEncoder().encode('名称,人口\n').buffer as ArrayBuffer)).rejects.toThrow(RasterError);
  });
});
