/**
 * OpenStreetMap PBF (.osm.pbf, BBBike / Geofabrik extracts) read with tiny-osmpbf (a
 * maintained decoder built on mapbox's pbf; no hand-rolled protobuf). It decodes the whole
 * buffer in one call, element by element into our builder.
 */
import tinyosmpbf from 'tiny-osmpbf';
import type { Crs } from '../importTypes';
import { NetworkFileError, RawNetworkBuilder, type RawNetwork } from './rawNetwork';

interface PbfElement {
  type: 'node' | 'way' | 'relation';
  id: number;
  lat?: number;
  lon?: number;
  nodes?: number[];
  tags?: Record<string, string>;
}

/**
 * tiny-osmpbf 0.1.0 calls Node's `new Buffer(…)` and assigns an undeclared global `pbf`
 * (which throws in a strict-mode bundle). In a browser or worker, give it both.
 */
function shimForBrowser(): void {
  const g = globalThis as Record<string, unknown>;
  if (!('pbf' in g)) g.pbf = undefined;
  if (typeof g.Buffer === 'undefined') {
    const utf8 = new TextDecoder('utf-8');
    class ByteBuffer extends Uint8Array {
      // only utf8 is asked for
      override toString(): string {
        return utf8.decode(this);
      }
    }
    g.Buffer = ByteBuffer;
  }
}

export function readOsmPbf(bytes: Uint8Array, crs: Crs = 'wgs84'): RawNetwork {
  shimForBrowser();
  const b = new RawNetworkBuilder('osm-pbf', crs);
  // ways may come before the nodes in unsorted files: keep them until the end
  const pending: PbfElement[] = [];
  let header: { bounds?: { minlon: number; minlat: number; maxlon: number; maxlat: number } } | undefined;
  try {
    const out = tinyosmpbf(bytes, (element: unknown) => {
      const el = element as PbfElement;
      b.elements++;
      if (el.type === 'node') b.addNode(el.id, Number(el.lon), Number(el.lat));
      else if (el.type === 'way') pending.push({ type: 'way', id: el.id, nodes: el.nodes, tags: el.tags });
    }) as { bounds?: { minlon: number; minlat: number; maxlon: number; maxlat: number } } | undefined;
    header = out;
  } catch (e) {
    throw new NetworkFileError('bad-pbf', `the .osm.pbf file could not be read: ${(e as Error).message}`);
  }
  const bb = header?.bounds;
  if (bb && [bb.minlon, bb.minlat, bb.maxlon, bb.maxlat].every(Number.isFinite)) b.setBounds(bb.minlon, bb.minlat, bb.maxlon, bb.maxlat);
  for (const w of pending) b.addOsmWay(w.nodes ?? [], w.tags ?? {});
  return b.finish();
}
