/**
 * 试点选址: place hypothetical facilities (拟建 / trial) on the map, list them (move, remove),
 * and see the coverage before → after. The engine applies each change incrementally.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FACILITY_TYPES, type FacilityType } from '../../domain/types';
import { scenarioStatus, useAnalysisStore } from '../../state/analysis';
import { useDataStore } from '../../state/dataStore';
import { endMode, useModeStore } from '../../state/modeStore';
import { trialDistrict, useTrialStore } from '../../state/trialStore';
import { useT } from '../../state/useT';
import { ScenarioCompare } from './ScenarioCompare';
import { useNames } from './useNames';
import { LIST_SEP, pick } from '../../domain/lang';

export function TrialPanel() {
  const t = useT();
  const n = useNames();
  const s = useTrialStore(useShallow((x) => ({
    trials: x.trials, placeType: x.placeType, placeCategories: x.placeCategories,
    setPlaceType: x.setPlaceType, setPlaceCategories: x.setPlaceCategories, remove: x.remove, clear: x.clear,
  })));
  const { mode, setMode, keepPlacing, setKeepPlacing } = useModeStore();
  const placing = mode.kind === 'placeTrial';
  const moving = mode.kind === 'moveTrial' ? mode.id : null;
  const { categories, districts, facilities } = useDataStore(useShallow((x) => ({ categories: x.categories, districts: x.districts, facilities: x.facilities })));
  const a = useAnalysisStore(useShallow((x) => ({ result: x.result, baseline: x.baseline, basis: x.basis, status: x.status })));
  const status = scenarioStatus(s.trials, facilities, a);
  const { result, baseline } = a;
  const trialCats = useMemo(() => [...new Set(s.trials.flatMap((x) => x.categories))], [s.trials]);
  const districtOf = useMemo(() => new Map(s.trials.map((x) => [x.id, trialDistrict(x, districts?.features ?? [])])), [s.trials, districts]);

  const toggleCategory = (id: string, on: boolean) => {
    const next = on ? [...s.placeCategories, id] : s.placeCategories.filter((c) => c !== id);
    if (next.length > 0) s.setPlaceCategories(categories.map((c) => c.id).filter((c) => next.includes(c)));
  };

  return (
    <section className="panel-section planner-trials" aria-labelledby="pl-trial-title" data-testid="trial-panel">
      <h2 id="pl-trial-title">{t('pl.trial.title')}</h2>
      <p className="hint">{t('pl.trial.intro')}</p>
      <div className="planner-row">
        <button type="button" aria-pressed={placing} onClick={() => (placing ? endMode() : setMode({ kind: 'placeTrial' }))} data-testid="trial-place" className={placing ? 'active' : ''}>
          {placing ? t('pl.trial.placing') : t('pl.trial.place')}
        </button>
        <label className="field">
          {t('pl.trial.type')}
          <select value={s.placeType} onChange={(e) => s.setPlaceType(e.target.value as FacilityType)} data-testid="trial-type">
            {FACILITY_TYPES.map((ty) => <option key={ty} value={ty}>{t(`type.${ty}`)}</option>)}
          </select>
        </label>
      </div>
      <label className="toggle">
        <input type="checkbox" checked={keepPlacing} onChange={(e) => setKeepPlacing(e.target.checked)} data-testid="trial-keep" />
        {t('pl.trial.keep')}
      </label>
      <details>
        <summary>{t('pl.trial.categories', { n: s.placeCategories.length })}</summary>
        <fieldset className="planner-cats">
          <legend className="sr-only">{t('pl.trial.categoriesLegend')}</legend>
          {categories.map((c) => (
            <label key={c.id} className="toggle">
              <input type="checkbox" checked={s.placeCategories.includes(c.id)} onChange={(e) => toggleCategory(c.id, e.target.checked)} />
              <span className="swatch round" style={{ background: c.color }} aria-hidden="true" />
              {n.category(c.id)}
            </label>
          ))}
        </fieldset>
      </details>
      {placing && <p className="hint" role="status">{t('pl.trial.placeHint')}</p>}
      {placing && <p className="hint" data-testid="trial-keep-hint">{keepPlacing ? t('pl.trial.keepOn') : t('pl.trial.keepHint')}</p>}
      {moving && <p className="hint" role="status">{t('pl.trial.moveHint')}</p>}

      {s.trials.length > 0 && (
        <>
          <ul className="planner-list" data-testid="trial-list" aria-label={t('pl.trial.list')}>
            {s.trials.map((x, i) => (
              <li key={x.id} data-trial={x.id}>
                <span className="trial-badge">{t('pl.trial.badge')}</span>
                <strong>{t(`type.${x.type}`)} {i + 1}</strong>
                <span className="hint"> · {n.district(districtOf.get(x.id) ?? '')} · {x.lng.toFixed(5)}, {x.lat.toFixed(5)}</span>
                <div className="hint">{x.categories.map(n.category).join(pick(n.lang, LIST_SEP))}</div>
                <div className="planner-row">
                  <button type="button" aria-pressed={moving === x.id} onClick={() => (moving === x.id ? endMode() : setMode({ kind: 'moveTrial', id: x.id }))}>
                    {moving === x.id ? t('pl.trial.moving') : t('pl.trial.move')}
                  </button>
                  <button type="button" onClick={() => {
                    if (moving === x.id) endMode();
                    s.remove(x.id);
                  }} aria-label={t('pl.trial.removeLabel', { n: i + 1 })}>{t('pl.trial.remove')}</button>
                </div>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => {
            if (moving) endMode();
            s.clear();
          }} data-testid="trial-clear">{t('pl.trial.clear')}</button>
          <p className="hint">{t('pl.trial.dragHint')}</p>
          <div aria-live="polite">
            {status === 'updating' && <p className="hint" role="status" data-testid="trial-updating">{t('pl.trial.updating')}</p>}
            {status === 'ready' && baseline && result && (
              <ScenarioCompare before={baseline} after={result} categories={trialCats} estimate={result.popSource !== 'demand-points'} />
            )}
          </div>
        </>
      )}
    </section>
  );
}
