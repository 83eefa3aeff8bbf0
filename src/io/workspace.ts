/**
 * The workspace file: everything a planner imported (facilities with their
 * dataset labels, a planning-unit layer, demand points; the street network by reference), as versioned JSON to
 * export, share and load again. Loading validates every field and says where a
 * file is wrong; nothing half-valid is loaded.
 */
import { FACILITY_STATUSES, FACILITY_TYPES, SHANGHAI_BBOX } from '../domain/types';
import type { Facility, UnitCollection, UnitFeature } from '../domain/types';
import type { DemandPoint } from './importTypes';
import { checkUnitLayer, unitRejectText } from './unitLayer';
import { networkRefErrors, type NetworkRef } from './networkRef';

export const WORKSPACE_FORMAT = 'shenghuoquan-workspace';
export const WORKSPACE_VERSION = 1;

export interface WorkspaceDataset {
  label: string;
  /** number of facilities from this dataset when saved */
  count: number;
  importedAt?: string;
}

export interface Workspace {
  format: typeof WORKSPACE_FORMAT;
  version: typeof WORKSPACE_VERSION;
  savedAt: string;
  /** whether the synthetic demo facilities were shown beside the imports */
  demoIncluded: boolean;
  /** the shipped sources shown beside the imports ('osm', 'demo-hubs', 'demo-embedded'); absent in older files */
  shipped?: string[];
  /** imported (non-synthetic) facilities, WGS84 */
  facilities: Facility[];
  datasets: WorkspaceDataset[];
  /** an imported planning-unit layer, or null when none was imported */
  units: { label: string; collection: UnitCollection } | null;
  /** whether the imported layer is the one in use (false: the shipped layer is); absent = true */
  unitsActive?: boolean;
  /** imported residential demand points, or null */
  demand: { label: string; points: DemandPoint[] } | null;
  /**
   * the street network loaded when saved (by reference: name, size, SHA-256, source, CRS,
   * extent; the file is not copied), or null; absent in older files
   */
  network?: NetworkRef | null;
}

export function makeWorkspace(parts: Omit<Workspace, 'format' | 'version' | 'savedAt'>, now = new Date()): Workspace {
  return {
    format: WORKSPACE_FORMAT,
    version: WORKSPACE_VERSION,
    savedAt: now.toISOString(),
    demoIncluded: parts.demoIncluded,
    ...(parts.shipped ? { shipped: parts.shipped } : {}),
    // shipped data (synthetic demo, OpenStreetMap) is not copied: `shipped` says which sources to show again
    facilities: parts.facilities.filter((f) => !f.synthetic && !f.osm),
    datasets: parts.datasets,
    units: parts.units,
    unitsActive: parts.unitsActive ?? true,
    demand: parts.demand,
    network: parts.network ?? null,
  };
}

export function workspaceToJson(ws: Workspace): string {
  return JSON.stringify(ws);
}

export type WorkspaceCheck = { ok: true; workspace: Workspace } | { ok: false; errors: string[] };

const MAX_ERRORS = 20;

