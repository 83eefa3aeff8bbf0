/**
 * 选址建议: for a category or the 人民坊 hub bundle and a scope, k sites by greedy maximum
 * coverage of the residents not yet reached (computed in the siting worker). Each suggestion
 * can be adopted as a trial site.
 */
import { useShallow } from 'zustand/react/shallow';
import { HUB_CATEGORIES } from '../../domain/types';
import { useAnalysisStore } from '../../state/analysis';
import { useDataStore } from '../../state/dataStore';
import { HUB_TARGET, sitingOutOfDate, useSitingStore } from '../../state/sitingStore';
import { useTrialStore } from '../../state/trialStore';
import { SUGGESTION_COLOR } from '../../domain/palette';
import { useT } from '../../state/useT';
import { useNames } from './useNames';

export function SitingPanel() {
  const t = useT();
  const n = useNames();
  const s = useSitingStore(useShallow((x) => ({
    target: x.target, scope: x.scope, k: x.k, status: x.status, error: x.error, result: x.result, lastMs: x.lastMs, basis: x.basis, adopted: x.adopted,
    shownRank: x.shownRank, setTarget: x.setTarget, setScope: x.setScope, setK: x.setK, run: x.run, clear: x.clear, markAdopted: x.markAdopted, showOnMap: x.showOnMap,
  })));
  const { categories, districts } = useDataStore(useShallow((x) => ({ categories: x.categories, districts: x.districts, facilities: x.facilities })));
  // re-render when what the suggestions depend on changes (to flag them out of date)
  useDataStore((x) => x.facilities);
  useAnalysisStore((x) => x.params);
  useTrialStore((x) => x.trials);
  const outOfDate = s.status === 'done' && sitingOutOfDate(s.basis);
  const r = s.result;
  const running = s.status === 'running';

  const adopt = (rank: number) => {
    const sg = r?.suggestions.find((x) => x.rank === rank);
    if (!r || !sg) return;
    const hub = r.categories.length > 1;
    const id = useTrialStore.getState().add(sg.lng, sg.lat, hub ? 'renminfang' : 'embedded', hub ? [...r.categories] : [r.categories[0]]);
    if (id) s.markAdopted(rank);
  };

  return (
    <section className="panel-section planner-siting" aria-labelledby="pl-siting-title" data-testid="siting-panel">
      <h2 id="pl-siting-title">{t('pl.siting.title')}</h2>
      <p className="hint">{t('pl.siting.intro')}</p>
      <label className="field">
        {t('pl.siting.target')}
        <select value={s.target} onChange={(e) => s.setTarget(e.target.value)} data-testid="siting-target">
          <option value={HUB_TARGET}>{t('pl.siting.hub', { n: HUB_CATEGORIES.length })}</option>
          {categories.map((c) => <option key={c.id} value={c.id}>{n.category(c.id)}</option>)}
        </select>
      </label>
      <label className="field">
        {t('pl.siting.scope')}
        <select value={s.scope} onChange={(e) => s.setScope(e.target.value)} data-testid="siting-scope">
          <option value="city">{t('pl.city')}</option>
          {(districts?.features ?? []).map((d) => <option key={d.properties.code} value={d.properties.code}>{n.district(d.properties.code)}</option>)}
        </select>
      </label>
      <label className="field">
        {t('pl.siting.k')}
        <input type="number" min={1} max={20} step={1} value={s.k} onChange={(e) => s.setK(Number(e.target.value))} data-testid="siting-k" />
      </label>
      <div className="planner-row" aria-live="polite">
        <button type="button" onClick={s.run} disabled={running} data-testid="siting-run">{running ? t('pl.siting.running') : t('pl.siting.run')}</button>
        {r && r.suggestions.length > 0 && <button type="button" onClick={() => s.showOnMap(null)} data-testid="siting-show-all">{t('pl.siting.showAll')}</button>}
        {r && <button type="button" onClick={s.clear}>{t('pl.siting.clear')}</button>}
        {s.status === 'error' && <span role="alert">{t('pl.siting.error')}{s.error}</span>}
      </div>
      {r && (
        <div data-testid="siting-result">
          <p className="hint" role="status" data-testid="siting-status">
            {t('pl.siting.done', { ms: Math.round(s.lastMs ?? r.ms), candidates: n.num(r.candidateCount), spacing: r.spacingM })}
          </p>
          <p className="hint">
            {r.objective === 'pop'
              ? t('pl.siting.uncoveredPop', { pop: n.num(r.uncoveredPop), total: n.num(r.scopePop), km2: n.num(r.uncoveredKm2, 1) })
              : t('pl.siting.uncoveredArea', { km2: n.num(r.uncoveredKm2, 1), total: n.num(r.scopeKm2, 1) })}
            {r.popSource !== 'demand-points' && r.objective === 'pop' ? ` ${t('pl.siting.estimate')}` : ''}
          </p>
          {outOfDate && <p className="hint" role="status" data-testid="siting-stale">{t('pl.siting.stale')}</p>}
          {r.suggestions.length === 0 ? (
            <p className="hint">{t('pl.siting.none')}</p>
          ) : (
            <ol className="planner-list suggestions" data-testid="siting-list">
              {r.suggestions.map((x) => (
                <li key={x.rank} data-rank={x.rank}>
                  <span className="rank" style={{ background: SUGGESTION_COLOR }} aria-hidden="true">{x.rank}</span>
                  <strong>{n.district(x.district)}</strong> · {n.unit(x.unitId)}
                  <div className="hint">
                    {t('pl.siting.gain', { pop: n.num(x.gainPop), km2: n.num(x.gainKm2, 2) })} · {t('pl.siting.cum', { pop: n.num(x.cumPop), km2: n.num(x.cumKm2, 2) })}
                  </div>
                  <div className="hint">{x.lng.toFixed(5)}, {x.lat.toFixed(5)}</div>
                  <button type="button" onClick={() => s.showOnMap(x.rank)} aria-pressed={s.shownRank === x.rank} data-testid={`siting-show-${x.rank}`}>
                    {t('pl.siting.show')}
                  </button>{' '}
                  <button type="button" onClick={() => adopt(x.rank)} disabled={s.adopted.includes(x.rank)} data-testid={`siting-adopt-${x.rank}`}>
                    {s.adopted.includes(x.rank) ? t('pl.siting.adopted') : t('pl.siting.adopt')}
                  </button>
                </li>
              ))}
            </ol>
          )}
          <p className="hint">{t('pl.siting.method', { cell: r.cellSizeM, spacing: r.spacingM })}</p>
        </div>
      )}
    </section>
  );
}
