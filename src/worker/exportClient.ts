/**
 * Main-thread client of the export worker: one worker per export, terminated after it
 * answers. Where Worker does not exist (jsdom, Node) the task runs in-thread after a tick.
 */
import * as Comlink from 'comlink';
import type { NetworkTablesInput } from '../geo/networkExport';
import type { NetworkExportFiles } from './exportTask';

type Input = Omit<NetworkTablesInput, 'onStage'>;

export async function runNetworkExport(input: Input, onStage: (stage: string) => void = () => undefined): Promise<NetworkExportFiles> {
  if (typeof Worker === 'undefined') {
    await new Promise((r) => setTimeout(r, 0));
    const { networkExportFiles } = await import('./exportTask');
    return networkExportFiles(input, onStage);
  }
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'export' });
  const api = Comlink.wrap<{ networkExportFiles: (i: Input, s?: (stage: string) => void) => NetworkExportFiles }>(worker);
  try {
    return await api.networkExportFiles(input, Comlink.proxy(onStage));
  } finally {
    api[Comlink.releaseProxy]();
    worker.terminate();
  }
}
