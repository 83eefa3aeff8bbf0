/**
 * "Import data" section of the planner panel: buttons for each kind of file, the
 * imported datasets (removable), workspace export/load, and reset to demo.
 */
import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { readWorkspace, workspaceToJson } from '../../io/workspace';
import { useT } from '../../state/useT';
import { useDataStore } from '../../state/dataStore';
import { useDemandStore } from '../../state/demandStore';
import { downloadText } from '../download';
import { ImportDialog, type ImportKind } from './ImportDialog';
import { importPopulationRaster } from '../../state/populationRaster';
import { applyWorkspace, currentWorkspace, persist, removeDataset, resetToDemo, selectUnitLayer, unitLayerChoices, useImportedUnits } from '../../state/importActions';
import { useImportMessage } from './importMessage';
import { SaveStatus } from './SaveStatus';
import './import.css';

const KINDS: ImportKind[] = ['facilities', 'boundary', 'population', 'unitPopulation', 'villagePopulation'];

export function ImportPanel() {
  const t = useT();
  const [open, setOpen] = useState<ImportKind | null>(null);
  const { datasets, unitsLabel, categories } = useDataStore(useShallow((s) => ({ datasets: s.datasets, unitsLabel: s.unitsLabel, categories: s.categories })));
  const demand = useDemandStore((s) => s.demand);
  const importedUnits = useImportedUnits((s) => s.layer);
  const { message, setMessage } = useImportMessage();
  const workspaceInput = useRef<HTMLInputElement>(null);
  const rasterInput = useRef<HTMLInputElement>(null);
  const [rasterBusy, setRasterBusy] = useState(false);
  const loadRaster = async (f: File) => {
    setRasterBusy(true);
    try {
      const r = await importPopulationRaster(f, `${f.name} (${t('import.raster.layer')})`);
      if (r) setMessage({ kind: 'info', text: t('import.raster.done', { name: f.name, w: r.width, h: r.height, total: Math.round(r.total).toLocaleString('en-US'), outside: Math.round(r.outside).toLocaleString('en-US'), empty: r.emptyUnits }) });
    } catch (e) {
      setMessage({ kind: 'error', text: `${t('import.raster.error')} ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setRasterBusy(false);
    }
  };

  const exportWorkspace = () => {
    const ws = currentWorkspace();
    downloadText(`shenghuoquan-workspace-${ws.savedAt.slice(0, 10)}.json`, workspaceToJson(ws), 'application/json');
  };
  const loadWorkspaceFile = async (f: File) => {
    const check = readWorkspace(await f.text(), categories.map((c) => c.id));
    if (!check.ok) {
      setMessage({ kind: 'error', text: `${t('import.workspaceInvalid')} ${check.errors.join('; ')}` });
      return;
    }
    const { networkMissing } = applyWorkspace(check.workspace, true);
    void persist();
    const loaded = t('import.workspaceLoaded', { count: check.workspace.facilities.length });
    setMessage(networkMissing
      ? { kind: 'error', text: `${loaded} ${t('import.workspaceNetwork', { name: networkMissing.name })}` }
      : { kind: 'info', text: loaded });
  };
  const reset = async () => {
    if (!window.confirm(t('import.resetConfirm'))) return;
    await resetToDemo();
    setMessage(null);
  };
  const imported = datasets.filter((d) => !d.synthetic);

  return (
    <section className="panel-section import-panel" aria-labelledby="import-title">
      <h2 id="import-title">{t('import.title')}</h2>
      <div className="import-buttons">
        {KINDS.map((k) => (
          <button key={k} type="button" onClick={() => setOpen(k)}>
            {t(`import.${k}`)}
          </button>
        ))}
      </div>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'import-error' : 'note'} data-testid="import-message">
          {message.text}
          {message.download && (
            <>
              {' '}
              <button type="button" data-testid="import-message-download" onClick={() => downloadText(message.download!.fileName, message.download!.text)}>
                {message.download.label}
              </button>
            </>
          )}
        </p>
      )}
      {(imported.length > 0 || demand) && (
        <>
          <h3>{t('import.datasets')}</h3>
          <ul className="import-datasets" data-testid="import-datasets">
            {imported.map((d) => (
              <li key={d.label}>
                <span className="import-cell-text">{d.label}</span> ({d.count}){' '}
                <button type="button" aria-label={t('import.removeDatasetLabel', { label: d.label })} onClick={() => removeDataset(d.label)}>
                  {t('import.removeDataset')}
                </button>
              </li>
            ))}
            {demand && <li className="import-cell-text">{t('import.demandLayer', { label: demand.label, count: demand.points.length, population: demand.points.reduce((s, p) => s + p.population, 0) })}</li>}
          </ul>
        </>
      )}
      <SaveStatus onDownload={exportWorkspace} onRetry={() => void persist()} />
      {importedUnits ? (
        <label className="import-unit-layer">
          {t('import.unitsChoose')}{' '}
          <select value={importedUnits.label === unitsLabel ? 'imported' : 'shipped'} onChange={(e) => selectUnitLayer(e.target.value === 'imported')}>
            {unitLayerChoices().map((c) => (
              <option key={c.imported ? 'imported' : 'shipped'} value={c.imported ? 'imported' : 'shipped'}>
                {c.imported ? c.label : t('import.unitsShipped')}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="note import-cell-text">{t('import.unitsLayer', { label: unitsLabel })}</p>
      )}
      <div className="import-buttons">
        <button type="button" disabled={rasterBusy} onClick={() => rasterInput.current?.click()} data-testid="import-raster">
          {rasterBusy ? t('import.raster.busy') : t('import.raster')}
        </button>
        <input
          ref={rasterInput}
          type="file"
          accept=".tif,.tiff,image/tiff"
          hidden
          aria-label={t('import.raster')}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void loadRaster(f);
            e.target.value = '';
          }}
        />
        <button type="button" onClick={exportWorkspace}>
          {t('import.exportWorkspace')}
        </button>
        <button type="button" onClick={() => workspaceInput.current?.click()}>
          {t('import.importWorkspace')}
        </button>
        <input
          ref={workspaceInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label={t('import.importWorkspace')}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void loadWorkspaceFile(f);
            e.target.value = '';
          }}
        />
        <button type="button" onClick={() => void reset()}>
          {t('import.reset')}
        </button>
      </div>
      {open && <ImportDialog kind={open} onClose={() => setOpen(null)} onDone={(text, download) => setMessage({ kind: 'info', text, download })} />}
    </section>
  );
}
