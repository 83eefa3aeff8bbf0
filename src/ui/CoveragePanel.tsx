/**
 * Walking-coverage panel: parameters (persona, reach mode, speed, detour, minutes per
 * category), what the map shows (a category or completeness), progress with cancel, the city
 * and district figures, and (CoverageUnitDetails) the figures of a clicked unit.
 */
import { useShallow } from 'zustand/react/shallow';
import { PERSONAS, reachMetres, type PersonaId } from '../domain/walk';
import { COMPLETE_SLOT, type AggregateRow, type CoverageResult } from '../geo/coverageTypes';
import { useAnalysisStore } from '../state/analysis';
import { useDataStore } from '../state/dataStore';
import { useDemandStore } from '../state/demandStore';
import { useViewStore } from '../state/viewStore';
import { useT } from '../state/useT';
import { WalkNumberField } from './WalkNumberField';
import { describeSources } from '../state/facilitySources';
import { NetworkPanel } from './NetworkPanel';
import { CoverageExport } from './CoverageExport';
import { StraightLinePanel, StraightLineUnit } from './StraightLinePanel';
import { useSlotSummary } from './CoverageLegend';
import { formatNumber, pick, pickName } from '../domain/lang';

const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—');

function GroupRow({ label, row, s, c }: { label: string; row: AggregateRow; s: number; c: number }) {
  const t = useT();
  const median = c >= 0 ? row.timeMedian[c] : null;
  // land and residents the walk model has no data for are left out of both sides of the share
  const area = row.areaM2 - (row.noDataM2[s] ?? 0);
  const pop = row.pop - (row.noDataPop[s] ?? 0);
  if (area <= 0) {
    return (
      <tr className="no-data">
        <th scope="row">{label}</th>
        <td colSpan={3}>{t('net.noData')}</td>
      </tr>
    );
  }
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{pct(row.coveredM2[s], area)}</td>
      <td>{pct(row.popCovered[s], pop)}</td>
      <td>{c < 0 ? '—' : median === null ? t('cov.noFacility') : t('cov.minutesUnit', { v: median.toFixed(1) })}</td>
    </tr>
  );
}

