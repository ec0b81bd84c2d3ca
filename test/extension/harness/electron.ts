// Runs the extension-host suites in desktop VS Code, which @vscode/test-electron downloads (or an
// installed one named by DOCKER_PIN_VSCODE_EXECUTABLE): the same suites, registries and settings
// as in code-server. The window's renderer is reached over the Chrome DevTools protocol, so the
// UI bridge presses its buttons and reads its status bar as it does in Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { downloadAndUnzipVSCode } from '@vscode/test-electron';
import { chromium, type Browser, type Page } from 'playwright-core';
import { onCleanup } from './cleanup';
import { killGroup } from './codeServer';
import { freePort, waitForHttp } from './net';
import { repoRoot } from './paths';
import { writeSettings, type Settings } from './settings';
import type { UiBridge } from './uiBridge';

/** An installed VS Code (its `code` executable) to use instead of a download. */
export const EXECUTABLE_ENV = 'DOCKER_PIN_VSCODE_EXECUTABLE';
/** Which VS Code to download: `stable` (default), `insiders` or a version such as `1.100.3`. */
export const VERSION_ENV = 'DOCKER_PIN_VSCODE_VERSION';

/** The VS Code executable: the one named by the environment, else a download (cached in .tools/vscode-test). */
export async function vscodeExecutable(): Promise<string> {
  const named = process.env[EXECUTABLE_ENV];
  if (named) return named;
  const version = process.env[VERSION_ENV] ?? 'stable';
  try {
    return await downloadAndUnzipVSCode({ version, cachePath: path.join(repoRoot, '.tools', 'vscode-test'), timeout: 30_000 });
  } catch (e) {
    throw new Error(
      `@vscode/test-electron could not download VS Code ${version} (${e instanceof Error ? e.message : String(e)}). ` +
        `It needs https://update.code.visualstudio.com; on a machine that cannot reach it, set ${EXECUTABLE_ENV} to an installed VS Code, ` +
        'or run the same suites in code-server: npm run test:extension.',
    );
  }
}

export interface ElectronRunOptions {
  readonly executable: string;
  /** A fresh folder for the user data, extensions and the log. */
  readonly dir: string;
  /** The folder the window opens. */
  readonly folder: string;
  /** False leaves workspace trust on, so the folder opens in restricted mode. */
  readonly trustAll: boolean;
  /** Desktop VS Code reads machine-scoped settings from User settings too, so both go there. */
  readonly settings: { readonly user: Settings; readonly machine: Settings };
  /** Environment for VS Code and so for its extension host. */
  readonly env: Readonly<Record<string, string>>;
  readonly extensionDevelopmentPath: string;
  readonly extensionTestsPath: string;
  readonly label: string;
  readonly bridge?: UiBridge;
}

/** Resolves to VS Code's exit code, which is the suite's (0 = all passed). */
export async function runInElectron(options: ElectronRunOptions): Promise<number> {
  const userDataDir = path.join(options.dir, 'ud');
  const extensionsDir = path.join(options.dir, 'exts');
  mkdirSync(extensionsDir, { recursive: true });
  writeSettings(userDataDir, { user: { ...options.settings.user, ...options.settings.machine } });
  const debugPort = await freePort();
  const args = [
    options.folder,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    // What @vscode/test-electron's runTests passes, but for --disable-workspace-trust, which only
    // the trusted pass wants.
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    '--disable-extensions',
    `--remote-debugging-port=${debugPort}`,
    `--extensionDevelopmentPath=${options.extensionDevelopmentPath}`,
    `--extensionTestsPath=${options.extensionTestsPath}`,
    ...(options.trustAll ? ['--disable-workspace-trust'] : []),
  ];
  const child = spawn(options.executable, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  const stop = onCleanup(`VS Code (${options.label})`, () => killGroup(child));
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) console.log(`[${options.label}] ${line}`);
    });
  }
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`could not start ${options.executable}: ${e.message}`)));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  let browser: Browser | undefined;
  if (options.bridge) {
    attachWindow(debugPort, child, options.bridge).then(
      (b) => (browser = b),
      (e: Error) => console.error(`[${options.label}] the UI bridge cannot reach the window: ${e.message}`),
    );
  }
  try {
    return await exited;
  } finally {
    await browser?.close().catch(() => undefined);
    await stop();
  }
}

/** Connects to the window's renderer and hands its workbench page to the bridge. */
async function attachWindow(port: number, child: ChildProcess, bridge: UiBridge): Promise<Browser> {
  await waitForHttp(`http://127.0.0.1:${port}/json/version`, 60_000, () => child.exitCode === null);
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const isWorkbench = (p: Page): boolean => p.url().includes('workbench');
  const context = browser.contexts()[0];
  const page = context.pages().find(isWorkbench) ?? (await context.waitForEvent('page', { predicate: isWorkbench, timeout: 60_000 }));
  bridge.attach(page);
  return browser;
}
