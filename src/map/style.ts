/**
 * The base style. Offline by default: a background and nothing else, no tiles, no glyph
 * server (labels are drawn with the machine's own fonts). An online basemap style URL can
 * be given with `?basemap=<url>` or the build-time variable VITE_BASEMAP_STYLE.
 */
import type { StyleSpecification } from 'maplibre-gl';
import { BACKGROUND } from '../domain/palette';
import { SHANGHAI_BBOX } from '../domain/types';

export const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  name: 'shenghuoquan-offline',
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
};

export function basemapStyleUrl(search: string, picked?: string | null): string | null {
  const fromUrl = new URLSearchParams(search).get('basemap');
  if (fromUrl && /^https?:\/\//.test(fromUrl)) return fromUrl;
  if (picked && /^https?:\/\//.test(picked)) return picked;
  const fromEnv = import.meta.env.VITE_BASEMAP_STYLE as string | undefined;
  return fromEnv && /^https?:\/\//.test(fromEnv) ? fromEnv : null;
}

/** Shanghai's extent, WGS84, for the initial camera. */
export const SHANGHAI_BOUNDS: [[number, number], [number, number]] = [[SHANGHAI_BBOX.minLng, SHANGHAI_BBOX.minLat], [SHANGHAI_BBOX.maxLng, SHANGHAI_BBOX.maxLat]];
