/**
 * The planner's search on the map (render inside <MapView>): the camera goes to the picked
 * place (a district or 街镇 is framed whole, clear of the panel), the place is marked, and the
 * selected unit or district is outlined (a click selects one too).
 */
import { useEffect, useMemo, type RefObject } from 'react';
import type { FeatureCollection } from 'geojson';
import { useDataStore } from '../state/dataStore';
import { usePlannerSearch } from '../state/plannerSearch';
import { useViewStore } from '../state/viewStore';
import { GeoJsonLayer } from './GeoJsonLayer';
import { useMap } from './mapContext';
import { panelPadding } from './framing';
import { SEARCH_SRC, searchPlaceLayers, selectionOutlineLayers } from './layers/search';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const OUTLINE = selectionOutlineLayers();
const PLACE = searchPlaceLayers();

export function PlannerSearchLayers({ panel }: { panel?: RefObject<HTMLElement | null> }) {
  const map = useMap();
  const seq = usePlannerSearch((s) => s.seq);
  const place = usePlannerSearch((s) => s.place);
  const selection = useViewStore((s) => s.selection);
  const units = useDataStore((s) => s.units);
  const districts = useDataStore((s) => s.districts);

  useEffect(() => {
    const p = usePlannerSearch.getState().place;
    if (!p || seq === 0) return;
    const padding = panelPadding(map.getContainer(), panel?.current ?? null, 40);
    if (p.bbox) {
      const [w, s, e, n] = p.bbox;
      map.fitBounds([[w, s], [e, n]], { padding, maxZoom: 15, duration: 600 });
    } else map.flyTo({ center: [p.lng, p.lat], zoom: Math.max(map.getZoom(), 15), padding, duration: 800 });
  }, [map, seq, panel]);

  const outline = useMemo((): FeatureCollection => {
    if (selection?.kind === 'unit') {
      const f = units?.features.find((u) => u.properties.id === selection.id);
      return f ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: f.geometry, properties: {} }] } : EMPTY;
    }
    if (selection?.kind === 'district') {
      const f = districts?.features.find((d) => d.properties.code === selection.id);
      return f ? { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: f.geometry, properties: {} }] } : EMPTY;
    }
    return EMPTY;
  }, [selection, units, districts]);

  // the searched point, while its unit is still the selection (areas need no marker)
  const marker = useMemo((): FeatureCollection => {
    if (!place || place.bbox) return EMPTY;
    const current = selection?.kind === 'unit' ? selection.id : null;
    if (current !== place.unitId) return EMPTY;
    return { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [place.lng, place.lat] }, properties: { label: place.label } }] };
  }, [place, selection]);

  return (
    <>
      <GeoJsonLayer id={SEARCH_SRC.outline} data={outline} layers={OUTLINE} />
      <GeoJsonLayer id={SEARCH_SRC.place} data={marker} layers={PLACE} />
    </>
  );
}
