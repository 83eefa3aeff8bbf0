import { SOURCES } from '../data/sources';
import { useDataStore } from '../state/dataStore';
import { useViewStore } from '../state/viewStore';
import { useT } from '../i18n/useT';

export function DataSources() {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const datasets = useDataStore((s) => s.datasets);
  return (
    <details className="panel-section sources">
      <summary>{t('data.sources')}</summary>
      <ul>
        {SOURCES.map((s) => (
          <li key={s.id}>
            <strong>{lang === 'zh' ? s.zh : s.en}</strong>
            {s.synthetic && <em> ({t('details.synthetic')})</em>}: {s.source}; {s.vintage}; {s.crs}; {s.licence}
          </li>
        ))}
        {datasets.map((d) => (
          <li key={d.label}>
            <strong>{d.label}</strong>
            {d.synthetic && <em> ({t('details.synthetic')})</em>}: {d.count}
          </li>
        ))}
      </ul>
    </details>
  );
}
