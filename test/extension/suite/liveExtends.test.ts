// An open compose file other projects extend a service of (`extends: {file: …}`) is read live as
// Check Workspace and the CLI read it: as itself and as each extending project reads the service it
// extends (that project's variables and .env). A line the projects name differently is one conflict
// with no pin; a line they name alike is pinned into each project's .env. Real registry, real VS Code.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import { activateExtension, childFor, closeAllEditors, codeActions, codeOf, diagnosticSummary, lenses, ourDiagnostics, registry, short, textOf, type PinAllOutcome, waitFor, writeWorkspaceFile } from './helpers';


describe('An open compose file other projects extend is read as they read it', () => {
  const digests: Record<string, string> = {};

  before(async () => {
    const reg = registry('public');
    for (const tag of ['1.0', '7.4', '7.5']) {
      digests[`liveext:${tag}`] = childFor((await pushImage(reg, 'library/liveext', tag, { platforms: ['linux/amd64'] })).children, 'linux/amd64').digest;
    }
    await activateExtension();
    await closeAllEditors();
  });

  afterEach(closeAllEditors);

  const SHARED = 'services:\n  app:\n    image: ${APP_IMAGE}\n  tool:\n    image: liveext:1.0\n';
  const extending = (...services: string[]): string => `services:\n${services.map((s) => `  my-${s}:\n    extends: {file: ../shared/services.yml, service: ${s}}\n`).join('')}`;

  async function open(uri: vscode.Uri): Promise<void> {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  }

  it('a line two extending projects name differently shows the conflict naming both, offers no pin, and Pin All pins only the line they agree on', async () => {
    writeWorkspaceFile('liveext/a/compose.yaml', extending('app', 'tool'));
    writeWorkspaceFile('liveext/b/compose.yaml', extending('app'));
    const a = writeWorkspaceFile('liveext/a/.env', 'APP_IMAGE=liveext:7.4\n');
    const b = writeWorkspaceFile('liveext/b/.env', 'APP_IMAGE=liveext:7.5\n');
    const shared = writeWorkspaceFile('liveext/shared/services.yml', SHARED);
    await open(shared);

    const conflict = await waitFor('the conflict diagnostic', () => ourDiagnostics(shared).find((d) => d.range.start.line === 2 && d.message.startsWith('conflict '))).catch((e: Error) => {
      throw new Error(`${e.message}; ${JSON.stringify(diagnosticSummary(shared))}`);
    });
    assert.ok(
      conflict.message.startsWith(
        'conflict "${APP_IMAGE}": its readings name different images, liveext:7.4 (as liveext/a/compose.yaml extends it) and liveext:7.5 (as liveext/b/compose.yaml extends it), and one digest cannot pin them all',
      ),
      conflict.message,
    );
    await waitFor('the digest lens of the line both read alike', async () => ((await lenses(shared)).some((l) => l.line === 4 && l.title.includes(short(digests['liveext:1.0']))) ? true : undefined));
    assert.ok(!(await lenses(shared)).some((l) => l.line === 2 && (l.command === 'dockerPin.applyPin' || l.title.startsWith('Pin'))), JSON.stringify(await lenses(shared)));
    const fixes = (await codeActions(shared, new vscode.Range(2, 12, 2, 12), vscode.CodeActionKind.QuickFix.value)).filter((action) => action.title.startsWith('Pin'));
    assert.deepStrictEqual(fixes.map((action) => action.title), []);
    // The conflict alone: not what the file read on its own says (APP_IMAGE has no value beside it).
    assert.deepStrictEqual(diagnosticSummary(shared).filter((d) => d.startsWith('2:')), ['2:skipped:Warning']);

    const result = await vscode.commands.executeCommand<PinAllOutcome>('dockerPin.pinAll', shared);
    assert.strictEqual(result.result, 'applied', JSON.stringify(result));
    assert.strictEqual(result.pinned, 1, JSON.stringify(result));
    assert.strictEqual(result.conflicts, 1, JSON.stringify(result));
    assert.strictEqual(textOf(shared), SHARED.replace('liveext:1.0', `liveext:1.0@${digests['liveext:1.0']}`));
    assert.strictEqual(textOf(a), 'APP_IMAGE=liveext:7.4\n');
    assert.strictEqual(textOf(b), 'APP_IMAGE=liveext:7.5\n');
    await waitFor('the conflict diagnostic after Pin All', () => ourDiagnostics(shared).find((d) => d.range.start.line === 2 && d.message.startsWith('conflict ')));
  });

  it("a value the extending projects name alike, each from its own .env: the lens names both, and Pin All pins it into each project's .env", async () => {
    writeWorkspaceFile('liveextboth/a/compose.yaml', extending('app', 'tool'));
    writeWorkspaceFile('liveextboth/b/compose.yaml', extending('app'));
    const a = writeWorkspaceFile('liveextboth/a/.env', 'APP_IMAGE=liveext:7.4\n');
    const b = writeWorkspaceFile('liveextboth/b/.env', 'OTHER=x\nAPP_IMAGE=liveext:7.4\n');
    const shared = writeWorkspaceFile('liveextboth/shared/services.yml', SHARED);
    await open(shared);

    const lens = await waitFor('the Pin All lens for both .env files', async () => (await lenses(shared)).find((l) => l.line === 2 && l.title.startsWith('Pin All'))).catch(async (e: Error) => {
      throw new Error(`${e.message}; ${JSON.stringify(await lenses(shared))} ${JSON.stringify(diagnosticSummary(shared))}`);
    });
    assert.strictEqual(lens.title, 'Pin All · pins APP_IMAGE in liveextboth/a/.env and liveextboth/b/.env');
    // The file read alone names no image there (APP_IMAGE has no value beside it): the projects' image is what is shown.
    const diagnostic = await waitFor('the unpinned diagnostic', () => ourDiagnostics(shared).find((d) => d.range.start.line === 2 && codeOf(d) === 'unpinned'));
    assert.ok(diagnostic.message.includes(`A pin would write ${short(digests['liveext:7.4'])}`), diagnostic.message);
    assert.ok(diagnostic.message.includes('Its value is APP_IMAGE in the env files liveextboth/a/.env and liveextboth/b/.env'), diagnostic.message);
    assert.deepStrictEqual(diagnosticSummary(shared).filter((d) => d.startsWith('2:')), ['2:unpinned:Information']);

    const result = await vscode.commands.executeCommand<PinAllOutcome>('dockerPin.pinAll', shared);
    assert.strictEqual(result.result, 'applied', JSON.stringify(result));
    assert.strictEqual(result.pinned, 2, JSON.stringify(result));
    assert.strictEqual(textOf(a), `APP_IMAGE=liveext:7.4@${digests['liveext:7.4']}\n`);
    assert.strictEqual(textOf(b), `OTHER=x\nAPP_IMAGE=liveext:7.4@${digests['liveext:7.4']}\n`);
    assert.strictEqual(textOf(shared), SHARED.replace('liveext:1.0', `liveext:1.0@${digests['liveext:1.0']}`));
  });
});
