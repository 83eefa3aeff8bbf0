// Loading a network file through the store (the import task runs in-thread where Worker does not
// exist): the shipped extract becomes the loaded network with its report; a broken file is an
// error with the parser's reason, and nothing is replaced.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNetwork, useNetworkStore } from '../../src/state/networkStore';

const bytesOf = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('network store', () => {
  it('loads a file, then keeps it when a broken file is offered', async () => {
    const ok = await loadNetwork(bytesOf(readFileSync('geodata/renminguangchang-drive-2026.osm')), 'mine.osm', 'wgs84', false);
    expect(ok).toBe(true);
    const s = useNetworkStore.getState();
    expect(s.status).toBe('ready');
    expect(s.report?.nodes).toBe(699);
    expect(s.report?.fileName).toBe('mine.osm');
    const graph = s.graph;
    const bad = new TextEncoder().encode('<osm><node id="1"></osm>');
    expect(await loadNetwork(bad.buffer as ArrayBuffer, 'bad.osm', 'wgs84', false)).toBe(false);
    const after = useNetworkStore.getState();
    expect(after.status).toBe('ready'); // the loaded network stays in use
    expect(after.error).toMatch(/bad\\.osm|xml|XML/);
    expect(after.graph).toBe(graph);
  }, 60_000);
});
