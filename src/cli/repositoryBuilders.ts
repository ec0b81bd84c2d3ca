// The build files of a named Dockerfile's repository. `pin Dockerfile` and `check Dockerfile` (and
// pre-commit, which passes the staged files alone) read the Dockerfile as every build its
// repository describes reads it, as `check .` at the repository's root would: a release workflow
// building it for linux/amd64 and linux/arm64 makes its lines take index digests, where the
// configured platform's digest would break the arm64 build. The build files found are read for
// those builds only (engine/buildOperands.ts, `buildsOnly`): their own images are not reported,
// nor the Dockerfiles they build that were not named. A named build file (`check compose.yaml`)
// reads and pins the Dockerfiles it builds: those get the repository's other builds of them too.
//
// The repository is the nearest folder holding `.git`; its files are those the walk reads there
// (git's ignored ones left out); one that cannot be read is said at the top of each Dockerfile to
// read of its repository, which it may build. A Dockerfile in no git repository has no bounds to
// search within: the build files beside it are read (a compose file, a Makefile, a build script
// next to it). A repository a walked directory holds whole is not searched: its build files are
// operands already.
import { existsSync, readFileSync } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { repositoryRootOf } from '../core/repoConfig/search';
import { type Assembly, isInside } from '../engine/assembly';
import { BUILDING_KINDS } from '../engine/buildOperands';
import { mayBuild, mayRunBuild } from '../engine/mayBuild';
import type { FileKind } from '../core/types';
import { STDIN } from './inputs';
import { mapBounded } from './mapBounded';
import { type FileOperand, operandPath } from './readSource';
import { kindOfPath, mayBeSupported, walkedFile } from './walk';

/** Where to look for build files: a repository's root (its listing) or, outside any, one folder (its entries). */
interface SearchPlace {
  readonly folder: string;
  readonly repository: boolean;
}

/** What the search asks of the front door (its Assembly's parts): its repository config's exclusions, a repository's files (as the walk lists them), how it names a file. */
export type BuilderLookup = Pick<Assembly, 'repositoryFiles' | 'localPath'> & { excluding(path: string): Promise<unknown> };

/**
 * The build files (kinds that can build a Dockerfile: workflows, compose files, Makefiles, …) of
 * the repositories of the Dockerfiles and build files among `operands`, that are not operands themselves and that
 * `excluding` (the repository config's `ignore.paths`) does not leave out; sorted, named from the
 * current directory. `walked` are the directory operands the walk read.
 */
export async function repositoryBuilders(operands: readonly FileOperand[], walked: readonly string[], lookup: BuilderLookup): Promise<FileOperand[]> {
  // A named build file's Dockerfiles are read for its builds, and pinned: the repository's other builds of them count too.
  const searching = operands.filter((operand) => {
    const kind = typeof operand === 'string' ? undefined : operand.kind;
    if (kind !== undefined && kind !== 'dockerfile' && !BUILDING_KINDS.has(kind)) return false;
    return operandPath(operand) !== STDIN;
  });
  if (searching.length === 0) return [];
  const walkedReal = await mapBounded(walked, realpathOr);
  const folders = await mapBounded([...new Set(searching.map((operand) => dirname(resolve(operandPath(operand)))))], realpathOr);
  const memo = new Map<string, string | undefined>();
  const places = new Map<string, SearchPlace>();
  for (const folder of folders) {
    const root = repositoryRootOf(folder, { exists: existsSync }, memo);
    const place: SearchPlace = root === undefined ? { folder, repository: false } : { folder: root, repository: true };
    if (walkedReal.some((dir) => isInside(dir, place.folder))) continue;
    places.set(`${place.repository}:${place.folder}`, place);
  }
  const [operandReal, listings] = await Promise.all([
    mapBounded(operands, (operand) => realpathOr(resolve(operandPath(operand)))).then((paths) => new Set(paths)),
    mapBounded([...places.values()], async (place) => ({ place, files: await filesOf(place, lookup) })),
  ]);
  const found = new Map<string, FileOperand>();
  for (const { place, files } of listings) {
    for (const relativePath of files) {
      // The name first: it rules out almost every file of a large repository, before any path is made.
      if (!mayBeSupported(relativePath)) continue;
      const absolute = join(place.folder, relativePath);
      if (found.has(absolute) || operandReal.has(absolute)) continue;
      // A file whose name gives a kind that builds nothing (a Dockerfile, a Kubernetes manifest) is not looked at.
      const named = kindOfPath(absolute);
      if (named !== undefined && !BUILDING_KINDS.has(named)) continue;
      const file = await walkedFile(place.folder, relativePath, absolute);
      if (file?.kind === undefined || !BUILDING_KINDS.has(file.kind) || !mayBuildHere(file.kind, absolute)) continue;
      if ((await lookup.excluding(absolute)) !== undefined) continue;
      found.set(absolute, { path: lookup.localPath(absolute), kind: file.kind });
    }
  }
  return [...found.keys()].sort().map((absolute) => found.get(absolute) as FileOperand);
}

/**
 * Whether the file at `path`, of `kind`, may build a Dockerfile, told from its text before it is
 * parsed: most build files of a repository (workflows running tests, scripts installing tools)
 * build nothing, and parsing them all would cost a named Dockerfile's check most of its time. A
 * file that cannot be read may: the engine's reading of it says so at the Dockerfiles it may build.
 */
function mayBuildHere(kind: FileKind, path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    // Gone since it was listed: it builds nothing.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  switch (kind) {
    case 'compose':
      // A service's `build:`; a file it includes or extends is a build file of the repository itself.
      return /\bbuild\b/.test(text);
    case 'gitlab-ci':
      // A job's script, or the files it includes (read with this file's variables).
      return mayRunBuild(text) || /\binclude\b/.test(text);
    default:
      return mayBuild(kind, text);
  }
}

/** The files of `place`, relative to its folder with `/` separators. */
async function filesOf(place: SearchPlace, lookup: BuilderLookup): Promise<readonly string[]> {
  if (place.repository) return lookup.repositoryFiles(place.folder);
  try {
    return (await readdir(place.folder, { withFileTypes: true })).filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name);
  } catch {
    // The Dockerfile's own folder cannot be listed: its reading reports what it cannot read.
    return [];
  }
}

async function realpathOr(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}
