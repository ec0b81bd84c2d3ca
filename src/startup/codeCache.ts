// Runs a bundle (the CLI's, the extension's) from a V8 code cache that it made itself on this
// machine, on an earlier run, with this Node: the bytecode of every function that run compiled. A
// run from the cache skips most parsing and compiling of the bundle's 0.8 MB: about a third of the
// CLI's time before its first request, and more than half of the extension's load and activation
// (BENCHMARKS.md, "Start-up tricks"). Node 20 has no compile cache of its own.
//
// The cache is made at run time, not at build time: V8 accepts a cache only from its own version
// and flags, so one made where the package is built is rejected by every other Node, and then
// costs start-up instead of saving it.
//
// Rules, each for a reason:
// - One file per kind of run (the CLI's `pin`, `check`, …; the extension): a cache holds what its
//   run compiled, so a `--version` run's cache would leave a later `pin` to compile most of the
//   bundle anyway.
// - The name carries the SHA-256 of the bundle file, Node's version and the architecture. V8
//   itself checks only the source's length (a rebuilt bundle of the same length would run the
//   old code), its own version and its flags.
// - A cache file is used only when it is this user's and nobody else may write it: cached code is
//   code, and is run as such.
// - It is written once, when the caller says the run has done its work (bin.ts: on exit, after a
//   run that exited 0 or 1; the extension: once its first work is done), and only when it was
//   missing or V8 refused it. Written to a temp file and renamed, 0600 in a 0700 directory. Any
//   failure here only means no cache: never a changed result, never a message.
// - Off when the caller gives no directory (the CLI's `--no-cache`), with
//   NODE_DISABLE_COMPILE_CACHE=1 (Node's own switch for its compile cache), and when Node maps
//   stack traces through source maps (--enable-source-maps), which code from `vm` does not get.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, type Stats, unlinkSync, writeFileSync } from 'node:fs';
import type Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** How the bundle was compiled. */
export type CodeCacheOutcome =
  /** From the cache. */
  | 'used'
  /** From source: there was no cache file for this bundle, Node and command. */
  | 'missing'
  /** From source: V8 refused the cache (other flags, a damaged file). */
  | 'rejected'
  /** From source: the file is another user's, or others may write it. */
  | 'untrusted'
  /** From source: the cache is off (no directory given). */
  | 'off';

export interface CodeCacheOptions {
  /** Where the cache files go (`<cache directory>/code`); undefined: no cache. */
  readonly directory: string | undefined;
  /** What the run does (its command), so each kind of run has the cache its own first run made. */
  readonly name: string;
  /** Called with the result's `save` before the bundle runs, for a caller that saves on exit (a bundle may exit as it loads). */
  readonly saveWhen?: (save: () => void) => void;
}

/** Whether the cache is off for this process. */
export function codeCacheOff(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = '--enable-source-maps';
  // process.sourceMapsEnabled came in Node 20.7; the flags say it for any version.
  const sourceMaps = process.sourceMapsEnabled === true || process.execArgv.includes(flag) || (env.NODE_OPTIONS ?? '').includes(flag);
  return sourceMaps || (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '' && env.NODE_DISABLE_COMPILE_CACHE !== '0');
}

/** A bundle that ran: its exports, and how to keep what it has compiled so far for the next run. */
export interface RanBundle<T> {
  readonly exports: T;
  readonly outcome: CodeCacheOutcome;
  /**
   * Writes the cache of what the bundle has compiled until now, when there was none for it or V8
   * refused the one there was; once, later calls do nothing. Never throws.
   */
  save(): void;
}

/** Runs `bundle` (a CommonJS file) as `require` would, from its code cache when there is a fitting one. */
export function runBundle<T = unknown>(bundle: string, parent: NodeJS.Module, options: CodeCacheOptions): RanBundle<T> {
  if (options.directory === undefined) return { exports: parent.require(bundle) as T, outcome: 'off', save: () => undefined };
  // The loader's own module class: `require('node:module')` would also load Node's ES module
  // loader, which a CommonJS run never uses.
  const Module = parent.constructor as typeof import('node:module');
  const bytes = readFileSync(bundle);
  // The file's bytes, not the text decoded from them: the same key, without encoding 0.8 MB of text
  // back to UTF-8 to hash it (measured: 0.6 ms instead of 3 ms; bench/startupTricks.md).
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  const text = bytes.toString('utf8');
  // A `#!` line is only valid at the very start of a script; as a comment it keeps every position.
  const source = text.startsWith('#!') ? `//${text.slice(2)}` : text;
  const prefix = `${safeName(options.name)}-`;
  const file = path.join(options.directory, `${prefix}${hash}-${process.version}-${process.arch}.v8`);
  const read = readTrusted(file);
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    cachedData: read.data,
    // The bundle keeps an `import()` of an optional package; without this vm refuses it.
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const outcome = read.outcome ?? (script.cachedDataRejected === true ? 'rejected' : 'used');
  let saved = outcome === 'used';
  const save = () => {
    if (saved) return;
    saved = true;
    writeCache(file, prefix, script);
  };
  options.saveWhen?.(save);
  const module = new Module(bundle, parent);
  module.filename = bundle;
  module.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(path.dirname(bundle));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, path.dirname(bundle));
  module.loaded = true;
  return { exports: module.exports as T, outcome, save };
}

function readTrusted(file: string): { data?: Buffer; outcome?: CodeCacheOutcome } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return { outcome: 'missing' };
  }
  try {
    // Checked on the open file, so it cannot be swapped between the check and the read.
    const stat = fstatSync(fd);
    if (!stat.isFile() || !privateToUser(stat)) return { outcome: 'untrusted' };
    return { data: readFileSync(fd) };
  } catch {
    return { outcome: 'missing' };
  } finally {
    closeSync(fd);
  }
}

/**
 * Owned by this user, and writable by nobody else. Windows has no such mode bits (`fs.Stats.mode`
 * reads 0o666 there); the user's profile folder, where the cache lives, is private by its ACL.
 */
function privateToUser(stat: Stats): boolean {
  if (process.platform === 'win32') return true;
  const mine = process.getuid === undefined || stat.uid === process.getuid();
  return mine && (stat.mode & 0o022) === 0;
}

function writeCache(file: string, prefix: string, script: vm.Script): void {
  const directory = path.dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    // Opened before the cache is serialized (several milliseconds), so a directory that cannot be
    // written (a read-only home in a container) costs a failed open, not that.
    fd = openSync(temporary, 'wx', 0o600);
    writeFileSync(fd, script.createCachedData());
    closeSync(fd);
    fd = undefined;
    renameSync(temporary, file);
    // This command's caches for other bundles or Nodes are of no more use once a new one is made.
    for (const name of readdirSync(directory)) {
      if (name.startsWith(prefix) && name.endsWith('.v8') && name !== path.basename(file)) unlinkSync(path.join(directory, name));
    }
  } catch {
    try {
      if (fd !== undefined) closeSync(fd);
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
  }
}

function safeName(name: string): string {
  return /^[a-z][a-z-]*$/.test(name) ? name : 'other';
}
