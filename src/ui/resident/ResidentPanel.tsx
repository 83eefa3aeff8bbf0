/**
 * The residents' panel: pick a place (map tap, my location, search), pick a walker, then
 * see what is within 5/10/15 minutes, the nearest facility of each service, and which
 * services are missing. A bottom sheet on phones, a side panel on wider screens (resident.css).
 */
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDataStore } from '../../state/dataStore';
import { describeSources } from '../../state/facilitySources';
import { useViewStore } from '../../state/viewStore';
import { useT } from '../../state/useT';
import type { Translate } from '../../i18n';
import { REACH_MINUTES } from '../../geo/reach';
import type { PlaceEntry } from '../../geo/search';
import { REACH_BAND_COLORS } from '../../domain/palette';
import { useResidentStore } from '../../state/residentStore';
import { useResidentReach } from './useResidentReach';
import { locate, type GeoOutcome } from './geolocate';
import { PlaceSearch } from '../search/PlaceSearch';
import { useHasStreets } from '../../state/placeSearch';
import { PersonaSwitch } from './PersonaSwitch';
import { ReachList } from './ReachList';
import { NearestList } from './NearestList';
import { completenessRule, completenessText, categoryName } from './residentFormat';
import './resident.css';
import { pickName } from '../../domain/lang';

type GeoMessage = { tone: 'info' | 'error'; text: string } | null;

function geoMessage(o: GeoOutcome | 'locating', t: Translate): GeoMessage {
  if (o === 'locating') return { tone: 'info', text: t('resident.geo.locating') };
  switch (o.kind) {
    case 'ok': return { tone: 'info', text: t('resident.geo.ok') };
    case 'outside': return { tone: 'error', text: t('resident.geo.outside', { lng: o.at.lng.toFixed(4), lat: o.at.lat.toFixed(4) }) };
    default: return { tone: 'error', text: t(`resident.geo.${o.kind}`) };
  }
}

export function ResidentPanel() {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const { categories, districts, datasets } = useDataStore(useShallow((s) => ({ categories: s.categories, districts: s.districts, datasets: s.datasets })));
  const { at, persona, placeLabel, setPlace, setPersona, notice, area, showArea } = useResidentStore(
    useShallow((s) => ({ at: s.at, persona: s.persona, placeLabel: s.placeLabel, setPlace: s.setPlace, setPersona: s.setPersona, notice: s.notice, area: s.area, showArea: s.showArea })),
  );
  const { reach, district, network, nearestM } = useResidentReach();
  const hasStreets = useHasStreets();
  const [expanded, setExpanded] = useState(true);
  const [geo, setGeo] = useState<GeoMessage>(null);
  const bodyId = useId();

  const onPick = (e: PlaceEntry) => {
    setGeo(null);
    // a district or 街镇 is an area, not a place: frame it and ask for the place in it
    if (e.kind !== 'facility' && e.bbox) showArea(e.label, e.bbox);
    else setPlace({ lng: e.lng, lat: e.lat }, 'search', e.label);
  };

  const onLocate = async () => {
    setGeo(geoMessage('locating', t));
    const outcome = await locate(typeof navigator !== 'undefined' ? navigator.geolocation : undefined, districts?.features ?? [], typeof window === 'undefined' || window.isSecureContext !== false);
    setGeo(geoMessage(outcome, t));
    if (outcome.kind === 'ok') setPlace(outcome.at, 'geolocation');
  };

  const message: GeoMessage = notice === 'outside' ? { tone: 'error', text: t('resident.pick.outside') } : geo;

  return (
    <section className={`resident-panel ${expanded ? 'expanded' : 'collapsed'}`} aria-labelledby={`${bodyId}-title`} data-testid="resident-panel">
      <header className="resident-header">
        <h2 id={`${bodyId}-title`}>{t('resident.title')}</h2>
        <button type="button" className="resident-toggle" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setExpanded((x) => !x)}>
          {expanded ? t('resident.sheet.collapse') : t('resident.sheet.expand')}
        </button>
      </header>
      {reach && !expanded && (
        <p className="resident-summary">{completenessText(reach.completeness, categories, lang, t)}</p>
      )}
      <div id={bodyId} className="resident-body" hidden={!expanded}>
        {!at && area && (
          <p className="resident-message info" role="status" data-testid="resident-area-ask">{t('resident.area.ask', { name: area.label })}</p>
        )}
        {!at && !area && <p className="resident-hint">{t('resident.pick.hint')}</p>}
        <div className="resident-pickers">
          <PlaceSearch onPick={onPick} label={t('search.label')} placeholder={t('search.placeholder')} />
          <button type="button" className="resident-geo" onClick={onLocate}>{t('resident.geo.button')}</button>
        </div>
        {!at && !hasStreets && <p className="resident-note">{t('search.streetsNote')}</p>}
        <div role="alert" className={`resident-message ${message?.tone ?? ''}`}>{message?.text ?? ''}</div>

        {reach && at && (
          <>
            <div className="resident-place" data-testid="resident-place">
              <span className="resident-label">{t('resident.place.label')}</span>{' '}
              <strong>{placeLabel ?? t('resident.place.coords', { lng: at.lng.toFixed(5), lat: at.lat.toFixed(5) })}</strong>
              {district && <span> · {t('resident.place.in', { district: pickName(lang, district.properties) })}</span>}
              <button type="button" className="resident-clear" onClick={() => { setGeo(null); setPlace(null, 'map'); }}>{t('resident.place.clear')}</button>
            </div>
            <p className="resident-complete" aria-live="polite" data-testid="resident-completeness">
              {completenessText(reach.completeness, categories, lang, t)}
            </p>
            <p className="resident-note" data-testid="resident-rule">{completenessRule(reach.completeness, categories, lang, t)}</p>
            {reach.completeness.upcoming.length > 0 && (
              <p className="resident-note">
                {t('resident.complete.upcoming', { list: reach.completeness.upcoming.map((id) => categoryName(categories, id, lang)).join(t('resident.sep')) })}
              </p>
            )}
          </>
        )}
        <PersonaSwitch value={persona} onChange={setPersona} lang={lang} t={t} />
        {reach && at && (
          <>
            <p className="resident-rings">
              {REACH_MINUTES.map((m) => (
                <span key={m} className="resident-ring-swatch" style={{ borderColor: REACH_BAND_COLORS[m] }} aria-hidden="true" />
              ))}
              {network === 'network'
                ? t('net.resident.isochrones')
                : t('resident.reach.rings', { r5: Math.round(reach.radiiM[5]), r10: Math.round(reach.radiiM[10]), r15: Math.round(reach.radiiM[15]) })}
            </p>
            {network !== 'off' && network !== 'network' && (
              <p className="resident-note" data-testid="resident-network-why">
                {network === 'not-linked' && nearestM !== null
                  ? t('net.resident.notLinkedAt', { m: Math.round(nearestM) })
                  : t(`net.resident.${network}`)}
              </p>
            )}
            <ReachList items={reach.within} minutes={reach.completeness.minutes} categories={categories} lang={lang} t={t} />
            <NearestList nearest={reach.nearest} completeness={reach.completeness} categories={categories} lang={lang} t={t} />
            <p className="resident-method">
              {network === 'network'
                ? t('net.resident.method', { speed: reach.walk.speedKmh })
                : t('resident.method', { detour: reach.walk.detour, speed: reach.walk.speedKmh })}
            </p>
            <p className="resident-method" data-testid="resident-sources">{t('src.used', { sources: describeSources(datasets, lang) })}</p>
          </>
        )}
      </div>
    </section>
  );
}
