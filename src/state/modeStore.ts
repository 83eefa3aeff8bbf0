/**
 * What a map click means now: one value, one owner (the idea of Placemark's `state/mode.ts`).
 * The map wrapper (src/map/MapView.tsx) hands every click to the handler of the current mode
 * (src/map/handlers.ts); no overlay checks global flags to decide whether a click is its
 * business.
 */
import { create } from 'zustand';
import { useViewStore, type ViewMode } from './viewStore';

export type Mode =
  /** planner and plan views: a click selects the facility, unit or district under it */
  | { kind: 'select' }
  /** residents' view: a click picks the place to walk from */
  | { kind: 'pickPlace' }
  /** a click drops a trial site; placing then ends unless `keepPlacing` is on or Shift is held */
  | { kind: 'placeTrial' }
  /** the next click moves this trial site */
  | { kind: 'moveTrial'; id: string };

export type ModeKind = Mode['kind'];

export interface ModeState {
  mode: Mode;
  /** placing trial sites stays on after each drop */
  keepPlacing: boolean;
  setMode: (mode: Mode) => void;
  setKeepPlacing: (on: boolean) => void;
}

/** The mode a view starts in. */
export function baseMode(view: ViewMode): Mode {
  return view === 'resident' ? { kind: 'pickPlace' } : { kind: 'select' };
}

export const useModeStore = create<ModeState>()((set) => ({
  mode: baseMode(useViewStore.getState().view),
  keepPlacing: false,
  setMode: (mode) => set({ mode }),
  setKeepPlacing: (keepPlacing) => set({ keepPlacing }),
}));

/** Back to the view's own mode (after a drop, a move, or when the panel says stop). */
export function endMode(): void {
  useModeStore.getState().setMode(baseMode(useViewStore.getState().view));
}

/** Keeps the mode in step with the view: switching views ends placing or moving. Returns a stop function. */
export function startModeFollowsView(): () => void {
  endMode();
  return useViewStore.subscribe((s, prev) => {
    if (s.view !== prev.view) endMode();
  });
}
