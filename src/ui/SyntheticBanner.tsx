import { selectShowsSynthetic, useDataStore } from '../state/dataStore';
import { useT } from '../i18n/useT';

/** Shown whenever any synthetic facility is on the map. */
export function SyntheticBanner() {
  const t = useT();
  const synthetic = useDataStore(selectShowsSynthetic);
  if (!synthetic) return null;
  return (
    <div className="banner" role="status" data-testid="synthetic-banner">
      {t('banner.synthetic')}
    </div>
  );
}
