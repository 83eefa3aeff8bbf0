/**
 * The walk-model switch of the coverage panel (直线（圆） / 路网) and, in network mode, the
 * street network's state: loading progress, errors, and the import report (nodes, edges,
 * walkable km, components, ways dropped per rule, attribution, what the figures mean).
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Crs } from '../io/importTypes';
import { NETWORK_OPTIONS, loadNetwork, loadShippedNetwork, useNetworkStore, type WalkModelId } from '../state/networkStore';
import { useViewStore } from '../state/viewStore';
import { useT } from '../state/useT';
import { useResidentNetworkStore } from '../state/residentNetwork';
import { toCsv } from '../io/csvExport';
import { downloadText } from './download';
import { localeOf, pick } from '../domain/lang';

export function NetworkPanel() {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const n = useNetworkStore(useShallow((s) => ({ model: s.model, status: s.status, progress: s.progress, error: s.error, report: s.report, shipped: s.shipped, setModel: s.setModel })));
  const num = (v: number, d = 0) => v.toLocaleString(localeOf(lang), { maximumFractionDigits: d, minimumFractionDigits: d });
  const r = n.report;
  const [crs, setCrs] = useState<Crs>('wgs84');
  const openFile = async (file: File | undefined) => {
    if (!file) return;
    await loadNetwork(await file.arrayBuffer(), file.name, crs, false);
  };
  const unlinked = useResidentNetworkStore((s) => s.unlinked);
  const saveUnlinked = () => {
    if (!unlinked) return;
    const rows = [['id', 'name', 'lng', 'lat', 'categories', 'nearest_edge_m'], ...unlinked.map((f) => [f.id, f.name, f.lng, f.lat, f.categories.join(';'), f.nearestEdgeM])];
    downloadText('network-unlinked.csv', toCsv(rows));
  };
  return (
    <div data-testid="net-panel">
      <fieldset className="field">
        <legend>{t('net.model')}</legend>
        {(['circle', 'network'] as WalkModelId[]).map((m) => (
          <label className="toggle" key={m}>
            <input type="radio" name="walk-model" value={m} checked={n.model === m} onChange={() => n.setModel(m)} data-testid={`net-model-${m}`} />
            {t(`net.model.${m}`)}
          </label>
        ))}
      </fieldset>
      {n.model === 'network' && (
        <div className="network-state" aria-live="polite">
          <p className="hint">{t('net.model.hint')}</p>
          {n.status === 'loading' && (
            <p role="status" data-testid="net-loading">
              <progress max={1} value={n.progress} aria-label={t('net.loading', { pct: Math.round(n.progress * 100) })} /> {t('net.loading', { pct: Math.round(n.progress * 100) })}
            </p>
          )}
          {n.error && (
            <p role="alert" data-testid="net-error">
              {t('net.error')}{n.error}{' '}
              {n.status === 'error' && <button type="button" onClick={() => void loadShippedNetwork()}>{t('net.retry')}</button>}
            </p>
          )}
          {n.status === 'ready' && r && (
            <details data-testid="net-report">
              <summary>{n.shipped ? t('net.shipped') : t('net.file', { name: r.fileName })}</summary>
              <dl className="net-report">
                <dt>{t('net.nodes')}</dt><dd data-testid="net-nodes">{num(r.nodes)}</dd>
                <dt>{t('net.edges')}</dt><dd data-testid="net-edges">{num(r.edges)}</dd>
                <dt>{t('net.km')}</dt><dd>{t('net.kmUnit', { v: num(r.walkableKm, 1) })}</dd>
                <dt>{t('net.components')}</dt><dd>{num(r.components)}</dd>
                <dt>{t('net.largest')}</dt><dd>{`${num(100 * r.largestComponentShare, 1)}%`}</dd>
                <dt>{t('net.extent')}</dt><dd>{r.extent.map((v) => v.toFixed(4)).join(', ')}</dd>
                <dt>{t('net.dropped')}</dt>
                <dd>
                  {r.dropped.length === 0 ? t('net.droppedNone') : (
                    <ul>{r.dropped.map((d) => <li key={d.rule}>{`${pick(lang, d)}: ${num(d.count)}`}</li>)}</ul>
                  )}
                </dd>
              </dl>
              {unlinked && (
                <p className="hint" data-testid="net-unlinked">
                  {unlinked.length === 0 ? t('net.unlinkedNone', { m: NETWORK_OPTIONS.accessM }) : t('net.unlinked', { n: unlinked.length, m: NETWORK_OPTIONS.accessM })}
                  {unlinked.length > 0 && <button type="button" onClick={saveUnlinked} data-testid="net-unlinked-csv">{t('net.unlinkedCsv')}</button>}
                </p>
              )}
              {n.shipped && <p className="hint" data-testid="net-drive-only">{t('net.driveOnly')}</p>}
              {r.attribution && <p className="hint">{t('net.attribution')}</p>}
            </details>
          )}
          {n.status === 'ready' && <p className="hint">{t('net.landInside')}</p>}
          <details>
            <summary>{t('net.own')}</summary>
            <p className="hint">{t('net.own.hint')}</p>
            <label className="field">
              {t('net.own.crs')}
              <select value={crs} onChange={(e) => setCrs(e.target.value as Crs)} data-testid="net-own-crs">
                <option value="wgs84">WGS84</option>
                <option value="gcj02">GCJ-02</option>
                <option value="bd09">BD-09</option>
              </select>
            </label>
            <label className="field">
              {t('net.own.file')}
              <input type="file" accept=".osm,.pbf,.geojson,.json,.zip" onChange={(e) => void openFile(e.target.files?.[0])} data-testid="net-own-file" />
            </label>
          </details>
          {n.status !== 'ready' && n.status !== 'error' && <p className="hint">{t('net.waiting')}</p>}
        </div>
      )}
    </div>
  );
}
