// Measures one CLI invocation over a tree, several times, each on a fresh copy of the tree.
import { cliCommonArgs, type BenchContext } from '../context';
import { expectExit, freshCacheHome, REPO_ROOT, runCli } from '../cli';
import { repeat, type Measurement } from '../measure';
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
   * 'cold' (default): every run on a fresh, empty cache directory. 'warm': one unmeasured run fills
   * a cache directory, then every measured run uses it again, as a repeat run on the same machine.
   */
  readonly cache?: 'cold' | 'warm';
}

export async function measureCli(ctx: BenchContext, spec: CliRowSpec): Promise<Measurement> {
  ctx.log(`  ${spec.id}: ${spec.what}`);
  const cacheHome = spec.cache === 'warm' ? freshCacheHome() : undefined;
  if (cacheHome !== undefined) {
    const { dir, files } = writeTree(spec.tree);
    expectExit(await runCli([...spec.command, ...cliCommonArgs(ctx), ...files], dir, cacheHome), spec.expectedExit, `docker-pin ${spec.command.join(' ')} (${spec.id}, filling the cache)`);
  }
  const result = await repeat(spec.runs ?? ctx.options.runs, async () => {
    const { dir, files } = writeTree(spec.tree);
    const before = snapshotCounts(ctx.env.proxy);
    const run = await runCli([...spec.command, ...cliCommonArgs(ctx), ...files], dir, cacheHome);
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

/** Pins a copy of `tree` once (not measured) and returns the pinned text, the input of `check`. */
export async function pinnedTree(ctx: BenchContext, tree: Tree, extra: readonly string[]): Promise<Tree> {
  const { dir, files } = writeTree(tree);
  const run = await runCli(['pin', ...extra, ...cliCommonArgs(ctx), ...files], dir);
  expectExit(run, 0, `docker-pin pin ${extra.join(' ')} (preparing a pinned tree)`);
  return readTree(dir, files);
}

/** The fixed cost of a CLI process before any request: Node start-up and loading the bundle. */
export async function measureStartup(ctx: BenchContext, scenario: string): Promise<Measurement> {
  ctx.log('  s1.startup: docker-pin --version');
  const result = await repeat(ctx.options.runs, async () => {
    const run = await runCli(['--version'], REPO_ROOT);
    expectExit(run, 0, 'docker-pin --version');
    return { wallMs: run.wallMs, maxRssKib: run.maxRssKib };
  });
  return { id: 's1.startup', scenario, what: 'docker-pin --version (start-up, no network)', note: 'the part of every CLI row that is Node start-up and loading dist/cli.js', ...result };
}
