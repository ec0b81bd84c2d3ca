// The extension's log as a user reads it with the log level at Debug: the file VS Code writes the
// "Docker Pin" output channel to. The launcher keeps the window's user data beside the workspace
// folder (run.ts), and VS Code writes an extension's log channels to
// <user data>/logs/<session>/…/docker-pin.docker-pin/Docker Pin.log.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { testWorkspace } from './env';

const LOG_NAME = 'Docker Pin.log';

function logFiles(dir: string, depth: number): string[] {
  if (depth < 0) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === path.basename(testWorkspace()) ? [] : logFiles(full, depth - 1);
    return entry.name === LOG_NAME ? [full] : [];
  });
}

/** The text of the extension's log this window writes (the newest one). */
export function extensionLog(): string {
  const files = logFiles(path.dirname(testWorkspace()), 8).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (files.length === 0) throw new Error(`no ${LOG_NAME} under ${path.dirname(testWorkspace())}`);
  return readFileSync(files[0], 'utf8');
}

/** Sets the window's log level (the extension's channel follows it); returns the level it had. */
export async function setLogLevel(level: string): Promise<string> {
  const before = (await vscode.commands.executeCommand<string>('_extensionTests.getLogLevel')) ?? 'info';
  await vscode.commands.executeCommand('_extensionTests.setLogLevel', level);
  return before;
}
