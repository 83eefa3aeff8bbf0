/**
 * The plan view's own state, kept in the URL so a link reproduces it: the table's sort
 * order (`psort=<key>:<asc|desc>`) and the measure the map colours (`pm=projects|renminfang|liuyiting`).
 */
import { create } from 'zustand';
import { isPlanSortKey, PLAN_MEASURES, type PlanMeasure, type PlanSort } from '../domain/plan';
import type { UrlBinding } from './urlSync';

interface PlanViewState {
  sort: PlanSort | null;
  measure: PlanMeasure;
  setSort: (s: PlanSort | null) => void;
  setMeasure: (m: PlanMeasure) => void;
}

export const usePlanViewStore = create<PlanViewState>()((set) => ({
  sort: null,
  measure: 'projects',
  setSort: (sort) => set({ sort }),
  setMeasure: (measure) => set({ measure }),
}));

export function planSortFromParam(v: string | null): PlanSort | null {
  if (!v) return null;
  const [key, dir] = v.split(':');
  return isPlanSortKey(key) && (dir === 'asc' || dir === 'desc') ? { key, dir } : null;
}

export function planMeasureFromParam(v: string | null): PlanMeasure {
  return (PLAN_MEASURES as readonly string[]).includes(v ?? '') ? (v as PlanMeasure) : 'projects';
}

export const planViewBinding: UrlBinding = {
  read: (params) => usePlanViewStore.setState({ sort: planSortFromParam(params.get('psort')), measure: planMeasureFromParam(params.get('pm')) }),
  write: (params) => {
    const { sort, measure } = usePlanViewStore.getState();
    if (sort) params.set('psort', `${sort.key}:${sort.dir}`);
    else params.delete('psort');
    if (measure !== 'projects') params.set('pm', measure);
    else params.delete('pm');
  },
  subscribe: (onChange) => usePlanViewStore.subscribe(onChange),
};
