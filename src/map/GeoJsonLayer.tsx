/**
 * Declarative GeoJSON source + layers, react-map-gl style: adds them on mount, calls
 * setData when the data changes, diffs visibility/filter/paint/layout of the layers,
 * and removes everything on unmount.
 */
import { useEffect, useRef } from 'react';
import type { GeoJSONSource, LayerSpecification } from 'maplibre-gl';
import type { GeoJSON } from 'geojson';
import { useMap } from './mapContext';

interface Props {
  id: string;
  data: GeoJSON;
  layers: LayerSpecification[];
  /** feature property used as feature id (needed for hover feature-state) */
  promoteId?: string;
  /** insert this source's layers below that layer id (if present) */
  beforeId?: string;
  /** shown in the map's attribution control while the source is on the map */
  attribution?: string;
}

const EMPTY = { type: 'FeatureCollection', features: [] } as const;

export function GeoJsonLayer({ id, data, layers, promoteId, beforeId, attribution }: Props) {
  const map = useMap();
  const previous = useRef<LayerSpecification[]>([]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the attribution is fixed when the source is added (callers remount with a key to change it)
  useEffect(() => {
    map.addSource(id, { type: 'geojson', data: EMPTY as unknown as GeoJSON, promoteId, ...(attribution ? { attribution } : {}) });
    return () => {
      for (const l of previous.current) if (map.getLayer(l.id)) map.removeLayer(l.id);
      previous.current = [];
      if (map.getSource(id)) map.removeSource(id);
    };
  }, [map, id, promoteId]);

  useEffect(() => {
    (map.getSource(id) as GeoJSONSource | undefined)?.setData(data);
  }, [map, id, data]);

  useEffect(() => {
    const before = beforeId && map.getLayer(beforeId) ? beforeId : undefined;
    const old = new Map(previous.current.map((l) => [l.id, l]));
    for (const l of previous.current) if (!layers.some((n) => n.id === l.id) && map.getLayer(l.id)) map.removeLayer(l.id);
    for (const l of layers) {
      const prev = old.get(l.id);
      if (!prev || !map.getLayer(l.id)) {
        map.addLayer(l, before);
        continue;
      }
      if (JSON.stringify(prev) === JSON.stringify(l)) continue;
      const p = prev as { filter?: unknown; paint?: Record<string, unknown>; layout?: Record<string, unknown> };
      const n = l as { filter?: unknown; paint?: Record<string, unknown>; layout?: Record<string, unknown> };
      if (JSON.stringify(p.filter) !== JSON.stringify(n.filter)) map.setFilter(l.id, (n.filter ?? null) as never);
      for (const k of new Set([...Object.keys(p.paint ?? {}), ...Object.keys(n.paint ?? {})]))
        if (JSON.stringify(p.paint?.[k]) !== JSON.stringify(n.paint?.[k])) map.setPaintProperty(l.id, k as never, n.paint?.[k] as never);
      for (const k of new Set([...Object.keys(p.layout ?? {}), ...Object.keys(n.layout ?? {})]))
        if (JSON.stringify(p.layout?.[k]) !== JSON.stringify(n.layout?.[k])) map.setLayoutProperty(l.id, k as never, n.layout?.[k] as never);
    }
    previous.current = layers;
  }, [map, layers, beforeId]);

  return null;
}
