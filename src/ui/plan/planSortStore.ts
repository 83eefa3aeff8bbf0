/** The plan table's sort order, kept in the URL (`psort=<key>:<asc|desc>`) so a link reproduces the table. */
import { create } from 'zustand';
import { isPlanSortKey } from '../../domain/plan';
import type { UrlBinding } from '../../state/urlSync';
import type { PlanSort } from './PlanTable';

export const usePlanSortStore = create<{ sort: PlanSort | null; setSort: (s: PlanSort | null) => void }>()((set) => ({
  sort: null,
  setSort: (sort) => set({ sort }),
}));

export function planSortFromParam(v: string | null): PlanSort | null {
  if (!v) return null;
  const [key, dir] = v.split(':');
  return isPlanSortKey(key) && (dir === 'asc' || dir === 'desc') ? { key, dir } : null;
}

export const planSortBinding: UrlBinding = {
  read: (params) => usePlanSortStore.setState({ sort: planSortFromParam(params.get('psort')) }),
  write: (params) => {
    const s = usePlanSortStore.getState().sort;
    if (s) params.set('psort', `${s.key}:${s.dir}`);
    else params.delete('psort');
  },
  subscribe: (onChange) => usePlanSortStore.subscribe(onChange),
};
