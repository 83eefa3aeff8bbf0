/**
 * Walking-coverage analysis: parameters, progress and results (store), and the controller
 * that keeps the coverage worker (src/worker/coverageClient.ts) fed from the data stores.
 * A full recompute runs when units, categories, demand or parameters change; a change of a
 * single loaded facility (added, moved or removed) and any change of the trial sites are
 * sent as incremental edits.
 *
 * Every answer of the worker holds the figures without trial sites (`baseline`) and with
 * them (`result`); both are published in one store update together with what they were
 * computed from (`basis`), so nothing in between reaches the map or the panels.
 */
import { create } from 'zustand';
import type { Facility } from '../domain/types';
import { checkWalkField, defaultWalkParams, withPersona, type PersonaId, type WalkParams } from '../domain/walk';
import type { CoverageResult, UpdateStats } from '../geo/coverageTypes';
import type { UncoveredCollection } from '../geo/uncovered';
import type { DissolvedCollection } from '../geo/uncoveredDissolved';
import type { ScenarioAnswer } from '../geo/coverageService';
import { CoverageClient } from '../worker/coverageClient';
import { useDataStore, type DatasetInfo } from './dataStore';
import { useDemandStore } from './demandStore';
import { trialFacility, type TrialSite } from './trialSites';
import { useTrialStore } from './trialStore';
import { useViewStore } from './viewStore';
import { NETWORK_OPTIONS, networkMismatch, useNetworkStore } from './networkStore';
import type { NetworkGraph } from '../geo/network/graph';
import { coverageThreads } from './coverageThreads';

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
  /** the figures with the trial sites of `basis` (the loaded facilities alone when there are none) */
  result: CoverageResult | null;
  /** the figures for the loaded facilities alone, same parameters (the "before" of before → after) */
  baseline: CoverageResult | null;
  /** what `result` and `baseline` were computed from: the very arrays of the data and trial stores */
  basis: { facilities: readonly Facility[]; trials: readonly TrialSite[] } | null;
  /** the facility sources the figures were computed from (shown beside them): the data store's datasets of `basis.facilities` */
  sources: DatasetInfo[] | null;
  /** wall time of the last full computation, ms (worker round trip included) */
  lastRunMs: number | null;
  lastEdit: UpdateStats | null;
  /** uncovered areas shown on the map (for gapsDistrict's units) */
  gaps: DissolvedCollection | null;
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
  baseline: null,
  basis: null,
  sources: null,
  lastRunMs: null,
  lastEdit: null,
  gaps: null,
  gapsDistrict: null,
  // out-of-range values are never applied (the fields say why): same ranges as the command line
  setParams: (p) => set((s) => {
    if (p.speedKmh !== undefined && !checkWalkField('speedKmh', p.speedKmh).ok) return {};
    if (p.detour !== undefined && !checkWalkField('detour', p.detour).ok) return {};
    return { params: { ...s.params, ...p, persona: p.speedKmh !== undefined || p.detour !== undefined ? 'custom' : (p.persona ?? s.params.persona) } };
  }),
  setPersona: (id) => set((s) => ({ params: withPersona(s.params, id) })),
  setMinutes: (categoryId, minutes) => set((s) => (checkWalkField('minutes', minutes).ok ? { params: { ...s.params, minutes: { ...s.params.minutes, [categoryId]: minutes } } } : {})),
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

export type ScenarioStatus = 'none' | 'updating' | 'ready';

/** Whether the published figures are those of exactly these facilities and trial sites (then before → after can be shown). */
export function scenarioStatus(
  trials: readonly TrialSite[],
  facilities: readonly Facility[],
  a: Pick<AnalysisState, 'status' | 'result' | 'baseline' | 'basis'>,
): ScenarioStatus {
  if (trials.length === 0) return 'none';
  if (a.status === 'running' || !a.result || !a.baseline || !a.basis) return 'updating';
  return a.basis.trials === trials && a.basis.facilities === facilities ? 'ready' : 'updating';
}

