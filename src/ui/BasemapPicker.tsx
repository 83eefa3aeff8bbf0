/** Basemap picker: offline (default), OpenStreetMap, 天地图 (own key), or a custom style URL. */
import { useId, useState } from 'react';
import { BASEMAP_IDS, isStyleUrl, shiftedSystem, type BasemapId } from '../domain/basemaps';
import { useBasemapStore } from '../state/basemapStore';
import { useT } from '../state/useT';

export function BasemapPicker() {
  const t = useT();
  const name = useId();
  const { id, tiandituKey, customUrl, setBasemap } = useBasemapStore();
  const [keyDraft, setKeyDraft] = useState(tiandituKey);
  const [urlDraft, setUrlDraft] = useState(customUrl);
  const shifted = urlDraft.trim() ? shiftedSystem(urlDraft.trim()) : null;
  const pick = (next: BasemapId) => {
    if (next === 'custom') return; // applied with its button
    const wasCustom = id === 'custom';
    setBasemap({ id: next });
    if (wasCustom) window.location.reload(); // a custom style replaced the whole style: start again from the offline one
  };
  return (
    <fieldset className="basemap-picker" data-testid="basemap-picker">
      <legend>{t('basemap.title')}</legend>
      {BASEMAP_IDS.map((b) => (
        <label className="toggle" key={b}>
          <input type="radio" name={name} value={b} checked={id === b} data-testid={`basemap-${b}`} onChange={() => pick(b)} disabled={b === 'custom' && !isStyleUrl(urlDraft)} />
          {t(`basemap.${b}`)}
        </label>
      ))}
      {(id === 'tianditu-vec' || id === 'tianditu-img' || keyDraft) && (
        <label className="basemap-field">
          {t('basemap.key')}
          <input type="text" value={keyDraft} autoComplete="off" spellCheck={false} onChange={(e) => setKeyDraft(e.target.value)} onBlur={() => setBasemap({ tiandituKey: keyDraft.trim() })} data-testid="basemap-key" />
        </label>
      )}
      {(id === 'tianditu-vec' || id === 'tianditu-img') && !tiandituKey && <p className="hint">{t('basemap.needKey')}</p>}
      <label className="basemap-field">
        {t('basemap.url')}
        <input type="url" value={urlDraft} placeholder="https://…/style.json" onChange={(e) => setUrlDraft(e.target.value)} data-testid="basemap-url" />
      </label>
      {shifted && <p role="alert" className="warning" data-testid="basemap-warning">{t('basemap.shifted', { provider: shifted.provider, system: shifted.system })}</p>}
      <button type="button" disabled={!isStyleUrl(urlDraft)} onClick={() => { setBasemap({ id: 'custom', customUrl: urlDraft.trim() }); window.location.reload(); }} data-testid="basemap-apply">
        {t('basemap.apply')}
      </button>
      <p className="hint">{t('basemap.note')}</p>
    </fieldset>
  );
}
