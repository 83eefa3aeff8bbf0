import { useDataStore } from '../state/dataStore';
import { useT } from '../state/useT';

/**
 * Says exactly which layers on the map are simulated (and that the OpenStreetMap layer is
 * real but incomplete). Shown whenever any synthetic facility is on the map.
 */
export function SyntheticBanner() {
  const t = useT();
  const datasets = useDataStore((s) => s.datasets);
  const synthetic = useDataStore((s) => s.facilities.some((f) => f.synthetic));
  if (!synthetic) return null;
  const simulated = datasets.filter((d) => d.synthetic);
  const names = simulated.map((d) => (d.id === 'demo-hubs' || d.id === 'demo-embedded' ? t(`banner.layer.${d.id}`) : d.label));
  const layers = names.length ? names.join(t('banner.layer.and')) : t('banner.layer.none');
  const osm = datasets.some((d) => d.id === 'osm');
  return (
    <div className="banner" role="status" data-testid="synthetic-banner">
      {t('banner.simulated', { layers })}
      {osm && ` ${t('banner.real')}`}
    </div>
  );
}
