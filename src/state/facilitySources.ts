/**
 * The facility sources the user sees and switches: OpenStreetMap (real, incomplete), the
 * synthetic 人民坊/六艺亭 (on by default: their real positions are not public), the synthetic
 * embedded facilities (opt-in), and imports. The data store's `facilities` is always the
 * union of the enabled sources; this module keeps the shipped sets so a source can come back.
 */
import type { Facility } from '../domain/types';
import { useDataStore, type DatasetInfo } from './dataStore';
import { pick, type Lang } from '../domain/lang';

export type ShippedSourceId = 'osm' | 'demo-hubs' | 'demo-embedded';
export const SHIPPED_SOURCE_IDS: readonly ShippedSourceId[] = ['osm', 'demo-hubs', 'demo-embedded'];
/** what a newcomer sees */
export const DEFAULT_SOURCES: readonly ShippedSourceId[] = ['osm', 'demo-hubs'];

export const SHIPPED_LABELS: Record<ShippedSourceId, string> = {
  osm: 'OpenStreetMap',
  'demo-hubs': '示例人民坊/六艺亭 (synthetic)',
  'demo-embedded': '示例嵌入式设施 (synthetic)',
};

/** Which source a facility belongs to: a shipped source id, or its import label. */
export function sourceOf(f: Facility): string {
  if (f.osm) return 'osm';
  if (f.synthetic && !f.trial) return f.type === 'embedded' ? 'demo-embedded' : 'demo-hubs';
  return f.source;
}

let shipped: Record<ShippedSourceId, Facility[]> = { osm: [], 'demo-hubs': [], 'demo-embedded': [] };
let osmLabel = 'OpenStreetMap';

/** Register the shipped sets once they are loaded. */
export function registerShipped(osm: Facility[], demo: Facility[], osmSourceLabel: string): void {
  shipped = {
    osm,
    'demo-hubs': demo.filter((f) => f.type !== 'embedded'),
    'demo-embedded': demo.filter((f) => f.type === 'embedded'),
  };
  osmLabel = osmSourceLabel;
}

export function shippedFacilities(id: ShippedSourceId): readonly Facility[] {
  return shipped[id];
}

export function shippedDataset(id: ShippedSourceId): DatasetInfo {
  return {
    id,
    label: id === 'osm' ? osmLabel : SHIPPED_LABELS[id],
    synthetic: id !== 'osm',
    count: shipped[id].length,
  };
}

/** The facilities and datasets of the given shipped sources (in SHIPPED_SOURCE_IDS order). */
export function shippedSelection(ids: readonly ShippedSourceId[]): { facilities: Facility[]; datasets: DatasetInfo[] } {
  const on = SHIPPED_SOURCE_IDS.filter((id) => ids.includes(id));
  return { facilities: on.flatMap((id) => shipped[id]), datasets: on.map(shippedDataset) };
}

/** Shipped sources currently shown. */
export function enabledShipped(datasets: readonly DatasetInfo[]): ShippedSourceId[] {
  return SHIPPED_SOURCE_IDS.filter((id) => datasets.some((d) => d.id === id));
}

/** Show or hide one shipped source; imports and the other sources stay as they are. */
export function setShippedSource(id: ShippedSourceId, enabled: boolean): void {
  const s = useDataStore.getState();
  const others = s.facilities.filter((f) => sourceOf(f) !== id);
  const otherSets = s.datasets.filter((d) => d.id !== id);
  if (!enabled) {
    s.setFacilities(others, otherSets);
    return;
  }
  // keep shipped sources first, in their fixed order, then imports
  const ids = new Set([...enabledShipped(s.datasets), id]);
  const shippedOn = SHIPPED_SOURCE_IDS.filter((x) => ids.has(x));
  const imports = s.facilities.filter((f) => !SHIPPED_SOURCE_IDS.includes(sourceOf(f) as ShippedSourceId));
  const importSets = s.datasets.filter((d) => !d.id || !SHIPPED_SOURCE_IDS.includes(d.id as ShippedSourceId));
  const sel = shippedSelection(shippedOn);
  s.setFacilities([...sel.facilities, ...imports], [...sel.datasets, ...importSets]);
}

/** Facility counts per category for one source's facilities. */
export function countByCategory(facilities: readonly Facility[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of facilities) for (const c of f.categories) out[c] = (out[c] ?? 0) + 1;
  return out;
}

/**
 * One line naming the sources a result was computed from, e.g.
 * "OpenStreetMap 2026-05-19 (ODbL) 42,123 · 示例人民坊/六艺亭 (synthetic) 109 (simulated)".
 */
export function describeSources(datasets: readonly DatasetInfo[], lang: Lang): string {
  if (datasets.length === 0) return pick(lang, { zh: '无设施数据', en: 'no facility data' });
  const sim = pick(lang, { zh: '模拟', en: 'simulated' });
  return datasets.map((d) => `${d.label} ${d.count.toLocaleString('en-US')}${d.synthetic ? ` (${sim})` : ''}`).join(' · ');
}
