/** Pure mapping between the residents' view state and URL query parameters: `at=lng,lat`, `persona=elderly`. */
import { PERSONAS, type Persona } from '../domain/walk';
import type { LngLat } from '../geo/reach';

export type ResidentPersona = Persona['id'];
export const DEFAULT_PERSONA: ResidentPersona = 'adult';

export interface ResidentUrlFields {
  at: LngLat | null;
  persona: ResidentPersona;
}

/** Generous bounds for a shared place (the map's own max bounds); anything else is ignored. */
const AT_BOUNDS = { minLng: 119.5, minLat: 30.0, maxLng: 123.5, maxLat: 32.6 };

export function parseAt(value: string | null): LngLat | null {
  if (!value) return null;
  const parts = value.split(',');
  if (parts.length !== 2 || parts.some((p) => p.trim() === '')) return null;
  const [lng, lat] = parts.map(Number);
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  if (lng < AT_BOUNDS.minLng || lng > AT_BOUNDS.maxLng || lat < AT_BOUNDS.minLat || lat > AT_BOUNDS.maxLat) return null;
  return { lng, lat };
}

/** Six decimals: about 0.1 m, more than enough and keeps links short. */
export function roundCoord(x: number): number {
  return Number(x.toFixed(6));
}

export function formatAt(at: LngLat): string {
  return `${roundCoord(at.lng)},${roundCoord(at.lat)}`;
}

export function isPersona(v: string | null): v is ResidentPersona {
  return v !== null && PERSONAS.some((p) => p.id === v);
}

export function residentFromParams(params: URLSearchParams): Partial<ResidentUrlFields> {
  const out: Partial<ResidentUrlFields> = {};
  const at = parseAt(params.get('at'));
  if (at) out.at = at;
  const persona = params.get('persona');
  if (isPersona(persona)) out.persona = persona;
  return out;
}

export function residentToParams(v: ResidentUrlFields, params: URLSearchParams): void {
  if (v.at) params.set('at', formatAt(v.at));
  else params.delete('at');
  if (v.persona === DEFAULT_PERSONA) params.delete('persona');
  else params.set('persona', v.persona);
}
