/**
 * Map overlay of the planner's tools (render inside <MapView>): trial sites with their reach,
 * ranked site suggestions. What a click does (drop or move a trial site) is the mode's
 * business (src/map/handlers.ts); a trial site can also be dragged with the mouse.
 */
import { useEffect, useMemo, type RefObject } from 'react';
import type { GeoJSONSource, MapLayerMouseEvent, MapMouseEvent } from 'maplibre-gl';
import { useShallow } from 'zustand/react/shallow';
import { reachMetres } from '../domain/walk';
import { useAnalysisStore } from '../state/analysis';
import { useDataStore } from '../state/dataStore';
import { useSitingStore } from '../state/sitingStore';
import { useModeStore } from '../state/modeStore';
import { useTrialStore } from '../state/trialStore';
import { useT } from '../state/useT';
import { GeoJsonLayer } from './GeoJsonLayer';
import { useMap } from './mapContext';
import { HANDLERS } from './handlers';
import {
  PLANNER_LAYER, PLANNER_SRC, suggestionBounds, suggestionLayers, suggestionsGeoJson, trialLayers, trialReachGeoJson, trialReachLayers, trialsGeoJson,
} from './layers/planner';
import { panelPadding } from './framing';

const TRIAL_LAYERS = trialLayers();
const REACH_LAYERS = trialReachLayers();
const SUGGESTION_LAYERS = suggestionLayers();

/** `panel`: the side panel / bottom sheet, so framed suggestions stay clear of it */
export function PlannerLayers({ panel }: { panel?: RefObject<HTMLElement | null> }) {
  const map = useMap();
  const t = useT();
  const trials = useTrialStore((s) => s.trials);
  const mode = useModeStore((s) => s.mode);
  const moving = mode.kind === 'moveTrial' ? mode.id : null;
  const { result, adopted, shownRank } = useSitingStore(useShallow((s) => ({ result: s.result, adopted: s.adopted, shownRank: s.shownRank })));
  const focusSeq = useSitingStore((s) => s.focus?.seq ?? 0);
  const categories = useDataStore((s) => s.categories);
  const params = useAnalysisStore((s) => s.params);

  const trialData = useMemo(() => trialsGeoJson(trials, (i) => t('pl.trial.mapLabel', { n: i + 1 }), moving), [trials, moving, t]);
  const reachData = useMemo(() => {
    const reach = (id: string) => {
      const c = categories.find((x) => x.id === id);
      return c ? reachMetres(c, params) : 0;
    };
    return trialReachGeoJson(trials, reach);
  }, [trials, categories, params]);
  const suggestionData = useMemo(() => suggestionsGeoJson(result?.suggestions ?? [], adopted, shownRank), [result, adopted, shownRank]);

  // frame the suggestions when they arrive (they may be in another district), or one from the list
  useEffect(() => {
    const { focus, result: r } = useSitingStore.getState();
    if (!focus || !r || focusSeq === 0) return;
    const b = suggestionBounds(r.suggestions, focus.rank);
    if (!b) return;
    const padding = panelPadding(map.getContainer(), panel?.current ?? null, 60);
    if (focus.rank === null && (b[0][0] !== b[1][0] || b[0][1] !== b[1][1])) map.fitBounds(b, { padding, maxZoom: 14, duration: 500 });
    else map.easeTo({ center: b[0], zoom: Math.max(map.getZoom(), 14), padding, duration: 500 });
  }, [map, focusSeq, panel]);

  // drag a trial site: the point follows the mouse (source data only), the store gets the drop
  useEffect(() => {
    let dragging: string | null = null;
    const onDown = (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties?.id;
      if (typeof id !== 'string' || e.originalEvent.button !== 0) return;
      e.preventDefault(); // no map pan
      dragging = id;
      map.getCanvasContainer().style.cursor = 'grabbing';
      map.on('mousemove', onMove);
      map.once('mouseup', onUp);
    };
    const onMove = (e: MapMouseEvent) => {
      if (!dragging) return;
      const src = map.getSource(PLANNER_SRC.trials) as GeoJSONSource | undefined;
      const list = useTrialStore.getState().trials;
      const m = useModeStore.getState().mode;
      const mv = m.kind === 'moveTrial' ? m.id : null;
      const moved = list.map((x) => (x.id === dragging ? { ...x, lng: e.lngLat.lng, lat: e.lngLat.lat } : x));
      src?.setData(trialsGeoJson(moved, (i) => t('pl.trial.mapLabel', { n: i + 1 }), mv));
    };
    const onUp = (e: MapMouseEvent) => {
      map.off('mousemove', onMove);
      const id = dragging;
      dragging = null;
      map.getCanvasContainer().style.cursor = HANDLERS[useModeStore.getState().mode.kind].cursor;
      if (id) useTrialStore.getState().move(id, e.lngLat.lng, e.lngLat.lat);
    };
    const onEnter = () => {
      if (!dragging) map.getCanvasContainer().style.cursor = 'grab';
    };
    const onLeave = () => {
      if (!dragging) map.getCanvasContainer().style.cursor = HANDLERS[useModeStore.getState().mode.kind].cursor;
    };
    map.on('mousedown', PLANNER_LAYER.trialPoint, onDown);
    map.on('mouseenter', PLANNER_LAYER.trialPoint, onEnter);
    map.on('mouseleave', PLANNER_LAYER.trialPoint, onLeave);
    return () => {
      map.off('mousedown', PLANNER_LAYER.trialPoint, onDown);
      map.off('mouseenter', PLANNER_LAYER.trialPoint, onEnter);
      map.off('mouseleave', PLANNER_LAYER.trialPoint, onLeave);
      map.off('mousemove', onMove);
    };
  }, [map, t]);

  return (
    <>
      {trials.length > 0 && (
        // the coverage colours and figures now include hypothetical sites: say so on the map
        <div className="trial-map-notice" role="status" data-testid="trial-map-notice">{t('pl.trial.mapNotice', { n: trials.length })}</div>
      )}
      <GeoJsonLayer id={PLANNER_SRC.trialReach} data={reachData} layers={REACH_LAYERS} />
      <GeoJsonLayer id={PLANNER_SRC.suggestions} data={suggestionData} layers={SUGGESTION_LAYERS} />
      <GeoJsonLayer id={PLANNER_SRC.trials} data={trialData} layers={TRIAL_LAYERS} promoteId="id" />
    </>
  );
}
