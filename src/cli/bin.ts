// What `docker-pin` runs (dist/cli.js): starts the CLI bundle (dist/cli-main.js, from main.ts)
// from the V8 code cache built with it, which saves a good part of the start-up. Kept tiny: all
// of this file is parsed and compiled on every run.
import { join } from 'node:path';
import { cacheFileOf, loadBundle } from '../build/codeCache';

/** Set by esbuild.mjs only: the run that records which functions the cache should hold. */
const WRITE_CACHE = 'DOCKER_PIN_BUILD_CODE_CACHE';

const bundle = join(__dirname, 'cli-main.js');
const loaded = loadBundle(bundle, module);
if (process.env[WRITE_CACHE] === '1') {
  process.once('exit', () => loaded.writeCache(cacheFileOf(bundle)));
}
