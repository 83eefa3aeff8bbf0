/**
 * The command-line tools' shared error and exit path (analyze, isochrone, report, …).
 *
 * HOW TO ADD A COMMAND
 *   1. scripts/<command>.ts: declare its options with `option()` from ./cliArgs.ts (reuse
 *      ANALYSIS_OPTIONS there for the coverage parameters and inputs), and
 *      `export async function <command>(argv: string[], io: CliIo): Promise<number>` that
 *      parses with `parseOptions(argv, spec, name)`, loads inputs with ./cliInput.ts
 *      (readInputBytes, loadCategories, loadUnits, loadFacilities, …: they throw CliError
 *      with the file name), writes results through ./cliOutput.ts (StagedOutput: a temporary
 *      folder renamed into place on success) and returns 0.
 *   2. End the file with `if (isMain(import.meta.url)) runCli('<command>', <command>);` and add
 *      `"<command>": "tsx scripts/<command>.ts"` to package.json's scripts.
 *   3. Test it in-process with `captureIo()` (tests/unit/cli-*.test.ts) and once as a child
 *      process for the exit code.
 * HOW TO ADD AN OPTION
 *   Add an `option()` entry to the command's spec (or to ANALYSIS_OPTIONS when the analysis
 *   commands share it): the flag is the key in kebab-case (allowEmpty -> --allow-empty), `parse`
 *   turns the text into a value or throws `usage('…')`; add it to the command's USAGE text.
 *
 * Every failure is ONE line on stderr, `<command>: <file or --flag>: <reason>`, and a non-zero
 * exit (2 = wrong usage, 1 = an input or output problem or an internal error). A stack trace is
 * printed only with --debug. Everything printed goes through `clean()` (no control characters
 * from the files reach the terminal).
 */
import { pathToFileURL } from 'node:url';

/** A failure the user can act on: `subject` is the file or flag it is about. */
export class CliError extends Error {
  constructor(
    readonly subject: string,
    readonly reason: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(`${subject}: ${reason}`);
    this.name = 'CliError';
  }
}

/** Wrong usage (unknown option, bad value): exit 2. */
export function usage(subject: string, reason: string): CliError {
  return new CliError(subject, reason, 2);
}

/** Where a command writes; tests capture it. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** folder relative paths on the command line are relative to */
  cwd: string;
}

// C0/C1 controls (ESC starts terminal escape sequences), DEL, bidi overrides and isolates
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print: control characters become "?", tabs and line breaks stay only where `multiline`. */
export function clean(text: string, multiline = false): string {
  const s = text.replace(CONTROL, (c) => (c === '\r' ? '' : '?'));
  return multiline ? s : s.replace(/[\t\n]+/g, ' ');
}

/**
 * The folder the user ran the command from: npm runs scripts in the package folder and
 * passes the caller's folder as INIT_CWD.
 */
export function userCwd(): string {
  return process.env.INIT_CWD || process.cwd();
}

export function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${clean(line, true)}\n`),
    err: (line) => process.stderr.write(`${clean(line, true)}\n`),
    cwd: userCwd(),
  };
}

/** An io that records lines (tests). @internal only tests use it */
export function captureIo(cwd: string): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, cwd, out: (l) => stdout.push(clean(l, true)), err: (l) => stderr.push(clean(l, true)) };
}

const NODE_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'path too long',
};

/** A Node file-system error as a short reason ("no such file or folder"), or the message. */
export function reasonOf(e: unknown): string {
  if (e instanceof CliError) return e.reason;
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && NODE_REASONS[code]) return NODE_REASONS[code];
  if (e instanceof RangeError && /allocation|Invalid string length|Array buffer/i.test(e.message)) return `too large to process (${e.message})`;
  return e instanceof Error ? e.message : String(e);
}

/** Run `fn` (async); anything it throws becomes a CliError about `subject`. */
export async function about<T>(subject: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw withCause(new CliError(subject, reasonOf(e)), e);
  }
}

/** Run `fn`; anything it throws becomes a CliError about `subject`. */
export function aboutSync<T>(subject: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw withCause(new CliError(subject, reasonOf(e)), e);
  }
}

function withCause(err: CliError, cause: unknown): CliError {
  (err as { cause?: unknown }).cause = cause;
  return err;
}

/** The one line printed for a failure (no stack). */
export function failureLine(command: string, e: unknown): string {
  if (e instanceof CliError) return clean(`${command}: ${e.subject}: ${e.reason}`);
  return clean(`${command}: internal error: ${reasonOf(e)} (run again with --debug for details)`);
}

/**
 * Run a command and return its exit code; failures print one line (and the stack with --debug).
 * Never throws.
 */
export async function runCommand(command: string, fn: (argv: string[], io: CliIo) => Promise<number> | number, argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  try {
    return await fn(args, io);
  } catch (e) {
    io.err(failureLine(command, e));
    if (debug) {
      const stack = (e as { cause?: { stack?: string } })?.cause?.stack ?? (e as Error)?.stack ?? String(e);
      io.err(stack);
    }
    return e instanceof CliError ? e.exitCode : 1;
  }
}

/** Entry point of a script: run with process arguments and exit with the command's code. */
export function runCli(command: string, fn: (argv: string[], io: CliIo) => Promise<number> | number): void {
  const debug = process.argv.includes('--debug');
  const last = (e: unknown) => {
    process.stderr.write(`${failureLine(command, e)}\n`);
    if (debug) process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', last);
  process.on('unhandledRejection', last);
  void runCommand(command, fn, process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}

/** True when the module at `importMetaUrl` is the script node was started with. */
export function isMain(importMetaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return pathToFileURL(entry).href === importMetaUrl;
  } catch {
    return false;
  }
}
