import { useDataStore } from '../state/dataStore';
import { useViewStore } from '../state/viewStore';
import { useT } from '../state/useT';

/**
 * Says exactly which layers on the map are simulated (and that the OpenStreetMap layer is
 * real but incomplete). Shown whenever any synthetic facility is on the map.
 */
export function SyntheticBanner() {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const datasets = useDataStore((s) => s.datasets);
  const synthetic = useDataStore((s) => s.facilities.some((f) => f.synthetic));
  if (!synthetic) return null;
  const simulated = datasets.filter((d) => d.synthetic);
  const names = simulated.map((d) => (d.id === 'demo-hubs' ? (lang === 'zh' ? '人民坊和六艺亭' : 'the Renminfang hubs and Liuyiting pavilions') : d.id === 'demo-embedded' ? (lang === 'zh' ? '示例嵌入式服务设施' : 'the demo embedded facilities') : d.label));
  const layers = names.length ? names.join(lang === 'zh' ? '、' : ' and ') : lang === 'zh' ? '示例设施' : 'the demo facilities';
  const osm = datasets.some((d) => d.id === 'osm');
  return (
    <div className="banner" role="status" data-testid="synthetic-banner">
      {t('banner.simulated', { layers })}
      {osm && ` ${t('banner.real')}`}
    </div>
  );
}
