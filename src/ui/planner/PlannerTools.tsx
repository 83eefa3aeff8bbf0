/**
 * The planner's toolkit in the side panel (after the coverage panel): trial sites, site
 * suggestions, gap report. Their controllers start in src/state (startPlannerTools).
 */
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
