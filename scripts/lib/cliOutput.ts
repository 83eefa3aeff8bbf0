/**
 * Results are written into a temporary folder inside the output folder and moved into
 * place only when the whole run succeeded, `params.json` last: a folder with a
 * `params.json` holds one complete run. Files an earlier run listed in its `params.json`
 * (`outputs`) and this run did not write are removed, so old results never sit beside new
 * ones. A failed run moves what it produced (rejected rows) to `<out>.failed/` with the
 * reason, and leaves `<out>` as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CliError, reasonOf } from './cli';

export const MANIFEST = 'params.json';

export class StagedOutput {
  private readonly written: string[] = [];
  private done = false;
  private constructor(
    readonly outDir: string,
    readonly display: string,
    private readonly tmp: string,
    private readonly createdOut: boolean,
  ) {}

  /** Prepare `<out>`: it must be a folder (created if missing) the user can write to. */
  static open(outDir: string, display = outDir): StagedOutput {
    const out = resolve(outDir);
    let created = false;
    try {
      if (existsSync(out)) {
        if (!statSync(out).isDirectory()) throw new CliError(display, 'is a file, not a folder (--out needs a folder)');
      } else {
        mkdirSync(out, { recursive: true });
        created = true;
      }
      const tmp = mkdtempSync(join(out, '.partial-'));
      return new StagedOutput(out, display, tmp, created);
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(display, `cannot write here: ${reasonOf(e)}`);
    }
  }

  /** Write a result file into the staging folder. `name` is a plain file name. */
  write(name: string, data: string | Uint8Array): void {
    if (this.done) throw new Error('output already committed');
    if (name !== basename(name) || name.startsWith('.') || name === '') throw new Error(`bad output file name "${name}"`);
    try {
      writeFileSync(join(this.tmp, name), data);
    } catch (e) {
      throw new CliError(join(this.display, name), `cannot write: ${reasonOf(e)}`);
    }
    if (!this.written.includes(name)) this.written.push(name);
  }

  /** The files written so far (for the manifest). */
  files(): string[] {
    return [...this.written];
  }

  /** Move everything into `<out>`; the manifest (params.json) goes last. */
  commit(): string[] {
    if (this.done) return this.written;
    try {
      const previous = previousOutputs(this.outDir);
      // from here until params.json is moved in, <out> has no manifest: it does not look complete
      rmSync(join(this.outDir, MANIFEST), { force: true });
      for (const old of previous) if (!this.written.includes(old)) rmSync(join(this.outDir, old), { force: true });
      const order = [...this.written.filter((f) => f !== MANIFEST), ...this.written.filter((f) => f === MANIFEST)];
      for (const f of order) renameSync(join(this.tmp, f), join(this.outDir, f));
      rmSync(this.tmp, { recursive: true, force: true });
      rmSync(`${this.outDir}.failed`, { recursive: true, force: true });
    } catch (e) {
      throw new CliError(this.display, `cannot move the results into place: ${reasonOf(e)}`);
    }
    this.done = true;
    return this.written;
  }

  /**
   * The run failed: nothing goes into `<out>`. What was produced (e.g. rejected rows) is kept
   * in `<out>.failed/` with `FAILED.txt`; returns that folder, or null when nothing was kept.
   */
  fail(reasonLine: string): string | null {
    if (this.done) return null;
    this.done = true;
    let kept: string | null = null;
    const keep = this.written.filter((f) => f !== MANIFEST);
    try {
      if (keep.length > 0) {
        const failed = `${this.outDir}.failed`;
        rmSync(failed, { recursive: true, force: true });
        rmSync(join(this.tmp, MANIFEST), { force: true });
        writeFileSync(join(this.tmp, 'FAILED.txt'), `${reasonLine}\n`);
        renameSync(this.tmp, failed);
        kept = `${this.display.replace(/[\\/]+$/, '')}.failed`;
      }
    } catch {
      kept = null;
    }
    rmSync(this.tmp, { recursive: true, force: true });
    if (this.createdOut) {
      try {
        if (readdirSync(this.outDir).length === 0) rmdirSync(this.outDir);
      } catch {
        // leave it
      }
    }
    return kept;
  }
}

/** File names the run in `<out>` wrote, from its params.json `outputs` (plain names only). */
function previousOutputs(outDir: string): string[] {
  try {
    const json = JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8')) as { outputs?: unknown };
    if (!Array.isArray(json.outputs)) return [];
    return json.outputs.filter((f): f is string => typeof f === 'string' && f === basename(f) && !f.startsWith('.') && f !== '');
  } catch {
    return [];
  }
}
