/**
 * Map overlay of the residents' view (render inside <MapView>): the 5/10/15-minute reach and
 * the chosen place (a map tap picks it: src/map/handlers.ts); search / my-location / shared
 * links frame it, leaving out the part of the map the panel covers.
 */
import { useEffect, useMemo, type RefObject } from 'react';
import { GeoJsonLayer } from './GeoJsonLayer';
import { useMap } from './mapContext';
import { LAYER } from './layers/base';
import { REACH_POINT_SOURCE, REACH_SHOWN_SOURCE, REACH_SOURCE, reachLayers, reachPointLayers, reachShownLayers } from './layers/reach';
import { reachPoint, reachRings } from '../geo/reachRings';
import { personaSpeed } from '../domain/walk';
import { useResidentStore } from '../state/residentStore';
import { useResidentNetworkStore } from '../state/residentNetwork';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };
const RINGS = reachLayers();
const POINT = reachPointLayers();
const SHOWN = reachShownLayers();

/** Padding for framing: the part of the map the panel covers (the bottom sheet on phones) is left out. */
function framePadding(container: HTMLElement, panel: HTMLElement | null): { top: number; bottom: number; left: number; right: number } {
  const pad = { top: 30, bottom: 30, left: 30, right: 30 };
  if (!panel) return pad;
  const m = container.getBoundingClientRect();
  const p = panel.getBoundingClientRect();
  const overlapsX = p.left < m.right && p.right > m.left;
  if (overlapsX && p.top < m.bottom && p.bottom >= m.bottom - 1) pad.bottom += Math.max(0, Math.min(m.bottom - p.top, m.height * 0.6));
  return pad;
}

/** `panel`: the element over the map (the shell's side panel or bottom sheet), if any. */
export function ResidentLayers({ panel }: { panel?: RefObject<HTMLElement | null> }) {
  const map = useMap();
  const at = useResidentStore((s) => s.at);
  const persona = useResidentStore((s) => s.persona);
  const focusSeq = useResidentStore((s) => s.focusSeq);
  const shown = useResidentStore((s) => s.shown);
  const areaSeq = useResidentStore((s) => s.area?.seq ?? 0);

  const walk = useMemo(() => personaSpeed(persona), [persona]);
  const net = useResidentNetworkStore();
  // network isochrones for this very place and persona when the network answered, else circles
  const iso = at && net.at && net.at.lng === at.lng && net.at.lat === at.lat && net.persona === persona && net.answer?.isochrones?.ok ? net.answer.isochrones.collection : null;
  const circles = useMemo(() => (at ? reachRings(at, walk) : EMPTY), [at, walk]);
  const rings = iso ?? circles;
  const point = useMemo(() => (at ? reachPoint(at) : EMPTY), [at]);
  const shownData = useMemo(() => (shown ? reachPoint(shown) : EMPTY), [shown]);

  // a facility picked in the list: centre it (same zoom) and ring it
  useEffect(() => {
    if (shown) map.easeTo({ center: [shown.lng, shown.lat], duration: 400 });
  }, [map, shown]);

  // a district or 街镇 picked in search: frame the whole area (the panel asks for a place in it)
  useEffect(() => {
    const area = useResidentStore.getState().area;
    if (!area || areaSeq === 0) return;
    const [w, s, e, n] = area.bbox;
    map.fitBounds([[w, s], [e, n]], { padding: framePadding(map.getContainer(), panel?.current ?? null), duration: 600 });
  }, [map, areaSeq, panel]);

  // frame the 15-minute ring when the place came from search, my location or a link without a camera
  useEffect(() => {
    const { at: place } = useResidentStore.getState();
    if (!place || focusSeq === 0) return; // 0: nothing asked, or a link that carries its own camera
    const ring = reachRings(place, personaSpeed(useResidentStore.getState().persona), 8).features[0];
    const xs = ring.geometry.coordinates[0].map((c) => c[0]);
    const ys = ring.geometry.coordinates[0].map((c) => c[1]);
    map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: framePadding(map.getContainer(), panel?.current ?? null), maxZoom: 16, duration: 600 });
  }, [map, focusSeq, panel]);

  return (
    <>
      {/* rings under the facility points, the chosen place on top */}
      <GeoJsonLayer id={REACH_SOURCE} data={rings} layers={RINGS} beforeId={LAYER.busStops} />
      <GeoJsonLayer id={REACH_POINT_SOURCE} data={point} layers={POINT} />
      <GeoJsonLayer id={REACH_SHOWN_SOURCE} data={shownData} layers={SHOWN} />
    </>
  );
}
