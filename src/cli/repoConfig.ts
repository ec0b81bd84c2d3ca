// The repository configs of one run: for each file, the nearest `.docker-pin.yaml` (see
// core/repoConfig/search.ts for where the search stops), read and checked once per run. Standard
// input belongs to the current directory. A config is named in messages as a path from the current
// directory, as the files are.
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { inEffect, pathIgnorer } from '../core/repoConfig/apply';
import { parseRepoConfig, RepoConfigError, type RepoConfig } from '../core/repoConfig/parse';
import { RepoConfigSearch } from '../core/repoConfig/search';
import type { Invocation } from './args';
import { EXIT_USAGE, type ExitCode } from './exitCodes';
import { STDIN } from './inputs';
import type { Output } from './output';
import { readTextFile, UnreadableFileError } from './readFile';

export class RepoConfigs {
  private readonly search: RepoConfigSearch;
  private readonly loaded = new Map<string, Promise<LoadedConfig>>();

  constructor(private readonly cwd: string = process.cwd()) {
    this.search = new RepoConfigSearch({ exists: existsSync }, cwd);
  }

  /** The config that applies to `file` (a path as given, `-` for standard input), or undefined. Throws RepoConfigError. */
  async forFile(file: string): Promise<RepoConfig | undefined> {
    return (await this.loadedFor(file))?.config;
  }

  /** Whether the config of `file` leaves it out (`ignore.paths`); the pattern's config when it does. */
  async excluding(file: string): Promise<RepoConfig | undefined> {
    if (file === STDIN) return undefined;
    const loaded = await this.loadedFor(file);
    if (loaded === undefined) return undefined;
    const path = relative(loaded.dir, resolve(this.cwd, file)).split('\\').join('/');
    return loaded.ignores(path) ? loaded.config : undefined;
  }

  private async loadedFor(file: string): Promise<LoadedConfig | undefined> {
    const dir = file === STDIN ? this.cwd : dirname(resolve(this.cwd, file));
    const path = this.search.nearest(dir);
    if (path === undefined) return undefined;
    let loaded = this.loaded.get(path);
    if (loaded === undefined) {
      loaded = this.load(path);
      this.loaded.set(path, loaded);
    }
    return loaded;
  }

  private async load(path: string): Promise<LoadedConfig> {
    const name = relative(this.cwd, path) || path;
    let text: string;
    try {
      text = await readTextFile(path);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw new RepoConfigError([`${name}: ${error.code === undefined ? 'not valid UTF-8' : `cannot be read (${error.code})`}`]);
      throw error;
    }
    const config = parseRepoConfig(text, name);
    return { config, dir: dirname(path), ignores: pathIgnorer(config) };
  }
}

interface LoadedConfig {
  readonly config: RepoConfig;
  readonly dir: string;
  readonly ignores: (relativePath: string) => boolean;
}

/**
 * Runs `work`; an invalid repository config met on the way is said, one line per problem, and the
 * run ends with the usage exit code (nothing is written: configs are read before any file is).
 */
export async function configured<T>(work: () => Promise<T>, output: Output): Promise<T | ExitCode> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof RepoConfigError)) throw error;
    for (const problem of error.problems) output.err(`docker-pin: ${problem}`);
    output.err('docker-pin: nothing was checked or written; correct the repository config (.docker-pin.yaml) and run again');
    return EXIT_USAGE;
  }
}

/** `resolve`'s platform, digest kind and build args: the flags, then the current directory's repository config. */
export async function resolveSettings(invocation: Extract<Invocation, { action: 'resolve' }>, configs: RepoConfigs) {
  const config = await configs.forFile(STDIN);
  const { options } = invocation;
  const values = inEffect({ ...(options.platformGiven ? { platform: options.platform } : {}), ...(invocation.digestKind !== undefined ? { digestKind: invocation.digestKind } : {}), buildArgs: options.buildArgs }, config);
  return { platform: values.platform ?? options.platform, index: (values.digestKind ?? 'platform') === 'index', buildArgs: values.buildArgs };
}
