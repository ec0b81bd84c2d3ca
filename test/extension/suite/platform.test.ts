// The platform in effect, decided as the CLI decides it: dockerPin.platform, else the extension
// host's DOCKER_DEFAULT_PLATFORM (set by the launcher), else the host. The status bar says where it
// comes from; an invalid value is named and nothing is resolved for another platform in its place.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { formatPlatform, hostPlatform } from '../../../src/core/platform';
import { pushImage } from '../../support/push';
import { DEFAULT_PLATFORM_ENV, visibleTexts } from './env';
import {
  activateExtension, childFor, click, closeAllEditors, codeOf, lensTitles, lensWithTitle, openDockerfile, openUri, ourDiagnostics, registry, setSetting,
  short, waitFor, writeWorkspaceFile,
} from './helpers';

const VARIABLE = 'DOCKER_DEFAULT_PLATFORM';

/** Waits until an item of the status bar reads `text` (as a user sees it, icons aside). */
async function statusBarShows(text: string): Promise<void> {
  await waitFor(`the status bar to show "${text}"`, async () => ((await visibleTexts('statusbar')).some((t) => t.trim() === text) ? true : undefined))
    .catch(async (e: Error) => {
      throw new Error(`${e.message}; it shows ${JSON.stringify(await visibleTexts('statusbar'))}`);
    });
}

describe('the platform, as the CLI decides it', () => {
  let amd64: string;
  let ppc64le: string;

  before(async () => {
    const pushed = await pushImage(registry('public'), 'library/postgres', '17', { platforms: ['linux/amd64', DEFAULT_PLATFORM_ENV] });
    amd64 = childFor(pushed.children, 'linux/amd64').digest;
    ppc64le = childFor(pushed.children, DEFAULT_PLATFORM_ENV).digest;
    await activateExtension();
  });

  afterEach(async () => {
    process.env[VARIABLE] = DEFAULT_PLATFORM_ENV;
    await setSetting('platform', 'linux/amd64');
    await closeAllEditors();
  });

  it('with dockerPin.platform empty, pins for DOCKER_DEFAULT_PLATFORM, and the status bar says where the platform comes from', async () => {
    assert.strictEqual(process.env[VARIABLE], DEFAULT_PLATFORM_ENV, 'the launcher starts VS Code with the variable set');
    assert.notStrictEqual(formatPlatform(hostPlatform()), DEFAULT_PLATFORM_ENV, 'the variable names a platform other than the host');
    const editor = await openDockerfile('FROM postgres:17\n');
    assert.deepStrictEqual((await lensTitles(editor.document.uri))[0]?.[0], `Pin to ${short(amd64)} (linux/amd64)`, 'the setting wins over the variable');
    await statusBarShows('linux/amd64');

    await setSetting('platform', '');
    const lens = `Pin to ${short(ppc64le)} (${DEFAULT_PLATFORM_ENV})`;
    await waitFor('the lens for the variable\'s platform', async () => ((await lensTitles(editor.document.uri))[0]?.[0] === lens ? true : undefined));
    await statusBarShows(`${DEFAULT_PLATFORM_ENV} · ${VARIABLE}`);
    await click(await lensWithTitle(editor.document.uri, lens));
    assert.strictEqual(editor.document.getText(), `FROM postgres:17@${ppc64le}\n`);
  });

  it('a Dockerfile whose name names another architecture (Dockerfile.aarch64): its lens and hover say that platform and why, as check does, and the lens pins its digest', async () => {
    const pushed = await pushImage(registry('public'), 'acme/archname', '1', { platforms: ['linux/amd64', 'linux/arm64'] });
    const arm64 = childFor(pushed.children, 'linux/arm64').digest;
    const words = 'linux/arm64, as the file name Dockerfile.aarch64 says';
    const uri = writeWorkspaceFile('archname/Dockerfile.aarch64', 'FROM acme/archname:1\n');
    const editor = await openUri(uri);
    const lens = `Pin to ${short(arm64)} (${words})`;
    await waitFor('the lens for the named architecture', async () => ((await lensTitles(uri))[0]?.[0] === lens ? true : undefined)).catch(async (e: Error) => {
      throw new Error(`${e.message}; lenses: ${JSON.stringify(await lensTitles(uri))}`);
    });
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 8));
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(hover.includes(`Resolved for ${words}.`), hover);
    await click(await lensWithTitle(uri, lens));
    assert.strictEqual(editor.document.getText(), `FROM acme/archname:1@${arm64}\n`);
    await waitFor('the pinned lens', async () => ((await lensTitles(uri))[0]?.[0] === `Pinned · ${words} · Show manifest` ? true : undefined));
  });

  it('an invalid DOCKER_DEFAULT_PLATFORM is named on every line, in the status bar and in a notification, and nothing is pinned for another platform', async () => {
    const invalid = 'linux/amd64/v2/extra';
    // The extension reads the variable from its host's environment, this very process, whenever the settings are read.
    process.env[VARIABLE] = invalid;
    await setSetting('platform', '');
    const text = 'FROM postgres:17\n';
    const editor = await openDockerfile(text);
    const uri = editor.document.uri;
    await waitFor('the invalid-platform lens', async () => ((await lensTitles(uri))[0]?.[0] === '⚠ invalid platform' ? true : undefined));
    const diagnostic = await waitFor('the warning', () => ourDiagnostics(uri).find((d) => codeOf(d) === 'unresolved'));
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, new RegExp(`${VARIABLE}.*"${invalid}".*nothing is resolved`));
    await statusBarShows(`invalid platform (${VARIABLE})`);
    await waitFor('the notification', async () => ((await visibleTexts('notifications')).some((t) => t.includes(VARIABLE) && t.includes(invalid)) ? true : undefined));

    const result = await vscode.commands.executeCommand<{ failed: number; result: string }>('dockerPin.pinAll');
    assert.deepStrictEqual([result.failed, result.result], [1, 'nothing']);
    assert.strictEqual(editor.document.getText(), text, 'nothing was pinned for the host or any other platform');
  });
});
