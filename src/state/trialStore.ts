/**
 * Trial sites (试点选址) of the planner's scenario, kept apart from the loaded data: the list
 * (in the URL), and what a placed site is (type and categories). Placing and moving are modes
 * of the map click (src/state/modeStore.ts).
 *
 * The coverage controller (src/state/analysis.ts) sends the trial sites to the coverage
 * service apart from the loaded facilities; its answers carry both the figures without them
 * (the baseline of before → after) and with them, and which trial sites they include.
 */
import { create } from 'zustand';
import type { DistrictFeature, Facility, FacilityType } from '../domain/types';
import { districtAt } from '../geo/reachPlace';
import type { UrlBinding } from './urlSync';
import {
  DEFAULT_TRIAL_CATEGORIES, MAX_TRIAL_SITES, inShanghai, nextTrialId, roundTrialCoord, trialFacility, trialsFromParam, trialsToParam,
  type TrialSite,
} from './trialSites';

export interface TrialState {
  trials: TrialSite[];
  placeType: FacilityType;
  placeCategories: string[];
  add: (lng: number, lat: number, type?: FacilityType, categories?: string[]) => string | null;
  move: (id: string, lng: number, lat: number) => void;
  remove: (id: string) => void;
  clear: () => void;
  setPlaceType: (type: FacilityType) => void;
  setPlaceCategories: (ids: string[]) => void;
}

export const useTrialStore = create<TrialState>()((set, get) => ({
  trials: [],
  placeType: 'renminfang',
  placeCategories: [...DEFAULT_TRIAL_CATEGORIES.renminfang],
  add: (lng, lat, type, categories) => {
    const s = get();
    if (s.trials.length >= MAX_TRIAL_SITES || !inShanghai(lng, lat)) return null;
    const t: TrialSite = {
      id: nextTrialId(s.trials),
      lng: roundTrialCoord(lng),
      lat: roundTrialCoord(lat),
      type: type ?? s.placeType,
      categories: (categories ?? (type ? [...DEFAULT_TRIAL_CATEGORIES[type]] : s.placeCategories)).slice(),
    };
    if (t.categories.length === 0) return null;
    set({ trials: [...s.trials, t] });
    return t.id;
  },
  move: (id, lng, lat) => {
    if (!inShanghai(lng, lat)) return;
    set((s) => ({ trials: s.trials.map((t) => (t.id === id ? { ...t, lng: roundTrialCoord(lng), lat: roundTrialCoord(lat) } : t)) }));
  },
  remove: (id) => set((s) => ({ trials: s.trials.filter((t) => t.id !== id) })),
  clear: () => set({ trials: [] }),
  setPlaceType: (placeType) => set({ placeType, placeCategories: [...DEFAULT_TRIAL_CATEGORIES[placeType]] }),
  setPlaceCategories: (placeCategories) => set({ placeCategories }),
}));

// ---------------------------------------------------------------- facilities

/** District code of a position ('' outside every district). */
export function trialDistrict(t: { lng: number; lat: number }, districts: readonly DistrictFeature[]): string {
  return districtAt({ lng: t.lng, lat: t.lat }, districts)?.properties.code ?? '';
}

/** The active trial sites as facilities (flagged trial: true), in list order. */
export function trialFacilities(trials: readonly TrialSite[], districts: readonly DistrictFeature[]): Facility[] {
  return trials.map((t, i) => trialFacility(t, i, trialDistrict(t, districts)));
}

/** The real facilities plus the trial sites (what site suggestions are computed against). */
export function withTrialSites(real: readonly Facility[], trials: readonly TrialSite[], districts: readonly DistrictFeature[]): Facility[] {
  return trials.length === 0 ? real.slice() : [...real, ...trialFacilities(trials, districts)];
}

// ---------------------------------------------------------------- URL

/** Register with startUrlSync: `trial=lng,lat,type[,cats];…`. */
export const trialUrlBinding: UrlBinding = {
  read: (params) => {
    const trials = trialsFromParam(params.get('trial'));
    if (trials.length > 0) useTrialStore.setState({ trials });
  },
  write: (params) => {
    const v = trialsToParam(useTrialStore.getState().trials);
    if (v === null) params.delete('trial');
    else params.set('trial', v);
  },
  subscribe: (onChange) => useTrialStore.subscribe((s, prev) => {
    if (s.trials !== prev.trials) onChange();
  }),
};
