/**
 * Walking-coverage analysis: parameters, progress and results (store), and the controller
 * that keeps the coverage worker (src/worker/coverageClient.ts) fed from the data stores.
 * A full recompute runs when units, categories, demand or parameters change; a change of a
 * single facility (added, moved or removed) is sent as an incremental edit.
 */
import { create } from 'zustand';
import type { Facility } from '../domain/types';
import { defaultWalkParams, withPersona, type PersonaId, type WalkParams } from '../domain/walk';
import type { CoverageResult, UpdateStats } from '../geo/coverageTypes';
import type { UncoveredCollection } from '../geo/uncovered';
import { CoverageClient } from '../worker/coverageClient';
import { useDataStore } from './dataStore';
import { useDemandStore } from './demandStore';
import { engineFacilities, useTrialStore } from './trialStore';
import { useViewStore } from './viewStore';

export type AnalysisStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

declare global {
  interface Window {
    /** the analysis store, exposed to browser tests only (navigator.webdriver) */
    __coverageStore?: typeof useAnalysisStore;
  }
}

/** what the map colours until the user picks: a 15-minute category, so the first map shows contrast */
export const DEFAULT_SLOT = 'health';

export interface AnalysisState {
  params: WalkParams;
  /** what the map colours: a category id or COMPLETE_SLOT */
  slot: string;
  status: AnalysisStatus;
  /** 0 … 1 while running */
  progress: number;
  error: string | null;
  result: CoverageResult | null;
  /** wall time of the last full computation, ms (worker round trip included) */
  lastRunMs: number | null;
  lastEdit: UpdateStats | null;
  /** uncovered areas shown on the map (for gapsDistrict's units) */
  gaps: UncoveredCollection | null;
  gapsDistrict: string | null;
  setParams: (p: Partial<WalkParams>) => void;
  setPersona: (id: PersonaId) => void;
  setMinutes: (categoryId: string, minutes: number) => void;
  setSlot: (slot: string) => void;
  /** recompute now (also after a cancel) */
  run: () => void;
  cancel: () => void;
}

// actions are wired by the controller; before it starts they do nothing
const controller: { run: () => void; cancel: () => void } = { run: () => undefined, cancel: () => undefined };

export const useAnalysisStore = create<AnalysisState>()((set) => ({
  params: defaultWalkParams(),
  slot: DEFAULT_SLOT,
  status: 'idle',
  progress: 0,
  error: null,
  result: null,
  lastRunMs: null,
  lastEdit: null,
  gaps: null,
  gapsDistrict: null,
  setParams: (p) => set((s) => ({ params: { ...s.params, ...p, persona: p.speedKmh !== undefined || p.detour !== undefined ? 'custom' : (p.persona ?? s.params.persona) } })),
  setPersona: (id) => set((s) => ({ params: withPersona(s.params, id) })),
  setMinutes: (categoryId, minutes) => set((s) => ({ params: { ...s.params, minutes: { ...s.params.minutes, [categoryId]: minutes } } })),
  setSlot: (slot) => set({ slot }),
  run: () => controller.run(),
  cancel: () => controller.cancel(),
}));

/** The one facility that differs between two lists, when exactly one was added, moved/changed or removed. */
export function singleFacilityChange(before: readonly Facility[], after: readonly Facility[]):
  | { kind: 'upsert'; facility: Facility }
  | { kind: 'remove'; id: string }
  | null {
  if (Math.abs(before.length - after.length) > 1) return null;
  const old = new Map(before.map((f) => [f.id, f]));
  let change: { kind: 'upsert'; facility: Facility } | { kind: 'remove'; id: string } | null = null;
  let count = 0;
  for (const f of after) {
    const o = old.get(f.id);
    if (!o || o.lng !== f.lng || o.lat !== f.lat || o.categories.join() !== f.categories.join()) {
      change = { kind: 'upsert', facility: f };
      count++;
    }
    old.delete(f.id);
  }
  for (const id of old.keys()) {
    change = { kind: 'remove', id };
    count++;
  }
  return count === 1 ? change : null;
}

/** District whose uncovered areas the map shows: the selected district, or the selected unit's. */
function selectedDistrict(): string | null {
  const sel = useViewStore.getState().selection;
  if (!sel) return null;
  if (sel.kind === 'district') return sel.id;
  if (sel.kind === 'unit') {
    const u = useDataStore.getState().units?.features.find((f) => f.properties.id === sel.id);
    return u?.properties.district ?? null;
  }
  return null;
}

