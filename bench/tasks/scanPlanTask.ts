// Scenario 4: a 10,000-line Dockerfile scanned, analyzed against an in-memory client and planned,
// with no network. The first round is what a user waits for (cold JIT); the second shows the
// steady state. The worker runs this file bundled with the engine as the shipped bundles are
// (bench/engineBundle.mjs), not from the TypeScript compiler's output.
import { performance } from 'node:perf_hooks';
import { applyEdits } from '../../src/core/pin';
import { scanDockerfile } from '../../src/core/dockerfile';
import { analyze, planPins } from '../../src/engine/analyze';
import { hugeDockerfile } from '../generate';
import { benchImages } from '../images';
import { MemoryRegistryClient } from '../memoryClient';
import type { PhaseResult, WorkerTask } from '../protocol';
import { platformOf } from './platformOf';

export async function runScanPlanTask(task: Extract<WorkerTask, { kind: 'scanPlan' }>): Promise<PhaseResult[]> {
  const text = hugeDockerfile(benchImages(task.images), task.lines);
  const phases: PhaseResult[] = [];
  for (const round of ['first', 'second']) {
    const client = new MemoryRegistryClient();
    // End to end first, so its cold round is not helped by a warm-up scan.
    const t0 = performance.now();
    const analysis = await analyze({ kind: 'dockerfile', text }, client, { platform: platformOf('linux/amd64'), kind: 'platform' });
    const t1 = performance.now();
    const plan = planPins(analysis, { update: false });
    const pinned = applyEdits(text, plan.edits);
    const t2 = performance.now();
    const scan = scanDockerfile(text);
    const t3 = performance.now();
    if (plan.edits.length !== scan.images.length || scan.images.length === 0) {
      throw new Error(`planned ${plan.edits.length} edits for ${scan.images.length} references`);
    }
    const facts = { lines: task.lines, references: scan.images.length, edits: plan.edits.length, outputBytes: pinned.length };
    phases.push(
      // What a user waits for: analyze (which scans) then plan and apply the edits.
      { label: `${round}: scan + plan end to end`, wallMs: t2 - t0, facts },
      { label: `${round}: analyze (scan + in-memory resolve)`, wallMs: t1 - t0 },
      { label: `${round}: plan + apply edits`, wallMs: t2 - t1 },
      { label: `${round}: scan only`, wallMs: t3 - t2 },
    );
  }
  return phases;
}
