// "Where the straight line lies" (src/geo/straightLine.ts): circle share − network share per
// unit over the same land, and per district / city weighted by land; units without network
// data (NaN) are left out, never 0. Values worked out by hand below.
import { describe, expect, it } from 'vitest';
import type { CoverageResult } from '../../src/geo/coverageTypes';
import { straightLineLies } from '../../src/geo/straightLine';

const result = (ids: string[], districts: string[], areas: number[], covered: number[], slots = ['a', 'complete']) =>
  ({ slots, unitIds: ids, unitDistrict: districts, unitAreaM2: new Float64Array(areas), coveredM2: new Float64Array(covered) }) as unknown as CoverageResult;

describe('straight line minus network', () => {
  it('per unit in pp, groups weighted by land, no-data units left out', () => {
    // network: u1 (100 m²) 20 % / 10 %, u2 (300 m²) 50 % / 0 %, u3 no data
    const net = result(['u1', 'u2', 'u3'], ['d1', 'd1', 'd2'], [100, 300, 500], [20, 10, 150, 0, Number.NaN, Number.NaN]);
    // circles on the units with network data only (u2 first: matched by id, not position)
    const circle = result(['u2', 'u1'], ['d1', 'd1'], [300, 100], [240, 30, 60, 40]);
    const lies = straightLineLies(net, circle);
    expect(lies.slots).toEqual(['a', 'complete']);
    expect(lies.units.get('u1')![0]).toBeCloseTo(60 - 20, 10);
    expect(lies.units.get('u1')![1]).toBeCloseTo(40 - 10, 10);
    expect(lies.units.get('u2')![0]).toBeCloseTo(80 - 50, 10);
    expect(lies.units.get('u2')![1]).toBeCloseTo(10 - 0, 10);
    expect(lies.units.has('u3')).toBe(false);
    const d1 = lies.groups.get('d1')!;
    expect(d1.areaM2).toBe(400);
    // circles (60 + 240) / 400 = 75 %, network (20 + 150) / 400 = 42.5 %
    expect(d1.circlePct[0]).toBeCloseTo(75, 10);
    expect(d1.networkPct[0]).toBeCloseTo(42.5, 10);
    expect(lies.groups.get('city')!.areaM2).toBe(400);
    expect(lies.groups.has('d2')).toBe(false);
  });
});
