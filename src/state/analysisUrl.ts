/**
 * The coverage analysis in the URL, so a link reproduces the map a planner saw: what is coloured
 * (`cov=<category|complete>`), the walk model (`walk=<persona>`, `speed`, `detour` when custom,
 * `mode=standard`), minutes per category (`min=elderly:10,meals:15`) and the categories the
 * completeness figure needs (`need=a,b`). Defaults are left out.
 */
import { PERSONAS, checkWalkField, defaultWalkParams, withPersona, type PersonaId, type WalkParams } from '../domain/walk';
import type { UrlBinding } from './urlSync';
import { DEFAULT_SLOT, useAnalysisStore } from './analysis';

type Fields = { slot: string; params: WalkParams };

export function analysisToParams(v: Fields, q: URLSearchParams): void {
  const set = (k: string, val: string | null) => (val === null ? q.delete(k) : q.set(k, val));
  const p = v.params;
  set('cov', v.slot === DEFAULT_SLOT ? null : v.slot);
  set('walk', p.persona === 'adult' ? null : p.persona);
  set('speed', p.persona === 'custom' ? String(p.speedKmh) : null);
  set('detour', p.persona === 'custom' ? String(p.detour) : null);
  set('mode', p.mode === 'standard' ? 'standard' : null);
  const minutes = Object.entries(p.minutes).sort(([a], [b]) => a.localeCompare(b));
  set('min', minutes.length ? minutes.map(([k, m]) => `${k}:${m}`).join(',') : null);
  set('need', p.selected.length ? [...p.selected].sort().join(',') : null);
}

const positive = (s: string | null): number | null => {
  const n = s === null ? NaN : Number(s);
  return Number.isFinite(n) && n > 0 ? n : null;
};

export function analysisFromParams(q: URLSearchParams): Fields {
  let params = defaultWalkParams();
  const walk = q.get('walk');
  if (walk && PERSONAS.some((p) => p.id === walk)) params = withPersona(params, walk as PersonaId);
  if (walk === 'custom') {
    // a value out of the accepted range (the command line's) is ignored, never computed
    const inRange = (f: 'speedKmh' | 'detour', raw: string | null) => {
      const c = raw === null ? null : checkWalkField(f, raw);
      return c?.ok ? c.value : null;
    };
    params = { ...params, persona: 'custom', speedKmh: inRange('speedKmh', q.get('speed')) ?? params.speedKmh, detour: inRange('detour', q.get('detour')) ?? params.detour };
  }
  if (q.get('mode') === 'standard') params = { ...params, mode: 'standard' };
  const minutes: Record<string, number> = {};
  for (const pair of (q.get('min') ?? '').split(',')) {
    const [id, m] = pair.split(':');
    const n = positive(m ?? null);
    if (id && n !== null && checkWalkField('minutes', n).ok) minutes[id] = n;
  }
  params = { ...params, minutes, selected: (q.get('need') ?? '').split(',').filter(Boolean) };
  return { slot: q.get('cov') || DEFAULT_SLOT, params };
}

export const analysisUrlBinding: UrlBinding = {
  read: (q) => useAnalysisStore.setState(analysisFromParams(q)),
  write: (q) => analysisToParams(useAnalysisStore.getState(), q),
  subscribe: (onChange) => useAnalysisStore.subscribe((s, prev) => {
    if (s.slot !== prev.slot || s.params !== prev.params) onChange();
  }),
};
