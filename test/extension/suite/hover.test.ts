// The hover on a reference: index digest, every platform with its digest, which one a pin uses,
// and the media type.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import { activateExtension, childFor, closeAllEditors, hoverText, openDockerfile, registry } from './helpers';

describe('hover', () => {
  after(closeAllEditors);

  it('lists the index, every platform with its digest, the one a pin uses, and the media type', async () => {
    const pushed = await pushImage(registry('public'), 'library/python', '3.12', {
      platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'],
      format: 'oci',
      attestations: true,
    });
    await activateExtension();
    const editor = await openDockerfile('FROM python:3.12\n');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 8));
    const text = hoverText(hovers);
    assert.ok(text.includes(pushed.index.digest), `the index digest is shown:\n${text}`);
    assert.ok(text.includes('application/vnd.oci.image.index.v1+json'), `the media type is shown:\n${text}`);
    for (const platform of ['linux/amd64', 'linux/arm64', 'linux/arm/v7']) {
      const child = pushed.children.find((c) => c.platform && [c.platform.os, c.platform.architecture, c.platform.variant].filter(Boolean).join('/') === platform);
      assert.ok(child, `pushed ${platform}`);
      assert.ok(text.includes(platform) && text.includes(child.digest), `${platform} and its digest are listed:\n${text}`);
    }
    assert.ok(!/unknown\/unknown/.test(text), `attestations are not listed as platforms:\n${text}`);
    // The row of the platform a pin writes (linux/amd64, the configured one) is marked, and only it.
    const amd64 = childFor(pushed.children, 'linux/amd64').digest;
    const marked = text.split('\n').filter((l) => l.includes('← pin'));
    assert.deepStrictEqual(marked.map((l) => l.startsWith('| **linux/amd64** ← pin |') && l.includes(amd64)), [true], `the linux/amd64 row says a pin uses it:\n${text}`);
  });

  it('shows nothing on lines without an image', async () => {
    const editor = await openDockerfile('FROM scratch\nRUN echo hi\n');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(1, 5));
    assert.strictEqual(hoverText(hovers).includes('sha256:'), false);
  });
});
