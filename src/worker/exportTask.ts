/**
 * The network export as files' text (the same tables `npm run analyze -- --network` writes,
 * src/geo/networkExport.ts): run in the export worker, or in-thread where Worker is missing.
 */
import { networkTables, type NetworkTablesInput } from '../geo/networkExport';
import { toCsv } from '../io/csvExport';

export interface NetworkExportFiles {
  'coverage-units.csv': string;
  'coverage-districts.csv': string;
  'coverage-units.geojson': string;
  'network-unlinked.csv': string;
}

export function networkExportFiles(input: Omit<NetworkTablesInput, 'onStage'>, onStage?: (stage: string) => void): NetworkExportFiles {
  const t = networkTables({ ...input, onStage });
  return {
    'coverage-units.csv': toCsv(t.unitRows),
    'coverage-districts.csv': toCsv(t.groupRows),
    'coverage-units.geojson': JSON.stringify(t.features),
    'network-unlinked.csv': toCsv(t.unlinked),
  };
}
