// The engine in a worker process on one long-lived client: pass 1 cold, pass 2 warm.
import { join } from 'node:path';
import type { BenchContext } from '../context';
import { runInWorker, type WorkerOutcome } from '../inProcess';
import { repeat, type Measurement } from '../measure';
import { writeTree, type Tree } from '../workspace';

export interface RowLabel {
  readonly id: string;
  readonly scenario: string;
  readonly what: string;
}

export async function measureEngine(ctx: BenchContext, tree: Tree, cold: RowLabel, warm: RowLabel): Promise<Measurement[]> {
  ctx.log(`  ${cold.id} / ${warm.id}: engine on one client, cold then warm`);
  const { dir, files } = writeTree(tree);
  const task = {
    kind: 'engine' as const,
    files: files.map((f) => join(dir, f)),
    mirrorUrl: ctx.env.proxy.url,
    platform: 'linux/amd64',
    digestKind: 'platform' as const,
    passes: 2,
  };
  const outcomes: WorkerOutcome[] = [];
  for (let i = 0; i < ctx.options.runs; i++) outcomes.push(await runInWorker(task, ctx.env.proxy));
  const pass = (index: number) =>
    repeat(outcomes.length, async (run) => {
      const o = outcomes[run];
      return { wallMs: o.phases[index].wallMs, requests: o.phases[index].requests, maxRssKib: o.maxRssKib };
    });
  // The proxy and the client's own counters must agree, or one of them miscounts.
  const disagreement = outcomes
    .flatMap((o) => o.phases)
    .find((p) => p.requests !== undefined && p.clientStats !== undefined && p.requests.total !== p.clientStats.requests);
  const crossCheck = disagreement
    ? `; NOTE client.stats counted ${disagreement.clientStats?.requests} requests where the proxy saw ${disagreement.requests?.total}`
    : '';
  return [
    { ...cold, ...(await pass(0)), note: `in process, fresh client; RSS of the worker process${crossCheck}` },
    {
      ...warm,
      ...(await pass(1)),
      note: 'warm = the same long-lived client (as in the extension) analyzing the same files again within the cache lifetime',
    },
  ];
}
