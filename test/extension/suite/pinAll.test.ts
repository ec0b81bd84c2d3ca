// Pin All: one edit for every image, one undo step, and a cancel that writes nothing.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { startFaultProxy } from '../../support/faultProxy';
import { pushImage } from '../../support/push';
import { pressButton, visibleTexts } from './env';
import { activateExtension, childFor, closeAllEditors, openDockerfile, readingsKnown, registry, waitFor } from './helpers';

describe('Pin All Images in File', () => {
  let amd64: string;
  let arm64: string;
  let index: string;

  before(async () => {
    const pushed = await pushImage(registry('public'), 'library/nginx', '1.27', { platforms: ['linux/amd64', 'linux/arm64'] });
    amd64 = childFor(pushed.children, 'linux/amd64').digest;
    arm64 = childFor(pushed.children, 'linux/arm64').digest;
    index = pushed.index.digest;
    await activateExtension();
  });

  afterEach(closeAllEditors);

  it('pins every reference in one undoable edit, keeping index pins and skipping scratch and stages', async () => {
    const text = [
      'FROM nginx:1.27 AS web',
      'FROM --platform=linux/arm64 nginx:1.27 AS arm',
      `FROM nginx:1.27@${index} AS idx`,
      'FROM scratch',
      'COPY --from=web /a /a',
      'COPY --from=nginx:1.27 /b /b',
      '',
    ].join('\n');
    const editor = await openDockerfile(text);
    await vscode.commands.executeCommand('dockerPin.pinAll');
    assert.strictEqual(editor.document.getText(), text.replace('FROM nginx:1.27 AS web', `FROM nginx:1.27@${amd64} AS web`)
      .replace('FROM --platform=linux/arm64 nginx:1.27 AS arm', `FROM --platform=linux/arm64 nginx:1.27@${arm64} AS arm`)
      .replace('COPY --from=nginx:1.27 /b', `COPY --from=nginx:1.27@${amd64} /b`));
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), text, 'one undo restores the file');
  });

  it('pins an ARG that serves only as an image once, in its default; one built into a reference on its line', async () => {
    const text = ['ARG BASE=nginx:1.27', 'ARG TAG=1.27', 'FROM ${BASE} AS a', 'COPY --from=$BASE /a /a', 'FROM nginx:${TAG}', ''].join('\n');
    const editor = await openDockerfile(text);
    const result = await vscode.commands.executeCommand('dockerPin.pinAll');
    assert.deepStrictEqual(result, { pinned: 3, updated: 0, unchanged: 0, ignored: 0, failed: 0, problems: 0, result: 'applied' });
    assert.strictEqual(
      editor.document.getText(),
      text.replace('ARG BASE=nginx:1.27', `ARG BASE=nginx:1.27@${amd64}`).replace('FROM nginx:${TAG}', `FROM nginx:\${TAG}@${amd64}`),
    );
  });

  it('an ARG default serving several platforms gets the index digest', async () => {
    const text = ['ARG BASE=nginx:1.27', 'FROM ${BASE} AS a', 'FROM --platform=linux/arm64 ${BASE} AS b', ''].join('\n');
    const editor = await openDockerfile(text);
    await vscode.commands.executeCommand('dockerPin.pinAll');
    assert.strictEqual(editor.document.getText(), text.replace('ARG BASE=nginx:1.27', `ARG BASE=nginx:1.27@${index}`));
  });

  it('writes nothing when the user cancels while digests are being resolved', async function () {
    this.timeout(60_000);
    // The same registry behind a slow proxy: resolving takes seconds, long enough to press Cancel.
    const slow = await startFaultProxy(registry('public').url, { latencyMs: 4000 });
    try {
      // Earlier toasts would crowd out the progress notification whose Cancel the user presses.
      await vscode.commands.executeCommand('notifications.clearAll');
      const text = `FROM ${slow.host}/library/nginx:1.27\n`;
      const editor = await openDockerfile(text);
      const started = Date.now();
      const running = Promise.resolve(vscode.commands.executeCommand('dockerPin.pinAll'));
      await waitFor('the request to reach the registry', () => (slow.counts.total > 0 ? true : undefined));
      await pressButton('Cancel', 'Docker Pin: resolving images');
      assert.deepStrictEqual(await running, { pinned: 0, updated: 0, unchanged: 0, ignored: 0, failed: 0, problems: 0, result: 'cancelled' });
      assert.ok(Date.now() - started < 4000 + 3000, 'cancel returns before the slow answers arrive');
      assert.strictEqual(editor.document.getText(), text, 'nothing was written');
      assert.strictEqual(editor.document.isDirty, false);
    } finally {
      await slow.stop();
    }
  });

  it('writes nothing, and says so, when the file changes while the digests are resolved', async function () {
    this.timeout(60_000);
    const slow = await startFaultProxy(registry('public').url, { latencyMs: 1500 });
    try {
      const editor = await openDockerfile(`FROM ${slow.host}/library/nginx:1.27\n`);
      // The line is asked about as the file opens; Pin All resolves once the file's readings are known.
      await readingsKnown(editor.document.uri);
      const running = Promise.resolve(vscode.commands.executeCommand<{ result: string }>('dockerPin.pinAll'));
      await waitFor('the request to reach the registry', () => (slow.counts.total > 0 ? true : undefined));
      await editor.edit((b) => b.insert(new vscode.Position(1, 0), '# typed meanwhile\n'));
      assert.strictEqual((await running).result, 'outdated');
      assert.strictEqual(editor.document.getText(), `FROM ${slow.host}/library/nginx:1.27\n# typed meanwhile\n`, 'only what was typed');
      await waitFor('the warning', async () => ((await visibleTexts('notifications')).some((t) => t.includes('changed while the pin was being prepared; nothing was written')) ? true : undefined));
    } finally {
      await slow.stop();
    }
  });
});
