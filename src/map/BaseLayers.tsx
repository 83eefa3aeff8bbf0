/** The base overlays: districts, planning units and facilities, with hover highlight (clicks: src/map/handlers.ts). */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDataStore } from '../state/dataStore';
import { useViewStore } from '../state/viewStore';
import { GeoJsonLayer } from './GeoJsonLayer';
import { useHoverHighlight } from './useMapEvents';
import { useLabelsOnTop } from './useLabelsOnTop';
import { usePopulationStore } from '../state/populationStore';
import { useBasemapStore } from '../state/basemapStore';
import { BasemapLayer } from './BasemapLayer';
import { populationGridToGeoJson } from '../data/populationGrid';
import { LAYER, SRC, busStopLayers, populationLayers, isBusStop, categoryFilter, districtLayers, facilitiesToGeoJson, facilityLayers, unitLayers } from './layers/base';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };
const FACILITY_LAYERS = [LAYER.facility('renminfang'), LAYER.facility('liuyiting'), LAYER.facility('embedded'), LAYER.facility('service'), LAYER.busStops];

export function BaseLayers() {
  const { districts, units, facilities, categories } = useDataStore(
    useShallow((s) => ({ districts: s.districts, units: s.units, facilities: s.facilities, categories: s.categories })),
  );
  const { lang, layers, hidden } = useViewStore(useShallow((s) => ({ lang: s.lang, layers: s.layers, hidden: s.hiddenCategories })));

  const [facilityData, busData] = useMemo(() => {
    const stops = facilities.filter(isBusStop);
    const rest = stops.length ? facilities.filter((f) => !isBusStop(f)) : facilities;
    return [facilitiesToGeoJson(rest, categories), facilitiesToGeoJson(stops, categories)];
  }, [facilities, categories]);
  const catIds = useMemo(() => categories.map((c) => c.id), [categories]);
  const bLayers = useMemo(() => busStopLayers(layers.service, categoryFilter(catIds, hidden)), [layers.service, catIds, hidden]);
  const onlineBasemap = useBasemapStore((s) => s.id !== 'offline');
  const dLayers = useMemo(() => districtLayers(lang, layers.districts, onlineBasemap), [lang, layers.districts, onlineBasemap]);
  const uLayers = useMemo(() => unitLayers(layers.units), [layers.units]);
  const grid = usePopulationStore((s) => s.grid);
  // built only once the layer is first shown (27k cells)
  const popData = useMemo(() => (grid && layers.population ? populationGridToGeoJson(grid) : EMPTY), [grid, layers.population]);
  const pLayers = useMemo(() => populationLayers(layers.population), [layers.population]);
  const fLayers = useMemo(
    () => facilityLayers({ renminfang: layers.renminfang, liuyiting: layers.liuyiting, embedded: layers.embedded, service: layers.service }, categoryFilter(catIds, hidden)),
    [layers.renminfang, layers.liuyiting, layers.embedded, layers.service, catIds, hidden],
  );

  useLabelsOnTop(LAYER.districtLabel);
  useHoverHighlight(LAYER.unitFill, SRC.units);
  useHoverHighlight(LAYER.districtFill, SRC.districts);
  // biome-ignore lint/correctness/useHookAtTopLevel: FACILITY_LAYERS is a constant list, so the hook order is stable
  for (const id of FACILITY_LAYERS) useHoverHighlight(id, id === LAYER.busStops ? SRC.busStops : SRC.facilities);

  return (
    <>
      <GeoJsonLayer id={SRC.districts} data={districts ?? EMPTY} layers={dLayers} promoteId="code" />
      <BasemapLayer beforeId={LAYER.districtFill} />
      <GeoJsonLayer id={SRC.population} data={popData} layers={pLayers} />
      <GeoJsonLayer id={SRC.units} data={units ?? EMPTY} layers={uLayers} promoteId="id" />
      <GeoJsonLayer id={SRC.busStops} data={busData} layers={bLayers} promoteId="id" />
      <GeoJsonLayer id={SRC.facilities} data={facilityData} layers={fLayers} promoteId="id" />
    </>
  );
}
