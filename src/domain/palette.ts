/** Colours and sizes shared by the map layers and the legend (one source of truth). */
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
export const BACKGROUND = '#e8eef3';
export const LAND = '#fbfaf7';

/** Residents per km² classes of the population layer (an estimate), lower bounds with their colours. */
export const POP_CLASSES: readonly [number, string][] = [[0, '#fff5eb'], [1000, '#fdd0a2'], [5000, '#fd8d3c'], [15000, '#d94801'], [30000, '#7f2704']];
/** Coverage share classes (lower bound %, colour): red (poorly served) to green (well served), 20 % steps; the map and the report's maps. */
export const COVERAGE_CLASSES: readonly { min: number; color: string }[] = [
  { min: 0, color: '#d7191c' },
  { min: 20, color: '#fdae61' },
  { min: 40, color: '#ffffbf' },
  { min: 60, color: '#a6d96a' },
  { min: 80, color: '#1a9641' },
];
/** Uncovered areas (gaps) */
export const GAP_COLOR = '#7b0015';
