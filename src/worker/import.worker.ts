/// <reference lib="webworker" />
/**
 * Import worker: parses a file off the UI thread and posts progress (at most
 * about every 50 ms) and then the result. One request per worker; the client
 * terminates the worker to cancel.
 */
import type { ImportRequest, WorkerMessage } from './importProtocol';
import { runImportTask } from './importTasks';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (ev: MessageEvent<ImportRequest>) => {
  let last = 0;
  const post = (m: WorkerMessage) => scope.postMessage(m);
  try {
    const result = await runImportTask(ev.data, (done, total) => {
      const now = performance.now();
      if (now - last < 50 && done < total) return;
      last = now;
      post({ type: 'progress', done, total });
    });
    if (ev.data.kind === 'facilities' && 'facilities' in result) {
      const { facilities, ...rest } = result;
      post({ type: 'result', result: { ...rest, facilities: [] }, facilitiesJson: JSON.stringify(facilities) });
    } else post({ type: 'result', result });
  } catch (e) {
    const err = e as Error & { code?: string };
    post({ type: 'error', message: err?.message ?? String(e), code: err?.code });
  }
};
