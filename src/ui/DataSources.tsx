import { useMemo } from 'react';
import { SOURCES } from '../data/sources';
import { OSM_ATTRIBUTION } from '../data/osmServices';
import { useDataStore } from '../state/dataStore';
import { useViewStore } from '../state/viewStore';
import { SHIPPED_SOURCE_IDS, countByCategory, setShippedSource, shippedDataset, shippedFacilities, sourceOf, type ShippedSourceId } from '../state/facilitySources';
import { useT } from '../state/useT';
import { pick } from '../domain/lang';

/** Facility sources side by side (switchable, with counts per category), then every shipped dataset's provenance. */
export function DataSources() {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const datasets = useDataStore((s) => s.datasets);
  const facilities = useDataStore((s) => s.facilities);
  const categories = useDataStore((s) => s.categories);
  const columns = useMemo(() => {
    const imports = datasets.filter((d) => !d.id);
    const shipped = SHIPPED_SOURCE_IDS.map((id) => ({ key: id, label: t(`src.${id}`), on: datasets.some((d) => d.id === id), synthetic: id !== 'osm', counts: countByCategory(shippedFacilities(id)), total: shippedDataset(id).count }));
    const imported = imports.map((d) => {
      const mine = facilities.filter((f) => sourceOf(f) === d.label);
      return { key: d.label, label: d.label, on: true, synthetic: d.synthetic, counts: countByCategory(mine), total: d.count };
    });
    return [...shipped, ...imported];
  }, [datasets, facilities, t]);
  return (
    <details className="panel-section sources" open>
      <summary>{t('data.sources')}</summary>
      <h3>{t('src.title')}</h3>
      <ul className="source-switch" data-testid="source-switch">
        {columns.map((c) => (
          <li key={c.key}>
            {SHIPPED_SOURCE_IDS.includes(c.key as ShippedSourceId) ? (
              <label className="toggle">
                <input type="checkbox" checked={c.on} data-testid={`source-${c.key}`} onChange={(e) => setShippedSource(c.key as ShippedSourceId, e.target.checked)} />
                {c.label} · {t('src.count', { n: c.total.toLocaleString('en-US') })}
              </label>
            ) : (
              <span className="toggle">
                {t('src.import')}: {c.label} · {t('src.count', { n: c.total.toLocaleString('en-US') })}
              </span>
            )}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t('src.byCategory')}</summary>
        <table className="source-counts" data-testid="source-counts">
          <thead>
            <tr>
              <th scope="col" />
              {columns.map((c) => <th scope="col" key={c.key}>{c.key === 'osm' || c.key === 'demo-hubs' || c.key === 'demo-embedded' ? t(`src.short.${c.key}`) : c.label}</th>)}
            </tr>
          </thead>
          <tbody>
            {categories.map((cat) => (
              <tr key={cat.id}>
                <th scope="row">{pick(lang, cat)}</th>
                {columns.map((c) => <td key={c.key}>{(c.counts[cat.id] ?? 0).toLocaleString('en-US')}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <p className="hint">{t('src.osmGaps')} {OSM_ATTRIBUTION}</p>
      <ul>
        {SOURCES.map((s) => (
          <li key={s.id}>
            <strong>{pick(lang, s)}</strong>
            {s.synthetic && <em> ({t('details.synthetic')})</em>}: {s.source}; {s.vintage}; {s.crs}; {s.licence}
          </li>
        ))}
      </ul>
    </details>
  );
}
