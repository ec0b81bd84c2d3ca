// A file another file names to be read as a file of its own kind: a GitLab CI file's
// `include:local` (a wildcard pattern: each file of the repository it matches), a dev container's
// compose files.
import type { LinkedFile, ScanProblem } from '../core/types';
import { type Assembly, isInside, whyUnreadable } from './assembly';
import type { BuildOperand } from './buildOperands';
import { linkedPaths } from './linkedPaths';

/**
 * The files `link` names, as operands to read (none for those read already), and the problems that
 * keep a file from being read: it is missing or outside the repository, or the pattern naming it
 * matches no file. `refusal`: the include names (or its pattern matches) files GitLab refuses to
 * include (a name not `.yml` or `.yaml`), which fails the pipeline: a problem of the naming file's
 * own reading (an open editor's too), reported at the include by its scan (`SourceOptions.includeProblems`).
 */
export async function linkedOperands(
  naming: BuildOperand,
  link: LinkedFile,
  root: string,
  byRealPath: Map<string, BuildOperand>,
  assembly: Assembly,
): Promise<{ entries: BuildOperand[]; problems: ScanProblem[]; refusal?: ScanProblem }> {
  const { files, fileOptions, displayName } = assembly;
  const by = displayName(naming.path);
  const entries: BuildOperand[] = [];
  const problems: ScanProblem[] = [];
  const problem = (message: string): void => {
    problems.push({ kind: 'unresolved', range: link.range, text: link.path, message, aboutFile: true });
  };
  const unreadable = (named: string, why: string): void => problem(`${by} names ${named}, which ${why}: the images it names cannot be checked`);
  const found = await linkedPaths(link, naming.path, root, assembly);
  if ('outside' in found) unreadable(link.path, `lies outside the repository (${root})`);
  else if ('none' in found) {
    problem(
      `${by} includes ${link.path}, which matches no .yml or .yaml file in the repository (${root}): GitLab includes nothing for it and runs the pipeline without it, ` +
        'so the files it is meant to include are missing or named otherwise',
    );
  }
  const { paths, matched, refused } = 'paths' in found ? found : { paths: [], matched: false, refused: undefined };
  for (const path of paths) {
    const named = matched ? `${displayName(path)} (through ${link.path})` : link.path;
    let real: string;
    try {
      real = await files.realpath(path);
    } catch (error) {
      unreadable(named, whyUnreadable(error));
      continue;
    }
    if (!isInside(root, real)) {
      unreadable(named, `lies outside the repository (${root})`);
      continue;
    }
    if (byRealPath.has(real)) continue;
    // Left out by its repository config: not read.
    if ((await fileOptions.excluding(path)) !== undefined) continue;
    const entry: BuildOperand = { path, kind: link.kind, direct: true, builds: [], buildProblems: [], options: await fileOptions.of(path) };
    byRealPath.set(real, entry);
    entries.push(entry);
  }
  return refused === undefined ? { entries, problems } : { entries, problems, refusal: refusalProblem(link, by, refused, matched) };
}

/** GitLab's words for a file it refuses to include, as its pipeline error gives them. */
function gitlabRefusal(path: string): string {
  return `Included file \`${path}\` does not have YAML extension!`;
}

/** The problem of an include naming files GitLab refuses: those a pattern matches (`matched`), or the one path it names. */
function refusalProblem(link: LinkedFile, by: string, refused: readonly string[], matched: boolean): ScanProblem {
  const named = refused.length === 1 ? `${refused[0]}, a file` : `${refused.slice(0, -1).join(', ')} and ${refused[refused.length - 1]}, files`;
  const rule = `GitLab refuses to include: an included file's name must end in .yml or .yaml (in any case), and GitLab fails the whole pipeline ("${gitlabRefusal(refused[0])}")`;
  return {
    kind: 'unresolved',
    range: link.range,
    text: link.path,
    message: matched
      ? `${by} includes ${link.path}, which matches ${named} ${rule}; write the pattern so that it matches only YAML files, or move the others out of its reach`
      : `${by} includes ${link.path}, a file ${rule}; name a .yml or .yaml file`,
    aboutFile: true,
  };
}
