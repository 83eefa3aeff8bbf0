// Worker bootstrap: loads the TypeScript helper engine (bench/engineWorker.ts) through tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('./engineWorker.ts', import.meta.url);
