/**
 * The place search both views use: the loaded places (districts, imported 街镇, imported
 * facilities) indexed on first focus, the gazetteer of named OpenStreetMap places (metro
 * stations, bus stops named after street crossings, services) in its worker, Chinese or
 * pinyin, full or initials. What a pick does is the view's business (`onPick`).
 */
import { useT } from '../../state/useT';
import { useViewStore } from '../../state/viewStore';
import { useDataStore } from '../../state/dataStore';
import type { PlaceEntry } from '../../geo/search';
import { pickName } from '../../domain/lang';
import { PlaceCombobox } from './PlaceCombobox';
import { usePlaceSearch } from '../../state/placeSearch';

export interface PlaceSearchProps {
  onPick: (entry: PlaceEntry) => void;
  label: string;
  placeholder: string;
  /** say that 街镇 names become searchable with their outlines (when none are loaded) */
  streetsNote?: boolean;
}

export function PlaceSearch({ onPick, label, placeholder, streetsNote }: PlaceSearchProps) {
  const t = useT();
  const lang = useViewStore((s) => s.lang);
  const districts = useDataStore((s) => s.districts);
  const search = usePlaceSearch();
  const districtName = (code: string | undefined) => {
    const d = districts?.features.find((f) => f.properties.code === code);
    return d ? pickName(lang, d.properties) : '';
  };
  return (
    <>
      <PlaceCombobox
        index={search.index}
        onWant={search.want}
        onPick={onPick}
        label={label}
        placeholder={placeholder}
        noResults={t('search.noResults')}
        countText={(n) => t('search.count', { n })}
        remote={search.named}
        describe={(e) => [t(`search.kind.${e.kind}`), e.kind !== 'district' ? districtName(e.district) : ''].filter(Boolean).join(' · ')}
      />
      {streetsNote && !search.hasStreets && <p className="place-search-note">{t('search.streetsNote')}</p>}
    </>
  );
}
