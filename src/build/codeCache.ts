// Runs a CommonJS bundle compiled from a V8 code cache made at build time (esbuild.mjs), so a CLI
// process skips most parsing and compiling of the bundle: about 9 ms of every `docker-pin pin`.
// Node 20 has no compile cache of its own (module.enableCompileCache came in Node 22).
//
// Why the checks: V8 accepts cached code for any source of the same length and would then run the
// old code, so the cache starts with the SHA-256 of the exact source it was made from; a cache
// from another Node or V8 (or other V8 flags) is rejected by V8 itself. Either way the bundle is
// compiled from source as usual. Nothing is written here unless asked (the build asks).
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as vm from 'node:vm';

/** How the bundle was compiled. */
export type CacheOutcome =
  /** From the cache. */
  | 'used'
  /** From source: there is no cache file. */
  | 'missing'
  /** From source: the cache was made from other source text. */
  | 'stale'
  /** From source: V8 refused the cache (another Node or V8 version, other flags, damaged). */
  | 'rejected'
  /** By Node's own loader, which maps stack traces through the source map; code from vm is not mapped. */
  | 'source-maps';

export interface LoadedBundle {
  readonly outcome: CacheOutcome;
  readonly exports: unknown;
  /** Writes a cache for this source holding every function compiled so far (call it late, e.g. on exit). */
  writeCache(to: string): void;
}

const HASH_BYTES = 32;

export function cacheFileOf(bundle: string): string {
  return `${bundle}.cache`;
}

/** Loads `file` as a CommonJS module, as `require` would, from its code cache when that fits. */
export function loadBundle(file: string, parent: NodeJS.Module): LoadedBundle {
  if (sourceMapsEnabled()) {
    return { outcome: 'source-maps', exports: parent.require(file), writeCache: () => undefined };
  }
  const text = readFileSync(file, 'utf8');
  // A `#!` line is only valid at the very start of a script; as a comment it keeps every position.
  const source = text.startsWith('#!') ? `//${text.slice(2)}` : text;
  const hash = createHash('sha256').update(source).digest();
  const { cachedData, outcome } = readCache(cacheFileOf(file), hash);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
    // The bundle keeps a real `import()` or two (optional packages); without this vm refuses them.
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = new Module(file, parent);
  module.filename = file;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  return {
    outcome: outcome ?? (script.cachedDataRejected ? 'rejected' : 'used'),
    exports: module.exports,
    writeCache(to) {
      // Renamed into place, so a reader never sees half a cache.
      const temporary = `${to}.${process.pid}.tmp`;
      writeFileSync(temporary, Buffer.concat([hash, script.createCachedData()]));
      renameSync(temporary, to);
    },
  };
}

function readCache(file: string, hash: Buffer): { cachedData?: Buffer; outcome?: CacheOutcome } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { outcome: 'missing' };
  }
  if (bytes.length <= HASH_BYTES || !bytes.subarray(0, HASH_BYTES).equals(hash)) return { outcome: 'stale' };
  return { cachedData: bytes.subarray(HASH_BYTES) };
}

function sourceMapsEnabled(): boolean {
  // process.sourceMapsEnabled came in Node 20.7; before it, look at the flags.
  const flag = '--enable-source-maps';
  return process.sourceMapsEnabled === true || process.execArgv.includes(flag) || (process.env.NODE_OPTIONS ?? '').includes(flag);
}
