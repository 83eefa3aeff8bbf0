/**
 * Map overlay of the residents' view (render inside <MapView>): the 5/10/15-minute reach and
 * the chosen place; a map tap picks the place; search / my-location / shared links frame it.
 */
import { useEffect, useMemo } from 'react';
import { GeoJsonLayer } from '../../map/GeoJsonLayer';
import { useMap } from '../../map/mapContext';
import { useMapClick } from '../../map/useMapEvents';
import { REACH_POINT_SOURCE, REACH_SOURCE, reachLayers, reachPointLayers } from '../../map/layers/reach';
import { reachPoint, reachRings } from '../../geo/reachRings';
import { districtAt } from '../../geo/reachPlace';
import { useDataStore } from '../../state/dataStore';
import { useResidentStore } from './residentStore';
import { personaWalk } from './useResidentReach';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };
const RINGS = reachLayers();
const POINT = reachPointLayers();

/** How much of the map the panel covers, so framing keeps the rings visible beside/above it. */
function panelPadding(): { top: number; bottom: number; left: number; right: number } {
  const pad = { top: 40, bottom: 40, left: 40, right: 40 };
  const el = typeof document !== 'undefined' ? document.querySelector('.resident-panel') : null;
  if (!el) return pad;
  const r = el.getBoundingClientRect();
  if (window.innerWidth < 768) pad.bottom += Math.min(r.height, window.innerHeight * 0.6);
  else pad.left += r.right;
  return pad;
}

export function ResidentLayers() {
  const map = useMap();
  const at = useResidentStore((s) => s.at);
  const persona = useResidentStore((s) => s.persona);
  const focusSeq = useResidentStore((s) => s.focusSeq);
  const districts = useDataStore((s) => s.districts);

  const walk = useMemo(() => personaWalk(persona), [persona]);
  const rings = useMemo(() => (at ? reachRings(at, walk) : EMPTY), [at, walk]);
  const point = useMemo(() => (at ? reachPoint(at) : EMPTY), [at]);

  useMapClick([], ({ lngLat }) => {
    const { setPlace, setNotice } = useResidentStore.getState();
    if (districts && !districtAt(lngLat, districts.features)) return setNotice('outside');
    setPlace(lngLat, 'map');
  });

  // frame the 15-minute ring when the place came from search, my location or a link without a camera
  useEffect(() => {
    const { at: place, source } = useResidentStore.getState();
    if (!place || focusSeq === 0) return;
    if (source === 'url' && /^#\d/.test(window.location.hash)) return; // the link carries its own camera
    const ring = reachRings(place, personaWalk(useResidentStore.getState().persona), 8).features[0];
    const xs = ring.geometry.coordinates[0].map((c) => c[0]);
    const ys = ring.geometry.coordinates[0].map((c) => c[1]);
    map.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: panelPadding(), maxZoom: 16, duration: 600 });
  }, [map, focusSeq]);

  return (
    <>
      <GeoJsonLayer id={REACH_SOURCE} data={rings} layers={RINGS} />
      <GeoJsonLayer id={REACH_POINT_SOURCE} data={point} layers={POINT} />
    </>
  );
}
