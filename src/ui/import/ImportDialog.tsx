/**
 * The import dialog: pick or drop a file, choose encoding and coordinate system
 * (detected unless overridden), watch progress while the worker parses, read the
 * report, fix columns / categories / coordinate system and read again, then load
 * (replace or merge). Nothing in the app changes until "load" is pressed, so a
 * failed or cancelled import leaves the loaded data untouched.
 */
import { useEffect, useRef, useState } from 'react';
import type { BoundaryImportResult } from '../../io/boundary';
import type { Crs, CrsChoice, EncodingChoice, FacilityImportResult, PopulationImportResult } from '../../io/importTypes';
import { rejectedFileName, rejectedRowsCsv } from '../../io/rejectedCsv';
import { mergeSkippedCsv } from '../../io/facilityCsv';
import type { ImportMessage } from './importMessage';
import type { UnitPopulationResult } from '../../io/population';
import { streetUnitCount, type VillagePopulationResult } from '../../io/villagePopulation';
import { VillagePopulationReport } from './VillageReport';
import { useT } from '../../state/useT';
import { useDataStore } from '../../state/dataStore';
import { useViewStore } from '../../state/viewStore';
import { BoundaryReport } from './BoundaryReport';
import { CsvReport } from './CsvReport';
import { downloadText } from '../download';
import { FileDrop } from './FileDrop';
import {
  applyBoundary,
  applyDemand,
  applyFacilities,
  applyUnits,
  applyVillagePopulation,
  datasetLabel,
  isImportCancelled,
  readImportFile,
  readUnitPopulation,
  type AnyImportResult,
  type ImportJob,
  type ImportMode,
  type ImportOverrides,
} from '../../state/importActions';
import { rememberCrs, rememberedCrs } from './crsMemory';
import './import.css';

export type ImportKind = 'facilities' | 'population' | 'boundary' | 'unitPopulation' | 'villagePopulation';

type Overrides = ImportOverrides;

type Phase =
  | { name: 'pick' }
  | { name: 'running'; done: number; total: number }
  | { name: 'result'; result: AnyImportResult | UnitPopulationResult; run: number }
  | { name: 'error'; message: string };

