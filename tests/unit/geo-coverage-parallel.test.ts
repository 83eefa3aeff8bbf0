// A parallel computation with a helper engine in a real worker thread (as in the benchmark): the
// two threads take parts of the categories' blocks from one queue at the same time, so a category
// is often filled by both and summed by whichever filled its last part. The figures must equal a
// one-thread computation, on the shipped units of two districts and 16 categories.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngineThreads } from '../../bench/engineThreads';
import { generateFacilities } from '../../bench/facilityGen';
import { CoverageEngine, type EngineHelper, type PartResult } from '../../src/geo/coverageEngine';
import { defaultWalkParams } from '../../src/domain/walk';
import type { Category, UnitFeature } from '../../src/domain/types';
import type { CoverageResult } from '../../src/geo/coverageTypes';
import { createCoverageService, type CoverageHelper } from '../../src/geo/coverageService';

const categories = (JSON.parse(readFileSync('geodata/categories.json', 'utf8')) as { categories: Category[] }).categories;
const allUnits = (JSON.parse(readFileSync('geodata/units.geojson', 'utf8')) as { features: UnitFeature[] }).features;
const districts = new Set(['310112', '310113']);
const units = allUnits.filter((u) => districts.has(String(u.properties.district)));

function expectEqual(a: CoverageResult, b: CoverageResult): void {
  expect(a.coveredM2.length).toBe(b.coveredM2.length);
  for (let i = 0; i < a.coveredM2.length; i++) expect(a.coveredM2[i]).toBeCloseTo(b.coveredM2[i], 3);
  for (let i = 0; i < a.popCovered.length; i++) expect(a.popCovered[i]).toBeCloseTo(b.popCovered[i], 6);
  for (let i = 0; i < a.errorBoundM2.length; i++) expect(a.errorBoundM2[i]).toBeCloseTo(b.errorBoundM2[i], 6);
  // walking times: the same cells binned the same way, bit for bit
  expect(Array.from(a.timeMedian)).toEqual(Array.from(b.timeMedian));
  expect(Array.from(a.timeP90)).toEqual(Array.from(b.timeP90));
  expect(Array.from(a.timeMax)).toEqual(Array.from(b.timeMax));
  expect(a.city.coveredM2.map((v) => Math.round(v))).toEqual(b.city.coveredM2.map((v) => Math.round(v)));
  expect(a.districts.map((d) => d.timeMedian)).toEqual(b.districts.map((d) => d.timeMedian));
}

describe('parallel computation with a worker thread', () => {
  const threads = startEngineThreads(categories, {}, 1);
  afterAll(() => threads.close());

  it('gives the figures of one thread, with categories split between the threads', async () => {
    expect(units.length).toBeGreaterThan(100);
    const answers: PartResult[] = [];
    const helper: EngineHelper = {
      ...threads.helpers[0],
      computePart: async (p, q) => {
        const r = await threads.helpers[0].computePart(p, q);
        answers.push(r);
        return r;
      },
    };
    const par = new CoverageEngine(categories, {});
    par.shareWith([helper]);
    par.setUnits(units);
    await threads.settled();
    await par.helpersSettled();
    expect(par.parallelism()).toBe(2);
    const one = new CoverageEngine(categories, {});
    one.setUnits(units);
    const params = defaultWalkParams();
    let split = 0;
    for (const n of [600, 2500]) {
      const facilities = generateFacilities(units, categories.map((c) => c.id), n);
      par.setFacilities(facilities);
      one.setFacilities(facilities);
      const expected = one.compute(params);
      // a few runs: the second and later take the order from the first's timings
      for (let run = 0; run < 3; run++) {
        expectEqual(await par.computeParallel(params), expected);
        const a = answers[answers.length - 1];
        const summed = new Set(a.figures.map((f) => f.c));
        split += a.errors.filter((e) => !summed.has(e.c)).length;
      }
    }
    // the helper filled parts of categories this thread summed (else the split path went untested)
    expect(split).toBeGreaterThan(0);
  }, 60_000);

  it('runs the coverage service on the helper once it has answered, and alone after a helper fails', async () => {
    const facilities = generateFacilities(units, categories.map((c) => c.id), 1500);
    const params = defaultWalkParams();
    const alone = createCoverageService();
    await alone.init(categories, {});
    await alone.setUnits(units);
    await alone.setFacilities(facilities);
    const expected = (await alone.compute(params, [], 1))!.scenario;
    expect(expected.timing.threads).toBe(1);

    // the thread's engine already has the categories: init only answers
    const helper: CoverageHelper = { ...threads.helpers[0], init: async () => undefined };
    let started = 0;
    const svc = createCoverageService(undefined, (count) => { started += count; return [helper]; });
    await svc.threads(2);
    await svc.init(categories, {});
    await svc.setUnits(units);
    await svc.setFacilities(facilities);
    // the first computation runs alone and starts the helpers (they would compete with it)
    const first = (await svc.compute(params, [], 1))!.scenario;
    expect(first.timing.threads).toBe(1);
    expect(started).toBe(1);
    await threads.settled();
    const two = (await svc.compute(params, [], 2))!.scenario;
    expect(two.timing.threads).toBe(2);
    expectEqual(two, expected);
    expect(started).toBe(1);

    // a helper that fails: the computation is done on this thread, and so are the next ones
    let calls = 0;
    const failing: CoverageHelper = { ...helper, computePart: async () => { calls++; throw new Error('helper gone'); } };
    const svc2 = createCoverageService(undefined, () => [failing]);
    await svc2.threads(2);
    await svc2.init(categories, {});
    await svc2.setUnits(units);
    await svc2.setFacilities(facilities);
    await svc2.compute(params, [], 1);
    await threads.settled();
    const r1 = (await svc2.compute(params, [], 1))!.scenario;
    expect(calls).toBe(1);
    expect(r1.timing.threads).toBe(1);
    expectEqual(r1, expected);
    const r2 = (await svc2.compute(params, [], 2))!.scenario;
    expect(calls).toBe(1);
    expect(r2.timing.threads).toBe(1);

    // a helper whose worker never answers is never waited for
    const silent: CoverageHelper = { ...helper, init: () => new Promise<void>(() => undefined) };
    const svc3 = createCoverageService(undefined, () => [silent]);
    await svc3.threads(2);
    await svc3.init(categories, {});
    await svc3.setUnits(units);
    await svc3.setFacilities(facilities);
    await svc3.compute(params, [], 1);
    const r3 = (await svc3.compute(params, [], 2))!.scenario;
    expect(r3.timing.threads).toBe(1);
    expectEqual(r3, expected);
  }, 120_000);
});
