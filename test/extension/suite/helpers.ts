// Small helpers the suites share: registries from the launcher, Dockerfiles in the workspace,
// and VS Code's own "execute provider" commands, which return what a user would see.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import type { TestRegistry } from '../../support/registry';
import { testRegistries, testWorkspace, type RegistryInfo } from './env';

export const EXTENSION_ID = 'docker-pin.docker-pin';

/** The launcher's registries, in the shape test/support/push.ts takes (the launcher stops them). */
export function registry(which: 'public' | 'private'): TestRegistry {
  const info: RegistryInfo = testRegistries()[which];
  return { ...info, output: () => '', stop: async () => undefined };
}

/** `sha256:1a2b3c4d…`, as lens titles show a digest. */
export function short(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `${algorithm}:${hex.slice(0, 8)}…`;
}

let counter = 0;

/** Writes a fresh Dockerfile into the workspace (a new name each time: no state carries over). */
export function writeDockerfile(text: string, name = `Dockerfile.t${++counter}`): vscode.Uri {
  const file = path.join(testWorkspace(), name);
  writeFileSync(file, text);
  return vscode.Uri.file(file);
}

export async function openDockerfile(text: string, name?: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(writeDockerfile(text, name));
  const editor = await vscode.window.showTextDocument(doc);
  if (doc.languageId !== 'dockerfile') throw new Error(`${doc.fileName} opened as ${doc.languageId}, not dockerfile`);
  return editor;
}

/** Writes `text` at a workspace-relative path (folders made as needed); for compose files, manifests, workflows and the rest. */
export function writeWorkspaceFile(relative: string, text: string): vscode.Uri {
  const file = path.join(testWorkspace(), relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return vscode.Uri.file(file);
}

/** A file's text as the user sees it: its editor's when it is open, else the file's on disk. */
export function textOf(uri: vscode.Uri): string {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText() ?? readFileSync(uri.fsPath, 'utf8');
}

/** What `dockerPin.pinAll` returns, as far as the suites look at it. */
export interface PinAllOutcome {
  readonly pinned: number;
  readonly updated: number;
  readonly ignored?: number;
  readonly problems: number;
  readonly conflicts?: number;
  readonly result: string;
}

/** Writes and opens a workspace file, as VS Code opens it (the language it picks for the name). */
export async function openWorkspaceFile(relative: string, text: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(writeWorkspaceFile(relative, text));
  return vscode.window.showTextDocument(doc);
}

export async function activateExtension(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded in this window`);
  await ext.activate();
}

export interface LensView {
  readonly line: number;
  readonly title: string;
  readonly command: string;
  readonly arguments: readonly unknown[];
}

/**
 * Resolves once the extension knows how the workspace reads the document (the includes, extending
 * projects and builds of the include index): its hover waits for that. Until then a Dockerfile's
 * lenses are those of the lines no reading can change (firstLens.test.ts).
 */
export async function readingsKnown(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(0, 0));
}

/** Every lens of the document once its readings are known, resolved as VS Code resolves visible ones. */
export async function lenses(uri: vscode.Uri): Promise<LensView[]> {
  await readingsKnown(uri);
  const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 1000);
  return found.map((lens) => {
    if (!lens.command) throw new Error(`the lens on line ${lens.range.start.line + 1} has no command after resolving`);
    return {
      line: lens.range.start.line,
      title: lens.command.title,
      command: lens.command.command,
      arguments: lens.command.arguments ?? [],
    };
  });
}

/** Lens titles keyed by zero-based line; lines without lenses are absent. */
export async function lensTitles(uri: vscode.Uri): Promise<Record<number, string[]>> {
  const byLine: Record<number, string[]> = {};
  for (const lens of await lenses(uri)) (byLine[lens.line] ??= []).push(lens.title);
  return byLine;
}

/** Runs what clicking a lens runs. */
export async function click(lens: LensView): Promise<unknown> {
  return vscode.commands.executeCommand(lens.command, ...lens.arguments);
}

export async function lensWithTitle(uri: vscode.Uri, title: string): Promise<LensView> {
  // Asked again while it is missing, as VS Code asks again when the lenses change: a file an earlier
  // test wrote may have the include index built again, and until it is known a line a reading can
  // change has no lens (readingFree.ts).
  let all: LensView[] = [];
  try {
    return await waitFor(`a lens titled "${title}"`, async () => {
      all = await lenses(uri);
      return all.find((l) => l.title === title);
    });
  } catch {
    throw new Error(`no lens titled "${title}"; lenses: ${JSON.stringify(all.map((l) => [l.line, l.title]))}`);
  }
}

/** Opens a workspace file already written, in an editor. */
export async function openUri(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** The lens titles on `line` once one of them mentions `text`. */
export async function lensOn(uri: vscode.Uri, line: number, text: string): Promise<string[]> {
  let last: string[] = [];
  try {
    return await waitFor(`a lens on line ${line + 1} with ${text}`, async () => {
      last = (await lenses(uri)).filter((l) => l.line === line).map((l) => l.title);
      return last.some((t) => t.includes(text)) ? last : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; lenses there: ${JSON.stringify(last)}`);
  }
}

/** The text of the hovers VS Code's hover provider command returns, as one string. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** Polls until `check` returns a value (not undefined) or fails with the last state seen. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'docker-pin');
}

/** Diagnostics as `line:code:severity`, sorted by line, for exact comparisons. */
export function diagnosticSummary(uri: vscode.Uri): string[] {
  return ourDiagnostics(uri)
    .map((d) => `${d.range.start.line}:${codeOf(d)}:${vscode.DiagnosticSeverity[d.severity]}`)
    .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
}

/** Waits until the diagnostics are settled to `expected` (they arrive as resolutions finish). */
export async function expectDiagnostics(uri: vscode.Uri, expected: string[]): Promise<void> {
  await waitFor(`diagnostics ${JSON.stringify(expected)}`, () => {
    const now = diagnosticSummary(uri);
    return JSON.stringify(now) === JSON.stringify(expected) ? now : undefined;
  }).catch((e: Error) => {
    throw new Error(`${e.message}; last seen ${JSON.stringify(diagnosticSummary(uri))}`);
  });
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Applies a code action as the light bulb does: its edit, then its command. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    const ok = await vscode.workspace.applyEdit(action.edit);
    if (!ok) throw new Error(`the edit of "${action.title}" was not applied`);
  }
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const found = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, range, kind, 1000,
  );
  return found.filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

/** Updates a setting at user (or, for machine-scoped ones, machine) level; undefined removes it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('dockerPin').update(key, value, vscode.ConfigurationTarget.Global);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The pushed child manifest for `os/arch`. */
export function childFor<T extends { platform?: { os: string; architecture: string } }>(children: readonly T[], platform: string): T {
  const child = children.find((c) => c.platform && `${c.platform.os}/${c.platform.architecture}` === platform);
  if (!child) throw new Error(`no ${platform} manifest was pushed`);
  return child;
}

/**
 * Pushes `repository:tag` (Docker Hub's name, `library/` added for a bare one) for linux/amd64 to
 * the public registry and gives that image's digest; pushing it again with another `salt` moves
 * the tag, and a pin of the first digest is stale.
 */
export async function pushAmd64(repository: string, tag: string, salt?: string): Promise<string> {
  const name = repository.includes('/') ? repository : `library/${repository}`;
  const pushed = await pushImage(registry('public'), name, tag, { platforms: ['linux/amd64'], ...(salt === undefined ? {} : { salt }) });
  return childFor(pushed.children, 'linux/amd64').digest;
}
