/**
 * Imports, the controller: files are read in the import worker with what the loaded data
 * knows (categories, 街镇, reference points, district outlines); when the user accepts a
 * result the stores are updated (replace or merge) and the workspace is saved in IndexedDB;
 * "reset to demo" and workspace files go the other way. No React here; the import dialog
 * and panel (src/ui/import) call these.
 */
import { create } from 'zustand';
import { streetList } from '../data/streets';
import type { DistrictCollection, Facility, UnitCollection } from '../domain/types';
import type { BoundaryImportResult } from '../io/boundary';
import type { CategoryAliases } from '../io/categoryMatch';
import { geometryBbox, type RawPoint, type Region } from '../io/crs';
import { mergeFacilities } from '../io/facilityCsv';
import type { CrsChoice, DemandPoint, EncodingChoice, FacilityImportResult, HeaderMapping, Crs } from '../io/importTypes';
import { clearWorkspaceLocally, loadWorkspaceLocally, saveWorkspaceLocally } from '../io/persistence';
import { applyUnitPopulation, type UnitPopulationResult } from '../io/population';
import { makeWorkspace, type Workspace } from '../io/workspace';
import { applyVillagePopulationToUnits, streetUnitCount, type VillagePopulationResult, type VillageUnitsResult } from '../io/villagePopulation';
import { ImportCancelled, startImport, type ImportJob } from '../worker/importClient';
import type { AnyImportResult } from '../worker/importProtocol';
import { useDataStore } from './dataStore';
import { useDemandStore } from './demandStore';
import { SHIPPED_SOURCE_IDS, enabledShipped, setShippedSource, shippedSelection, type ShippedSourceId } from './facilitySources';
import { markCleared, markFailed, markRestored, markSaved, markSaving } from './saveStatus';
import { networkMismatch, resetNetwork, setWantedNetwork, useNetworkStore } from './networkStore';
import type { NetworkRef } from '../io/networkRef';

export type { AnyImportResult, ImportJob };

/** The imported planning-unit layer (kept while the shipped one is shown, so the user can switch). */
export const useImportedUnits = create<{ layer: { label: string; collection: UnitCollection } | null }>()(() => ({ layer: null }));

