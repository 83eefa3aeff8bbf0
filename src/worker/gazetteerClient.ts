/**
 * Main-thread client of the gazetteer worker: one worker per page, created on first use.
 * Only the newest query's answer is delivered (older ones resolve to null).
 */
import * as Comlink from 'comlink';
import placeNamesUrl from '../../geodata/place-names.json?url';
import type { GazetteerApi } from '../geo/gazetteerService';
import type { SearchHit } from '../geo/search';

let api: Comlink.Remote<GazetteerApi> | null = null;
let ready: Promise<number> | null = null;
let seq = 0;

function remote(): Comlink.Remote<GazetteerApi> {
  if (!api) {
    const worker = new Worker(new URL('./gazetteer.worker.ts', import.meta.url), { type: 'module', name: 'gazetteer' });
    api = Comlink.wrap<GazetteerApi>(worker);
  }
  return api;
}

/** Start loading the gazetteer (idempotent). */
export function loadGazetteer(): Promise<number> {
  ready ??= remote().load(new URL(placeNamesUrl, window.location.href).href);
  return ready;
}

/** Matching named places, or null when a newer query was asked meanwhile. */
export async function searchGazetteer(query: string, limit: number): Promise<SearchHit[] | null> {
  const mine = ++seq;
  if (typeof Worker === 'undefined') return null;
  await loadGazetteer();
  const hits = await remote().search(query, limit);
  return mine === seq ? hits : null;
}
