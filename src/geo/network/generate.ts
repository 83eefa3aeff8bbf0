/**
 * A synthetic street grid (benchmarks and checks only; says so wherever used): side × side
 * nodes spaced about spacingM apart around 人民广场, jittered, with some edges dropped (blocks),
 * some one-way for walkers, and a bend vertex on every third edge.
 */
import { mulberry32 } from '../../domain/prng';
import type { RawNetwork } from '../../io/network/rawNetwork';
import { buildGraph, type NetworkGraph } from './graph';

export interface GridSpec {
  side: number;
  spacingM: number;
  seed: number;
  oneWayShare?: number;
  dropShare?: number;
  jitterM?: number;
  /** south-west corner (default: a square centred on 121.4737 E, 31.2304 N) */
  origin?: [number, number];
  /** whole rows and columns as ways (split only at gaps), like real long streets */
  longWays?: boolean;
}

export function generateStreetRaw(spec: GridSpec): RawNetwork {
  const { side, spacingM } = spec;
  const rnd = mulberry32(spec.seed);
  const mPerDegLat = 111_195;
  const lat0 = spec.origin?.[1] ?? 31.2304 - (side * spacingM) / 2 / mPerDegLat;
  const mPerDegLng = mPerDegLat * Math.cos((lat0 * Math.PI) / 180);
  const lng0 = spec.origin?.[0] ?? 121.4737 - (side * spacingM) / 2 / mPerDegLng;
  const jit = spec.jitterM ?? 0;
  const lngs: number[] = [], lats: number[] = [];
  for (let j = 0; j < side; j++) for (let i = 0; i < side; i++) {
    lngs.push(lng0 + (i * spacingM + (rnd() - 0.5) * 2 * jit) / mPerDegLng);
    lats.push(lat0 + (j * spacingM + (rnd() - 0.5) * 2 * jit) / mPerDegLat);
  }
  const wayStart = [0], wayNodes: number[] = [], wayDir: number[] = [];
  if (spec.longWays) {
    // rows and columns as ways; a gap ends the way; bends become vertices of the way
    const street = (nodes: number[]) => {
      let run: number[] = [];
      const flush = () => {
        if (run.length >= 2) {
          for (const v of run) wayNodes.push(v);
          wayStart.push(wayNodes.length);
          const r = rnd();
          const ow = spec.oneWayShare ?? 0;
          wayDir.push(r < ow / 2 ? 1 : r < ow ? -1 : 0);
        }
        run = [];
      };
      for (let k = 0; k < nodes.length; k++) {
        if (k > 0 && rnd() < (spec.dropShare ?? 0)) {
          flush();
        } else if (k > 0 && rnd() < 1 / 3) {
          const a = nodes[k - 1], b = nodes[k];
          lngs.push((lngs[a] + lngs[b]) / 2 + ((rnd() - 0.5) * 10) / mPerDegLng);
          lats.push((lats[a] + lats[b]) / 2 + ((rnd() - 0.5) * 10) / mPerDegLat);
          run.push(lngs.length - 1);
        }
        run.push(nodes[k]);
      }
      flush();
    };
    for (let j = 0; j < side; j++) street(Array.from({ length: side }, (_, i) => j * side + i));
    for (let i = 0; i < side; i++) street(Array.from({ length: side }, (_, j) => j * side + i));
    return {
      format: 'osm-xml', crs: 'wgs84',
      lng: Float64Array.from(lngs), lat: Float64Array.from(lats),
      wayStart: Int32Array.from(wayStart), wayNodes: Int32Array.from(wayNodes), wayDir: Int8Array.from(wayDir),
      ruleCounts: { 'highway-walkable': wayDir.length }, missingNodeRefs: 0, bounds: null, elementsRead: wayDir.length,
    };
  }
  const add = (a: number, b: number) => {
    if (rnd() < (spec.dropShare ?? 0)) return;
    wayNodes.push(a);
    if (rnd() < 1 / 3) {
      // a bend vertex used by this way only
      lngs.push((lngs[a] + lngs[b]) / 2 + ((rnd() - 0.5) * 10) / mPerDegLng);
      lats.push((lats[a] + lats[b]) / 2 + ((rnd() - 0.5) * 10) / mPerDegLat);
      wayNodes.push(lngs.length - 1);
    }
    wayNodes.push(b);
    wayStart.push(wayNodes.length);
    const r = rnd();
    const ow = spec.oneWayShare ?? 0;
    wayDir.push(r < ow / 2 ? 1 : r < ow ? -1 : 0);
  };
  for (let j = 0; j < side; j++) for (let i = 0; i < side; i++) {
    const a = j * side + i;
    if (i + 1 < side) add(a, a + 1);
    if (j + 1 < side) add(a, a + side);
  }
  return {
    format: 'osm-xml', crs: 'wgs84',
    lng: Float64Array.from(lngs), lat: Float64Array.from(lats),
    wayStart: Int32Array.from(wayStart), wayNodes: Int32Array.from(wayNodes), wayDir: Int8Array.from(wayDir),
    ruleCounts: { 'highway-walkable': wayDir.length }, missingNodeRefs: 0, bounds: null, elementsRead: wayDir.length,
  };
}

export function generateStreetGrid(spec: GridSpec): NetworkGraph {
  return buildGraph(generateStreetRaw(spec));
}
