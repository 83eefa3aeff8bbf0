/**
 * Street-network options and loading shared by `analyze --network`, `report --network` and
 * `isochrone`: the file through the app's parsers (src/io/network), the graph, and the import
 * report lines; for the coverage runs also the option conflicts and the units.
 */
import { basename } from 'node:path';
import { buildGraph, type NetworkGraph } from '../../src/geo/network/graph';
import type { Crs } from '../../src/io/importTypes';
import { parseNetworkFile } from '../../src/io/network/parseNetwork';
import { NetworkFileError } from '../../src/io/network/rawNetwork';
import { WAY_RULES } from '../../src/io/network/walkRules';
import type { WalkMode } from '../../src/domain/walk';
import { CliError, usage, type CliIo } from './cli';
import { numberIn, oneOf, option, text } from './cliArgs';
import { loadUnits, readInputBytes, userPath, type LoadedUnits } from './cliInput';

export const NETWORK_OPTIONS = {
  network: option('<file>', 'street network (.osm, .osm.pbf, GeoJSON or zipped Shapefile centre lines): network walking model', text),
  networkCrs: option('wgs84|gcj02|bd09', 'coordinate system of GeoJSON/Shapefile centre lines (default wgs84; OSM is always WGS84)', oneOf(['wgs84', 'gcj02', 'bd09'] as const)),
  trim: option('<m>', 'network mode: how far from the reached network a place may be, 0 to 500 m (default 100)', numberIn(0, 500)),
  access: option('<m>', 'network mode: facilities farther than this from any walkable edge are not linked, 1 to 2000 m (default 200)', numberIn(1, 2000)),
};

export interface LoadedNetwork {
  graph: NetworkGraph;
  lines: string[];
  parseMs: number;
  buildMs: number;
}

export async function loadNetwork(io: CliIo, arg: string, crs: Crs | undefined): Promise<LoadedNetwork> {
  const bytes = readInputBytes(userPath(io, arg), arg);
  const t0 = performance.now();
  let raw: Awaited<ReturnType<typeof parseNetworkFile>>;
  try {
    raw = await parseNetworkFile(basename(arg), bytes, { crs: crs ?? 'wgs84' });
  } catch (e) {
    if (e instanceof NetworkFileError) throw new CliError(arg, e.message);
    throw e;
  }
  const t1 = performance.now();
  const graph = buildGraph(raw);
  const t2 = performance.now();
  const s = graph.stats;
  const dropped = WAY_RULES.filter((r) => !r.keep && s.ruleCounts[r.id]).map((r) => `${r.id} ${s.ruleCounts[r.id]}`).join(', ');
  const [a, b, c, d] = graph.extent;
  const lines = [
    `${basename(arg)}: ${s.format}, ${s.crs}${s.crs !== 'wgs84' ? ' converted to WGS84' : ''}; ${s.nodes} nodes, ${s.edges} edges, ${s.walkableKm.toFixed(1)} km walkable; ` +
      `${s.components} connected components (largest holds ${(100 * s.largestComponentShare).toFixed(1)} % of the length)`,
    `  ways kept ${s.waysKept}, dropped ${s.waysDropped}${dropped ? ` (${dropped})` : ''}; extent ${a.toFixed(5)},${b.toFixed(5)} – ${c.toFixed(5)},${d.toFixed(5)}${graph.extentFromFile ? ' (file bounds)' : ' (lines\' bounding box)'}`,
  ];
  if (s.edges === 0) throw new CliError(arg, 'no walkable edge after the rules');
  return { graph, lines, parseMs: t1 - t0, buildMs: t2 - t1 };
}

/** The options of a coverage run (analyze, report) that bear on the walk model. */
interface CoverageRunOptions {
  network?: string;
  networkCrs?: Crs;
  trim?: number;
  access?: number;
  detour?: number;
  demand?: string;
  units?: string;
}

/** Refuses the combinations the network model has no meaning for, and network options without a network. */
export function checkNetworkOptions(args: CoverageRunOptions, mode: WalkMode): void {
  if (args.network && mode === 'standard') throw usage('--mode', 'standard radii are straight-line; leave --mode out with --network');
  if (args.network && args.detour !== undefined) throw usage('--detour', 'has no meaning with --network (the network is the detour)');
  if (!args.network && (args.trim !== undefined || args.access !== undefined || args.networkCrs !== undefined)) {
    throw usage(args.trim !== undefined ? '--trim' : args.access !== undefined ? '--access' : '--network-crs', 'needs --network <file>');
  }
}

/** The network (when given) and the units a coverage run starts from, each with its report lines printed. */
export async function loadNetworkAndUnits(io: CliIo, args: CoverageRunOptions): Promise<{ net: LoadedNetwork | null; units: LoadedUnits }> {
  const net = args.network ? await loadNetwork(io, args.network, args.networkCrs) : null;
  if (net) for (const l of net.lines) io.out(l);
  const units = loadUnits(io, args.units);
  for (const l of units.lines) io.out(l);
  return { net, units };
}
