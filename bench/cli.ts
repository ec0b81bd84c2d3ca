// The docker-pin CLI as users run it: a fresh `node dist/cli.js` process per invocation.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { timeProcess, type ProcessResult } from './timeProcess';

/** Repository root, from `out/bench/` where this file runs. */
export const REPO_ROOT = join(__dirname, '..', '..');
export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli.js');
export const EXTENSION_PATH = join(REPO_ROOT, 'extension', 'dist', 'extension.js');

export function requireBuilt(path: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`node esbuild.mjs\` first (npm run bench does)`);
}

export function runCli(args: readonly string[], cwd: string): Promise<ProcessResult> {
  // No DOCKER_CONFIG credentials: the scenarios pull public images anonymously.
  const env = { ...process.env, DOCKER_CONFIG: join(cwd, '.no-docker-config') };
  return timeProcess(process.execPath, [CLI_PATH, ...args], { cwd, env });
}

/** Fails loudly when the CLI did not do what the scenario needs; a wrong result is no benchmark. */
export function expectExit(result: ProcessResult, expected: number, what: string): void {
  if (result.exitCode !== expected) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-8).join('\n');
    throw new Error(`${what}: exit code ${result.exitCode}, expected ${expected}\n${tail}`);
  }
}
