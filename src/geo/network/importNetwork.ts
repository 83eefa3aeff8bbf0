/**
 * A network import as the app's import worker runs it: parse, build the graph, and the
 * import report (the same figures the CLI prints). The result is structured-clone safe (typed
 * arrays and plain objects): it crosses the worker boundary and goes into IndexedDB as is.
 */
import type { Crs } from '../../io/importTypes';
import { parseNetworkFile, type ParseOptions } from '../../io/network/parseNetwork';
import { NetworkFileError } from '../../io/network/rawNetwork';
import { WAY_RULES, type RuleId } from '../../io/network/walkRules';
import { buildGraph, type NetworkGraph, type NetworkStats } from './graph';

export interface NetworkImportReport extends NetworkStats {
  fileName: string;
  extent: [number, number, number, number];
  extentFromFile: boolean;
  /** ways dropped, per rule, with the rule's text (zh, en) */
  dropped: { rule: RuleId; count: number; zh: string; en: string }[];
  /** '© OpenStreetMap contributors, ODbL 1.0' for OSM files, else null */
  attribution: string | null;
}

export type NetworkImportResult =
  | { ok: true; graph: NetworkGraph; report: NetworkImportReport }
  | { ok: false; code: NetworkFileError['code']; message: string };

export async function importNetwork(fileName: string, bytes: Uint8Array, opts: ParseOptions & { crs?: Crs } = {}): Promise<NetworkImportResult> {
  try {
    const raw = await parseNetworkFile(fileName, bytes, opts);
    const graph = buildGraph(raw);
    if (graph.edgeCount === 0) return { ok: false, code: 'no-lines', message: `"${fileName}" has no walkable edge` };
    const dropped = WAY_RULES.filter((r) => !r.keep && (graph.stats.ruleCounts[r.id] ?? 0) > 0)
      .map((r) => ({ rule: r.id, count: graph.stats.ruleCounts[r.id] ?? 0, zh: r.zh, en: r.en }));
    return {
      ok: true,
      graph,
      report: {
        ...graph.stats, fileName, extent: graph.extent, extentFromFile: graph.extentFromFile, dropped,
        attribution: raw.format === 'osm-xml' || raw.format === 'osm-pbf' ? '© OpenStreetMap contributors, ODbL 1.0' : null,
      },
    };
  } catch (e) {
    if (e instanceof NetworkFileError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}
