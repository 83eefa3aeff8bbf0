/** Walker persona as a radio group (adult / older adult / with child); changes speeds immediately. */
import { PERSONAS } from '../../domain/walk';
import type { Lang } from '../../i18n';
import type { T } from './residentFormat';
import type { ResidentPersona } from '../../state/residentUrl';

export function PersonaSwitch({ value, onChange, lang, t }: { value: ResidentPersona; onChange: (p: ResidentPersona) => void; lang: Lang; t: T }) {
  return (
    <fieldset className="resident-persona">
      <legend className="resident-label">{t('resident.persona.label')}</legend>
      <div className="resident-segments">
        {PERSONAS.map((p) => (
          <label key={p.id} className={p.id === value ? 'checked' : undefined} title={lang === 'zh' ? p.basisZh : p.basisEn}>
            <input type="radio" name="resident-persona" value={p.id} checked={p.id === value} onChange={() => onChange(p.id)} />
            <span>{lang === 'zh' ? p.zh : p.en}</span>
            <small>{t('resident.persona.speed', { speed: p.speedKmh })}</small>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
