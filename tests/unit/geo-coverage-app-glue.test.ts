// The pure pieces between the engine and the app: which edit a new facility list is, and the
// choropleth colours (legend and map expression from the same classes).
import { describe, expect, it } from 'vitest';
import { Color, createExpression } from '@maplibre/maplibre-gl-style-spec';
import type { Facility } from '../../src/domain/types';
import { singleFacilityChange } from '../../src/state/analysis';
import { coverageColorExpression, coverageShares } from '../../src/map/layers/coverage';
import { COVERAGE_CLASSES, NO_DATA_COLOR, coverageColor, coverageLegend } from '../../src/domain/palette';
import type { CoverageResult } from '../../src/geo/coverageTypes';

const f = (id: string, lng = 121.4, lat = 31.2, categories = ['party']): Facility => ({
  id, name: id, type: 'embedded', categories, status: 'open', district: '', lng, lat, source: 't', synthetic: true,
});

describe('singleFacilityChange', () => {
  const base = [f('a'), f('b'), f('c')];
  it('recognises one added, moved, recategorised or removed facility', () => {
    expect(singleFacilityChange(base, [...base, f('d')])).toEqual({ kind: 'upsert', facility: f('d') });
    expect(singleFacilityChange(base, [f('a'), f('b', 121.5), f('c')])).toEqual({ kind: 'upsert', facility: f('b', 121.5) });
    expect(singleFacilityChange(base, [f('a'), f('b', 121.4, 31.2, ['health']), f('c')])?.kind).toBe('upsert');
    expect(singleFacilityChange(base, [f('a'), f('c')])).toEqual({ kind: 'remove', id: 'b' });
  });
  it('returns null for no change or several changes (a full recompute)', () => {
    expect(singleFacilityChange(base, base.slice())).toBeNull();
    expect(singleFacilityChange(base, [f('a', 1), f('b', 2), f('c')])).toBeNull();
    expect(singleFacilityChange(base, [f('x'), f('y')])).toBeNull();
  });
});

function mapColor(out: unknown): [number, number, number, number] {
  const c = typeof out === 'string' ? Color.parse(out) : (out as Color);
  if (!c) throw new Error(`not a colour: ${String(out)}`);
  return [c.r, c.g, c.b, c.a];
}

describe('coverage choropleth colours', () => {
  it('the map expression gives the legend colour for every share', () => {
    const expr = createExpression(coverageColorExpression(), { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature', 'feature-state'] } } as never);
    if (expr.result !== 'success') throw new Error('bad expression');
    for (const share of [0, 5, 19.99, 20, 39, 40, 59.5, 60, 79.9, 80, 100]) {
      expect(mapColor(expr.value.evaluate({ zoom: 10 }, { type: 'Polygon', properties: {} } as never, { share }))).toEqual(mapColor(coverageColor(share)));
    }
    expect(coverageLegend().map((l) => l.color)).toEqual(COVERAGE_CLASSES.map((c) => c.color));
  });
  it('units without a result stay transparent', () => {
    const expr = createExpression(coverageColorExpression(), { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature', 'feature-state'] } } as never);
    if (expr.result !== 'success') throw new Error('bad expression');
    const color = Color.parse(expr.value.evaluate({ zoom: 10 }, { type: 'Polygon', properties: {} } as never, {}) as string);
    expect(color?.a).toBe(0);
  });
  it('shares per unit come from the result of the chosen slot', () => {
    const result = {
      slots: ['a', 'complete'], unitIds: ['u1', 'u2'], unitAreaM2: new Float64Array([100, 200]),
      coveredM2: new Float64Array([25, 10, 200, 0]),
    } as unknown as CoverageResult;
    expect([...coverageShares(result, 'a')]).toEqual([['u1', 25], ['u2', 100]]);
    expect([...coverageShares(result, 'complete')]).toEqual([['u1', 10], ['u2', 0]]);
  });
  it('a unit without network data (NaN) is grey on the map, never a share colour', () => {
    const result = {
      slots: ['a'], unitIds: ['u1', 'u2'], unitAreaM2: new Float64Array([100, 200]),
      coveredM2: new Float64Array([Number.NaN, 0]),
    } as unknown as CoverageResult;
    const shares = coverageShares(result, 'a');
    const expr = createExpression(coverageColorExpression(), { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature', 'feature-state'] } } as never);
    if (expr.result !== 'success') throw new Error('bad expression');
    const colour = (share: number | undefined) => mapColor(expr.value.evaluate({ zoom: 10 }, { type: 'Polygon', properties: {} } as never, { share }));
    expect(colour(shares.get('u1'))).toEqual(mapColor(NO_DATA_COLOR));
    expect(colour(shares.get('u2'))).toEqual(mapColor(coverageColor(0)));
    expect(shares.get('u2')).toBe(0);
  });
});
