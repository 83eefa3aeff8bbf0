/**
 * The 2025 plan choropleth (district completion rate of the chosen measure), shown in the plan
 * view under the district outlines and labels, with the selected district outlined.
 * Clicks on districts are handled by BaseLayers (they select the district).
 */
import { useMemo } from 'react';
import { useDataStore } from '../state/dataStore';
import { useViewStore } from '../state/viewStore';
import { GeoJsonLayer } from './GeoJsonLayer';
import { LAYER } from './layers/base';
import { usePlanViewStore } from '../state/planViewStore';
import { PLAN_SOURCE_ID, planChoroplethData, planChoroplethLayers } from './layers/plan';

const LAYERS = planChoroplethLayers(PLAN_SOURCE_ID);

export function PlanLayers() {
  const districts = useDataStore((s) => s.districts);
  const plan = useDataStore((s) => s.plan);
  const selection = useViewStore((s) => s.selection);
  const measure = usePlanViewStore((s) => s.measure);
  const selectedCode = selection?.kind === 'district' ? selection.id : null;
  const data = useMemo(
    () => (districts ? planChoroplethData(districts, plan, measure, selectedCode) : { type: 'FeatureCollection' as const, features: [] }),
    [districts, plan, measure, selectedCode],
  );
  return <GeoJsonLayer id={PLAN_SOURCE_ID} data={data} layers={LAYERS} promoteId="code" beforeId={LAYER.districtLine} />;
}