/** "设施清单.csv 2026-11-28 10:05": the label imported facilities carry as their source. */
export function datasetLabel(fileName: string, now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${fileName} ${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}`;
}

/** District outlines as regions for the offset detector (keyed by district code). */
function regionsFromDistricts(districts: DistrictCollection | null): Region[] {
  if (!districts) return [];
  return districts.features.map((f) => ({ keys: [f.properties.code], geometry: f.geometry, bbox: geometryBbox(f.geometry) }));
}

/** Residents per km² of land by district (census 2020), to estimate imported units' population. */
function densityByDistrict(districts: DistrictCollection | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of districts?.features ?? []) {
    const p = f.properties;
    if (p.land_area_km2 > 0) out[p.code] = p.population_2020 / p.land_area_km2;
  }
  return out;
}

/** Loaded real (non-synthetic) facilities as name references for offset detection. */
function referencePoints(facilities: readonly Facility[]): RawPoint[] {
  return facilities.filter((f) => !f.synthetic).map((f) => ({ name: f.name, lng: f.lng, lat: f.lat }));
}

// ---------------------------------------------------------------- reading a file

/** What the user chose or corrected in the import dialog. */
export interface ImportOverrides {
  headerMapping?: HeaderMapping;
  crs?: Crs;
  categoryAliases?: CategoryAliases;
  defaultCategory?: string;
}

export type ImportFileKind = 'facilities' | 'population' | 'boundary' | 'villagePopulation';

/** 2020 census per district code (for the 居委 population report). */
function censusByDistrict(districts: DistrictCollection | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of districts?.features ?? []) out[f.properties.code] = f.properties.population_2020;
  return out;
}

export interface ReadOptions {
  encoding: EncodingChoice;
  crs: CrsChoice;
  /** the dataset label the imported records carry */
  source: string;
  fileName: string;
  overrides: ImportOverrides;
}

/** Reads a file in the import worker (progress, cancellable); nothing in the stores changes. */
export function readImportFile(kind: ImportFileKind, bytes: ArrayBuffer, o: ReadOptions, onProgress: (done: number, total: number) => void): ImportJob<AnyImportResult> {
  const { categories, facilities, districts } = useDataStore.getState();
  const common = { crs: o.crs, source: o.source, fileName: o.fileName };
  const job = kind === 'facilities'
    ? startImport({
      kind: 'facilities',
      bytes,
      opts: {
        ...common, ...o.overrides, encoding: o.encoding, categories, streets: streetList(),
        references: referencePoints(facilities), regions: regionsFromDistricts(districts),
      },
    }, onProgress)
    : kind === 'population'
      ? startImport({ kind: 'population', bytes, opts: { ...common, encoding: o.encoding, headerMapping: o.overrides.headerMapping } }, onProgress)
      : kind === 'villagePopulation'
        ? startImport({
          kind: 'villagePopulation',
          bytes,
          opts: { source: o.source, fileName: o.fileName, encoding: o.encoding, headerMapping: o.overrides.headerMapping, streets: streetList(), census: censusByDistrict(districts) },
        }, onProgress)
        : startImport({
        kind: 'boundary',
        bytes,
        opts: { ...common, streets: streetList(), densityByDistrict: densityByDistrict(districts), regions: regionsFromDistricts(districts) },
      }, onProgress);
  return job as ImportJob<AnyImportResult>;
}

/** A population table per planning unit (街镇 names or unit ids) joined to the loaded units. */
export function readUnitPopulation(bytes: ArrayBuffer, encoding: EncodingChoice): UnitPopulationResult {
  const units = useDataStore.getState().units;
  if (!units) throw new Error('no planning units loaded');
  return applyUnitPopulation(units, new Uint8Array(bytes), { encoding, streets: streetList() });
}

/** True for the error a cancelled read ends with (not a failure to report). */
export function isImportCancelled(e: unknown): boolean {
  return e instanceof ImportCancelled;
}

// ---------------------------------------------------------------- accepting a result

export type ImportMode = 'replace' | 'merge';

export function applyFacilities(result: FacilityImportResult, mode: ImportMode): { added: number; skipped: ReturnType<typeof mergeFacilities>['skipped'] } {
  const s = useDataStore.getState();
  const label = result.source;
  if (mode === 'replace') {
    s.setFacilities(result.facilities, [{ label, synthetic: false, count: result.facilities.length }]);
    void persist();
    return { added: result.facilities.length, skipped: [] };
  }
  const { facilities, skipped } = mergeFacilities(s.facilities, result.facilities);
  const added = result.facilities.length - skipped.length;
  s.setFacilities(facilities, [...s.datasets.filter((d) => d.label !== label), { label, synthetic: false, count: added }]);
  void persist();
  return { added, skipped };
}

/** Remove one imported dataset (its facilities) from the map. */
export function removeDataset(label: string): void {
  const s = useDataStore.getState();
  const ds = s.datasets.find((d) => d.label === label);
  if (!ds) return;
  if (ds.id && (SHIPPED_SOURCE_IDS as readonly string[]).includes(ds.id)) {
    setShippedSource(ds.id as ShippedSourceId, false);
    void persist();
    return;
  }
  s.setFacilities(
    s.facilities.filter((f) => f.source !== label && !(ds.synthetic && f.synthetic)),
    s.datasets.filter((d) => d.label !== label),
  );
  void persist();
}

export function applyUnits(units: UnitCollection, label: string): void {
  useImportedUnits.setState({ layer: { label, collection: units } });
  useDataStore.getState().setUnits(units, label);
  void persist();
}

/** The unit layers the user can choose between: the shipped one and the imported one. */
export function unitLayerChoices(): { label: string; imported: boolean }[] {
  const out: { label: string; imported: boolean }[] = [];
  const shippedLabel = useDataStore.getState().shipped?.unitsLabel ?? useDataStore.getState().unitsLabel;
  out.push({ label: shippedLabel, imported: false });
  const imported = useImportedUnits.getState().layer;
  if (imported) out.push({ label: imported.label, imported: true });
  return out;
}

/** Show the shipped or the imported unit layer. */
export function selectUnitLayer(imported: boolean): void {
  const layer = useImportedUnits.getState().layer;
  const shipped = useDataStore.getState().shipped;
  if (imported && layer) useDataStore.getState().setUnits(layer.collection, layer.label);
  else if (!imported && shipped?.units) useDataStore.getState().setUnits(shipped.units, shipped.unitsLabel);
  void persist();
}

/** 居委 population summed per 街镇 becomes the population of the 街镇 units in use (hexagon units have no 街镇: nothing changes). */
export function applyVillagePopulation(result: VillagePopulationResult, label: string): VillageUnitsResult | null {
  const s = useDataStore.getState();
  if (!s.units || streetUnitCount(s.units) === 0) return null;
  const r = applyVillagePopulationToUnits(s.units, result);
  applyUnits(r.units, `${s.unitsLabel} + ${label}`);
  return r;
}

export function applyBoundary(result: BoundaryImportResult): void {
  applyUnits(result.units, result.source);
}

export function applyDemand(points: DemandPoint[], label: string): void {
  useDemandStore.getState().setDemand({ label, points });
  void persist();
}

/** Everything imported, as a workspace (synthetic facilities left out, their presence noted). */
export function currentWorkspace(now = new Date()): Workspace {
  const s = useDataStore.getState();
  const layer = useImportedUnits.getState().layer;
  const unitsActive = layer !== null && s.unitsLabel === layer.label;
  return makeWorkspace(
    {
      demoIncluded: s.facilities.some((f) => f.synthetic),
      shipped: enabledShipped(s.datasets),
      facilities: s.facilities,
      datasets: s.datasets.filter((d) => !d.synthetic && !d.id).map((d) => ({ label: d.label, count: d.count })),
      units: layer,
      unitsActive,
      demand: useDemandStore.getState().demand,
      network: useNetworkStore.getState().status === 'ready' ? useNetworkStore.getState().ref : null,
    },
    now,
  );
}

let saving: Promise<void> = Promise.resolve();
/**
 * Save the workspace locally (serialised: the last save wins). The outcome goes to the
 * save-status store (src/state/saveStatus.ts): "saved" only after the write succeeded, the
 * reason when it failed; other tabs are told. Never throws.
 */
export function persist(): Promise<void> {
  const ws = currentWorkspace();
  markSaving();
  saving = saving
    .then(() => saveWorkspaceLocally(ws))
    .then(
      () => markSaved(ws.savedAt, ws.datasets.map((d) => d.label).concat(ws.units ? [ws.units.label] : [])),
      (e: unknown) => markFailed(e),
    );
  return saving;
}

/**
 * Show a workspace: its facilities (plus the demo set if it was shown), units and demand. A
 * workspace file (`fromFile`) that names a street network makes it the wanted one: the result
 * says when the loaded network is another (the network panel offers to load it; no network
 * figures until then). In this browser the kept network file is the truth (networkStore).
 */
export function applyWorkspace(ws: Workspace, fromFile = false): { networkMissing: NetworkRef | null } {
  const s = useDataStore.getState();
  const shipped = s.shipped;
  // older files only say whether the demo set was shown: then the synthetic sources come back
  const ids = (ws.shipped ?? (ws.demoIncluded ? ['demo-hubs', 'demo-embedded'] : [])) as ShippedSourceId[];
  const sel = shippedSelection(ids);
  s.setFacilities([...sel.facilities, ...ws.facilities], [...sel.datasets, ...ws.datasets.map((d) => ({ label: d.label, count: d.count, synthetic: false }))]);
  useImportedUnits.setState({ layer: ws.units });
  if (ws.units && ws.unitsActive !== false) s.setUnits(ws.units.collection, ws.units.label);
  else if (shipped?.units) s.setUnits(shipped.units, shipped.unitsLabel);
  useDemandStore.getState().setDemand(ws.demand);
  if (!fromFile) return { networkMissing: null };
  setWantedNetwork(ws.network ?? null);
  return { networkMissing: networkMismatch(useNetworkStore.getState()) };
}

/** At start-up: restore what was imported before the reload. */
export async function restoreSaved(categoryIds: readonly string[]): Promise<{ status: 'none' } | { status: 'restored'; count: number } | { status: 'invalid'; errors: string[] }> {
  const stored = await loadWorkspaceLocally(categoryIds);
  if (stored.status === 'none') return stored;
  if (stored.status === 'invalid') return stored;
  applyWorkspace(stored.workspace);
  markRestored();
  return { status: 'restored', count: stored.workspace.facilities.length };
}

/** Forget all imports: demo facilities, shipped units, no demand points. */
export async function resetToDemo(): Promise<void> {
  const s = useDataStore.getState();
  const shipped = s.shipped;
  if (shipped) {
    s.setFacilities(shipped.facilities, shipped.datasets);
    if (shipped.units) s.setUnits(shipped.units, shipped.unitsLabel);
  }
  useDemandStore.getState().setDemand(null);
  useImportedUnits.setState({ layer: null });
  await resetNetwork();
  await saving;
  try {
    await clearWorkspaceLocally();
    markCleared();
  } catch (e) {
    markFailed(e);
  }
}
