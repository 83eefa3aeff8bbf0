/**
 * 导出覆盖结果: the coverage figures as the command line writes them (CSV per unit, CSV per
 * district and the city, GeoJSON; in network mode also the unlinked facilities), built by
 * src/state/coverageExport.ts. Network mode says the files follow `npm run analyze -- --network`.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { coverageFiles, exportReadiness } from '../state/coverageExport';
import { useAnalysisStore } from '../state/analysis';
import { useNetworkStore } from '../state/networkStore';
import { useT } from '../state/useT';
import { downloadText } from './download';

const MIME: Record<string, string> = { csv: 'text/csv;charset=utf-8', geojson: 'application/geo+json' };
const FILE_LABEL = {
  'coverage-units.csv': 'cov.export.file.coverage-units.csv',
  'coverage-districts.csv': 'cov.export.file.coverage-districts.csv',
  'coverage-units.geojson': 'cov.export.file.coverage-units.geojson',
  'network-unlinked.csv': 'cov.export.file.network-unlinked.csv',
} as const;
const STAGE_LABEL = {
  grid: 'cov.export.stage.grid',
  circles: 'cov.export.stage.circles',
  network: 'cov.export.stage.network',
  rows: 'cov.export.stage.rows',
} as const;
type FileName = keyof typeof FILE_LABEL;

export function CoverageExport() {
  const t = useT();
  // re-render when what the export depends on changes
  useAnalysisStore((s) => s.baseline);
  useNetworkStore(useShallow((s) => [s.model, s.status, s.wanted, s.graph]));
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const ready = exportReadiness();
  const network = ready.ok && ready.network;
  const names: FileName[] = ['coverage-units.csv', 'coverage-districts.csv', 'coverage-units.geojson', ...(network ? ['network-unlinked.csv' as const] : [])];
  const save = async (name: FileName) => {
    setBusy(name);
    setMessage(null);
    try {
      const files = await coverageFiles((stage) => setMessage(t('cov.export.stage', { stage: stage in STAGE_LABEL ? t(STAGE_LABEL[stage as keyof typeof STAGE_LABEL]) : stage })));
      const text = files[name];
      if (text === undefined) throw new Error(name);
      downloadText(name, text, MIME[name.split('.').pop() ?? 'csv']);
      setMessage(t('cov.export.done', { name }));
    } catch (e) {
      setMessage(t('cov.export.failed', { error: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="cov-export" data-testid="cov-export">
      <h3>{t('cov.export.title')}</h3>
      <p className="hint">{network ? t('cov.export.network') : t('cov.export.circle')}</p>
      <div className="planner-row">
        {names.map((name) => (
          <button type="button" key={name} disabled={!ready.ok || busy !== null} onClick={() => void save(name)} data-testid={`cov-export-${name.replace(/\W+/g, '-')}`}>
            {busy === name ? t('cov.export.working') : t(FILE_LABEL[name])}
          </button>
        ))}
      </div>
      {!ready.ok && <p className="hint">{t(ready.reason === 'network-mismatch' ? 'cov.export.mismatch' : 'cov.export.waiting')}</p>}
      {message && <p className="hint" role="status" data-testid="cov-export-message">{message}</p>}
    </div>
  );
}
