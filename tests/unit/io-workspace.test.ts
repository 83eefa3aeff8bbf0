import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Category, Facility, UnitCollection } from '../../src/domain/types';
import { clearWorkspaceLocally, loadWorkspaceLocally, saveWorkspaceLocally } from '../../src/io/persistence';
import { makeWorkspace, readWorkspace, validateWorkspace, workspaceToJson, WORKSPACE_VERSION } from '../../src/io/workspace';

const root = resolve(__dirname, '../..');
const categoryIds = (JSON.parse(readFileSync(resolve(root, 'geodata/categories.json'), 'utf8')).categories as Category[]).map((c) => c.id);

const facility = (id: string, extra: Partial<Facility> = {}): Facility => ({
  id, name: `设施${id}`, type: 'liuyiting', categories: ['sports'], status: 'open', district: '310107', lng: 121.41, lat: 31.24, source: 'a.csv 2026-11-28 10:00', synthetic: false, ...extra,
});
const units: UnitCollection = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { id: '310107005', name: '曹杨新村街道', district: '310107', area_km2: 2.1, pop_est: 91000, pop_source: 'imported' }, geometry: { type: 'Polygon', coordinates: [[[121.4, 31.2], [121.41, 31.2], [121.41, 31.21], [121.4, 31.2]]] } }],
};

function sample() {
  return makeWorkspace(
    {
      demoIncluded: false,
      facilities: [facility('1'), facility('2', { name: '<img src=x onerror=alert(1)>' }), facility('demo', { synthetic: true })],
      datasets: [{ label: 'a.csv 2026-11-28 10:00', count: 2 }],
      units: { label: '街镇.geojson', collection: units },
      demand: { label: '小区.csv', points: [{ lng: 121.41, lat: 31.24, population: 5200, name: '曹杨一村' }] },
    },
    new Date('2026-11-28T10:00:00Z'),
  );
}

describe('workspace file', () => {
  it('round-trips through JSON and leaves synthetic facilities out', () => {
    const ws = sample();
    expect(ws.facilities.map((f) => f.id)).toEqual(['1', '2']);
    const back = readWorkspace(workspaceToJson(ws), categoryIds);
    expect(back).toEqual({ ok: true, workspace: ws });
  });

  it('says where a file is wrong', () => {
    const ws = JSON.parse(workspaceToJson(sample()));
    ws.facilities[1].lng = 'east';
    ws.facilities[0].categories = ['no-such'];
    ws.units.collection.features[0].properties.pop_est = -1;
    ws.demand.points[0].lat = 40;
    const r = validateWorkspace(ws, categoryIds);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        'facilities[0].categories: unknown category "no-such"',
        'facilities[1].lng/lat: not numbers',
        'units.collection.features[0].properties.pop_est: not a non-negative number',
        'demand.points[0]: outside Shanghai',
      ]);
  });

  it('refuses other files, newer versions and broken JSON', () => {
    expect(readWorkspace('{"type":"FeatureCollection"}')).toMatchObject({ ok: false });
    const newer = { ...sample(), version: WORKSPACE_VERSION + 1 };
    const r = validateWorkspace(newer);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toContain('newer version');
    expect(readWorkspace('{"format": ')).toMatchObject({ ok: false });
  });

  it('rejects duplicate ids and synthetic facilities smuggled in', () => {
    const ws = JSON.parse(workspaceToJson(sample()));
    ws.facilities.push({ ...ws.facilities[0] });
    ws.facilities[1].synthetic = true;
    const r = validateWorkspace(ws);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('facilities[2].id: duplicate id "1"');
      expect(r.errors).toContain('facilities[1].synthetic: must be false (synthetic data is not saved)');
    }
  });

  it('caps the error list for a badly broken file', () => {
    const ws = JSON.parse(workspaceToJson(sample()));
    ws.facilities = Array.from({ length: 500 }, () => ({}));
    const r = validateWorkspace(ws);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.length).toBe(20);
  });
});

describe('persistence (IndexedDB via idb-keyval; fake-indexeddb here)', () => {
  it('saves, loads (validated) and clears', async () => {
    await clearWorkspaceLocally();
    expect(await loadWorkspaceLocally()).toEqual({ status: 'none' });
    const ws = sample();
    await saveWorkspaceLocally(ws);
    expect(await loadWorkspaceLocally(categoryIds)).toEqual({ status: 'ok', workspace: ws });
    await clearWorkspaceLocally();
    expect(await loadWorkspaceLocally()).toEqual({ status: 'none' });
  });

  it('reports a damaged record instead of loading it', async () => {
    const ws = { ...sample(), facilities: [{ id: 1 }] } as unknown as ReturnType<typeof sample>;
    await saveWorkspaceLocally(ws);
    const r = await loadWorkspaceLocally();
    expect(r.status).toBe('invalid');
    await clearWorkspaceLocally();
  });
});

describe('workspace ranges and units (issue 14 item 14)', () => {
  it('refuses negative counts, duplicate unit ids, absurd populations and units outside Shanghai', () => {
    const ws = JSON.parse(workspaceToJson(sample()));
    ws.datasets[0].count = -3;
    ws.units.collection.features.push(JSON.parse(JSON.stringify(ws.units.collection.features[0])));
    ws.demand.points[0].population = 1e300;
    const r = validateWorkspace(ws, categoryIds);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContain('datasets[0].count: not a count (got -3)');
      expect(r.errors.some((e) => /^units\.collection\.features\[1\]: duplicate id/.test(e))).toBe(true);
      expect(r.errors.some((e) => /^demand\.points\[0\]\.population: more than/.test(e))).toBe(true);
    }
    const far = JSON.parse(workspaceToJson(sample()));
    far.units.collection.features[0].properties.pop_est = 1e300;
    far.units.collection.features[0].geometry.coordinates[0][1] = [2.35, 48.85];
    const f = validateWorkspace(far, categoryIds);
    expect(f.ok).toBe(false);
    if (!f.ok) expect(f.errors[0]).toMatch(/^units\.collection\.features\[0\]: outside Shanghai's extent/);
    const pop = JSON.parse(workspaceToJson(sample()));
    pop.units.collection.features[0].properties.pop_est = 1e300;
    const p = validateWorkspace(pop, categoryIds);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.errors[0]).toMatch(/^units\.collection\.features\[0\]: population is not a plausible count/);
  });
});
