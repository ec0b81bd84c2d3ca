// Scenarios 1 and 3 in process: the engine on one long-lived client, the way the extension uses
// it. The first pass is cold; every later pass on the same client is "warm" and should cost no
// request at all within the cache lifetime.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../../src/core/types';
import { analyze } from '../../src/engine/analyze';
import { RegistryClient } from '../../src/registry/client';
import type { ClientStats } from '../../src/registry/types';
import type { PhaseResult, WorkerTask } from '../protocol';
import { diffClientStats } from '../requestCounts';
import { platformOf } from './platformOf';

export async function runEngineTask(
  task: Extract<WorkerTask, { kind: 'engine' }>,
  mark: () => Promise<void>,
): Promise<PhaseResult[]> {
  const texts = task.files.map((f) => readFileSync(f, 'utf8'));
  const client = new RegistryClient({ mirrors: { 'docker.io': task.mirrorUrl }, logger: silentLogger });
  const options = { platform: platformOf(task.platform), kind: task.digestKind };
  const phases: PhaseResult[] = [];
  for (let pass = 0; pass < task.passes; pass++) {
    const before: ClientStats = { ...client.stats };
    await mark();
    const started = performance.now();
    // Files concurrently, as the CLI does: the client shares in-flight work and caches.
    const analyses = await Promise.all(texts.map((t) => analyze({ kind: 'dockerfile', text: t }, client, options)));
    const wallMs = performance.now() - started;
    const statuses = analyses.flatMap((a) => a.statuses);
    const failed = statuses.filter((s) => s.state === 'error');
    if (failed.length > 0) {
      throw new Error(`${failed.length} of ${statuses.length} references failed, e.g. ${failed[0].error?.message}`);
    }
    phases.push({
      label: pass === 0 ? 'cold' : 'warm',
      wallMs,
      clientStats: diffClientStats(client.stats, before),
      facts: { references: statuses.length },
    });
  }
  await mark();
  return phases;
}
