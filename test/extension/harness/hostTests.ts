// Runs an extension's mocha suite inside the extension host of a code-server workbench, shown in
// headless Chromium. The workbench reports the suite's end through window.codeAutomationExit and
// forwards extension-host console output through window.codeAutomationLog.
import { appendFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser';
import { isNoise } from './logFilter';
import type { UiBridge } from './uiBridge';
import type { BrowserContext } from 'playwright-core';
import type { CodeServer } from './codeServer';
import { workbenchUrl, type DevelopmentPayload } from './workbench';

export interface HostTestOptions extends DevelopmentPayload {
  readonly server: CodeServer;
  /** The folder the window opens. */
  readonly folder: string;
  /** Fresh folder for the browser profile and the failure screenshot. */
  readonly dir: string;
  /** Prefix for relayed lines, e.g. the pass name. */
  readonly label: string;
  /** Gets the page, so suites can press workbench buttons through it. */
  readonly bridge?: UiBridge;
}

/** Resolves to the suite's exit code (0 = all passed). */
export async function runHostTests(options: HostTestOptions): Promise<number> {
  const browser = await launchBrowser(path.join(options.dir, 'chromium'));
  try {
    return await runInBrowser(options, browser.context);
  } finally {
    await browser.close();
  }
}

async function runInBrowser(options: HostTestOptions, context: BrowserContext): Promise<number> {
  const page = context.pages()[0] ?? (await context.newPage());
  options.bridge?.attach(page);
  const logFile = path.join(options.dir, 'workbench.log');
  // A noisy line starts a stack trace: its `at …` lines are dropped with it.
  let dropping = false;
  let resolveExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    const text = formatConsole(Array.isArray(args) ? args : [args]);
    appendFileSync(logFile, `${type}: ${text}\n`);
    const write = type === 'error' ? console.error : console.log;
    for (const line of text.split('\n')) {
      const continuation = /^\s+at /.test(line) || line.trim() === '';
      if (!continuation) dropping = isNoise(line);
      if (!dropping) write(`[${options.label}] ${line}`);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => {
    resolveExit(typeof code === 'number' ? code : 1);
  });
  // A workbench that cannot start the suite never calls codeAutomationExit: show why.
  page.on('pageerror', (e) => console.error(`[${options.label}] page error: ${e.message}`));
  const url = await workbenchUrl(options.server, options.folder, options);
  await page.goto(url);
  const code = await exited;
  if (code !== 0) {
    const shot = path.join(options.dir, 'failure.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.error(`[${options.label}] suite failed with exit code ${code}; screenshot ${shot}, full log ${logFile}`);
  }
  return code;
}

/**
 * The extension host sends console calls printf-style, often with `%c` CSS arguments for the
 * browser console; drop those and format the rest as Node's console would.
 */
export function formatConsole(args: readonly unknown[]): string {
  if (typeof args[0] !== 'string' || !args[0].includes('%c')) return format(...args);
  const [template, ...rest] = args as [string, ...unknown[]];
  const kept: unknown[] = [];
  let i = 0;
  const text = template.replace(/%[sdifjoOc%]/g, (spec) => {
    if (spec === '%%') return '%';
    const value = rest[i++];
    if (spec === '%c') return '';
    kept.push(value);
    return spec;
  });
  return format(text, ...kept, ...rest.slice(i));
}
