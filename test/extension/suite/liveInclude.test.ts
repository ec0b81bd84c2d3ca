// An open compose file another compose file of the workspace includes is read live as that include
// reads it (the including project's variables and .env, the env file the reading owns): its lenses,
// diagnostics and pins name what Compose runs, not what the file read alone would name. Two
// includes that read a line differently make it one conflict, with no pin. Real registry, real VS Code.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import { extensionLog, setLogLevel } from './extensionLog';
import { activateExtension, applyAction, childFor, click, closeAllEditors, codeActions, codeOf, lenses, lensOn, openUri as open, ourDiagnostics, registry, short, waitFor, writeWorkspaceFile } from './helpers';

describe('An open included compose file is read as its include reads it', () => {
  // Images no other suite names: answers cached here cannot stand in for another suite's pushes.
  const digests: Record<string, string> = {};

  before(async () => {
    const reg = registry('public');
    for (const tag of ['1.0', '7.4', '7.5']) {
      digests[`liveinc:${tag}`] = childFor((await pushImage(reg, 'library/liveinc', tag, { platforms: ['linux/amd64'] })).children, 'linux/amd64').digest;
    }
    for (const tag of ['2.1', '2.2']) {
      digests[`liveincenv:${tag}`] = childFor((await pushImage(reg, 'library/liveincenv', tag, { platforms: ['linux/amd64'] })).children, 'linux/amd64').digest;
    }
    await activateExtension();
    await closeAllEditors();
  });

  afterEach(closeAllEditors);

  it("names the image the include reads (the including project's .env), pins that image's digest, and follows edits of that .env", async () => {
    writeWorkspaceFile('liveinc/compose.yaml', 'include:\n  - cache/compose.yaml\nservices: {}\n');
    writeWorkspaceFile('liveinc/.env', 'TAG=7.4\n');
    writeWorkspaceFile('liveinc/cache/.env', 'TAG=1.0\n');
    const included = writeWorkspaceFile('liveinc/cache/compose.yaml', 'services:\n  cache:\n    image: liveinc:${TAG}\n');
    const editor = await open(included);

    const titles = await lensOn(included, 2, short(digests['liveinc:7.4']));
    assert.ok(!titles.some((t) => t.includes(short(digests['liveinc:1.0']))), JSON.stringify(titles));
    const diagnostic = await waitFor('the unpinned diagnostic', () => ourDiagnostics(included).find((d) => d.range.start.line === 2 && codeOf(d) === 'unpinned'));
    assert.ok(diagnostic.message.includes(`A pin would write ${short(digests['liveinc:7.4'])}`), diagnostic.message);

    // The including project's .env changes: the open file's lens follows.
    writeWorkspaceFile('liveinc/.env', 'TAG=7.5\n');
    await lensOn(included, 2, short(digests['liveinc:7.5']));

    // The quick fix writes 7.5's digest where the engine's plan for this reading puts it: on the line
    // (TAG comes from the including project's variables, not from the file's own env file).
    // Asked until the fixes know the new value: they follow the statuses, which may lag the lens a moment.
    const writes75 = (a: vscode.CodeAction): boolean =>
      JSON.stringify([a.command?.arguments ?? [], (a.edit?.entries() ?? []).map(([, edits]) => edits.map((e) => e.newText))]).includes(digests['liveinc:7.5']);
    const fixes = await waitFor("a pin quick fix with 7.5's digest", async () => {
      const found = (await codeActions(included, new vscode.Range(2, 11, 2, 11), vscode.CodeActionKind.QuickFix.value)).filter((a) => a.title.startsWith('Pin') && writes75(a));
      return found.length > 0 ? found : undefined;
    });
    await applyAction(fixes[0]);
    await waitFor('the pin on the line', () => (editor.document.getText().includes(digests['liveinc:7.5']) ? true : undefined));
    assert.strictEqual(editor.document.lineAt(2).text, `    image: liveinc:\${TAG}@${digests['liveinc:7.5']}`);
    assert.strictEqual(readFileSync(vscode.Uri.joinPath(included, '..', '.env').fsPath, 'utf8'), 'TAG=1.0\n');
  });

  it('pins a value the include reads from its env file into that env file', async () => {
    writeWorkspaceFile('liveincenv/compose.yaml', 'include:\n  - path: stack/compose.yaml\n    env_file: stack.env\nservices: {}\n');
    const envFile = writeWorkspaceFile('liveincenv/stack.env', 'IMAGE=liveincenv:2.1\n');
    writeWorkspaceFile('liveincenv/stack/.env', 'IMAGE=liveincenv:2.2\n');
    const included = writeWorkspaceFile('liveincenv/stack/compose.yaml', 'services:\n  app:\n    image: ${IMAGE}\n');
    await open(included);

    const lens = await waitFor('the Pin All lens for the env file', async () => (await lenses(included)).find((l) => l.line === 2 && l.title.startsWith('Pin All')));
    // It names the env file the pin goes into: not beside the file, so by its path in the workspace.
    assert.strictEqual(lens.title, 'Pin All · pins IMAGE in liveincenv/stack.env (line 1)');
    await click(lens);
    const pinned = await waitFor('the pin in stack.env', () => {
      const env = vscode.workspace.textDocuments.find((d) => d.uri.toString() === envFile.toString());
      const text = env?.getText() ?? readFileSync(envFile.fsPath, 'utf8');
      return text.includes('@sha256:') ? text : undefined;
    });
    assert.strictEqual(pinned, `IMAGE=liveincenv:2.1@${digests['liveincenv:2.1']}\n`);
    // The file's own .env, which the include does not read, is left alone; so is the file itself.
    assert.strictEqual(readFileSync(vscode.Uri.joinPath(included, '..', '.env').fsPath, 'utf8'), 'IMAGE=liveincenv:2.2\n');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === included.toString());
    assert.strictEqual(doc?.getText(), 'services:\n  app:\n    image: ${IMAGE}\n');
  });

  it('a line two includes read differently shows the conflict and offers no pin', async () => {
    writeWorkspaceFile('liveinctwo/compose.a.yaml', 'include:\n  - path: shared/stack.yaml\n    env_file: a.env\nservices: {}\n');
    writeWorkspaceFile('liveinctwo/compose.b.yaml', 'include:\n  - path: shared/stack.yaml\n    env_file: b.env\nservices: {}\n');
    writeWorkspaceFile('liveinctwo/a.env', 'CACHE=liveinc:7.4\nOTHER=liveinc:1.0\n');
    writeWorkspaceFile('liveinctwo/b.env', 'CACHE=liveinc:7.5\n');
    const shared = writeWorkspaceFile('liveinctwo/shared/stack.yaml', 'services:\n  cache:\n    image: ${CACHE}\n  same:\n    image: liveinc:1.0\n');
    await open(shared);

    const conflict = await waitFor('the conflict diagnostic', () => ourDiagnostics(shared).find((d) => d.range.start.line === 2 && d.message.startsWith('conflict ')));
    assert.ok(
      conflict.message.startsWith(
        'conflict "${CACHE}": its readings name different images, liveinc:7.4 (as liveinctwo/compose.a.yaml includes it) and liveinc:7.5 (as liveinctwo/compose.b.yaml includes it), and one digest cannot pin them all',
      ),
      conflict.message,
    );
    // A line both read alike behaves as before: pinned from its lens.
    await lensOn(shared, 4, short(digests['liveinc:1.0']));
    const onConflict = (await lenses(shared)).filter((l) => l.line === 2);
    assert.ok(!onConflict.some((l) => l.command === 'dockerPin.applyPin' || l.command === 'dockerPin.pinAll' || l.title.startsWith('Pin')), JSON.stringify(onConflict));
    const fixes = (await codeActions(shared, new vscode.Range(2, 12, 2, 12), vscode.CodeActionKind.QuickFix.value)).filter((a) => a.title.startsWith('Pin'));
    assert.deepStrictEqual(fixes.map((a) => a.title), []);
    assert.strictEqual(ourDiagnostics(shared).filter((d) => d.range.start.line === 2 && codeOf(d) === 'unpinned').length, 0);
  });

  it('a value two includes read alike, each from its own env file: the lens names both, and Pin All pins it in both', async () => {
    writeWorkspaceFile('liveincboth/compose.a.yaml', 'include:\n  - path: shared/stack.yaml\n    env_file: a.env\nservices: {}\n');
    writeWorkspaceFile('liveincboth/compose.b.yaml', 'include:\n  - path: shared/stack.yaml\n    env_file: b.env\nservices: {}\n');
    const a = writeWorkspaceFile('liveincboth/a.env', 'IMAGE=liveincenv:2.1\n');
    const b = writeWorkspaceFile('liveincboth/b.env', 'OTHER=x\nIMAGE=liveincenv:2.1\n');
    const shared = writeWorkspaceFile('liveincboth/shared/stack.yaml', 'services:\n  app:\n    image: ${IMAGE}\n  tool:\n    image: liveinc:1.0\n');
    await open(shared);

    const lens = await waitFor('the Pin All lens for both env files', async () => (await lenses(shared)).find((l) => l.line === 2 && l.title.startsWith('Pin All')));
    assert.strictEqual(lens.title, 'Pin All · pins IMAGE in liveincboth/a.env and liveincboth/b.env');
    const diagnostic = await waitFor('the unpinned diagnostic', () => ourDiagnostics(shared).find((d) => d.range.start.line === 2 && codeOf(d) === 'unpinned'));
    assert.ok(diagnostic.message.includes('Its value is IMAGE in the env files liveincboth/a.env and liveincboth/b.env'), diagnostic.message);
    await lensOn(shared, 4, short(digests['liveinc:1.0']));
    await click(lens);

    const text = (uri: vscode.Uri): string => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText() ?? readFileSync(uri.fsPath, 'utf8');
    await waitFor('the pins in both env files', () => (text(a).includes('@sha256:') && text(b).includes('@sha256:') ? true : undefined));
    // One edit: each include's env file takes the pin on the line that holds the value, and the line both read alike takes its own.
    assert.strictEqual(text(a), `IMAGE=liveincenv:2.1@${digests['liveincenv:2.1']}\n`);
    assert.strictEqual(text(b), `OTHER=x\nIMAGE=liveincenv:2.1@${digests['liveincenv:2.1']}\n`);
    assert.strictEqual(text(shared), `services:\n  app:\n    image: \${IMAGE}\n  tool:\n    image: liveinc:1.0@${digests['liveinc:1.0']}\n`);
  });

  it('a rebuild of the includes after a save reads only the files that changed on disk, and still follows a changed include', async () => {
    const level = await setLogLevel('debug');
    try {
      // Enough other YAML files that reading them all again would show.
      for (let i = 0; i < 30; i++) writeWorkspaceFile(`liveincmany/other${i}.yaml`, `name: other${i}\nitems: [${i}]\n`);
      writeWorkspaceFile('liveincmany/compose.yaml', 'include:\n  - cache/compose.yaml\nservices: {}\n');
      writeWorkspaceFile('liveincmany/.env', 'TAG=7.4\n');
      writeWorkspaceFile('liveincmany/cache/.env', 'TAG=1.0\n');
      const included = writeWorkspaceFile('liveincmany/cache/compose.yaml', 'services:\n  cache:\n    image: liveinc:${TAG}\n');
      await open(included);
      await lensOn(included, 2, short(digests['liveinc:7.4']));
      /** The include index's build lines logged since `mark`: [files read from disk, workspace files]. */
      const builds = (mark: number): [number, number][] =>
        [...extensionLog().slice(mark).matchAll(/compose includes: .*; (\d+) of (\d+) workspace file\(s\) read/g)].map((m) => [Number(m[1]), Number(m[2])]);

      // The including project's .env is saved: the index is built again, reading no YAML file.
      let mark = extensionLog().length;
      writeWorkspaceFile('liveincmany/.env', 'TAG=7.5\n');
      await lensOn(included, 2, short(digests['liveinc:7.5']));
      const afterEnv = await waitFor('a build that read nothing', () => builds(mark).find(([read, files]) => read === 0 && files > 30));
      assert.ok(afterEnv, JSON.stringify(builds(mark)));

      // The include goes away: that one file is read, and the open file follows (read alone, with its own .env).
      mark = extensionLog().length;
      writeWorkspaceFile('liveincmany/compose.yaml', 'services: {}\n');
      await lensOn(included, 2, short(digests['liveinc:1.0']));
      await waitFor('a build that read the changed include alone', () => builds(mark).find(([read, files]) => read === 1 && files > 30));
      assert.ok(builds(mark).every(([read]) => read <= 1), JSON.stringify(builds(mark)));
    } finally {
      await setLogLevel(level);
    }
  });

  it('a compose file nothing includes reads its own .env, as before', async () => {
    writeWorkspaceFile('liveincalone/.env', 'TAG=1.0\n');
    const alone = writeWorkspaceFile('liveincalone/compose.yaml', 'services:\n  cache:\n    image: liveinc:${TAG}\n');
    await open(alone);
    await lensOn(alone, 2, short(digests['liveinc:1.0']));
  });
});
