/**
 * A helper engine in a Node worker thread (bench/engineThreads.ts): the same units and demand as
 * the main engine; on request it takes categories (with their facilities' coordinates) from the run's shared queue, fills them into the main
 * engine's shared cell arrays and transfers back their errors and unit columns.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Category } from '../src/domain/types';
import { CoverageEngine, type EngineOptions, type PartQueue, type PartResult } from '../src/geo/coverageEngine';

const port = parentPort;
if (!port) throw new Error('engineWorker runs in a worker thread');
const { categories, options } = workerData as { categories: Category[]; options: EngineOptions };
const engine = new CoverageEngine(categories, options);

function buffersOf(r: PartResult): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const p of r.parts) {
    for (const v of [...Object.values(p.errors), ...Object.values(p.figures)]) out.add((v as ArrayBufferView).buffer as ArrayBuffer);
  }
  for (const v of [...Object.values(r.complete), r.borrowed]) out.add((v as ArrayBufferView).buffer as ArrayBuffer);
  return [...out];
}

port.on('message', (m: { id: number; op: string; arg: unknown; queue?: PartQueue }) => {
  try {
    switch (m.op) {
      case 'units': engine.setUnits(m.arg as Parameters<CoverageEngine['setUnits']>[0]); port.postMessage({ id: m.id }); break;
      case 'demand': engine.setDemand(m.arg as Parameters<CoverageEngine['setDemand']>[0]); port.postMessage({ id: m.id }); break;
      case 'part': {
        const parts = engine.computePart(m.arg as Parameters<CoverageEngine['computePart']>[0], m.queue as PartQueue);
        port.postMessage({ id: m.id, value: parts }, buffersOf(parts));
        break;
      }
      default: throw new Error(`unknown op ${m.op}`);
    }
  } catch (e) {
    port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
