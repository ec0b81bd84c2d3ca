// A CLI run lasts a few hundred milliseconds to a few seconds. V8's optimizing compiler (TurboFan)
// pays off in programs that run long enough to earn back its compile time; here it does not: with
// it capped, `pin` and `check` spend the same CPU or less (a 10,000-line Dockerfile 19% less), and
// its compile memory, which grows with every file a long run reads, is gone from peak RSS (88 → 73
// MiB over 800 files). Measured in BENCHMARKS.md ("Start-up tricks", and scenario 2's memory rows).
// The extension host is never touched: it is VS Code's process, long-lived and shared.
import { setFlagsFromString } from 'node:v8';

/** The highest tier this process may tier up to: ignition, Sparkplug and (where V8 has it) Maglev. */
const TIER_CAP = '--max-opt=2';

/** Whether the user chose V8's tiers themselves (`node --max-opt=N`, or any of the optimizer switches). */
export function optimizerChosen(execArgv: readonly string[]): boolean {
  return execArgv.some((arg) => /^--(no-)?(max-opt|opt|turbofan|maglev)(=|$)/.test(arg));
}

/** Caps V8's tiers for this process, unless the user chose them. Called before the bundle is compiled. */
export function capOptimizingTier(execArgv: readonly string[] = process.execArgv): void {
  if (!optimizerChosen(execArgv)) setFlagsFromString(TIER_CAP);
}
