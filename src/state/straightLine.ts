/**
 * "Where the straight line lies" (src/geo/straightLine.ts) for the network figures on screen:
 * the same facilities and parameters computed once more with circles, in a second coverage
 * worker, on the same land as the network figures (each unit's land inside the network's
 * extent, clipped in that worker). Compared with the network figures without trial sites
 * (`baseline`). `showOnMap` switches the map's choropleth to the difference (diverging legend).
 */
import { create } from 'zustand';
import type { Category, Facility, UnitFeature } from '../domain/types';
import type { WalkParams } from '../domain/walk';
import { straightLineLies, type StraightLineLies } from '../geo/straightLine';
import { CoverageClient } from '../worker/coverageClient';
import { useAnalysisStore } from './analysis';
import { useDataStore } from './dataStore';
import { useNetworkStore } from './networkStore';

export interface StraightLineState {
  lies: StraightLineLies | null;
  running: boolean;
  error: string | null;
  showOnMap: boolean;
  setShowOnMap: (on: boolean) => void;
}

export const useStraightLineStore = create<StraightLineState>()((set) => ({
  lies: null,
  running: false,
  error: null,
  showOnMap: false,
  setShowOnMap: (showOnMap) => set({ showOnMap }),
}));

export function startStraightLine(createClient: () => CoverageClient = () => new CoverageClient()): () => void {
  if (typeof Worker === 'undefined') return () => undefined;
  let client: CoverageClient | null = null;
  let sent: { categories: Category[]; units: UnitFeature[]; facilities: readonly Facility[] } | null = null;
  let seq = 0;
  let stopped = false;
  const set = useStraightLineStore.setState;

  const run = async () => {
    const mine = ++seq;
    const { baseline } = useAnalysisStore.getState();
    const n = useNetworkStore.getState();
    const data = useDataStore.getState();
    if (baseline?.engine.walkModel !== 'network' || !n.graph || !data.units) {
      if (useStraightLineStore.getState().lies) set({ lies: null });
      return;
    }
    const params: WalkParams = baseline.params;
    const units = data.units.features;
    const S = baseline.slots.length;
    if (!baseline.unitIds.some((_, u) => !Number.isNaN(baseline.coveredM2[u * S]))) {
      set({ lies: null, running: false }); // no unit has network figures
      return;
    }
    client ??= createClient();
    const c = client;
    set({ running: true, error: null });
    if (!sent || sent.categories !== data.categories) {
      await c.init(data.categories);
      sent = null;
    }
    // the network figures' land, clipped in the worker (before the units: one grid build)
    await c.setLand(n.graph.extent);
    if (!sent || sent.units !== units) {
      await c.setUnits(units);
      await c.setFacilities(data.facilities);
    } else if (sent.facilities !== data.facilities) {
      await c.setFacilities(data.facilities);
    }
    sent = { categories: data.categories, units, facilities: data.facilities };
    const answer = await c.compute(params, []);
    if (stopped || mine !== seq || !answer) return;
    const now = useAnalysisStore.getState().baseline;
    if (now?.engine.walkModel !== 'network') return;
    set({ lies: straightLineLies(now, answer.baseline), running: false });
  };
  const go = () => {
    run().catch((e: unknown) => {
      sent = null;
      if (!stopped) set({ running: false, error: e instanceof Error ? e.message : String(e) });
    });
  };
  const unsub = useAnalysisStore.subscribe((s, p) => {
    if (s.baseline !== p.baseline) go();
  });
  go();
  return () => {
    stopped = true;
    unsub();
    client?.terminate();
  };
}
