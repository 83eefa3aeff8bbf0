/** Hooks for map interaction used by overlays: clicks on layers, plain clicks, hover highlight. */
import { useEffect, useRef } from 'react';
import type { MapGeoJSONFeature, MapMouseEvent } from 'maplibre-gl';
import { useMap } from './mapContext';

export interface MapClick {
  lngLat: { lng: number; lat: number };
  /** the topmost feature among the given layers, if any */
  feature: MapGeoJSONFeature | null;
  layerId: string | null;
}

/**
 * Calls `handler` on every click with the topmost feature of `layerIds` (in the order given:
 * earlier ids win), so one handler decides what a click means.
 */
export function useMapClick(layerIds: readonly string[], handler: (c: MapClick) => void) {
  const map = useMap();
  const ref = useRef(handler);
  ref.current = handler;
  const key = layerIds.join('|');
  useEffect(() => {
    const ids = key ? key.split('|') : [];
    const onClick = (e: MapMouseEvent) => {
      const present = ids.filter((id) => map.getLayer(id));
      const hits = present.length ? map.queryRenderedFeatures(e.point, { layers: present }) : [];
      let best: MapGeoJSONFeature | null = null;
      for (const id of present) {
        best = hits.find((h) => h.layer.id === id) ?? null;
        if (best) break;
      }
      ref.current({ lngLat: { lng: e.lngLat.lng, lat: e.lngLat.lat }, feature: best, layerId: best?.layer.id ?? null });
    };
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map, key]);
}

/** Sets feature-state {hover: true} on the feature under the pointer in `layerId`, and a pointer cursor. */
export function useHoverHighlight(layerId: string, sourceId: string) {
  const map = useMap();
  useEffect(() => {
    let hovered: string | number | undefined;
    const clear = () => {
      if (hovered !== undefined && map.getSource(sourceId)) map.setFeatureState({ source: sourceId, id: hovered }, { hover: false });
      hovered = undefined;
      map.getCanvas().style.cursor = '';
    };
    const onMove = (e: MapMouseEvent & { features?: MapGeoJSONFeature[] }) => {
      const f = e.features?.[0];
      if (!f || f.id === undefined) return clear();
      if (f.id === hovered) return;
      clear();
      hovered = f.id;
      map.setFeatureState({ source: sourceId, id: hovered }, { hover: true });
      map.getCanvas().style.cursor = 'pointer';
    };
    map.on('mousemove', layerId, onMove);
    map.on('mouseleave', layerId, clear);
    return () => {
      map.off('mousemove', layerId, onMove);
      map.off('mouseleave', layerId, clear);
    };
  }, [map, layerId, sourceId]);
}
