// A CLI run lasts a few hundred milliseconds to a few seconds. V8's optimizing compiler (TurboFan)
// pays off in programs that run long enough to earn back its compile time; here it does not: with
// it capped, `pin` and `check` spend the same CPU or less (a 10,000-line Dockerfile 19% less), and
// its compile memory, which grows with every file a long run reads, is gone from peak RSS (88 → 73
// MiB over 800 files). Measured in BENCHMARKS.md ("Start-up tricks", and scenario 2's memory rows).
// The extension host is never touched: it is VS Code's process, long-lived and shared.
//
// The cap is a V8 flag, and V8 refuses a code cache made under other flags. Node starts each of its
// own modules from such a cache, made with the default flags when Node was built: every module
// loaded after the cap is parsed and compiled from source instead. So a command loads the modules
// of Node it is going to need first, and caps after.
import { setFlagsFromString } from 'node:v8';

/** The highest tier this process may tier up to: ignition, Sparkplug and (where V8 has it) Maglev. */
const TIER_CAP = '--max-opt=2';

/**
 * Node's modules a command (`pin`, `check`, …) loads while it runs: the registry client's (HTTP,
 * TLS, zlib for axios, credential helpers), the file writes' and the timings'. Loaded before the
 * cap, a `pin` of scenario 1 (bench/) runs 8% fewer instructions (bench/startupTricks.md).
 * `http2` is left out: axios's adapter loads it only for a transport docker-pin never asks for
 * (src/build/lazyHttp2.ts).
 */
export const COMMAND_BUILTINS = [
  'node:child_process',
  'node:diagnostics_channel',
  'node:fs/promises',
  'node:http',
  'node:https',
  'node:perf_hooks',
  'node:process',
  'node:stream/promises',
  'node:string_decoder',
  'node:zlib',
] as const;

/** Whether the user chose V8's tiers themselves (`node --max-opt=N`, or any of the optimizer switches). */
export function optimizerChosen(execArgv: readonly string[]): boolean {
  return execArgv.some((arg) => /^--(no-)?(max-opt|opt|turbofan|maglev)(=|$)/.test(arg));
}

/**
 * Caps V8's tiers for this process, unless the user chose them, after loading `builtins` with
 * `load`. Called before the bundle is compiled, so that its code cache is made and used under the
 * same flags.
 */
export function capOptimizingTier(load: (id: string) => unknown, builtins: readonly string[], execArgv: readonly string[] = process.execArgv): void {
  if (optimizerChosen(execArgv)) return;
  for (const id of builtins) load(id);
  setFlagsFromString(TIER_CAP);
}