export function CoveragePanel() {
  const t = useT();
  const a = useAnalysisStore(useShallow((s) => ({
    params: s.params, slot: s.slot, status: s.status, progress: s.progress, error: s.error, result: s.result,
    lastRunMs: s.lastRunMs, lastEdit: s.lastEdit, setParams: s.setParams, setPersona: s.setPersona,
    setMinutes: s.setMinutes, setSlot: s.setSlot, run: s.run, cancel: s.cancel,
  })));
  const { categories, districts, facilities } = useDataStore(useShallow((s) => ({ categories: s.categories, districts: s.districts, facilities: s.facilities })));
  const demand = useDemandStore((s) => s.demand);
  const lang = useViewStore((s) => s.lang);
  const resultSources = useAnalysisStore((s) => s.sources);
  const name = (id: string) => {
    const c = categories.find((x) => x.id === id);
    return c ? pick(lang, c) : id;
  };
  const districtName = (code: string) => {
    const d = districts?.features.find((f) => f.properties.code === code);
    return d ? pickName(lang, d.properties) : code;
  };
  const r: CoverageResult | null = a.result;
  const s = r ? r.slots.indexOf(a.slot) : -1;
  const c = r && a.slot !== COMPLETE_SLOT ? r.categories.findIndex((x) => x.id === a.slot) : -1;
  const running = a.status === 'running';
  const slotSummary = useSlotSummary();
  const slotCategory = categories.find((x) => x.id === a.slot);

  return (
    <section className="panel-section coverage-panel" aria-labelledby="cov-title" data-testid="coverage-panel">
      <h2 id="cov-title">{t('cov.title')}</h2>
      <p className="hint">{t('cov.intro')}</p>
      {facilities.some((f) => f.synthetic) && <p className="hint">{t('cov.synthetic')}</p>}
      <NetworkPanel />

      <label className="field">
        {t('cov.show')}
        <select value={a.slot} onChange={(e) => a.setSlot(e.target.value)} data-testid="cov-slot">
          <option value={COMPLETE_SLOT}>{t('cov.complete')}</option>
          {categories.map((cat) => <option key={cat.id} value={cat.id}>{name(cat.id)}</option>)}
        </select>
      </label>

      <fieldset className="field">
        <legend>{t('cov.mode')}</legend>
        <label className="toggle">
          <input type="radio" name="cov-mode" checked={a.params.mode === 'walk'} onChange={() => a.setParams({ mode: 'walk' })} />
          {t('cov.mode.walk')}
        </label>
        <label className="toggle">
          <input type="radio" name="cov-mode" checked={a.params.mode === 'standard'} onChange={() => a.setParams({ mode: 'standard' })} />
          {t('cov.mode.standard')}
        </label>
      </fieldset>

      <label className="field">
        {t('cov.persona')}
        <select value={a.params.persona} onChange={(e) => a.setPersona(e.target.value as PersonaId)} data-testid="cov-persona">
          {PERSONAS.map((p) => <option key={p.id} value={p.id}>{t(`cov.persona.${p.id}`)}</option>)}
          <option value="custom" disabled>{t('cov.persona.custom')}</option>
        </select>
      </label>
      {PERSONAS.filter((p) => p.id === a.params.persona).map((p) => <p className="hint" key={p.id}>{pick(lang, p.basis)}</p>)}
      <WalkNumberField field="speedKmh" label={t('cov.speed')} value={a.params.speedKmh} step={0.1} testId="cov-speed" onValid={(v) => a.setParams({ speedKmh: v })} />
      <WalkNumberField field="detour" label={t('cov.detour')} value={a.params.detour} step={0.05} testId="cov-detour" onValid={(v) => a.setParams({ detour: v })} />
      <details>
        <summary>{t('cov.minutes')}</summary>
        <ul className="legend">
          {categories.map((cat) => (
            <li key={cat.id}>
              <label className="field">
                {name(cat.id)}
                <select value={a.params.minutes[cat.id] ?? cat.minutes} onChange={(e) => a.setMinutes(cat.id, Number(e.target.value))} disabled={a.params.mode === 'standard'}>
                  {[5, 10, 15, 20, 30].map((m) => <option key={m} value={m}>{t('cov.minutesUnit', { v: m })}</option>)}
                </select>
                <span className="hint">{t('cov.reach', { m: Math.round(reachMetres(cat, a.params)) })}</span>
              </label>
            </li>
          ))}
        </ul>
      </details>

      <div className="coverage-run" aria-live="polite">
        {running ? (
          <>
            <progress max={1} value={a.progress} data-testid="cov-progress" aria-label={t('cov.running', { pct: Math.round(a.progress * 100) })} />
            <span>{t('cov.running', { pct: Math.round(a.progress * 100) })}</span>
            <button type="button" onClick={a.cancel} data-testid="cov-cancel">{t('cov.cancel')}</button>
          </>
        ) : (
          <button type="button" onClick={a.run} data-testid="cov-run">{t('cov.run')}</button>
        )}
        {a.status === 'cancelled' && <span role="status">{t('cov.cancelled')}</span>}
        {a.status === 'error' && (
          <span role="alert" data-testid="cov-error">
            {t('cov.error')}{a.error && /grid too large/.test(a.error) ? t('cov.errorTooLarge') : a.error}
          </span>
        )}
        {a.status === 'done' && r && (
          <span role="status" data-testid="cov-status">
            {a.lastEdit
              ? t('cov.edit', { ms: a.lastEdit.ms.toFixed(0), cells: a.lastEdit.cellsRecomputed })
              : t('cov.done', { ms: Math.round(a.lastRunMs ?? r.timing.totalMs), units: r.unitIds.length, cats: r.categories.length })}
          </span>
        )}
      </div>

      {r && s >= 0 && (
        <>
          <div className="cov-figures" data-testid="cov-figures">
            <p>
              {slotSummary.minutes === null
                ? t('cov.figuresComplete')
                : t(slotSummary.standard ? 'cov.figuresStandard' : 'cov.figures', { name: slotSummary.name, min: slotSummary.minutes, m: slotSummary.reachM ?? 0 })}
            </p>
            {slotCategory && a.params.mode === 'walk' && (
              <label className="field">
                {t('cov.minutesOf', { name: slotSummary.name })}
                <select value={a.params.minutes[slotCategory.id] ?? slotCategory.minutes} onChange={(e) => a.setMinutes(slotCategory.id, Number(e.target.value))} data-testid="cov-slot-minutes">
                  {[5, 10, 15, 20, 30].map((m) => <option key={m} value={m}>{t('cov.minutesUnit', { v: m })}</option>)}
                </select>
              </label>
            )}
          </div>
          <table className="coverage-table" data-testid="cov-table">
            <thead>
              <tr>
                <th scope="col">{t('cov.district')}</th>
                <th scope="col">{t('cov.areaShare')}</th>
                <th scope="col">{t('cov.popShare')}</th>
                <th scope="col">{t('cov.medianTime')}</th>
              </tr>
            </thead>
            <tbody>
              <GroupRow label={t('cov.city')} row={r.city} s={s} c={c} />
              {r.districts
                .filter((d) => r.engine.walkModel !== 'network' || d.areaM2 - (d.noDataM2[s] ?? 0) > 0)
                .map((d) => <GroupRow key={d.code} label={districtName(d.code)} row={d} s={s} c={c} />)}
            </tbody>
          </table>
          <p className="hint">{r.popSource === 'demand-points' ? t('cov.popPoints', { label: demand?.label ?? '' }) : t('cov.popEstimate')}</p>
          {resultSources && <p className="hint" data-testid="coverage-sources">{t('src.used', { sources: describeSources(resultSources, lang) })}</p>}
          {a.slot === COMPLETE_SLOT && <p className="hint">{t('cov.selected')}: {r.completeOf.map(name).join('、')}</p>}
          <p className="hint" data-testid="cov-params">{t('cov.params', { text: r.paramsText })}</p>
          <p className="hint">{t('cov.gaps')}</p>
          {r.engine.walkModel === 'network' && <StraightLinePanel slot={a.slot} districtName={districtName} />}
        </>
      )}
      <CoverageExport />
    </section>
  );
}

