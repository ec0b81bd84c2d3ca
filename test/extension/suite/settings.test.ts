// Settings and commands that change what is resolved: Select Platform, Clear Cache, and the
// credentials a trusted workspace may use (the docker config named by dockerPin.dockerConfig).
import * as assert from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import { ENV, testPass, testWorkspace } from './env';
import {
  activateExtension, childFor, closeAllEditors, lensTitles, openDockerfile, registry, setSetting, short, waitFor, writeDockerfile,
} from './helpers';

function ourDiagnosticCodes(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'docker-pin').map((d) => `${d.range.start.line}:${typeof d.code === 'object' ? d.code.value : d.code}`);
}

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

  it('after "docker login", Clear Cache reads the new credentials', async () => {
    const priv = registry('private');
    const pushed = await pushImage(priv, 'team/login', '1.0', { platforms: ['linux/amd64'] });
    // A docker config with no credentials yet, as before `docker login`.
    const dir = path.join(path.dirname(testWorkspace()), 'docker-login');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: {} }));
    await setSetting('dockerConfig', dir);
    try {
      const editor = await openDockerfile(`FROM ${priv.host}/team/login:1.0\n`);
      await waitFor('the authentication error', async () =>
        (await lensTitles(editor.document.uri))[0]?.[0]?.startsWith('⚠ authentication required') ? true : undefined);
      // What `docker login` writes.
      const auth = Buffer.from(`${priv.username ?? ''}:${priv.password ?? ''}`).toString('base64');
      writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [priv.host]: { auth } } }));
      await vscode.commands.executeCommand('dockerPin.clearCache');
      await waitFor('the pin lens after Clear Cache', async () =>
        (await lensTitles(editor.document.uri))[0]?.[0] === `Pin to ${short(childFor(pushed.children, 'linux/amd64').digest)} (linux/amd64)` ? true : undefined);
    } finally {
      await setSetting('dockerConfig', process.env[ENV.dockerConfig]);
    }
  });

  it('Check Workspace honours files.exclude and skips dependency folders; Clear Cache drops its results', async () => {
    const workspace = testWorkspace();
    for (const folder of ['excluded-by-user', 'node_modules/dep', 'gomod/vendor/example.com/dep']) mkdirSync(path.join(workspace, folder), { recursive: true });
    const excluded = writeDockerfile('FROM debian:12\n', 'excluded-by-user/Dockerfile');
    const dependency = writeDockerfile('FROM debian:12\n', 'node_modules/dep/Dockerfile');
    // Go's vendored modules (vendor/modules.txt) are dependencies too.
    writeDockerfile('# example.com/dep v1.0.0\n', 'gomod/vendor/modules.txt');
    const vendored = writeDockerfile('FROM debian:12\n', 'gomod/vendor/example.com/dep/Dockerfile');
    const checked = writeDockerfile('FROM debian:12\n', 'Containerfile.exclude-check');
    const files = vscode.workspace.getConfiguration('files');
    await files.update('exclude', { '**/excluded-by-user': true }, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('dockerPin.checkWorkspace');
      await waitFor('diagnostics for the checked file', () => (ourDiagnosticCodes(checked).length > 0 ? true : undefined));
      assert.deepStrictEqual(ourDiagnosticCodes(checked), ['0:unpinned']);
      assert.deepStrictEqual(ourDiagnosticCodes(excluded), [], 'files.exclude applies');
      assert.deepStrictEqual(ourDiagnosticCodes(dependency), [], 'node_modules is skipped');
      assert.deepStrictEqual(ourDiagnosticCodes(vendored), [], "Go's vendored modules are skipped");
      await vscode.commands.executeCommand('dockerPin.clearCache');
      await waitFor('the check results to go', () => (ourDiagnosticCodes(checked).length === 0 ? true : undefined));
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Global);
    }
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
