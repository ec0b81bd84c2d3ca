// Manifest documents: exact bytes, JSON language, read-only, titled by reference and platform,
// digests as links, and opened from the "Show manifest" lens.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { pushImage, type PushedManifest } from '../../support/push';
import { activateExtension, childFor, click, closeAllEditors, lensWithTitle, openDockerfile, registry, waitFor } from './helpers';

const SCHEME = 'docker-pin-manifest';

async function activeManifest(): Promise<vscode.TextDocument> {
  return waitFor('a manifest document in the active editor', () => {
    const doc = vscode.window.activeTextEditor?.document;
    return doc?.uri.scheme === SCHEME ? doc : undefined;
  });
}

describe('manifest documents', () => {
  let index: PushedManifest;
  let amd64: PushedManifest;

  before(async () => {
    const pushed = await pushImage(registry('public'), 'library/golang', '1.23', { platforms: ['linux/amd64', 'linux/arm64'] });
    index = pushed.index;
    amd64 = childFor(pushed.children, 'linux/amd64');
    await activateExtension();
  });

  afterEach(closeAllEditors);

  it('opens a platform manifest read-only, as JSON, with the exact bytes the registry holds', async () => {
    await vscode.commands.executeCommand('dockerPin.openManifest', 'golang:1.23', 'linux/amd64');
    const doc = await activeManifest();
    assert.strictEqual(doc.uri.path, '/docker.io/library/golang/1.23 (linux-amd64).json');
    assert.strictEqual(doc.languageId, 'json');
    assert.strictEqual(doc.getText(), amd64.bytes.toString('utf8'));

    // Read-only: the scheme is a file system VS Code knows cannot be written, so neither an edit
    // nor a save can change what the registry sent.
    assert.strictEqual(vscode.workspace.fs.isWritableFileSystem(SCHEME), false);
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(doc.uri, new TextEncoder().encode('{}'))), 'writing the manifest is refused');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), 'x');
    const applied = await Promise.resolve(vscode.workspace.applyEdit(edit)).catch(() => false);
    if (applied) {
      assert.strictEqual(await doc.save(), false, 'an edited manifest cannot be saved');
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    const stored = await vscode.workspace.fs.readFile(doc.uri);
    assert.strictEqual(new TextDecoder().decode(stored), amd64.bytes.toString('utf8'), 'the manifest is unchanged');
    assert.strictEqual(doc.getText(), amd64.bytes.toString('utf8'));
  });

  it('opens the index when no platform is given, with its child digests as links to their manifests', async () => {
    await vscode.commands.executeCommand('dockerPin.openManifest', 'golang:1.23');
    const doc = await activeManifest();
    assert.strictEqual(doc.getText(), index.bytes.toString('utf8'));
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri, 100);
    const linked = links.map((l) => doc.getText(l.range));
    assert.ok(linked.some((t) => t.includes(amd64.digest)), `the linux/amd64 digest is a link; links: ${JSON.stringify(linked)}`);
    const target = links.find((l) => doc.getText(l.range).includes(amd64.digest))?.target;
    assert.ok(target, 'the link has a target');
    if (target.scheme === SCHEME) {
      const child = await vscode.workspace.openTextDocument(target);
      assert.strictEqual(child.getText(), amd64.bytes.toString('utf8'), 'the link opens that digest\'s manifest');
    } else {
      // A command link: running it opens the manifest.
      assert.strictEqual(target.scheme, 'command');
      await vscode.commands.executeCommand(target.path, ...(JSON.parse(decodeURIComponent(target.query) || '[]') as unknown[]));
      await waitFor('the child manifest', () => (vscode.window.activeTextEditor?.document.getText() === amd64.bytes.toString('utf8') ? true : undefined));
    }
  });

  it('opens from the "Show manifest" lens of a pinned line', async () => {
    const editor = await openDockerfile(`FROM golang:1.23@${amd64.digest}\n`);
    await click(await lensWithTitle(editor.document.uri, 'Pinned · linux/amd64 · Show manifest'));
    const doc = await activeManifest();
    assert.strictEqual(doc.getText(), amd64.bytes.toString('utf8'));
    assert.strictEqual(doc.languageId, 'json');
  });
});
