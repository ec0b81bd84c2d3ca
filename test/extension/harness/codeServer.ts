// Starts code-server (VS Code 1.100 server + web workbench) on loopback, with its own fresh
// user-data and extensions folders, and stops it with every process it spawned.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { onCleanup } from './cleanup';
import { freePort, waitForHttp } from './net';
import { codeServerBin } from './paths';

export interface CodeServerOptions {
  /** A fresh folder: `ud` (user data) and `exts` (extensions) are created in it. */
  readonly dir: string;
  /** False leaves workspace trust on, so the opened folder starts in restricted mode. */
  readonly trustAll: boolean;
  /** Extra environment for the server and so for the extension host it starts. */
  readonly env?: Readonly<Record<string, string>>;
  /** Receives the server's output lines (off by default: it is noisy). */
  readonly onOutput?: (line: string) => void;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  stop(): Promise<void>;
}

/** The flags that give a run its own state: no config file, no telemetry, no update checks. */
function baseArgs(userDataDir: string, extensionsDir: string): string[] {
  return [
    '--config', '/dev/null',
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
}

export function codeServerDirs(dir: string): { userDataDir: string; extensionsDir: string } {
  const userDataDir = path.join(dir, 'ud');
  const extensionsDir = path.join(dir, 'exts');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  return { userDataDir, extensionsDir };
}

/** Installs a packaged extension (.vsix) into the folders a server started with `dir` will use. */
export async function installExtension(dir: string, vsix: string): Promise<void> {
  const { userDataDir, extensionsDir } = codeServerDirs(dir);
  const child = spawn(codeServerBin(), [...baseArgs(userDataDir, extensionsDir), '--install-extension', vsix], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${code}):\n${output}`);
  }
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { userDataDir, extensionsDir } = codeServerDirs(options.dir);
  const port = await freePort();
  const args = [...baseArgs(userDataDir, extensionsDir), '--bind-addr', `127.0.0.1:${port}`];
  if (options.trustAll) args.push('--disable-workspace-trust');
  // Its own process group, so stopping it also stops the extension host, file watcher and pty host.
  const child = spawn(codeServerBin(), args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // firstLens.test.ts holds the include index on an env file that is a named pipe: each build of
    // the index started while it waits (one per batch of the files the test writes) blocks one of
    // libuv's threads opening it, and four (Node's default pool) left the extension host no thread
    // for any other file access, the test's own included, until the run's time ran out.
    env: { ...process.env, UV_THREADPOOL_SIZE: '16', ...options.env },
  });
  const lines = relayLines(child, options.onOutput);
  const stop = onCleanup(`code-server on port ${port}`, () => killGroup(child));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, 30_000, () => child.exitCode === null && child.signalCode === null);
  } catch (e) {
    await stop();
    throw new Error(`code-server did not start: ${e instanceof Error ? e.message : String(e)}\n${lines.join('\n')}`);
  }
  return { url, port, userDataDir, extensionsDir, stop };
}

/** Keeps the last lines for error messages and passes each line on when asked. */
function relayLines(child: ChildProcess, onOutput?: (line: string) => void): string[] {
  const recent: string[] = [];
  const take = (d: Buffer): void => {
    for (const line of d.toString().split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      onOutput?.(line);
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return recent;
}

/** SIGTERM to the whole group, SIGKILL after a grace period; resolves when the process is gone. */
export async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
  // Children such as the file watcher may outlive the server for a moment: the group gets SIGKILL.
  await sleep(timedOut ? 0 : 300);
  signalGroup('SIGKILL');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
