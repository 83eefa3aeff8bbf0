/**
 * Web Worker running the coverage engine (src/geo) off the UI thread, exposed with comlink.
 * Create it from the main thread with:
 *   new Worker(new URL('./coverage.worker.ts', import.meta.url), { type: 'module' })
 * (src/worker/coverageClient.ts does this and adds epochs, cancellation and stale-result dropping).
 * It starts its own helper workers (coverageHelper.worker.ts) where the page allows.
 */
import * as Comlink from 'comlink';
import { createCoverageService, type CoverageHelper } from '../geo/coverageService';

// MessageChannel hop instead of setTimeout(0): browsers clamp nested timeouts to 4 ms.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => {
  waiting.push(resolve);
  channel.port2.postMessage(0);
});

// Helper engines when the page asks for more than one thread (CoverageServiceApi.threads) and
// is cross-origin isolated (SharedArrayBuffer; the COOP/COEP headers in vite.config.ts).
const startHelpers = (count: number): CoverageHelper[] => {
  const isolated = typeof SharedArrayBuffer !== 'undefined' && self.crossOriginIsolated === true;
  return Array.from({ length: isolated ? count : 0 }, () =>
    Comlink.wrap<CoverageHelper>(new Worker(new URL('./coverageHelper.worker.ts', import.meta.url), { type: 'module' })));
};

Comlink.expose(createCoverageService(yieldToEventLoop, startHelpers));
