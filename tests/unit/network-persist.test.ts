// The user's street network survives a reload (issue 10 item 1): the file's bytes are kept in
// IndexedDB (fake-indexeddb here), checked when read back (shape, size, SHA-256: node:crypto is
// the independent hash), and imported again into the same report; a workspace file names the
// network it used and, when another one is loaded, network figures wait for it. A failed write
// is reported, never "kept".
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkStoredNetwork, networkRefErrors, sameNetwork, sha256Hex, type NetworkRef } from '../../src/io/networkRef';
import { clearNetworkLocally, loadNetworkLocally, resetPersistenceForTests, saveNetworkLocally } from '../../src/io/persistence';
import { makeWorkspace, validateWorkspace, workspaceToJson } from '../../src/io/workspace';
import { applyWorkspace, currentWorkspace } from '../../src/state/importActions';
import { loadNetwork, loadPreferredNetwork, networkMismatch, resetNetwork, setWantedNetwork, useNetworkStore } from '../../src/state/networkStore';

const SHIPPED = readFileSync('geodata/renminguangchang-drive-2026.osm');
const bytesOf = (b: Buffer | Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const hashOf = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

// a small user network: the shipped extract with its first 40 ways (a different file, a different hash)
function smallOsm(): Uint8Array {
  const text = SHIPPED.toString('utf8');
  const ways = [...text.matchAll(/<way [\s\S]*?<\/way>/g)].map((m) => m[0]);
  const head = text.slice(0, text.indexOf('<way '));
  return new TextEncoder().encode(`${head}${ways.slice(0, 40).join('\n')}\n</osm>\n`);
}

const initial = useNetworkStore.getState();
function freshStore() {
  // what a reload gives: nothing loaded, network mode on
  useNetworkStore.setState({ ...initial, model: 'network' }, true);
}

beforeEach(async () => {
  resetPersistenceForTests();
  await clearNetworkLocally();
  freshStore();
  // the shipped extract is fetched by URL in the app: here from disk
  vi.stubGlobal('fetch', async () => new Response(bytesOf(SHIPPED)));
});
afterEach(() => vi.unstubAllGlobals());

describe('network reference and record checks', () => {
  it('hashes like node:crypto and compares by hash and CRS', async () => {
    const small = smallOsm();
    expect(await sha256Hex(small)).toBe(hashOf(small));
    expect(await sha256Hex(bytesOf(SHIPPED))).toBe(hashOf(SHIPPED));
    const a: NetworkRef = { name: 'a.osm', size: small.byteLength, sha256: hashOf(small), source: 'file', crs: 'wgs84', extent: [121.46, 31.22, 121.49, 31.24] };
    expect(sameNetwork(a, { ...a, name: 'renamed.osm' })).toBe(true);
    expect(sameNetwork(a, { ...a, crs: 'gcj02' })).toBe(false);
    expect(sameNetwork(a, { ...a, sha256: hashOf(SHIPPED) })).toBe(false);
    expect(networkRefErrors(a, 'network')).toEqual([]);
    expect(networkRefErrors({ ...a, sha256: 'abc', crs: 'utm', extent: [1, 2, 0, 3], size: -1 }, 'network')).toEqual([
      'network.size: not a byte count',
      'network.sha256: not a SHA-256 (64 hex digits) or null',
      'network.crs: not one of wgs84, gcj02, bd09',
      'network.extent: not [west, south, east, north] in degrees',
    ]);
  });

  it('reports a damaged or foreign record instead of loading it', async () => {
    const small = smallOsm();
    const ref: NetworkRef = { name: 'a.osm', size: small.byteLength, sha256: hashOf(small), source: 'file', crs: 'wgs84', extent: [121.46, 31.22, 121.49, 31.24] };
    const good = { format: 'shenghuoquan-network', version: 1, savedAt: '2026-12-01T00:00:00Z', ref, bytes: bytesOf(small) };
    expect((await checkStoredNetwork(good)).ok).toBe(true);
    const flipped = new Uint8Array(small);
    flipped[100] ^= 1;
    const bad = await checkStoredNetwork({ ...good, bytes: bytesOf(flipped) });
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.errors[0]).toMatch(/SHA-256 .* differs .*damaged/);
    const short = await checkStoredNetwork({ ...good, bytes: bytesOf(small.slice(1)) });
    if (!short.ok) expect(short.errors[0]).toMatch(/bytes: \d+ bytes, the record says \d+/);
    expect(short.ok).toBe(false);
    expect(await checkStoredNetwork({ ...good, version: 9 })).toMatchObject({ ok: false });
    expect(await checkStoredNetwork('x')).toMatchObject({ ok: false });
    // in IndexedDB: a damaged record reads back as invalid, nothing loads
    await saveNetworkLocally({ ...good, bytes: bytesOf(flipped) } as never);
    expect((await loadNetworkLocally()).status).toBe('invalid');
  });

  it('the workspace file carries the reference and checks it', () => {
    const ref: NetworkRef = { name: 'a.osm', size: 10, sha256: 'a'.repeat(64), source: 'file', crs: 'gcj02', extent: [121.46, 31.22, 121.49, 31.24], format: 'osm-xml' };
    const ws = makeWorkspace({ demoIncluded: false, facilities: [], datasets: [], units: null, demand: null, network: ref });
    const back = validateWorkspace(JSON.parse(workspaceToJson(ws)));
    expect(back.ok && back.workspace.network).toEqual(ref);
    const broken = JSON.parse(workspaceToJson(ws));
    broken.network.sha256 = 'zz';
    const r = validateWorkspace(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContain('network.sha256: not a SHA-256 (64 hex digits) or null');
    // older files have no network field: still valid
    const old = JSON.parse(workspaceToJson(ws));
    delete old.network;
    expect(validateWorkspace(old).ok).toBe(true);
  });
});

describe('the user network across a reload', () => {
  it('keeps the file, brings it back with the same report after a reload, and forgets it on reset', async () => {
    const small = smallOsm();
    expect(await loadNetwork(bytesOf(small), 'mine.osm', 'wgs84', false)).toBe(true);
    const before = useNetworkStore.getState();
    expect(before.shipped).toBe(false);
    await vi.waitFor(() => expect(useNetworkStore.getState().save.state).toBe('saved'));
    expect(before.ref).toMatchObject({ name: 'mine.osm', size: small.byteLength, sha256: hashOf(small), source: 'file', crs: 'wgs84' });
    expect(currentWorkspace().network).toEqual(before.ref);
    const report = before.report!;
    expect(report.edges).toBeLessThan(909); // not the shipped extract

    freshStore(); // reload
    expect(await loadPreferredNetwork()).toBe(true);
    const after = useNetworkStore.getState();
    expect(after.shipped).toBe(false);
    expect(after.ref).toEqual(before.ref);
    expect(after.report).toEqual(report);
    expect(after.graph?.edgeCount).toBe(before.graph?.edgeCount);
    expect(after.save.state).toBe('saved');

    await resetNetwork();
    expect((await loadNetworkLocally()).status).toBe('none');
    freshStore();
    expect(await loadPreferredNetwork()).toBe(true);
    expect(useNetworkStore.getState().shipped).toBe(true);
    expect(useNetworkStore.getState().report?.edges).toBe(909);
  }, 60_000);

  it('a damaged record is a clear message and the shipped network loads instead', async () => {
    const small = smallOsm();
    const flipped = new Uint8Array(small);
    flipped[50] ^= 4;
    const ref: NetworkRef = { name: 'mine.osm', size: small.byteLength, sha256: hashOf(small), source: 'file', crs: 'wgs84', extent: [121.46, 31.22, 121.49, 31.24] };
    await saveNetworkLocally({ format: 'shenghuoquan-network', version: 1, savedAt: '2026-12-01T00:00:00Z', ref, bytes: bytesOf(flipped) });
    expect(await loadPreferredNetwork()).toBe(true);
    const s = useNetworkStore.getState();
    expect(s.restoreError).toMatch(/damaged/);
    expect(s.shipped).toBe(true);
  }, 60_000);

  it('a failed write says why and is never reported as kept', async () => {
    const idb = globalThis.indexedDB;
    // @ts-expect-error: a browser without IndexedDB
    delete globalThis.indexedDB;
    try {
      expect(await loadNetwork(bytesOf(smallOsm()), 'mine.osm', 'wgs84', false)).toBe(true);
      await vi.waitFor(() => expect(useNetworkStore.getState().save.state).toBe('failed'));
      expect(useNetworkStore.getState().save.error).toMatch(/IndexedDB is not available/);
    } finally {
      globalThis.indexedDB = idb;
    }
  }, 60_000);
});

describe('a workspace file naming a network', () => {
  it('holds network figures until that network is loaded; the wrong file is refused', async () => {
    expect(await loadNetwork(bytesOf(SHIPPED), 'renminguangchang-drive-2026.osm', 'wgs84', true)).toBe(true);
    const small = smallOsm();
    const wanted: NetworkRef = { name: 'mine.osm', size: small.byteLength, sha256: hashOf(small), source: 'file', crs: 'wgs84', extent: [121.46, 31.22, 121.49, 31.24] };
    const ws = makeWorkspace({ demoIncluded: false, facilities: [], datasets: [], units: null, demand: null, network: wanted });
    const { networkMissing } = applyWorkspace(ws, true);
    expect(networkMissing).toEqual(wanted);
    expect(networkMismatch(useNetworkStore.getState())).toEqual(wanted);
    // another file is refused, the loaded network stays
    const other = new Uint8Array(small);
    other[other.length - 2] = 0x20;
    expect(await loadNetwork(bytesOf(other), 'mine.osm', 'wgs84', false, { expect: wanted })).toBe(false);
    expect(useNetworkStore.getState().error).toMatch(/not the network the workspace names/);
    expect(useNetworkStore.getState().shipped).toBe(true);
    // the right one resolves it
    expect(await loadNetwork(bytesOf(small), 'renamed.osm', 'wgs84', false, { expect: wanted })).toBe(true);
    expect(networkMismatch(useNetworkStore.getState())).toBeNull();
    // a workspace without a network, or read back from this browser, asks for nothing
    setWantedNetwork(null);
    expect(applyWorkspace({ ...ws, network: { ...wanted, sha256: 'b'.repeat(64) } }, false).networkMissing).toBeNull();
    expect(networkMismatch(useNetworkStore.getState())).toBeNull();
  }, 60_000);
});
