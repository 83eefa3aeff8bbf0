import { describe, expect, it } from 'vitest';
import { defaultView, viewFromParams, viewToParams } from '../../src/state/viewUrl';
import { defaultLayers } from '../../src/state/viewStore';
import { dictionaries } from '../../src/i18n';

describe('view state in the URL', () => {
  it('round-trips language, view, layers, hidden categories and selection', () => {
    const layers = { ...defaultLayers(), units: false, embedded: false, population: true }; // population is opt-in: on= in the URL
    const state = { lang: 'en' as const, view: 'plan' as const, layers, hiddenCategories: ['meals', 'elderly'], selection: { kind: 'facility' as const, id: 'demo:a b&c' } };
    const params = new URLSearchParams('keep=1');
    viewToParams(state, params);
    const back = viewFromParams(new URLSearchParams(params.toString()));
    expect(back).toEqual({ ...state, hiddenCategories: ['elderly', 'meals'] });
    expect(params.get('keep')).toBe('1');
    expect(params.get('on')).toBe('population');
    expect(params.get('off')).toBe('units,embedded');
  });

  it('writes nothing for the defaults and ignores unknown values', () => {
    const params = new URLSearchParams();
    viewToParams({ lang: 'zh', view: 'planner', layers: defaultLayers(), hiddenCategories: [], selection: null }, params);
    expect(params.toString()).toBe('');
    expect(viewFromParams(new URLSearchParams('lang=fr&view=admin&sel=bogus&off=nope'))).toEqual({ layers: defaultLayers() });
  });
});

describe('the view a bare URL opens', () => {
  it('is the residents\' view on a phone, the planner elsewhere, and the other view is written explicitly', () => {
    expect(defaultView(true)).toBe('resident');
    expect(defaultView(false)).toBe('planner');
    const base = { lang: 'zh' as const, layers: defaultLayers(), hiddenCategories: [], selection: null };
    const onPhone = (view: 'planner' | 'resident') => {
      const p = new URLSearchParams();
      viewToParams({ ...base, view }, p, defaultView(true));
      return p.toString();
    };
    expect(onPhone('resident')).toBe('');
    expect(onPhone('planner')).toBe('view=planner');
    expect(viewFromParams(new URLSearchParams('view=planner')).view).toBe('planner');
  });
});

describe('dictionaries', () => {
  it('English has no Chinese, except where the Chinese is itself the content', () => {
    // the switch names the other language; an official document number; the literal words searched in names;
    // the Chinese product name users see on 高德's own app; a source category name from the user's file
    const allowed = new Set(['lang.switch', 'plan.source', 'notice.no-type-column', 'import.crsChoose.gcj02', 'import.unknownCategoriesHint']);
    const cjk = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;
    const offenders = Object.entries(dictionaries().en).filter(([k, v]) => !allowed.has(k) && cjk.test(v));
    expect(offenders).toEqual([]);
  });

  it('have the same keys in Chinese and English, none empty', () => {
    const { zh, en } = dictionaries();
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) expect(v.trim(), k).not.toBe('');
  });
});
