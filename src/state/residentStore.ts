/** The residents' view state: chosen place and walker persona (both in the URL), and a camera request. */
import { create } from 'zustand';
import type { LngLat } from '../geo/reach';
import type { UrlBinding } from './urlSync';
import { DEFAULT_PERSONA, roundCoord, residentFromParams, residentToParams, type ResidentPersona } from './residentUrl';

/** How the place was chosen: decides whether the camera moves. */
export type PlaceSource = 'map' | 'search' | 'geolocation' | 'url';

export interface ResidentState {
  at: LngLat | null;
  /** label of a searched place, shown instead of coordinates; not in the URL */
  placeLabel: string | null;
  source: PlaceSource | null;
  persona: ResidentPersona;
  /** bumps when the map should frame the chosen place */
  focusSeq: number;
  /** a map tap that could not be used: outside Shanghai's land */
  notice: 'outside' | null;
  /** a facility picked in the list, shown on the map (seq bumps on every pick, so picking it again re-centres) */
  shown: { id: string; lng: number; lat: number; seq: number } | null;
  showFacility: (f: { id: string; lng: number; lat: number }) => void;
  /** a district or 街镇 picked in search: the map frames it and the panel asks for a place in it (seq bumps per pick) */
  area: { label: string; bbox: [number, number, number, number]; seq: number } | null;
  showArea: (label: string, bbox: [number, number, number, number]) => void;
  setPlace: (at: LngLat | null, source: PlaceSource, label?: string | null) => void;
  setPersona: (p: ResidentPersona) => void;
  setNotice: (n: 'outside' | null) => void;
}

export const useResidentStore = create<ResidentState>()((set) => ({
  at: null,
  placeLabel: null,
  source: null,
  persona: DEFAULT_PERSONA,
  focusSeq: 0,
  notice: null,
  shown: null,
  area: null,
  // an area is not a place: no reach is computed until the user taps a point in it
  showArea: (label, bbox) => set((s) => ({ at: null, placeLabel: null, source: null, notice: null, shown: null, area: { label, bbox, seq: (s.area?.seq ?? 0) + 1 } })),
  showFacility: (f) => set((s) => ({ shown: { id: f.id, lng: f.lng, lat: f.lat, seq: (s.shown?.seq ?? 0) + 1 } })),
  setPlace: (place, source, label = null) => {
    // rounded as in the URL, so a shared link computes exactly what its sender saw
    const at = place ? { lng: roundCoord(place.lng), lat: roundCoord(place.lat) } : null;
    set((s) => ({ at, source, notice: null, shown: null, area: at ? null : s.area, placeLabel: at ? label : null, focusSeq: at && source !== 'map' ? s.focusSeq + 1 : s.focusSeq }));
  },
  setPersona: (persona) => set({ persona }),
  setNotice: (notice) => set({ notice }),
}));

/** Whether the page was opened with a camera in the hash (#zoom/lat/lng): then a shared place does not move the camera. */
const OPENED_WITH_CAMERA = typeof window !== 'undefined' && /^#\d/.test(window.location.hash);

/** Register with startUrlSync (src/state/urlSync.ts) so `at` and `persona` live in the URL. */
export const residentUrlBinding: UrlBinding = {
  read: (params) => {
    const v = residentFromParams(params);
    const s = useResidentStore.getState();
    if (v.persona) s.setPersona(v.persona);
    if (v.at) {
      s.setPlace(v.at, 'url');
      if (OPENED_WITH_CAMERA) useResidentStore.setState({ focusSeq: 0 });
    }
  },
  write: (params) => {
    const { at, persona } = useResidentStore.getState();
    residentToParams({ at, persona }, params);
  },
  subscribe: (onChange) => useResidentStore.subscribe((s, prev) => {
    if (s.at !== prev.at || s.persona !== prev.persona) onChange();
  }),
};
