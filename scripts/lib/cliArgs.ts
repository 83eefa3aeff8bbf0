/**
 * Command-line options: a small declarative parser and the analysis options that
 * `analyze`, `report` and `isochrone` share. How to add a command or an option: see the
 * comment at the top of ./cli.ts.
 *
 *   const SPEC = { ...ANALYSIS_OPTIONS, out: option('<dir>', 'output folder', text) };
 *   const args = parseOptions(argv, SPEC, 'analyze');   // throws usage errors (exit 2)
 *   const params = walkParamsFrom(args, categories);     // WalkParams, validated
 */
import type { Category, FacilityStatus } from '../../src/domain/types';
import { FACILITY_STATUSES } from '../../src/domain/types';
import { WALK_RANGES, defaultWalkParams, withPersona, type PersonaId, type WalkParams } from '../../src/domain/walk';
import { parseCrsFlag } from '../../src/io/cliReport';
import type { CrsChoice, EncodingChoice } from '../../src/io/importTypes';
import { usage } from './cli';

export interface OptionSpec<T> {
  /** placeholder of the value ("<file>"); absent for a flag without value */
  arg?: string;
  help: string;
  parse: (raw: string, flag: string) => T;
}

/** An option with a value. */
export function option<T>(arg: string, help: string, parse: (raw: string, flag: string) => T): OptionSpec<T> {
  return { arg, help, parse };
}

/** A flag without a value (true when given). */
export function flag(help: string): OptionSpec<true> {
  return { help, parse: () => true };
}

type Spec = Record<string, OptionSpec<unknown>>;
export type Parsed<S extends Spec> = { [K in keyof S]?: S[K] extends OptionSpec<infer T> ? T : never } & { help?: true };

const kebab = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Parse `argv` against `spec` (keys in camelCase, flags in kebab-case). `--x=v` and `--x v` both work. */
export function parseOptions<S extends Spec>(argv: readonly string[], spec: S): Parsed<S> {
  const byFlag = new Map<string, string>();
  for (const key of Object.keys(spec)) byFlag.set(kebab(key), key);
  const out = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--help' || token === '-h') {
      out.help = true;
      continue;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const flagText = eq > 0 ? token.slice(0, eq) : token;
    const key = byFlag.get(flagText);
    if (key === undefined) {
      if (!token.startsWith('-')) throw usage(token, 'unexpected argument (options start with --; see --help)');
      throw usage(flagText, 'unknown option (see --help)');
    }
    const s = spec[key];
    if (s.arg === undefined) {
      if (eq > 0) throw usage(flagText, 'takes no value');
      out[key] = true;
      continue;
    }
    let raw: string | undefined;
    if (eq > 0) raw = token.slice(eq + 1);
    else {
      raw = argv[i + 1];
      if (raw !== undefined && byFlag.has(raw)) raw = undefined;
      else i++;
    }
    if (raw === undefined || raw === '') throw usage(flagText, `needs a value ${s.arg}`);
    if (key in out) throw usage(flagText, 'given twice');
    out[key] = s.parse(raw, flagText);
  }
  return out as Parsed<S>;
}

/** The options' help lines ("  --speed <km/h>   walking speed …"). */
export function optionHelp(spec: Spec): string[] {
  const rows = Object.entries(spec).map(([k, s]) => [`${kebab(k)}${s.arg ? ` ${s.arg}` : ''}`, s.help]);
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([a, h]) => `  ${a.padEnd(w)}  ${h}`);
}

// ---------------------------------------------------------------- value parsers

export const text = (raw: string): string => raw;

/** A finite number in [min, max] (exclusive bounds with `minExclusive`). */
export function numberIn(min: number, max: number, opts: { minExclusive?: boolean } = {}) {
  return (raw: string, flagText: string): number => {
    const v = Number(raw.trim());
    const ok = raw.trim() !== '' && Number.isFinite(v) && (opts.minExclusive ? v > min : v >= min) && v <= max;
    if (!ok) throw usage(flagText, `must be a number ${opts.minExclusive ? 'above' : 'from'} ${min} ${opts.minExclusive ? 'up to' : 'to'} ${max} (got "${raw}")`);
    return v;
  };
}

export function oneOf<T extends string>(values: readonly T[], aliases: Record<string, T> = {}) {
  return (raw: string, flagText: string): T => {
    const v = raw.trim().toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as T;
    if (Object.hasOwn(aliases, v)) return aliases[v];
    throw usage(flagText, `must be one of ${values.join(', ')} (got "${raw}")`);
  };
}

/** Comma-separated ids, none empty. */
export function idList(raw: string, flagText: string): string[] {
  const list = raw.split(',').map((s) => s.trim());
  if (list.some((s) => s === '')) throw usage(flagText, `needs a comma-separated list without empty items (got "${raw}")`);
  return list;
}

// ---------------------------------------------------------------- the analysis options

// the app's fields and links accept exactly these (src/domain/walk.ts WALK_RANGES)
export const MINUTES_RANGE: [number, number] = [WALK_RANGES.minutes.min, WALK_RANGES.minutes.max];
export const SPEED_RANGE: [number, number] = [WALK_RANGES.speedKmh.min, WALK_RANGES.speedKmh.max];
export const DETOUR_RANGE: [number, number] = [WALK_RANGES.detour.min, WALK_RANGES.detour.max];
export const CELL_RANGE: [number, number] = [25, 1000];

export interface MinutesArg {
  /** one value for every category */
  all?: number;
  /** per category id (checked against the categories later) */
  per: [string, number][];
}

