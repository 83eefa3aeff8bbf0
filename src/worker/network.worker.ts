/**
 * Web Worker for residents' walking over the street network and the unlinked-facility list
 * (src/geo/networkPlaceService.ts), exposed with comlink. Created by src/worker/networkClient.ts.
 */
import * as Comlink from 'comlink';
import { createNetworkPlaceService } from '../geo/networkPlaceService';

Comlink.expose(createNetworkPlaceService());
