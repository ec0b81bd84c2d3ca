// Runs the built CLI (dist/cli.js) as users do: a separate node process, output captured.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
/** The bundle the CLI's loader (dist/cli.js, src/cli/bin.ts) runs. */
export const CLI_MAIN = join(ROOT, 'dist', 'cli-main.js');

let built: Promise<void> | undefined;

/** Bundles the CLI once per test run, so the tests exercise what ships. */
export function buildCli(): Promise<void> {
  built ??= promisify(execFile)(process.execPath, ['esbuild.mjs'], { cwd: ROOT }).then(() => undefined);
  return built;
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stdoutBytes: Buffer;
  readonly stderr: string;
}

/**
 * Asynchronous on purpose: token servers and fault proxies live in this test process and must
 * keep answering while the CLI runs.
 */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return runScript(CLI, args, options);
}

/** How a script runs: its folder, environment and input, and `prefix`, a command that runs node (`setpriv …`). */
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  prefix?: readonly string[];
}

/** `node script args…` as runCli runs the CLI: the hermetic environment plus `env`, output captured. */
export function runScript(script: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const [command, ...before] = [...(options.prefix ?? []), process.execPath];
    const child = spawn(command, [...before, script, ...args], { cwd: options.cwd ?? ROOT, env: { ...hermeticEnv(), ...options.env } });
    // Standard input is `input`, else empty (closed at once). A CLI that exits without reading it is no error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolvePromise({ code, stdout: stdoutBytes.toString('utf8'), stdoutBytes, stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

const emptyConfigDir = mkdtempSync(join(tmpdir(), 'docker-pin-cli-noconfig-'));
const cacheHomes = mkdtempSync(join(tmpdir(), 'docker-pin-cli-cache-'));
process.on('exit', () => {
  rmSync(emptyConfigDir, { recursive: true, force: true });
  rmSync(cacheHomes, { recursive: true, force: true });
});

/**
 * No docker config, default platform, or proxy of the machine leaks into a test, and each run
 * starts with an empty cache of its own ($XDG_CACHE_HOME), never the user's ~/.cache: a test
 * that means to share one passes its own XDG_CACHE_HOME.
 */
export function hermeticEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_CONFIG: emptyConfigDir, XDG_CACHE_HOME: mkdtempSync(join(cacheHomes, 'run-')) };
  for (const name of ['DOCKER_DEFAULT_PLATFORM', 'GITHUB_ACTIONS', 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete env[name];
  return env;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `docker-pin-${prefix}-`));
}

/** Writes and reads files under the folder `dir()` names (a fresh one per test), folders made as needed. */
export function projectFiles(dir: () => string): { write: (name: string, text: string) => string; read: (name: string) => string } {
  return {
    write: (name, text) => {
      mkdirSync(dirname(join(dir(), name)), { recursive: true });
      writeFileSync(join(dir(), name), text);
      return name;
    },
    read: (name) => readFileSync(join(dir(), name), 'utf8'),
  };
}
