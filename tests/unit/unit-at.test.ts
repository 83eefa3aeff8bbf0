/** featureAt (src/geo/unitAt.ts) against a brute-force even-odd test written here, on the shipped units. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UnitCollection } from '../../src/domain/types';
import { featureAt } from '../../src/geo/unitAt';
import { mulberry32 } from '../../src/domain/prng';

const units = JSON.parse(readFileSync(resolve(__dirname, '../../geodata/units.geojson'), 'utf8')) as UnitCollection;

function inside(rings: number[][][], x: number, y: number): boolean {
  let c = false;
  for (const r of rings)
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      if ((r[i][1] > y) !== (r[j][1] > y) && x < ((r[j][0] - r[i][0]) * (y - r[i][1])) / (r[j][1] - r[i][1]) + r[i][0]) c = !c;
    }
  return c;
}
function brute(x: number, y: number): string[] {
  return units.features
    .filter((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).some((p) => inside(p as number[][][], x, y)))
    .map((f) => f.properties.id);
}

describe('featureAt', () => {
  it('finds the unit of 徐家汇 metro station', () => {
    expect(featureAt(units.features, 121.432543, 31.196294)?.properties.label_zh).toBe('徐汇区 · 徐家汇站附近');
  });
  it('agrees with a brute-force point-in-polygon on 2,000 random points over Shanghai', () => {
    const rnd = mulberry32(11);
    let hits = 0;
    for (let k = 0; k < 2000; k++) {
      const x = 120.85 + rnd() * 1.15;
      const y = 30.68 + rnd() * 1.2;
      const got = featureAt(units.features, x, y)?.properties.id ?? null;
      const want = brute(x, y);
      if (want.length === 0) expect(got).toBeNull();
      else {
        hits++;
        expect(want).toContain(got);
      }
    }
    expect(hits).toBeGreaterThan(500);
  });
});
