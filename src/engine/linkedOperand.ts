// A file another file names to be read as a file of its own kind: a GitLab CI file's
// `include:local`, a dev container's compose files.
import { dirname, join } from 'node:path';
import type { LinkedFile, ScanProblem } from '../core/types';
import { type Assembly, isInside, whyUnreadable } from './assembly';
import type { BuildOperand } from './buildOperands';

/**
 * The file `link` names, as an operand to read (undefined when it is read already), or the problem
 * that keeps it from being read: it is missing, outside the repository, or named by a wildcard.
 */
export async function linkedOperand(
  naming: BuildOperand,
  link: LinkedFile,
  root: string,
  byRealPath: Map<string, BuildOperand>,
  { files, fileOptions, displayName, localPath, patternAdvice }: Assembly,
): Promise<{ entry?: BuildOperand } | { problem: ScanProblem }> {
  const by = displayName(naming.path);
  const problem = (why: string): { problem: ScanProblem } => ({
    problem: { kind: 'unresolved', range: link.range, text: link.path, message: `${by} names ${link.path}, which ${why}: the images it names cannot be checked` },
  });
  if (/[*?[]/.test(link.path)) return problem(`is a pattern docker-pin does not expand; ${patternAdvice}`);
  const path = link.relativeTo === 'repository' ? localPath(join(root, link.path.replace(/^\/+/, ''))) : join(dirname(naming.path), link.path);
  let real: string;
  try {
    real = await files.realpath(path);
  } catch (error) {
    return problem(whyUnreadable(error));
  }
  if (!isInside(root, real)) return problem(`lies outside the repository (${root})`);
  if (byRealPath.has(real)) return {};
  const named = path === '' ? '.' : path;
  // Left out by its repository config: not read.
  if ((await fileOptions.excluding(named)) !== undefined) return {};
  const entry: BuildOperand = { path: named, kind: link.kind, direct: true, builds: [], buildProblems: [], options: await fileOptions.of(named) };
  byRealPath.set(real, entry);
  return { entry };
}
