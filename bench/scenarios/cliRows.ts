// Measures one CLI invocation over a tree, several times, each on a fresh copy of the tree.
import { cliCommonArgs, type BenchContext } from '../context';
import { CLI_PATH, cliEnv, expectExit, freshCacheHome, REPO_ROOT, runCli } from '../cli';
import { alternate, repeat, type Measurement, type Sample } from '../measure';
import { median } from '../stats';
import { timeProcess } from '../timeProcess';
import { diffCounts, snapshotCounts } from '../requestCounts';
import { pinCoverage, readTree, writeTree, type Tree } from '../workspace';

export interface CliRowSpec {
  readonly id: string;
  readonly scenario: string;
  readonly what: string;
  readonly tree: Tree;
  /** e.g. `['pin']`, `['pin', '--index']`, `['check']`. */
  readonly command: readonly string[];
  readonly expectedExit: number;
  /** After a `pin`: every reference must carry a digest. */
  readonly expectAllPinned?: boolean;
  readonly runs?: number;
  readonly note?: string;
  /**
   * 'cold' (default): every run on a fresh cache directory, empty of registry answers (bench/cli.ts). 'warm': one unmeasured run fills
   * a cache directory, then every measured run uses it again, as a repeat run on the same machine.
   */
  readonly cache?: 'cold' | 'warm';
  /** The first run on a machine: no code cache either (every other row starts from the one earlier runs made). */
  readonly firstRun?: boolean;
}

export async function measureCli(ctx: BenchContext, spec: CliRowSpec): Promise<Measurement> {
  ctx.log(`  ${spec.id}: ${spec.what}`);
  const cacheHome = spec.cache === 'warm' ? freshCacheHome() : undefined;
  if (cacheHome !== undefined) {
    const { dir, files } = writeTree(spec.tree);
    expectExit(await runCli([...spec.command, ...cliCommonArgs(ctx), ...files], dir, { cacheHome }), spec.expectedExit, `docker-pin ${spec.command.join(' ')} (${spec.id}, filling the cache)`);
  }
  const result = await repeat(spec.runs ?? ctx.options.runs, async () => {
    const { dir, files } = writeTree(spec.tree);
    const before = snapshotCounts(ctx.env.proxy);
    const run = await runCli([...spec.command, ...cliCommonArgs(ctx), ...files], dir, { cacheHome, firstRun: spec.firstRun });
    const requests = diffCounts(snapshotCounts(ctx.env.proxy), before);
    expectExit(run, spec.expectedExit, `docker-pin ${spec.command.join(' ')} (${spec.id})`);
    if (spec.expectAllPinned) {
      const coverage = pinCoverage(dir, files);
      if (coverage.pinned !== coverage.references) {
        throw new Error(`${spec.id}: pin left ${coverage.references - coverage.pinned} of ${coverage.references} references unpinned`);
      }
    }
    return { wallMs: run.wallMs, requests, maxRssKib: run.maxRssKib };
  });
  return { id: spec.id, scenario: spec.scenario, what: spec.what, note: spec.note, ...result };
}

/**
 * Pins a copy of `tree` once (not measured) and returns the pinned text, the input of `check`,
 * having checked that `check` finds it current. Both runs leave their code caches for the
 * measured runs, as any earlier use of the CLI on a machine does.
 */
export async function pinnedTree(ctx: BenchContext, tree: Tree, extra: readonly string[]): Promise<Tree> {
  const { dir, files } = writeTree(tree);
  const run = await runCli(['pin', ...extra, ...cliCommonArgs(ctx), ...files], dir);
  expectExit(run, 0, `docker-pin pin ${extra.join(' ')} (preparing a pinned tree)`);
  const check = await runCli(['check', ...extra, ...cliCommonArgs(ctx), ...files], dir);
  expectExit(check, 0, `docker-pin check ${extra.join(' ')} (of the tree just pinned)`);
  return readTree(dir, files);
}

/**
 * The fixed cost of a CLI process before any request (Node start-up and loading the bundle), and
 * Node's own start-up (`node -e 0`) beside it, run by run in alternation: the part of it no CLI
 * can save, which the wall-time budget allows on top of the network floor.
 */
export async function measureStartup(ctx: BenchContext, scenario: string): Promise<Measurement[]> {
  ctx.log('  s1.nodeStartup / s1.startup: node -e 0 and docker-pin --version, alternating');
  const sample = (args: readonly string[], what: string) => async (): Promise<Sample> => {
    const run = await timeProcess(process.execPath, args, { cwd: REPO_ROOT, env: cliEnv(REPO_ROOT) });
    expectExit(run, 0, what);
    return { wallMs: run.wallMs, maxRssKib: run.maxRssKib };
  };
  // Unmeasured: makes the code cache of a `--version` run, as the first run on a machine does.
  await sample([CLI_PATH, '--version'], 'docker-pin --version')();
  const { a: node, b: cli } = await alternate(ctx.options.runs, sample(['-e', '0'], 'node -e 0'), sample([CLI_PATH, '--version'], 'docker-pin --version'));
  return [
    { id: 's1.nodeStartup', scenario, what: 'node -e 0 (Node start-up alone)', note: 'what every Node program pays before its first line; alternating with the row below', ...summarize(node) },
    { id: 's1.startup', scenario, what: 'docker-pin --version (start-up, no network)', note: 'the part of every CLI row that is Node start-up and loading dist/cli.js', ...summarize(cli) },
  ];
}

function summarize(samples: readonly Sample[]): Omit<Measurement, 'id' | 'scenario' | 'what'> {
  const rss = samples.flatMap((s) => (s.maxRssKib === undefined ? [] : [s.maxRssKib]));
  return { runs: samples.length, wallMs: median(samples.map((s) => s.wallMs)), maxRssKib: rss.length > 0 ? median(rss) : undefined };
}
