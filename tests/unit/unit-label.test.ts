/** Readable unit labels: the domain function and the labels shipped in geodata/units.geojson. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import { unitLabel } from '../../src/domain/unitLabel';
import type { UnitCollection } from '../../src/domain/types';

const units = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../geodata/units.geojson'), 'utf8')) as UnitCollection;

describe('unitLabel', () => {
  it('uses the label in the language asked for, then the name, then the id', () => {
    const u = { id: '310104-1_2', name: 'n', label_zh: '徐汇区 · 徐家汇站附近', label_en: 'Xuhui · near Xujiahui Station' };
    expect(unitLabel(u, 'zh')).toBe('徐汇区 · 徐家汇站附近');
    expect(unitLabel(u, 'en')).toBe('Xuhui · near Xujiahui Station');
    expect(unitLabel({ id: 'x', name: '曹杨新村街道' }, 'en')).toBe('曹杨新村街道');
    expect(unitLabel({ id: 'x', name: ' ' }, 'zh')).toBe('x');
    // an older generated unit without labels: the district in English; imported names stay as they are
    const minhang = { zh: '闵行区', en: 'Minhang' };
    expect(unitLabel({ id: 'a', name: '闵行区 -1_-7' }, 'en', minhang)).toBe('Minhang -1_-7');
    expect(unitLabel({ id: 'a', name: '闵行区 -1_-7' }, 'zh', minhang)).toBe('闵行区 -1_-7');
    expect(unitLabel({ id: 'b', name: '江川路街道' }, 'en', minhang)).toBe('江川路街道');
  });
});

describe('shipped unit labels', () => {
  it('every unit has a Chinese and an English label starting with its district', () => {
    for (const u of units.features) {
      const p = u.properties;
      expect(p.label_zh, p.id).toMatch(/^\S+区 · \S/);
      expect(p.label_en, p.id).toMatch(/^[A-Z][a-z']+ · \S/);
      expect(p.name).toBe(p.label_zh);
    }
  });

  it('labels are unique within a district', () => {
    const seen = new Set<string>();
    for (const u of units.features) {
      expect(seen.has(u.properties.label_zh!), u.properties.label_zh).toBe(false);
      seen.add(u.properties.label_zh!);
    }
  });

  it('the unit holding 徐家汇 metro station (121.434 E, 31.195 N, WGS84, OSM node 471013952) is named after it', () => {
    const u = units.features.find((f) => turf.booleanPointInPolygon([121.4339, 31.1951], f))!;
    expect(u.properties.label_zh).toBe('徐汇区 · 徐家汇站附近');
    expect(u.properties.label_en).toBe('Xuhui · near Xujiahui Station');
  });
});
