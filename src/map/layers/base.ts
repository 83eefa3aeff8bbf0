/**
 * Layer specs of the base map: districts, planning units, facilities by type and
 * category. Pure functions of their inputs; MapView adds them to the map.
 */
import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { Category, Facility, FacilityType } from '../../domain/types';
import { POP_CLASSES, DISTRICT_LINE, HIGHLIGHT, LAND, TYPE_STYLE, UNIT_LINE } from '../../domain/palette';
import type { Lang } from '../../domain/lang';

export const SRC = { districts: 'districts', units: 'units', facilities: 'facilities', busStops: 'bus-stops', population: 'population' } as const;


export function populationLayers(visible: boolean): LayerSpecification[] {
  const steps: unknown[] = ['step', ['get', 'density'], POP_CLASSES[0][1]];
  for (const [v, c] of POP_CLASSES.slice(1)) steps.push(v, c);
  return [{
    id: 'population-fill', type: 'fill', source: SRC.population, layout: { visibility: visible ? 'visible' : 'none' },
    paint: { 'fill-color': steps as unknown as string, 'fill-opacity': 0.7 },
  }];
}

/** Bus stops only (their own source: MapLibre then tiles them only at street zoom, where they are drawn). */
export const isBusStop = (f: Facility) => f.type === 'service' && f.categories.length === 1 && f.categories[0] === 'bus';

export const LAYER = {
  districtFill: 'districts-fill',
  districtLine: 'districts-line',
  districtLabel: 'districts-label',
  unitFill: 'units-fill',
  unitLine: 'units-line',
  facility: (t: FacilityType) => `facilities-${t}`,
  busStops: 'facilities-bus',
} as const;

export interface FacilityProps {
  id: string;
  name: string;
  type: FacilityType;
  /** category ids wrapped in commas (",elderly,meals,") so a filter can test membership */
  cats: string;
  color: string;
  status: string;
  synthetic: boolean;
}

export function facilitiesToGeoJson(facilities: readonly Facility[], categories: readonly Category[]): FeatureCollection<Point, FacilityProps> {
  const colour = new Map(categories.map((c) => [c.id, c.color]));
  return {
    type: 'FeatureCollection',
    features: facilities.map((f) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [f.lng, f.lat] },
      properties: {
        id: f.id,
        name: f.name,
        type: f.type,
        cats: `,${f.categories.join(',')},`,
        color: colour.get(f.categories[0]) ?? '#616161',
        status: f.status,
        synthetic: f.synthetic,
      },
    })),
  };
}

/** With an online basemap under them, district areas are a light veil instead of opaque land. */
export function districtLayers(lang: Lang, visible: boolean, overBasemap = false): LayerSpecification[] {
  const visibility = visible ? 'visible' : 'none';
  return [
    {
      id: LAYER.districtFill, type: 'fill', source: SRC.districts, layout: { visibility },
      paint: { 'fill-color': LAND, 'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], overBasemap ? 0.45 : 0.6, overBasemap ? 0.15 : 1] },
    },
    {
      id: LAYER.districtLine, type: 'line', source: SRC.districts, layout: { visibility },
      paint: { 'line-color': DISTRICT_LINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.2, 12, 2.5] },
    },
    {
      id: LAYER.districtLabel, type: 'symbol', source: SRC.districts, layout: { visibility, 'text-field': ['get', `name_${lang}`], 'text-size': 15 },
      // drawn above fills and dots (useLabelsOnTop), with a wide halo so it reads over any colour
      paint: { 'text-color': '#102027', 'text-halo-color': '#ffffff', 'text-halo-width': 2.5, 'text-halo-blur': 0.5 },
    },
  ];
}

export function unitLayers(visible: boolean): LayerSpecification[] {
  const visibility = visible ? 'visible' : 'none';
  return [
    {
      id: LAYER.unitFill, type: 'fill', source: SRC.units, layout: { visibility },
      paint: { 'fill-color': HIGHLIGHT, 'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.25, 0] },
    },
    {
      id: LAYER.unitLine, type: 'line', source: SRC.units, layout: { visibility }, minzoom: 8.5,
      paint: { 'line-color': UNIT_LINE, 'line-width': 0.6, 'line-opacity': 0.8 },
    },
  ];
}

/** Shown when any of its categories is visible. */
export function categoryFilter(allCategories: readonly string[], hidden: readonly string[]): FilterSpecification {
  const visible = allCategories.filter((c) => !hidden.includes(c));
  if (visible.length === allCategories.length) return ['literal', true] as unknown as FilterSpecification;
  return ['any', ...visible.map((c) => ['in', `,${c},`, ['get', 'cats']])] as FilterSpecification;
}

export function facilityLayers(types: Record<FacilityType, boolean>, filter: FilterSpecification): LayerSpecification[] {
  // drawn bottom to top: everyday services (OSM, imports), embedded, 六艺亭, 人民坊 (bus stops: busStopLayers, below)
  return (['service', 'embedded', 'liuyiting', 'renminfang'] as FacilityType[]).map((t): LayerSpecification => {
    const s = TYPE_STYLE[t];
    const hub = t === 'renminfang' || t === 'liuyiting';
    return {
      id: LAYER.facility(t), type: 'circle', source: SRC.facilities,
      filter: ['all', ['==', ['get', 'type'], t], filter] as FilterSpecification,
      layout: { visibility: types[t] ? 'visible' : 'none' },
      paint: {
        'circle-color': hub ? s.color : ['get', 'color'],
        'circle-radius': hub ? s.radius : ['interpolate', ['linear'], ['zoom'], 9, s.radius, 14, s.radius * 2],
        'circle-stroke-color': ['case', ['boolean', ['feature-state', 'hover'], false], HIGHLIGHT, s.stroke],
        'circle-stroke-width': ['case', ['boolean', ['feature-state', 'hover'], false], 3, hub ? 2 : 0.5],
        'circle-opacity': ['match', ['get', 'status'], 'open', 1, 0.55],
      },
    };
  });
}

/** 29k bus stops would bury the city view: they are drawn from street scale (zoom 12.5) on. */
export function busStopLayers(visible: boolean, filter: FilterSpecification): LayerSpecification[] {
  return [{
    id: LAYER.busStops, type: 'circle', source: SRC.busStops, minzoom: 12.5,
    filter,
    layout: { visibility: visible ? 'visible' : 'none' },
    paint: {
      'circle-color': ['get', 'color'],
      'circle-radius': 2.5,
      'circle-stroke-color': ['case', ['boolean', ['feature-state', 'hover'], false], HIGHLIGHT, '#ffffff'],
      'circle-stroke-width': ['case', ['boolean', ['feature-state', 'hover'], false], 3, 0.5],
    },
  }];
}
