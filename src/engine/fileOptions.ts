// Each file's analyze options: a front door decides them (the CLI from its flags and the file's
// repository config, the extension from its settings), and the engine asks for them per file.
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
 * `fileOptions` whose options for each file carry its path (`SourceOptions.fileName`), so a
 * Dockerfile whose name names an architecture is read as built for it, however it is reached.
 */
export function namingEachFile(fileOptions: FileOptions): FileOptions {
  return { of: async (path) => ({ ...(await fileOptions.of(path)), fileName: path }), excluding: (path) => fileOptions.excluding(path) };
}
