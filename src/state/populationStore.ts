/**
 * Population shown on the map: the shipped dasymetric grid (an estimate: 2020 district census
 * spread by bus-stop and service density) and whether its layer is visible.
 */
import { create } from 'zustand';
import type { PopulationGridFile } from '../data/populationGrid';

export interface PopulationState {
  grid: PopulationGridFile | null;
  /** the population layer is drawn */
  visible: boolean;
  setGrid: (grid: PopulationGridFile) => void;
  setVisible: (visible: boolean) => void;
}

export const usePopulationStore = create<PopulationState>()((set) => ({
  grid: null,
  visible: false,
  setGrid: (grid) => set({ grid }),
  setVisible: (visible) => set({ visible }),
}));
