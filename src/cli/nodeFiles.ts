// The files the CLI reads, through Node's fs: what the engine is given to put a run's files together.
import { realpath, stat } from 'node:fs/promises';
import type { FileAccess } from '../engine/fileAccess';
import { STDIN } from './inputs';
import { readTextFile } from './readFile';

export const nodeFiles: FileAccess = {
  readText: readTextFile,
  realpath: (path) => realpath(path),
  isFile: (path) => stat(path).then((s) => s.isFile(), () => false),
  isStream: (path) => path === STDIN,
};
