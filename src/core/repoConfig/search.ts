// Which repository config applies to a file: the nearest `.docker-pin.yaml` (or `.docker-pin.yml`)
// in the file's directory or above it, up to the repository root — the nearest directory holding
// `.git` (a directory, or the file a work tree or submodule has) — and never above it. Outside a
// repository the search stops at the base directory the front door gives (the CLI's current
// directory, the extension's workspace folder) when the file lies under it, else it looks in the
// file's own directory only, so a stray config in /tmp or a home directory never applies to files
// it was not written for. The nearest config applies alone: configs do not merge.
// The file system is asked through `exists`, which each front door gives; answers are memoized per
// directory, so a tree of files costs one look per directory.
import { dirname, join, relative, isAbsolute, resolve } from 'node:path';
import { CONFIG_NAMES, RepoConfigError } from './parse';

export interface ConfigSearchIo {
  /** Whether something (a file or directory) exists at `path`. */
  exists(path: string): Promise<boolean>;
}

export class RepoConfigSearch {
  private readonly nearestOf = new Map<string, Promise<string | undefined>>();
  private readonly rootOf = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly io: ConfigSearchIo,
    /** Where the search stops outside a repository, for files under it. */
    private readonly base: string,
  ) {}

  /**
   * The path of the config that applies to files in `dir` (absolute), or undefined. Throws
   * RepoConfigError when a directory holds both names: which one was meant cannot be known.
   */
  nearest(dir: string): Promise<string | undefined> {
    const folder = resolve(dir);
    let found = this.nearestOf.get(folder);
    if (found === undefined) {
      found = this.search(folder);
      this.nearestOf.set(folder, found);
    }
    return found;
  }

  private async search(folder: string): Promise<string | undefined> {
    const present: string[] = [];
    for (const name of CONFIG_NAMES) if (await this.io.exists(join(folder, name))) present.push(join(folder, name));
    if (present.length > 1) {
      throw new RepoConfigError([`${folder}: holds both ${CONFIG_NAMES.join(' and ')}; keep one of them`]);
    }
    if (present.length === 1) return present[0];
    if (folder === (await this.stopAt(folder))) return undefined;
    const parent = dirname(folder);
    return parent === folder ? undefined : this.nearest(parent);
  }

  /** The last directory searched for `folder`: its repository's root, else the base when `folder` is under it, else `folder`. */
  private async stopAt(folder: string): Promise<string> {
    const root = await this.repositoryRoot(folder);
    if (root !== undefined) return root;
    return isInside(resolve(this.base), folder) ? resolve(this.base) : folder;
  }

  private repositoryRoot(folder: string): Promise<string | undefined> {
    let found = this.rootOf.get(folder);
    if (found === undefined) {
      found = (async () => {
        if (await this.io.exists(join(folder, '.git'))) return folder;
        const parent = dirname(folder);
        return parent === folder ? undefined : this.repositoryRoot(parent);
      })();
      this.rootOf.set(folder, found);
    }
    return found;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
