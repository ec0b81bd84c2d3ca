// Makes the CLI's code cache: once dist/cli.js (the loader, src/cli/bin.ts) and dist/cli-main.js
// are written, esbuild.mjs calls this, which runs `docker-pin pin --dry-run` on a `FROM scratch` Dockerfile
// with DOCKER_PIN_BUILD_CODE_CACHE=1, and the loader writes dist/cli-main.js.cache on exit: the V8
// code of every function that run compiled (all module set-up of pin, the client, the parser).
// The run needs no network and reads no docker config. The cache is made here, at build time, so
// an installed docker-pin never writes next to itself. If this fails the build only warns: the
// CLI then compiles its bundle from source, as before (the loader checks the cache fits).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Returns undefined on success, else what went wrong. */
export function writeCliCodeCache(loaderFile) {
  const dir = mkdtempSync(join(tmpdir(), 'docker-pin-code-cache-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    const env = { ...process.env, DOCKER_PIN_BUILD_CODE_CACHE: '1', DOCKER_CONFIG: dir };
    // The cache must be made without flags users do not run with (V8 rejects a cache made under
    // other flags), and without source maps, under which the loader leaves compiling to Node.
    delete env.NODE_OPTIONS;
    const run = spawnSync(process.execPath, [resolve(loaderFile), 'pin', '--dry-run', 'Dockerfile'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    if (run.error) return run.error.message;
    if (run.status !== 0) return `docker-pin pin --dry-run exited with ${run.status}: ${run.stderr.trim()}`;
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
