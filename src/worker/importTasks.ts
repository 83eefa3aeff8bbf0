/** Runs one import request with the pure io functions (in the worker, or in-thread as a fallback). */
import { parseBoundaryFile } from '../io/boundary';
import { parseFacilityFile } from '../io/facilityCsv';
import { parsePopulationFile } from '../io/population';
import { importNetwork } from '../geo/network/importNetwork';
import { parseVillagePopulationFile } from '../io/villagePopulation';
import { loadVillageList } from '../data/villages';
import type { AnyImportResult, ImportRequest } from './importProtocol';

export async function runImportTask(req: ImportRequest, onProgress: (done: number, total: number) => void): Promise<AnyImportResult> {
  const bytes = new Uint8Array(req.bytes);
  switch (req.kind) {
    case 'facilities':
      // the 居委 list joins a 居委 column when the file has one
      return parseFacilityFile(bytes, { ...req.opts, villages: await loadVillageList(), onProgress });
    case 'villagePopulation':
      return parseVillagePopulationFile(bytes, { ...req.opts, villages: await loadVillageList(), onProgress });
    case 'population':
      return parsePopulationFile(bytes, { ...req.opts, onProgress });
    case 'boundary':
      onProgress(0, 1);
      return parseBoundaryFile(bytes, req.opts);
    case 'network':
      return importNetwork(req.opts.fileName, bytes, { crs: req.opts.crs, onProgress: (f) => onProgress(Math.round(f * 1000), 1000) });
  }
}
