// Where the CLI keeps what it caches: registry answers (src/registry/diskCache.ts) and the V8 code
// cache of its own bundle (codeCache.ts). Kept apart from both so the tiny start-up loader (bin.ts)
// can find the directory without loading anything else.
import * as os from 'node:os';
import * as path from 'node:path';

/** `$XDG_CACHE_HOME/docker-pin`, else `~/.cache/docker-pin`. */
export function defaultCacheDirectory(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  const base = env.XDG_CACHE_HOME !== undefined && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache');
  return path.join(base, 'docker-pin');
}
