// Restricted mode (the untrusted pass): public images still resolve, but no stored credentials
// are sent, so a registry that needs them fails with an authentication error.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import * as path from 'node:path';
import { pushImage } from '../../support/push';
import { testPass } from './env';
import { activateExtension, childFor, codeOf, lensTitles, lenses, openDockerfile, openWorkspaceFile, ourDiagnostics, registry, short, waitFor, writeWorkspaceFile } from './helpers';

describe('untrusted workspace', () => {
  before(async () => {
    assert.strictEqual(testPass(), 'untrusted');
    await activateExtension();
  });

  it('opens the folder in restricted mode', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  it('still resolves public images', async () => {
    const pushed = await pushImage(registry('public'), 'library/alpine', '3.20', { platforms: ['linux/amd64', 'linux/arm64'] });
    const editor = await openDockerfile('FROM alpine:3.20\n');
    assert.deepStrictEqual((await lensTitles(editor.document.uri))[0],
      [`Pin to ${short(childFor(pushed.children, 'linux/amd64').digest)} (linux/amd64)`, 'Pin index (multi-arch)']);
  });

  it("reads only the repository config's harmless keys: its images are ignored, its buildArgs not used", async () => {
    await pushImage(registry('public'), 'library/alpine', '3.20', { platforms: ['linux/amd64'] });
    writeWorkspaceFile(path.join('repo-config', '.docker-pin.yaml'), 'buildArgs:\n  TAG: "3.20"\nignore:\n  images: [registry.internal/*]\n');
    const editor = await openWorkspaceFile(path.join('repo-config', 'Dockerfile'), 'ARG TAG\nFROM alpine:${TAG}\nFROM registry.internal/team/base:1\n');
    const titles = await waitFor('the lenses', async () => {
      const all = await lensTitles(editor.document.uri);
      return all[1] !== undefined && all[2] !== undefined ? all : undefined;
    });
    assert.match(titles[1][0], /^⚠ not pinned: .*TAG/);
    assert.strictEqual(titles[2][0], 'Ignored · repo-config/.docker-pin.yaml: ignore registry.internal/*');
  });

  it("leaves out the workspace's dockerPin.buildArgs, as it leaves out the repository config's", async () => {
    await pushImage(registry('public'), 'library/alpine', '3.20', { platforms: ['linux/amd64'] });
    const config = vscode.workspace.getConfiguration('dockerPin');
    await config.update('buildArgs', { TAG: '3.20' }, vscode.ConfigurationTarget.Workspace);
    try {
      const settingsFile = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.vscode', 'settings.json');
      assert.match(Buffer.from(await vscode.workspace.fs.readFile(settingsFile)).toString(), /"dockerPin\.buildArgs"/, 'the workspace value is written');
      const editor = await openDockerfile('ARG TAG\nFROM alpine:${TAG}\n');
      const titles = await waitFor('the lens', async () => (await lensTitles(editor.document.uri))[1]);
      assert.match(titles[0], /^⚠ not pinned: .*TAG/);
    } finally {
      await config.update('buildArgs', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('sends no stored credentials: a registry that needs them fails with an auth error', async () => {
    const priv = registry('private');
    await pushImage(priv, 'team/app', '1.0', { platforms: ['linux/amd64'] });
    const editor = await openDockerfile(`FROM ${priv.host}/team/app:1.0\n`);
    const lens = (await lenses(editor.document.uri)).find((l) => l.line === 0);
    assert.ok(lens?.title.startsWith('⚠ authentication required'), `lens: ${lens?.title}`);
    assert.strictEqual(lens?.command, 'dockerPin.showLog');
    const diagnostic = await waitFor('the unresolved diagnostic', () => ourDiagnostics(editor.document.uri).find((d) => codeOf(d) === 'unresolved'));
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
  });
});
