// The docker-pin CLI as users run it: a fresh `node dist/cli.js` process per invocation.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
 * One CLI process. Its disk cache ($XDG_CACHE_HOME) is `cacheHome` when given, so runs sharing
 * one measure a warm cache; else an empty one of its own, so the run is cold, and never the
 * user's ~/.cache.
 */
export async function runCli(args: readonly string[], cwd: string, cacheHome?: string): Promise<ProcessResult> {
  const cold = cacheHome === undefined ? mkdtempSync(join(tmpdir(), 'docker-pin-bench-cache-')) : undefined;
  // No DOCKER_CONFIG credentials: the scenarios pull public images anonymously.
  const env = { ...process.env, DOCKER_CONFIG: join(cwd, '.no-docker-config'), XDG_CACHE_HOME: cacheHome ?? cold };
  try {
    return await timeProcess(process.execPath, [CLI_PATH, ...args], { cwd, env });
  } finally {
    if (cold !== undefined) rmSync(cold, { recursive: true, force: true });
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
