/**
 * Import-layer check (`npm run lint`): no module imports from a layer above its own.
 *
 *   src/domain                 imports nothing of src but src/domain
 *   src/geo, src/io, src/report  never import react, maplibre-gl, src/ui, src/state, src/map
 *   src/i18n                   never imports src/state (no store)
 *   src/map                    never imports src/ui
 *   src/ui                     never imports src/map (colours and legends come from src/domain/palette.ts)
 *                              nor src/worker (workers are reached through controllers in src/state)
 *   maplibre-gl                is imported only in src/map
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
const any = (...ps: ((t: string) => boolean)[]) => (t: string) => ps.some((p) => p(t));

const RULES: Rule[] = [
  { from: inDir('src/domain'), bans: (t) => t.startsWith('src/') && !inDir('src/domain')(t), why: 'src/domain imports only src/domain' },
  ...['src/geo', 'src/io', 'src/report'].map((d) => ({
    from: inDir(d),
    bans: any(pkg('react'), pkg('react-dom'), pkg('maplibre-gl'), inDir('src/ui'), inDir('src/state'), inDir('src/map')),
    why: `${d} never imports react, maplibre-gl, src/ui, src/state or src/map`,
  })),
  { from: inDir('src/i18n'), bans: inDir('src/state'), why: 'src/i18n imports no store (src/state)' },
  { from: inDir('src/map'), bans: inDir('src/ui'), why: 'src/map never imports src/ui' },
  { from: inDir('src/ui'), bans: inDir('src/map'), why: 'src/ui never imports src/map (colours and legends: src/domain/palette.ts)' },
  { from: inDir('src/ui'), bans: inDir('src/worker'), why: 'src/ui never talks to a worker: go through a controller in src/state' },
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
