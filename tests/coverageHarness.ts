/**
 * The coverage analysis as the app runs it, for tests: the coverage service behind comlink on a
 * MessageChannel (as in its worker), the stores the analysis reads reset to their initial state
 * with the data a test gives, and the controller started on that channel.
 */
import * as Comlink from 'comlink';
import { type CoverageServiceApi, createCoverageService } from '../src/geo/coverageService';
import { startCoverageAnalysis, useAnalysisStore } from '../src/state/analysis';
import { type DataState, useDataStore } from '../src/state/dataStore';
import { useDemandStore } from '../src/state/demandStore';
import { useTrialStore } from '../src/state/trialStore';
import { useViewStore } from '../src/state/viewStore';
import { CoverageClient } from '../src/worker/coverageClient';
import { resetStore } from './resetStore';

/** A client talking to `service` (default: a new coverage service) over a MessageChannel. */
export function serviceClient(service: CoverageServiceApi = createCoverageService()): CoverageClient {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(service, port1 as unknown as Comlink.Endpoint);
  return new CoverageClient(port2 as unknown as Comlink.Endpoint);
}

/** The analysis, trial, demand and view stores at their initial state, the data store ready with `data`. */
export function resetAnalysisStores(data: Partial<DataState>): void {
  resetStore(useAnalysisStore);
  resetStore(useTrialStore);
  resetStore(useDemandStore);
  resetStore(useViewStore);
  resetStore(useDataStore, { status: 'ready', ...data });
}

/** The coverage controller on `service` over a channel; returns its stop. */
export function startAnalysisOn(service: CoverageServiceApi = createCoverageService()): () => void {
  return startCoverageAnalysis(() => serviceClient(service));
}