/** What the engine is given for the trial sites (ids `trial-t1`, …). */
function engineTrials(trials: readonly TrialSite[]) {
  return trials.map((t, i) => {
    const f = trialFacility(t, i, '');
    return { id: f.id, lng: f.lng, lat: f.lat, categories: f.categories };
  });
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
 * Starts feeding the worker from the stores; returns a stop function. Without a client
 * factory, a no-op where Web Workers are unavailable (jsdom component tests).
 */
let activeClient: CoverageClient | null = null;

/** Uncovered areas of a slot for some units from the running coverage worker (the gap report's map); null without one. */
export function requestUncovered(slot: string, unitIds?: string[]): Promise<UncoveredCollection | null> {
  return activeClient ? activeClient.uncovered(slot, unitIds) : Promise.resolve(null);
}

/** The network the engine should walk: the loaded graph in network mode, null for circles, undefined while it loads. */
function wantedNetwork(): NetworkGraph | null | undefined {
  const n = useNetworkStore.getState();
  if (n.model !== 'network') return null;
  // a workspace names another network: never compute silently with the one loaded (the panel asks)
  if (networkMismatch(n)) return undefined;
  return n.status === 'ready' && n.graph ? n.graph : undefined;
}

export function startCoverageAnalysis(createClient?: () => CoverageClient): () => void {
  if (!createClient && typeof Worker === 'undefined') return () => undefined;
  if (typeof navigator !== 'undefined' && navigator.webdriver) window.__coverageStore = useAnalysisStore;
  const client = (createClient ?? (() => new CoverageClient()))();
  activeClient = client;
  const set = useAnalysisStore.setState;
  let unitsSent: unknown = null;
  let categoriesSent: unknown = null;
  let facilitiesSent: readonly Facility[] | null = null;
  let trialsSent: readonly TrialSite[] | null = null;
  let demandSent: unknown;
  let paramsUsed: WalkParams | null = null;
  let networkSent: NetworkGraph | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let gapsRequest = 0;
  let syncs = 0;
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
    let gaps: DissolvedCollection | null = null;
    try {
      gaps = await client.uncoveredMap(slot, ids);
    } catch {
      gaps = null; // the overlay is an extra: the figures stay, the overlay is not drawn
    }
    if (mine === gapsRequest && !stopped) set({ gaps, gapsDistrict: gaps ? district : null });
  };

  // one store update per answer: figures with and without trial sites, and what they include
  const publish = (answer: ScenarioAnswer, facilities: readonly Facility[], trials: readonly TrialSite[], ms: number) => {
    set({
      status: 'done', progress: 1, result: answer.scenario, baseline: answer.baseline,
      basis: { facilities, trials }, lastRunMs: ms, lastEdit: answer.stats,
      // the data store sets facilities and their datasets together: the same array means the same sources
      sources: useDataStore.getState().facilities === facilities ? useDataStore.getState().datasets : null,
    });
    void refreshGaps();
  };

  const compute = async () => {
    if (!facilitiesSent) return schedule(); // the worker has no data yet
    const facilities = facilitiesSent;
    const trials = useTrialStore.getState().trials;
    const params = useAnalysisStore.getState().params;
    paramsUsed = params;
    trialsSent = trials;
    set({ status: 'running', progress: 0, error: null });
    const t0 = performance.now();
    try {
      const answer = await client.compute(params, engineTrials(trials), (p) => set({ progress: p.fraction }));
      if (stopped || !answer) return; // superseded or cancelled: a newer state will arrive
      publish(answer, facilities, trials, performance.now() - t0);
    } catch (e) {
      fail(e);
    }
  };

  // an engine error reaches the user, and the figures of an earlier state do not stay on screen as if current
  const fail = (e: unknown) => {
    if (stopped) return;
    // send everything again next time: the worker may hold a half-set state
    categoriesSent = null;
    unitsSent = null;
    facilitiesSent = null;
    demandSent = undefined;
    paramsUsed = null;
    networkSent = null;
    set({
      status: 'error', error: e instanceof Error ? e.message : String(e), progress: 0,
      result: null, baseline: null, basis: null, sources: null, gaps: null, gapsDistrict: null,
    });
  };

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      sync().catch(fail);
    }, 120);
  }

  // bring the worker up to date with the stores, then compute (or apply incremental edits)
  const sync = async () => {
    const mine = ++syncs;
    const data = useDataStore.getState();
    if (data.status !== 'ready' || !data.units || data.categories.length === 0) return;
    const demand = useDemandStore.getState().demand;
    const params = useAnalysisStore.getState().params;
    const network = wantedNetwork();
    if (network === undefined) {
      // network mode while the network loads (or a workspace's network is not loaded): no figures of
      // another network or model stay on screen, and a computation still running is not published
      const st = useAnalysisStore.getState();
      if (st.status === 'running') client.cancel();
      if (st.result || st.status === 'running') set({ status: 'idle', progress: 0, result: null, baseline: null, basis: null, gaps: null, gapsDistrict: null });
      paramsUsed = null; // figures are needed again once a network is there, even the same one
      return;
    }
    let full = false;
    if (data.categories !== categoriesSent) {
      await client.init(data.categories);
      if (typeof location !== 'undefined' && typeof navigator !== 'undefined') await client.threads(coverageThreads(location.search, navigator.hardwareConcurrency));
      categoriesSent = data.categories;
      unitsSent = null;
      facilitiesSent = null;
      demandSent = undefined;
      networkSent = null; // a new engine walks circles
      full = true;
    }
    const units = data.units.features;
    if (units !== unitsSent) {
      await client.setUnits(units);
      unitsSent = units;
      full = true;
    }
    if (network !== networkSent) {
      await client.setNetwork(network, NETWORK_OPTIONS);
      networkSent = network;
      full = true;
    }
    if (demand !== demandSent) {
      await client.setDemand(demand ? demand.points : null);
      demandSent = demand;
      full = true;
    }
    if (params !== paramsUsed) full = true;
    const real = data.facilities;
    const trials = useTrialStore.getState().trials;
    const t0 = performance.now();
    let answer: ScenarioAnswer | null = null;
    if (real !== facilitiesSent) {
      const change = !full && facilitiesSent && useAnalysisStore.getState().result ? singleFacilityChange(facilitiesSent, real) : null;
      facilitiesSent = real;
      if (change) {
        answer = await client.editFacility(change);
        if (stopped || mine !== syncs) return; // a newer sync answers
        if (!answer) full = true; // the worker had no finished result to update (e.g. a cancelled run)
      } else {
        await client.setFacilities(real);
        full = true;
      }
    }
    if (full) return compute();
    if (trials !== trialsSent) {
      trialsSent = trials;
      answer = await client.setTrials(engineTrials(trials));
      if (stopped || mine !== syncs) return;
      if (!answer) return compute();
    }
    if (answer) publish(answer, real, trials, performance.now() - t0);
  };

  controller.run = () => void compute();
  controller.cancel = () => {
    client.cancel();
    set({ status: 'cancelled', progress: 0 });
  };

  const unsubs = [
    useDataStore.subscribe(schedule),
    useDemandStore.subscribe(schedule),
    useNetworkStore.subscribe((s, prev) => {
      if (s.model !== prev.model || s.graph !== prev.graph || s.status !== prev.status || s.wanted !== prev.wanted || s.ref !== prev.ref) schedule();
    }),
    useTrialStore.subscribe((s, prev) => {
      if (s.trials !== prev.trials) schedule();
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
    if (activeClient === client) activeClient = null;
    if (timer) clearTimeout(timer);
    for (const u of unsubs) u();
    controller.run = () => undefined;
    controller.cancel = () => undefined;
    client.terminate();
  };
}
