/**
 * The UI's face of the import worker: start an import, get progress, await the
 * result, cancel. Where Worker does not exist (jsdom tests) the same task runs
 * in-thread after a tick, so callers need no special case.
 */
import type { AnyImportResult, ImportRequest, ImportResultOf, WorkerMessage } from './importProtocol';

export interface ImportJob<T> {
  promise: Promise<T>;
  cancel: () => void;
}

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
    this.name = 'ImportCancelled';
  }
}

export class ImportFailed extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ImportFailed';
  }
}

function inThread<R extends ImportRequest>(req: R, onProgress: (done: number, total: number) => void): ImportJob<ImportResultOf<R>> {
  let cancelled = false;
  const promise = new Promise<ImportResultOf<R>>((resolve, reject) => {
    setTimeout(() => {
      if (cancelled) return reject(new ImportCancelled());
      import('./importTasks')
        .then(({ runImportTask }) => runImportTask(req, onProgress))
        .then((r) => (cancelled ? reject(new ImportCancelled()) : resolve(r as ImportResultOf<R>)))
        .catch((e: unknown) => {
          const err = e as Error & { code?: string };
          reject(new ImportFailed(err?.message ?? String(e), err?.code));
        });
    }, 0);
  });
  return { promise, cancel: () => (cancelled = true) };
}

/** `facilities` parsed from JSON on first access (when the user loads the import). */
function withLazyFacilities(result: AnyImportResult, json: string): AnyImportResult {
  let parsed: unknown[] | null = null;
  Object.defineProperty(result, 'facilities', {
    enumerable: true,
    configurable: true,
    get: () => (parsed ??= JSON.parse(json) as unknown[]),
  });
  return result;
}

export function startImport<R extends ImportRequest>(req: R, onProgress: (done: number, total: number) => void = () => {}): ImportJob<ImportResultOf<R>> {
  if (typeof Worker === 'undefined') return inThread(req, onProgress);
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
  let settle: { reject: (e: unknown) => void } | null = null;
  const promise = new Promise<ImportResultOf<R>>((resolve, reject) => {
    settle = { reject };
    worker.onmessage = (ev: MessageEvent<WorkerMessage>) => {
      const m = ev.data;
      if (m.type === 'progress') onProgress(m.done, m.total);
      else {
        worker.terminate();
        settle = null;
        if (m.type === 'result') resolve((m.facilitiesJson !== undefined ? withLazyFacilities(m.result, m.facilitiesJson) : m.result) as ImportResultOf<R>);
        else reject(new ImportFailed(m.message, m.code));
      }
    };
    worker.onerror = (ev) => {
      worker.terminate();
      settle = null;
      reject(new ImportFailed(ev.message || 'import worker failed'));
    };
  });
  // the file's bytes move to the worker (no copy)
  worker.postMessage(req, [req.bytes]);
  return {
    promise,
    cancel: () => {
      worker.terminate();
      settle?.reject(new ImportCancelled());
      settle = null;
    },
  };
}
