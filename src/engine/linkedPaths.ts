// The files a linked file's path names (engine/linkedOperand.ts, gitlabPipelines.ts): the one file
// it names, or, for a GitLab `include:local` written as a wildcard pattern, every file of the
// repository it matches, in the order GitLab includes them (core/sources/gitlabWildcard.ts). The
// repository's files are the front door's (`assembly.repositoryFiles`): the CLI's those its walk
// sees, the extension's those of the workspace. A file a pattern (or a path) names whose name GitLab
// refuses (not `.yml` or `.yaml`) is not passed over: GitLab fails the pipeline on it, and it is said so.
import { dirname, join } from 'node:path';
import { fromRepositoryRoot, isIncludableName, isWildcardPath, wildcardMatches } from '../core/sources/gitlabWildcard';
import type { LinkedFile } from '../core/types';
import type { Assembly } from './assembly';

export type LinkedPaths =
  /**
   * The paths as the front door names files; `matched`: found by a pattern. `refused`: the files the
   * pattern matches whose names GitLab refuses, which fail the pipeline (from the repository root),
   * or the one path the include names, as written, when GitLab refuses its name.
   */
  | { readonly paths: readonly string[]; readonly matched: boolean; readonly refused?: readonly string[] }
  /** A pattern that matches no file (GitLab includes nothing for it). */
  | { readonly none: true }
  /** A pattern reaching outside the repository, where GitLab never looks. */
  | { readonly outside: true };

/** The files `link`, named in the file at `naming`, reads, in its repository at `root` (a real path). */
export async function linkedPaths(link: LinkedFile, naming: string, root: string, { files, localPath, repositoryFiles }: Assembly): Promise<LinkedPaths> {
  const fromRoot = (path: string): string => localPath(join(root, path)) || '.';
  if (link.relativeTo !== 'repository') return { paths: [join(dirname(naming), link.path)], matched: false };
  if (!isWildcardPath(link.path)) {
    // GitLab refuses the name before it looks for the file (a name it expands a variable in first is not judged here).
    const path = fromRepositoryRoot(link.path);
    return isIncludableName(path) || path.includes('$') ? { paths: [fromRoot(path)], matched: false } : { paths: [], matched: false, refused: [link.path] };
  }
  // GitLab matches the pattern against the repository's paths, which never climb out of it.
  if (fromRepositoryRoot(link.path).split('/').includes('..')) return { outside: true };
  const paths: string[] = [];
  const refused: string[] = [];
  for (const match of wildcardMatches(link.path, await repositoryFiles(root))) {
    const path = fromRoot(match);
    // Listed but gone since (or a folder): not a file to include.
    if (!(await files.isFile(path))) continue;
    if (isIncludableName(match)) paths.push(path);
    else refused.push(match);
  }
  if (paths.length === 0 && refused.length === 0) return { none: true };
  return refused.length === 0 ? { paths, matched: true } : { paths, matched: true, refused };
}
