/** Core data model shared by every layer (domain, geo engine, io, ui). Plain data only. */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** 'service': an everyday service facility from OpenStreetMap or an import (school, market, bus stop …) */
export type FacilityType = 'renminfang' | 'liuyiting' | 'embedded' | 'service';
export type FacilityStatus = 'planned' | 'building' | 'open';
export const FACILITY_TYPES: readonly FacilityType[] = ['renminfang', 'liuyiting', 'embedded', 'service'];
export const FACILITY_STATUSES: readonly FacilityStatus[] = ['planned', 'building', 'open'];

/** A service facility. Position is always WGS84 (EPSG:4326) once inside the app. */
export interface Facility {
  id: string;
  name: string;
  type: FacilityType;
  /** category ids from geodata/categories.json; at least one */
  categories: string[];
  status: FacilityStatus;
  /** 6-digit district code, or '' when unknown */
  district: string;
  street?: string;
  /** 居委会 / 村委会 as named in the 2023 list (an import's 居委 column, joined by code or name) */
  village?: string;
  address?: string;
  lng: number;
  lat: number;
  /** where the row came from: dataset label, e.g. "demo (synthetic)" or "设施.csv 2026-11-28 10:00" */
  source: string;
  synthetic: boolean;
  /** for OpenStreetMap facilities: the OSM object and how its tags map to the categories */
  osm?: OsmRef;
  /** a hypothetical site a planner placed (试点选址 / 拟建): never real data (src/state/trialSites.ts) */
  trial?: boolean;
}

/** Where an OpenStreetMap facility comes from and how well it stands for its categories. */
export interface OsmRef {
  /** 'n123' (node) / 'w123' (way) / 'r123' (relation) */
  id: string;
  /** the tag the crosswalk matched, e.g. 'amenity=kindergarten' */
  tag: string;
  /** exact: the facility the standard names; proxy: a stand-in (see note) */
  fit: 'exact' | 'proxy';
  rule: string;
  note: string;
  /** false when OSM has no name for it (the shown name is then its tag) */
  named: boolean;
  nameEn?: string;
}

export interface Category {
  id: string;
  zh: string;
  en: string;
  color: string;
  /** default walking minutes: 5, 10 or 15 */
  minutes: number;
  /** GB 50180-2018 service radius used by the standard-radius mode, metres */
  standardRadiusM: number;
  /** the standard the numbers come from */
  standard: string;
}

export interface DistrictProps {
  code: string;
  name_zh: string;
  name_en: string;
  population_2020: number;
  share_age_0_14: number;
  share_age_15_64: number;
  share_age_65_plus: number;
  /** land area of the land-clipped outline, km² (computed by scripts/build-geodata.ts) */
  land_area_km2: number;
  /** official land area, km², with its source in geodata/README.md */
  official_area_km2: number;
}
export type DistrictFeature = Feature<Polygon | MultiPolygon, DistrictProps>;
export type DistrictCollection = FeatureCollection<Polygon | MultiPolygon, DistrictProps>;

/** A planning unit: generated hexagon life-circle unit, or an imported 街镇 / custom unit. */
export interface UnitProps {
  id: string;
  name: string;
  district: string;
  /** land area, km² */
  area_km2: number;
  /** estimated residents (district census 2020 spread by the dasymetric surface) unless imported population replaces it */
  pop_est: number;
  /** where the population figure comes from: POP_SOURCE_DASYMETRIC | 'census-2020-district-spread' (even spread) | 'imported' | 'raster' */
  pop_source: string;
  /** readable label: nearest named landmark and district, e.g. '徐汇区 · 徐家汇站附近' (shipped units; see domain/unitLabel.ts) */
  label_zh?: string;
  label_en?: string;
}

/** pop_source of the shipped units: 2020 district census spread by bus-stop and service density (an estimate). */
export const POP_SOURCE_DASYMETRIC = 'census-2020-dasymetric';
export type UnitFeature = Feature<Polygon | MultiPolygon, UnitProps>;
export type UnitCollection = FeatureCollection<Polygon | MultiPolygon, UnitProps>;

/** Weighted demand: a residential point (小区) with its residents, WGS84. */
export interface DemandPoint {
  lng: number;
  lat: number;
  population: number;
  name?: string;
}

/** One row of the 2025 plan annex (geodata/plan-2025-projects.csv). */
export interface PlanRow {
  district_code: string;
  district: string;
  projects_total: number;
  projects_done_2025: number;
  renminfang_total: number;
  renminfang_done_2025: number;
  liuyiting_total: number;
  liuyiting_done_2025: number;
}

/** The categories of a 人民坊 hub (2025 action plan; geodata/build-geodata hubs). */
export const HUB_CATEGORIES: readonly string[] = ['party', 'elderly', 'meals', 'health', 'culture', 'employment'];

/** Shanghai's WGS84 bounding box (generous): validators, tests and the map's first view. */
export const SHANGHAI_BBOX = { minLng: 120.85, minLat: 30.66, maxLng: 122.2, maxLat: 31.88 } as const;
