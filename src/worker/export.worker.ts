/**
 * Web Worker for the network export (src/worker/exportTask.ts), exposed with comlink.
 * Created for one export by src/worker/exportClient.ts.
 */
import * as Comlink from 'comlink';
import { networkExportFiles } from './exportTask';

Comlink.expose({
  networkExportFiles: (input: Parameters<typeof networkExportFiles>[0], onStage?: (stage: string) => void) => networkExportFiles(input, onStage),
});
