// The land network figures cover: units clipped to the network's extent (src/geo/networkUnits.ts).
// Checked against closed forms: an axis-aligned square unit half inside a box keeps exactly the
// overlap, its residents scale with it; a unit mostly outside stays whole (the engine reports it
// as no data); a unit far away is untouched.
import { area } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { UnitFeature } from '../../src/domain/types';
import { clipUnitsToExtent, shrinkExtent } from '../../src/geo/networkUnits';

const square = (id: string, w: number, s: number, e: number, n: number): UnitFeature => ({
  type: 'Feature',
  properties: { id, name: id, district: '310101', area_km2: 1, pop_est: 1000, pop_source: 'census-2020-district-spread' },
  geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
});

describe('units clipped to the network extent', () => {
  const extent: [number, number, number, number] = [121.46, 31.22, 121.49, 31.24];
  it('shrinks the extent by the margin in metres', () => {
    const b = shrinkExtent(extent, 100)!;
    expect((b[1] - extent[1]) * 111_320).toBeCloseTo(100, 6);
    expect((b[0] - extent[0]) * 111_320 * Math.cos((31.23 * Math.PI) / 180)).toBeCloseTo(100, 6);
    expect(shrinkExtent([121, 31, 121.001, 31.001], 200)).toBeNull();
  });
  it('keeps the overlap of a unit mostly inside, scales its residents; leaves the others whole', () => {
    const box = shrinkExtent(extent, 100)!;
    // inside from the west edge of the shrunk box: 3/4 of its width inside
    const w = box[0] - 0.0025, e = box[0] + 0.0075;
    const mostly = square('a', w, 31.225, e, 31.235);
    const little = square('b', box[2] - 0.002, 31.225, box[2] + 0.008, 31.235); // 1/5 inside
    const far = square('c', 121.6, 31.3, 121.61, 31.31);
    const { units, insideShare, clipped } = clipUnitsToExtent([mostly, little, far], extent);
    expect(clipped).toBe(1);
    const expectedA = area(square('x', box[0], 31.225, e, 31.235)) / area(mostly);
    expect(insideShare.get('a')).toBeCloseTo(expectedA, 6);
    expect(expectedA).toBeGreaterThan(0.7);
    expect(area(units[0])).toBeCloseTo(area(square('x', box[0], 31.225, e, 31.235)), 0);
    expect(units[0].properties.pop_est).toBeCloseTo(1000 * expectedA, 6);
    expect(units[1]).toBe(little);
    expect(insideShare.get('b')).toBeCloseTo(0.2, 2);
    expect(units[2]).toBe(far);
    expect(insideShare.get('c')).toBe(0);
  });
});
