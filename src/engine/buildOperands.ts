// The Dockerfiles that the compose files, dev containers and actions among the files to read build
// from. Each such Dockerfile is read as each build uses it (its args, target and platforms), and
// reported at its own lines: it is added to the files to read right after the first file that
// builds from it, unless it is one of them already. What cannot be read that way (a missing
// Dockerfile, one outside the repository, a remote context, an inline Dockerfile) is reported at
// the line of the file that names it. Likewise the files a GitLab CI file includes (`include:local`),
// the compose files a dev container names and those a compose file includes or extends are read as
// files of their own kind, so the images they name are never passed over; one that cannot be read
// is reported where it is named. Every front door puts its files together here, so a file is read
// the same ways whichever one asks.
import { dirname, isAbsolute, join } from 'node:path';
import { scanBuild } from '../core/buildScan';
import { detectKind } from '../core/sources/detect';
import type { FileKind, ScanProblem } from '../core/types';
import type { SharedAnalyzeOptions } from './answerMemo';
import { type Assembly, isInside, whyUnreadable } from './assembly';
import { composeLinked } from './composeLinked';
import { UnreadableFileError } from './fileAccess';
import { linkedOperand } from './linkedOperand';
import { type FileOperand, operandPath, readSource } from './readSource';
import { buildsOf, scanSource, type FileBuild, type SourceOptions } from './sources';

/** One build of a Dockerfile: who builds it, and the options that build reads it with. */
export interface BuildUse {
  /** `service web in compose.yaml`, `the dev container in .devcontainer/devcontainer.json`. */
  readonly by: string;
  readonly build: FileBuild;
}

/** A file to read, with the builds that read it (a Dockerfile) and the build problems it names (a compose file, …). */
export interface BuildOperand {
  readonly path: string;
  readonly kind?: FileKind;
  /** False for a Dockerfile read only because a build uses it: it is reported for those builds alone. */
  readonly direct: boolean;
  readonly builds: BuildUse[];
  readonly buildProblems: ScanProblem[];
  /** What the file is read with: the run's options under its repository config (for an included compose file, the include's environment). */
  options: SharedAnalyzeOptions;
  /** A compose file an include reads: its project directory (relative paths start there) and env file (null: none). */
  projectDirectory?: string;
  envPath?: string | null;
  /** The compose files whose includes led here, outermost first: an include of one of them is a cycle. */
  includedBy?: readonly { readonly real: string; readonly name: string }[];
  /** Compose services whose image names a build's result (through `extends`). */
  builtServices?: Set<string>;
}

const BUILDING_KINDS: ReadonlySet<FileKind> = new Set(['compose', 'devcontainer', 'github-action']);
/** Kinds whose files name other files to read (GitLab's local includes, a dev container's compose files, a compose file's includes and extends). */
const LINKING_KINDS: ReadonlySet<FileKind> = new Set(['gitlab-ci', 'devcontainer', 'compose']);

/**
 * `operands` in order, each Dockerfile a build uses added once (after its first builder) and given
 * its builds, each with its options (`assembly.fileOptions.of`). A Dockerfile or included file that its
 * repository config leaves out (`ignore.paths`) is not added. Throws RepoConfigError for an invalid config.
 */
