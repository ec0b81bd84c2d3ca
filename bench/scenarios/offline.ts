// Scenarios 4 and 5: no network. A huge Dockerfile scanned and planned, and the extension bundle
// loaded, activated and asked for its first CodeLens list.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BenchContext } from '../context';
import { EXTENSION_PATH, requireBuilt } from '../cli';
import { runInWorker, type WorkerOutcome } from '../inProcess';
import { repeat, type Measurement } from '../measure';
import type { WorkerTask } from '../protocol';
import { buildProductionEngine, buildProductionExtension, type ProductionBundle } from '../productionBundle';

/** Rows from the phases of `ctx.options.runs` workers, the i-th running `task(i)` (or `task` itself). */
async function phaseRows(
  ctx: BenchContext,
  task: WorkerTask | ((run: number) => WorkerTask),
  scenario: string,
  rows: readonly { id: string; phase: string; what: string; note?: string }[],
): Promise<Measurement[]> {
  const outcomes: WorkerOutcome[] = [];
  for (let i = 0; i < ctx.options.runs; i++) outcomes.push(await runInWorker(typeof task === 'function' ? task(i) : task));
  const out: Measurement[] = [];
  for (const row of rows) {
    const find = (o: WorkerOutcome) => {
      const p = o.phases.find((ph) => ph.label === row.phase);
      if (!p) throw new Error(`worker reported no phase "${row.phase}"`);
      return p;
    };
    const facts = find(outcomes[0]).facts;
    const factText = facts ? Object.entries(facts).map(([k, v]) => `${k} ${v}`).join(', ') : undefined;
    const m = await repeat(outcomes.length, async (i) => ({ wallMs: find(outcomes[i]).wallMs, maxRssKib: outcomes[i].maxRssKib }));
    out.push({ id: row.id, scenario, what: row.what, ...m, note: [row.note, factText].filter(Boolean).join('; ') || undefined });
  }
  return out;
}

export async function scenarioFour(ctx: BenchContext): Promise<Measurement[]> {
  const lines = ctx.options.hugeLines;
  const scenario = `4 · ${lines.toLocaleString('en-US')}-line Dockerfile`;
  ctx.log(`scenario ${scenario}`);
  // The engine as the CLI and the extension ship it, each run from the code cache of an earlier
  // run (their loaders' src/startup/codeCache.ts), as every run but a machine's first is.
  return withBundle(buildProductionEngine, async (bundle, storage) => {
    const task = { kind: 'scanPlan', lines, images: 40, bundlePath: bundle.path } as const;
    await runInWorker({ ...task, storage: join(storage, 'warm') });
    const rows = await phaseRows(ctx, { ...task, storage: join(storage, 'warm') }, scenario, [
      {
        id: 's4.e2e',
        phase: 'first: scan + plan end to end',
        what: 'analyze (in-memory client) + planPins + applyEdits, first call',
        note: 'cold JIT, what a user waits for: the engine bundled as shipped, from the code cache an earlier run made',
      },
      { id: 's4.scan', phase: 'first: scan only', what: 'scanDockerfile alone' },
      { id: 's4.e2e.hot', phase: 'second: scan + plan end to end', what: 'the same again, warm JIT' },
    ]);
    // A machine's first run finds no cache (each run here has a storage of its own).
    const first = await phaseRows(ctx, (run) => ({ ...task, storage: join(storage, `first-${run}`) }), scenario, [
      { id: 's4.e2eFirst', phase: 'first: scan + plan end to end', what: 'the same first call, first run on the machine: no code cache' },
    ]);
    return [...rows, ...first];
  });
}

/**
 * `measure` given a bundle `build` makes and a directory for its code caches, both removed
 * afterwards: each scenario's runs find the cache the first of them made, or a directory of their own.
 */
async function withBundle<T>(build: () => Promise<ProductionBundle>, measure: (bundle: ProductionBundle, storage: string) => Promise<T>): Promise<T> {
  const bundle = await build();
  const storage = mkdtempSync(join(tmpdir(), 'docker-pin-bench-storage-'));
  try {
    return await measure(bundle, storage);
  } finally {
    bundle.remove();
    rmSync(storage, { recursive: true, force: true });
  }
}

export interface ExtensionFacts {
  /** extension/dist/extension.js and the extension-main.js it runs, as built in the working tree (development build unless --production). */
  readonly devBundleBytes: number;
  /** The minified loader and bundle the .vsix ships, the ones measured. */
  readonly productionBytes: number;
}

export async function scenarioFive(ctx: BenchContext): Promise<{ rows: Measurement[]; facts: ExtensionFacts }> {
  requireBuilt(EXTENSION_PATH);
  const scenario = `5 · extension, ${ctx.options.lensLines}-line file`;
  ctx.log(`scenario ${scenario}`);
  return withBundle(buildProductionExtension, async (bundle, storage) => {
    const task = { kind: 'extension', bundlePath: bundle.path, lensLines: ctx.options.lensLines, images: 10 } as const;
    const lensPhase = `first CodeLens list (${ctx.options.lensLines} lines)`;
    // Every activation after the first on a machine starts from the code cache the first one made.
    await runInWorker({ ...task, storage: join(storage, 'warm') });
    const rows = await phaseRows(ctx, { ...task, storage: join(storage, 'warm') }, scenario, [
      {
        id: 's5.load',
        phase: 'load bundle (require)',
        what: 'require() of the production bundle (its loader)',
        note: "Node with a stand-in vscode module and the Node modules VS Code's extension host has loaded, not VS Code; the bundle runs from the code cache an earlier activation made (src/extension/loader.ts), as every activation but a machine's first does",
      },
      { id: 's5.activate', phase: 'activate()', what: 'activate(context), the bundle loaded from the code cache' },
      { id: 's5.loadActivate', phase: 'load + activate', what: 'load + activate' },
      { id: 's5.lenses', phase: lensPhase, what: 'provideCodeLenses, first call' },
    ]);
    // A machine's first activation finds no cache (each run here has a storage of its own) and makes one.
    const first = await phaseRows(ctx, (run) => ({ ...task, storage: join(storage, `first-${run}`) }), scenario, [
      { id: 's5.loadActivateFirst', phase: 'load + activate', what: 'load + activate, first activation on the machine: no code cache' },
      { id: 's5.lensesFirst', phase: lensPhase, what: 'provideCodeLenses, first call, first activation on the machine' },
    ]);
    return { rows: [...rows, ...first], facts: { devBundleBytes: statSync(EXTENSION_PATH).size + statSync(join(dirname(EXTENSION_PATH), 'extension-main.js')).size, productionBytes: bundle.bytes } };
  });
}
