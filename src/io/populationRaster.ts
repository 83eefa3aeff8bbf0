/**
 * Population raster import (GeoTIFF, e.g. WorldPop 100 m, CC BY 4.0): residents per pixel,
 * summed into the planning units by pixel centre. Replaces the dasymetric estimate of the
 * units it covers. The raster must be geographic WGS84 (EPSG:4326), as WorldPop's are; a
 * projected or unlabelled raster is refused with a clear message (no silent reprojection).
 */
import { fromArrayBuffer } from 'geotiff';
import type { Polygon, MultiPolygon, Position } from 'geojson';
import type { UnitCollection } from '../domain/types';

export const POP_SOURCE_RASTER = 'raster';

export interface PopulationRaster {
  width: number;
  height: number;
  /** top-left corner of the top-left pixel, degrees */
  originLng: number;
  originLat: number;
  /** pixel size in degrees (dLat negative: rows go south) */
  dLng: number;
  dLat: number;
  values: ArrayLike<number>;
  noData: number | null;
}

export class RasterError extends Error {}

export async function readPopulationRaster(bytes: ArrayBuffer): Promise<PopulationRaster> {
  let tiff: Awaited<ReturnType<typeof fromArrayBuffer>>;
  try {
    tiff = await fromArrayBuffer(bytes);
  } catch (e) {
    throw new RasterError(`not a readable GeoTIFF (${e instanceof Error ? e.message : String(e)})`);
  }
  const image = await tiff.getImage();
  const keys = image.getGeoKeys();
  if (!keys) throw new RasterError('the GeoTIFF has no georeferencing (GeoKeys): expected WGS84 (EPSG:4326)');
  if (keys.ProjectedCSTypeGeoKey) throw new RasterError(`the raster is projected (EPSG:${keys.ProjectedCSTypeGeoKey}); expected geographic WGS84 (EPSG:4326), e.g. WorldPop's files`);
  if (keys.GeographicTypeGeoKey !== 4326) throw new RasterError(`the raster's geographic system is EPSG:${keys.GeographicTypeGeoKey ?? 'unknown'}; expected WGS84 (EPSG:4326)`);
  if (image.getSamplesPerPixel() !== 1) throw new RasterError(`expected one band of residents per pixel, found ${image.getSamplesPerPixel()}`);
  const [originLng, originLat] = image.getOrigin();
  const [dLng, dLat] = image.getResolution();
  const rasters = await image.readRasters({ interleave: true });
  return { width: image.getWidth(), height: image.getHeight(), originLng, originLat, dLng, dLat, values: rasters as unknown as ArrayLike<number>, noData: image.getGDALNoData() };
}

function inRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inGeometry(x: number, y: number, g: Polygon | MultiPolygon): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polys) {
    if (!inRing(x, y, rings[0])) continue;
    let hole = false;
    for (let k = 1; k < rings.length; k++) if (inRing(x, y, rings[k])) hole = true;
    if (!hole) return true;
  }
  return false;
}

export interface RasterUnitsResult {
  units: UnitCollection;
  /** residents in the raster over all pixels */
  total: number;
  /** residents of pixels whose centre is in no unit (outside Shanghai's land or in dropped slivers) */
  outside: number;
  /** units that got no resident (they now have 0) */
  emptyUnits: number;
}

/** Sums pixel values into the units by pixel centre; every unit's pop_est becomes its sum (pop_source 'raster'). */
export function rasterToUnits(r: PopulationRaster, units: UnitCollection, label: string): RasterUnitsResult {
  const CELL = 0.02;
  const index = new Map<string, number[]>();
  const boxes = units.features.map((f, u) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const p of polys) for (const [x, y] of p[0]) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    for (let i = Math.floor(x0 / CELL); i <= Math.floor(x1 / CELL); i++) {
      for (let j = Math.floor(y0 / CELL); j <= Math.floor(y1 / CELL); j++) {
        const k = `${i},${j}`;
        let l = index.get(k);
        if (!l) index.set(k, (l = []));
        l.push(u);
      }
    }
    return [x0, y0, x1, y1];
  });
  const sums = new Float64Array(units.features.length);
  let total = 0, outside = 0;
  for (let row = 0; row < r.height; row++) {
    const y = r.originLat + (row + 0.5) * r.dLat;
    for (let col = 0; col < r.width; col++) {
      const v = r.values[row * r.width + col];
      if (!(v > 0) || v === r.noData || !Number.isFinite(v)) continue;
      total += v;
      const x = r.originLng + (col + 0.5) * r.dLng;
      const cand = index.get(`${Math.floor(x / CELL)},${Math.floor(y / CELL)}`) ?? [];
      let hit = -1;
      for (const u of cand) {
        const b = boxes[u];
        if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) continue;
        if (inGeometry(x, y, units.features[u].geometry)) { hit = u; break; }
      }
      if (hit < 0) outside += v;
      else sums[hit] += v;
    }
  }
  let emptyUnits = 0;
  const features = units.features.map((f, u) => {
    if (sums[u] === 0) emptyUnits++;
    return { ...f, properties: { ...f.properties, pop_est: Math.round(sums[u]), pop_source: `${POP_SOURCE_RASTER}: ${label}` } };
  });
  return { units: { ...units, features }, total, outside, emptyUnits };
}
