// Pin All and source.fixAll.dockerPin on a compose file whose build gives a Dockerfile its image
// whole in an arg (`FROM ${BASE_IMAGE}`, `args: BASE_IMAGE: …`): the pin goes where the CLI's
// `pin` writes it, into the arg's value or the .env line it reads, never on the Dockerfile's line;
// a stale digest held there is updated in place. Real registry, real VS Code.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, applyAction, closeAllEditors, codeActions, pushAmd64, textOf, type PinAllOutcome, writeWorkspaceFile } from './helpers';

describe('Pin All on a compose file whose build gives its Dockerfile an image in an arg', () => {
  const DOCKERFILE = 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN true\n';
  const compose = (arg: string) => `services:\n  app:\n    build:\n      context: .\n      args:\n        ${arg}\n`;
  let digest: string;
  let old: string;
  let now: string;

  before(async () => {
    digest = await pushAmd64('pinallarg', '1.0');
    old = await pushAmd64('pinallargdrift', '1', 'old');
    now = await pushAmd64('pinallargdrift', '1', 'now');
    await activateExtension();
    await closeAllEditors();
  });

  afterEach(closeAllEditors);

  /** The project in `folder`: its Dockerfile, compose file and (when given) .env; Pin All run on the compose file. */
  async function pinAll(folder: string, arg: string, env?: string): Promise<{ result: PinAllOutcome; composeFile: vscode.Uri; dockerfile: vscode.Uri; envFile?: vscode.Uri }> {
    const dockerfile = writeWorkspaceFile(`${folder}/Dockerfile`, DOCKERFILE);
    const envFile = env === undefined ? undefined : writeWorkspaceFile(`${folder}/.env`, env);
    const composeFile = writeWorkspaceFile(`${folder}/compose.yaml`, compose(arg));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(composeFile));
    const result = await vscode.commands.executeCommand<PinAllOutcome>('dockerPin.pinAll', composeFile);
    return { result, composeFile, dockerfile, ...(envFile === undefined ? {} : { envFile }) };
  }

  it("writes the pin into the build arg's value in the compose file; the Dockerfile stays as written", async () => {
    const { result, composeFile, dockerfile } = await pinAll('pinallargs/value', 'BASE_IMAGE: "pinallarg:1.0"');
    assert.strictEqual(result.result, 'applied', JSON.stringify(result));
    assert.strictEqual(result.pinned, 1, JSON.stringify(result));
    assert.strictEqual(textOf(composeFile), compose(`BASE_IMAGE: "pinallarg:1.0@${digest}"`));
    assert.strictEqual(textOf(dockerfile), DOCKERFILE);
  });

  it('writes the pin into the .env line the arg reads; the compose file and Dockerfile stay as written', async () => {
    const { result, composeFile, dockerfile, envFile } = await pinAll('pinallargs/env', 'BASE_IMAGE: ${CH_IMAGE}', 'CH_IMAGE=pinallarg:1.0\n');
    assert.strictEqual(result.result, 'applied', JSON.stringify(result));
    assert.strictEqual(result.pinned, 1, JSON.stringify(result));
    assert.ok(envFile);
    assert.strictEqual(textOf(envFile), `CH_IMAGE=pinallarg:1.0@${digest}\n`);
    assert.strictEqual(textOf(composeFile), compose('BASE_IMAGE: ${CH_IMAGE}'));
    assert.strictEqual(textOf(dockerfile), DOCKERFILE);
  });

  it('updates a stale digest the build arg holds, in its value', async () => {
    const { result, composeFile, dockerfile } = await pinAll('pinallargs/stale', `- BASE_IMAGE=pinallargdrift:1@${old}`);
    assert.strictEqual(result.result, 'applied', JSON.stringify(result));
    assert.strictEqual(result.updated, 1, JSON.stringify(result));
    assert.strictEqual(textOf(composeFile), compose(`- BASE_IMAGE=pinallargdrift:1@${now}`));
    assert.strictEqual(textOf(dockerfile), DOCKERFILE);
  });

  it('source.fixAll.dockerPin offers the same pin, into the arg\'s value', async () => {
    writeWorkspaceFile('pinallargs/fixall/Dockerfile', DOCKERFILE);
    const composeFile = writeWorkspaceFile('pinallargs/fixall/compose.yaml', compose('BASE_IMAGE: pinallarg:1.0'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(composeFile));
    const fixAll = await codeActions(composeFile, new vscode.Range(0, 0, 6, 0), 'source.fixAll.dockerPin');
    assert.strictEqual(fixAll.length, 1, `one fix-all action, got ${JSON.stringify(fixAll.map((a) => a.title))}`);
    await applyAction(fixAll[0]);
    assert.strictEqual(textOf(composeFile), compose(`BASE_IMAGE: pinallarg:1.0@${digest}`));
  });
});
