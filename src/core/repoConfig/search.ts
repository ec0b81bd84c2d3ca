// Which repository config applies to a file: the nearest `.docker-pin.yaml` (or `.docker-pin.yml`)
// in the file's directory or above it, up to the repository root — the nearest directory holding
// `.git` (a directory, or the file a work tree or submodule has) — and never above it. Outside a
// repository the search stops at the base directory the front door gives (the CLI's current
// directory, the extension's workspace folder) when the file lies under it, else it looks in the
// file's own directory only, so a stray config in /tmp or a home directory never applies to files
// it was not written for. The nearest config applies alone: configs do not merge.
// The file system is asked through `exists`, which each front door gives (synchronously: the
// extension decides a document's settings while providing a lens); answers are memoized per
// directory, so a tree of files costs a few looks per directory, once.
import { dirname, join, relative, isAbsolute, resolve } from 'node:path';
import { CONFIG_NAMES, RepoConfigError } from './parse';

export interface ConfigSearchIo {
  /** Whether something (a file or directory) exists at `path`. */
  exists(path: string): boolean;
}

export class RepoConfigSearch {
  private readonly nearestOf = new Map<string, string | undefined>();
  private readonly rootOf = new Map<string, string | undefined>();

  constructor(
    private readonly io: ConfigSearchIo,
    /** Where the search stops outside a repository, for files under it. */
    private readonly base: string,
  ) {}

  /**
   * The path of the config that applies to files in `dir` (absolute), or undefined. Throws
   * RepoConfigError when a directory holds both names: which one was meant cannot be known.
   */
  nearest(dir: string): string | undefined {
    const folder = resolve(dir);
    if (this.nearestOf.has(folder)) return this.nearestOf.get(folder);
    const found = this.search(folder);
    this.nearestOf.set(folder, found);
    return found;
  }

  private search(folder: string): string | undefined {
    const present = CONFIG_NAMES.map((name) => join(folder, name)).filter((path) => this.io.exists(path));
    if (present.length > 1) {
      throw new RepoConfigError([`${folder}: holds both ${CONFIG_NAMES.join(' and ')}; keep one of them`]);
    }
    if (present.length === 1) return present[0];
    if (folder === this.stopAt(folder)) return undefined;
    const parent = dirname(folder);
    return parent === folder ? undefined : this.nearest(parent);
  }

  /** The last directory searched for `folder`: its repository's root, else the base when `folder` is under it, else `folder`. */
  private stopAt(folder: string): string {
    const root = this.repositoryRoot(folder);
    if (root !== undefined) return root;
    return isInside(resolve(this.base), folder) ? resolve(this.base) : folder;
  }

  private repositoryRoot(folder: string): string | undefined {
    return repositoryRootOf(folder, this.io, this.rootOf);
  }
}

/**
 * The repository `folder` (absolute) lies in: the nearest directory holding `.git` (a directory,
 * or a work tree's or submodule's file), else undefined. `memo` keeps each folder's answer, so
 * many files of one tree cost one look per directory.
 */
export function repositoryRootOf(folder: string, io: ConfigSearchIo, memo: Map<string, string | undefined> = new Map()): string | undefined {
  if (memo.has(folder)) return memo.get(folder);
  const parent = dirname(folder);
  const found = io.exists(join(folder, '.git')) ? folder : parent === folder ? undefined : repositoryRootOf(parent, io, memo);
  memo.set(folder, found);
  return found;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
