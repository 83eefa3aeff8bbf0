/**
 * Site suggestions (选址建议): the request (a category or the 人民坊 hub bundle, a scope, how
 * many), its status and result. The computation runs in the siting worker
 * (src/worker/sitingClient.ts), created on the first request; it is given the real facilities
 * plus the trial sites, the walking parameters of the coverage analysis and the imported
 * residential points if any.
 */
import { create } from 'zustand';
import { HUB_CATEGORIES, type Facility } from '../domain/types';
import type { WalkParams } from '../domain/walk';
import { DEFAULT_SUGGESTION_COUNT, type SitingResult } from '../geo/siting';
import { SitingClient } from '../worker/sitingClient';
import { useAnalysisStore } from './analysis';
import { useDataStore } from './dataStore';
import { useDemandStore } from './demandStore';
import type { TrialSite } from './trialSites';
import { useTrialStore, withTrialSites } from './trialStore';

/** Target id of the 人民坊 bundle (completeness of the hub's categories). */
export const HUB_TARGET = 'hub';

export interface SitingState {
  /** a category id or HUB_TARGET */
  target: string;
  /** 'city' or a district code */
  scope: string;
  k: number;
  status: 'idle' | 'running' | 'done' | 'error';
  error: string | null;
  result: (SitingResult & { modelMs: number }) | null;
  /** wall time of the last request, ms (worker round trip) */
  lastMs: number | null;
  /** what the result was computed from (to tell when it is out of date) */
  basis: { facilities: readonly Facility[]; trials: readonly TrialSite[]; params: WalkParams } | null;
  /** ranks already adopted as trial sites */
  adopted: number[];
  /** a camera request: all suggestions (rank null) or one; seq bumps on every request */
  focus: { rank: number | null; seq: number } | null;
  /** the suggestion last shown on the map from the list */
  shownRank: number | null;
  showOnMap: (rank: number | null) => void;
  setTarget: (t: string) => void;
  setScope: (s: string) => void;
  setK: (k: number) => void;
  run: () => void;
  clear: () => void;
  markAdopted: (rank: number) => void;
}

const controller: { run: () => void } = { run: () => undefined };

export const useSitingStore = create<SitingState>()((set) => ({
  target: HUB_TARGET,
  scope: 'city',
  k: DEFAULT_SUGGESTION_COUNT,
  status: 'idle',
  error: null,
  result: null,
  lastMs: null,
  basis: null,
  adopted: [],
  focus: null,
  shownRank: null,
  showOnMap: (rank) => set((s) => ({ focus: { rank, seq: (s.focus?.seq ?? 0) + 1 }, shownRank: rank })),
  setTarget: (target) => set({ target }),
  setScope: (scope) => set({ scope }),
  setK: (k) => set({ k: Math.max(1, Math.min(20, Math.round(k) || DEFAULT_SUGGESTION_COUNT)) }),
  run: () => controller.run(),
  clear: () => set({ result: null, status: 'idle', error: null, basis: null, adopted: [], shownRank: null }),
  markAdopted: (rank) => set((s) => ({ adopted: [...s.adopted, rank] })),
}));

/** Category ids a target stands for. */
export function targetCategories(target: string): string[] {
  return target === HUB_TARGET ? [...HUB_CATEGORIES] : [target];
}

/** Wires `run` to a siting worker (created lazily); returns a stop function. */
export function startSiting(createClient: () => Promise<SitingClient> | SitingClient): () => void {
  let client: SitingClient | null = null;
  let unitsSent: unknown = null;
  let demandSent: unknown;
  let stopped = false;
  const set = useSitingStore.setState;
  controller.run = () => {
    void (async () => {
      const data = useDataStore.getState();
      if (data.status !== 'ready' || !data.units) return;
      const { target, scope, k } = useSitingStore.getState();
      const params = useAnalysisStore.getState().params;
      const trials = useTrialStore.getState().trials;
      const facilities = withTrialSites(data.facilities, trials, data.districts?.features ?? []);
      const demand = useDemandStore.getState().demand;
      set({ status: 'running', error: null });
      const t0 = performance.now();
      try {
        client ??= await createClient();
        if (data.units !== unitsSent) {
          await client.setUnits(data.units.features);
          unitsSent = data.units;
        }
        if (demand !== demandSent) {
          await client.setDemand(demand ? demand.points : null);
          demandSent = demand;
        }
        const result = await client.suggest(data.categories, { categories: targetCategories(target), scope, k, params, facilities });
        if (stopped || !result) return;
        set({ status: 'done', result, lastMs: performance.now() - t0, basis: { facilities: data.facilities, trials, params }, adopted: [], shownRank: null });
        // a new result may lie anywhere (another district): frame all suggestions
        useSitingStore.getState().showOnMap(null);
      } catch (e) {
        if (!stopped) set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
      }
    })();
  };
  return () => {
    stopped = true;
    controller.run = () => undefined;
    client?.terminate();
  };
}

/** Starts the planner tools' controllers; returns a stop function. No worker is created until the first suggestion request. */
export function startPlannerTools(): () => void {
  if (typeof Worker === 'undefined') return () => undefined;
  return startSiting(() => new SitingClient());
}

/** True when the suggestions were computed for other facilities (e.g. a trial site since) or parameters. */
export function sitingOutOfDate(basis: SitingState['basis']): boolean {
  if (!basis) return false;
  return basis.facilities !== useDataStore.getState().facilities || basis.trials !== useTrialStore.getState().trials
    || basis.params !== useAnalysisStore.getState().params;
}

