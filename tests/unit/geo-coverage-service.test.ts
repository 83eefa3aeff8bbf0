// The worker's service through comlink over a MessageChannel (as between the page and the
// worker): progress, cancellation, stale answers dropped, edits, uncovered areas.
import { afterEach, describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Polygon } from 'geojson';
import { CoverageEngine } from '../../src/geo/coverageEngine';
import type { CoverageClient } from '../../src/worker/coverageClient';
import { serviceClient } from '../coverageHarness';
import { defaultWalkParams } from '../../src/domain/walk';
import type { Category, UnitFeature } from '../../src/domain/types';
import type { CoverageResult, EngineFacility, EngineProgress } from '../../src/geo/coverageTypes';

const CATS: Category[] = [
  { id: 'a', zh: 'A', en: 'A', color: '#000', minutes: 5, standardRadiusM: 300, standard: 't' },
  { id: 'b', zh: 'B', en: 'B', color: '#000', minutes: 15, standardRadiusM: 1000, standard: 't' },
];

function square(id: string, lng: number, lat: number, d: number): UnitFeature {
  const geometry: Polygon = { type: 'Polygon', coordinates: [[[lng, lat], [lng + d, lat], [lng + d, lat + d], [lng, lat + d], [lng, lat]]] };
  return { type: 'Feature', geometry, properties: { id, name: id, district: '310101', area_km2: 0, pop_est: 1000, pop_source: 'test' } };
}

const UNITS = [square('u1', 121.40, 31.20, 0.02), square('u2', 121.42, 31.20, 0.02), square('u3', 121.40, 31.22, 0.04)];

let clients: CoverageClient[] = [];
afterEach(() => {
  for (const c of clients) c.terminate();
  clients = [];
});

const REAL: EngineFacility[] = [
  { id: 'f1', lng: 121.41, lat: 31.21, categories: ['a', 'b'] },
  { id: 'f2', lng: 121.43, lat: 31.21, categories: ['b'] },
];

async function setup(): Promise<CoverageClient> {
  const client = serviceClient();
  clients.push(client);
  await client.init(CATS, { cellSize: 50 });
  await client.setUnits(UNITS);
  await client.setFacilities(REAL);
  return client;
}

describe('coverage service over comlink', () => {
  it('computes with progress and returns the figures', async () => {
    const client = await setup();
    const progress: EngineProgress[] = [];
    const answer = await client.compute(defaultWalkParams(), [], (p) => progress.push(p));
    expect(answer).not.toBeNull();
    const res = answer!.scenario;
    expect(answer!.baseline).toBe(res); // no trial sites: one result
    expect(res.unitIds).toEqual(['u1', 'u2', 'u3']);
    expect(res.coveredM2[0 * 3 + 0]).toBeGreaterThan(0);
    // let the progress proxies arrive
    await new Promise((r) => setTimeout(r, 20));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1].fraction).toBe(1);
  });

  it('a newer computation cancels the older one, whose promise resolves to null', async () => {
    const client = await setup();
    const first = client.compute(defaultWalkParams(), []);
    const second = client.compute({ ...defaultWalkParams(), speedKmh: 3.2 }, []);
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBeNull();
    expect(b?.scenario.params.speedKmh).toBe(3.2);
  });

  it('cancel() drops the running computation', async () => {
    const client = await setup();
    const p = client.compute(defaultWalkParams(), []);
    client.cancel();
    expect(await p).toBeNull();
  });

  it('edits answer with the updated figures', async () => {
    const client = await setup();
    const before = (await client.compute(defaultWalkParams(), []))!.scenario;
    const edit = await client.editFacility({ kind: 'upsert', facility: { id: 'f3', lng: 121.42, lat: 31.24, categories: ['a'] } });
    expect(edit).not.toBeNull();
    expect(edit!.stats!.cellsRecomputed).toBeGreaterThan(0);
    expect(edit!.scenario.coveredM2[2 * 3 + 0]).toBeGreaterThan(before.coveredM2[2 * 3 + 0]);
    const removed = await client.editFacility({ kind: 'remove', id: 'f3' });
    expect(removed!.scenario.coveredM2[2 * 3 + 0]).toBeCloseTo(before.coveredM2[2 * 3 + 0], 3);
  });

  it('uncovered areas: their area plus the covered area is the unit’s area', async () => {
    const client = await setup();
    const res = (await client.compute(defaultWalkParams(), []))!.scenario;
    const gaps = await client.uncovered('a');
    expect(gaps).not.toBeNull();
    const S = res.slots.length;
    for (const f of gaps!.features) {
      const u = res.unitIds.indexOf(f.properties.unit_id);
      const exactUncovered = res.unitAreaM2[u] - res.coveredM2[u * S + 0];
      // display geometry: within 3 % of the unit's area of the exact figure (sub-cells of 12.5 m)
      expect(Math.abs(turf.area(f) - exactUncovered) / res.unitAreaM2[u]).toBeLessThan(0.03);
    }
    // completeness gaps exist for every unit that is not fully complete
    const complete = await client.uncovered('complete');
    expect(complete!.features.length).toBeGreaterThan(0);
  });
});

