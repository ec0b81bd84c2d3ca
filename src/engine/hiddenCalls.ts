// make or a shell script a CI step runs where a word only the run knows hides which (`make -C "$DIR"`,
// `bash "$SCRIPT"`, core/sources/runStepCalls.ts): on a runner of another platform than the
// configured one, the Dockerfiles the Makefile or script it runs builds are built for that runner,
// while their own readings are for the configured platform. Which files it runs cannot be told, so
// it is said at the step's line (`unresolved`), naming the repository's files of that kind that
// may build an image; a step that could run none of them is passed over.
import { join } from 'node:path';
import { formatPlatform, platformsEqual } from '../core/platform';
import { detectKind } from '../core/sources/detect';
import type { FileKind, HiddenCall, LocalActionUse, Platform, ScanProblem } from '../core/types';
import type { Assembly } from './assembly';
import type { BuildOperand } from './buildOperands';
import { mayBuild } from './mayBuild';

/** How many of the files a hidden call may run its message names. */
const NAMED = 3;

/** Adds to `naming`'s problems one for each step of `uses` whose Makefile or script only the run knows, run on another platform than the configured one. */
export async function hiddenCallProblems(uses: readonly LocalActionUse[], naming: BuildOperand, root: string, assembly: Assembly): Promise<void> {
  for (const use of uses) {
    if (use.hidden === undefined) continue;
    const others = use.platforms.filter((platform) => !platformsEqual(platform, naming.options.platform));
    if (others.length === 0) continue;
    const candidates = await buildingFiles(use.hidden.command === 'make' || use.hidden.command === 'gmake' ? 'makefile' : 'shell-script', root, assembly);
    if (candidates.length > 0) naming.buildProblems.push(hiddenCallProblem(use, use.hidden, others, naming.options.platform, candidates));
  }
}

/** The repository's files of `kind` (by name) that may build an image, from its root, sorted; listed once per repository and kind. */
function buildingFiles(kind: FileKind, root: string, assembly: Assembly): Promise<readonly string[]> {
  let byRoot = memo.get(assembly);
  if (byRoot === undefined) memo.set(assembly, (byRoot = new Map()));
  const key = `${kind}\n${root}`;
  let found = byRoot.get(key);
  if (found === undefined) {
    found = (async () => {
      const out: string[] = [];
      for (const path of await assembly.repositoryFiles(root)) {
        if (detectKind(path) !== kind) continue;
        const text = await assembly.files.readText(join(root, path)).catch(() => undefined);
        if (text !== undefined && mayBuild(kind, text)) out.push(path);
      }
      return out.sort();
    })();
    byRoot.set(key, found);
  }
  return found;
}

const memo = new WeakMap<Assembly, Map<string, Promise<readonly string[]>>>();

function hiddenCallProblem(use: LocalActionUse, hidden: HiddenCall, others: readonly Platform[], configured: Platform, candidates: readonly string[]): ScanProblem {
  const on = others.map((platform) => `a ${formatPlatform(platform)} runner`).join(' and ');
  const make = hidden.command === 'make' || hidden.command === 'gmake';
  const what = make ? 'Makefile' : 'script';
  const named = candidates.slice(0, NAMED).join(', ') + (candidates.length > NAMED ? ` and ${candidates.length - NAMED} more` : '');
  const fix = make ? 'write the folder and makefile in the step (make -C images/base)' : "write the script's path in the step";
  return {
    kind: 'unresolved',
    range: use.range,
    text: hidden.command === 'a script' ? 'run' : hidden.command,
    message:
      `${hidden.command} in ${use.by}, on ${on}, runs a ${what} only the run knows (${hidden.what} is known only when it runs): ` +
      `it may be one of the repository's ${what}s that build images (${named}), whose Dockerfiles are checked for the configured platform (${formatPlatform(configured)}) only; ` +
      `${fix}, pin those Dockerfiles' images to index digests (--index), or accept it with --allow-unresolved`,
  };
}
