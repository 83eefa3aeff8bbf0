/** Main-thread client of the raster worker: one short-lived worker per file. */
import * as Comlink from 'comlink';
import type { UnitCollection } from '../domain/types';
import type { RasterWorkerApi } from './raster.worker';

export async function rasterPopulation(file: File, units: UnitCollection): Promise<Awaited<ReturnType<RasterWorkerApi['rasterUnits']>>> {
  const worker = new Worker(new URL('./raster.worker.ts', import.meta.url), { type: 'module', name: 'raster' });
  const api = Comlink.wrap<RasterWorkerApi>(worker);
  try {
    const bytes = await file.arrayBuffer();
    return await api.rasterUnits(Comlink.transfer(bytes, [bytes]), units, file.name);
  } finally {
    worker.terminate();
  }
}
