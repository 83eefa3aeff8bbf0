/**
 * "Where the straight line lies" in the coverage panel (network mode): for the shown slot, the
 * city's and each district's share with circles and with the network over the same land, the
 * difference in percentage points, a switch that colours the map by it (diverging legend); and
 * the line in a unit's details.
 */
import { useShallow } from 'zustand/react/shallow';
import { liesLegend } from '../domain/palette';
import { useStraightLineStore } from '../state/straightLine';
import { useT } from '../state/useT';

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');
const signed = (v: number) => (v > 0 ? `+${v.toFixed(1)}` : v.toFixed(1));

export function StraightLinePanel({ slot, districtName }: { slot: string; districtName: (code: string) => string }) {
  const t = useT();
  const s = useStraightLineStore(useShallow((x) => ({ lies: x.lies, running: x.running, error: x.error, showOnMap: x.showOnMap, setShowOnMap: x.setShowOnMap })));
  const k = s.lies ? s.lies.slots.indexOf(slot) : -1;
  const rows = s.lies && k >= 0 ? [...s.lies.groups].sort(([a], [b]) => (a === 'city' ? -1 : b === 'city' ? 1 : a.localeCompare(b))) : [];
  return (
    <section aria-labelledby="lies-title" data-testid="lies-panel">
      <h3 id="lies-title">{t('net.lies.title')}</h3>
      <p className="hint">{t('net.lies.hint')}</p>
      {s.running && !s.lies && <p role="status">{t('net.lies.running')}</p>}
      {s.error && <p role="alert">{s.error}</p>}
      {rows.length > 0 && (
        <table className="coverage-table" data-testid="lies-table">
          <thead>
            <tr>
              <th scope="col">{t('cov.district')}</th>
              <th scope="col">{t('net.lies.circle')}</th>
              <th scope="col">{t('net.lies.network')}</th>
              <th scope="col">{t('net.lies.diff')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([code, g]) => (
              <tr key={code} data-code={code}>
                <th scope="row">{code === 'city' ? t('cov.city') : districtName(code)}</th>
                <td>{`${fmt(g.circlePct[k])}%`}</td>
                <td>{`${fmt(g.networkPct[k])}%`}</td>
                <td data-testid={`lies-${code}`}>{signed(g.circlePct[k] - g.networkPct[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.lies && (
        <>
          <label className="toggle">
            <input type="checkbox" checked={s.showOnMap} onChange={(e) => s.setShowOnMap(e.target.checked)} data-testid="lies-map" />
            {t('net.lies.map')}
          </label>
          {s.showOnMap && (
            <ul className="legend" aria-label={t('net.lies.legend')} data-testid="lies-legend">
              {liesLegend().map((l) => (
                <li key={l.color}>
                  <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
                  {Number.isFinite(l.from) ? (Number.isFinite(l.to) ? `${l.from} … ${l.to}` : `≥ ${l.from}`) : `< ${l.to}`}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** The overstatement of one unit for every slot (unit details), when it has network figures. */
export function StraightLineUnit({ unitId, slotName }: { unitId: string; slotName: (slot: string) => string }) {
  const t = useT();
  const lies = useStraightLineStore((s) => s.lies);
  const v = lies?.units.get(unitId);
  if (!lies || !v) return null;
  return (
    <p className="hint" data-testid="lies-unit">
      {`${t('net.lies.title')}: `}
      {lies.slots.map((slot, k) => `${slotName(slot)} ${t('net.lies.ppUnit', { v: signed(v[k]) })}`).join('；')}
    </p>
  );
}
