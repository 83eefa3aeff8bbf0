import { describe, expect, it } from 'vitest';
import categoriesFile from '../../geodata/categories.json';
import type { Category } from '../../src/domain/types';
import {
  checkWalkField, defaultWalkParams, describeWalkParams, PERSONAS, reachMetres, validateWalkParams, walkMinutes, withPersona,
} from '../../src/domain/walk';
import { DETOUR_RANGE, MINUTES_RANGE, SPEED_RANGE } from '../../scripts/lib/cliArgs';
import { analysisFromParams } from '../../src/state/analysisUrl';
import { useAnalysisStore } from '../../src/state/analysis';

const CATS = categoriesFile.categories as Category[];
const byId = (id: string) => CATS.find((c) => c.id === id) as Category;

describe('walk model', () => {
  it('15 minutes at 4.5 km/h with detour 1.3 is about 865 m (README "Walking coverage")', () => {
    expect(reachMetres(byId('health'), defaultWalkParams())).toBeCloseTo((75 * 15) / 1.3, 9);
    expect(Math.round(reachMetres(byId('health'), defaultWalkParams()))).toBe(865);
  });

  it('uses each category’s own minutes unless overridden', () => {
    const p = defaultWalkParams();
    expect(reachMetres(byId('elderly'), p)).toBeCloseTo((75 * 5) / 1.3, 9);
    expect(reachMetres(byId('elderly'), { ...p, minutes: { elderly: 10 } })).toBeCloseTo((75 * 10) / 1.3, 9);
    // a nonsense override falls back to the file's minutes
    expect(reachMetres(byId('elderly'), { ...p, minutes: { elderly: -3 } })).toBeCloseTo((75 * 5) / 1.3, 9);
  });

  it('standard mode takes the GB 50180-2018 radius from the category file', () => {
    const p = { ...defaultWalkParams(), mode: 'standard' as const };
    expect(reachMetres(byId('elderly'), p)).toBe(300);
    expect(reachMetres(byId('sports'), p)).toBe(500);
    expect(reachMetres(byId('health'), p)).toBe(1000);
  });

  it('walking time inverts the reach', () => {
    const p = defaultWalkParams();
    expect(walkMinutes(reachMetres(byId('meals'), p), p)).toBeCloseTo(10, 9);
  });

  it('personas set speed; the elderly preset reaches less', () => {
    const elderly = withPersona(defaultWalkParams(), 'elderly');
    expect(elderly.speedKmh).toBe(3.2);
    expect(reachMetres(byId('health'), elderly)).toBeLessThan(reachMetres(byId('health'), defaultWalkParams()));
    expect(PERSONAS.map((p) => p.id)).toEqual(['adult', 'elderly', 'caregiver']);
    for (const p of PERSONAS) {
      expect(p.basis.zh.length).toBeGreaterThan(0);
      expect(p.basis.en.length).toBeGreaterThan(0);
    }
  });

  it('one set of ranges for the app\'s fields, links and the command line; nonsense is rejected with a reason', () => {
    expect(SPEED_RANGE).toEqual([0.5, 20]);
    expect(DETOUR_RANGE).toEqual([1, 3]);
    expect(MINUTES_RANGE).toEqual([0, 120]);
    for (const raw of ['1000', '0.0001', '-3', '0', '20.01']) expect(checkWalkField('speedKmh', raw)).toMatchObject({ ok: false, reason: 'range' });
    expect(checkWalkField('speedKmh', 'abc')).toMatchObject({ ok: false, reason: 'notNumber' });
    expect(checkWalkField('speedKmh', ' ')).toMatchObject({ ok: false, reason: 'empty' });
    expect(checkWalkField('speedKmh', '0.5')).toEqual({ ok: true, value: 0.5 });
    expect(checkWalkField('detour', '1000')).toMatchObject({ ok: false, reason: 'range', min: 1, max: 3 });
    expect(checkWalkField('detour', '3')).toEqual({ ok: true, value: 3 });
    expect(validateWalkParams({ ...defaultWalkParams(), speedKmh: 0.0001 })).toHaveLength(1);
    // a link with nonsense keeps the defaults
    const fromLink = analysisFromParams(new URLSearchParams('walk=custom&speed=1000&detour=1000&min=health:500'));
    expect([fromLink.params.speedKmh, fromLink.params.detour, fromLink.params.minutes]).toEqual([4.5, 1.3, {}]);
    // the store refuses them too
    const before = useAnalysisStore.getState().params;
    useAnalysisStore.getState().setParams({ speedKmh: 1000 });
    useAnalysisStore.getState().setParams({ detour: 0.2 });
    useAnalysisStore.getState().setMinutes('health', -3);
    expect(useAnalysisStore.getState().params).toBe(before);
  });

  it('validates parameters and records them in one line', () => {
    expect(validateWalkParams(defaultWalkParams())).toEqual([]);
    expect(validateWalkParams({ ...defaultWalkParams(), speedKmh: 0 })).toHaveLength(1);
    expect(validateWalkParams({ ...defaultWalkParams(), detour: 0.5 })).toHaveLength(1);
    const text = describeWalkParams(defaultWalkParams(), CATS);
    expect(text).toContain('speed=4.5km/h');
    expect(text).toContain('detour=1.3');
    expect(text).toContain('health=865m');
  });
});
