// Worker bootstrap: loads the TypeScript helper (bench/networkWorker.ts) through tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport('./networkWorker.ts', import.meta.url);
