// What `docker-pin` runs (dist/cli.js): the CLI bundle (dist/cli-main.js, from main.ts), started
// from the code cache an earlier run made on this machine (../startup/codeCache.ts). Kept tiny, since all of
// this file is compiled on every run: it names the run's command and finds the cache directory.
import { join } from 'node:path';
import { COMMANDS } from './commandNames';
import { defaultCacheDirectory } from './cacheDirectory';
import { codeCacheOff, runBundle } from '../startup/codeCache';

const args = process.argv.slice(2);
const command = args.find((arg) => (COMMANDS as readonly string[]).includes(arg)) ?? 'other';
runBundle(join(__dirname, 'cli-main.js'), module, {
  // `--no-cache` leaves the cache directory alone altogether.
  directory: codeCacheOff() || args.includes('--no-cache') ? undefined : join(defaultCacheDirectory(), 'code'),
  name: command,
  // The cache of a run that did its work (ok, findings) holds what such runs compile; a usage error compiled little.
  saveWhen: (save) =>
    process.once('exit', (code) => {
      if (code === 0 || code === 1) save();
    }),
});
