/**
 * 缺口报告: a report for the city, a district, the selected unit (or imported 街镇) or a
 * selection of units, to go into a community plan draft. Preview, then download PDF, Word,
 * Markdown or the 问题清单 CSV; copy as text. The document is built in the report worker.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SOURCES } from '../../data/sources';
import standards from '../../../geodata/standards.json';
import { reportDocText, type GapReportInput, type ReportScope } from '../../report/gapReport';
import type { StandardsFile } from '../../report/standards';
import { requestUncovered, scenarioStatus, useAnalysisStore } from '../../state/analysis';
import { useDataStore } from '../../state/dataStore';
import { useDemandStore } from '../../state/demandStore';
import { sitingOutOfDate, useSitingStore } from '../../state/sitingStore';
import { trialFacilities, useTrialStore } from '../../state/trialStore';
import { useViewStore } from '../../state/viewStore';
import { buildReport, reportFile, type BuiltReport, type ReportFileKind as Kind } from '../../state/gapReport';
import { useStraightLineStore } from '../../state/straightLine';
import { useNetworkStore } from '../../state/networkStore';
import { downloadBytes, downloadText } from '../download';
import { useT } from '../../state/useT';
import { rasteriseFigure } from './rasterise';
import { ReportPreview } from './ReportPreview';
import { useNames } from './useNames';

/** Local date as YYYY-MM-DD. */
export function todayIso(d = new Date()): string {
  const p = (v: number) => String(v).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function GapReportPanel() {
  const t = useT();
  const n = useNames();
  const selection = useViewStore((x) => x.selection);
  const data = useDataStore(useShallow((x) => ({ categories: x.categories, districts: x.districts, units: x.units, facilities: x.facilities, datasets: x.datasets, unitsLabel: x.unitsLabel, plan: x.plan })));
  const a = useAnalysisStore(useShallow((x) => ({ result: x.result, baseline: x.baseline, basis: x.basis, slot: x.slot, status: x.status })));
  const { result, slot } = a;
  const running = a.status === 'running';
  const trials = useTrialStore((x) => x.trials);
  const siting = useSitingStore(useShallow((x) => ({ result: x.result, basis: x.basis, status: x.status })));
  const demand = useDemandStore((x) => x.demand);
  const lies = useStraightLineStore((x) => x.lies);
  const networkFile = useNetworkStore((x) => (x.status === 'ready' ? x.report?.fileName ?? null : null));
  const [choice, setChoice] = useState<string | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState<Kind | 'preview' | null>(null);
  const [preview, setPreview] = useState<BuiltReport | null>(null);

  const selectedUnit = selection?.kind === 'unit' ? selection.id : null;
  const selectedDistrict = selection?.kind === 'district' ? selection.id
    : selectedUnit ? data.units?.features.find((u) => u.properties.id === selectedUnit)?.properties.district ?? null : null;
  const valid = (v: string | null) => v !== null && (v === 'units' ? picked.length > 0 : !v.startsWith('unit:') || v === `unit:${selectedUnit}`);
  const value = valid(choice) ? (choice as string) : selectedDistrict ?? 'city';
  const scenario = scenarioStatus(trials, data.facilities, a);
  const ready = result !== null && !running && scenario !== 'updating';
  const isStreet = (id: string) => /^31\d{7}/.test(id);

  const scopeOf = (v: string): ReportScope => {
    if (v === 'city') return { kind: 'city' };
    if (v === 'units') return { kind: 'units', ids: picked };
    if (v.startsWith('unit:')) return { kind: 'unit', id: v.slice(5) };
    return { kind: 'district', code: v };
  };

  const build = async (): Promise<BuiltReport | null> => {
    if (!result) return null;
    const scope = scopeOf(value);
    const ids = scope.kind === 'city' ? undefined
      : scope.kind === 'district' ? result.unitIds.filter((_, u) => result.unitDistrict[u] === scope.code)
      : scope.kind === 'unit' ? [scope.id] : scope.ids;
    const uncovered = await requestUncovered(slot, ids).catch(() => null);
    const sites = trialFacilities(trials, data.districts?.features ?? []);
    const input: GapReportInput = {
      lang: n.lang,
      scope,
      result,
      baseline: scenario === 'ready' ? a.baseline : null,
      categories: data.categories,
      districtNames: n.districtNames,
      unitNames: n.unitNames,
      unitKind: scope.kind === 'unit' && isStreet(scope.id) ? 'street' : 'unit',
      sources: SOURCES,
      datasets: data.datasets,
      unitsLabel: data.unitsLabel,
      demandLabel: demand?.label,
      synthetic: data.facilities.some((f) => f.synthetic),
      trials: sites.map((f) => ({ name: f.name, type: f.type, categories: f.categories, lng: f.lng, lat: f.lat, district: f.district })),
      suggestions: siting.status === 'done' && siting.result && !sitingOutOfDate(siting.basis) ? siting.result : null,
      slot,
      date: todayIso(),
      unitFeatures: data.units?.features ?? [],
      districtFeatures: data.districts?.features ?? [],
      facilities: data.facilities.filter((f) => !f.trial),
      uncovered,
      plan: data.plan,
      standards: standards as StandardsFile,
      ...(result.engine.walkModel === 'network' ? {
        // where the straight line lies (the panel's figures: circles on the same land as the network)
        overstatement: lies ? {
          slot,
          byUnit: new Map(result.unitIds.map((id) => [id, lies.units.get(id)?.[lies.slots.indexOf(slot)] ?? NaN])),
          byUnitCategory: new Map([...lies.units].map(([id, v]) => [id, new Map(lies.slots.map((c, k) => [c, v[k]]))])),
        } : null,
        networkLabel: networkFile ?? undefined,
      } : {}),
    };
    return buildReport(input);
  };

  const run = async (kind: Kind | 'preview' | 'copy', given?: BuiltReport) => {
    setMessage(null);
    setBusy(kind === 'copy' ? 'md' : kind);
    try {
      const b = given ?? await build();
      if (!b) return;
      if (kind === 'preview') { setPreview(b); return; }
      if (kind === 'copy') {
        try {
          await navigator.clipboard.writeText(reportDocText(b.doc));
          setMessage(t('pl.report.copied'));
        } catch {
          setMessage(t('pl.report.copyFailed'));
        }
        return;
      }
      const file = await reportFile(kind, b, n.lang, (f) => rasteriseFigure(f));
      if (typeof file.content === 'string') downloadText(file.name, file.content, file.mime);
      else downloadBytes(file.name, file.content, file.mime);
      setMessage(t('pl.report.downloaded', { name: file.name }));
    } catch (e) {
      setMessage(t('pl.report.failed', { error: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  };

  const downloads = (given?: BuiltReport) => (
    <>
      <button type="button" onClick={() => void run('pdf', given)} disabled={!ready || busy !== null} data-testid="report-pdf">{busy === 'pdf' ? t('pl.report.working') : t('pl.report.pdf')}</button>
      <button type="button" onClick={() => void run('docx', given)} disabled={!ready || busy !== null} data-testid="report-docx">{busy === 'docx' ? t('pl.report.working') : t('pl.report.docx')}</button>
      <button type="button" onClick={() => void run('md', given)} disabled={!ready || busy !== null} data-testid="report-md">{t('pl.report.md')}</button>
      <button type="button" onClick={() => void run('csv', given)} disabled={!ready || busy !== null} data-testid="report-csv">{t('pl.report.csv')}</button>
    </>
  );

  return (
    <section className="panel-section planner-report" aria-labelledby="pl-report-title" data-testid="report-panel">
      <h2 id="pl-report-title">{t('pl.report.title')}</h2>
      <p className="hint">{t('pl.report.intro')}</p>
      <label className="field">
        {t('pl.report.scope')}
        <select value={value} onChange={(e) => setChoice(e.target.value)} data-testid="report-scope">
          <option value="city">{t('pl.city')}</option>
          {(data.districts?.features ?? []).map((d) => <option key={d.properties.code} value={d.properties.code}>{n.district(d.properties.code)}</option>)}
          {selectedUnit && <option value={`unit:${selectedUnit}`}>{t(isStreet(selectedUnit) ? 'pl.report.street' : 'pl.report.unit', { name: n.unit(selectedUnit) })}</option>}
          {picked.length > 0 && <option value="units">{t('pl.report.units', { n: picked.length })}</option>}
        </select>
      </label>
      <div className="planner-row report-pick">
        {selectedUnit && !picked.includes(selectedUnit) && (
          <button type="button" onClick={() => { setPicked([...picked, selectedUnit]); setChoice('units'); }} data-testid="report-add-unit">{t('pl.report.addUnit', { name: n.unit(selectedUnit) })}</button>
        )}
        {picked.map((id) => (
          <button type="button" key={id} className="chip" onClick={() => setPicked(picked.filter((x) => x !== id))} aria-label={t('pl.report.removeUnit', { name: n.unit(id) })}>{n.unit(id)} ×</button>
        ))}
      </div>
      <div className="planner-row">
        <button type="button" onClick={() => void run('preview')} disabled={!ready || busy !== null} data-testid="report-preview-open">{busy === 'preview' ? t('pl.report.working') : t('pl.report.previewOpen')}</button>
        {downloads()}
        <button type="button" onClick={() => void run('copy')} disabled={!ready || busy !== null} data-testid="report-copy">{t('pl.report.copy')}</button>
      </div>
      {!ready && <p className="hint">{t('pl.report.wait')}</p>}
      {message && <p className="hint" role="status" data-testid="report-message">{message}</p>}
      {preview && <ReportPreview doc={preview.doc} onClose={() => setPreview(null)} actions={downloads(preview)} />}
    </section>
  );
}
