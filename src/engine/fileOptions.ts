// Each file's analyze options: a front door decides them (the CLI from its flags and the file's
// repository config, the extension from its settings), and the engine asks for them per file.
import { basename, isAbsolute, relative, sep } from 'node:path';
import { detectKind, extensionless, giteaActionsWorkflow, includedMakefile, moduleJustfile } from '../core/sources/detect';
import { architectureNamed } from '../core/archName';
import type { RepoConfig } from '../core/repoConfig/parse';
import type { SharedAnalyzeOptions } from './answerMemo';

export interface FileOptions {
  /** The options to read the file at `path` with. Throws RepoConfigError when its config is invalid. */
  of(path: string): Promise<SharedAnalyzeOptions>;
  /** The config whose `ignore.paths` leave `path` out, if one does: such a file is not read. */
  excluding(path: string): Promise<RepoConfig | undefined>;
}

/** The same options for every file: no repository config applies. */
export function sameForEveryFile(options: SharedAnalyzeOptions): FileOptions {
  return { of: async () => options, excluding: async () => undefined };
}

/**
 * `fileOptions` whose options for a file whose name names an architecture carry its path
 * (`SourceOptions.fileName`), so a Dockerfile named so is read as built for it, however it is
 * reached; whose options for a shell script carry its path from its repository's root
 * (`SourceOptions.repositoryPath`), so `$(dirname "$0")` names its folder in every pass; and whose
 * options for a Gitea or Forgejo Actions workflow say so (`SourceOptions.giteaActions`). Every other
 * file's options are the front door's own.
 */
export function namingEachFile(fileOptions: FileOptions, repositoryRoot: (path: string) => Promise<string>): FileOptions {
  return {
    of: async (path) => {
      const options = await fileOptions.of(path);
      const repositoryPath = await repositoryPathOf(path, repositoryRoot);
      if (repositoryPath !== undefined) return { ...options, repositoryPath };
      if (includedMakefile(path)) return { ...options, includedMakefile: true };
      if (moduleJustfile(path)) return { ...options, justfileModule: true };
      if (giteaActionsWorkflow(path)) return { ...options, giteaActions: true };
      return architectureNamed(basename(path)) === undefined ? options : { ...options, fileName: path };
    },
    excluding: (path) => fileOptions.excluding(path),
  };
}

/**
 * A shell script's path from its repository's root (`SourceOptions.repositoryPath`), as `/`-separated
 * relative path; undefined for any other file, or a script not inside the root `repositoryRoot` gives.
 */
export async function repositoryPathOf(path: string, repositoryRoot: (path: string) => Promise<string>): Promise<string | undefined> {
  // A script without an extension is told by its `#!` line, which is not read here: such a file
  // gets its path whatever it holds, and only the shell script reader reads it.
  const kind = detectKind(path);
  if (kind !== 'shell-script' && !(kind === undefined && extensionless(path))) return undefined;
  const from = relative(await repositoryRoot(path), path).split(sep).join('/');
  return from === '' || from === '..' || from.startsWith('../') || isAbsolute(from) ? undefined : from;
}
