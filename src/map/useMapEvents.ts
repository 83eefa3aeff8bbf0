/** Hover highlight for overlays (clicks go through the mode's handlers: src/map/handlers.ts). */
import { useEffect } from 'react';
import type { MapGeoJSONFeature, MapMouseEvent } from 'maplibre-gl';
import { useMap } from './mapContext';

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
