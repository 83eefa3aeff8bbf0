import { describe, expect, it } from 'vitest';
import { analysisFromParams, analysisToParams } from '../../src/state/analysisUrl';
import { DEFAULT_SLOT } from '../../src/state/analysis';
import { defaultWalkParams, withPersona } from '../../src/domain/walk';

describe('coverage analysis in the URL', () => {
  it('writes nothing for the defaults', () => {
    const q = new URLSearchParams();
    analysisToParams({ slot: DEFAULT_SLOT, params: defaultWalkParams() }, q);
    expect(q.toString()).toBe('');
    expect(analysisFromParams(new URLSearchParams())).toEqual({ slot: DEFAULT_SLOT, params: defaultWalkParams() });
  });

  it('round-trips slot, persona, custom speed and detour, mode, minutes and the completeness set', () => {
    const custom = { ...defaultWalkParams(), persona: 'custom' as const, speedKmh: 3.9, detour: 1.45, mode: 'standard' as const, minutes: { meals: 15, elderly: 10 }, selected: ['meals', 'elderly'] };
    for (const v of [
      { slot: 'complete', params: custom },
      { slot: 'elderly', params: withPersona(defaultWalkParams(), 'elderly') },
    ]) {
      const q = new URLSearchParams('view=planner');
      analysisToParams(v, q);
      const back = analysisFromParams(new URLSearchParams(q.toString()));
      expect(back.slot).toBe(v.slot);
      expect(back.params).toEqual({ ...v.params, selected: [...v.params.selected].sort() });
    }
  });

  it('ignores values that make no sense', () => {
    const back = analysisFromParams(new URLSearchParams('walk=runner&speed=-3&detour=0.5&min=meals:0,elderly:abc,,x&mode=fly'));
    expect(back.params).toEqual(defaultWalkParams());
  });
});
