// Entry of a worker process (`node out/bench/worker.js`, started by inProcess.ts): runs one task
// and reports its phases. A fresh process per measurement keeps caches and peak RSS honest.
import { runBundle } from '../src/startup/codeCache';
import type { ParentMessage, PhaseResult, WorkerMessage, WorkerTask } from './protocol';
import { runEngineTask } from './tasks/engineTask';
import { runExtensionTask } from './tasks/extensionTask';
import type { runScanPlanTask } from './tasks/scanPlanTask';

let pendingAck: (() => void) | undefined;

function send(message: WorkerMessage): void {
  process.send?.(message);
}

/** Lets the parent snapshot the proxy's counters between phases. */
export function mark(): Promise<void> {
  return new Promise((resolve) => {
    pendingAck = resolve;
    send({ type: 'mark' });
  });
}

async function runTask(task: WorkerTask): Promise<PhaseResult[]> {
  switch (task.kind) {
    case 'engine':
      return runEngineTask(task, mark);
    case 'scanPlan': {
      // The engine as shipped, from the code cache an earlier run made, as the CLI and the
      // extension load theirs (src/startup/codeCache.ts); this run makes it when there is none.
      const bundle = runBundle<{ runScanPlanTask: typeof runScanPlanTask }>(task.bundlePath, module, { directory: task.storage, name: 'scanPlan' });
      const phases = await bundle.exports.runScanPlanTask(task);
      bundle.save();
      return phases.map((p) => ({ ...p, facts: p.facts && { ...p.facts, codeCache: bundle.outcome } }));
    }
    case 'extension':
      return runExtensionTask(task);
  }
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'ack') {
    const ack = pendingAck;
    pendingAck = undefined;
    ack?.();
    return;
  }
  runTask(message.task).then(
    (phases) => {
      send({ type: 'result', phases, maxRssKib: process.resourceUsage().maxRSS });
      process.disconnect?.();
    },
    (e: unknown) => {
      send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      process.disconnect?.();
    },
  );
});
