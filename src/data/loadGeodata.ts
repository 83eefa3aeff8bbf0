/**
 * Loads the data shipped in geodata/ (bundled by Vite as hashed asset URLs, fetched from
 * the app's own origin: nothing leaves the machine).
 */
import districtsUrl from '../../geodata/districts.geojson?url';
import unitsUrl from '../../geodata/units.geojson?url';
import facilitiesUrl from '../../geodata/demo-facilities.json?url';
import categoriesUrl from '../../geodata/categories.json?url';
import planUrl from '../../geodata/plan-2025-projects.csv?url';
import { parsePlanCsv } from '../domain/plan';
import type { Category, DistrictCollection, Facility, PlanRow, UnitCollection } from '../domain/types';

export interface Geodata {
  categories: Category[];
  districts: DistrictCollection;
  units: UnitCollection;
  demoFacilities: Facility[];
  plan: PlanRow[];
}

export const DEMO_LABEL = 'demo-facilities.json (synthetic)';
export const UNITS_LABEL = 'hex-3km2';

async function get(url: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}

export async function loadGeodata(): Promise<Geodata> {
  const [categories, districts, units, demoFacilities, planText] = await Promise.all([
    get(categoriesUrl).then((r) => r.json() as Promise<{ categories: Category[] }>),
    get(districtsUrl).then((r) => r.json() as Promise<DistrictCollection>),
    get(unitsUrl).then((r) => r.json() as Promise<UnitCollection>),
    get(facilitiesUrl).then((r) => r.json() as Promise<Facility[]>),
    get(planUrl).then((r) => r.text()),
  ]);
  return { categories: categories.categories, districts, units, demoFacilities, plan: parsePlanCsv(planText) };
}
