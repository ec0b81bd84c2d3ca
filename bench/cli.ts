// The docker-pin CLI as users run it: a fresh `node dist/cli.js` process per invocation.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeProcess, type ProcessResult } from './timeProcess';
import { writeTree } from './workspace';

/** Repository root, from `out/bench/` where this file runs. */
export const REPO_ROOT = join(__dirname, '..', '..');
export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli.js');
export const EXTENSION_PATH = join(REPO_ROOT, 'extension', 'dist', 'extension.js');

export function requireBuilt(path: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`node esbuild.mjs\` first (npm run bench does)`);
}

/**
 * The code caches (`$XDG_CACHE_HOME/docker-pin/code`, src/startup/codeCache.ts) earlier runs of this
 * benchmark made: what a machine the CLI has run on before keeps. Every run starts with a copy of
 * them unless it is a first run, and what a run adds is kept for the runs after it. They hold
 * compiled code, never a registry answer: a run on a cold cache still asks the registry everything.
 */
const machineCacheHome = mkdtempSync(join(tmpdir(), 'docker-pin-bench-code-'));
const CODE = join('docker-pin', 'code');
process.on('exit', () => rmSync(machineCacheHome, { recursive: true, force: true }));

export interface RunCliOptions {
  /**
   * `$XDG_CACHE_HOME` for the run: runs sharing one measure a warm cache. Default: an empty one of
   * its own, so the run is cold, and never the user's ~/.cache.
   */
  readonly cacheHome?: string;
  /** The first run on a machine: no code cache either (the run makes one). */
  readonly firstRun?: boolean;
  /** Node's own options before the CLI (`--expose-gc`, `--require …`), and more environment. */
  readonly nodeArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** One CLI process, on a cold registry cache unless `options.cacheHome` is shared. */
export async function runCli(args: readonly string[], cwd: string, options: RunCliOptions = {}): Promise<ProcessResult> {
  const cacheHome = options.cacheHome ?? mkdtempSync(join(tmpdir(), 'docker-pin-bench-cache-'));
  if (options.firstRun === true) rmSync(join(cacheHome, CODE), { recursive: true, force: true });
  else copyCodeCaches(machineCacheHome, cacheHome);
  try {
    return await timeProcess(process.execPath, [...(options.nodeArgs ?? []), CLI_PATH, ...args], { cwd, env: { ...cliEnv(cwd, cacheHome), ...options.env } });
  } finally {
    copyCodeCaches(cacheHome, machineCacheHome);
    if (options.cacheHome === undefined) rmSync(cacheHome, { recursive: true, force: true });
  }
}

/** The environment of a CLI process: no DOCKER_CONFIG credentials (the scenarios pull public images anonymously). */
export function cliEnv(cwd: string, cacheHome: string = machineCacheHome): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_CONFIG: join(cwd, '.no-docker-config'), XDG_CACHE_HOME: cacheHome };
}

/** Code cache files of `from` that `to` lacks, copied (mode and all) before or after a run; never timed. */
function copyCodeCaches(from: string, to: string): void {
  const source = join(from, CODE);
  if (!existsSync(source)) return;
  mkdirSync(join(to, CODE), { recursive: true, mode: 0o700 });
  for (const name of readdirSync(source)) {
    if (name.endsWith('.v8') && !existsSync(join(to, CODE, name))) cpSync(join(source, name), join(to, CODE, name), { preserveTimestamps: true });
  }
}

/** An empty directory for one cold run's cache; removed with the run's trees. */
export function freshCacheHome(): string {
  return writeTree({}).dir;
}

/** Fails loudly when the CLI did not do what the scenario needs; a wrong result is no benchmark. */
export function expectExit(result: ProcessResult, expected: number, what: string): void {
  if (result.exitCode !== expected) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-8).join('\n');
    throw new Error(`${what}: exit code ${result.exitCode}, expected ${expected}\n${tail}`);
  }
}
