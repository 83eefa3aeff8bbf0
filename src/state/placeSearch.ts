/**
 * Place search (the residents' and the planners' views, src/ui/search): the index of loaded places (districts, imported 街镇,
 * loaded facilities) built on first use (pinyin for a few thousand names takes ~0.2 s), and the
 * gazetteer of named OSM places (stations, bus stops, services) indexed and searched in a worker.
 * The search box asks here; it never talks to the worker.
 */
import { useMemo, useState } from 'react';
import { buildSearchIndex, type SearchIndex } from '../geo/search';
import { districtPlaces, facilityPlaces, streetPlaces } from '../geo/searchPlaces';
import { UNITS_LABEL as GENERATED_UNITS_LABEL } from '../data/loadGeodata';
import { loadGazetteer, searchGazetteer } from '../worker/gazetteerClient';
import { useDataStore } from './dataStore';

export interface PlaceSearch {
  /** loaded places, null until `want()` */
  index: SearchIndex | null;
  /** build the index and start loading the gazetteer (the search box got focus) */
  want: () => void;
  /** imported outlines (街镇) are searchable */
  hasStreets: boolean;
  /** named places from the gazetteer; null when a newer query was asked meanwhile */
  named: typeof searchGazetteer;
}

/** True when the unit layer in use is an import (街镇 outlines): its names are searchable; the generated hexagons are not places anyone searches for. */
export function useHasStreets(): boolean {
  return useDataStore((s) => !!s.units && s.unitsLabel !== '' && s.unitsLabel !== GENERATED_UNITS_LABEL);
}

export function usePlaceSearch(): PlaceSearch {
  const [wanted, setWanted] = useState(false);
  const facilities = useDataStore((s) => s.facilities);
  const districts = useDataStore((s) => s.districts);
  const units = useDataStore((s) => s.units);
  const hasStreets = useHasStreets();
  const index = useMemo(() => {
    if (!wanted) return null;
    const streets = hasStreets && units
      ? streetPlaces(units.features.map((f) => ({ id: f.properties.id, name: f.properties.name, district: f.properties.district, geometry: f.geometry })))
      : [];
    return buildSearchIndex([...(districts ? districtPlaces(districts.features) : []), ...streets, ...facilityPlaces(facilities)]);
  }, [wanted, facilities, districts, units, hasStreets]);
  const want = () => {
    setWanted(true);
    if (typeof Worker !== 'undefined') loadGazetteer().catch((e: unknown) => console.warn('place names not loaded', e));
  };
  return { index, want, hasStreets, named: searchGazetteer };
}
