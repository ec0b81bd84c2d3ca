// Runs one in-process measurement in a fresh worker process and pairs each phase with the
// requests the latency proxy saw during it.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { FaultProxy } from '../test/support/faultProxy';
import type { PhaseResult, WorkerMessage, WorkerTask } from './protocol';
import { diffCounts, snapshotCounts, type RequestCounts } from './requestCounts';

export interface MeasuredPhase extends PhaseResult {
  /** Requests seen by the proxy between this phase's marks (engine tasks only). */
  readonly requests?: RequestCounts;
}

export interface WorkerOutcome {
  readonly phases: readonly MeasuredPhase[];
  readonly maxRssKib: number;
}

export function runInWorker(task: WorkerTask, proxy?: FaultProxy): Promise<WorkerOutcome> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const snapshots: RequestCounts[] = [];
    let settled = false;
    const finish = (f: () => void): void => {
      if (!settled) {
        settled = true;
        f();
      }
    };
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'mark') {
        if (proxy) snapshots.push(snapshotCounts(proxy));
        child.send({ type: 'ack' });
      } else if (message.type === 'result') {
        const phases = message.phases.map((p, i) =>
          proxy && snapshots[i + 1] ? { ...p, requests: diffCounts(snapshots[i + 1], snapshots[i]) } : p,
        );
        finish(() => resolve({ phases, maxRssKib: message.maxRssKib }));
      } else {
        finish(() => reject(new Error(`benchmark worker (${task.kind}) failed: ${message.message}`)));
      }
    });
    child.on('error', (e) => finish(() => reject(e)));
    child.on('exit', (code) =>
      finish(() => reject(new Error(`benchmark worker (${task.kind}) exited with code ${code} before reporting`))),
    );
    child.send({ type: 'task', task });
  });
}
