/**
 * Layer specs of the residents' view: the 5/10/15-minute walking reach (geodesic circles)
 * and the chosen place. Pure; the colours are shared with the panel's legend.
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import { REACH_BAND_COLORS } from '../../domain/palette';

export const REACH_SOURCE = 'resident-reach';
export const REACH_POINT_SOURCE = 'resident-place';
export const REACH_SHOWN_SOURCE = 'resident-shown';
export const REACH_LAYER = {
  fill: 'resident-reach-fill',
  line: 'resident-reach-line',
  point: 'resident-place-point',
  shown: 'resident-shown-ring',
} as const;

export const REACH_POINT_COLOR = '#d84315';

const bandColor: ExpressionSpecification = ['match', ['get', 'minutes'], 5, REACH_BAND_COLORS[5], 10, REACH_BAND_COLORS[10], REACH_BAND_COLORS[15]];

export function reachLayers(): LayerSpecification[] {
  return [
    { id: REACH_LAYER.fill, type: 'fill', source: REACH_SOURCE, paint: { 'fill-color': bandColor, 'fill-opacity': 0.14 } },
    {
      id: REACH_LAYER.line, type: 'line', source: REACH_SOURCE,
      paint: { 'line-color': bandColor, 'line-width': 2, 'line-dasharray': [2, 1] },
    },
  ];
}

export function reachPointLayers(): LayerSpecification[] {
  return [
    {
      id: REACH_LAYER.point, type: 'circle', source: REACH_POINT_SOURCE,
      paint: { 'circle-color': REACH_POINT_COLOR, 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 3 },
    },
  ];
}

/** A ring around the facility picked in the reachable list. */
export function reachShownLayers(): LayerSpecification[] {
  return [
    {
      id: REACH_LAYER.shown, type: 'circle', source: REACH_SHOWN_SOURCE,
      paint: { 'circle-color': 'rgba(0,0,0,0)', 'circle-radius': 14, 'circle-stroke-color': REACH_POINT_COLOR, 'circle-stroke-width': 3 },
    },
  ];
}
