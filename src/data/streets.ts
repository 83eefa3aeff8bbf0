/** The 215 街镇 of Shanghai (2023 list, geodata/README.md), parsed on first use. */
import streetsCsv from '../../geodata/shanghai-streets-2023.csv?raw';
import { parseStreetList, type Street } from '../io/facilityFields';

let streetsCache: Street[] | null = null;
export function streetList(): Street[] {
  streetsCache ??= parseStreetList(streetsCsv);
  return streetsCache;
}
