// The compose files a script of the repository runs docker compose on, when a CI step on a runner of
// known architecture runs the script (`run: ./scripts/e2e.sh`, core/sources/runStepCalls.ts): the
// script runs on that runner, so Compose pulls and builds there, as it does for a step's own
// `docker compose up` (engine/composeRuns.ts). The script's commands are read as a step's are
// (ScriptCalls), from the folder it starts in, with no variable known but the runner's folders; a
// compose run there becomes a use of the step's, named through the script.
import { posix } from 'node:path';
import { ScriptCalls } from '../core/sources/runStepCalls';
import type { LocalActionUse } from '../core/types';
import type { Assembly } from './assembly';

/** The docker compose runs of the scripts `uses` run, each a use on the runners of the step that runs its script. */
export async function scriptComposeRuns(uses: readonly LocalActionUse[], root: string, assembly: Assembly): Promise<LocalActionUse[]> {
  const out: LocalActionUse[] = [];
  for (const use of uses) {
    if (use.script === undefined || use.platforms.length === 0) continue;
    const text = await assembly.files.readText(posix.join(root, use.script)).catch(() => undefined);
    if (text === undefined) continue;
    const calls = new ScriptCalls(`${use.by}, through ${use.script},`);
    for (const runner of use.platforms) {
      calls.read(text, { start: use.folder, variable: () => undefined, runner }, (path) => (path.startsWith('../') || posix.isAbsolute(path) ? undefined : posix.normalize(path)));
    }
    for (const call of calls.all()) if (call.compose !== undefined) out.push({ ...call, range: use.range, line: use.line });
  }
  return out;
}
