/** Web Worker for population rasters (src/io/populationRaster.ts): decode the GeoTIFF and sum it into units, off the UI thread. */
import * as Comlink from 'comlink';
import type { UnitCollection } from '../domain/types';
import { rasterToUnits, readPopulationRaster } from '../io/populationRaster';

const api = {
  async rasterUnits(bytes: ArrayBuffer, units: UnitCollection, label: string) {
    const r = await readPopulationRaster(bytes);
    return { ...rasterToUnits(r, units, label), width: r.width, height: r.height };
  },
};
export type RasterWorkerApi = typeof api;
Comlink.expose(api);
