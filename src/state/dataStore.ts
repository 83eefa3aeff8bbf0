/** The loaded data: categories, districts, planning units, facilities, the 2025 plan table. */
import { create } from 'zustand';
import type { Category, DistrictCollection, Facility, PlanRow, UnitCollection } from '../domain/types';

export interface DatasetInfo {
  /** shipped sources: 'osm' | 'demo-hubs' | 'demo-embedded' (state/facilitySources.ts); absent for imports */
  id?: string;
  /** a label shown to the user: file name and time, or the demo set's name */
  label: string;
  synthetic: boolean;
  count: number;
}

export interface Shipped {
  facilities: Facility[];
  datasets: DatasetInfo[];
  units: UnitCollection | null;
  unitsLabel: string;
}

export interface DataState {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  categories: Category[];
  districts: DistrictCollection | null;
  units: UnitCollection | null;
  /** label of the planning-unit layer in use (generated hexagons or an import) */
  unitsLabel: string;
  facilities: Facility[];
  datasets: DatasetInfo[];
  plan: PlanRow[];
  /** the data as shipped, captured once when it is loaded (for "reset to demo" and the unit-layer switch) */
  shipped: Shipped | null;
  /** the shipped data, loaded: also kept as `shipped` */
  setLoaded: (d: Pick<DataState, 'categories' | 'districts' | 'units' | 'facilities' | 'datasets' | 'plan' | 'unitsLabel'>) => void;
  setError: (message: string) => void;
  setFacilities: (facilities: Facility[], datasets: DatasetInfo[]) => void;
  setUnits: (units: UnitCollection, label: string) => void;
}

export const useDataStore = create<DataState>()((set) => ({
  status: 'loading',
  error: null,
  categories: [],
  districts: null,
  units: null,
  unitsLabel: '',
  facilities: [],
  datasets: [],
  plan: [],
  shipped: null,
  setLoaded: (d) => set({
    ...d, status: 'ready', error: null,
    shipped: { facilities: d.facilities, datasets: d.datasets, units: d.units, unitsLabel: d.unitsLabel },
  }),
  setError: (message) => set({ status: 'error', error: message }),
  setFacilities: (facilities, datasets) => set({ facilities, datasets }),
  setUnits: (units, unitsLabel) => set({ units, unitsLabel }),
}));

/** True when any facility shown is synthetic (drives the demo banner). */
export const selectShowsSynthetic = (s: DataState) => s.facilities.some((f) => f.synthetic);
