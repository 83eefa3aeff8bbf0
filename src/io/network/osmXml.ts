/**
 * OpenStreetMap XML (.osm) read with saxes, a streaming XML parser: the file is decoded and
 * fed in chunks, so progress can be reported and a worker can stop between chunks.
 */
import { SaxesParser } from 'saxes';
import type { Crs } from '../importTypes';
import { NetworkFileError, RawNetworkBuilder, type RawNetwork } from './rawNetwork';

const CHUNK = 1 << 20;

/** Parse step by step: yields the fraction read after each chunk, returns the raw network. */
export function* osmXmlSteps(bytes: Uint8Array, crs: Crs = 'wgs84'): Generator<number, RawNetwork, void> {
  const b = new RawNetworkBuilder('osm-xml', crs);
  const parser = new SaxesParser({ xmlns: false, position: false });
  let wayRefs: number[] | null = null;
  let tags: Record<string, string> = {};
  let inNode = false;
  let sawOsm = false;
  let error: Error | null = null;
  parser.on('error', (e) => {
    if (!error) error = e;
  });
  parser.on('opentag', (node) => {
    const a = node.attributes as Record<string, string>;
    switch (node.name) {
      case 'osm':
        sawOsm = true;
        break;
      case 'bounds':
        b.setBounds(Number(a.minlon), Number(a.minlat), Number(a.maxlon), Number(a.maxlat));
        break;
      case 'node':
        b.elements++;
        b.addNode(Number(a.id), Number(a.lon), Number(a.lat));
        inNode = true;
        break;
      case 'way':
        b.elements++;
        wayRefs = [];
        tags = {};
        break;
      case 'nd':
        if (wayRefs) wayRefs.push(Number(a.ref));
        break;
      case 'tag':
        if (wayRefs && !inNode) tags[a.k] = a.v;
        break;
    }
  });
  parser.on('closetag', (node) => {
    if (node.name === 'way' && wayRefs) {
      b.addOsmWay(wayRefs, tags);
      wayRefs = null;
    } else if (node.name === 'node') inNode = false;
  });
  const decoder = new TextDecoder('utf-8');
  for (let off = 0; off < bytes.length; off += CHUNK) {
    const end = Math.min(bytes.length, off + CHUNK);
    parser.write(decoder.decode(bytes.subarray(off, end), { stream: end < bytes.length }));
    if (error) throw new NetworkFileError('bad-xml', `the OSM XML file is not well-formed: ${(error as Error).message}`);
    yield end / bytes.length;
  }
  parser.close();
  if (error) throw new NetworkFileError('bad-xml', `the OSM XML file is not well-formed: ${(error as Error).message}`);
  if (!sawOsm) throw new NetworkFileError('bad-xml', 'not an OSM XML file (no <osm> element)');
  return b.finish();
}
