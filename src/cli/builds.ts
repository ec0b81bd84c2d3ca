// The files `pin` and `check` read, and the ways each is read, put together by the engine
// (engine/buildOperands.ts) from the files the command line names: the CLI reads them with Node's
// fs, names them as they were given, and bounds builds and includes by the repository a file lies
// in (the nearest folder holding `.git`, else the current directory when the file is under it),
// whose files the walk sees (git's ignored ones left out) are those a GitLab wildcard include matches.
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, relative, resolve as resolvePath } from 'node:path';
import { repositoryRootOf } from '../core/repoConfig/search';
import { type Assembly, isInside } from '../engine/assembly';
import { type BuildOperand, withBuilds as assemble } from '../engine/buildOperands';
import type { FileOptions } from '../engine/fileOptions';
import { nodeFiles } from './nodeFiles';
import { displayName } from './inputs';
import type { FileOperand } from './readSource';
import { repositoryBuilders } from './repositoryBuilders';
import { repositoryFiles } from './walk';

/**
 * `operands` in order, each Dockerfile a build uses added once (after its first builder) and given
 * its builds, each linked file after the file that names it, each with its options
 * (`fileOptions.of`). A Dockerfile among them is also given the builds of its repository's build
 * files that are not (repositoryBuilders.ts); `walked` are the directory operands the walk read.
 * Throws RepoConfigError for an invalid config.
 */
export async function withBuilds(operands: readonly FileOperand[], fileOptions: FileOptions, walked: readonly string[] = []): Promise<BuildOperand[]> {
  const assembly = cliAssembly(fileOptions);
  const builders = await repositoryBuilders(operands, walked, { ...assembly, excluding: (path) => fileOptions.excluding(path) });
  return assemble(operands, assembly, builders);
}

function cliAssembly(fileOptions: FileOptions): Assembly {
  // Each folder's repository, looked up once however many build files it holds.
  const roots = new Map<string, string | undefined>();
  const listings = new Map<string, Promise<readonly string[]>>();
  return {
    files: nodeFiles,
    fileOptions,
    displayName,
    repositoryRoot: (file) => repositoryRoot(file, roots),
    localPath: (path) => relative(process.cwd(), path),
    repositoryFiles: (root) => {
      // Listed once per repository however many patterns match against it.
      let listed = listings.get(root);
      if (listed === undefined) listings.set(root, (listed = repositoryFiles(root)));
      return listed;
    },
  };
}

/**
 * The repository a file lies in: the nearest folder holding `.git` (the rule .docker-pin.yaml's
 * search follows), else the current directory when the file is under it, else the file's folder.
 */
async function repositoryRoot(file: string, memo: Map<string, string | undefined>): Promise<string> {
  const folder = resolvePath(dirname(file));
  const top = repositoryRootOf(folder, { exists: existsSync }, memo);
  const root = top ?? (isInside(process.cwd(), folder) ? process.cwd() : folder);
  return realpath(root).catch(() => root);
}
