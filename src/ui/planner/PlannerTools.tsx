/**
 * The planner's toolkit in the side panel (after the coverage panel): trial sites, site
 * suggestions, gap report. `startPlannerTools` wires the siting worker.
 */
import { startSiting } from '../../state/sitingStore';
import { SitingClient } from '../../worker/sitingClient';
import { GapReportPanel } from './GapReportPanel';
import { SitingPanel } from './SitingPanel';
import { TrialPanel } from './TrialPanel';
import './planner.css';

export function PlannerTools() {
  return (
    <>
      <TrialPanel />
      <SitingPanel />
      <GapReportPanel />
    </>
  );
}

/** Starts the planner tools' controllers; returns a stop function. No worker is created until the first suggestion request. */
export function startPlannerTools(): () => void {
  if (typeof Worker === 'undefined') return () => undefined;
  return startSiting(() => new SitingClient());
}
