// Command-line options of `npm run bench` / `npm run bench:quick`.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Run everything once with small sizes: proves the benchmark works, says nothing about speed. */
  readonly quick: boolean;
  readonly runs: number;
  readonly latencyMs: number;
  /** Where the report goes; undefined = do not write one. */
  readonly out?: string;
  /** Exit 1 when a budget fails (never in quick mode: CI must not fail on timing). */
  readonly strict: boolean;
  /** Scenario 1: references and distinct images. */
  readonly s1Images: number;
  /** Scenario 2: files and distinct images, and the file counts of the memory series. */
  readonly treeFiles: number;
  readonly treeImages: number;
  readonly memorySeries: readonly number[];
  /** Scenario 4 and 5 file sizes. */
  readonly hugeLines: number;
  readonly lensLines: number;
  readonly skipSkopeo: boolean;
  /** Scenario 6: files in the generated monorepo, and how many of them name images. */
  readonly monorepo: { readonly files: number; readonly imageFiles: number };
  /** Scenario 7 (VS Code in code-server, a few minutes): 'with' the rest, 'only', or 'skip' (quick mode). */
  readonly editor: 'with' | 'only' | 'skip';
}

export const USAGE = `usage: node out/bench/main.js [--quick] [--runs N] [--latency MS] [--out FILE] [--strict] [--no-skopeo]
  --quick      every scenario once with small sizes (CI); never fails on timing
  --runs N     runs per measurement, median reported (default 5)
  --latency MS latency the proxy adds to every request (default 40)
  --out FILE   write the Markdown report there (default BENCHMARKS.md; quick mode: none)
  --strict     exit 1 when a budget does not hold
  --no-skopeo  leave out the skopeo peer even when skopeo is installed
  --editor     only the editor scenario (real VS Code in code-server); writes no report unless --out
  --no-editor  leave out the editor scenario (quick mode always does)`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      latency: { type: 'string' },
      out: { type: 'string' },
      strict: { type: 'boolean', default: false },
      'no-skopeo': { type: 'boolean', default: false },
      editor: { type: 'boolean', default: false },
      'no-editor': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick === true;
  const runs = positiveInt(values.runs, quick ? 1 : 5, '--runs');
  const latencyMs = nonNegativeInt(values.latency, 40, '--latency');
  return {
    quick,
    runs,
    latencyMs,
    out: values.out ?? (quick || values.editor ? undefined : 'BENCHMARKS.md'),
    strict: values.strict === true && !quick,
    s1Images: 10,
    treeFiles: quick ? 20 : 200,
    treeImages: quick ? 8 : 40,
    memorySeries: quick ? [5, 10, 20] : [50, 200, 800, 3200],
    hugeLines: quick ? 1000 : 10_000,
    lensLines: 200,
    skipSkopeo: values['no-skopeo'] === true,
    editor: values.editor ? 'only' : quick || values['no-editor'] ? 'skip' : 'with',
    monorepo: quick ? { files: 2_000, imageFiles: 80 } : { files: 50_000, imageFiles: 2_000 },
  };
}

function positiveInt(text: string | undefined, fallback: number, flag: string): number {
  const n = nonNegativeInt(text, fallback, flag);
  if (n < 1) throw new Error(`${flag} must be at least 1`);
  return n;
}

function nonNegativeInt(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${flag} needs a whole number, got "${text}"`);
  return Number(text);
}
