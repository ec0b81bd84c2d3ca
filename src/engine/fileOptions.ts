// Each file's analyze options: a front door decides them (the CLI from its flags and the file's
// repository config, the extension from its settings), and the engine asks for them per file.
import { basename } from 'node:path';
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
 * reached. Every other file's options are the front door's own.
 */
export function namingEachFile(fileOptions: FileOptions): FileOptions {
  return {
    of: async (path) => {
      const options = await fileOptions.of(path);
      return architectureNamed(basename(path)) === undefined ? options : { ...options, fileName: path };
    },
    excluding: (path) => fileOptions.excluding(path),
  };
}