class Checker {
  errors: string[] = [];
  fail(path: string, what: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push(`${path}: ${what}`);
  }
  get full(): boolean {
    return this.errors.length >= MAX_ERRORS;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function inShanghai(lng: number, lat: number): boolean {
  const b = SHANGHAI_BBOX;
  return lng >= b.minLng && lng <= b.maxLng && lat >= b.minLat && lat <= b.maxLat;
}

function checkFacility(v: unknown, path: string, c: Checker, categoryIds: ReadonlySet<string> | null): void {
  if (!isObj(v)) {
    c.fail(path, 'not an object');
    return;
  }
  for (const k of ['id', 'name', 'source', 'district'] as const) if (!isStr(v[k])) c.fail(`${path}.${k}`, 'not text');
  if (!FACILITY_TYPES.includes(v.type as never)) c.fail(`${path}.type`, `not one of ${FACILITY_TYPES.join(', ')}`);
  if (!FACILITY_STATUSES.includes(v.status as never)) c.fail(`${path}.status`, `not one of ${FACILITY_STATUSES.join(', ')}`);
  if (!Array.isArray(v.categories) || v.categories.length === 0 || !v.categories.every(isStr)) c.fail(`${path}.categories`, 'not a non-empty list of category ids');
  else if (categoryIds) for (const id of v.categories as string[]) if (!categoryIds.has(id)) c.fail(`${path}.categories`, `unknown category "${id}"`);
  if (!isNum(v.lng) || !isNum(v.lat)) c.fail(`${path}.lng/lat`, 'not numbers');
  else if (!inShanghai(v.lng, v.lat)) c.fail(`${path}.lng/lat`, 'outside Shanghai');
  if (v.synthetic !== false) c.fail(`${path}.synthetic`, 'must be false (synthetic data is not saved)');
  for (const k of ['street', 'village', 'address'] as const) if (v[k] !== undefined && !isStr(v[k])) c.fail(`${path}.${k}`, 'not text');
}

/** Residents at one residential point: more than this is a typo or garbage. */
export const MAX_POINT_POPULATION = 1_000_000;

/** Units go through the same checks as an imported layer (src/io/unitLayer.ts); any rejection fails the file. */
function checkUnits(features: unknown[], c: Checker): UnitFeature[] {
  const before = c.errors.length;
  for (let i = 0; i < features.length && !c.full; i++) {
    const f = features[i];
    const p = isObj(f) ? f.properties : undefined;
    if (!isObj(p)) {
      c.fail(`units.collection.features[${i}].properties`, 'missing');
      continue;
    }
    for (const k of ['id', 'name', 'district', 'pop_source'] as const) if (!isStr(p[k])) c.fail(`units.collection.features[${i}].properties.${k}`, 'not text');
    for (const k of ['area_km2', 'pop_est'] as const) if (!isNum(p[k]) || (p[k] as number) < 0) c.fail(`units.collection.features[${i}].properties.${k}`, 'not a non-negative number');
  }
  if (c.errors.length > before) return [];
  const checked = checkUnitLayer(features);
  for (const r of checked.rejected) c.fail(`units.collection.features[${r.index - 1}]`, unitRejectText(r));
  if (checked.rejected.length > 0) return [];
  // nothing rejected: units[i] is features[i]; a repaired outline (never one the app saved) replaces the stored one
  const repaired = new Set(checked.repaired.map((r) => r.index - 1));
  return (features as UnitFeature[]).map((f, i) => (repaired.has(i) ? { ...f, geometry: checked.units.features[i].geometry } : f));
}

/** Validate parsed JSON as a workspace. `categoryIds` (optional) checks facility categories. */
export function validateWorkspace(json: unknown, categoryIds?: readonly string[]): WorkspaceCheck {
  const c = new Checker();
  if (!isObj(json)) return { ok: false, errors: ['(file): not a JSON object'] };
  if (json.format !== WORKSPACE_FORMAT) return { ok: false, errors: [`format: not a 生活圈 workspace file (expected "${WORKSPACE_FORMAT}")`] };
  if (!isNum(json.version) || !Number.isInteger(json.version)) return { ok: false, errors: ['version: missing'] };
  if (json.version > WORKSPACE_VERSION) return { ok: false, errors: [`version: ${json.version} was written by a newer version of the app (this one reads ${WORKSPACE_VERSION})`] };
  if (json.version < 1) return { ok: false, errors: [`version: ${json.version} is not a known version`] };
  if (!isStr(json.savedAt) || Number.isNaN(Date.parse(json.savedAt))) c.fail('savedAt', 'not a date');
  if (typeof json.demoIncluded !== 'boolean') c.fail('demoIncluded', 'not true/false');
  if (json.shipped !== undefined && !(Array.isArray(json.shipped) && json.shipped.every((x) => x === 'osm' || x === 'demo-hubs' || x === 'demo-embedded'))) c.fail('shipped', "not a list of 'osm', 'demo-hubs', 'demo-embedded'");
  const ids = categoryIds ? new Set(categoryIds) : null;
  if (!Array.isArray(json.facilities)) c.fail('facilities', 'not a list');
  else {
    const seen = new Set<string>();
    for (let i = 0; i < json.facilities.length && !c.full; i++) {
      checkFacility(json.facilities[i], `facilities[${i}]`, c, ids);
      const id = (json.facilities[i] as { id?: unknown })?.id;
      if (isStr(id)) {
        if (seen.has(id)) c.fail(`facilities[${i}].id`, `duplicate id "${id}"`);
        seen.add(id);
      }
    }
  }
  if (!Array.isArray(json.datasets)) c.fail('datasets', 'not a list');
  else
    json.datasets.forEach((d, i) => {
      if (!isObj(d) || !isStr(d.label) || !isNum(d.count)) c.fail(`datasets[${i}]`, 'needs label (text) and count (number)');
      else if (!Number.isInteger(d.count) || d.count < 0) c.fail(`datasets[${i}].count`, `not a count (got ${d.count})`);
    });
  let checkedUnits: UnitFeature[] | null = null;
  if (json.unitsActive !== undefined && typeof json.unitsActive !== 'boolean') c.fail('unitsActive', 'not true/false');
  if (json.units !== null) {
    const u = json.units;
    if (!isObj(u) || !isStr(u.label) || !isObj(u.collection) || u.collection.type !== 'FeatureCollection' || !Array.isArray(u.collection.features))
      c.fail('units', 'needs label and a GeoJSON FeatureCollection');
    else checkedUnits = checkUnits(u.collection.features as unknown[], c);
  }
  if (json.demand !== null) {
    const d = json.demand;
    if (!isObj(d) || !isStr(d.label) || !Array.isArray(d.points)) c.fail('demand', 'needs label and points');
    else
      for (let i = 0; i < d.points.length && !c.full; i++) {
        const p = d.points[i] as Record<string, unknown>;
        if (!isObj(p) || !isNum(p.lng) || !isNum(p.lat) || !isNum(p.population) || (p.population as number) < 0) c.fail(`demand.points[${i}]`, 'needs lng, lat and a non-negative population');
        else if ((p.population as number) > MAX_POINT_POPULATION) c.fail(`demand.points[${i}].population`, `more than ${MAX_POINT_POPULATION} residents at one point`);
        else if (!inShanghai(p.lng as number, p.lat as number)) c.fail(`demand.points[${i}]`, 'outside Shanghai');
      }
  }
  if (json.network !== undefined && json.network !== null) for (const e of networkRefErrors(json.network, 'network')) c.fail(e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 2));
  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  const ws = json as unknown as Workspace;
  // the repaired geometry (identical for a layer the app saved) is what gets loaded
  if (ws.units && checkedUnits) return { ok: true, workspace: { ...ws, units: { ...ws.units, collection: { type: 'FeatureCollection', features: checkedUnits } } } };
  return { ok: true, workspace: ws };
}

/** Parse and validate workspace file bytes/text. */
export function readWorkspace(text: string, categoryIds?: readonly string[]): WorkspaceCheck {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [`(file): not valid JSON (${(e as Error).message})`] };
  }
  return validateWorkspace(json, categoryIds);
}