export function ImportDialog({ kind, onClose, onDone }: { kind: ImportKind; onClose: () => void; onDone?: (message: string, download?: ImportMessage['download']) => void }) {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const categories = useDataStore((s) => s.categories);
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<EncodingChoice>('auto');
  const [crs, setCrs] = useState<CrsChoice>('auto');
  const [overrides, setOverrides] = useState<Overrides>({});
  const [phase, setPhase] = useState<Phase>({ name: 'pick' });
  const [mode, setMode] = useState<ImportMode>('replace');
  const [rememberedFor, setRememberedFor] = useState<File | null>(null);
  const job = useRef<ImportJob<unknown> | null>(null);
  const runCount = useRef(0);
  const label = useRef('');
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => () => job.current?.cancel(), []);
  useEffect(() => {
    dialogRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const isCsv = kind === 'facilities' || kind === 'population' || kind === 'unitPopulation' || kind === 'villagePopulation';
  const hasCrs = kind !== 'unitPopulation' && kind !== 'villagePopulation';
  // 居委 figures reach 街镇 units only (the list has no outlines)
  const streetUnits = useDataStore((s) => (kind === 'villagePopulation' ? streetUnitCount(s.units) : 0));

  async function run(f: File, enc: EncodingChoice, crsChoice: CrsChoice, ov: Overrides) {
    job.current?.cancel();
    setPhase({ name: 'running', done: 0, total: 1 });
    const run = ++runCount.current;
    try {
      const bytes = await f.arrayBuffer();
      if (kind === 'unitPopulation') {
        setPhase({ name: 'result', result: readUnitPopulation(bytes, enc), run });
        return;
      }
      const onProgress = (done: number, total: number) => run === runCount.current && setPhase({ name: 'running', done, total });
      const j = readImportFile(kind, bytes, { encoding: enc, crs: crsChoice, source: label.current, fileName: f.name, overrides: ov }, onProgress);
      job.current = j;
      const result = await j.promise;
      if (run === runCount.current) setPhase({ name: 'result', result, run });
    } catch (e) {
      if (isImportCancelled(e)) return;
      if (run === runCount.current) setPhase({ name: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  const pick = (f: File) => {
    setFile(f);
    setOverrides({});
    label.current = datasetLabel(f.name);
    // a system chosen earlier for this very file is used again (the report says "your choice")
    const remembered = crs === 'auto' && isCsv ? rememberedCrs(f) : null;
    setRememberedFor(remembered ? f : null);
    void run(f, encoding, remembered ?? crs, {});
  };
  const chooseCrs = (c: Crs) => {
    if (!file) return;
    rememberCrs(file, c);
    rerun({ crs: c });
  };
  const rerun = (change: Overrides) => {
    if (!file) return;
    const next = { ...overrides, ...change };
    setOverrides(next);
    const c = change.crs ?? crs;
    if (change.crs) setCrs(change.crs);
    void run(file, encoding, c, next);
  };
  const cancel = () => {
    job.current?.cancel();
    runCount.current++;
    setPhase({ name: 'pick' });
  };

  const result = phase.name === 'result' ? phase.result : null;
  // nothing could tell the coordinate system: the user chooses before anything loads (issue 13 item 16)
  const needsCrs = !!result && (kind === 'facilities' || kind === 'population') && (result as FacilityImportResult).notices.some((n) => n.code === 'crs-undetectable');
  const canLoad = (() => {
    if (!result) return 0;
    // summary counts: reading .facilities would parse 100k rows on the UI thread before "load"
    if (kind === 'facilities') return (result as FacilityImportResult).summary.loaded;
    if (kind === 'population') return (result as PopulationImportResult).points.length;
    if (kind === 'boundary') return (result as BoundaryImportResult).units.features.length;
    if (kind === 'villagePopulation') return (result as VillagePopulationResult).rows.length > 0 ? streetUnits : 0;
    return (result as UnitPopulationResult).matched;
  })();

  const load = () => {
    if (!result || canLoad === 0) return;
    if (kind === 'facilities') {
      const r = result as FacilityImportResult;
      const { added, skipped } = applyFacilities(r, mode);
      const text = t('import.done', { count: added, label: r.source }) + (skipped.length > 0 ? ' ' + t('import.merged', { count: skipped.length }) : '');
      const download = skipped.length > 0 ? { fileName: `${r.source.replace(/[\\/:*?"<>|\s]+/g, '_')}.merge-skipped.csv`, text: mergeSkippedCsv(skipped, lang), label: t('import.mergedDownload') } : undefined;
      onDone?.(text, download);
    } else if (kind === 'population') {
      const r = result as PopulationImportResult;
      applyDemand(r.points, r.source);
      onDone?.(t('import.demandLayer', { label: r.source, count: r.points.length, population: r.totalPopulation }));
    } else if (kind === 'boundary') {
      const r = result as BoundaryImportResult;
      applyBoundary(r);
      onDone?.(t('import.unitsLayer', { label: r.source }));
    } else if (kind === 'villagePopulation') {
      const a = applyVillagePopulation(result as VillagePopulationResult, label.current);
      if (a) onDone?.(t('import.villagePop.done', { updated: a.updated, partial: a.partial, without: a.streetsWithoutUnit }));
    } else {
      const r = result as UnitPopulationResult;
      applyUnits(r.units, `${useDataStore.getState().unitsLabel} + ${label.current}`);
      onDone?.(t('import.unitPopulation.summary', { matched: r.matched, unmatched: r.unmatched.length, invalid: r.invalid.length, without: r.unitsWithout }));
    }
    onClose();
  };

  const downloadRejected = () => {
    if (!result || !file || !('rejected' in result) || !('detected' in result)) return;
    const r = result as FacilityImportResult | PopulationImportResult | VillagePopulationResult;
    downloadText(rejectedFileName(file.name), rejectedRowsCsv(r.rejected, r.detected.header.headers, lang), 'text/csv;charset=utf-8');
  };

  const applyText = (() => {
    if (!result) return '';
    if (kind === 'facilities') return t('import.apply.facilities', { count: canLoad });
    if (kind === 'population') return t('import.apply.population', { count: canLoad, population: (result as PopulationImportResult).totalPopulation });
    if (kind === 'boundary') return t('import.apply.boundary', { count: canLoad });
    if (kind === 'villagePopulation') return t('import.apply.villagePopulation', { count: canLoad });
    return t('import.apply.unitPopulation', { count: canLoad });
  })();

  return (
    <div className="import-backdrop">
      <div className="import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-dialog-title" tabIndex={-1} ref={dialogRef}>
        <div className="import-dialog-head">
          <h2 id="import-dialog-title">{t(`import.dialogTitle.${kind}`)}</h2>
          <button type="button" className="close" aria-label={t('import.close')} onClick={onClose}>
            ×
          </button>
        </div>
        <div className="import-options">
          {isCsv && (
            <label>
              {t('import.encoding')}{' '}
              <select
                value={encoding}
                onChange={(e) => {
                  const v = e.target.value as EncodingChoice;
                  setEncoding(v);
                  if (file) void run(file, v, crs, overrides);
                }}
              >
                <option value="auto">{t('import.encoding.auto')}</option>
                <option value="utf-8">UTF-8</option>
                <option value="gb18030">GBK / GB18030</option>
                <option value="utf-16le">UTF-16LE</option>
              </select>
            </label>
          )}
          {hasCrs && (
            <label>
              {t('import.crs')}{' '}
              <select
                value={crs}
                onChange={(e) => {
                  const v = e.target.value as CrsChoice;
                  setCrs(v);
                  if (file) void run(file, encoding, v, overrides);
                }}
              >
                <option value="auto">{t('import.crs.auto')}</option>
                <option value="wgs84">{t('crs.wgs84')}</option>
                <option value="gcj02">{t('crs.gcj02')}</option>
                <option value="bd09">{t('crs.bd09')}</option>
              </select>
            </label>
          )}
        </div>
        <FileDrop
          accept={kind === 'boundary' ? '.geojson,.json,.zip,application/geo+json,application/zip' : '.csv,.txt,text/csv'}
          hint={kind === 'boundary' ? t('import.accept.boundary') : t('import.accept.csv')}
          onFile={pick}
          disabled={phase.name === 'running'}
        />
        {phase.name === 'running' && (
          <div className="import-progress">
            <label>
              {t('import.reading', { name: file?.name ?? '' })}
              <progress data-testid="import-progress" max={phase.total} value={phase.done} />
            </label>
            <button type="button" onClick={cancel}>
              {t('import.cancel')}
            </button>
          </div>
        )}
        {phase.name === 'error' && (
          <p role="alert" className="import-error">
            {t('import.failed', { message: phase.message })}
          </p>
        )}
        {phase.name === 'result' && (kind === 'facilities' || kind === 'population') && (
          <CsvReport
            key={phase.run}
            kind={kind}
            result={phase.result as FacilityImportResult | PopulationImportResult}
            categories={categories}
            onRerun={rerun}
            onDownloadRejected={downloadRejected}
            fileName={file?.name ?? ''}
          />
        )}
        {phase.name === 'result' && kind === 'villagePopulation' && (
          <VillagePopulationReport
            key={phase.run}
            result={phase.result as VillagePopulationResult}
            fileName={file?.name ?? ''}
            streetUnits={streetUnits}
            onRerun={rerun}
            onDownloadRejected={downloadRejected}
          />
        )}
        {phase.name === 'result' && kind === 'boundary' && <BoundaryReport result={phase.result as BoundaryImportResult} onRerun={rerun} />}
        {phase.name === 'result' && kind === 'unitPopulation' && (
          <p role="status" data-testid="import-summary">
            {t('import.unitPopulation.summary', {
              matched: (phase.result as UnitPopulationResult).matched,
              unmatched: (phase.result as UnitPopulationResult).unmatched.length,
              invalid: (phase.result as UnitPopulationResult).invalid.length,
              without: (phase.result as UnitPopulationResult).unitsWithout,
            })}
          </p>
        )}
        {phase.name === 'result' && (
          <div className="import-actions">
            {kind === 'facilities' && canLoad > 0 && (
              <fieldset className="import-mode">
                <legend>{t('import.mode')}</legend>
                <label>
                  <input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> {t('import.mode.replace')}
                </label>
                <label>
                  <input type="radio" name="import-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} /> {t('import.mode.merge')}
                </label>
              </fieldset>
            )}
            {needsCrs && canLoad > 0 && (
              <fieldset className="import-crs-choice" data-testid="import-crs-choice">
                <legend>{t('import.crsChoose.title')}</legend>
                <p className="hint">{t('import.crsChoose.why')}</p>
                {(['gcj02', 'bd09', 'wgs84'] as const).map((c) => (
                  <label key={c}>
                    <input type="radio" name="import-crs-choice" onChange={() => chooseCrs(c)} /> <strong>{t(`crs.${c}`)}</strong> — {t(`import.crsChoose.${c}`)}
                  </label>
                ))}
              </fieldset>
            )}
            {rememberedFor === file && file && !needsCrs && <p className="note" data-testid="import-crs-remembered">{t('import.crsRemembered', { crs: t(`crs.${rememberedCrs(file) ?? 'wgs84'}`) })}</p>}
            {needsCrs ? null : canLoad > 0 ? (
              <button type="button" className="primary" onClick={load}>
                {applyText}
              </button>
            ) : kind === 'villagePopulation' && streetUnits === 0 ? null : (
              <p className="note">{t('import.nothingToLoad')}</p>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
