// The files the Makefiles among the files to read include. GNU make reads a file an `include`,
// `-include` or `sinclude` directive names where the directive stands, as if its text were there:
// its variables are the Makefile's, and its recipes run where make runs, the Makefile's folder
// (kind's `images/base/Makefile` includes `$(CURDIR)/../Makefile.common.in`, whose recipe builds
// the including folder's Dockerfile for linux/amd64 and linux/arm64). Each Makefile is given the
// texts of the files it includes (`SourceOptions.makefileIncludes`), read through the front door's
// file access, so its reading follows them (core/sources/makefile.ts, makefileInclude.ts): the
// names an include line holds are known only as the Makefile is read, so the reading says which
// files it wants, those are read, and it is read again until it wants none. A file is read as a
// makefile because a Makefile includes it, whatever its name.
//
// A makefile (by its name, `*.mk`, or any other) that a Makefile among the files read includes is
// read as part of that Makefile's reading, and not alone too (`SourceOptions.makefileReadBy`): read
// alone, its recipes' folder and the variables the Makefile sets are unknown, and its builds would
// be said `unresolved` once more. One no Makefile read includes is read alone, as before. A file
// that is reported is not silenced by a Makefile read only for its builds (`buildsOnly`).
import { dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import { detectKind } from '../core/sources/detect';
import { wantedIncludes } from '../core/sources/makefile';
import { includePatternMatches, isIncludePattern, MAX_INCLUDE_DEPTH, type MakefileInclude } from '../core/sources/makefileInclude';
import { type Assembly, isInside, whyUnreadable } from './assembly';
import type { BuildOperand } from './buildOperands';
import { cannotBeRead, UnreadableFileError } from './fileAccess';

/** Most files read for one Makefile's includes: past it, the names it still wants are said not to be read. */
const MAX_INCLUDED_FILES = 64;

/** What one Makefile's includes read: the texts given to its reading, and the real paths of the files it includes. */
export interface MakefileIncludes {
  readonly includes: ReadonlyMap<string, MakefileInclude>;
  readonly reals: ReadonlySet<string>;
}

/**
 * Gives each Makefile among `operands` (read directly) the files it includes
 * (`options.makefileIncludes`), and each makefile among them that another includes the name of
 * the one whose reading reads it (`options.makefileReadBy`). Idempotent: a Makefile given its
 * includes already is not read again.
 */
export async function withMakefileIncludes(operands: readonly BuildOperand[], assembly: Assembly): Promise<void> {
  const makefiles = operands.filter((operand) => operand.direct && !assembly.files.isStream(operand.path) && (operand.kind ?? detectKind(operand.path)) === 'makefile');
  if (makefiles.length === 0) return;
  const includers: { operand: BuildOperand; reals: ReadonlySet<string> }[] = [];
  for (const operand of makefiles) {
    let read = readMemo.get(operand);
    if (read === undefined) {
      read = await makefileIncludes(operand.path, assembly);
      readMemo.set(operand, read);
      if (read !== undefined) operand.options = { ...operand.options, makefileIncludes: read.includes };
    }
    if (read !== undefined && read.reals.size > 0) includers.push({ operand, reals: read.reals });
  }
  if (includers.length === 0) return;
  for (const operand of makefiles) {
    const real = await assembly.files.realpath(operand.path).catch(() => undefined);
    if (real === undefined) continue;
    const includer = includers.find(({ operand: by, reals }) => by !== operand && reals.has(real) && (by.buildsOnly !== true || operand.buildsOnly === true));
    if (includer !== undefined) operand.options = { ...operand.options, makefileReadBy: assembly.displayName(includer.operand.path) };
  }
}

/** Each operand's includes, read once however many times the files are put together. */
const readMemo = new WeakMap<BuildOperand, MakefileIncludes | undefined>();

/** The files the Makefile at `path` includes, directly or not, read; undefined when it names none (or cannot be read: its own reading says it). */
export async function makefileIncludes(path: string, assembly: Assembly): Promise<MakefileIncludes | undefined> {
  let text: string;
  try {
    text = await assembly.files.readText(path);
  } catch (error) {
    if (error instanceof UnreadableFileError) return undefined;
    throw error;
  }
  const includes = new Map<string, MakefileInclude>();
  const reals = new Set<string>();
  let wanted = wantedIncludes(text, includes);
  if (wanted.length === 0) return undefined;
  const folder = dirname(path);
  const root = await assembly.repositoryRoot(path);
  let read = 0;
  // Each round reads the files a deeper include names: a chain longer than make's depth is cut there.
  for (let round = 0; wanted.length > 0 && round <= MAX_INCLUDE_DEPTH + 1 && read < MAX_INCLUDED_FILES; round++) {
    for (const key of wanted) {
      if (read >= MAX_INCLUDED_FILES) break;
      read++;
      const file = await readInclude(key, folder, root, assembly);
      includes.set(key, file.include);
      if (file.real !== undefined) reals.add(file.real);
    }
    wanted = wantedIncludes(text, includes);
  }
  return { includes, reals };
}

/**
 * The paths of the files the Makefile at `makefile` includes, by the texts its reading was given
 * (`SourceOptions.makefileIncludes`): each file an include names, read or not (one missing now may
 * be written later), and each file a pattern matched; in the order the includes were read. What
 * the editor watches to read the Makefile's builds again when one of them changes.
 */
export function includedPaths(makefile: string, includes: ReadonlyMap<string, MakefileInclude>): string[] {
  const folder = dirname(makefile);
  const paths = [...includes].flatMap(([key, include]) => ('matches' in include ? include.matches.map((match) => includePath(match, folder)) : isIncludePattern(key) ? [] : [includePath(key, folder)]));
  return [...new Set(paths)];
}

/** The path of the file `key` (`includeKey`) names from the Makefile's `folder`. */
function includePath(key: string, folder: string): string {
  return isAbsolute(key) ? key : join(folder, key);
}

/** The file (or pattern) `key` names from the Makefile's `folder`, in the repository at `root`. */
async function readInclude(key: string, folder: string, root: string, assembly: Assembly): Promise<{ include: MakefileInclude; real?: string }> {
  const { files, displayName } = assembly;
  if (isIncludePattern(key)) {
    // Matched against the repository's files, as the front door lists them: make never sees others here.
    const fromRoot = relative(root, await files.realpath(folder).catch(() => folder)).split(sep).join('/');
    const pattern = posix.normalize(isAbsolute(key) ? relative(root, key).split(sep).join('/') : posix.join(fromRoot, key));
    if (pattern.startsWith('../') || pattern === '..' || isAbsolute(pattern)) return { include: { matches: [] } };
    const matches = includePatternMatches(pattern, await assembly.repositoryFiles(root)).map((match) => posix.relative(fromRoot, match));
    return { include: { matches } };
  }
  const path = includePath(key, folder);
  let real: string;
  try {
    real = await files.realpath(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { include: { unread: whyUnreadable(error), ...(missing ? { missing: true as const } : {}) } };
  }
  if (!isInside(root, real)) return { include: { unread: `lies outside the repository (${root})` } };
  try {
    return { include: { text: await files.readText(path), name: displayName(path) }, real };
  } catch (error) {
    if (error instanceof UnreadableFileError) return { include: { unread: cannotBeRead(error) } };
    throw error;
  }
}
