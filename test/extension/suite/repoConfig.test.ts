// The repository config (.docker-pin.yaml) in VS Code: read for the documents below it, followed as
// it changes, ranked under explicitly set dockerPin.* settings, and an invalid one said on every line.
import * as assert from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import { testWorkspace } from './env';
import { activateExtension, childFor, closeAllEditors, lensTitles, openWorkspaceFile, ourDiagnostics, registry, setSetting, short, waitFor, writeWorkspaceFile } from './helpers';

/** Its own folder: a config at the workspace root would apply to every other suite's files. */
const DIR = 'repo-config';
const CONFIG = path.join(DIR, '.docker-pin.yaml');

describe('repository config (.docker-pin.yaml)', () => {
  let amd64: string;
  let arm64: string;

  before(async () => {
    const pushed = await pushImage(registry('public'), 'library/redis', '7', { platforms: ['linux/amd64', 'linux/arm64'] });
    amd64 = childFor(pushed.children, 'linux/amd64').digest;
    arm64 = childFor(pushed.children, 'linux/arm64').digest;
    await activateExtension();
  });

  afterEach(async () => {
    rmSync(path.join(testWorkspace(), CONFIG), { force: true });
    await setSetting('platform', 'linux/amd64');
    await closeAllEditors();
  });

  const titlesAt = async (uri: vscode.Uri, line: number) => (await lensTitles(uri))[line]?.[0];

  it('its buildArgs and ignored images change the lenses, followed as the file is written', async () => {
    const editor = await openWorkspaceFile(path.join(DIR, 'Dockerfile.args'), 'ARG TAG\nFROM redis:${TAG}\nFROM registry.internal/team/base:1\n');
    const uri = editor.document.uri;
    await waitFor('the unresolved lens', async () => ((await titlesAt(uri, 1))?.startsWith('⚠ not pinned') ? true : undefined));

    writeWorkspaceFile(CONFIG, 'buildArgs:\n  TAG: "7"\nignore:\n  images: [registry.internal/*]\n');
    await waitFor('the lens of redis:7', async () => ((await titlesAt(uri, 1)) === `Pin to ${short(amd64)} (linux/amd64)` ? true : undefined));
    assert.strictEqual(await titlesAt(uri, 2), `Ignored · ${CONFIG.split(path.sep).join('/')}: ignore registry.internal/*`);
  });

  it('an explicitly set dockerPin.platform wins over its platform; unset, the config decides', async () => {
    writeWorkspaceFile(CONFIG, 'platform: linux/arm64\n');
    const editor = await openWorkspaceFile(path.join(DIR, 'Dockerfile.platform'), 'FROM redis:7\n');
    const uri = editor.document.uri;
    await waitFor('the amd64 lens of the setting', async () => ((await titlesAt(uri, 0)) === `Pin to ${short(amd64)} (linux/amd64)` ? true : undefined));
    await setSetting('platform', undefined);
    await waitFor('the arm64 lens of the config', async () => ((await titlesAt(uri, 0)) === `Pin to ${short(arm64)} (linux/arm64)` ? true : undefined));
  });

  it('its ignore.paths leave a file out: no lens', async () => {
    writeWorkspaceFile(CONFIG, 'ignore:\n  paths: [vendor/]\n');
    const editor = await openWorkspaceFile(path.join(DIR, 'vendor', 'Dockerfile'), 'FROM redis:7\n');
    // The file kept next to it is read, so lenses have been provided by the time it has one.
    const kept = await openWorkspaceFile(path.join(DIR, 'Dockerfile.kept'), 'FROM redis:7\n');
    await waitFor('the kept file\'s lens', async () => ((await titlesAt(kept.document.uri, 0)) !== undefined ? true : undefined));
    assert.deepStrictEqual(await lensTitles(editor.document.uri), {});
  });

  it('an invalid config is said on every line, naming the file, line and key; nothing is resolved', async () => {
    writeWorkspaceFile(CONFIG, 'platform: linux/amd6\n');
    const editor = await openWorkspaceFile(path.join(DIR, 'Dockerfile.invalid'), 'FROM redis:7\n');
    await waitFor('the lens naming the config', async () => ((await titlesAt(editor.document.uri, 0)) === '⚠ invalid .docker-pin.yaml' ? true : undefined));
    const diagnostic = await waitFor('the diagnostic with the problem', () => ourDiagnostics(editor.document.uri).find((d) => d.message.includes('.docker-pin.yaml:1: platform: "linux/amd6" is not a platform')));
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    writeFileSync(path.join(testWorkspace(), CONFIG), 'platform: linux/amd64\n');
    await waitFor('the lens once it is corrected', async () => ((await titlesAt(editor.document.uri, 0)) === `Pin to ${short(amd64)} (linux/amd64)` ? true : undefined));
  });
});
