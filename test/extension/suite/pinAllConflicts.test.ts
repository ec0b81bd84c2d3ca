// Pin All on a file whose readings name a line differently (a conflict): every line the readings
// agree on is pinned, the conflicting line is left as it was and counted as a conflict, its
// diagnostic stays. Real registry, real VS Code.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, diagnosticSummary, lenses, ourDiagnostics, pushAmd64, textOf, type PinAllOutcome, waitFor, writeWorkspaceFile } from './helpers';


describe('Pin All on a file whose readings conflict on a line', () => {
  const digests: Record<string, string> = {};

  before(async () => {
    for (const tag of ['1.0', '7.4', '7.5']) digests[`pinconf:${tag}`] = await pushAmd64('pinconf', tag);
    await activateExtension();
    await closeAllEditors();
  });

  afterEach(closeAllEditors);


  it('a compose file two includes read differently: the line they agree on is pinned, the conflicting one left and counted, no env file touched', async () => {
    writeWorkspaceFile('pinconfinc/compose.a.yaml', 'include:\n  - path: shared/stack.yaml\n    env_file: a.env\nservices: {}\n');
    writeWorkspaceFile('pinconfinc/compose.b.yaml', 'include:\n  - path: shared/stack.yaml\n    env_file: b.env\nservices: {}\n');
    const a = writeWorkspaceFile('pinconfinc/a.env', 'CACHE=pinconf:7.4\n');
    const b = writeWorkspaceFile('pinconfinc/b.env', 'CACHE=pinconf:7.5\n');
    const before = 'services:\n  cache:\n    image: ${CACHE}\n  same:\n    image: pinconf:1.0\n';
    const shared = writeWorkspaceFile('pinconfinc/shared/stack.yaml', before);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(shared));
    await waitFor('the conflict diagnostic', () => ourDiagnostics(shared).find((d) => d.range.start.line === 2 && d.message.startsWith('conflict ')));

    const result = await vscode.commands.executeCommand<PinAllOutcome>('dockerPin.pinAll', shared);
    assert.strictEqual(result.result, 'applied', JSON.stringify(result));
    assert.strictEqual(result.pinned, 1, JSON.stringify(result));
    assert.strictEqual(result.conflicts, 1, JSON.stringify(result));
    assert.strictEqual(result.problems, 0, JSON.stringify(result));
    assert.strictEqual(textOf(shared), before.replace('pinconf:1.0', `pinconf:1.0@${digests['pinconf:1.0']}`));
    assert.strictEqual(textOf(a), 'CACHE=pinconf:7.4\n');
    assert.strictEqual(textOf(b), 'CACHE=pinconf:7.5\n');
    // The conflict is still shown, with no pin offered there.
    await waitFor('the conflict diagnostic after Pin All', () => ourDiagnostics(shared).find((d) => d.range.start.line === 2 && d.message.startsWith('conflict ')));
    assert.ok(!(await lenses(shared)).some((l) => l.line === 2 && l.title.startsWith('Pin')));
  });

  it('a Dockerfile two compose builds read with different args: the line they agree on is pinned, the conflicting FROM left and counted', async () => {
    writeWorkspaceFile('pinconfbuild/compose.a.yaml', 'services:\n  web:\n    build:\n      context: .\n      args:\n        BASE: pinconf:7.4\n');
    writeWorkspaceFile('pinconfbuild/compose.b.yaml', 'services:\n  job:\n    build:\n      context: .\n      args:\n        BASE: pinconf:7.5\n');
    // The last stage is built from the conflicting line: BuildKit builds only the stages the target needs.
    const before = 'ARG BASE=pinconf:7.4\nFROM pinconf:1.0 AS tools\nFROM ${BASE}\nCOPY --from=tools /bin/tool /bin/tool\n';
    const dockerfile = writeWorkspaceFile('pinconfbuild/Dockerfile', before);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
    const conflict = await waitFor('the conflict diagnostic', () => ourDiagnostics(dockerfile).find((d) => d.range.start.line === 2 && d.message.startsWith('conflict '))).catch((e: Error) => {
      throw new Error(`${e.message}; ${JSON.stringify(diagnosticSummary(dockerfile))}`);
    });
    assert.ok(conflict.message.includes('pinconf:7.5 (as service job in pinconfbuild/compose.b.yaml builds it)'), conflict.message);

    const result = await vscode.commands.executeCommand<PinAllOutcome>('dockerPin.pinAll', dockerfile);
    assert.strictEqual(result.result, 'applied', JSON.stringify(result));
    assert.strictEqual(result.pinned, 1, JSON.stringify(result));
    assert.strictEqual(result.conflicts, 1, JSON.stringify(result));
    assert.strictEqual(textOf(dockerfile), before.replace('FROM pinconf:1.0 ', `FROM pinconf:1.0@${digests['pinconf:1.0']} `));
    await waitFor('the conflict diagnostic after Pin All', () => ourDiagnostics(dockerfile).find((d) => d.range.start.line === 2 && d.message.startsWith('conflict ')));
    assert.ok(!(await lenses(dockerfile)).some((l) => (l.line === 0 || l.line === 2) && l.title.startsWith('Pin')), JSON.stringify(await lenses(dockerfile)));
  });

  it("a Dockerfile line a compose build reads as an image its project builds: shown ignored with that build's why, never pinned, as the CLI leaves it", async () => {
    writeWorkspaceFile('pinconflocal/compose.yaml', 'services:\n  app:\n    build: ./app\n  base:\n    image: pinconf:7.5\n    build: ./base\n');
    writeWorkspaceFile('pinconflocal/base/Dockerfile', 'FROM scratch\n');
    // Read as itself, pinconf:7.5 is a registry image; the build uses the image service base builds.
    const before = 'FROM pinconf:7.5\nCOPY --from=pinconf:1.0 /bin/tool /bin/tool\n';
    const dockerfile = writeWorkspaceFile('pinconflocal/app/Dockerfile', before);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
    const ignored = await waitFor('the ignored lens', async () => (await lenses(dockerfile)).find((l) => l.line === 0 && l.title.startsWith('Ignored')));
    assert.ok(ignored.title.includes('builds it from pinconf:7.5, an image its compose project builds, not a registry image'), ignored.title);
    assert.ok(!ourDiagnostics(dockerfile).some((d) => d.range.start.line === 0), JSON.stringify(diagnosticSummary(dockerfile)));

    const result = await vscode.commands.executeCommand<PinAllOutcome>('dockerPin.pinAll', dockerfile);
    assert.strictEqual(result.result, 'applied', JSON.stringify(result));
    assert.strictEqual(result.pinned, 1, JSON.stringify(result));
    assert.strictEqual(result.ignored, 1, JSON.stringify(result));
    assert.strictEqual(result.conflicts, undefined, JSON.stringify(result));
    assert.strictEqual(textOf(dockerfile), before.replace('pinconf:1.0 ', `pinconf:1.0@${digests['pinconf:1.0']} `));
  });
});
