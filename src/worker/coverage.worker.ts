/**
 * Web Worker running the coverage engine (src/geo) off the UI thread, exposed with comlink.
 * Create it from the main thread with:
 *   new Worker(new URL('./coverage.worker.ts', import.meta.url), { type: 'module' })
 * (src/worker/coverageClient.ts does this and adds epochs, cancellation and stale-result dropping).
 */
import * as Comlink from 'comlink';
import { createCoverageService } from '../geo/coverageService';

// MessageChannel hop instead of setTimeout(0): browsers clamp nested timeouts to 4 ms.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => {
  waiting.push(resolve);
  channel.port2.postMessage(0);
});

Comlink.expose(createCoverageService(yieldToEventLoop));
