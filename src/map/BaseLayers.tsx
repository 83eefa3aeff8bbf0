/** The base overlays: districts, planning units and facilities, with hover and click-to-select. */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDataStore } from '../state/dataStore';
import { useViewStore } from '../state/viewStore';
import { GeoJsonLayer } from './GeoJsonLayer';
import { useHoverHighlight, useMapClick } from './useMapEvents';
import { useLabelsOnTop } from './useLabelsOnTop';
import { LAYER, SRC, categoryFilter, districtLayers, facilitiesToGeoJson, facilityLayers, unitLayers } from './layers/base';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };
const FACILITY_LAYERS = [LAYER.facility('renminfang'), LAYER.facility('liuyiting'), LAYER.facility('embedded')];

export function BaseLayers() {
  const { districts, units, facilities, categories } = useDataStore(
    useShallow((s) => ({ districts: s.districts, units: s.units, facilities: s.facilities, categories: s.categories })),
  );
  const { lang, layers, hidden, view, select } = useViewStore(
    useShallow((s) => ({ lang: s.lang, layers: s.layers, hidden: s.hiddenCategories, view: s.view, select: s.select })),
  );

  const facilityData = useMemo(() => facilitiesToGeoJson(facilities, categories), [facilities, categories]);
  const catIds = useMemo(() => categories.map((c) => c.id), [categories]);
  const dLayers = useMemo(() => districtLayers(lang, layers.districts), [lang, layers.districts]);
  const uLayers = useMemo(() => unitLayers(layers.units), [layers.units]);
  const fLayers = useMemo(
    () => facilityLayers({ renminfang: layers.renminfang, liuyiting: layers.liuyiting, embedded: layers.embedded }, categoryFilter(catIds, hidden)),
    [layers.renminfang, layers.liuyiting, layers.embedded, catIds, hidden],
  );

  useLabelsOnTop(LAYER.districtLabel);
  useHoverHighlight(LAYER.unitFill, SRC.units);
  useHoverHighlight(LAYER.districtFill, SRC.districts);
  // biome-ignore lint/correctness/useHookAtTopLevel: FACILITY_LAYERS is a constant list, so the hook order is stable
  for (const id of FACILITY_LAYERS) useHoverHighlight(id, SRC.facilities);

  useMapClick([...FACILITY_LAYERS, LAYER.unitFill, LAYER.districtFill], ({ feature, layerId }) => {
    if (view === 'resident') return; // the residents' view picks a place instead
    if (!feature || !layerId) return select(null);
    const p = feature.properties as Record<string, string>;
    if (FACILITY_LAYERS.includes(layerId)) select({ kind: 'facility', id: p.id });
    else if (layerId === LAYER.unitFill && view === 'planner') select({ kind: 'unit', id: p.id });
    else select({ kind: 'district', id: p.code ?? p.district }); // a unit hit outside the planner view selects its district
  });

  return (
    <>
      <GeoJsonLayer id={SRC.districts} data={districts ?? EMPTY} layers={dLayers} promoteId="code" />
      <GeoJsonLayer id={SRC.units} data={units ?? EMPTY} layers={uLayers} promoteId="id" />
      <GeoJsonLayer id={SRC.facilities} data={facilityData} layers={fLayers} promoteId="id" />
    </>
  );
}
