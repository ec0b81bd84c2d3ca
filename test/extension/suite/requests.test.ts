// What the registry sees while a person works in a Dockerfile, counted with the extension's own
// `stats()` API: reading, hovering, moving around and typing elsewhere cost no request for lines
// already resolved; a failing line is not asked about per keystroke; a cache lifetime of 0 does not
// turn lens redraws into a request loop.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import {
  EXTENSION_ID, activateExtension, childFor, closeAllEditors, codeActions, diagnosticSummary, lensTitles, lenses, openDockerfile,
  registry, setSetting, short, waitFor,
} from './helpers';

interface Api {
  stats(): Readonly<Record<string, number>>;
}

function stats(): Readonly<Record<string, number>> {
  const api = vscode.extensions.getExtension<Api>(EXTENSION_ID)?.exports;
  if (!api) throw new Error('the extension exports no API');
  return api.stats();
}

function requests(): number {
  return stats().requests ?? 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the extension has sent no request for a second (documents left open by earlier
 * tests are re-resolved when a setting rebuilds the client, and may still be on their way).
 * A request loop never goes quiet, and fails here.
 */
async function quiet(): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (let last = requests(); ; ) {
    await sleep(1000);
    const now = requests();
    if (now === last) return;
    if (Date.now() > deadline) assert.fail(`the extension kept sending requests for 15 s (${now} so far) without anything changing`);
    last = now;
  }
}

/** Longer than the diagnostics' typing pause, so every edit is looked at as a user would see it. */
const AFTER_KEYSTROKE_MS = 600;

async function hover(uri: vscode.Uri, position: vscode.Position): Promise<void> {
  await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
}

/** Types one character at `position` and lets lenses, diagnostics and the light bulb look at the result. */
async function typeAt(editor: vscode.TextEditor, position: vscode.Position): Promise<void> {
  const ok = await editor.edit((b) => b.insert(position, 'x'));
  assert.ok(ok, 'the edit was applied');
  await sleep(AFTER_KEYSTROKE_MS);
  await lenses(editor.document.uri);
  await codeActions(editor.document.uri, new vscode.Range(0, 6, 0, 6));
}

describe('registry requests while working in a Dockerfile', () => {
  let amd64: string;

  before(async () => {
    const pushed = await pushImage(registry('public'), 'library/php', '8.3', { platforms: ['linux/amd64', 'linux/arm64'] });
    amd64 = childFor(pushed.children, 'linux/amd64').digest;
    await activateExtension();
  });

  afterEach(closeAllEditors);

  it('costs nothing for resolved lines: reopening, hovering, moving the cursor, typing on another line', async () => {
    const editor = await openDockerfile(`FROM php:8.3 AS base\nRUN echo one\nFROM php:8.3@${amd64} AS pinned\n`);
    const uri = editor.document.uri;
    assert.deepStrictEqual(await lensTitles(uri), { 0: [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)'], 2: ['Pinned · linux/amd64 · Show manifest'] });
    await waitFor('settled diagnostics', () => (diagnosticSummary(uri).join() === '0:unpinned:Information' ? true : undefined));
    await closeAllEditors();
    await quiet();

    const before = requests();
    const reopened = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await lenses(uri);
    await hover(uri, new vscode.Position(0, 8));
    await hover(uri, new vscode.Position(2, 8));
    for (let i = 0; i < 5; i++) {
      const line = i % 2 === 0 ? 0 : 2;
      reopened.selection = new vscode.Selection(line, 6 + i, line, 6 + i);
      await codeActions(uri, new vscode.Range(line, 6 + i, line, 6 + i));
      await sleep(100);
    }
    for (let i = 0; i < 5; i++) await typeAt(reopened, new vscode.Position(1, 12));
    assert.strictEqual(reopened.document.lineAt(1).text, 'RUN echo onexxxxx');
    assert.deepStrictEqual(await lensTitles(uri), { 0: [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)'], 2: ['Pinned · linux/amd64 · Show manifest'] });
    assert.strictEqual(requests() - before, 0, 'no request for lines whose answer is known');
  });

  it('does not ask about a failing line again on every keystroke', async () => {
    const editor = await openDockerfile('FROM no-such-image-typed:1\nRUN echo one\n');
    const uri = editor.document.uri;
    assert.deepStrictEqual(await lensTitles(uri), { 0: ['⚠ not found'] });
    await waitFor('the unresolved diagnostic', () => (diagnosticSummary(uri).join() === '0:unresolved:Warning' ? true : undefined));
    await quiet();
    const before = requests();
    for (let i = 0; i < 5; i++) await typeAt(editor, new vscode.Position(1, 12));
    assert.deepStrictEqual(await lensTitles(uri), { 0: ['⚠ not found'] });
    assert.deepStrictEqual(diagnosticSummary(uri), ['0:unresolved:Warning']);
    assert.strictEqual(requests() - before, 0, 'the 404 is remembered across the edits');
  });

  it('with dockerPin.cacheLifetime 0, lens redraws do not keep asking the registry', async function () {
    this.timeout(30_000);
    await setSetting('cacheLifetime', 0);
    try {
      const editor = await openDockerfile('FROM no-such-image-zero:1\nFROM php:8.3\n');
      const uri = editor.document.uri;
      await waitFor('the lenses of both lines', async () => {
        const titles = await lensTitles(uri);
        return titles[0]?.[0] === '⚠ not found' && titles[1]?.[0] === `Pin to ${short(amd64)} (linux/amd64)` ? titles : undefined;
      });
      await waitFor('settled diagnostics', () => (diagnosticSummary(uri).join() === '0:unresolved:Warning,1:unpinned:Information' ? true : undefined));
      await quiet();
      const before = requests();
      await sleep(3000);
      const during = requests() - before;
      assert.deepStrictEqual(await lensTitles(uri), { 0: ['⚠ not found'], 1: [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)'] },
        'one lens on the failing line, no leftover "Show log"');
      assert.strictEqual(during, 0, `${during} request(s) in 3 s with the editor open and untouched`);
    } finally {
      await setSetting('cacheLifetime', undefined);
    }
  });

  it('a tag resolved before (an earlier session, or before Clear Cache) costs a HEAD, not a GET, while it names the same digest', async () => {
    const pushed = await pushImage(registry('public'), 'library/haproxy', '3.0', { platforms: ['linux/amd64', 'linux/arm64'] });
    const editor = await openDockerfile('FROM haproxy:3.0\n');
    assert.deepStrictEqual((await lensTitles(editor.document.uri))[0], [`Pin to ${short(childFor(pushed.children, 'linux/amd64').digest)} (linux/amd64)`, 'Pin index (multi-arch)']);
    await closeAllEditors();
    // A new registry client with nothing in memory: only the disk cache in global storage
    // remembers. Documents still open (earlier tests' too) are resolved again; then it is quiet.
    await vscode.commands.executeCommand('dockerPin.clearCache');
    await quiet();
    const before = stats();
    // Another platform of the same tag: a question the new client was never asked.
    const arm = await openDockerfile('FROM --platform=linux/arm64 haproxy:3.0\n');
    assert.deepStrictEqual((await lensTitles(arm.document.uri))[0], [`Pin to ${short(childFor(pushed.children, 'linux/arm64').digest)} (linux/arm64)`, 'Pin index (multi-arch)']);
    await quiet();
    const after = stats();
    assert.strictEqual(after.manifestGets - before.manifestGets, 0, 'no manifest GET (a pull on Docker Hub)');
    assert.ok(after.manifestHeads - before.manifestHeads >= 1, 'the tag is asked again with HEAD');
  });
});
