/** Web Worker for the place-name gazetteer (src/geo/gazetteerService.ts), exposed with comlink. */
import * as Comlink from 'comlink';
import { createGazetteerService } from '../geo/gazetteerService';

Comlink.expose(createGazetteerService());
