// Settings and commands that change what is resolved: Select Platform, Clear Cache, and the
// credentials a trusted workspace may use (the docker config named by dockerPin.dockerConfig).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import { testPass } from './env';
import {
  activateExtension, childFor, closeAllEditors, lensTitles, openDockerfile, registry, setSetting, short, waitFor, writeDockerfile,
} from './helpers';

describe('settings and commands', () => {
  let amd64: string;
  let arm64: string;

  before(async () => {
    const pushed = await pushImage(registry('public'), 'library/debian', '12', { platforms: ['linux/amd64', 'linux/arm64'] });
    amd64 = childFor(pushed.children, 'linux/amd64').digest;
    arm64 = childFor(pushed.children, 'linux/arm64').digest;
    await activateExtension();
  });

  afterEach(async () => {
    await setSetting('platform', 'linux/amd64');
    await closeAllEditors();
  });

  it('runs in a trusted workspace in this pass', () => {
    assert.strictEqual(testPass(), 'trusted');
    assert.strictEqual(vscode.workspace.isTrusted, true);
  });

  it('Select Platform with a platform writes dockerPin.platform and the lenses follow', async () => {
    const editor = await openDockerfile('FROM debian:12\n');
    assert.deepStrictEqual((await lensTitles(editor.document.uri))[0]?.[0], `Pin to ${short(amd64)} (linux/amd64)`);
    await vscode.commands.executeCommand('dockerPin.selectPlatform', 'linux/arm64');
    assert.strictEqual(vscode.workspace.getConfiguration('dockerPin').get('platform'), 'linux/arm64');
    await waitFor('the arm64 lens', async () =>
      (await lensTitles(editor.document.uri))[0]?.[0] === `Pin to ${short(arm64)} (linux/arm64)` ? true : undefined);
  });

  it('Select Platform from its quick pick writes the chosen platform', async () => {
    const picked = Promise.resolve(vscode.commands.executeCommand('dockerPin.selectPlatform'));
    // The quick pick lists the host first, then linux/amd64, linux/arm64, …: move down twice.
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await picked;
    assert.strictEqual(vscode.workspace.getConfiguration('dockerPin').get('platform'), 'linux/arm64');
  });

  it('Clear Cache makes a moved tag show as stale without waiting for the cache lifetime', async () => {
    const reg = registry('public');
    const first = childFor((await pushImage(reg, 'library/mariadb', '11', { platforms: ['linux/amd64'], salt: '1' })).children, 'linux/amd64').digest;
    const editor = await openDockerfile(`FROM mariadb:11@${first}\n`);
    assert.deepStrictEqual((await lensTitles(editor.document.uri))[0], ['Pinned · linux/amd64 · Show manifest']);
    await pushImage(reg, 'library/mariadb', '11', { platforms: ['linux/amd64'], salt: '2' });
    // Within the cache lifetime (300 s) the old answer stands…
    assert.deepStrictEqual((await lensTitles(editor.document.uri))[0], ['Pinned · linux/amd64 · Show manifest']);
    await vscode.commands.executeCommand('dockerPin.clearCache');
    await waitFor('the stale lens after Clear Cache', async () =>
      (await lensTitles(editor.document.uri))[0]?.[0] === 'Update pin (tag moved)' ? true : undefined);
  });

  it('uses the credentials of the docker config named by dockerPin.dockerConfig', async () => {
    const priv = registry('private');
    const pushed = await pushImage(priv, 'team/app', '1.0', { platforms: ['linux/amd64'] });
    const editor = await openDockerfile(`FROM ${priv.host}/team/app:1.0\n`);
    const titles = (await lensTitles(editor.document.uri))[0];
    assert.deepStrictEqual(titles, [`Pin to ${short(childFor(pushed.children, 'linux/amd64').digest)} (linux/amd64)`, 'Pin index (multi-arch)']);
  });

  it('Check Workspace reports Dockerfiles that are not open in the Problems panel', async () => {
    const uri = writeDockerfile('FROM debian:12\n', 'Containerfile.check');
    await vscode.commands.executeCommand('dockerPin.checkWorkspace');
    const diagnostics = await waitFor('diagnostics for the closed file', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'docker-pin');
      return found.length > 0 ? found : undefined;
    });
    assert.deepStrictEqual(diagnostics.map((d) => [d.range.start.line, typeof d.code === 'object' ? d.code.value : d.code]), [[0, 'unpinned']]);
  });
});
