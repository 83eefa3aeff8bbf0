/**
 * Keeps a label layer above every fill, line and circle layer, whichever overlay was added
 * later (coverage, uncovered areas, facility dots), so names stay readable. Symbol layers
 * added later (trial and suggestion labels) may still sit above it.
 */
import { useEffect } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { useMap } from './mapContext';

/** The id to pass to moveLayer(labelId, before) so the label sits above all non-symbol layers; null when it already does. */
export function labelTarget(order: readonly string[], typeOf: (id: string) => string | undefined, labelId: string): { before: string | undefined } | null {
  const at = order.indexOf(labelId);
  if (at < 0) return null;
  let lastNonSymbol = -1;
  order.forEach((id, i) => {
    if (typeOf(id) !== 'symbol') lastNonSymbol = i;
  });
  if (at > lastNonSymbol) return null;
  return { before: order[lastNonSymbol + 1] };
}

export function keepLabelOnTop(map: MapLibreMap, labelId: string): void {
  const target = labelTarget(map.getLayersOrder(), (id) => map.getLayer(id)?.type, labelId);
  if (target) map.moveLayer(labelId, target.before);
}

export function useLabelsOnTop(labelId: string) {
  const map = useMap();
  useEffect(() => {
    const onStyle = () => keepLabelOnTop(map, labelId);
    onStyle();
    map.on('styledata', onStyle);
    return () => {
      map.off('styledata', onStyle);
    };
  }, [map, labelId]);
}
