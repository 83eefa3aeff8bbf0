/** The header-mapping step: which column of the file holds each field. */
import { useState } from 'react';
import type { FieldKey, HeaderDetection, HeaderMapping } from '../../io/importTypes';
import { useT } from '../../state/useT';

export function MappingForm({ header: h, fields, onApply }: { header: HeaderDetection; fields: readonly FieldKey[]; onApply: (m: HeaderMapping) => void }) {
  const t = useT();
  const [mapping, setMapping] = useState<HeaderMapping>(h.mapping);
  return (
    <form
      className="import-mapping"
      data-testid="import-mapping"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(mapping);
      }}
    >
      {h.unsure && <p role="alert">{t('import.mappingUnsure')}</p>}
      <div className="import-mapping-grid">
        {fields.map((f) => (
          <label key={f}>
            <span>
              {t(`field.${f}`)}
              {h.guessed.includes(f) && <em> ({t('import.mappingGuessed')})</em>}
            </span>
            <select
              aria-label={t(`field.${f}`)}
              value={mapping[f] ?? ''}
              onChange={(e) => setMapping({ ...mapping, [f]: e.target.value || undefined })}
            >
              <option value="">{t('import.mappingNone')}</option>
              {h.headers.map((col) => (
                <option key={col} value={col}>
                  {col}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <button type="submit">{t('import.mappingApply')}</button>
    </form>
  );
}
