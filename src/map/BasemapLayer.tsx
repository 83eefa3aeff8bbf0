/**
 * Draws the picked raster basemap (OpenStreetMap or 天地图) under every overlay. A custom style
 * URL replaces the map's style instead (MapView, at start). Nothing is requested while offline.
 */
import { useEffect } from 'react';
import { rasterBasemap } from '../domain/basemaps';
import { useBasemapStore } from '../state/basemapStore';
import { useMap } from './mapContext';

const PREFIX = 'basemap-';

export function BasemapLayer({ beforeId }: { beforeId: string }) {
  const map = useMap();
  const id = useBasemapStore((s) => s.id);
  const key = useBasemapStore((s) => s.tiandituKey);
  useEffect(() => {
    const raster = rasterBasemap(id, key);
    const added: string[] = [];
    if (raster) {
      for (const l of raster.layers) {
        const sid = `${PREFIX}${l.id}`;
        map.addSource(sid, { type: 'raster', tiles: l.tiles, tileSize: 256, maxzoom: raster.maxzoom, attribution: raster.attribution });
        map.addLayer({ id: sid, type: 'raster', source: sid }, map.getLayer(beforeId) ? beforeId : undefined);
        added.push(sid);
      }
    }
    return () => {
      for (const sid of added.reverse()) {
        if (map.getLayer(sid)) map.removeLayer(sid);
        if (map.getSource(sid)) map.removeSource(sid);
      }
    };
  }, [map, id, key, beforeId]);
  return null;
}
