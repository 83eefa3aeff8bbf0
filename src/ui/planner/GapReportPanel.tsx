/**
 * 缺口报告: a report for the city, a district or the selected unit, to paste into a community
 * plan draft: copy (plain text), download CSV (UTF-8 with BOM) or Markdown. Built on click.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { SOURCES } from '../../data/sources';
import { gapReportCsv, gapReportFileStem, gapReportMarkdown, gapReportText, type GapReportInput, type ReportScope } from '../../report/gapReport';
import { scenarioStatus, useAnalysisStore } from '../../state/analysis';
import { useDataStore } from '../../state/dataStore';
import { useDemandStore } from '../../state/demandStore';
import { sitingOutOfDate, useSitingStore } from '../../state/sitingStore';
import { trialFacilities, useTrialStore } from '../../state/trialStore';
import { useViewStore } from '../../state/viewStore';
import { downloadText } from '../download';
import { useT } from '../../i18n/useT';
import { useNames } from './useNames';

/** Local date as YYYY-MM-DD. */
export function todayIso(d = new Date()): string {
  const p = (v: number) => String(v).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function scopeFromValue(v: string): ReportScope {
  if (v === 'city') return { kind: 'city' };
  if (v.startsWith('unit:')) return { kind: 'unit', id: v.slice(5) };
  return { kind: 'district', code: v };
}

export function GapReportPanel() {
  const t = useT();
  const n = useNames();
  const selection = useViewStore((x) => x.selection);
  const data = useDataStore(useShallow((x) => ({ categories: x.categories, districts: x.districts, units: x.units, facilities: x.facilities, datasets: x.datasets, unitsLabel: x.unitsLabel })));
  const a = useAnalysisStore(useShallow((x) => ({ result: x.result, baseline: x.baseline, basis: x.basis, slot: x.slot, status: x.status })));
  const { result, slot } = a;
  const running = a.status === 'running';
  const trials = useTrialStore((x) => x.trials);
  const siting = useSitingStore(useShallow((x) => ({ result: x.result, basis: x.basis, status: x.status })));
  const demand = useDemandStore((x) => x.demand);
  const [choice, setChoice] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const selectedUnit = selection?.kind === 'unit' ? selection.id : null;
  const selectedDistrict = selection?.kind === 'district' ? selection.id
    : selectedUnit ? data.units?.features.find((u) => u.properties.id === selectedUnit)?.properties.district ?? null : null;
  const value = choice && (!choice.startsWith('unit:') || choice === `unit:${selectedUnit}`) ? choice : selectedDistrict ?? 'city';
  const scenario = scenarioStatus(trials, data.facilities, a);
  const ready = result !== null && !running && scenario !== 'updating';

  const build = (): { input: GapReportInput; label: string } | null => {
    if (!result) return null;
    const scope = scopeFromValue(value);
    const label = scope.kind === 'city' ? t('pl.city') : scope.kind === 'district' ? n.district(scope.code) : n.unit(scope.id);
    const sites = trialFacilities(trials, data.districts?.features ?? []);
    const input: GapReportInput = {
      lang: n.lang,
      scope,
      result,
      baseline: scenario === 'ready' ? a.baseline : null,
      categories: data.categories,
      districtNames: n.districtNames,
      unitNames: n.unitNames,
      sources: SOURCES,
      datasets: data.datasets,
      unitsLabel: data.unitsLabel,
      demandLabel: demand?.label,
      synthetic: data.facilities.some((f) => f.synthetic),
      trials: sites.map((f) => ({ name: f.name, type: f.type, categories: f.categories, lng: f.lng, lat: f.lat, district: f.district })),
      suggestions: siting.status === 'done' && siting.result && !sitingOutOfDate(siting.basis) ? siting.result : null,
      slot,
      date: todayIso(),
    };
    return { input, label };
  };

  const copy = async () => {
    const b = build();
    if (!b) return;
    const text = gapReportText(b.input);
    try {
      await navigator.clipboard.writeText(text);
      setMessage(t('pl.report.copied'));
    } catch {
      setMessage(t('pl.report.copyFailed'));
    }
  };
  const download = (kind: 'csv' | 'md') => {
    const b = build();
    if (!b) return;
    const stem = gapReportFileStem(b.input, b.label);
    if (kind === 'csv') downloadText(`${stem}.csv`, gapReportCsv(b.input), 'text/csv;charset=utf-8');
    else downloadText(`${stem}.md`, gapReportMarkdown(b.input), 'text/markdown;charset=utf-8');
    setMessage(t('pl.report.downloaded', { name: `${stem}.${kind}` }));
  };

  return (
    <section className="panel-section planner-report" aria-labelledby="pl-report-title" data-testid="report-panel">
      <h2 id="pl-report-title">{t('pl.report.title')}</h2>
      <p className="hint">{t('pl.report.intro')}</p>
      <label className="field">
        {t('pl.report.scope')}
        <select value={value} onChange={(e) => setChoice(e.target.value)} data-testid="report-scope">
          <option value="city">{t('pl.city')}</option>
          {(data.districts?.features ?? []).map((d) => <option key={d.properties.code} value={d.properties.code}>{n.district(d.properties.code)}</option>)}
          {selectedUnit && <option value={`unit:${selectedUnit}`}>{t('pl.report.unit', { name: n.unit(selectedUnit) })}</option>}
        </select>
      </label>
      <div className="planner-row">
        <button type="button" onClick={() => void copy()} disabled={!ready} data-testid="report-copy">{t('pl.report.copy')}</button>
        <button type="button" onClick={() => download('csv')} disabled={!ready} data-testid="report-csv">{t('pl.report.csv')}</button>
        <button type="button" onClick={() => download('md')} disabled={!ready} data-testid="report-md">{t('pl.report.md')}</button>
      </div>
      {!ready && <p className="hint">{t('pl.report.wait')}</p>}
      {message && <p className="hint" role="status" data-testid="report-message">{message}</p>}
    </section>
  );
}