export async function withBuilds(operands: readonly FileOperand[], assembly: Assembly): Promise<BuildOperand[]> {
  const { files, fileOptions, displayName } = assembly;
  const result: BuildOperand[] = [];
  const byRealPath = new Map<string, BuildOperand>();
  for (const operand of operands) {
    const path = operandPath(operand);
    const entry: BuildOperand = {
      path,
      ...(typeof operand === 'string' || operand.kind === undefined ? {} : { kind: operand.kind }),
      direct: true,
      builds: [],
      buildProblems: [],
      options: await fileOptions.of(path),
    };
    result.push(entry);
    const real = files.isStream(entry.path) ? undefined : await files.realpath(entry.path).catch(() => undefined);
    if (real !== undefined && !byRealPath.has(real)) byRealPath.set(real, entry);
  }
  for (let index = 0; index < result.length; index++) {
    const naming = result[index];
    if (!naming.direct || files.isStream(naming.path)) continue;
    // Only a regular file that may describe a build is read here: a pipe can be read only once, by its own pass.
    const kind = naming.kind ?? detectKind(naming.path);
    if (kind === undefined || !(BUILDING_KINDS.has(kind) || LINKING_KINDS.has(kind))) continue;
    if (!(await files.isFile(naming.path))) continue;
    let read;
    try {
      read = await readSource(naming.kind === undefined ? naming.path : { path: naming.path, kind: naming.kind }, files);
    } catch (error) {
      // The file's own pass reports it.
      if (error instanceof UnreadableFileError) continue;
      throw error;
    }
    if (!BUILDING_KINDS.has(read.file.kind) && !LINKING_KINDS.has(read.file.kind)) continue;
    const root = await assembly.repositoryRoot(naming.path);
    const options = naming.options;
    if (LINKING_KINDS.has(read.file.kind)) {
      let at = index + 1;
      for (const link of scanSource(read.file, options).linked ?? []) {
        const linked =
          link.compose === undefined
            ? await linkedOperand(naming, link, root, byRealPath, assembly)
            : await composeLinked({ naming, read, link, compose: link.compose, root, byRealPath }, assembly);
        if ('problem' in linked) naming.buildProblems.push(linked.problem);
        // In the order the file names them, right after it.
        else if (linked.entry !== undefined) result.splice(at++, 0, linked.entry);
      }
    }
    for (const build of buildsOf(read.file, options)) {
      const by = `${build.by} in ${displayName(naming.path)}`;
      if (build.inline !== undefined) {
        naming.buildProblems.push(...inlineProblems(build, by, options));
        continue;
      }
      if (build.dockerfile === undefined) continue;
      const path = isAbsolute(build.dockerfile) ? build.dockerfile : join(naming.projectDirectory ?? dirname(naming.path), build.dockerfile);
      const missing = (why: string): void => {
        naming.buildProblems.push({
          kind: 'unresolved',
          range: build.range,
          text: displayName(path),
          message: `${by} builds from ${displayName(path)}, which ${why}: the images that build uses cannot be checked`,
        });
      };
      let real: string;
      try {
        real = await files.realpath(path);
      } catch (error) {
        missing(whyUnreadable(error));
        continue;
      }
      if (!isInside(root, real)) {
        missing(`lies outside the repository (${root})`);
        continue;
      }
      let dockerfile = byRealPath.get(real);
      if (dockerfile === undefined) {
        // Left out by its repository config: not read, for this build either.
        if ((await fileOptions.excluding(path)) !== undefined) continue;
        dockerfile = { path, kind: 'dockerfile', direct: false, builds: [], buildProblems: [], options: await fileOptions.of(path) };
        byRealPath.set(real, dockerfile);
        result.splice(index + 1, 0, dockerfile);
      }
      dockerfile.builds.push({ by, build });
    }
  }
  return result;
}

/**
 * A compose `dockerfile_inline` names images that a digest could only go into inside the compose
 * file's string: each is reported there, as not pinnable.
 */
function inlineProblems(build: FileBuild, by: string, options: SourceOptions): ScanProblem[] {
  if (build.inline === undefined) return [];
  const scan = scanBuild(build.inline.text, { ...options, buildArgs: build.buildArgs }, build);
  return [...scan.images.map((image) => image.text), ...scan.problems.map((problem) => problem.text)].map((text) => ({
    kind: 'skipped' as const,
    range: build.inline?.range ?? build.range,
    text,
    message: `skipped ${JSON.stringify(text)}: ${by} builds from a dockerfile_inline, where docker-pin does not write digests; move it to a Dockerfile to have it checked and pinned`,
  }));
}
