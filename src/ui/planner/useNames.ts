/** Localised names of categories, districts and units for the planner panels. */
import { useCallback, useMemo } from 'react';
import { COMPLETE_SLOT } from '../../geo/coverageTypes';
import { useDataStore } from '../../state/dataStore';
import { useViewStore } from '../../state/viewStore';
import { useT } from '../../state/useT';
import { unitLabel } from '../../domain/unitLabel';
import { formatNumber, pick } from '../../domain/lang';

export function useNames() {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const categories = useDataStore((s) => s.categories);
  const districts = useDataStore((s) => s.districts);
  const units = useDataStore((s) => s.units);
  const districtNames = useMemo(
    () => new Map((districts?.features ?? []).map((d) => [d.properties.code, { zh: d.properties.name_zh, en: d.properties.name_en }])),
    [districts],
  );
  const unitNames = useMemo(
    () => new Map((units?.features ?? []).map((u) => [u.properties.id, unitLabel(u.properties, lang, districtNames.get(u.properties.district))])),
    [units, districtNames, lang],
  );
  const category = useCallback((id: string) => {
    if (id === COMPLETE_SLOT) return t('pl.complete');
    const c = categories.find((x) => x.id === id);
    return c ? pick(lang, c) : id;
  }, [categories, lang, t]);
  const district = useCallback((code: string) => {
    const d = districtNames.get(code);
    return d ? pick(lang, d) : code || '—';
  }, [districtNames, lang]);
  const unit = useCallback((id: string) => unitNames.get(id) ?? id, [unitNames]);
  const num = useCallback((v: number, digits = 0) => formatNumber(v, lang, digits, true), [lang]);
  return { lang, category, district, unit, num, unitNames, districtNames };
}

/** "12.3%" or "—" */
export function pctText(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—';
}
