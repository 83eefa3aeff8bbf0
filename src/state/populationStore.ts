/**
 * The shipped dasymetric population grid (an estimate: 2020 district census spread by bus-stop
 * and service density), drawn as the 'population' layer (viewStore.layers.population).
 */
import { create } from 'zustand';
import type { PopulationGridFile } from '../data/populationGrid';

export interface PopulationState {
  grid: PopulationGridFile | null;
  setGrid: (grid: PopulationGridFile) => void;
}

export const usePopulationStore = create<PopulationState>()((set) => ({
  grid: null,
  setGrid: (grid) => set({ grid }),
}));
