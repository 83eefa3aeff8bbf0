/**
 * Owns the one MapLibre map. Children (overlay components) render only once the style
 * has loaded, with the map available through MapContext. The one click path: every click
 * goes to the handler of the current mode (src/map/handlers.ts), which also sets the cursor.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl, type MapMouseEvent } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useModeStore } from '../state/modeStore';
import { HANDLERS, dispatchClick } from './handlers';
import { MapContext } from './mapContext';
import { OSM_ATTRIBUTION } from '../data/osmServices';
import { OFFLINE_STYLE, SHANGHAI_BOUNDS, basemapStyleUrl } from './style';
import { useBasemapStore } from '../state/basemapStore';

/** The custom style URL the user picked in the basemap picker (applied when the map is created). */
const customStyle = () => {
  const b = useBasemapStore.getState();
  return b.id === 'custom' ? b.customUrl : null;
};

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** the map instance, exposed to automated browsers only (navigator.webdriver) for e2e queries */
    __map?: MapLibreMap;
  }
}

export interface MapLoading {
  /** what is loading, e.g. "正在加载数据… 3/5" */
  text: string;
  /** 0–1, or null when unknown */
  progress: number | null;
}

interface Props {
  label: string;
  children?: ReactNode;
  /** data still loading (shown over the map); null once the data is in */
  loading: MapLoading | null;
  /** shown while the map draws `readySources` for the first time */
  drawingText: string;
  /** the answer to a click on the map before it can be used */
  clickText: string;
  /** sources that must be drawn once before clicks mean anything */
  readySources: readonly string[];
}

/** True once every source in `ids` exists and has loaded; stays true afterwards. */
function useSourcesReady(map: MapLibreMap | null, ids: readonly string[]): boolean {
  const [ready, setReady] = useState(false);
  const key = ids.join('|');
  useEffect(() => {
    if (!map || ready) return;
    const list = key.split('|');
    const check = () => {
      if (list.every((id) => map.getSource(id) && map.isSourceLoaded(id))) setReady(true);
    };
    check();
    map.on('sourcedata', check);
    map.on('idle', check);
    return () => {
      map.off('sourcedata', check);
      map.off('idle', check);
    };
  }, [map, key, ready]);
  return ready;
}

export function MapView({ label, children, loading, drawingText, clickText, readySources }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const sourcesReady = useSourcesReady(loading ? null : map, readySources);
  const [clickedEarly, setClickedEarly] = useState(false);
  const busy = loading ?? (!map || !sourcesReady ? { text: drawingText, progress: null } : null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is created once; the label is updated by the effect below
  useEffect(() => {
    if (!container.current) return;
    const hasHash = /^#\d/.test(window.location.hash);
    const m = new MapLibreMap({
      container: container.current,
      style: basemapStyleUrl(window.location.search, customStyle()) ?? OFFLINE_STYLE,
      bounds: hasHash ? undefined : SHANGHAI_BOUNDS,
      hash: true,
      attributionControl: { compact: true, customAttribution: `${OSM_ATTRIBUTION} · echarts 4.9 (Apache-2.0) · Natural Earth (public domain) · 2020 census` },
      localIdeographFontFamily: "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
      maxBounds: [[119.5, 30.0], [123.5, 32.6]],
      // labels appear at once: a fade is a run of full redraws, each one a long task on a machine drawing in software
      fadeDuration: 0,
    });
    m.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    m.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    m.getCanvas().setAttribute('aria-label', label);
    if (navigator.webdriver) window.__map = m;
    m.on('load', () => setMap(m));
    return () => {
      setMap(null);
      m.remove();
    };
  }, []);

  useEffect(() => {
    map?.getCanvas().setAttribute('aria-label', label);
  }, [map, label]);

  // what a click means and the cursor that says so: the current mode's handlers
  const modeKind = useModeStore((s) => s.mode.kind);
  useEffect(() => {
    if (!map) return;
    const onClick = (e: MapMouseEvent) => dispatchClick(map, e);
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map]);
  useEffect(() => {
    if (map) map.getCanvasContainer().style.cursor = HANDLERS[modeKind].cursor;
  }, [map, modeKind]);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" data-testid="map" />
      {map && <MapContext.Provider value={map}>{children}</MapContext.Provider>}
      {busy && (
        // covers the map until it can answer clicks: a click here is answered, never lost silently
        <button type="button" className="map-loading" data-testid="map-loading" onClick={() => setClickedEarly(true)}>
          <span className="map-loading-card" role="status" aria-live="polite">
            <span>{busy.text}</span>
            {busy.progress === null ? <progress /> : <progress max={1} value={busy.progress} />}
            {clickedEarly && <span className="map-loading-click" data-testid="map-loading-click">{clickText}</span>}
          </span>
        </button>
      )}
    </div>
  );
}
