/**
 * Baseline keeper of the trial-site scenario: keeps a coverage result computed without trial
 * sites for the current parameters and data (the "before" of before → after). When it is
 * missing or stale (parameters or data changed while trial sites are in), it suspends the
 * trial sites (src/state/trialStore.ts engineFacilities then feeds the engine the real
 * facilities only), takes the engine's result without them as the new baseline, and brings
 * them back. Kept apart from trialStore so the coverage controller can import trialStore
 * without an import cycle.
 */
import type { Facility } from '../domain/types';
import type { CoverageResult } from '../geo/coverageTypes';
import { comparable } from '../report/scenarioDiff';
import { useAnalysisStore } from './analysis';
import { useDataStore } from './dataStore';
import { useTrialStore, type TrialState } from './trialStore';

export type ScenarioStatus = 'none' | 'updating' | 'ready';

/** Whether the current result includes exactly the trial sites and a comparable baseline exists. */
export function scenarioStatus(
  trial: Pick<TrialState, 'trials' | 'suspended' | 'baseline' | 'baselineData'>,
  result: CoverageResult | null,
  real: readonly Facility[],
  running: boolean,
): ScenarioStatus {
  if (trial.trials.length === 0) return 'none';
  if (running || trial.suspended || !result || !trial.baseline || trial.baselineData !== real) return 'updating';
  if (result.facilityCount !== real.length + trial.trials.length || !comparable(trial.baseline, result)) return 'updating';
  return 'ready';
}

/** Keeps a baseline without trial sites; returns a stop function. */
export function startTrialBaseline(): () => void {
  const check = () => {
    const a = useAnalysisStore.getState();
    const t = useTrialStore.getState();
    const real = useDataStore.getState().facilities;
    if (a.status !== 'done' || !a.result) return;
    const r = a.result;
    if (t.trials.length === 0 || t.suspended) {
      // the engine holds the real facilities only: this result is the baseline
      if (r.facilityCount === real.length) {
        if (t.baseline !== r || t.baselineData !== real || t.suspended) useTrialStore.setState({ baseline: r, baselineData: real, suspended: false });
      }
      return;
    }
    // trial sites are in: the baseline must match the current parameters and data
    if (r.facilityCount === real.length + t.trials.length && (!t.baseline || t.baselineData !== real || !comparable(t.baseline, r))) {
      useTrialStore.setState({ suspended: true });
    }
  };
  const unsubs = [
    useAnalysisStore.subscribe((s, prev) => {
      if (s.result !== prev.result || s.status !== prev.status) check();
    }),
    useTrialStore.subscribe((s, prev) => {
      if (s.trials !== prev.trials || s.suspended !== prev.suspended) check();
    }),
  ];
  check();
  return () => unsubs.forEach((u) => u());
}
