/**
 * Coverage choropleth (share of each unit's land within walking reach, for one category or
 * for completeness) and the uncovered areas. Pure: colour classes, legend, data and layer specs.
 */
import type { ExpressionSpecification, FillLayerSpecification, LineLayerSpecification } from 'maplibre-gl';
import type { CoverageResult } from '../../geo/coverageTypes';
import { COVERAGE_CLASSES, GAP_COLOR, LIES_CLASSES, NO_DATA_COLOR } from '../../domain/palette';

/** the feature-state `share` of a no-data unit */
const NO_DATA_SHARE = -2;

/** Colour by the unit's feature-state `share` (%); transparent until a result arrives. */
export function coverageColorExpression(): ExpressionSpecification {
  const steps: (string | number)[] = [COVERAGE_CLASSES[0].color];
  for (const c of COVERAGE_CLASSES.slice(1)) steps.push(c.min, c.color);
  return ['step', ['coalesce', ['feature-state', 'share'], -5], 'rgba(0,0,0,0)', NO_DATA_SHARE, NO_DATA_COLOR, 0, ...steps] as unknown as ExpressionSpecification;
}

/** Share (%) per unit id for one slot (NO_DATA_SHARE for no-data units): applied as feature-state, so a new result needs no setData. */
export function coverageShares(result: CoverageResult, slot: string): Map<string, number> {
  const s = result.slots.indexOf(slot);
  const S = result.slots.length;
  const out = new Map<string, number>();
  if (s < 0) return out;
  result.unitIds.forEach((id, u) => {
    const area = result.unitAreaM2[u];
    const cov = result.coveredM2[u * S + s];
    out.set(id, Number.isNaN(cov) ? NO_DATA_SHARE : area > 0 ? Math.round((10000 * cov) / area) / 100 : 0);
  });
  return out;
}

export const COVERAGE_SOURCE_ID = 'coverage-units';
export const COVERAGE_FILL_LAYER_ID = 'coverage-fill';
export const GAPS_SOURCE_ID = 'coverage-gaps';
export const GAPS_FILL_LAYER_ID = 'coverage-gaps-fill';
export const GAPS_LINE_LAYER_ID = 'coverage-gaps-line';

/** `lies`: colour by the straight line's overstatement instead of the share. */
export function coverageLayers(visible: boolean, lies = false): [FillLayerSpecification] {
  return [{
    id: COVERAGE_FILL_LAYER_ID,
    type: 'fill',
    source: COVERAGE_SOURCE_ID,
    layout: { visibility: visible ? 'visible' : 'none' },
    paint: { 'fill-color': lies ? liesColorExpression() : coverageColorExpression(), 'fill-opacity': 0.62 },
  }];
}

export function gapLayers(): [FillLayerSpecification, LineLayerSpecification] {
  return [
    // dissolved regions (src/geo/uncoveredDissolved.ts): one outline per region, no cell seams
    { id: GAPS_FILL_LAYER_ID, type: 'fill', source: GAPS_SOURCE_ID, paint: { 'fill-color': GAP_COLOR, 'fill-opacity': 0.4, 'fill-antialias': false } },
    { id: GAPS_LINE_LAYER_ID, type: 'line', source: GAPS_SOURCE_ID, paint: { 'line-color': GAP_COLOR, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.6, 14, 1.5], 'line-opacity': 0.9 } },
  ];
}

/** Colour by feature-state `over` (pp); units without it (no network data) grey. */
export function liesColorExpression(): ExpressionSpecification {
  const steps: (string | number)[] = [LIES_CLASSES[0].color];
  for (const c of LIES_CLASSES.slice(1)) steps.push(c.min, c.color);
  return ['case', ['==', ['typeof', ['feature-state', 'over']], 'number'], ['step', ['feature-state', 'over'], ...steps], NO_DATA_COLOR] as unknown as ExpressionSpecification;
}
