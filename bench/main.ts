// `npm run bench` / `npm run bench:quick`: runs every scenario, prints the table, writes
// BENCHMARKS.md and checks the budgets of issue 4. Exits 1 only when something does not work
// (or with --strict when a budget fails): CI's quick run must never fail on timing.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkBudgets } from './budgets';
import { CLI_PATH, REPO_ROOT, requireBuilt } from './cli';
import type { BenchContext } from './context';
import { startEnvironment } from './environment';
import { benchImages } from './images';
import { describeMachine, loadAverage } from './machine';
import type { Measurement } from './measure';
import { parseBenchOptions, USAGE, type BenchOptions } from './options';
import { renderReport } from './report';
import { scenarioOne } from './scenarios/scenarioOne';
import { scenarioScale } from './scenarios/scale';
import { editorImageCount, scenarioEditor } from './scenarios/editor';
import { memorySeries, scenarioTwo } from './scenarios/scenarioTwo';
import { scenarioFive, scenarioFour, type ExtensionFacts } from './scenarios/offline';
import { hasSkopeo, SKOPEO } from './skopeo';
import { removeTrees } from './workspace';

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  requireBuilt(CLI_PATH);
  const started = new Date();
  const loadAtStart = loadAverage();
  const rows: Measurement[] = [];
  const onlyEditor = options.editor === 'only';
  let extension: ExtensionFacts | undefined;
  if (!onlyEditor) {
    // Offline scenarios first: they need no registry.
    const offline: BenchContext = { options, env: undefined as never, log };
    rows.push(...(await scenarioFour(offline)));
    const five = await scenarioFive(offline);
    rows.push(...five.rows);
    extension = five.facts;
  }

  const imageCount = Math.max(options.s1Images, options.treeImages, editorImageCount(options));
  log(`starting the registry and the latency proxy (${options.latencyMs} ms), pushing ${imageCount} images`);
  const env = await startEnvironment(benchImages(imageCount), options.latencyMs);
  try {
    const ctx: BenchContext = { options, env, log };
    if (!onlyEditor) {
      rows.push(...(await scenarioOne(ctx)));
      rows.push(...(await scenarioTwo(ctx)));
      rows.push(...(await memorySeries(ctx)));
      rows.push(...(await scenarioScale(ctx, benchImages(ctx.options.s1Images))));
    }
    if (options.editor !== 'skip') rows.push(...(await scenarioEditor(ctx)));
  } finally {
    await env.stop();
    removeTrees();
  }

  const budgets = checkBudgets(rows, extension, options);
  const report = renderReport({
    options,
    machine: describeMachine(),
    date: started,
    command: commandLine(options),
    rows,
    budgets,
    extension,
    skopeoVersion: skopeoVersion(),
    load: [loadAtStart, loadAverage()],
  });
  process.stdout.write(`${report}\n`);
  if (options.out) {
    const path = resolve(REPO_ROOT, options.out);
    writeFileSync(path, report);
    log(`wrote ${path}`);
  }
  const failed = budgets.filter((b) => b.holds === false);
  if (failed.length > 0) log(`${failed.length} budget(s) do not hold: ${failed.map((b) => b.budget).join('; ')}`);
  return options.strict && failed.length > 0 ? 1 : 0;
}

function commandLine(options: BenchOptions): string {
  const script = process.env.npm_lifecycle_event;
  if (script === 'bench' || script === 'bench:quick') return `npm run ${script}`;
  return `node out/bench/main.js${options.quick ? ' --quick' : ''} ${process.argv.slice(2).filter((a) => a !== '--quick').join(' ')}`.trim();
}

function skopeoVersion(): string | undefined {
  if (!hasSkopeo()) return undefined;
  try {
    return execFileSync(SKOPEO, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    removeTrees();
    console.error(`[bench] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  },
);
