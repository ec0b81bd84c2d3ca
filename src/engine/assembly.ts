// What putting together "which files, read which ways" needs from the front door that asks: how it
// reads files, each file's options, how it names files, and where a file's repository ends.
import { isAbsolute, relative } from 'node:path';
import type { FileAccess } from './fileAccess';
import type { FileOptions } from './fileOptions';

export interface Assembly {
  readonly files: FileAccess;
  readonly fileOptions: FileOptions;
  /** How messages name a file: the CLI as it was given, the extension by its workspace-relative path. */
  displayName(path: string): string;
  /** The repository `file` lies in, as a real path: a build or an include reaching outside it is not read. */
  repositoryRoot(file: string): Promise<string>;
  /** A path made from the repository root (a GitLab `include:local`), spelled as the front door names files (the CLI: from the current directory). */
  localPath(path: string): string;
  /**
   * The files of the repository at `root` (a real path, as `repositoryRoot` gives it) that a GitLab
   * `include:local` wildcard pattern may match: their paths from `root`, `/`-separated, as the front
   * door sees the repository (the CLI the files its walk reads, git's ignored ones left out; the
   * extension the workspace's). Every file, whatever its name: GitLab fails the pipeline on a file a
   * pattern matches that is not `.yml` or `.yaml`, so such a match must be seen to be reported.
   */
  repositoryFiles(root: string): Promise<readonly string[]>;
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The words for a path that has no real path: missing, or unreadable with the system's code. */
export function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`;
}
