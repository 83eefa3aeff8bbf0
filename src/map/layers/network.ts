/**
 * The street network's extent on the map (network mode): a dashed outline of the area the
 * network covers, labelled "路网范围 / network extent" at its north-west corner. Pure.
 */
import type { LayerSpecification } from 'maplibre-gl';
import type { FeatureCollection, LineString, Point } from 'geojson';
import { NETWORK_EXTENT_COLOR } from '../../domain/palette';

export const NETWORK_EXTENT_SOURCE_ID = 'network-extent';
export const NETWORK_EXTENT_LINE = 'network-extent-line';
export const NETWORK_EXTENT_LABEL = 'network-extent-label';

/** The outline (a closed line along the extent's edges, each edge in 16 steps) and the label point. */
export function networkExtentGeoJson(extent: readonly [number, number, number, number], label: string): FeatureCollection<LineString | Point, { label?: string }> {
  const [w, s, e, n] = extent;
  const corners: [number, number][] = [[w, n], [e, n], [e, s], [w, s], [w, n]];
  const ring: [number, number][] = [];
  for (let k = 0; k < 4; k++) {
    const [x0, y0] = corners[k], [x1, y1] = corners[k + 1];
    for (let i = 0; i < 16; i++) ring.push([x0 + ((x1 - x0) * i) / 16, y0 + ((y1 - y0) * i) / 16]);
  }
  ring.push(corners[4]);
  return {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: ring }, properties: {} },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [w, n] }, properties: { label } },
    ],
  };
}

export function networkExtentLayers(): LayerSpecification[] {
  return [
    {
      id: NETWORK_EXTENT_LINE, type: 'line', source: NETWORK_EXTENT_SOURCE_ID, filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': NETWORK_EXTENT_COLOR, 'line-width': 2, 'line-dasharray': [3, 2], 'line-opacity': 0.9 },
    },
    {
      id: NETWORK_EXTENT_LABEL, type: 'symbol', source: NETWORK_EXTENT_SOURCE_ID, filter: ['==', ['geometry-type'], 'Point'],
      layout: { 'text-field': ['get', 'label'], 'text-size': 12, 'text-anchor': 'top-left', 'text-offset': [0.4, 0.3], 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': NETWORK_EXTENT_COLOR, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    },
  ];
}
