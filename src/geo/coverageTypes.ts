/** Plain-data inputs and outputs of the coverage engine (cross the worker boundary as is). */
import type { WalkParams } from '../domain/walk';

/** The part of a Facility the engine reads. */
export interface EngineFacility {
  id: string;
  lng: number;
  lat: number;
  categories: string[];
}

import type { DemandPoint } from '../domain/types';
export type { DemandPoint };

/** Slot id of the completeness figure (all selected categories within their minutes). */
export const COMPLETE_SLOT = 'complete';

export interface CategoryReach {
  id: string;
  minutes: number;
  reachM: number;
}

export interface AggregateRow {
  /** district code, or 'city' */
  code: string;
  areaM2: number;
  pop: number;
  /** per slot (categories then completeness) */
  coveredM2: number[];
  popCovered: number[];
  /** per slot: land and residents of units the walk model has no data for (left out of coveredM2 / popCovered; 0 with circles) */
  noDataM2: number[];
  noDataPop: number[];
  /** per category: area-weighted walking minutes to the nearest facility (10 m bins); null = no facility */
  timeMedian: (number | null)[];
  timeP90: (number | null)[];
}

export interface CoverageResult {
  params: WalkParams;
  /** one line with every parameter, recorded with the figures */
  paramsText: string;
  engine: { cellSizeM: number; maxDepth: number; projection: string; version: string; walkModel: string };
  categories: CategoryReach[];
  /** category ids, then COMPLETE_SLOT */
  slots: string[];
  /** categories the completeness slot requires */
  completeOf: string[];
  facilityCount: number;
  unitIds: string[];
  unitDistrict: string[];
  /** land area from the engine's grid (sum of exact cell ∩ unit areas), m² */
  unitAreaM2: Float64Array;
  unitPop: Float64Array;
  /** 'unit-pop-est' (each unit's pop_est: the dasymetric 2020 estimate unless imported) or 'demand-points' */
  popSource: string;
  /** unit-major: [u * slots.length + s]; NaN = the walk model has no data for (part of) the unit */
  coveredM2: Float64Array;
  popCovered: Float64Array;
  /** certified bound on |coveredM2 error| from the depth limit, m² */
  errorBoundM2: Float64Array;
  /** unit-major: [u * categories.length + c], minutes; NaN = category has no facility */
  timeMedian: Float32Array;
  timeP90: Float32Array;
  timeMax: Float32Array;
  districts: AggregateRow[];
  city: AggregateRow;
  /** wall times of the last full computation, and how many threads it ran on */
  timing: { totalMs: number; categoriesMs: number; completenessMs: number; aggregateMs: number; threads: number };
}

export interface UpdateStats {
  ms: number;
  blocksRecomputed: number;
  cellsRecomputed: number;
  unitsTouched: number;
  categories: string[];
}

export interface EngineProgress {
  /** 0 … 1 */
  fraction: number;
  stage: 'categories' | 'completeness' | 'aggregate' | 'done';
  detail?: string;
}
