// The repository configs (.docker-pin.yaml) of the workspace, as the CLI finds them: for a file,
// the nearest one up to its repository's root, else up to its workspace folder (the CLI's current
// directory). Each is read from disk and checked once, until a watcher says one changed (`reset`).
// Read synchronously: a document's settings are decided while a lens is provided, and the reads
// are a few `stat`s per directory and one small file per config, memoized. Free of `vscode`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { pathIgnorer } from '../core/repoConfig/apply';
import { parseRepoConfig, RepoConfigError, type RepoConfig } from '../core/repoConfig/parse';
import { RepoConfigSearch } from '../core/repoConfig/search';

/** The config that applies to one file. */
export interface RepoConfigState {
  /** The config's path, when there is one; it identifies the config for caches. */
  readonly path?: string;
  readonly config?: RepoConfig;
  /** Why the config cannot be used: its problems, each naming the file, line and key. */
  readonly problem?: string;
  /** Whether its `ignore.paths` leave the file out. */
  readonly excludes?: boolean;
}

interface Loaded {
  readonly config?: RepoConfig;
  readonly problem?: string;
  readonly ignores: (relativePath: string) => boolean;
}

export class RepoConfigFiles {
  private readonly searches = new Map<string, RepoConfigSearch>();
  private readonly loaded = new Map<string, Loaded>();

  /**
   * The config for the file at `file` (a file system path) in the workspace folder `base` (its
   * folder's path; the file's own directory when it is in none). Names the config from `base`.
   */
  for(file: string, base: string | undefined): RepoConfigState {
    const root = base ?? dirname(file);
    let search = this.searches.get(root);
    if (search === undefined) this.searches.set(root, (search = new RepoConfigSearch({ exists: existsSync }, root)));
    let path: string | undefined;
    try {
      path = search.nearest(dirname(file));
    } catch (error) {
      if (error instanceof RepoConfigError) return { problem: error.message };
      throw error;
    }
    if (path === undefined) return {};
    let loaded = this.loaded.get(path);
    if (loaded === undefined) this.loaded.set(path, (loaded = load(path, relative(root, path) || path)));
    const rel = relative(dirname(path), file).split('\\').join('/');
    return { path, ...(loaded.config ? { config: loaded.config } : {}), ...(loaded.problem ? { problem: loaded.problem } : {}), excludes: loaded.ignores(rel) };
  }

  /** Forget everything read: a config was created, changed or deleted. */
  reset(): void {
    this.searches.clear();
    this.loaded.clear();
  }
}

function load(path: string, name: string): Loaded {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problem: `${name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, ignores: () => false };
  }
  try {
    const config = parseRepoConfig(text, name);
    return { config, ignores: pathIgnorer(config) };
  } catch (error) {
    if (error instanceof RepoConfigError) return { problem: error.problems.join('; '), ignores: () => false };
    throw error;
  }
}
