// Scenario 1's `pin` on a cold cache against the floor process (bench/floorClient.ts), run by run
// in alternation so both see the same machine load, with where each one's time goes, read from the
// latency proxy's timestamps: start-up until the first request arrives, the auth phase (until the
// last token answer), the manifests after it, and the tail from the last answer to the exit.
import { join } from 'node:path';
import { cliCommonArgs, type BenchContext } from '../context';
import { expectExit, runCli } from '../cli';
import type { BenchImage } from '../images';
import { alternate, type Measurement, type Phases } from '../measure';
import { diffCounts, snapshotCounts, type RequestCounts } from '../requestCounts';
import { median } from '../stats';
import { timeProcess, type ProcessResult } from '../timeProcess';
import { pinCoverage, writeTree, type Tree } from '../workspace';
import type { TimedRequest } from '../../test/support/faultProxy';

const FLOOR_CLIENT = join(__dirname, '..', 'floorClient.js');

export function phasesOf(run: ProcessResult, requests: readonly TimedRequest[]): Phases {
  if (requests.length === 0) throw new Error('the run sent no request through the proxy');
  const first = Math.min(...requests.map((r) => r.arrivedMs));
  const last = Math.max(...requests.map((r) => r.finishedMs));
  const tokens = requests.filter((r) => r.kind === 'token').map((r) => r.finishedMs);
  const authEnd = tokens.length > 0 ? Math.max(...tokens) : first;
  return {
    startup: first - run.startedAtMs,
    auth: authEnd - first,
    manifests: last - authEnd,
    tail: run.endedAtMs - last,
  };
}

interface Sample {
  readonly wallMs: number;
  readonly phases: Phases;
  readonly requests: RequestCounts;
  readonly maxRssKib?: number;
}

function summarize(samples: readonly Sample[]): Omit<Measurement, 'id' | 'scenario' | 'what' | 'note'> {
  const last = samples[samples.length - 1].requests;
  const rss = samples.flatMap((s) => (s.maxRssKib === undefined ? [] : [s.maxRssKib]));
  const phase = (k: keyof Phases): number => median(samples.map((s) => s.phases[k]));
  return {
    runs: samples.length,
    wallMs: median(samples.map((s) => s.wallMs)),
    requests: last,
    requestsVary: samples.some((s) => s.requests.pulls !== last.pulls || s.requests.total !== last.total),
    maxRssKib: rss.length > 0 ? median(rss) : undefined,
    phases: { startup: phase('startup'), auth: phase('auth'), manifests: phase('manifests'), tail: phase('tail') },
  };
}

async function timed(ctx: BenchContext, run: () => Promise<ProcessResult>, check: (run: ProcessResult) => void): Promise<Sample> {
  const before = snapshotCounts(ctx.env.proxy);
  const from = ctx.env.proxy.timeline.length;
  const result = await run();
  check(result);
  const requests = diffCounts(snapshotCounts(ctx.env.proxy), before);
  return { wallMs: result.wallMs, phases: phasesOf(result, ctx.env.proxy.timeline.slice(from)), requests, maxRssKib: result.maxRssKib };
}

/** `pin` of `tree` on a fresh cache against the floor process over `images`, alternating. */
export async function pinAgainstFloor(ctx: BenchContext, label: string, tree: Tree, images: readonly BenchImage[]): Promise<Measurement[]> {
  ctx.log('  s1.pinCold / s1.floorProcess: docker-pin pin (cold cache) and the floor process, alternating');
  const pin = (): Promise<Sample> => {
    const { dir, files } = writeTree(tree);
    return timed(
      ctx,
      () => runCli(['pin', ...cliCommonArgs(ctx), ...files], dir),
      (run) => {
        expectExit(run, 0, 'docker-pin pin (s1.pinCold)');
        const coverage = pinCoverage(dir, files);
        if (coverage.pinned !== coverage.references) throw new Error(`s1.pinCold: pin left ${coverage.references - coverage.pinned} references unpinned`);
      },
    );
  };
  const floor = (): Promise<Sample> =>
    timed(
      ctx,
      () => timeProcess(process.execPath, [FLOOR_CLIENT, ctx.env.proxy.url, ...images.map((i) => `${i.repository}:${i.tag}`)]),
      (run) => expectExit(run, 0, 'the floor process'),
    );
  const runs = Math.max(ctx.options.runs, ctx.options.quick ? 1 : 2 * ctx.options.runs);
  const { a: pins, b: floors } = await alternate(runs, pin, floor);
  return [
    {
      id: 's1.pinCold',
      scenario: label,
      what: 'docker-pin pin, cold cache, alternating with the floor process',
      note: 'a cache directory (XDG_CACHE_HOME) empty of registry answers every run; the code cache of earlier runs kept (row s1.pinFirst: without it)',
      ...summarize(pins),
    },
    {
      id: 's1.floorProcess',
      scenario: label,
      what: 'floor process: node:http, 1 challenge, all tokens, all manifests',
      note: 'bench/floorClient.ts: one keep-alive agent, no parsing beyond the token JSON; measured, alternating with the row above',
      ...summarize(floors),
    },
  ];
}