/** Figures of one unit for every category and completeness (rendered in the details panel). */
export function CoverageUnitDetails({ unitId }: { unitId: string }) {
  const t = useT();
  const r = useAnalysisStore((s) => s.result);
  const categories = useDataStore((s) => s.categories);
  const lang = useViewStore((s) => s.lang);
  if (!r) return null;
  const u = r.unitIds.indexOf(unitId);
  if (u < 0) return null;
  const S = r.slots.length;
  const C = r.categories.length;
  const area = r.unitAreaM2[u];
  const name = (id: string) => {
    if (id === COMPLETE_SLOT) return t('cov.complete');
    const cat = categories.find((x) => x.id === id);
    return cat ? pick(lang, cat) : id;
  };
  const min = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');
  return (
    <section aria-label={t('cov.unit.title')} data-testid="cov-unit">
      <h3>{t('cov.unit.title')}</h3>
      <table className="coverage-table">
        <thead>
          <tr>
            <th scope="col">{t('cov.unit.category')}</th>
            <th scope="col">{t('cov.unit.covered')}</th>
            <th scope="col">{t('cov.unit.popUncovered')}</th>
            <th scope="col">{t('cov.unit.time')}</th>
          </tr>
        </thead>
        <tbody>
          {r.slots.map((slot, s) => (
            <tr key={slot} data-slot={slot}>
              <th scope="row">{name(slot)}</th>
              {Number.isNaN(r.coveredM2[u * S + s]) ? (
                <td colSpan={2} data-testid="cov-unit-nodata">{t('net.noData')}</td>
              ) : (
                <>
                  <td>{pct(r.coveredM2[u * S + s], area)}</td>
                  <td>{formatNumber(Math.round(r.unitPop[u] - r.popCovered[u * S + s]), lang)}</td>
                </>
              )}
              <td>{s < C ? (Number.isNaN(r.timeMedian[u * C + s]) ? t('cov.noFacility') : `${min(r.timeMedian[u * C + s])} / ${min(r.timeP90[u * C + s])} / ${min(r.timeMax[u * C + s])}`) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.engine.walkModel === 'network' && <p className="hint">{t('net.landInside')}</p>}
      {r.engine.walkModel === 'network' && <StraightLineUnit unitId={unitId} slotName={name} />}
      <p className="hint">{t('cov.errorBound', { pp: (Math.max(...r.slots.map((_, s) => r.errorBoundM2[u * S + s])) / area * 100).toFixed(4) })}</p>
    </section>
  );
}
