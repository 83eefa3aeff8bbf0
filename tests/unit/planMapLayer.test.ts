import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Color, createExpression } from '@maplibre/maplibre-gl-style-spec';
import { parsePlanCsv } from '../../src/io/planCsv';
import type { DistrictCollection } from '../../src/domain/types';
import { planChoroplethData, planChoroplethLayers, planRateColor, planRateColorExpression } from '../../src/map/layers/plan';
import { PLAN_RATE_CLASSES, PLAN_RATE_NONE_COLOR, planLegendItems } from '../../src/domain/palette';

const root = resolve(__dirname, '../..');
const plan = parsePlanCsv(readFileSync(resolve(root, 'geodata/plan-2025-projects.csv'), 'utf8'));
const districts = JSON.parse(readFileSync(resolve(root, 'geodata/districts.geojson'), 'utf8')) as DistrictCollection;

/** Evaluate the map's colour expression with MapLibre's own style-spec evaluator. */
function mapColor(props: Record<string, unknown>): string {
  const parsed = createExpression(planRateColorExpression(), { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } } as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const out = parsed.value.evaluate({ zoom: 10 }, { type: 'Polygon', properties: props } as never) as Color | string;
  const c = typeof out === 'string' ? Color.parse(out) : out;
  if (!c) throw new Error(`not a colour: ${String(out)}`);
  const hex = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`;
}

describe('plan choropleth', () => {
  it('classes are contiguous from 0 to 1', () => {
    expect(PLAN_RATE_CLASSES[0].min).toBe(0);
    expect(PLAN_RATE_CLASSES.at(-1)!.max).toBe(1);
    for (let i = 1; i < PLAN_RATE_CLASSES.length; i++) expect(PLAN_RATE_CLASSES[i].min).toBe(PLAN_RATE_CLASSES[i - 1].max);
  });

  it('colours hand-checked districts by their projects completion', () => {
    const data = planChoroplethData(districts, plan, 'projects', '310115');
    const color = (code: string) => planRateColor(data.features.find((f) => f.properties.code === code)!.properties.rate ?? null);
    expect(color('310101')).toBe(PLAN_RATE_CLASSES[0].color); // 黄浦 109/206 = 52.9 %
    expect(color('310120')).toBe(PLAN_RATE_CLASSES[1].color); // 奉贤 102/150 = 68 %
    expect(color('310110')).toBe(PLAN_RATE_CLASSES[2].color); // 杨浦 135/170 = 79.4 %
    expect(color('310106')).toBe(PLAN_RATE_CLASSES[3].color); // 静安 67/78 = 85.9 %
    expect(color('310105')).toBe(PLAN_RATE_CLASSES[4].color); // 长宁 100/100
    expect(color('310104')).toBe(PLAN_RATE_CLASSES[4].color); // 徐汇 135/137 = 98.5 %
    expect(data.features.filter((f) => f.properties.selected).map((f) => f.properties.code)).toEqual(['310115']);
  });

  it('a district with nothing planned has no rate and the grey colour', () => {
    const data = planChoroplethData(districts, plan, 'renminfang');
    const qingpu = data.features.find((f) => f.properties.code === '310118')!;
    expect('rate' in qingpu.properties).toBe(false);
    expect(mapColor(qingpu.properties as unknown as Record<string, unknown>)).toBe(PLAN_RATE_NONE_COLOR);
  });

  it("MapLibre's evaluation of the expression equals planRateColor at and around every class edge", () => {
    const probes = [0, 0.3, 0.5999, 0.6, 0.7, 0.7499, 0.75, 0.8499, 0.85, 0.9499, 0.95, 0.999, 1];
    for (const r of probes) expect(mapColor({ rate: r }), String(r)).toBe(planRateColor(r));
    for (const f of planChoroplethData(districts, plan).features) {
      expect(mapColor(f.properties as unknown as Record<string, unknown>)).toBe(planRateColor(f.properties.rate ?? null));
    }
  });

  it('legend lists every class colour and the none swatch, in order', () => {
    const items = planLegendItems();
    expect(items.map((i) => i.color)).toEqual([...PLAN_RATE_CLASSES.map((c) => c.color), PLAN_RATE_NONE_COLOR]);
    expect(items[0]).toEqual({ color: PLAN_RATE_CLASSES[0].color, fromPct: 0, toPct: 60 });
  });

  it('layer specs point at one source', () => {
    const [fill, line] = planChoroplethLayers('src-x');
    expect(fill.source).toBe('src-x');
    expect(line.source).toBe('src-x');
  });
});
