/**
 * The coverage figures as files, like `npm run analyze` writes them (coverage-units.csv,
 * coverage-districts.csv, coverage-units.geojson). With straight-line circles: the figures on
 * screen for the loaded facilities (`baseline`, no trial sites). In network mode: the command
 * line's network tables from the same inputs (src/geo/networkExport.ts, in the export worker),
 * with its columns circle_share_pct, overstatement_pp, no_network_data and
 * network_extent_share_pct, plus network-unlinked.csv. The last export is kept while its inputs
 * stay the same, so several files cost one computation.
 */
import { groupRows, unitFeatureCollection, unitRows } from '../geo/resultRows';
import { toCsv } from '../io/csvExport';
import { runNetworkExport } from '../worker/exportClient';
import { useAnalysisStore } from './analysis';
import { useDataStore } from './dataStore';
import { useDemandStore } from './demandStore';
import { NETWORK_OPTIONS, networkMismatch, useNetworkStore } from './networkStore';

export type CoverageFiles = Record<string, string>;

let memo: { key: unknown[]; files: Promise<CoverageFiles> } | null = null;
const sameKey = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Whether an export can be made now, and in which model. */
export function exportReadiness(): { ok: true; network: boolean } | { ok: false; reason: 'waiting' | 'network-mismatch' } {
  const n = useNetworkStore.getState();
  const a = useAnalysisStore.getState();
  if (n.model === 'network') {
    if (networkMismatch(n)) return { ok: false, reason: 'network-mismatch' };
    if (n.status !== 'ready' || !n.graph) return { ok: false, reason: 'waiting' };
    return { ok: true, network: true };
  }
  if (!a.baseline || a.baseline.engine.walkModel === 'network') return { ok: false, reason: 'waiting' };
  return { ok: true, network: false };
}

/** The files for the current figures; rejects when nothing can be exported yet. */
export function coverageFiles(onStage: (stage: string) => void = () => undefined): Promise<CoverageFiles> {
  const ready = exportReadiness();
  if (!ready.ok) return Promise.reject(new Error(ready.reason));
  const data = useDataStore.getState();
  const units = data.units?.features ?? [];
  const demand = useDemandStore.getState().demand;
  const params = useAnalysisStore.getState().params;
  if (ready.network) {
    const graph = useNetworkStore.getState().graph;
    const key = ['network', data.categories, units, data.facilities, graph, params, demand];
    if (memo && sameKey(memo.key, key)) return memo.files;
    const files = runNetworkExport({
      categories: data.categories,
      units,
      graph: graph as NonNullable<typeof graph>,
      facilities: data.facilities.map((f) => ({ id: f.id, name: f.name, lng: f.lng, lat: f.lat, categories: f.categories })),
      params,
      trimM: NETWORK_OPTIONS.trimM,
      accessM: NETWORK_OPTIONS.accessM,
      demand: demand ? demand.points.map((p) => ({ lng: p.lng, lat: p.lat, population: p.population })) : null,
    }, onStage).then((f) => ({ ...f }) as CoverageFiles);
    memo = { key, files };
    files.catch(() => {
      if (memo?.files === files) memo = null;
    });
    return files;
  }
  const r = useAnalysisStore.getState().baseline;
  if (!r) return Promise.reject(new Error('waiting'));
  return Promise.resolve({
    'coverage-units.csv': toCsv(unitRows(r, units, data.categories)),
    'coverage-districts.csv': toCsv(groupRows(r, data.categories)),
    'coverage-units.geojson': JSON.stringify(unitFeatureCollection(r, units)),
  });
}
