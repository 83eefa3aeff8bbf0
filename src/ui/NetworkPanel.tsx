/**
 * The walk-model switch of the coverage panel (直线（圆） / 路网) and, in network mode, the
 * street network's state: loading progress, errors, and the import report (nodes, edges,
 * walkable km, components, ways dropped per rule, attribution, what the figures mean).
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Crs } from '../io/importTypes';
import { NETWORK_OPTIONS, loadNetwork, loadShippedNetwork, loadWantedNetwork, networkMismatch, retryNetworkSave, setWantedNetwork, useNetworkStore, switchToShippedNetwork, type WalkModelId } from '../state/networkStore';
import type { NetworkRef } from '../io/networkRef';
import { sameNetwork } from '../io/networkRef';
import { useViewStore } from '../state/viewStore';
import { useT } from '../state/useT';
import { useResidentNetworkStore } from '../state/residentNetwork';
import { toCsv } from '../io/csvExport';
import { downloadText } from './download';
import { formatNumber, pick } from '../domain/lang';

export function NetworkPanel() {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const n = useNetworkStore(useShallow((s) => ({
    model: s.model, status: s.status, progress: s.progress, error: s.error, report: s.report, shipped: s.shipped, setModel: s.setModel,
    save: s.save, restoreError: s.restoreError, ref: s.ref, wanted: s.wanted, stored: s.stored,
  })));
  const missing = networkMismatch(n);
  const num = (v: number, d = 0) => formatNumber(v, lang, d, true);
  const r = n.report;
  const [crs, setCrs] = useState<Crs>('wgs84');
  const openFile = async (file: File | undefined) => {
    if (!file) return;
    await loadNetwork(await file.arrayBuffer(), file.name, crs, false);
  };
  // the workspace's network, picked as a file: refused unless it is that very file (size, hash)
  const openWanted = async (file: File | undefined, w: NetworkRef) => {
    if (!file) return;
    await loadNetwork(await file.arrayBuffer(), file.name, w.crs, false, { expect: w });
  };
  const mb = (bytes: number) => `${num(bytes / 1e6, 2)} MB`;
  const unlinked = useResidentNetworkStore((s) => s.unlinked);
  const saveUnlinked = () => {
    if (!unlinked) return;
    const rows = [['id', 'name', 'lng', 'lat', 'categories', 'nearest_edge_m'], ...unlinked.map((f) => [f.id, f.name, f.lng, f.lat, f.categories.join(';'), f.nearestEdgeM])];
    downloadText('network-unlinked.csv', toCsv(rows));
  };
  return (
    <div data-testid="net-panel">
      {missing && (
        <div role="alert" className="import-error" data-testid="net-wanted">
          <strong>{t('net.wanted.title')}</strong>{' '}
          {t('net.wanted.desc', {
            name: missing.name, size: mb(missing.size), hash: missing.sha256 ? `${missing.sha256.slice(0, 12)}…` : t('net.wanted.noHash'),
            source: t(missing.source === 'shipped' ? 'net.wanted.sourceShipped' : 'net.wanted.sourceFile'), crs: missing.crs.toUpperCase(),
            extent: missing.extent.map((v) => v.toFixed(4)).join(', '),
            current: n.status === 'ready' && n.ref ? t('net.wanted.current', { name: n.ref.name }) : t('net.wanted.none'),
          })}{' '}
          {missing.source === 'shipped' && <button type="button" onClick={() => void loadWantedNetwork()} data-testid="net-wanted-shipped">{t('net.wanted.loadShipped')}</button>}
          {missing.source === 'file' && sameNetwork(n.stored, missing) && <button type="button" onClick={() => void loadWantedNetwork()} data-testid="net-wanted-stored">{t('net.wanted.loadStored')}</button>}
          {missing.source === 'file' && (
            <label className="field">
              {t('net.wanted.pick')}
              <input type="file" accept=".osm,.pbf,.geojson,.json,.zip" onChange={(e) => void openWanted(e.target.files?.[0], missing)} data-testid="net-wanted-file" />
            </label>
          )}
          {n.status === 'ready' && <button type="button" onClick={() => setWantedNetwork(null)} data-testid="net-wanted-keep">{t('net.wanted.keep')}</button>}
        </div>
      )}
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
          {n.restoreError && <p role="alert" className="import-error" data-testid="net-restore-error">{t('net.restoreError', { error: n.restoreError })}</p>}
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
          {n.status === 'ready' && !n.shipped && (
            <div data-testid="net-save">
              {n.save.state === 'saving' && <p className="note" role="status">{t('net.save.saving')}</p>}
              {n.save.state === 'saved' && <p className="note" role="status" data-testid="net-save-ok">{t('net.save.saved')}</p>}
              {n.save.state === 'failed' && (
                <p role="alert" className="import-error" data-testid="net-save-failed">
                  {t('net.save.failed', { error: n.save.error ?? '' })}{' '}
                  <button type="button" onClick={() => void retryNetworkSave()}>{t('net.save.retry')}</button>
                </p>
              )}
              <button type="button" onClick={() => void switchToShippedNetwork()} data-testid="net-use-shipped">{t('net.useShipped')}</button>
            </div>
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
