/**
 * Before → after of the trial sites: covered land share and covered residents per affected
 * category and completeness, for the city, each touched district and the touched units,
 * with the newly covered residents. The diff is a few thousand additions (useMemo).
 */
import { useMemo } from 'react';
import { COMPLETE_SLOT } from '../../geo/coverageTypes';
import { scenarioDiff, type GroupDiff } from '../../report/scenarioDiff';
import { useT } from '../../state/useT';
import type { CoverageResult } from '../../geo/coverageTypes';
import { pctText, useNames } from './useNames';

const MAX_UNITS = 8;

function GroupTable({ group, slots, label, testId }: { group: GroupDiff; slots: string[]; label: string; testId: string }) {
  const t = useT();
  const n = useNames();
  const figs = group.slots.filter((f) => slots.includes(f.slot));
  return (
    <table className="coverage-table planner-compare" data-testid={testId} aria-label={label}>
      <caption>{label}</caption>
      <thead>
        <tr>
          <th scope="col">{t('pl.cmp.category')}</th>
          <th scope="col">{t('pl.cmp.land')}</th>
          <th scope="col">{t('pl.cmp.pop')}</th>
          <th scope="col">{t('pl.cmp.newly')}</th>
        </tr>
      </thead>
      <tbody>
        {figs.map((f) => (
          <tr key={f.slot} data-slot={f.slot}>
            <th scope="row">{n.category(f.slot)}</th>
            <td data-before={f.coveredBeforeM2 / f.areaM2} data-after={f.coveredAfterM2 / f.areaM2}>
              {pctText(f.coveredBeforeM2, f.areaM2)} → <strong>{pctText(f.coveredAfterM2, f.areaM2)}</strong>
            </td>
            <td>{pctText(f.popBefore, f.pop)} → <strong>{pctText(f.popAfter, f.pop)}</strong></td>
            <td className="gain">+{n.num(Math.max(0, f.popAfter - f.popBefore))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ScenarioCompare({ before, after, categories, estimate }: { before: CoverageResult; after: CoverageResult; categories: string[]; estimate: boolean }) {
  const t = useT();
  const n = useNames();
  const diff = useMemo(() => scenarioDiff(before, after), [before, after]);
  if (!diff) return null;
  const slots = [...diff.slots.filter((s) => categories.includes(s)), COMPLETE_SLOT];
  const completeIdx = diff.slots.indexOf(COMPLETE_SLOT);
  const newly = diff.city.slots[completeIdx].popAfter - diff.city.slots[completeIdx].popBefore;
  const best = (g: GroupDiff) => g.slots.filter((f) => slots.includes(f.slot)).reduce((m, f) => Math.max(m, f.popAfter - f.popBefore), 0);
  return (
    <div className="planner-scenario" data-testid="trial-compare">
      <h3>{t('pl.cmp.title')}</h3>
      <p className="hint" data-testid="trial-newly">
        {t('pl.cmp.summary', { complete: n.num(Math.max(0, newly)), best: n.num(best(diff.city)) })}
        {estimate ? ` ${t('pl.cmp.estimate')}` : ''}
      </p>
      <GroupTable group={diff.city} slots={slots} label={t('pl.cmp.city')} testId="trial-compare-city" />
      {diff.districts.map((d) => (
        <GroupTable key={d.id} group={d} slots={slots} label={n.district(d.id)} testId={`trial-compare-district-${d.id}`} />
      ))}
      {diff.units.length > 0 && (
        <details>
          <summary>{t('pl.cmp.units', { n: diff.units.length })}</summary>
          <table className="coverage-table" data-testid="trial-compare-units">
            <thead>
              <tr>
                <th scope="col">{t('pl.cmp.unit')}</th>
                <th scope="col">{t('pl.cmp.completeLand')}</th>
                <th scope="col">{t('pl.cmp.newlyBest')}</th>
              </tr>
            </thead>
            <tbody>
              {diff.units.slice(0, MAX_UNITS).map((u) => {
                const f = u.slots[completeIdx];
                return (
                  <tr key={u.id}>
                    <th scope="row">{n.unit(u.id)}</th>
                    <td>{pctText(f.coveredBeforeM2, f.areaM2)} → {pctText(f.coveredAfterM2, f.areaM2)}</td>
                    <td className="gain">+{n.num(best(u))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {diff.units.length > MAX_UNITS && <p className="hint">{t('pl.cmp.more', { n: diff.units.length - MAX_UNITS })}</p>}
        </details>
      )}
    </div>
  );
}