// the reference: a separate engine computing everything from scratch
function fresh(facilities: EngineFacility[]): CoverageResult {
  const eng = new CoverageEngine(CATS, { cellSize: 50 });
  eng.setUnits(UNITS);
  eng.setFacilities(facilities);
  return eng.compute(defaultWalkParams());
}

function expectSameFigures(got: CoverageResult, want: CoverageResult) {
  expect(got.facilityCount).toBe(want.facilityCount);
  for (const key of ['coveredM2', 'popCovered'] as const) {
    expect(got[key].length).toBe(want[key].length);
    want[key].forEach((v, i) => expect(Math.abs(got[key][i] - v)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v))));
  }
  expect([...got.timeMedian]).toEqual([...want.timeMedian]);
}

describe('scenario: the loaded facilities with and without trial sites in one answer', () => {
  const T1: EngineFacility = { id: 'trial-t1', lng: 121.42, lat: 31.235, categories: ['a'] };
  const T2: EngineFacility = { id: 'trial-t2', lng: 121.405, lat: 31.25, categories: ['a', 'b'] };

  it('a full computation answers the baseline and the scenario, each equal to a computation from scratch', async () => {
    const client = await setup();
    const answer = (await client.compute(defaultWalkParams(), [T1, T2]))!;
    expect(answer.trials.map((t) => t.id)).toEqual(['trial-t1', 'trial-t2']);
    expect(answer.stats).toBeNull();
    expectSameFigures(answer.baseline, fresh(REAL));
    expectSameFigures(answer.scenario, fresh([...REAL, T1, T2]));
    expect(answer.scenario.coveredM2[2 * 3 + 0]).toBeGreaterThan(answer.baseline.coveredM2[2 * 3 + 0]);
  });

  it('trial sites added, moved and removed are incremental edits; the baseline stays', async () => {
    const client = await setup();
    const first = (await client.compute(defaultWalkParams(), []))!;
    const added = (await client.setTrials([T1]))!;
    expect(added.stats!.cellsRecomputed).toBeGreaterThan(0);
    expectSameFigures(added.baseline, first.baseline);
    expectSameFigures(added.scenario, fresh([...REAL, T1]));
    const moved = { ...T1, lng: 121.43, lat: 31.24 };
    const both = (await client.setTrials([moved, T2]))!;
    expect(both.trials).toEqual([moved, T2]);
    expectSameFigures(both.baseline, first.baseline);
    expectSameFigures(both.scenario, fresh([...REAL, moved, T2]));
    const none = (await client.setTrials([]))!;
    expect(none.scenario).toBe(none.baseline);
    expectSameFigures(none.scenario, first.baseline);
  });

  it('a loaded facility edited under trial sites renews the baseline and keeps the trial sites', async () => {
    const client = await setup();
    await client.compute(defaultWalkParams(), [T1]);
    const f3: EngineFacility = { id: 'f3', lng: 121.41, lat: 31.245, categories: ['b'] };
    const answer = (await client.editFacility({ kind: 'upsert', facility: f3 }))!;
    expect(answer.trials).toEqual([T1]);
    expectSameFigures(answer.baseline, fresh([...REAL, f3]));
    expectSameFigures(answer.scenario, fresh([...REAL, f3, T1]));
    // new parameters: the full computation starts from the loaded facilities again
    const again = (await client.compute(defaultWalkParams(), [T1]))!;
    expectSameFigures(again.baseline, fresh([...REAL, f3]));
    expectSameFigures(again.scenario, fresh([...REAL, f3, T1]));
  });

  it('edits before a finished computation answer null (the caller computes)', async () => {
    const client = await setup();
    expect(await client.setTrials([T1])).toBeNull();
    expect(await client.editFacility({ kind: 'remove', id: 'f1' })).toBeNull();
  });
});
