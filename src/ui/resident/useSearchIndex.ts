/** The place-search index, built on first use (pinyin for a few thousand names takes ~0.2 s). */
import { useMemo, useState } from 'react';
import { buildSearchIndex, type SearchIndex } from '../../geo/search';
import { districtPlaces, facilityPlaces, streetPlaces } from '../../geo/searchPlaces';
import { useDataStore } from '../../state/dataStore';
import { UNITS_LABEL as GENERATED_UNITS_LABEL } from '../../data/loadGeodata';
import { loadGazetteer } from '../../worker/gazetteerClient';

export function useSearchIndex(): { index: SearchIndex | null; want: () => void; hasStreets: boolean } {
  const [wanted, setWanted] = useState(false);
  const facilities = useDataStore((s) => s.facilities);
  const districts = useDataStore((s) => s.districts);
  const units = useDataStore((s) => s.units);
  const unitsLabel = useDataStore((s) => s.unitsLabel);
  // the generated hexagon units are not places anyone searches for; imported outlines (街镇) are
  const hasStreets = !!units && unitsLabel !== '' && unitsLabel !== GENERATED_UNITS_LABEL;
  const index = useMemo(() => {
    if (!wanted) return null;
    const streets = hasStreets && units
      ? streetPlaces(units.features.map((f) => ({ id: f.properties.id, name: f.properties.name, district: f.properties.district, geometry: f.geometry })))
      : [];
    return buildSearchIndex([...(districts ? districtPlaces(districts.features) : []), ...streets, ...facilityPlaces(facilities)]);
  }, [wanted, facilities, districts, units, hasStreets]);
  const want = () => {
    setWanted(true);
    // the gazetteer of named OSM places (stations, bus stops, services) is indexed in a worker
    if (typeof Worker !== 'undefined') loadGazetteer().catch((e: unknown) => console.warn('place names not loaded', e));
  };
  return { index, want, hasStreets };
}
