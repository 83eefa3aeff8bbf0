/** Layer toggles and the legend, drawn from the same colours as the map layers. */
import { useShallow } from 'zustand/react/shallow';
import { POP_CLASSES, TYPE_STYLE } from '../domain/palette';
import type { FacilityType } from '../domain/types';
import { useDataStore } from '../state/dataStore';
import { useViewStore, type LayerId } from '../state/viewStore';
import { useT } from '../state/useT';
import { BasemapPicker } from './BasemapPicker';
import { pick } from '../domain/lang';

const TYPES: FacilityType[] = ['renminfang', 'liuyiting', 'embedded', 'service'];

export function LayerPanel() {
  const t = useT();
  const categories = useDataStore((s) => s.categories);
  const { lang, layers, hidden, toggleLayer, setCategoryVisible, setHiddenCategories } = useViewStore(
    useShallow((s) => ({ lang: s.lang, layers: s.layers, hidden: s.hiddenCategories, toggleLayer: s.toggleLayer, setCategoryVisible: s.setCategoryVisible, setHiddenCategories: s.setHiddenCategories })),
  );
  const toggle = (id: LayerId, swatch?: string) => (
    <label className="toggle" key={id}>
      <input type="checkbox" checked={layers[id]} onChange={() => toggleLayer(id)} />
      {swatch && <span className="swatch round" style={{ background: swatch }} aria-hidden="true" />}
      {t(`layers.${id}`)}
    </label>
  );
  return (
    <section className="panel-section" aria-labelledby="layers-title">
      <h2 id="layers-title">{t('layers.title')}</h2>
      {toggle('districts')}
      {toggle('units')}
      {TYPES.map((ty) => toggle(ty, TYPE_STYLE[ty].color))}
      {toggle('population')}
      {layers.population && (
        <div className="pop-legend" data-testid="pop-legend">
          <small>{t('pop.legend')} · {t('pop.dasymetric')}</small>
          <ul className="legend">
            {POP_CLASSES.map(([v, c], i) => (
              <li key={v}>
                <span className="swatch" style={{ background: c }} aria-hidden="true" />
                {i + 1 < POP_CLASSES.length ? `${v.toLocaleString('en-US')}–${POP_CLASSES[i + 1][0].toLocaleString('en-US')}` : `≥ ${v.toLocaleString('en-US')}`}
              </li>
            ))}
          </ul>
        </div>
      )}
      <BasemapPicker />
      <h3>{t('legend.categories')}</h3>
      <div className="legend-actions">
        <button type="button" onClick={() => setHiddenCategories([])}>{t('legend.all')}</button>
        <button type="button" onClick={() => setHiddenCategories(categories.map((c) => c.id))}>{t('legend.none')}</button>
      </div>
      <ul className="legend" aria-label={t('legend.categories')}>
        {categories.map((c) => (
          <li key={c.id}>
            <label className="toggle">
              <input type="checkbox" checked={!hidden.includes(c.id)} onChange={(e) => setCategoryVisible(c.id, e.target.checked)} />
              <span className="swatch round" style={{ background: c.color }} data-testid={`swatch-${c.id}`} aria-hidden="true" />
              {pick(lang, c)}
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}
