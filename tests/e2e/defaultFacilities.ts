/** The facilities a newcomer sees (read from geodata/ here, independently of the app): OpenStreetMap + the synthetic 人民坊/六艺亭. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Facility } from '../../src/domain/types';
import { osmFacilities, type OsmServicesFile } from '../../src/data/osmServices';

const root = resolve(__dirname, '../..');

export function defaultFacilities(): Facility[] {
  const osm = osmFacilities(JSON.parse(readFileSync(resolve(root, 'geodata/osm-services.json'), 'utf8')) as OsmServicesFile);
  const demo = JSON.parse(readFileSync(resolve(root, 'geodata/demo-facilities.json'), 'utf8')) as Facility[];
  return [...osm, ...demo.filter((f) => f.type !== 'embedded')];
}
