/**
 * Calls into a Node worker thread and the worker's side of them: each call is a message with an
 * id, answered by one message with that id (a value, with its ArrayBuffers transferred, or an
 * error). Used by the benchmarks' helper engines (engineThreads.ts, networkThreads.ts).
 */
import { parentPort, Worker } from 'node:worker_threads';

export interface HelperThread {
  call<T>(op: string, ...args: unknown[]): Promise<T>;
  /** resolves once every call made so far has been answered (or failed) */
  settled(): Promise<void>;
  terminate(): Promise<number>;
}

/** Starts the worker script (a .mjs that loads its TypeScript through tsx) with workerData. */
export function startHelperThread(script: URL, workerData: unknown): HelperThread {
  const worker = new Worker(script, { workerData });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  worker.on('message', (m: { id: number; value?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error !== undefined) w.reject(new Error(`helper thread: ${m.error}`));
    else w.resolve(m.value);
  });
  worker.on('error', (e) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  });
  const unanswered = new Set<Promise<unknown>>();
  return {
    call: <T>(op: string, ...args: unknown[]) => {
      const answer = new Promise<T>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ id, op, args });
      });
      unanswered.add(answer);
      const forget = () => { unanswered.delete(answer); };
      answer.then(forget, forget);
      return answer;
    },
    settled: async () => { await Promise.allSettled([...unanswered]); },
    terminate: () => worker.terminate(),
  };
}

/** The ArrayBuffers under the typed arrays anywhere in a value of plain objects and arrays (not SharedArrayBuffers: those are shared, not moved). */
function buffersIn(value: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown) => {
    if (ArrayBuffer.isView(v)) { if (v.buffer instanceof ArrayBuffer) out.add(v.buffer); }
    else if (v && typeof v === 'object') for (const f of Object.values(v)) visit(f);
  };
  visit(value);
  return [...out];
}

/** In the worker: answers each call with its handler's value (typed arrays in it transferred). */
export function serveHelperCalls(handlers: Record<string, (...args: never[]) => unknown>): void {
  const port = parentPort;
  if (!port) throw new Error('a helper thread runs in a worker thread');
  // Detach one buffer before any code is compiled here. V8 assumes no ArrayBuffer has ever been
  // detached until one is, then throws out every compiled function that reads a typed array:
  // the first answer transferred its arrays and the thread's second run recompiled everything
  // (5,000 facilities: second run 215-273 ms wall, 147-179 with this line; later runs the same).
  const first = new ArrayBuffer(8);
  structuredClone(first, { transfer: [first] });
  port.on('message', (m: { id: number; op: string; args: never[] }) => {
    try {
      const handler = handlers[m.op];
      if (!handler) throw new Error(`unknown op ${m.op}`);
      const value = handler(...m.args);
      port.postMessage({ id: m.id, value }, buffersIn(value));
    } catch (e) {
      port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
}
