/**
 * The shipped OpenStreetMap service layer (geodata/osm-services.json, built by
 * scripts/build-geodata.ts): compact rows → Facility objects. Real places, incomplete:
 * OSM in China is uneven, so counts are a floor.
 */
import type { Facility } from '../domain/types';

export interface OsmServicesFile {
  source: string;
  licence: string;
  vintage: string;
  crs: string;
  /** OSM feature kinds the extract did not ask for (absent, not zero) */
  notExtracted: string[];
  rules: { id: string; categories: string[]; fit: 'exact' | 'proxy'; tag: string; note: string }[];
  columns: ['osm', 'name', 'lng', 'lat', 'district', 'rule', 'name_en'];
  /** [osm type letter + id, name ('' = unnamed), lng, lat, district code, rule index, English name] */
  rows: [string, string, number, number, string, number, string][];
}

/** The attribution OSM's licence requires wherever its data or derived figures are shown. */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors, ODbL';

/** The `source` every OSM facility carries (also the dataset label). */
export function osmSourceLabel(vintage: string): string {
  return `OpenStreetMap ${vintage} (ODbL)`;
}

export function osmFacilities(file: OsmServicesFile): Facility[] {
  const source = osmSourceLabel(file.vintage);
  return file.rows.map(([osm, name, lng, lat, district, rule, nameEn]) => {
    const r = file.rules[rule];
    return {
      id: `osm-${osm}`,
      name: name || `(${r.tag.replace(/\|.*$/, '')})`,
      type: 'service' as const,
      categories: r.categories,
      status: 'open' as const,
      district,
      lng,
      lat,
      source,
      synthetic: false,
      osm: { id: osm, tag: r.tag, fit: r.fit, rule: r.id, note: r.note, named: name !== '', ...(nameEn ? { nameEn } : {}) },
    };
  });
}
