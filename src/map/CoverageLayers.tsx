/**
 * Coverage choropleth per unit and the uncovered areas of the selected district (planner view).
 * The unit outlines are loaded once; each result only updates feature-state `share` of the units
 * whose share changed, so a recompute costs the main thread a few milliseconds instead of re-sending all geometry.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useDataStore } from '../state/dataStore';
import { useViewStore } from '../state/viewStore';
import { useAnalysisStore } from '../state/analysis';
import { useStraightLineStore } from '../state/straightLine';
import { GeoJsonLayer } from './GeoJsonLayer';
import { useMap } from './mapContext';
import { LAYER } from './layers/base';
import { COVERAGE_SOURCE_ID, GAPS_SOURCE_ID, coverageLayers, coverageShares, gapLayers } from './layers/coverage';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };
const GAP_LAYERS = gapLayers();

export function CoverageLayers() {
  const map = useMap();
  const units = useDataStore((s) => s.units);
  const unitsVisible = useViewStore((s) => s.layers.units);
  const result = useAnalysisStore((s) => s.result);
  const slot = useAnalysisStore((s) => s.slot);
  const gaps = useAnalysisStore((s) => s.gaps);
  const lies = useStraightLineStore((s) => s.lies);
  const showLies = useStraightLineStore((s) => s.showOnMap) && lies !== null && result?.engine.walkModel === 'network';
  const layers = useMemo(() => coverageLayers(unitsVisible, showLies), [unitsVisible, showLies]);

  // the shares the map holds (feature state), so a new result only touches the units whose share changed
  const shown = useRef<{ units: unknown; shares: Map<string, number> }>({ units: null, shares: new Map() });

  // new units data replaces the source and drops its feature state, so the shares are set again
  useEffect(() => {
    if (!result || !map.getSource(COVERAGE_SOURCE_ID)) return;
    if (shown.current.units !== units) shown.current = { units, shares: new Map() };
    const held = shown.current.shares;
    for (const [id, share] of coverageShares(result, slot)) {
      if (Object.is(held.get(id), share)) continue;
      held.set(id, share);
      map.setFeatureState({ source: COVERAGE_SOURCE_ID, id }, { share });
    }
  }, [map, result, slot, units]);

  // "where the straight line lies" for the shown slot: feature-state `over` (pp), null without network data
  // biome-ignore lint/correctness/useExhaustiveDependencies: new units data replaces the source and drops its feature state
  useEffect(() => {
    if (!result || !lies || !map.getSource(COVERAGE_SOURCE_ID)) return;
    const k = lies.slots.indexOf(slot);
    for (const id of result.unitIds) {
      const v = lies.units.get(id);
      map.setFeatureState({ source: COVERAGE_SOURCE_ID, id }, { over: v && k >= 0 ? Math.round(v[k] * 100) / 100 : null });
    }
  }, [map, result, lies, slot, units]);

  return (
    <>
      <GeoJsonLayer id={COVERAGE_SOURCE_ID} data={units ?? EMPTY} layers={layers} promoteId="id" beforeId={LAYER.unitFill} />
      <GeoJsonLayer id={GAPS_SOURCE_ID} data={gaps ?? EMPTY} layers={GAP_LAYERS} beforeId={LAYER.unitFill} />
    </>
  );
}
