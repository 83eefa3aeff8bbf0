/**
 * Importing a population raster (GeoTIFF): decoded and summed into the current units in the
 * raster worker, then the units carry the raster's residents (src/state/importActions.ts
 * applyUnits). The import panel calls this; it never talks to the worker.
 */
import { rasterPopulation } from '../worker/rasterClient';
import { useDataStore } from './dataStore';
import { applyUnits } from './importActions';

type RasterImportSummary = Omit<Awaited<ReturnType<typeof rasterPopulation>>, 'units'>;

/** Sums the raster into the loaded units and applies them under `layerLabel`; null when no units are loaded. */
export async function importPopulationRaster(file: File, layerLabel: string): Promise<RasterImportSummary | null> {
  const units = useDataStore.getState().units;
  if (!units) return null;
  const { units: withPopulation, ...summary } = await rasterPopulation(file, units);
  applyUnits(withPopulation, layerLabel);
  return summary;
}
