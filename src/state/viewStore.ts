/** What the user is looking at: language, view, layer visibility, category filter, selection. Lives in the URL. */
import { create } from 'zustand';
import type { Lang } from '../domain/lang';

export type ViewMode = 'planner' | 'resident' | 'plan';
export type LayerId = 'districts' | 'units' | 'renminfang' | 'liuyiting' | 'embedded' | 'service' | 'population';
export const LAYER_IDS: readonly LayerId[] = ['districts', 'units', 'renminfang', 'liuyiting', 'embedded', 'service', 'population'];

export type Selection =
  | { kind: 'facility'; id: string }
  | { kind: 'unit'; id: string }
  | { kind: 'district'; id: string }
  | null;

export interface ViewState {
  lang: Lang;
  view: ViewMode;
  layers: Record<LayerId, boolean>;
  /** category ids hidden from the facility layers (empty = all shown) */
  hiddenCategories: string[];
  selection: Selection;
  setLang: (lang: Lang) => void;
  setView: (view: ViewMode) => void;
  toggleLayer: (id: LayerId) => void;
  setCategoryVisible: (id: string, visible: boolean) => void;
  setHiddenCategories: (ids: string[]) => void;
  select: (s: Selection) => void;
}

export const defaultLayers = (): Record<LayerId, boolean> => ({ districts: true, units: true, renminfang: true, liuyiting: true, embedded: true, service: true, population: false });

export const useViewStore = create<ViewState>()((set) => ({
  lang: 'zh',
  view: 'planner',
  layers: defaultLayers(),
  hiddenCategories: [],
  selection: null,
  setLang: (lang) => set({ lang }),
  setView: (view) => set({ view }),
  toggleLayer: (id) => set((s) => ({ layers: { ...s.layers, [id]: !s.layers[id] } })),
  setCategoryVisible: (id, visible) =>
    set((s) => ({ hiddenCategories: visible ? s.hiddenCategories.filter((c) => c !== id) : [...new Set([...s.hiddenCategories, id])] })),
  setHiddenCategories: (ids) => set({ hiddenCategories: ids }),
  select: (selection) => set({ selection }),
}));
