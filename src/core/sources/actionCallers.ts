// A composite action of the repository read as itself knows nothing of the inputs its steps read
// (`platforms: ${{ inputs.platform }}`): that reading says so, `unresolved`. Yet an action runs
// only as a step that uses it gives it inputs, and the steps of the files read that use it
// (`uses: ./.github/actions/build`) are each read as they give them (actionInputs.ts), their
// builds built on their runners (engine/buildOperands.ts). So, as a build giving a Dockerfile's
// ARGs makes the Dockerfile's own problem about them moot (engine/passes.ts `BuildPlaces`), a
// problem of the action's own reading is moot when no caller's reading finds it too, nor names an
// image at its place: the callers say what the place builds. A caller that hides the value too
// keeps it; a problem only a caller's reading finds (a platform it passes that is none) is said
// with the caller named. A build whose platforms only the inputs hid is the callers' builds there,
// as their readings make them (for a runner this file does not name: the engine builds them on
// each caller's runners too). With no caller, the reading is the action's own alone.
import type { DockerfileBuild, ImageOccurrence, ScanProblem, ScanResult } from '../types';

/** One caller's reading of the action: who, and what the scan with its inputs found. */
export interface CallerReading {
  readonly by: string;
  readonly scan: ScanResult;
}

/**
 * The action's own reading (`own`) with what its callers' readings settle: its problems moot at a
 * place every caller reads cleanly dropped, with the builds whose platforms only they hid
 * (`BuildHidden.message`); the callers' own problems added, each naming the caller.
 */
export function withCallers(own: ScanResult, callers: readonly CallerReading[]): ScanResult {
  if (callers.length === 0) return own;
  const kept = own.problems.filter((problem) => callers.some((caller) => keeps(caller.scan, problem)));
  const keptMessages = new Set(kept.map((problem) => problem.message));
  const added: ScanProblem[] = [];
  for (const caller of callers) {
    for (const problem of caller.scan.problems) {
      if (own.problems.some((same) => samePlace(same, problem) && same.message === problem.message)) continue;
      const named: ScanProblem = { ...problem, message: `${problem.message} (as ${caller.by} uses it)` };
      if (!added.some((said) => samePlace(said, named) && said.message === named.message)) added.push(named);
    }
  }
  const builds: DockerfileBuild[] = [];
  for (const build of own.builds ?? []) {
    if (build.hidden === undefined || keptMessages.has(build.hidden.message)) {
      builds.push(build);
      continue;
    }
    // What its step builds, the callers say: each build a caller's reading makes there (a named action reads its Dockerfile so).
    for (const caller of callers) {
      for (const made of caller.scan.builds ?? []) {
        if (made.hidden === undefined && samePlace(made, build) && !builds.some((other) => sameBuild(other, made))) builds.push(made);
      }
    }
  }
  return { ...own, problems: [...kept, ...added], ...(own.builds === undefined ? {} : { builds }) };
}

/** Whether two builds read their Dockerfile alike. */
function sameBuild(a: DockerfileBuild, b: DockerfileBuild): boolean {
  const key = (build: DockerfileBuild) => JSON.stringify([build.dockerfile, build.context, [...build.buildArgs], [...build.unknownArgs], build.target, build.platforms, build.platform, build.range.start]);
  return key(a) === key(b);
}

/**
 * Whether a caller's reading keeps `problem` of the action's own: it finds it too (the caller
 * hides the value as well), or names an image at its place, which the action's own reading cannot
 * name and stays its own to say.
 */
function keeps(scan: ScanResult, problem: ScanProblem): boolean {
  return scan.problems.some((other) => samePlace(other, problem) && other.message === problem.message) || scan.images.some((image: ImageOccurrence) => samePlace(image, problem));
}

function samePlace(a: Pick<ScanProblem, 'range'>, b: Pick<ScanProblem, 'range'>): boolean {
  return a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}
