/**
 * Imported residential demand (小区 points with residents). When set, the coverage
 * engine reports population coverage from these points instead of the district
 * census spread (src/geo/coverageEngine.ts setDemand). Written by the import UI.
 */
import { create } from 'zustand';
import type { DemandPoint } from '../io/importTypes';

export interface DemandState {
  demand: { label: string; points: DemandPoint[] } | null;
  setDemand: (demand: DemandState['demand']) => void;
}

export const useDemandStore = create<DemandState>()((set) => ({
  demand: null,
  setDemand: (demand) => set({ demand }),
}));
