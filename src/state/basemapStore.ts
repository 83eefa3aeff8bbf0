/**
 * The basemap the user picked and their 天地图 key, kept in this browser (localStorage) and
 * nowhere else. Offline until the user picks a basemap.
 */
import { create } from 'zustand';
import { BASEMAP_IDS, type BasemapId } from '../domain/basemaps';

const KEY = 'shq-basemap';

interface Saved { id: BasemapId; tiandituKey: string; customUrl: string }

function load(): Saved {
  const fallback: Saved = { id: 'offline', tiandituKey: '', customUrl: '' };
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as Partial<Saved> | null;
    if (!v) return fallback;
    return {
      id: BASEMAP_IDS.includes(v.id as BasemapId) ? (v.id as BasemapId) : 'offline',
      tiandituKey: typeof v.tiandituKey === 'string' ? v.tiandituKey : '',
      customUrl: typeof v.customUrl === 'string' ? v.customUrl : '',
    };
  } catch {
    return fallback;
  }
}

export interface BasemapState extends Saved {
  setBasemap: (p: Partial<Saved>) => void;
}

export const useBasemapStore = create<BasemapState>()((set, get) => ({
  ...load(),
  setBasemap: (p) => {
    set(p);
    const { id, tiandituKey, customUrl } = get();
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify({ id, tiandituKey, customUrl }));
    } catch {
      // storage unavailable (private mode): the choice lasts for this page only
    }
  },
}));
