/**
 * Walk model: how far a resident reaches in a category's minutes, in a straight line.
 *
 *   reach (m) = speed (m/min) × minutes ÷ detour factor          (mode 'walk')
 *   reach (m) = the category's GB 50180-2018 service radius     (mode 'standard')
 *
 * and the inverse, the walking time implied by a straight-line distance:
 *   minutes = distance × detour ÷ speed.
 *
 * Pure data and functions: no DOM, no React, no MapLibre. Sources: README "Walking coverage" and below.
 */
import type { Category } from './types';
import type { Localized } from './lang';

export type WalkMode = 'walk' | 'standard';
export type PersonaId = 'adult' | 'elderly' | 'caregiver' | 'custom';

export interface Persona {
  id: Exclude<PersonaId, 'custom'>;
  zh: string;
  en: string;
  speedKmh: number;
  detour: number;
  /** why this speed: shown next to the preset */
  basis: Localized;
}

/**
 * Presets. Only the speed differs; detour stays the editable default.
 * - adult 4.5 km/h: the speed in OSMnx examples and many accessibility studies.
 * - elderly 3.2 km/h: inside the 3.0–3.6 km/h range reported for older pedestrians.
 * - caregiver 3.6 km/h: an assumption, not a measurement: an adult walking with a small child
 *   or pushing a pram is slower than the adult default; 3.6 km/h is Conveyal R5's default
 *   walking speed, a widely used conservative figure. Editable like every other parameter.
 */
export const PERSONAS: readonly Persona[] = [
  {
    id: 'adult', zh: '成年人', en: 'Adult', speedKmh: 4.5, detour: 1.3,
    basis: {
      zh: '4.5 km/h：OSMnx 示例及多数可达性研究采用的步行速度',
      en: '4.5 km/h: the walking speed in OSMnx examples and many accessibility studies',
    },
  },
  {
    id: 'elderly', zh: '老年人', en: 'Older adult', speedKmh: 3.2, detour: 1.3,
    basis: {
      zh: '3.2 km/h：文献报道的老年人步速 3.0–3.6 km/h 区间内',
      en: '3.2 km/h: within the 3.0–3.6 km/h reported for older pedestrians',
    },
  },
  {
    id: 'caregiver', zh: '带娃/照护者', en: 'With child / caregiver', speedKmh: 3.6, detour: 1.3,
    basis: {
      zh: '3.6 km/h：假设值（带幼儿或推婴儿车时慢于成人默认值），取 Conveyal R5 默认步速',
      en: '3.6 km/h: an assumption (slower than the adult default when walking with a small child or a pram); Conveyal R5’s default walking speed',
    },
  },
];

export interface WalkParams {
  mode: WalkMode;
  persona: PersonaId;
  /** km/h, > 0 */
  speedKmh: number;
  /** ratio of network distance to straight-line distance, ≥ 1 */
  detour: number;
  /** walking minutes per category id; a missing id falls back to the category's default minutes */
  minutes: Record<string, number>;
  /** category ids the completeness figure needs; empty = all categories */
  selected: string[];
}

export const DEFAULT_SPEED_KMH = 4.5;
export const DEFAULT_DETOUR = 1.3;

export function defaultWalkParams(): WalkParams {
  return { mode: 'walk', persona: 'adult', speedKmh: DEFAULT_SPEED_KMH, detour: DEFAULT_DETOUR, minutes: {}, selected: [] };
}

export function personaById(id: PersonaId): Persona | undefined {
  return PERSONAS.find((p) => p.id === id);
}

/** Apply a preset: speed and detour from the persona, the rest kept. */
export function withPersona(params: WalkParams, id: PersonaId): WalkParams {
  const p = personaById(id);
  if (!p) return { ...params, persona: 'custom' };
  return { ...params, persona: p.id, speedKmh: p.speedKmh, detour: p.detour };
}

/** Walking speed in metres per minute. */
export function metresPerMinute(speedKmh: number): number {
  return (speedKmh * 1000) / 60;
}

