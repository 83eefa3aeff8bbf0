/**
 * Layer specs and data of the planner's tools: trial sites (拟建, with the walking reach of
 * their widest category as a dashed ring) and ranked site suggestions. Pure; the colours are
 * shared with the panels' legend.
 */
import type { LayerSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { circle } from '@turf/turf';
import type { SiteSuggestion } from '../../geo/siting';
import type { TrialSite } from '../../state/trialSites';
import { SUGGESTION_COLOR, TRIAL_COLOR } from '../../domain/palette';

export const PLANNER_SRC = {
  trials: 'planner-trials',
  trialReach: 'planner-trial-reach',
  suggestions: 'planner-suggestions',
} as const;

export const PLANNER_LAYER = {
  trialReachFill: 'planner-trial-reach-fill',
  trialReachLine: 'planner-trial-reach-line',
  trialPoint: 'planner-trial-point',
  trialLabel: 'planner-trial-label',
  suggestionPoint: 'planner-suggestion-point',
  suggestionLabel: 'planner-suggestion-label',
} as const;


export interface TrialProps {
  id: string;
  /** e.g. "拟建 1" / "Trial 1" */
  label: string;
  type: string;
  moving: boolean;
}

export function trialsGeoJson(trials: readonly TrialSite[], label: (index: number) => string, moving: string | null): FeatureCollection<Point, TrialProps> {
  return {
    type: 'FeatureCollection',
    features: trials.map((t, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [t.lng, t.lat] },
      properties: { id: t.id, label: label(i), type: t.type, moving: moving === t.id },
    })),
  };
}

/** A dashed ring at the widest reach among each site's categories (geodesic circle). */
export function trialReachGeoJson(trials: readonly TrialSite[], reachM: (categoryId: string) => number): FeatureCollection<Polygon, { id: string; reachM: number }> {
  const features: Feature<Polygon, { id: string; reachM: number }>[] = [];
  for (const t of trials) {
    const r = Math.max(0, ...t.categories.map(reachM));
    if (!(r > 0)) continue;
    const c = circle([t.lng, t.lat], r / 1000, { steps: 72, units: 'kilometers' });
    features.push({ type: 'Feature', geometry: c.geometry, properties: { id: t.id, reachM: r } });
  }
  return { type: 'FeatureCollection', features };
}

export function suggestionsGeoJson(suggestions: readonly SiteSuggestion[], adopted: readonly number[], shownRank: number | null = null): FeatureCollection<Point, { rank: number; label: string; adopted: boolean; shown: boolean }> {
  return {
    type: 'FeatureCollection',
    features: suggestions.map((s) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [s.lng, s.lat] },
      properties: { rank: s.rank, label: String(s.rank), adopted: adopted.includes(s.rank), shown: s.rank === shownRank },
    })),
  };
}

/** [[west, south], [east, north]] of the suggestions, or of one rank; null when none. */
export function suggestionBounds(suggestions: readonly SiteSuggestion[], rank: number | null): [[number, number], [number, number]] | null {
  const list = rank === null ? suggestions : suggestions.filter((s) => s.rank === rank);
  if (list.length === 0) return null;
  const xs = list.map((s) => s.lng);
  const ys = list.map((s) => s.lat);
  return [[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]];
}

export function trialReachLayers(): LayerSpecification[] {
  return [
    { id: PLANNER_LAYER.trialReachFill, type: 'fill', source: PLANNER_SRC.trialReach, paint: { 'fill-color': TRIAL_COLOR, 'fill-opacity': 0.06 } },
    { id: PLANNER_LAYER.trialReachLine, type: 'line', source: PLANNER_SRC.trialReach, paint: { 'line-color': TRIAL_COLOR, 'line-width': 1.5, 'line-dasharray': [3, 2] } },
  ];
}

export function trialLayers(): LayerSpecification[] {
  return [
    {
      id: PLANNER_LAYER.trialPoint, type: 'circle', source: PLANNER_SRC.trials,
      paint: {
        'circle-color': '#ffffff',
        'circle-radius': ['case', ['boolean', ['get', 'moving'], false], 11, 9],
        'circle-stroke-color': TRIAL_COLOR,
        'circle-stroke-width': ['case', ['boolean', ['get', 'moving'], false], 5, 4],
      },
    },
    {
      id: PLANNER_LAYER.trialLabel, type: 'symbol', source: PLANNER_SRC.trials,
      layout: { 'text-field': ['get', 'label'], 'text-size': 13, 'text-offset': [0, 1.4], 'text-anchor': 'top', 'text-allow-overlap': true },
      paint: { 'text-color': TRIAL_COLOR, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    },
  ];
}

export function suggestionLayers(): LayerSpecification[] {
  return [
    {
      id: PLANNER_LAYER.suggestionPoint, type: 'circle', source: PLANNER_SRC.suggestions,
      paint: {
        'circle-color': ['case', ['boolean', ['get', 'adopted'], false], '#bdbdbd', SUGGESTION_COLOR],
        'circle-radius': ['case', ['boolean', ['get', 'shown'], false], 15, 11],
        'circle-stroke-color': ['case', ['boolean', ['get', 'shown'], false], '#1f2a30', '#ffffff'],
        'circle-stroke-width': ['case', ['boolean', ['get', 'shown'], false], 4, 2],
      },
    },
    {
      id: PLANNER_LAYER.suggestionLabel, type: 'symbol', source: PLANNER_SRC.suggestions,
      layout: { 'text-field': ['get', 'label'], 'text-size': 13, 'text-allow-overlap': true, 'text-ignore-placement': true },
      paint: { 'text-color': '#ffffff' },
    },
  ];
}
