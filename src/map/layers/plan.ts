/**
 * Choropleth of the district completion rate of the 2025 plan (projects done within
 * 2025 ÷ projects planned). Pure: colour classes, the legend drawn from the same
 * constants, the GeoJSON the layer shows and the MapLibre layer specs.
 */
import type { ExpressionSpecification, FillLayerSpecification, LineLayerSpecification } from 'maplibre-gl';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { DistrictCollection, PlanRow } from '../../domain/types';
import { completionRate, doneColumn, totalColumn, type PlanMeasure } from '../../domain/plan';
import { PLAN_RATE_CLASSES, PLAN_RATE_NONE_COLOR } from '../../domain/palette';

/** The colour of a rate, by the same classes the map expression uses; the reference the expression is tested against. @internal only tests use it */
export function planRateColor(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return PLAN_RATE_NONE_COLOR;
  for (const c of PLAN_RATE_CLASSES) if (rate < c.max) return c.color;
  return PLAN_RATE_CLASSES[PLAN_RATE_CLASSES.length - 1].color;
}

export interface PlanChoroplethProps {
  code: string;
  /** completion rate, absent when nothing is planned */
  rate?: number;
  /** true for the selected district */
  selected: boolean;
}

/** District outlines with the plan's completion rate of one measure (no geometry copied). */
export function planChoroplethData(
  districts: DistrictCollection,
  plan: readonly PlanRow[],
  measure: PlanMeasure = 'projects',
  selectedCode: string | null = null,
): FeatureCollection<Polygon | MultiPolygon, PlanChoroplethProps> {
  const byCode = new Map(plan.map((r) => [r.district_code, r]));
  return {
    type: 'FeatureCollection',
    features: districts.features.map((f) => {
      const row = byCode.get(f.properties.code);
      const rate = row ? completionRate(row[doneColumn(measure)], row[totalColumn(measure)]) : null;
      const props: PlanChoroplethProps = { code: f.properties.code, selected: f.properties.code === selectedCode };
      if (rate !== null) props.rate = rate;
      return { type: 'Feature', id: f.id, geometry: f.geometry, properties: props };
    }),
  };
}

/** MapLibre colour expression equal to planRateColor. */
export function planRateColorExpression(): ExpressionSpecification {
  const steps: (string | number)[] = [PLAN_RATE_CLASSES[0].color];
  for (const c of PLAN_RATE_CLASSES.slice(1)) steps.push(c.min, c.color);
  return [
    'case',
    ['!=', ['typeof', ['get', 'rate']], 'number'],
    PLAN_RATE_NONE_COLOR,
    ['step', ['get', 'rate'], ...steps] as unknown as ExpressionSpecification,
  ];
}

export const PLAN_SOURCE_ID = 'plan-choropleth';
export const PLAN_FILL_LAYER_ID = 'plan-choropleth-fill';
export const PLAN_LINE_LAYER_ID = 'plan-choropleth-line';

export function planChoroplethLayers(source = PLAN_SOURCE_ID): [FillLayerSpecification, LineLayerSpecification] {
  return [
    {
      id: PLAN_FILL_LAYER_ID,
      type: 'fill',
      source,
      paint: { 'fill-color': planRateColorExpression(), 'fill-opacity': 0.78 },
    },
    {
      id: PLAN_LINE_LAYER_ID,
      type: 'line',
      source,
      paint: {
        'line-color': ['case', ['boolean', ['get', 'selected'], false], '#d62728', '#ffffff'],
        'line-width': ['case', ['boolean', ['get', 'selected'], false], 3, 1],
      },
    },
  ];
}
