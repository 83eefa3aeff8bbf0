/** Layer specs of the planner's search: the selected unit's or district's outline and the searched place. Pure. */
import type { LayerSpecification } from 'maplibre-gl';
import { SEARCH_COLOR } from '../../domain/palette';

export const SEARCH_SRC = { outline: 'planner-selection-outline', place: 'planner-search-place' } as const;
export const SEARCH_LAYER = { outlineCasing: 'planner-selection-casing', outline: 'planner-selection-line', place: 'planner-search-point', placeLabel: 'planner-search-label' } as const;

export function selectionOutlineLayers(): LayerSpecification[] {
  return [
    { id: SEARCH_LAYER.outlineCasing, type: 'line', source: SEARCH_SRC.outline, paint: { 'line-color': '#ffffff', 'line-width': 6, 'line-opacity': 0.9 } },
    { id: SEARCH_LAYER.outline, type: 'line', source: SEARCH_SRC.outline, paint: { 'line-color': SEARCH_COLOR, 'line-width': 3 } },
  ];
}

export function searchPlaceLayers(): LayerSpecification[] {
  return [
    {
      id: SEARCH_LAYER.place, type: 'circle', source: SEARCH_SRC.place,
      paint: { 'circle-color': SEARCH_COLOR, 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
    },
    {
      id: SEARCH_LAYER.placeLabel, type: 'symbol', source: SEARCH_SRC.place,
      layout: { 'text-field': ['get', 'label'], 'text-size': 13, 'text-offset': [0, 1.3], 'text-anchor': 'top' },
      paint: { 'text-color': SEARCH_COLOR, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    },
  ];
}
