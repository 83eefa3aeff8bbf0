/** The app shell: header, map with overlays, and the side panel (a bottom sheet on phones). */
import { useEffect, useRef, useState } from 'react';
import { useDataStore } from './state/dataStore';
import { useViewStore } from './state/viewStore';
import { startUrlSync } from './state/urlSync';
import { analysisUrlBinding } from './state/analysisUrl';
import { viewBinding } from './state/viewBinding';
import { loadGeodata, UNITS_LABEL } from './data/loadGeodata';
import { osmSourceLabel } from './data/osmServices';
import { DEFAULT_SOURCES, registerShipped, shippedSelection } from './state/facilitySources';
import { usePopulationStore } from './state/populationStore';
import { useT } from './state/useT';
import { MapView } from './map/MapView';
import { BaseLayers } from './map/BaseLayers';
import { Header } from './ui/Header';
import { SyntheticBanner } from './ui/SyntheticBanner';
import { LayerPanel } from './ui/LayerPanel';
import { DetailsPanel } from './ui/DetailsPanel';
import { DataSources } from './ui/DataSources';
import { PlanView } from './ui/plan/PlanView';
import { planViewBinding } from './state/planViewStore';
import { PlanLayers } from './map/PlanLayers';
import { ResidentPanel } from './ui/resident/ResidentPanel';
import { ResidentLayers } from './map/ResidentLayers';
import { NetworkLayers } from './map/NetworkLayers';
import { residentUrlBinding } from './state/residentStore';
import { ImportPanel } from './ui/import/ImportPanel';
import { WorkspaceRestore } from './ui/import/WorkspaceRestore';
import { CoveragePanel, CoverageUnitDetails } from './ui/CoveragePanel';
import { CoverageLayers } from './map/CoverageLayers';
import { CoverageLegend } from './ui/CoverageLegend';
import { startCoverageAnalysis } from './state/analysis';
import { PlannerTools } from './ui/planner/PlannerTools';
import { startPlannerTools } from './state/sitingStore';
import { PlannerLayers } from './map/PlannerLayers';
import { PlannerSearchLayers } from './map/PlannerSearchLayers';
import { PlannerSearch } from './ui/planner/PlannerSearch';
import { trialUrlBinding } from './state/trialStore';
import { startModeFollowsView } from './state/modeStore';
import { startNetworkLoader, walkModelBinding } from './state/networkStore';
import { startResidentNetwork } from './state/residentNetwork';
import { startStraightLine } from './state/straightLine';
import { localeOf } from './domain/lang';
import { translate } from './i18n';

/** the base layers a click can hit: the map answers clicks once these are drawn */
const READY_SOURCES = ['districts', 'units', 'facilities'] as const;

export function App() {
  const t = useT();
  const status = useDataStore((s) => s.status);
  const error = useDataStore((s) => s.error);
  const view = useViewStore((s) => s.view);
  const lang = useViewStore((s) => s.lang);
  const panel = useRef<HTMLElement>(null);
  const [files, setFiles] = useState<{ done: number; total: number }>({ done: 0, total: 0 });

  useEffect(() => startUrlSync([viewBinding, residentUrlBinding, planViewBinding, trialUrlBinding, analysisUrlBinding, walkModelBinding]), []);
  useEffect(() => startNetworkLoader(), []);
  useEffect(() => startResidentNetwork(), []);
  useEffect(() => startStraightLine(), []);
  useEffect(() => startModeFollowsView(), []);
  useEffect(() => startCoverageAnalysis(), []);
  useEffect(() => startPlannerTools(), []);
  useEffect(() => {
    document.documentElement.lang = localeOf(lang);
    document.title = translate(lang, 'app.title');
  }, [lang]);
  useEffect(() => {
    let live = true;
    loadGeodata((done, total) => live && setFiles({ done, total }))
      .then((g) => {
        if (!live) return;
        registerShipped(g.osm.facilities, g.demoFacilities, osmSourceLabel(g.osm.file.vintage));
        usePopulationStore.getState().setGrid(g.popGrid);
        const start = shippedSelection(DEFAULT_SOURCES);
        useDataStore.getState().setLoaded({
          categories: g.categories,
          districts: g.districts,
          units: g.units,
          unitsLabel: UNITS_LABEL,
          facilities: start.facilities,
          datasets: start.datasets,
          plan: g.plan,
        });
      })
      .catch((e: unknown) => live && useDataStore.getState().setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, []);

  return (
    <div className={`app view-${view}`}>
      <Header />
      <SyntheticBanner />
      <WorkspaceRestore />
      <main className="main">
        <MapView
          label={t('map.label')}
          loading={status === 'ready' ? null : status === 'error' ? { text: `${t('loadError')}${error ?? ''}`, progress: 0 } : { text: t('map.loading', { done: files.done, total: files.total || '…' }), progress: files.total ? files.done / files.total : null }}
          drawingText={t('map.drawing')}
          clickText={t('map.clickEarly')}
          readySources={READY_SOURCES}
        >
          {status === 'ready' && <BaseLayers />}
          {status === 'ready' && view === 'planner' && <CoverageLayers />}
          {status === 'ready' && view === 'planner' && <PlannerLayers panel={panel} />}
          {status === 'ready' && view === 'planner' && <PlannerSearchLayers panel={panel} />}
          {status === 'ready' && view === 'planner' && <CoverageLegend />}
          {status === 'ready' && view === 'plan' && <PlanLayers />}
          {status === 'ready' && view === 'resident' && <ResidentLayers panel={panel} />}
          {status === 'ready' && (view === 'planner' || view === 'resident') && <NetworkLayers />}
        </MapView>
        <aside ref={panel} className="panel" aria-label={t(`view.${view}`)}>
          {status === 'loading' && <p role="status">{t('loading')}</p>}
          {status === 'error' && <p role="alert">{t('loadError')}{error}</p>}
          {status === 'ready' && view === 'planner' && (
            <>
              <PlannerSearch />
              <DetailsPanel unitExtra={(id) => <CoverageUnitDetails unitId={id} />} />
              <CoveragePanel />
              <PlannerTools />
              <LayerPanel />
              <ImportPanel />
            </>
          )}
          {status === 'ready' && view === 'plan' && <PlanView />}
          {status === 'ready' && view === 'resident' && <ResidentPanel />}
          <DataSources />
        </aside>
      </main>
    </div>
  );
}
