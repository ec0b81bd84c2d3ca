// The registry cache's file calls for the CLI. Its reads use Node's synchronous call, as the CLI
// reads its own files (readFile.ts): a `pin` looks up a tag entry per image before its first
// request, and through fs/promises each lookup was a trip through Node's thread pool on the way to
// that request. Its writes stay in the pool: the entries arrive together in the last round trip,
// and there they are written side by side rather than one after another on the main thread, where
// a disk busy with other work made a run's end measurably later.
import { readFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import type { CacheFiles } from '../registry/diskCache';

export const cliCacheFiles: CacheFiles = {
  ...fsPromises,
  readFile: (file) => {
    try {
      return Promise.resolve(readFileSync(file));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  },
};
