/**
 * The loaded street network's extent (network mode only, planner and resident views), with its
 * attribution on the map when it comes from OpenStreetMap (the source's attribution joins the
 * map's attribution control while the outline is shown).
 *
 * In the planner's view the outline appears with the first network figures: adding a source is
 * a run of redraws (one per tile it loads), better spent once the figures are there than while
 * the page waits for the worker.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAnalysisStore } from '../state/analysis';
import { useNetworkStore } from '../state/networkStore';
import { useT } from '../state/useT';
import { useViewStore } from '../state/viewStore';
import { GeoJsonLayer } from './GeoJsonLayer';
import { NETWORK_EXTENT_SOURCE_ID, networkExtentGeoJson, networkExtentLayers } from './layers/network';

const LAYERS = networkExtentLayers();

export function NetworkLayers() {
  const t = useT();
  const n = useNetworkStore(useShallow((s) => ({ on: s.model === 'network' && s.status === 'ready', extent: s.report?.extent ?? null, osm: s.report?.attribution != null })));
  const figures = useAnalysisStore((s) => s.result?.engine.walkModel === 'network');
  const resident = useViewStore((s) => s.view === 'resident');
  const label = t('net.extentLabel');
  const data = useMemo(() => (n.extent ? networkExtentGeoJson(n.extent, label) : null), [n.extent, label]);
  if (!n.on || !data || !(figures || resident)) return null;
  // the key remounts the source when the attribution changes (a source's attribution is fixed when added)
  return <GeoJsonLayer key={n.osm ? 'osm' : 'plain'} id={NETWORK_EXTENT_SOURCE_ID} data={data} layers={LAYERS} attribution={n.osm ? '© OpenStreetMap contributors, ODbL (路网 / street network)' : undefined} />;
}
