// The files the CLI reads, through Node's fs: what the engine is given to put a run's files together.
// Synchronous calls, as readFile.ts reads: each takes microseconds, where a trip through the thread
// pool takes longer and waits behind the others in it.
import { realpathSync, statSync } from 'node:fs';
import type { FileAccess } from '../engine/fileAccess';
import { STDIN } from './inputs';
import { readTextFile } from './readFile';

export const nodeFiles: FileAccess = {
  readText: readTextFile,
  realpath: async (path) => realpathSync(path),
  isFile: async (path) => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false,
  isStream: (path) => path === STDIN,
};
