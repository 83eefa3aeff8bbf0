/**
 * Import-layer check (`npm run lint`): no module imports from a layer above its own.
 *
 * The folders of src, lowest first; a folder imports only folders of a lower rank:
 *
 *   0 src/domain   types, rules, palette, languages
 *   1 src/i18n     dictionaries (no store)
 *   2 src/io       files in and out
 *   3 src/data     loading the shipped geodata/        3 src/geo   engine, walk models, search
 *   4 src/report   gap report, plan export
 *   5 src/worker   workers and their main-thread clients
 *   6 src/state    stores and controllers: the only importer of src/worker
 *   7 src/map      the map (the only importer of maplibre-gl)   7 src/ui   React panels
 *
 * Folders of the same rank never import each other (src/map never imports src/ui nor src/ui
 * src/map: colours and legends come from src/domain/palette.ts). Besides: src/worker is
 * imported only by src/state (src/ui never talks to a worker), react only from src/state,
 * src/map and src/ui, maplibre-gl only from src/map.
 *
 * Imports are read from the text (static, re-export, side-effect and dynamic imports,
 * type-only ones included: a type from a higher layer ties the layers just the same).
 * ALLOWED lists today's known violations; each must disappear, and the check fails when
 * one has, so its line gets deleted here and cannot come back.
 * Prints one line per problem and exits 1 when there is any.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** "importing file -> imported module" (module path without extension, or a package name). */
const ALLOWED = new Set<string>([
  // stores and controllers are moving to src/state (issue 9, item 4); delete each line as it goes
]);

type Rule = { from: (f: string) => boolean; bans: (target: string) => boolean; why: string };

const inDir = (d: string) => (p: string) => p === d || p.startsWith(`${d}/`);
const pkg = (name: string) => (t: string) => t === name || t.startsWith(`${name}/`);

/** Rank of each folder of src (README, Architecture). */
const RANK: Record<string, number> = { domain: 0, i18n: 1, io: 2, data: 3, geo: 3, report: 4, worker: 5, state: 6, map: 7, ui: 7 };
const folderOf = (p: string): string | null => {
  const m = /^src\/([^/]+)\//.exec(p);
  return m && m[1] in RANK ? m[1] : null;
};

const RULES: Rule[] = [
  ...Object.keys(RANK).map((d): Rule => ({
    from: inDir(`src/${d}`),
    bans: (t) => {
      const to = folderOf(t);
      return to !== null && to !== d && RANK[to] >= RANK[d];
    },
    why: `src/${d} imports only folders below it (${Object.keys(RANK).filter((x) => RANK[x] < RANK[d]).map((x) => `src/${x}`).join(', ') || 'none'})`,
  })),
  { from: (f) => !inDir('src/state')(f) && !inDir('src/worker')(f), bans: inDir('src/worker'), why: 'only src/state talks to workers (src/worker)' },
  {
    from: (f) => !['src/state', 'src/map', 'src/ui'].some((d) => inDir(d)(f)) && f !== 'src/App.tsx' && f !== 'src/main.tsx',
    bans: (t) => pkg('react')(t) || pkg('react-dom')(t),
    why: 'react only in src/state, src/map and src/ui',
  },
  { from: (f) => !inDir('src/map')(f), bans: pkg('maplibre-gl'), why: 'only src/map imports maplibre-gl' },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const IMPORT_RES = [
  /^\s*(?:import|export)\b[^;]*?\bfrom\s*['"]([^'"]+)['"]/gm, // import x from, export { } from (may span lines)
  /^\s*import\s*['"]([^'"]+)['"]/gm, // side-effect import
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g, // dynamic import
];

/** The modules a file imports: repository paths without extension for relative ones, else the package name. */
function importsOf(file: string, text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = new Set<string>();
  for (const re of IMPORT_RES)
    for (const m of code.matchAll(re)) {
      const spec = m[1];
      out.add(spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.(ts|tsx|js)$/, '').replace(/\/index$/, '') : spec);
    }
  return [...out];
}

const problems: string[] = [];
const seen = new Set<string>();
for (const file of sourceFiles('src')) {
  for (const target of importsOf(file, readFileSync(join(ROOT, file), 'utf8'))) {
    for (const rule of RULES) {
      if (!rule.from(file) || !rule.bans(target)) continue;
      const key = `${file} -> ${target}`;
      if (ALLOWED.has(key)) seen.add(key);
      else problems.push(`layer violation: ${key} (${rule.why})`);
    }
  }
}
for (const key of ALLOWED) if (!seen.has(key)) problems.push(`allow-list entry no longer needed, delete it from scripts/check-layers.ts: ${key}`);

for (const p of problems) console.error(p);
if (problems.length > 0) process.exit(1);
console.log(`import layers: ok (${ALLOWED.size} allow-listed)`);
