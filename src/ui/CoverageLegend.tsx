/**
 * The coverage legend, on the map (top left) where the colours are: what is coloured (the
 * chosen category or completeness), its walking minutes and straight-line reach under the
 * current parameters, the colour classes, the uncovered-area colour, and why this category
 * is the default. Rendered by the shell inside the map frame, planner view only.
 */
import { useShallow } from 'zustand/react/shallow';
import { minutesFor, reachMetres } from '../domain/walk';
import { COMPLETE_SLOT } from '../geo/coverageTypes';
import { GAP_COLOR, NETWORK_EXTENT_COLOR, NO_DATA_COLOR, coverageLegend } from '../domain/palette';
import { DEFAULT_SLOT, useAnalysisStore } from '../state/analysis';
import { useDataStore } from '../state/dataStore';
import { useViewStore } from '../state/viewStore';
import { useT } from '../state/useT';
import { pick } from '../domain/lang';
import { useNetworkStore } from '../state/networkStore';

/** "健康服务 · 15 分钟 · 直线 865 米" — shared by the legend and the panel. */
export function useSlotSummary(): { name: string; minutes: number | null; reachM: number | null; isDefault: boolean; standard: boolean } {
  const { slot, params } = useAnalysisStore(useShallow((s) => ({ slot: s.slot, params: s.params })));
  const categories = useDataStore((s) => s.categories);
  const lang = useViewStore((s) => s.lang);
  const t = useT();
  const c = categories.find((x) => x.id === slot);
  if (slot === COMPLETE_SLOT || !c) return { name: t('cov.complete'), minutes: null, reachM: null, isDefault: false, standard: params.mode === 'standard' };
  return {
    name: pick(lang, c),
    minutes: minutesFor(c, params),
    reachM: Math.round(reachMetres(c, params)),
    isDefault: slot === DEFAULT_SLOT,
    standard: params.mode === 'standard',
  };
}

export function SlotReach() {
  const t = useT();
  const s = useSlotSummary();
  if (s.minutes === null) return <>{t('cov.legend.complete')}</>;
  return <>{s.standard ? t('cov.legend.reachStandard', { m: s.reachM ?? 0 }) : t('cov.legend.reach', { min: s.minutes, m: s.reachM ?? 0 })}</>;
}

export function CoverageLegend() {
  const t = useT();
  const result = useAnalysisStore((s) => s.result);
  const gapsDistrict = useAnalysisStore((s) => s.gapsDistrict);
  const s = useSlotSummary();
  // the network's extent is outlined on the map (src/map/NetworkLayers.tsx): null when no network is loaded
  const netOsm = useNetworkStore((x) => (x.status === 'ready' && x.report ? x.report.attribution !== null : null));
  return (
    <section className="map-legend" aria-label={t('cov.legend')} data-testid="cov-legend">
      <h2 className="map-legend-title">{t('cov.legend.title', { name: s.name })}</h2>
      <p className="map-legend-reach" data-testid="cov-legend-reach"><SlotReach /></p>
      {result ? (
        <ul className="legend">
          {coverageLegend().map((l) => (
            <li key={l.color} data-color={l.color}>
              <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
              {`${l.fromPct}–${l.toPct}%`}
            </li>
          ))}
          {result.engine.walkModel === 'network' && (
            <li data-color={NO_DATA_COLOR}>
              <span className="swatch" style={{ background: NO_DATA_COLOR }} aria-hidden="true" />
              {t('net.noDataLegend')}
            </li>
          )}
          {result.engine.walkModel === 'network' && netOsm !== null && (
            <li data-testid="net-extent-legend">
              <span className="swatch swatch-dashed" style={{ borderColor: NETWORK_EXTENT_COLOR }} aria-hidden="true" />
              {netOsm ? t('net.extentLegendOsm') : t('net.extentLegend')}
            </li>
          )}
          <li data-color={GAP_COLOR}>
            <span className="swatch" style={{ background: GAP_COLOR, opacity: 0.7 }} aria-hidden="true" />
            {gapsDistrict ? t('cov.legend.gaps') : t('cov.legend.gapsHint')}
          </li>
        </ul>
      ) : (
        <p className="hint">{t('cov.legend.waiting')}</p>
      )}
      {s.isDefault && <p className="hint" data-testid="cov-legend-default">{t('cov.legend.default', { name: s.name, min: s.minutes ?? '' })}</p>}
    </section>
  );
}
