import { describe, expect, it } from 'vitest';
import { viewFromParams, viewToParams } from '../../src/state/viewUrl';
import { defaultLayers } from '../../src/state/viewStore';
import { dictionaries } from '../../src/i18n';

describe('view state in the URL', () => {
  it('round-trips language, view, layers, hidden categories and selection', () => {
    const layers = { ...defaultLayers(), units: false, embedded: false };
    const state = { lang: 'en' as const, view: 'plan' as const, layers, hiddenCategories: ['meals', 'elderly'], selection: { kind: 'facility' as const, id: 'demo:a b&c' } };
    const params = new URLSearchParams('keep=1');
    viewToParams(state, params);
    const back = viewFromParams(new URLSearchParams(params.toString()));
    expect(back).toEqual({ ...state, hiddenCategories: ['elderly', 'meals'] });
    expect(params.get('keep')).toBe('1');
  });

  it('writes nothing for the defaults and ignores unknown values', () => {
    const params = new URLSearchParams();
    viewToParams({ lang: 'zh', view: 'planner', layers: defaultLayers(), hiddenCategories: [], selection: null }, params);
    expect(params.toString()).toBe('');
    expect(viewFromParams(new URLSearchParams('lang=fr&view=admin&sel=bogus&off=nope'))).toEqual({ layers: defaultLayers() });
  });
});

describe('dictionaries', () => {
  it('have the same keys in Chinese and English, none empty', () => {
    const { zh, en } = dictionaries();
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) expect(v.trim(), k).not.toBe('');
  });
});
