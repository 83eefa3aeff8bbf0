/**
 * Web Worker for site suggestions (src/geo/siting.ts), exposed with comlink. Keeps the demand
 * model (units rasterised onto the grid) between requests; rebuilt when the units change.
 * Created by src/worker/sitingClient.ts.
 */
import * as Comlink from 'comlink';
import { createSitingService } from '../geo/sitingService';

Comlink.expose(createSitingService());
