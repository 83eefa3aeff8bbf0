/** A drop zone with a file button: drag a file onto it or pick one. */
import { useId, useState, type DragEvent } from 'react';
import { useT } from '../../state/useT';

export function FileDrop({ accept, hint, onFile, disabled }: { accept: string; hint: string; onFile: (f: File) => void; disabled?: boolean }) {
  const t = useT();
  const id = useId();
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer?.files?.[0];
    if (f && !disabled) onFile(f);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the labelled file input inside is the keyboard path
    <div
      className={over ? 'import-drop over' : 'import-drop'}
      data-testid="import-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <span>{t('import.drop')} </span>
      <label htmlFor={id} className="import-choose">
        {t('import.choose')}
      </label>
      <input
        id={id}
        type="file"
        accept={accept}
        disabled={disabled}
        aria-label={t('import.fileLabel')}
        className="import-file-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onFile(f);
          e.target.value = '';
        }}
      />
      <p className="note">{hint}</p>
    </div>
  );
}
