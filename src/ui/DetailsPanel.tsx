/** Details of the selected facility, planning unit or district, rendered as text. */
import { VILLAGE_POP_SOURCE } from '../io/villagePopulation';
import { useEffect, useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDataStore } from '../state/dataStore';
import { useViewStore } from '../state/viewStore';
import { useT } from '../state/useT';
import { unitLabel } from '../domain/unitLabel';
import { POP_SOURCE_DASYMETRIC } from '../domain/types';
import { OSM_ATTRIBUTION } from '../data/osmServices';
import { formatNumber, pick, pickName } from '../domain/lang';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** `extra` renders below the figures of a selected unit (e.g. its coverage results). */
export function DetailsPanel({ unitExtra }: { unitExtra?: (unitId: string) => ReactNode }) {
  const t = useT();
  const { selection, select, lang } = useViewStore(useShallow((s) => ({ selection: s.selection, select: s.select, lang: s.lang })));
  const { facilities, units, districts, categories } = useDataStore(
    useShallow((s) => ({ facilities: s.facilities, units: s.units, districts: s.districts, categories: s.categories })),
  );
  const section = useRef<HTMLElement>(null);
  const selKey = selection ? `${selection.kind}:${selection.id}` : '';
  // a click on the map while the panel is scrolled down: bring the details into view
  useEffect(() => {
    if (selKey) section.current?.scrollIntoView?.({ block: 'start' });
  }, [selKey]);
  if (!selection) return null;
  const districtName = (code: string) => {
    const d = districts?.features.find((f) => f.properties.code === code);
    return d ? pickName(lang, d.properties) : code || '—';
  };
  const fmt = (n: number, digits = 0) => formatNumber(n, lang, digits);
  let title = '';
  let body: ReactNode = null;

  if (selection.kind === 'facility') {
    const f = facilities.find((x) => x.id === selection.id);
    if (!f) return null;
    title = f.name;
    const catName = (id: string) => {
      const c = categories.find((x) => x.id === id);
      return c ? pick(lang, c) : id;
    };
    body = (
      <dl>
        <Row label={t('details.name')}>{f.name}</Row>
        <Row label={t('details.type')}>{t(`type.${f.type}`)}</Row>
        <Row label={t('details.categories')}>{f.categories.map(catName).join('、')}</Row>
        <Row label={t('details.status')}>{t(`status.${f.status}`)}</Row>
        <Row label={t('details.district')}>{districtName(f.district)}</Row>
        {f.street && <Row label={t('details.street')}>{f.street}</Row>}
        {f.village && <Row label={t('details.village')}>{f.village}</Row>}
        {f.address && <Row label={t('details.address')}>{f.address}</Row>}
        <Row label={t('details.position')}>{`${f.lng.toFixed(5)}, ${f.lat.toFixed(5)}`}</Row>
        <Row label={t('details.source')}>{f.source}{f.osm && <small className="note"> {OSM_ATTRIBUTION}</small>}</Row>
        {f.osm && (
          <>
            <Row label={t('details.osm')}>{`${f.osm.id} · ${f.osm.tag}`}</Row>
            <Row label={t('details.fit')}>{`${t(`fit.${f.osm.fit}`)}: ${f.osm.note}`}</Row>
          </>
        )}
        <Row label={t('details.synthetic')}>{f.synthetic ? t('details.yes') : t('details.no')}</Row>
      </dl>
    );
  } else if (selection.kind === 'unit') {
    const u = units?.features.find((x) => x.properties.id === selection.id);
    if (!u) return null;
    const p = u.properties;
    const d = districts?.features.find((x) => x.properties.code === p.district)?.properties;
    title = unitLabel(p, lang, d && { zh: d.name_zh, en: d.name_en });
    body = (
      <>
        <dl>
          <Row label={t('details.unitId')}>{p.id}</Row>
          <Row label={t('details.district')}>{districtName(p.district)}</Row>
          <Row label={t('details.area')}>{`${fmt(p.area_km2, 2)} ${t('unit.km2')}`}</Row>
          <Row label={t('details.popEst')}>
            {`${fmt(p.pop_est)} ${t('unit.people')}`}
            {p.pop_source === POP_SOURCE_DASYMETRIC && <small className="note"> ({t('details.popEstNote')})</small>}
            {p.pop_source === 'census-2020-district-spread' && <small className="note"> ({t('pop.even')})</small>}
            {p.pop_source.startsWith('raster: ') && <small className="note"> ({t('pop.raster', { label: p.pop_source.slice(8) })})</small>}
            {p.pop_source.startsWith(VILLAGE_POP_SOURCE) && <small className="note"> ({t('pop.villages', { label: p.pop_source.slice(VILLAGE_POP_SOURCE.length) })})</small>}
          </Row>
        </dl>
        {unitExtra?.(p.id)}
      </>
    );
  } else {
    const d = districts?.features.find((x) => x.properties.code === selection.id);
    if (!d) return null;
    const p = d.properties;
    title = districtName(p.code);
    const count = facilities.filter((f) => f.district === p.code).length;
    body = (
      <dl>
        <Row label={t('details.population2020')}>{fmt(p.population_2020)}</Row>
        <Row label={t('details.age65')}>{`${(p.share_age_65_plus * 100).toFixed(1)}%`}</Row>
        <Row label={t('details.landArea')}>{`${fmt(p.land_area_km2, 1)} ${t('unit.km2')}`}</Row>
        <Row label={t('details.officialArea')}>{`${fmt(p.official_area_km2, 1)} ${t('unit.km2')}`}</Row>
        <Row label={t('details.facilities')}>{fmt(count)}</Row>
      </dl>
    );
  }
  return (
    <section ref={section} className="panel-section details" aria-labelledby="details-title" data-testid="details">
      <div className="details-head">
        <h2 id="details-title">{title}</h2>
        <button type="button" className="close" aria-label={t('details.close')} onClick={() => select(null)}>×</button>
      </div>
      {body}
    </section>
  );
}