/**
 * Starts feeding the worker from the stores; returns a stop function. No-op where Web
 * Workers are unavailable (jsdom component tests).
 */
export function startCoverageAnalysis(createClient: () => CoverageClient = () => new CoverageClient()): () => void {
  if (typeof Worker === 'undefined') return () => undefined;
  if (typeof navigator !== 'undefined' && navigator.webdriver) window.__coverageStore = useAnalysisStore;
  const client = createClient();
  const set = useAnalysisStore.setState;
  let unitsSent: unknown = null;
  let categoriesSent: unknown = null;
  let facilitiesSent: readonly Facility[] | null = null;
  let demandSent: unknown = undefined;
  let paramsUsed: WalkParams | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let gapsRequest = 0;
  let stopped = false;

  const refreshGaps = async () => {
    const { result, slot } = useAnalysisStore.getState();
    const district = selectedDistrict();
    const mine = ++gapsRequest;
    if (!result || !district) {
      set({ gaps: null, gapsDistrict: null });
      return;
    }
    const ids = result.unitIds.filter((_, u) => result.unitDistrict[u] === district);
    const gaps = await client.uncovered(slot, ids);
    if (mine === gapsRequest && !stopped) set({ gaps, gapsDistrict: district });
  };

  const compute = async () => {
    const params = useAnalysisStore.getState().params;
    paramsUsed = params;
    set({ status: 'running', progress: 0, error: null });
    const t0 = performance.now();
    try {
      const answer = await client.compute(params, (p) => set({ progress: p.fraction }));
      if (stopped || !answer) return; // superseded or cancelled: a newer state will arrive
      set({ status: 'done', progress: 1, result: answer.result, lastRunMs: performance.now() - t0, lastEdit: null });
      void refreshGaps();
    } catch (e) {
      if (!stopped) set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void sync();
    }, 120);
  };

  // bring the worker up to date with the stores, then compute (or apply one edit)
  const sync = async () => {
    const data = useDataStore.getState();
    if (data.status !== 'ready' || !data.units || data.categories.length === 0) return;
    const demand = useDemandStore.getState().demand;
    const params = useAnalysisStore.getState().params;
    let full = false;
    if (data.categories !== categoriesSent) {
      await client.init(data.categories);
      categoriesSent = data.categories;
      unitsSent = null;
      facilitiesSent = null;
      demandSent = undefined;
      full = true;
    }
    if (data.units !== unitsSent) {
      await client.setUnits(data.units.features);
      unitsSent = data.units;
      full = true;
    }
    if (demand !== demandSent) {
      await client.setDemand(demand ? demand.points : null);
      demandSent = demand;
      full = true;
    }
    if (params !== paramsUsed) full = true;
    // the real facilities plus the planner's trial sites (the same array when there are none)
    const facilities = engineFacilities(data.facilities);
    if (facilities !== facilitiesSent) {
      const change = !full && facilitiesSent && useAnalysisStore.getState().result ? singleFacilityChange(facilitiesSent, facilities) : null;
      facilitiesSent = facilities;
      if (change) {
        const t0 = performance.now();
        const answer = change.kind === 'upsert' ? await client.upsertFacility(change.facility) : await client.removeFacility(change.id);
        if (answer && !stopped) {
          set({ status: 'done', result: answer.result, lastEdit: answer.stats, lastRunMs: performance.now() - t0 });
          void refreshGaps();
        } else if (!answer && !stopped) {
          full = true; // the worker had no finished result to update (e.g. a cancelled run)
        }
        if (!full) return;
      } else {
        await client.setFacilities(facilities);
        full = true;
      }
    }
    if (full) await compute();
  };

  controller.run = () => void compute();
  controller.cancel = () => {
    client.cancel();
    set({ status: 'cancelled', progress: 0 });
  };

  const unsubs = [
    useDataStore.subscribe(schedule),
    useDemandStore.subscribe(schedule),
    useTrialStore.subscribe((s, prev) => {
      if (s.trials !== prev.trials || s.suspended !== prev.suspended) schedule();
    }),
    useAnalysisStore.subscribe((s, prev) => {
      if (s.params !== prev.params) schedule();
      if (s.slot !== prev.slot) void refreshGaps();
    }),
    useViewStore.subscribe((s, prev) => {
      if (s.selection !== prev.selection) void refreshGaps();
    }),
  ];
  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    for (const u of unsubs) u();
    controller.run = () => undefined;
    controller.cancel = () => undefined;
    client.terminate();
  };
}
