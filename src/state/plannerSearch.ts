/**
 * A place picked in the planner's search: the map goes there (src/map/PlannerSearchLayers.tsx)
 * and the planning unit under it is selected, so its details show; a district or an imported
 * 街镇 is selected as itself and framed whole.
 */
import { create } from 'zustand';
import type { PlaceEntry } from '../geo/search';
import { featureAt } from '../geo/unitAt';
import { useDataStore } from './dataStore';
import { useViewStore } from './viewStore';

export interface PlannerPlace {
  label: string;
  kind: PlaceEntry['kind'];
  lng: number;
  lat: number;
  /** areas (district, 街镇) are framed whole */
  bbox?: [number, number, number, number];
  /** the unit selected for it (null: the place lies in no unit) */
  unitId: string | null;
}

export const usePlannerSearch = create<{ place: PlannerPlace | null; seq: number }>()(() => ({ place: null, seq: 0 }));

export function pickPlannerPlace(e: PlaceEntry): PlannerPlace {
  const { units } = useDataStore.getState();
  const { select } = useViewStore.getState();
  let unitId: string | null = null;
  if (e.kind === 'district') select({ kind: 'district', id: e.id });
  else {
    // an imported 街镇 is itself a unit of the layer in use; any other place: the unit under it
    const own = e.kind === 'street' ? units?.features.find((f) => f.properties.id === e.id) : undefined;
    unitId = (own ?? (units ? featureAt(units.features, e.lng, e.lat) : null))?.properties.id ?? null;
    select(unitId ? { kind: 'unit', id: unitId } : null);
  }
  const place: PlannerPlace = { label: e.label, kind: e.kind, lng: e.lng, lat: e.lat, unitId };
  if (e.bbox && (e.kind === 'district' || e.kind === 'street')) place.bbox = e.bbox;
  usePlannerSearch.setState((s) => ({ place, seq: s.seq + 1 }));
  return place;
}
