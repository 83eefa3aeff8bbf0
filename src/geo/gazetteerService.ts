/**
 * Search over the gazetteer of named OpenStreetMap places (geodata/place-names.json, ~22k
 * names): built once, queried many times. Runs in a worker (src/worker/gazetteer.worker.ts)
 * because indexing 22k names takes about a second.
 */
import { buildSearchIndex, searchPlaces, type SearchHit, type SearchIndex } from './search';
import { gazetteerPlaces, type PlaceNamesFile } from './searchPlaces';

export interface GazetteerApi {
  /** fetch and index the file at url (same origin); resolves to the number of places */
  load(url: string): Promise<number>;
  search(query: string, limit: number): SearchHit[];
}

export function createGazetteerService(): GazetteerApi {
  let index: SearchIndex | null = null;
  let loading: Promise<number> | null = null;
  return {
    load(url) {
      loading ??= fetch(url)
        .then((r) => {
          if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
          return r.json() as Promise<PlaceNamesFile>;
        })
        .then((file) => {
          index = buildSearchIndex(gazetteerPlaces(file));
          return index.items.length;
        });
      return loading;
    },
    search(query, limit) {
      return index ? searchPlaces(index, query, limit) : [];
    },
  };
}
