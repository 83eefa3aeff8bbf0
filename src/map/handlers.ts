/**
 * What a map click does, per mode (the idea of Placemark's `lib/handlers`): a table
 * mode → handlers. The one map wrapper (MapView) queries the layers the current mode cares
 * about and calls `HANDLERS[mode.kind].click(click)`; nothing else listens for clicks.
 */
import type { Map as MapLibreMap, MapGeoJSONFeature, MapMouseEvent } from 'maplibre-gl';
import { districtAt } from '../geo/reachPlace';
import { useDataStore } from '../state/dataStore';
import { endMode, useModeStore, type Mode, type ModeKind } from '../state/modeStore';
import { useResidentStore } from '../state/residentStore';
import { useTrialStore } from '../state/trialStore';
import { useViewStore } from '../state/viewStore';
import { LAYER } from './layers/base';
import { PLANNER_LAYER } from './layers/planner';

export interface MapClick {
  lngLat: { lng: number; lat: number };
  /** the topmost feature among the mode's layers (earlier layers win), if any */
  feature: MapGeoJSONFeature | null;
  layerId: string | null;
  /** Shift held: keeps placing trial sites */
  shiftKey: boolean;
}

export interface ModeHandlers<K extends ModeKind = ModeKind> {
  /** layers whose features the click is about, in priority order */
  layers: readonly string[];
  /** map cursor while in this mode ('' = the map's default) */
  cursor: string;
  click: (c: MapClick, mode: Extract<Mode, { kind: K }>) => void;
}

const FACILITY_LAYERS = [LAYER.facility('renminfang'), LAYER.facility('liuyiting'), LAYER.facility('embedded')];

export const HANDLERS: { [K in ModeKind]: ModeHandlers<K> } = {
  select: {
    layers: [...FACILITY_LAYERS, LAYER.unitFill, LAYER.districtFill],
    cursor: '',
    click: ({ feature, layerId }) => {
      const { view, select } = useViewStore.getState();
      if (!feature || !layerId) return select(null);
      const p = feature.properties as Record<string, string>;
      if (FACILITY_LAYERS.includes(layerId)) select({ kind: 'facility', id: p.id });
      else if (layerId === LAYER.unitFill && view === 'planner') select({ kind: 'unit', id: p.id });
      else select({ kind: 'district', id: p.code ?? p.district }); // a unit hit outside the planner view selects its district
    },
  },
  pickPlace: {
    layers: [],
    cursor: '',
    click: ({ lngLat }) => {
      const { setPlace, setNotice } = useResidentStore.getState();
      const districts = useDataStore.getState().districts;
      if (districts && !districtAt(lngLat, districts.features)) return setNotice('outside');
      setPlace(lngLat, 'map');
    },
  },
  placeTrial: {
    layers: [PLANNER_LAYER.trialPoint],
    cursor: 'crosshair',
    click: ({ lngLat, feature, shiftKey }) => {
      if (feature) return; // on an existing trial site: that one can be dragged
      const id = useTrialStore.getState().add(lngLat.lng, lngLat.lat);
      // one click, one site: placing ends unless asked to keep on
      if (id && !shiftKey && !useModeStore.getState().keepPlacing) endMode();
    },
  },
  moveTrial: {
    layers: [PLANNER_LAYER.trialPoint],
    cursor: 'crosshair',
    click: ({ lngLat, feature }, mode) => {
      if (feature) return;
      useTrialStore.getState().move(mode.id, lngLat.lng, lngLat.lat);
      endMode();
    },
  },
};

/** Calls the current mode's handler with the topmost feature of its layers. */
export function dispatchClick(map: MapLibreMap, e: MapMouseEvent): void {
  const mode = useModeStore.getState().mode;
  const handlers = HANDLERS[mode.kind] as ModeHandlers;
  const present = handlers.layers.filter((id) => map.getLayer(id));
  const hits = present.length ? map.queryRenderedFeatures(e.point, { layers: present }) : [];
  let best: MapGeoJSONFeature | null = null;
  for (const id of present) {
    best = hits.find((h) => h.layer.id === id) ?? null;
    if (best) break;
  }
  handlers.click(
    { lngLat: { lng: e.lngLat.lng, lat: e.lngLat.lat }, feature: best, layerId: best?.layer.id ?? null, shiftKey: Boolean(e.originalEvent?.shiftKey) },
    mode,
  );
}
