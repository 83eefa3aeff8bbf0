/**
 * The 6,509 居委会 / 村委会 of Shanghai (2023 list, geodata/README.md), loaded on first use:
 * 400 KB of text that only imports with a 居委 column need (the import worker loads it).
 */
import { parseVillageList, type Village } from '../io/villageJoin';

let cache: Promise<Village[]> | null = null;
export function loadVillageList(): Promise<Village[]> {
  cache ??= import('../../geodata/shanghai-villages-2023.csv?raw').then((m) => parseVillageList(m.default));
  return cache;
}
