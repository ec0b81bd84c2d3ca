// What a Dockerfile read alone must be told of its repository's builds that a tree's reading says
// at the build's own line: a build of it whose platforms only the build's runner knows, and a
// build of a Dockerfile the build file does not name, which may be this one. `check Dockerfile`
// (the engine's `buildsOnly` builders) says them at the Dockerfile's top; so does the editor for an
// open Dockerfile, from the tree's reading its include index makes (`ToldAlone`).
import { relative, sep } from 'node:path';
import { formatPlatform, platformsEqual } from '../core/platform';
import type { Platform, ScanProblem } from '../core/types';
import { isInside } from './assembly';

/** A build of a Dockerfile its build file does not name: which Dockerfiles of the repository it may build, and what they are told. */
export interface UnnamedBuild {
  /** The build's line: `scripts/release.sh:3`. */
  readonly place: string;
  readonly message: string;
  /** The platforms it builds for; undefined: they cannot be told either. */
  readonly platforms?: readonly Platform[];
  /** How the path of the Dockerfile it builds ends (`/`-separated), when that is known. */
  readonly pathEnd?: string;
}

/** The unnamed builds the problems of the build file `name`'s scan mark (`ScanProblem.unnamedDockerfile`). */
export function unnamedBuildsOf(name: string, problems: readonly ScanProblem[]): UnnamedBuild[] {
  return problems.flatMap((problem): UnnamedBuild[] => {
    const build = problem.unnamedDockerfile;
    if (build === undefined) return [];
    const platforms = build.platforms === undefined ? 'platforms that cannot be told either' : build.platforms.map(formatPlatform).join(', ');
    // A path known but for the folder it starts from (`-f Dockerfile` run from its caller's folder): the Dockerfile is named, the folder is not.
    const which = build.pathEnd === undefined ? 'a Dockerfile it does not name,' : `a Dockerfile whose path ends in ${build.pathEnd}, from a folder it does not say,`;
    const fix = build.pathEnd === undefined ? 'name the Dockerfile in the build' : 'make the folder it builds from one the file says';
    const message =
      `${build.by} in ${name} builds ${which} for ${platforms}, and this Dockerfile may be that one: its images are checked for the configured platform, which may not be one it is built for; ` +
      `${fix}, pin this Dockerfile's images to index digests (--index), leave ${name} out with ignore.paths in .docker-pin.yaml, or accept it with --allow-unresolved`;
    return [{ place: build.place ?? `${name}:${problem.range.start.line + 1}`, message, ...(build.platforms === undefined ? {} : { platforms: build.platforms }), ...(build.pathEnd === undefined ? {} : { pathEnd: build.pathEnd }) }];
  });
}

/**
 * Whether `build`, of the repository at `root`, may build the Dockerfile at `real` (a real path
 * inside it) read for `platform`: not when it builds for that platform alone, which the
 * Dockerfile's reading reads already, nor when the path it builds ends otherwise. Undefined: the
 * platform is not known (an invalid setting), so none is ruled out.
 */
export function mayBuild(build: UnnamedBuild, root: string, real: string, platform: Platform | undefined): boolean {
  if (platform !== undefined && build.platforms?.every((built) => platformsEqual(built, platform)) === true) return false;
  return build.pathEnd === undefined || endsWithPath(relative(root, real).split(sep).join('/'), build.pathEnd);
}

/**
 * Whether `path` (`/`-separated, from the repository's root) ends with the path `end` a build
 * names from a folder it does not know; the default `Dockerfile` may be `dockerfile`, which the
 * docker CLI falls back to.
 */
function endsWithPath(path: string, end: string): boolean {
  const ends = (tail: string) => path === tail || path.endsWith(`/${tail}`);
  return ends(end) || (/(?:^|\/)Dockerfile$/.test(end) && ends(end.replace(/Dockerfile$/, 'dockerfile')));
}

/** An `unresolved` problem of a whole Dockerfile, said at its top, naming `text` (a build's line, a build file). */
export function topProblem(text: string, message: string): ScanProblem {
  const start = { line: 0, character: 0 };
  return { kind: 'unresolved', range: { start, end: start }, text, message, aboutFile: true };
}

/**
 * What a tree's reading found to tell each Dockerfile read alone, by its real path: kept while the
 * engine follows the builds (`withBuilds`' `told`), asked for one Dockerfile at a time.
 */
export class ToldAlone {
  private readonly hidden = new Map<string, ScanProblem[]>();
  private readonly unnamed: { readonly root: string; readonly build: UnnamedBuild }[] = [];

  /** A build of the Dockerfile at `real` whose platforms only its runner knows (`problem`, said at its top). */
  hiddenBuild(real: string, problem: ScanProblem): void {
    const said = this.hidden.get(real) ?? [];
    if (!said.some((known) => known.text === problem.text && known.message === problem.message)) said.push(problem);
    this.hidden.set(real, said);
  }

  /** A build of the repository at `root` that does not name its Dockerfile. */
  unnamedBuild(root: string, build: UnnamedBuild): void {
    if (!this.unnamed.some((known) => known.root === root && known.build.place === build.place && known.build.message === build.message)) this.unnamed.push({ root, build });
  }

  /** What the Dockerfile at `real`, read for `platform` (undefined: one not known, so none is ruled out), is told, each once. */
  of(real: string, platform: Platform | undefined): ScanProblem[] {
    const told = [...(this.hidden.get(real) ?? [])];
    for (const { root, build } of this.unnamed) {
      if (isInside(root, real) && mayBuild(build, root, real, platform)) told.push(topProblem(build.place, build.message));
    }
    return told;
  }

  /** Equal for two that tell every Dockerfile alike. */
  key(): string {
    return JSON.stringify([[...this.hidden].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), this.unnamed]);
  }
}
