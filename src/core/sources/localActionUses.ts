// A workflow step's `uses: ./path`: the action of the repository's folder `path` (the runner
// resolves it in the workspace, where actions/checkout put the repository), run on the step's
// runners with the inputs its `with:` gives. Each run of the job's matrix may give other inputs
// (`platform: ${{ matrix.platform }}`) on another runner: the runs giving the same inputs are one
// use, on the runners of those runs, so the engine reads the action once for each set of inputs
// (actionInputs.ts) and builds what it builds on their runners (engine/buildOperands.ts).
import { posix } from 'node:path';
import type { Node } from '../yaml';
import type { ActionInputs, LocalActionUse, Platform } from '../types';
import { platformsEqual } from '../platform';
import { stepInputs } from './actionInputs';
import { workflowExpressions } from './findings';
import type { JobRunner } from './runnerPlatform';
import { type Combination, expandMatrix } from './workflowMatrix';
import type { MatrixJob } from './workflowMatrixImage';

/** The step using a local action: its job, runners, the `env:` it sees, and (`offRunner`) why its builds run off the runner, when they do. */
export interface ActionStep {
  readonly step: Node;
  readonly job: MatrixJob;
  readonly runner: JobRunner;
  readonly env: ReadonlyMap<string, Node>;
  /** `a step of job build`, for messages. */
  readonly by: string;
  readonly offRunner?: string;
}

/**
 * The uses of the action `uses` names (`./path`, none for another repository's action or one an
 * expression hides): one per distinct set of inputs over the job's runs, each on the runners of
 * the runs giving it (none known: a runner the file does not name for sure).
 */
export function localActionUses(uses: string | undefined, at: ActionStep): Omit<LocalActionUse, 'range' | 'line'>[] {
  if (uses === undefined || !uses.startsWith('./') || workflowExpressions(uses).length > 0) return [];
  const folder = posix.normalize(uses).replace(/\/+$/, '');
  if (folder.startsWith('../')) return [];
  const { doc } = at.job;
  const expansion = (at.job.expansion ??= expandMatrix(doc, at.job.source, at.job.job, at.job.id));
  const runs: (Combination | undefined)[] = expansion.known === true && expansion.combinations.length > 0 ? [...expansion.combinations] : [undefined];
  const groups = new Map<string, { inputs: ActionInputs; platforms: Platform[] }>();
  for (const run of runs) {
    const inputs = stepInputs(doc, at.step, run, at.env);
    const key = JSON.stringify([...inputs]);
    const group = groups.get(key) ?? { inputs, platforms: [] };
    groups.set(key, group);
    const facts = at.runner.facts(run === undefined ? undefined : (c) => c === run);
    for (const platform of 'usePlatforms' in facts ? facts.usePlatforms : [facts.platform]) {
      if (platform !== undefined && !group.platforms.some((p) => platformsEqual(p, platform))) group.platforms.push(platform);
    }
  }
  return [...groups.values()].map(({ inputs, platforms }) => ({ folder, inputs, platforms, by: at.by, ...(at.offRunner === undefined ? {} : { offRunner: at.offRunner }) }));
}
