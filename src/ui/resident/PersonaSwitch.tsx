/** Walker persona as a radio group (adult / older adult / with child); changes speeds immediately. */
import { PERSONAS } from '../../domain/walk';
import { type Lang, pick } from '../../domain/lang';
import type { Translate as T } from '../../i18n';
import type { ResidentPersona } from '../../state/residentUrl';

export function PersonaSwitch({ value, onChange, lang, t }: { value: ResidentPersona; onChange: (p: ResidentPersona) => void; lang: Lang; t: T }) {
  return (
    <fieldset className="resident-persona">
      <legend className="resident-label">{t('resident.persona.label')}</legend>
      <div className="resident-segments">
        {PERSONAS.map((p) => (
          <label key={p.id} className={p.id === value ? 'checked' : undefined} title={pick(lang, p.basis)}>
            <input type="radio" name="resident-persona" value={p.id} checked={p.id === value} onChange={() => onChange(p.id)} />
            <span>{pick(lang, p)}</span>
            <small>{t('resident.persona.speed', { speed: p.speedKmh })}</small>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
