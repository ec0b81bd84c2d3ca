// What `docker-pin` runs (dist/cli.js): the CLI bundle (dist/cli-main.js, from main.ts), started
// from the code cache an earlier run made on this machine (../startup/codeCache.ts). Kept tiny, since all of
// this file is compiled on every run: it caps V8's tiers (optimizingTier.ts), names the run's
// command and finds the cache directory.
import { join } from 'node:path';
import { COMMANDS } from './commandNames';
import { defaultCacheDirectory } from './cacheDirectory';
import { codeCacheOff, runBundle } from '../startup/codeCache';
import { COMMAND_BUILTINS, capOptimizingTier } from './optimizingTier';

const args = process.argv.slice(2);
const command = args.find((arg) => (COMMANDS as readonly string[]).includes(arg)) ?? 'other';
// `--version`, `--help` and usage errors are over in a moment: they run as Node starts them.
if (command !== 'other') capOptimizingTier((id) => module.require(id), COMMAND_BUILTINS);
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
