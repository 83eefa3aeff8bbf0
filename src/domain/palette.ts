/**
 * Colours, colour classes and sizes shared by the map layers, the panels' legends and the
 * report's maps (one source of truth): src/map draws with them, src/ui and src/report read them
 * from here, never from src/map.
 */
import type { FacilityType } from './types';

export const TYPE_STYLE: Record<FacilityType, { color: string; radius: number; stroke: string }> = {
  renminfang: { color: '#b71c1c', radius: 9, stroke: '#ffffff' },
  liuyiting: { color: '#1565c0', radius: 7, stroke: '#ffffff' },
  embedded: { color: '#616161', radius: 3.5, stroke: '#ffffff' },
  service: { color: '#455a64', radius: 2.5, stroke: '#ffffff' },
};

export const DISTRICT_LINE = '#37474f';
export const UNIT_LINE = '#90a4ae';
export const HIGHLIGHT = '#ff6f00';
/** The planner's selected unit or district and the place picked in search (indigo: apart from coverage, gaps and trial sites). */
export const SEARCH_COLOR = '#1a237e';
export const BACKGROUND = '#e8eef3';
export const LAND = '#fbfaf7';

/** A class of a share (%) or a difference (pp): its lower bound and colour. */
export interface ShareClass {
  min: number;
  color: string;
}

/** Residents per km² classes of the population layer (an estimate), lower bounds with their colours. */
export const POP_CLASSES: readonly [number, string][] = [[0, '#fff5eb'], [1000, '#fdd0a2'], [5000, '#fd8d3c'], [15000, '#d94801'], [30000, '#7f2704']];
/** Coverage share classes (lower bound %, colour): red (poorly served) to green (well served), 20 % steps; the map and the report's maps. */
export const COVERAGE_CLASSES: readonly ShareClass[] = [
  { min: 0, color: '#d7191c' },
  { min: 20, color: '#fdae61' },
  { min: 40, color: '#ffffbf' },
  { min: 60, color: '#a6d96a' },
  { min: 80, color: '#1a9641' },
];
/** Uncovered areas (gaps) */
export const GAP_COLOR = '#7b0015';
/** The colour of a coverage share (%), by COVERAGE_CLASSES: the map's expression is tested against it, the report's maps use it. */
export function coverageColor(sharePct: number): string {
  let color = COVERAGE_CLASSES[0].color;
  for (const c of COVERAGE_CLASSES) if (sharePct >= c.min) color = c.color;
  return color;
}

/** Units the walk model has no data for (outside the street network's extent): grey, never a share. */
export const NO_DATA_COLOR = '#9e9e9e';
/** The street network's extent outline (dashed, network mode). */
export const NETWORK_EXTENT_COLOR = '#37474f';

/** The coverage legend, from the same classes as the map. */
export function coverageLegend(): { color: string; fromPct: number; toPct: number }[] {
  return COVERAGE_CLASSES.map((c, i) => ({ color: c.color, fromPct: c.min, toPct: COVERAGE_CLASSES[i + 1]?.min ?? 100 }));
}

/** "Where the straight line lies": circle share − network share (pp), diverging (blue: circles understate, red: overstate). */
export const LIES_CLASSES: readonly ShareClass[] = [
  { min: -Infinity, color: '#2166ac' },
  { min: -5, color: '#92c5de' },
  { min: -1, color: '#f7f7f7' },
  { min: 1, color: '#fddbc7' },
  { min: 5, color: '#f4a582' },
  { min: 15, color: '#d6604d' },
  { min: 30, color: '#b2182b' },
];

export function liesLegend(): { color: string; from: number; to: number }[] {
  return LIES_CLASSES.map((c, i) => ({ color: c.color, from: c.min, to: LIES_CLASSES[i + 1]?.min ?? Infinity }));
}

/** A class [min, max) of the plan's completion rate; the last class includes 100 %. */
export interface RateClass {
  min: number;
  max: number;
  color: string;
}

/** Plan completion, sequential light-to-dark green: low completion is light, full completion dark. */
export const PLAN_RATE_CLASSES: readonly RateClass[] = [
  { min: 0, max: 0.6, color: '#eef6e6' },
  { min: 0.6, max: 0.75, color: '#c3e3ac' },
  { min: 0.75, max: 0.85, color: '#84c47a' },
  { min: 0.85, max: 0.95, color: '#3e9c52' },
  { min: 0.95, max: 1, color: '#10622f' },
];
/** Districts with nothing planned for the measure (rate undefined). */
export const PLAN_RATE_NONE_COLOR = '#c8c8c8';

export interface PlanLegendItem {
  color: string;
  /** lower and upper bound as whole percentages; null for the "nothing planned" swatch */
  fromPct: number | null;
  toPct: number | null;
}

/** The plan legend's rows, from the same constants as the map. */
export function planLegendItems(): PlanLegendItem[] {
  return [
    ...PLAN_RATE_CLASSES.map((c) => ({ color: c.color, fromPct: Math.round(c.min * 100), toPct: Math.round(c.max * 100) })),
    { color: PLAN_RATE_NONE_COLOR, fromPct: null, toPct: null },
  ];
}

/** The residents' 5/10/15-minute reach: 5 min darkest, 15 min lightest. */
export const REACH_BAND_COLORS: Readonly<Record<5 | 10 | 15, string>> = { 5: '#00695c', 10: '#26a69a', 15: '#80cbc4' };

/** 拟建 trial sites: purple ring, white core, so they never look like existing facilities. */
export const TRIAL_COLOR = '#6a1b9a';
/** Suggested sites. */
export const SUGGESTION_COLOR = '#ef6c00';

/** On the report's printed maps (opaque fills): units without network data, facilities outside the scope. */
export const PRINT_NO_DATA_COLOR = '#d9d9d9';
export const PRINT_OUTSIDE_COLOR = '#d4d4d4';
