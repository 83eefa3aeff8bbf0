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
import { parsePlanCsv } from '../domain/plan';
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

export async function loadGeodata(): Promise<Geodata> {
  const [categories, districts, units, demoFacilities, planText, osm, popGrid] = await Promise.all([
    get(categoriesUrl).then((r) => r.json() as Promise<{ categories: Category[] }>),
    get(districtsUrl).then((r) => r.json() as Promise<DistrictCollection>),
    get(unitsUrl).then((r) => r.json() as Promise<UnitCollection>),
    get(facilitiesUrl).then((r) => r.json() as Promise<Facility[]>),
    get(planUrl).then((r) => r.text()),
    get(osmUrl).then((r) => r.json() as Promise<OsmServicesFile>),
    get(popGridUrl).then((r) => r.json() as Promise<PopulationGridFile>),
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
