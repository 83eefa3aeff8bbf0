/**
 * Network isochrones from one place, as GeoJSON polygons (the residents' view's model).
 *
 *   npm run isochrone -- --at <lng,lat> --network <file> --out <file.geojson> [--minutes 5,10,15] [--persona adult|elderly|caregiver] [--speed km/h] [--trim 100] [--access 200] [--network-crs wgs84|gcj02|bd09] [--crs wgs84|gcj02|bd09]
 *
 * --crs is the system of --at (default wgs84; AMap/Tencent points are gcj02). Every failure is one
 * line `isochrone: <subject>: <reason>` and a non-zero exit (scripts/lib/cli.ts).
 */
import { writeFileSync } from 'node:fs';
import { personaById, type PersonaId } from '../src/domain/walk';
import { NetworkModel } from '../src/geo/network/networkModel';
import { networkIsochrones } from '../src/geo/network/isochrone';
import { projectionForBbox } from '../src/geo/projection';
import { toWgs84 } from '../src/io/crs';
import { CliError, isMain, reasonOf, runCli, usage, type CliIo } from './lib/cli';
import { numberIn, oneOf, option, optionHelp, parseOptions, text } from './lib/cliArgs';
import { userPath } from './lib/cliInput';
import { loadNetwork, NETWORK_OPTIONS } from './lib/cliNetwork';

const SPEC = {
  at: option('<lng,lat>', 'the place', text),
  crs: option('wgs84|gcj02|bd09', 'coordinate system of --at (default wgs84)', oneOf(['wgs84', 'gcj02', 'bd09'] as const)),
  minutes: option('<N,N,…>', 'walking minutes, 1 to 60 each (default 5,10,15)', text),
  persona: option('adult|elderly|caregiver', 'walking persona (speed)', oneOf(['adult', 'elderly', 'caregiver'] as const)),
  speed: option('<km/h>', 'walking speed, above 0 up to 20', numberIn(0, 20, { minExclusive: true })),
  ...NETWORK_OPTIONS,
  out: option('<file.geojson>', 'output file', text),
};

const USAGE = ['usage: npm run isochrone -- --at <lng,lat> --network <file> --out <file.geojson> [options]', ...optionHelp(SPEC), '  --debug  print the stack trace of a failure'].join('\n');

export async function isochrone(argv: string[], io: CliIo): Promise<number> {
  const args = parseOptions(argv, SPEC);
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  if (!args.at) throw usage('--at', 'is required (see --help)');
  if (!args.network) throw usage('--network', 'is required (see --help)');
  if (!args.out) throw usage('--out', 'is required (see --help)');
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(args.at);
  if (!m) throw usage('--at', `must be lng,lat in degrees (got "${args.at}")`);
  let lng = Number(m[1]), lat = Number(m[2]);
  if (Math.abs(lng) > 180 || Math.abs(lat) > 90) throw usage('--at', `is not a position (got ${lng},${lat})`);
  if (lng < 60 && lat > 60) throw usage('--at', `looks like lat,lng; give lng,lat (got ${args.at})`);
  [lng, lat] = toWgs84(lng, lat, args.crs ?? 'wgs84');
  const minutes = (args.minutes ?? '5,10,15').split(',').map((s) => Number(s.trim()));
  if (minutes.some((v) => !(v >= 1 && v <= 60))) throw usage('--minutes', `each value must be 1 to 60 (got "${args.minutes}")`);
  const speed = args.speed ?? personaById((args.persona ?? 'adult') as PersonaId)?.speedKmh ?? 4.5;
  const net = await loadNetwork(io, args.network, args.networkCrs);
  for (const l of net.lines) io.out(l);
  const [a, b, c, d] = net.graph.extent;
  if (lng < a - 0.01 || lng > c + 0.01 || lat < b - 0.01 || lat > d + 0.01) {
    throw new CliError('--at', `${lng.toFixed(5)},${lat.toFixed(5)} is outside the network's extent (${a.toFixed(4)},${b.toFixed(4)} – ${c.toFixed(4)},${d.toFixed(4)})`);
  }
  const proj = projectionForBbox(a, b, c, d);
  const h = 125;
  const [x0, y0] = proj.forward(a, b), [x1, y1] = proj.forward(c, d);
  const gx0 = Math.floor(Math.min(x0, x1) / h) * h - 4 * h, gy0 = Math.floor(Math.min(y0, y1) / h) * h - 4 * h;
  const frame = { projection: proj, cellSize: h, gx0, gy0, nx: Math.ceil((Math.abs(x1 - x0) + 8 * h) / h) + 1, ny: Math.ceil((Math.abs(y1 - y0) + 8 * h) / h) + 1 };
  const model = new NetworkModel(net.graph, frame);
  const trimM = args.trim ?? 100, accessM = args.access ?? 200;
  const res = networkIsochrones(model, lng, lat, minutes, speed, { trimM, accessM });
  if (!res.ok) {
    throw new CliError('--at', `no walkable edge within ${accessM} m of the place${res.nearestM !== null ? ` (nearest ${res.nearestM.toFixed(0)} m; raise --access)` : ''}`);
  }
  const fc = {
    ...res.collection,
    metadata: {
      at: [lng, lat], speedKmh: speed, persona: args.speed !== undefined ? 'custom' : args.persona ?? 'adult', trimM, accessM, accessLegM: Number(res.accessM.toFixed(1)),
      network: args.network, networkStats: net.graph.stats,
      model: 'network walking model (README "Street network"): access leg to the nearest walkable edge, then the network; places within the trim of a reached network point',
      attribution: '© OpenStreetMap contributors, ODbL 1.0 (when the network comes from OpenStreetMap)',
    },
  };
  try {
    writeFileSync(userPath(io, args.out), JSON.stringify(fc));
  } catch (e) {
    throw new CliError(args.out, `cannot write: ${reasonOf(e)}`);
  }
  io.out(`${res.collection.features.map((f) => `${f.properties.minutes} min ${f.properties.area_km2} km²`).join(', ')} at ${speed} km/h (access leg ${res.accessM.toFixed(0)} m); ${res.ms.toFixed(0)} ms; wrote ${args.out}`);
  return 0;
}

if (isMain(import.meta.url)) runCli('isochrone', isochrone);
