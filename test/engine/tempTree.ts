// A tree of files in a fresh temporary folder, put together by the engine as a front door puts its
// files together: absolute paths, files named by their paths relative to the folder, the folder
// as the repository, and nothing read from the current directory.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { Assembly } from '../../src/engine/assembly';
import { type FileAccess, UnreadableFileError } from '../../src/engine/fileAccess';
import type { FileOptions } from '../../src/engine/fileOptions';

export interface TempTree {
  /** The folder, as a real path. */
  readonly root: string;
  readonly files: FileAccess;
  readonly assembly: () => Assembly;
  /** Writes `text` at `name` (folders made as needed) and gives its path. */
  write(name: string, text: string): string;
  remove(): void;
}

export function tempTree(prefix: string, fileOptions: FileOptions): TempTree {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const files: FileAccess = {
    async readText(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch (error) {
        throw UnreadableFileError.fromSystem(relative(root, path), error);
      }
    },
    realpath: async (path) => realpathSync(path),
    isFile: async (path) => statSync(path, { throwIfNoEntry: false })?.isFile() === true,
    isStream: () => false,
  };
  return {
    root,
    files,
    assembly: () => ({
      files,
      fileOptions,
      displayName: (path) => relative(root, path),
      repositoryRoot: async () => root,
      localPath: (path) => path,
      // Every file under the folder, as a front door lists a repository's files.
      repositoryFiles: async (at) => readdirSync(at, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(at, path)).isFile()).map((path) => path.split(sep).join('/')),
    }),
    write(name, text) {
      const path = join(root, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
