// make, just, task or a shell script a CI step runs where a word only the run knows hides which (`make -C "$DIR"`, `just -f "$JUSTFILE"`,
// `bash "$SCRIPT"`, core/sources/runStepCalls.ts): on a runner of another platform than the
// configured one, the Dockerfiles the Makefile or script it runs builds are built for that runner,
// while their own readings are for the configured platform. Which files it runs cannot be told, so
// it is said at the step's line (`unresolved`), naming the repository's files of that kind that
// may build an image; a step that could run none of them is passed over. A step of a file read only
// for its builds (`check Dockerfile`, as pre-commit runs it) is said instead at the top of each
// Dockerfile to read that a file of that kind builds (`tellHiddenCalls`).
import { join } from 'node:path';
import { formatPlatform, platformsEqual } from '../core/platform';
import { detectKind } from '../core/sources/detect';
import type { FileKind, HiddenCall, LocalActionUse, Platform, ScanProblem } from '../core/types';
import { type Assembly, isInside } from './assembly';
import type { BuildOperand } from './buildOperands';
import { mayBuild } from './mayBuild';
import { topProblem } from './toldAlone';

/** The kind of file each tool a hidden call names runs, how messages name it, and how a step makes it known; any other command runs a script. */
const MAKE = { kind: 'makefile', what: 'Makefile', fix: 'write the folder and makefile in the step (make -C images/base)' } as const;
const CALLED: Readonly<Record<string, { readonly kind: FileKind; readonly what: string; readonly fix: string } | undefined>> = {
  make: MAKE,
  gmake: MAKE,
  just: { kind: 'justfile', what: 'justfile', fix: 'write the folder or justfile in the step (just -f images/base/justfile)' },
  task: { kind: 'taskfile', what: 'Taskfile', fix: 'write the folder or Taskfile in the step (task -d images/base)' },
};
const SCRIPT = { what: 'script', fix: "write the script's path in the step" };

/**
 * The Linux runner platforms among `platforms` other than `configured`: a Windows runner's docker
 * builds Windows images, which a repository's Linux Dockerfiles are not.
 */
function otherLinux(platforms: readonly Platform[], configured: Platform): Platform[] {
  return platforms.filter((platform) => platform.os === 'linux' && !platformsEqual(platform, configured));
}

/** How many of the files a hidden call may run its message names. */
const NAMED = 3;

/** Adds to `naming`'s problems one for each step of `uses` whose Makefile or script only the run knows, run on another platform than the configured one. */
export async function hiddenCallProblems(uses: readonly LocalActionUse[], naming: BuildOperand, root: string, assembly: Assembly): Promise<void> {
  for (const use of uses) {
    if (use.hidden === undefined) continue;
    const others = otherLinux(use.platforms, naming.options.platform);
    if (others.length === 0) continue;
    const candidates = await buildingFiles(CALLED[use.hidden.command]?.kind ?? 'shell-script', root, assembly);
    if (candidates.length > 0) naming.buildProblems.push(hiddenCallProblem(use, use.hidden, others, naming.options.platform, candidates));
  }
}

/** A step of a file read only for its builds whose file to run only the run knows: where it is (`ci.yml:12`), in which repository. */
export interface HiddenCallStep {
  readonly use: LocalActionUse;
  readonly place: string;
  readonly root: string;
}

/**
 * Tells each Dockerfile to read (`byRealPath`) that a file of the kind a step of `steps` runs without
 * naming it builds, when the step runs on a runner of another platform than the Dockerfile's
 * configured one: it may be that file, run there. Called once every build is followed.
 */
export function tellHiddenCalls(steps: readonly HiddenCallStep[], byRealPath: ReadonlyMap<string, BuildOperand>, assembly: Pick<Assembly, 'displayName'>): void {
  for (const { use, place, root } of steps) {
    const hidden = use.hidden;
    if (hidden === undefined) continue;
    const { kind, what, fix } = CALLED[hidden.command] ?? { ...SCRIPT, kind: 'shell-script' as const };
    for (const [real, dockerfile] of byRealPath) {
      if (dockerfile.buildsOnly === true || !isInside(root, real) || (dockerfile.kind ?? detectKind(dockerfile.path) ?? 'dockerfile') !== 'dockerfile') continue;
      const others = otherLinux(use.platforms, dockerfile.options.platform);
      const builders = [...new Set(dockerfile.builds.flatMap((each) => (each.builder !== undefined && (each.builder.kind ?? detectKind(each.builder.path)) === kind ? [assembly.displayName(each.builder.path)] : [])))];
      if (others.length === 0 || builders.length === 0) continue;
      const on = others.map((platform) => `a ${formatPlatform(platform)} runner`).join(' and ');
      const message =
        `${hidden.command} in ${use.by}, on ${on}, runs a ${what} only the run knows (${hidden.what} is known only when it runs): it may be ${builders.slice(0, NAMED).join(' or ')}, which builds this Dockerfile, ` +
        `checked for the configured platform (${formatPlatform(dockerfile.options.platform)}) only; ${fix}, pin this Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`;
      if (!dockerfile.buildProblems.some((said) => said.text === place && said.message === message)) dockerfile.buildProblems.push(topProblem(place, message));
    }
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
  const { what, fix } = CALLED[hidden.command] ?? SCRIPT;
  const named = candidates.slice(0, NAMED).join(', ') + (candidates.length > NAMED ? ` and ${candidates.length - NAMED} more` : '');
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