export function minutesFor(category: Category, params: WalkParams): number {
  const m = params.minutes[category.id];
  return typeof m === 'number' && Number.isFinite(m) && m > 0 ? m : category.minutes;
}

/** The part of the parameters a walking time needs: speed (km/h) and detour factor. */
export type WalkSpeed = Pick<WalkParams, 'speedKmh' | 'detour'>;

/** Speed and detour of a persona preset (the adult defaults for 'custom' or an unknown id). */
export function personaSpeed(id: PersonaId): WalkSpeed {
  const p = personaById(id);
  return { speedKmh: p?.speedKmh ?? DEFAULT_SPEED_KMH, detour: p?.detour ?? DEFAULT_DETOUR };
}

/** Straight-line radius (metres) walked in `minutes`: speed × minutes ÷ detour. */
export function reachRadiusM(minutes: number, walk: WalkSpeed): number {
  return (metresPerMinute(walk.speedKmh) * minutes) / walk.detour;
}

/** Straight-line reach of one category under the parameters, metres. */
export function reachMetres(category: Category, params: WalkParams): number {
  if (params.mode === 'standard') return category.standardRadiusM;
  return reachRadiusM(minutesFor(category, params), params);
}

/** Walking minutes implied by a straight-line distance (metres): distance × detour ÷ speed. */
export function walkMinutes(distanceM: number, walk: WalkSpeed): number {
  return (distanceM * walk.detour) / metresPerMinute(walk.speedKmh);
}

/**
 * Accepted ranges, shared by the app's fields, the URL reader and the command line
 * (scripts/lib/cliArgs.ts): walking speed 0.5–20 km/h (slow shuffle to a run), detour
 * factor 1–3, minutes above 0 up to 120.
 */
export const WALK_RANGES = {
  speedKmh: { min: 0.5, max: 20, minExclusive: false },
  detour: { min: 1, max: 3, minExclusive: false },
  minutes: { min: 0, max: 120, minExclusive: true },
} as const;
export type WalkField = keyof typeof WALK_RANGES;

export type FieldCheck = { ok: true; value: number } | { ok: false; reason: 'empty' | 'notNumber' | 'range'; min: number; max: number; minExclusive: boolean };

/** Checks one typed value (text from a field or an option) against its range. */
export function checkWalkField(field: WalkField, raw: string | number): FieldCheck {
  const r = WALK_RANGES[field];
  const bad = (reason: 'empty' | 'notNumber' | 'range'): FieldCheck => ({ ok: false, reason, min: r.min, max: r.max, minExclusive: r.minExclusive });
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  if (text === '') return bad('empty');
  const v = Number(text);
  if (!Number.isFinite(v)) return bad('notNumber');
  if ((r.minExclusive ? v <= r.min : v < r.min) || v > r.max) return bad('range');
  return { ok: true, value: v };
}

/** Problems with the parameters, one English line each; empty when valid. */
export function validateWalkParams(params: WalkParams): string[] {
  const errors: string[] = [];
  const range = (f: WalkField) => {
    const r = WALK_RANGES[f];
    return `${r.minExclusive ? '(' : '['}${r.min}, ${r.max}]`;
  };
  if (!checkWalkField('speedKmh', params.speedKmh).ok) errors.push(`speedKmh must be in ${range('speedKmh')}, got ${params.speedKmh}`);
  if (!checkWalkField('detour', params.detour).ok) errors.push(`detour must be in ${range('detour')}, got ${params.detour}`);
  for (const [id, m] of Object.entries(params.minutes)) {
    if (!checkWalkField('minutes', m).ok) errors.push(`minutes for ${id} must be in ${range('minutes')}, got ${m}`);
  }
  return errors;
}

/** One line describing the parameters, recorded with every result. */
export function describeWalkParams(params: WalkParams, categories: readonly Category[]): string {
  const reach = categories.map((c) => `${c.id}=${Math.round(reachMetres(c, params))}m`).join(' ');
  const head = params.mode === 'standard'
    ? 'mode=standard (GB 50180-2018 radii)'
    : `mode=walk speed=${params.speedKmh}km/h detour=${params.detour}`;
  return `${head} persona=${params.persona} ${reach}`;
}
