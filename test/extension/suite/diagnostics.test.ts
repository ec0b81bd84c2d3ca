// Diagnostics (codes, severities, the severity setting) and the quick fixes on them, with the
// exact text each fix leaves in the document.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { deleteManifest, pushImage } from '../../support/push';
import {
  activateExtension, applyAction, childFor, click, closeAllEditors, codeActions, codeOf, expectDiagnostics, lensTitles, lensWithTitle,
  openDockerfile, ourDiagnostics, registry, setSetting, short, waitFor,
} from './helpers';

describe('diagnostics and quick fixes', () => {
  let index: string;
  let amd64: string;
  let oldPin: string;
  let newPin: string;

  before(async () => {
    const reg = registry('public');
    const node = await pushImage(reg, 'library/node', '22', { platforms: ['linux/amd64', 'linux/arm64'] });
    index = node.index.digest;
    amd64 = childFor(node.children, 'linux/amd64').digest;
    oldPin = childFor((await pushImage(reg, 'library/redis', '7', { platforms: ['linux/amd64'], salt: 'a' })).children, 'linux/amd64').digest;
    newPin = childFor((await pushImage(reg, 'library/redis', '7', { platforms: ['linux/amd64'], salt: 'b' })).children, 'linux/amd64').digest;
    await activateExtension();
  });

  afterEach(async () => {
    await setSetting('buildArgs', undefined);
    await setSetting('unpinnedSeverity', undefined);
    await setSetting('digestKind', undefined);
    await closeAllEditors();
  });

  it('reports unpinned (Information), stale (Warning), unresolved (Warning) lines and a variable without a value (Warning)', async () => {
    const editor = await openDockerfile([
      'FROM node:22 AS build',
      `FROM redis:7@${oldPin}`,
      'FROM no-such-image:1',
      'FROM ${UNDECLARED}',
      `FROM node:22@${amd64}`,
      '',
    ].join('\n'));
    await expectDiagnostics(editor.document.uri, ['0:unpinned:Information', '1:stale:Warning', '2:unresolved:Warning', '3:unresolved-variable:Warning']);
  });

  it('follows dockerPin.unpinnedSeverity when it changes', async () => {
    const editor = await openDockerfile('FROM node:22\n');
    const uri = editor.document.uri;
    await expectDiagnostics(uri, ['0:unpinned:Information']);
    await setSetting('unpinnedSeverity', 'error');
    await expectDiagnostics(uri, ['0:unpinned:Error']);
    await setSetting('unpinnedSeverity', 'none');
    await expectDiagnostics(uri, []);
  });

  it('offers platform, index and pin-all fixes on an unpinned line, with the exact results', async () => {
    const text = 'FROM node:22 AS build\nFROM node:22\n';
    const editor = await openDockerfile(text);
    const uri = editor.document.uri;
    await waitFor('an unpinned diagnostic', () => (ourDiagnostics(uri).length === 2 ? true : undefined));
    const line0 = new vscode.Range(0, 6, 0, 6);
    const titles = (await codeActions(uri, line0, vscode.CodeActionKind.QuickFix.value)).map((a) => a.title);
    assert.deepStrictEqual(titles, ['Pin to platform digest (linux/amd64)', 'Pin to index digest (multi-arch)', 'Pin all images in file']);

    const byTitle = async (title: string): Promise<vscode.CodeAction> => {
      const action = (await codeActions(uri, line0, vscode.CodeActionKind.QuickFix.value)).find((a) => a.title === title);
      assert.ok(action, `no quick fix "${title}"`);
      return action;
    };
    const platformFix = await byTitle('Pin to platform digest (linux/amd64)');
    assert.strictEqual(platformFix.isPreferred, true, 'the platform pin is the preferred fix');
    await applyAction(platformFix);
    assert.strictEqual(editor.document.getText(), `FROM node:22@${amd64} AS build\nFROM node:22\n`);

    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), text, 'one fix is one undo step');
    await applyAction(await byTitle('Pin to index digest (multi-arch)'));
    assert.strictEqual(editor.document.getText(), `FROM node:22@${index} AS build\nFROM node:22\n`);

    await vscode.commands.executeCommand('undo');
    await applyAction(await byTitle('Pin all images in file'));
    assert.strictEqual(editor.document.getText(), `FROM node:22@${amd64} AS build\nFROM node:22@${amd64}\n`);
  });

  it('updates a stale pin through "Update stale pin"', async () => {
    const editor = await openDockerfile(`FROM redis:7@${oldPin}\n`);
    const uri = editor.document.uri;
    await waitFor('the stale diagnostic', () => (ourDiagnostics(uri).some((d) => codeOf(d) === 'stale') ? true : undefined));
    const actions = await codeActions(uri, new vscode.Range(0, 6, 0, 6), vscode.CodeActionKind.QuickFix.value);
    const update = actions.find((a) => a.title === 'Update stale pin');
    assert.ok(update, `no "Update stale pin" among ${JSON.stringify(actions.map((a) => a.title))}`);
    await applyAction(update);
    assert.strictEqual(editor.document.getText(), `FROM redis:7@${newPin}\n`);
  });

  it('pins everything through source.fixAll.dockerPin, and on save when codeActionsOnSave asks', async () => {
    const editor = await openDockerfile(`FROM node:22 AS a\nFROM redis:7@${oldPin}\nFROM scratch\n`);
    const uri = editor.document.uri;
    const fixAll = await codeActions(uri, new vscode.Range(0, 0, 3, 0), 'source.fixAll.dockerPin');
    assert.strictEqual(fixAll.length, 1, `one fix-all action, got ${JSON.stringify(fixAll.map((a) => a.title))}`);
    assert.ok(fixAll[0].kind?.value.startsWith('source.fixAll.dockerPin'));
    await applyAction(fixAll[0]);
    const pinned = `FROM node:22@${amd64} AS a\nFROM redis:7@${newPin}\nFROM scratch\n`;
    assert.strictEqual(editor.document.getText(), pinned);

    // The opt-in users get: pin on save.
    const config = vscode.workspace.getConfiguration('editor', { languageId: 'dockerfile' });
    await config.update('codeActionsOnSave', { 'source.fixAll.dockerPin': 'explicit' }, vscode.ConfigurationTarget.Global, true);
    try {
      const other = await openDockerfile('FROM node:22\n');
      await vscode.commands.executeCommand('workbench.action.files.save');
      assert.strictEqual(other.document.getText(), `FROM node:22@${amd64}\n`);
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(other.document.uri));
      assert.strictEqual(onDisk, `FROM node:22@${amd64}\n`);
    } finally {
      await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
    }
  });

  it('leaves a bare source.fixAll alone: another linter\'s fix-on-save does not pin Dockerfiles', async () => {
    const text = 'FROM node:22\n';
    const editor = await openDockerfile(text);
    const uri = editor.document.uri;
    const bare = await codeActions(uri, new vscode.Range(0, 0, 1, 0), 'source.fixAll');
    assert.deepStrictEqual(bare.map((a) => `${a.kind?.value} ${a.title}`), [], 'no action for a bare source.fixAll request');
    const config = vscode.workspace.getConfiguration('editor', { languageId: 'dockerfile' });
    await config.update('codeActionsOnSave', { 'source.fixAll': 'explicit' }, vscode.ConfigurationTarget.Global, true);
    try {
      await editor.edit((b) => b.insert(new vscode.Position(1, 0), '# saved\n'));
      await vscode.commands.executeCommand('workbench.action.files.save');
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      assert.strictEqual(onDisk, `${text}# saved\n`, 'saved as typed, nothing pinned');
    } finally {
      await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
    }
  });

  it('a pin whose manifest the registry deleted is a "gone" Warning whose fixes let the user choose, never a guess', async () => {
    const reg = registry('public');
    const platforms = ['linux/amd64', 'linux/arm64'];
    const old = await pushImage(reg, 'library/pruned', '1', { platforms, salt: 'a' });
    const now = await pushImage(reg, 'library/pruned', '1', { platforms, salt: 'b' });
    const armOld = childFor(old.children, 'linux/arm64').digest;
    await deleteManifest(reg, 'library/pruned', armOld);
    const text = `FROM pruned:1@${armOld}\n`;
    const editor = await openDockerfile(text);
    const uri = editor.document.uri;
    await expectDiagnostics(uri, ['0:gone:Warning']);
    assert.match(ourDiagnostics(uri)[0]?.message ?? '', /pinned manifest no longer in the registry/);
    const fixes = async () => codeActions(uri, new vscode.Range(0, 6, 0, 6), vscode.CodeActionKind.QuickFix.value);
    const titles = (await fixes()).map((a) => a.title);
    assert.deepStrictEqual(titles, ['Pin to platform digest (linux/amd64)', 'Pin to index digest (multi-arch)', 'Pin all images in file']);
    assert.ok((await fixes()).every((a) => !a.isPreferred), 'no choice is preferred over the other');
    // Fix-all (pin on save) has nothing to write: only a choice replaces it.
    assert.deepStrictEqual(await codeActions(uri, new vscode.Range(0, 0, 1, 0), 'source.fixAll.dockerPin'), []);
    assert.strictEqual(editor.document.getText(), text);
    const indexFix = (await fixes()).find((a) => a.title === 'Pin to index digest (multi-arch)');
    assert.ok(indexFix);
    await applyAction(indexFix);
    await waitFor('the index pin', () => (editor.document.getText() === `FROM pruned:1@${now.index.digest}\n` ? true : undefined));
  });

  it('pins the platform digest from its quick fix when only the index was resolved (digestKind index)', async () => {
    await setSetting('digestKind', 'index');
    const editor = await openDockerfile('FROM node:22\n');
    const uri = editor.document.uri;
    await waitFor('the unpinned diagnostic', () => (ourDiagnostics(uri).length === 1 ? true : undefined));
    const platformFix = async () => {
      const action = (await codeActions(uri, new vscode.Range(0, 6, 0, 6), vscode.CodeActionKind.QuickFix.value))
        .find((a) => a.title === 'Pin to platform digest (linux/amd64)');
      assert.ok(action, 'a platform fix is offered');
      return action;
    };
    const action = await platformFix();
    assert.strictEqual(action.isPreferred, false, 'the index pin is preferred when digestKind is index');
    await applyAction(action);
    await waitFor('the platform pin', () => (editor.document.getText() === `FROM node:22@${amd64}\n` ? true : undefined));

    // Chosen after the file changed: nothing is written (the user is told), rather than a silent no-op edit.
    await vscode.commands.executeCommand('undo');
    const outdated = await platformFix();
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), '# edited\n'));
    if (outdated.command) assert.strictEqual(await vscode.commands.executeCommand(outdated.command.command, ...(outdated.command.arguments ?? [])), 'outdated');
    else assert.fail('the fix has no command that resolves the digest when chosen');
    assert.strictEqual(editor.document.getText(), 'FROM node:22\n# edited\n');
  });

  it('hints where the platform of a line is decided at build time, says so on hover, and offers the index pin; the lens still pins the platform digest', async () => {
    const editor = await openDockerfile('FROM --platform=$BUILDPLATFORM node:22 AS build\n');
    const uri = editor.document.uri;
    await expectDiagnostics(uri, ['0:build-time-platform:Hint', '0:unpinned:Information']);
    const hint = ourDiagnostics(uri).find((d) => codeOf(d) === 'build-time-platform');
    assert.match(hint?.message ?? '', /decided at build time: that digest is right for a linux\/amd64 builder or target only\. Pin the index digest/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 33));
    const hover = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(hover, /Platform decided at build time/);
    assert.strictEqual((await lensTitles(uri))[0]?.[0], `Pin to ${short(amd64)} (linux/amd64)`, 'the default stays the configured platform\'s digest');

    const fix = (await codeActions(uri, new vscode.Range(0, 33, 0, 33), vscode.CodeActionKind.QuickFix.value)).find((a) => a.title === 'Pin to index digest (multi-arch)');
    assert.ok(fix, 'the index pin is offered');
    await applyAction(fix);
    await waitFor('the index pin', () => (editor.document.getText() === `FROM --platform=$BUILDPLATFORM node:22@${index} AS build\n` ? true : undefined));
    await expectDiagnostics(uri, []);
  });

  it('hints on a platform pin already written where the platform is decided at build time, and moves it to the index', async () => {
    const editor = await openDockerfile(`FROM --platform=$BUILDPLATFORM node:22@${amd64}\n`);
    const uri = editor.document.uri;
    await expectDiagnostics(uri, ['0:build-time-platform:Hint']);
    const fix = (await codeActions(uri, new vscode.Range(0, 33, 0, 33), vscode.CodeActionKind.QuickFix.value)).find((a) => a.title === 'Pin to index digest (multi-arch)');
    assert.ok(fix, 'the index pin is offered');
    await applyAction(fix);
    await waitFor('the index pin', () => (editor.document.getText() === `FROM --platform=$BUILDPLATFORM node:22@${index}\n` ? true : undefined));
  });

  it('shows a line whose variable has no value with a lens and a warning naming the fix, and dockerPin.buildArgs gives it one', async () => {
    const editor = await openDockerfile('ARG NODE_VERSION\nFROM node:${NODE_VERSION}\n');
    const uri = editor.document.uri;
    await expectDiagnostics(uri, ['1:unresolved-variable:Warning']);
    assert.match(ourDiagnostics(uri)[0]?.message ?? '', /NODE_VERSION.*dockerPin\.buildArgs/);
    const titles = (await lensTitles(uri))[1] ?? [];
    assert.match(titles[0] ?? '', /^⚠ not pinned: .*NODE_VERSION/);
    assert.strictEqual(titles[1], 'Set dockerPin.buildArgs');
    const fix = (await codeActions(uri, new vscode.Range(1, 8, 1, 8), vscode.CodeActionKind.QuickFix.value)).find((a) => a.title === 'Set dockerPin.buildArgs');
    assert.deepStrictEqual([fix?.command?.command, fix?.command?.arguments], ['workbench.action.openSettings', ['dockerPin.buildArgs']]);
    // The lens opens the Settings editor at the setting.
    await click(await lensWithTitle(uri, 'Set dockerPin.buildArgs'));
    await waitFor('the Settings editor', () => (vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Settings' ? true : undefined));

    await setSetting('buildArgs', { NODE_VERSION: '22' });
    await expectDiagnostics(uri, ['1:unpinned:Information']);
    await waitFor('the pin lenses', async () => ((await lensTitles(uri))[1]?.[0] === `Pin to ${short(amd64)} (linux/amd64)` ? true : undefined));
  });
});
