/**
 * Messages between the UI and the import worker. Options are the pure io
 * functions' options without the progress callback (progress comes back as
 * messages). Everything here is structured-clone safe.
 */
import type { BoundaryImportOptions, BoundaryImportResult } from '../io/boundary';
import type { FacilityImportOptions } from '../io/facilityCsv';
import type { FacilityImportResult, PopulationImportResult } from '../io/importTypes';
import type { PopulationImportOptions } from '../io/population';
import type { NetworkImportResult } from '../geo/network/importNetwork';
import type { VillagePopulationOptions, VillagePopulationResult } from '../io/villagePopulation';
import type { Crs } from '../io/importTypes';

export type ImportRequest =
  | { kind: 'facilities'; bytes: ArrayBuffer; opts: Omit<FacilityImportOptions, 'onProgress'> }
  | { kind: 'population'; bytes: ArrayBuffer; opts: Omit<PopulationImportOptions, 'onProgress'> }
  | { kind: 'boundary'; bytes: ArrayBuffer; opts: BoundaryImportOptions }
  /** population per 居委会 / 村委会 (the worker joins it to the 2023 list it loads itself) */
  | { kind: 'villagePopulation'; bytes: ArrayBuffer; opts: Omit<VillagePopulationOptions, 'onProgress' | 'villages'> }
  /** a street network (.osm, .osm.pbf, GeoJSON or zipped Shapefile centre lines) */
  | { kind: 'network'; bytes: ArrayBuffer; opts: { fileName: string; crs: Crs } };

export type ImportResultOf<R extends ImportRequest> = R extends { kind: 'facilities' }
  ? FacilityImportResult
  : R extends { kind: 'population' }
    ? PopulationImportResult
    : R extends { kind: 'network' }
      ? NetworkImportResult
      : R extends { kind: 'villagePopulation' }
        ? VillagePopulationResult
        : BoundaryImportResult;

export type AnyImportResult = FacilityImportResult | PopulationImportResult | BoundaryImportResult | NetworkImportResult | VillagePopulationResult;

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number }
  /**
   * facilitiesJson: for facility imports the facilities travel as one JSON string
   * (a single string copy instead of cloning 100k objects on the UI thread); the
   * client parses it only when the import is loaded.
   */
  | { type: 'result'; result: AnyImportResult; facilitiesJson?: string }
  | { type: 'error'; message: string; code?: string };
