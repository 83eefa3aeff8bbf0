/** The dasymetric population estimate: census totals kept exactly, population varying within districts. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { largestRemainder, densitySurface } from '../../scripts/lib/dasymetric';
import { POP_SOURCE_DASYMETRIC, type DistrictCollection, type UnitCollection } from '../../src/domain/types';

const file = (f: string) => readFileSync(resolve(import.meta.dirname, '../../geodata', f), 'utf8');
const districts = JSON.parse(file('districts.geojson')) as DistrictCollection;
const units = JSON.parse(file('units.geojson')) as UnitCollection;
const grid = JSON.parse(file('population-grid.json')) as { lng0: number; lat0: number; dLng: number; dLat: number; cells: [number, number, number][] };
const census = new Map(file('census-2020-district.csv').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')).map((c) => [c[0], Number(c[2])]));

describe('largest remainder rounding', () => {
  it('sums exactly and stays within 1 of the proportional share (random cases)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 200; t++) {
      const n = 1 + Math.floor(rnd() * 40);
      const w = Array.from({ length: n }, () => (rnd() < 0.1 ? 0 : rnd() * 100));
      const total = Math.floor(rnd() * 1e6);
      const out = largestRemainder(total, w);
      expect(out.reduce((a, b) => a + b, 0)).toBe(total);
      const sw = w.reduce((a, b) => a + b, 0);
      out.forEach((v, i) => expect(Math.abs(v - (sw > 0 ? (total * w[i]) / sw : total / n))).toBeLessThan(1));
    }
  });
});

describe('density surface', () => {
  it('is the base far from points and adds the quartic kernel near them', () => {
    const model = { kernel: 'quartic' as const, bandwidthM: 600, base: 0.1, sampleSpacingM: 250, gridCellM: 500, weights: { bus: 1, park: 0 } };
    const D = densitySurface([{ lng: 121.47, lat: 31.23, categories: ['bus'] }, { lng: 121.5, lat: 31.23, categories: ['park'] }], model);
    expect(D(121.47, 31.23)).toBeCloseTo(1.1, 9);
    expect(D(121.5, 31.23)).toBeCloseTo(0.1, 9); // weight 0: no contribution
    // 300 m north: u = 0.5, (1 − 0.25)² = 0.5625
    expect(D(121.47, 31.23 + 300 / 110_574)).toBeCloseTo(0.1 + 0.5625, 6);
    expect(D(121.47, 31.23 + 700 / 110_574)).toBeCloseTo(0.1, 9);
  });
});

describe('shipped units: dasymetric 2020 population', () => {
  it('sums exactly to the 2020 census in every district (integers)', () => {
    expect(census.size).toBe(16);
    for (const d of districts.features) {
      const mine = units.features.filter((u) => u.properties.district === d.properties.code);
      const sum = mine.reduce((s, u) => s + u.properties.pop_est, 0);
      expect(sum, d.properties.name_zh).toBe(census.get(d.properties.code));
      for (const u of mine) {
        expect(Number.isInteger(u.properties.pop_est)).toBe(true);
        expect(u.properties.pop_source).toBe(POP_SOURCE_DASYMETRIC);
      }
    }
  });

  it('differs within a district: densest full units hold many times the sparsest', () => {
    // suburban districts mix towns and farmland; the central ones (徐汇 3.7×) are dense throughout
    for (const code of ['310112', '310115', '310117']) {
      const dens = units.features.filter((u) => u.properties.district === code && u.properties.area_km2 > 2.9).map((u) => u.properties.pop_est / u.properties.area_km2).sort((a, b) => a - b);
      expect(dens[dens.length - 1] / dens[0], code).toBeGreaterThan(5);
    }
  });

  it('puts more people around 徐家汇 than on 浦东’s farmland per km²', () => {
    const at = (id: string) => units.features.find((u) => u.properties.label_zh === id)!.properties;
    const xjh = at('徐汇区 · 徐家汇站附近');
    expect(xjh.pop_est / xjh.area_km2).toBeGreaterThan(15_000);
  });

  it('grid cells add up to the city total within rounding', () => {
    const total = [...census.values()].reduce((a, b) => a + b, 0);
    const cells = grid.cells.reduce((s, c) => s + c[2], 0);
    expect(Math.abs(cells - total)).toBeLessThanOrEqual(grid.cells.length / 2);
    expect(grid.cells.length).toBeGreaterThan(20_000);
  });
});
