// The registry cache's file calls for the CLI: Node's synchronous ones, as the CLI reads and writes
// its own files (readFile.ts, writeFile.ts). A `pin` reads a tag entry per image before its first
// request and writes two or three entries per image as the last answers arrive; through
// fs/promises each call was a trip through Node's thread pool, and the entries' writes, in the pool
// at the moment the pinned file is flushed, went before it.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import type { CacheFiles } from '../registry/diskCache';

/** `call` as a settled promise: its value, or its error as the rejection. */
function settled<A extends unknown[], R>(call: (...args: A) => R): (...args: A) => Promise<R> {
  return (...args) => {
    try {
      return Promise.resolve(call(...args));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
}

export const syncCacheFiles: CacheFiles = {
  readFile: settled((file: string) => readFileSync(file)),
  writeFile: settled((file: string, data: Buffer | string, options: { mode: number; flag: 'wx' }) => writeFileSync(file, data, options)),
  rename: settled(renameSync),
  unlink: settled(unlinkSync),
  mkdir: settled((dir: string, options: { recursive: true; mode: number }) => mkdirSync(dir, options)),
  readdir: settled((dir: string) => readdirSync(dir)),
  stat: settled((file: string) => statSync(file)),
  utimes: settled(utimesSync),
};
