/**
 * Loads the data shipped in geodata/ (bundled by Vite as hashed asset URLs, fetched from
 * the app's own origin: nothing leaves the machine).
 */
import districtsUrl from '../../geodata/districts.geojson?url';
import unitsUrl from '../../geodata/units.geojson?url';
import facilitiesUrl from '../../geodata/demo-facilities.json?url';
import categoriesUrl from '../../geodata/categories.json?url';
import planUrl from '../../geodata/plan-2025-projects.csv?url';
import osmUrl from '../../geodata/osm-services.json?url';
import popGridUrl from '../../geodata/population-grid.json?url';
import { parsePlanCsv } from '../io/planCsv';
import type { Category, DistrictCollection, Facility, PlanRow, UnitCollection } from '../domain/types';
import { osmFacilities, type OsmServicesFile } from './osmServices';
import type { PopulationGridFile } from './populationGrid';

export interface Geodata {
  categories: Category[];
  districts: DistrictCollection;
  units: UnitCollection;
  demoFacilities: Facility[];
  osm: { file: Omit<OsmServicesFile, 'rows'>; facilities: Facility[] };
  popGrid: PopulationGridFile;
  plan: PlanRow[];
}

export const UNITS_LABEL = 'hex-3km2';

async function get(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}

/** `onProgress(done, total)` is called as each file arrives (for the loading indicator). */
export async function loadGeodata(onProgress?: (done: number, total: number) => void): Promise<Geodata> {
  let done = 0;
  const TOTAL = 7;
  const tick = <T,>(p: Promise<T>): Promise<T> => p.then((v) => {
    onProgress?.(++done, TOTAL);
    return v;
  });
  onProgress?.(0, TOTAL);
  const [categories, districts, units, demoFacilities, planText, osm, popGrid] = await Promise.all([
    tick(get(categoriesUrl).then((r) => r.json() as Promise<{ categories: Category[] }>)),
    tick(get(districtsUrl).then((r) => r.json() as Promise<DistrictCollection>)),
    tick(get(unitsUrl).then((r) => r.json() as Promise<UnitCollection>)),
    tick(get(facilitiesUrl).then((r) => r.json() as Promise<Facility[]>)),
    tick(get(planUrl).then((r) => r.text())),
    tick(get(osmUrl).then((r) => r.json() as Promise<OsmServicesFile>)),
    tick(get(popGridUrl).then((r) => r.json() as Promise<PopulationGridFile>)),
  ]);
  const { rows: _rows, ...osmMeta } = osm;
  return {
    categories: categories.categories,
    districts,
    units,
    demoFacilities,
    osm: { file: osmMeta, facilities: osmFacilities(osm) },
    popGrid,
    plan: parsePlanCsv(planText),
  };
}