function minutesValue(raw: string, flagText: string): number {
  const v = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(v) || v <= MINUTES_RANGE[0] || v > MINUTES_RANGE[1])
    throw usage(flagText, `minutes must be a number above ${MINUTES_RANGE[0]} up to ${MINUTES_RANGE[1]} (got "${raw}")`);
  return v;
}

export function parseMinutes(raw: string, flagText: string): MinutesArg {
  if (!raw.includes('=')) return { all: minutesValue(raw, flagText), per: [] };
  const per: [string, number][] = [];
  for (const part of raw.split(',')) {
    const at = part.indexOf('=');
    const id = (at >= 0 ? part.slice(0, at) : part).trim();
    if (at < 0 || id === '') throw usage(flagText, `expected N or id=N,id=N (got "${raw}")`);
    per.push([id, minutesValue(part.slice(at + 1), `${flagText} ${id}`)]);
  }
  return { per };
}

function crsValue(raw: string, flagText: string): CrsChoice {
  const r = parseCrsFlag(raw);
  if ('error' in r) throw usage(flagText, `must be auto, wgs84, gcj02 or bd09 (got "${raw}")`);
  return r.crs;
}

export function encodingValue(raw: string, flagText: string): EncodingChoice {
  const v = raw.trim().toLowerCase().replace(/_/g, '-');
  const map: Record<string, EncodingChoice> = {
    auto: 'auto',
    'utf-8': 'utf-8', utf8: 'utf-8',
    gbk: 'gb18030', gb2312: 'gb18030', gb18030: 'gb18030', cp936: 'gb18030',
    'utf-16le': 'utf-16le', utf16le: 'utf-16le', 'utf-16': 'utf-16le', utf16: 'utf-16le', unicode: 'utf-16le',
    'utf-16be': 'utf-16be', utf16be: 'utf-16be',
  };
  if (!Object.hasOwn(map, v)) throw usage(flagText, `must be auto, utf-8, gbk (gb18030), utf-16le or utf-16be (got "${raw}")`);
  return map[v];
}

function statusList(raw: string, flagText: string): FacilityStatus[] {
  const list = idList(raw, flagText);
  for (const s of list) if (!(FACILITY_STATUSES as readonly string[]).includes(s)) throw usage(flagText, `unknown status "${s}" (known: ${FACILITY_STATUSES.join(', ')})`);
  return list as FacilityStatus[];
}

/** Inputs and coverage parameters shared by every analysis command. */
export const ANALYSIS_OPTIONS = {
  facilities: option('<csv|json>', 'facility list: CSV/TXT (any encoding, Chinese headers) or a JSON array', text),
  units: option('<geojson>', 'planning units (default: the shipped geodata/units.geojson)', text),
  mode: option('radius|standard', 'radius = speed × minutes ÷ detour (default); standard = GB 50180-2018 radii', oneOf(['radius', 'standard'] as const, { walk: 'radius' })),
  persona: option('adult|elderly|caregiver', 'walking persona (speed)', oneOf(['adult', 'elderly', 'caregiver'] as const)),
  speed: option('<km/h>', `walking speed, ${SPEED_RANGE[0]} to ${SPEED_RANGE[1]}`, numberIn(SPEED_RANGE[0], SPEED_RANGE[1])),
  detour: option('<f>', `detour factor, ${DETOUR_RANGE[0]} to ${DETOUR_RANGE[1]}`, numberIn(DETOUR_RANGE[0], DETOUR_RANGE[1])),
  minutes: option('<N|id=N,…>', 'walking minutes for all categories, or per category', parseMinutes),
  select: option('<id,…>', 'categories completeness needs (default: all)', idList),
  status: option('<open,building,planned>', 'facility statuses to count (default: all)', statusList),
  demand: option('<csv>', 'residential points with residents (replaces the census spread)', text),
  crs: option('auto|wgs84|gcj02|bd09', 'coordinate system of the input files (default: auto)', crsValue),
  encoding: option('auto|utf-8|gbk|utf-16le|utf-16be', 'text encoding of CSV inputs when detection cannot tell (default: auto)', encodingValue),
  cell: option('<m>', `grid cell size in metres, ${CELL_RANGE[0]} to ${CELL_RANGE[1]} (default 125)`, numberIn(CELL_RANGE[0], CELL_RANGE[1])),
  allowEmpty: flag('run even when no facility loads (all coverage 0 %)'),
};

export type AnalysisArgs = Parsed<typeof ANALYSIS_OPTIONS>;

/** The walking parameters the options ask for, checked against the categories. */
export function walkParamsFrom(args: AnalysisArgs, categories: readonly Category[]): WalkParams {
  const known = new Set(categories.map((c) => c.id));
  const knownText = categories.map((c) => c.id).join(', ');
  let params: WalkParams = { ...defaultWalkParams(), mode: args.mode === 'standard' ? 'standard' : 'walk' };
  if (args.persona) params = withPersona(params, args.persona as PersonaId);
  if (args.speed !== undefined) params = { ...params, speedKmh: args.speed, persona: 'custom' };
  if (args.detour !== undefined) params = { ...params, detour: args.detour, persona: 'custom' };
  const minutes: Record<string, number> = {};
  if (args.minutes?.all !== undefined) for (const c of categories) minutes[c.id] = args.minutes.all;
  for (const [id, m] of args.minutes?.per ?? []) {
    if (!known.has(id)) throw usage('--minutes', `unknown category "${id}" (known: ${knownText})`);
    minutes[id] = m;
  }
  for (const id of args.select ?? []) if (!known.has(id)) throw usage('--select', `unknown category "${id}" (known: ${knownText})`);
  return { ...params, minutes, selected: args.select ?? [] };
}
