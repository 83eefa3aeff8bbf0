/**
 * A number field of the walk model (speed, detour) checked against the same ranges as the
 * command line (WALK_RANGES in src/domain/walk.ts). A value out of range or not a number is
 * never applied: the field says why, next to it, and the last valid value stays in use.
 */
import { useEffect, useId, useState } from 'react';
import { WALK_RANGES, checkWalkField, type WalkField } from '../domain/walk';
import { useT } from '../state/useT';

interface Props {
  field: Exclude<WalkField, 'minutes'>;
  label: string;
  value: number;
  step: number;
  onValid: (v: number) => void;
  testId?: string;
}

export function WalkNumberField({ field, label, value, step, onValid, testId }: Props) {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  // a preset or a link changed the value: show it (unless the draft already means it)
  useEffect(() => {
    setDraft((d) => (Number(d) === value && d.trim() !== '' ? d : String(value)));
  }, [value]);
  const check = checkWalkField(field, draft);
  const error = check.ok
    ? null
    : t(`cov.field.${check.reason}`, { value: draft.trim(), min: check.min, max: check.max, current: value });
  return (
    <div className="field walk-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={draft}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-range`}
        onChange={(e) => {
          setDraft(e.target.value);
          const c = checkWalkField(field, e.target.value);
          if (c.ok && c.value !== value) onValid(c.value);
        }}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          const c = checkWalkField(field, (Math.round((value + (e.key === 'ArrowUp' ? step : -step)) * 100) / 100).toString());
          if (c.ok) {
            setDraft(String(c.value));
            onValid(c.value);
          }
        }}
      />
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert" data-testid={testId && `${testId}-error`}>{error}</span>
      ) : (
        <span id={`${id}-range`} className="hint">{t('cov.field.rangeHint', { min: WALK_RANGES[field].min, max: WALK_RANGES[field].max })}</span>
      )}
    </div>
  );
}
