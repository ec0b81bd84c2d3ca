// An open Dockerfile whose line takes its image whole from a compose build's arg (`FROM
// ${BASE_IMAGE}`, `args: BASE_IMAGE: …`): the line's lens and quick fix pin, or update, the digest
// where the value is written (the arg in the compose file, or the .env line it reads), as `pin
// --update` of the compose file writes it, for that line alone; the Dockerfile stays as written.
// Two builds giving different values make the line a conflict: no pin, and why. Real registry, real VS Code.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, applyAction, click, closeAllEditors, codeActions, lensOn, lensWithTitle, openUri, ourDiagnostics, type PinAllOutcome, pushAmd64, textOf, waitFor, writeWorkspaceFile } from './helpers';

describe("A Dockerfile line whose image a compose build gives in its args: pinned where the value is written", () => {
  const DOCKERFILE = 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN true\n';
  const compose = (arg: string, more = '') => `services:\n  app:\n    build:\n      context: .\n      args:\n        ${arg}\n${more}`;
  // The compose file's own image: the line's pin leaves it as written (Pin All of the compose file pins it).
  const DB = '  db:\n    image: argline:1.0\n';
  let digest: string;
  let old: string;
  let now: string;

  before(async () => {
    digest = await pushAmd64('argline', '1.0');
    await pushAmd64('argline', '2.0');
    old = await pushAmd64('arglinedrift', '1', 'old');
    now = await pushAmd64('arglinedrift', '1', 'now');
    await activateExtension();
    await closeAllEditors();
  });

  afterEach(closeAllEditors);

  /** The project in `folder` written, its Dockerfile opened. */
  async function project(folder: string, files: Record<string, string>): Promise<{ dockerfile: vscode.Uri; uris: Record<string, vscode.Uri> }> {
    const uris: Record<string, vscode.Uri> = {};
    for (const [name, text] of Object.entries(files)) uris[name] = writeWorkspaceFile(`${folder}/${name}`, text);
    const dockerfile = writeWorkspaceFile(`${folder}/Dockerfile`, DOCKERFILE);
    await openUri(dockerfile);
    return { dockerfile, uris };
  }

  it("the lens pins the arg's value in the compose file; the compose file's own image and the Dockerfile stay as written", async () => {
    const { dockerfile, uris } = await project('argline/value', { 'compose.yaml': compose('BASE_IMAGE: "argline:1.0"', DB) });
    assert.deepStrictEqual(await lensOn(dockerfile, 1, 'Pin '), ['Pin BASE_IMAGE in compose.yaml (line 6)']);
    const result = await click(await lensWithTitle(dockerfile, 'Pin BASE_IMAGE in compose.yaml (line 6)'));
    assert.strictEqual(result, 'applied');
    assert.strictEqual(textOf(uris['compose.yaml']), compose(`BASE_IMAGE: "argline:1.0@${digest}"`, DB));
    assert.strictEqual(textOf(dockerfile), DOCKERFILE);
    // Read again, the line is the pinned value's.
    assert.deepStrictEqual(await lensOn(dockerfile, 1, 'Pinned'), ['Pinned · linux/amd64 · Show manifest']);
  });

  it('the quick fix pins the .env line the arg reads; the compose file and Dockerfile stay as written', async () => {
    const { dockerfile, uris } = await project('argline/env', { '.env': 'OTHER=1\nCH_IMAGE=argline:1.0\n', 'compose.yaml': compose('BASE_IMAGE: ${CH_IMAGE}') });
    assert.deepStrictEqual(await lensOn(dockerfile, 1, 'Pin '), ['Pin BASE_IMAGE in .env (line 2)']);
    const diagnostic = await waitFor('the unpinned diagnostic', () => vscode.languages.getDiagnostics(dockerfile).find((d) => d.range.start.line === 1));
    assert.ok(diagnostic.message.endsWith(') into the build arg BASE_IMAGE that argline/env/compose.yaml:6 gives, where the build reads it, not on this line.'), diagnostic.message);
    const fixes = await codeActions(dockerfile, new vscode.Range(1, 5, 1, 5));
    assert.deepStrictEqual(fixes.map((f) => f.title), ['Pin BASE_IMAGE in .env (line 2)']);
    assert.strictEqual(fixes[0].isPreferred, true);
    await applyAction(fixes[0]);
    assert.strictEqual(textOf(uris['.env']), `OTHER=1\nCH_IMAGE=argline:1.0@${digest}\n`);
    assert.strictEqual(textOf(uris['compose.yaml']), compose('BASE_IMAGE: ${CH_IMAGE}'));
    assert.strictEqual(textOf(dockerfile), DOCKERFILE);
  });

  it('a stale digest the arg holds: the lens and quick fix update it in the value', async () => {
    const { dockerfile, uris } = await project('argline/stale', { 'compose.yaml': compose(`- BASE_IMAGE=arglinedrift:1@${old}`) });
    const title = 'Update pin (tag moved) · BASE_IMAGE in compose.yaml (line 6)';
    assert.deepStrictEqual(await lensOn(dockerfile, 1, 'Update'), [title]);
    assert.deepStrictEqual((await codeActions(dockerfile, new vscode.Range(1, 5, 1, 5))).map((f) => f.title), [title]);
    assert.strictEqual(await click(await lensWithTitle(dockerfile, title)), 'applied');
    assert.strictEqual(textOf(uris['compose.yaml']), compose(`- BASE_IMAGE=arglinedrift:1@${now}`));
    assert.strictEqual(textOf(dockerfile), DOCKERFILE);
  });

  it('two builds giving the same value: one lens pins it in each compose file', async () => {
    const build = (service: string, image: string) => `services:\n  ${service}:\n    build:\n      context: .\n      args:\n        BASE_IMAGE: ${image}\n`;
    const { dockerfile, uris } = await project('argline/alike', { 'compose.a.yaml': build('web', 'argline:1.0'), 'compose.b.yaml': build('job', 'argline:1.0') });
    const title = 'Pin BASE_IMAGE in compose.a.yaml and compose.b.yaml';
    assert.deepStrictEqual(await lensOn(dockerfile, 1, 'Pin '), [title]);
    assert.strictEqual(await click(await lensWithTitle(dockerfile, title)), 'applied');
    assert.deepStrictEqual([textOf(uris['compose.a.yaml']), textOf(uris['compose.b.yaml'])], [build('web', `argline:1.0@${digest}`), build('job', `argline:1.0@${digest}`)]);
    assert.strictEqual(textOf(dockerfile), DOCKERFILE);
  });

  it("an arg the build takes from the environment (args: - BASE_IMAGE, its value in .env): the line is the build's, and the Dockerfile's own reading, which no build arg reaches, says nothing of it", async () => {
    const { dockerfile } = await project('argline/listed', { '.env': 'BASE_IMAGE=argline:1.0\n', 'compose.yaml': compose('- BASE_IMAGE') });
    const titles = await lensOn(dockerfile, 1, 'Pin ');
    assert.ok(titles.length > 0 && titles.every((title) => title.startsWith('Pin ')), JSON.stringify(titles));
    const unresolved = ourDiagnostics(dockerfile).filter((d) => d.message.includes('no value for BASE_IMAGE'));
    assert.deepStrictEqual(unresolved.map((d) => d.message), []);
  });

  it("Pin All of the Dockerfile leaves the line to its lens, as pin of the Dockerfile leaves it to the compose file, and says so", async () => {
    const text = compose('BASE_IMAGE: argline:1.0');
    const { dockerfile, uris } = await project('argline/pinall', { 'compose.yaml': text });
    await lensOn(dockerfile, 1, 'Pin ');
    const result = await vscode.commands.executeCommand<PinAllOutcome & { inBuildArgs?: number }>('dockerPin.pinAll', dockerfile);
    assert.deepStrictEqual([result.result, result.pinned, result.inBuildArgs], ['nothing', 0, 1]);
    assert.deepStrictEqual([textOf(dockerfile), textOf(uris['compose.yaml'])], [DOCKERFILE, text]);
  });

  it("on the compose file, the arg's own lens pins its value for the Dockerfile line; the file's own image stays as written", async () => {
    writeWorkspaceFile('argline/onarg/Dockerfile', DOCKERFILE);
    const composeFile = writeWorkspaceFile('argline/onarg/compose.yaml', compose('BASE_IMAGE: argline:1.0', DB));
    await openUri(composeFile);
    const title = 'Pin BASE_IMAGE (Dockerfile line 2)';
    assert.deepStrictEqual(await lensOn(composeFile, 5, 'BASE_IMAGE'), [title]);
    assert.strictEqual(await click(await lensWithTitle(composeFile, title)), 'applied');
    assert.strictEqual(textOf(composeFile), compose(`BASE_IMAGE: argline:1.0@${digest}`, DB));
    assert.deepStrictEqual(await lensOn(composeFile, 5, 'Pinned'), ['Pinned · linux/amd64 · Show manifest']);
  });

  it("on the compose file, an arg read from .env holding a stale digest: the arg's lens updates the .env line", async () => {
    writeWorkspaceFile('argline/onenv/Dockerfile', DOCKERFILE);
    const envFile = writeWorkspaceFile('argline/onenv/.env', `CH_IMAGE=arglinedrift:1@${old}\n`);
    const composeFile = writeWorkspaceFile('argline/onenv/compose.yaml', compose('BASE_IMAGE: ${CH_IMAGE}'));
    await openUri(composeFile);
    const title = 'Update pin (tag moved) · BASE_IMAGE (Dockerfile line 2)';
    assert.deepStrictEqual(await lensOn(composeFile, 5, 'BASE_IMAGE'), [title]);
    assert.strictEqual(await click(await lensWithTitle(composeFile, title)), 'applied');
    assert.strictEqual(textOf(envFile), `CH_IMAGE=arglinedrift:1@${now}\n`);
    assert.strictEqual(textOf(composeFile), compose('BASE_IMAGE: ${CH_IMAGE}'));
  });

  it("a line one build gives in its args while another reads it as its named context: shown ignored with that build's why, no pin offered, as check . says", async () => {
    const { dockerfile, uris } = await project('argline/context', {
      'compose.a.yaml': 'services:\n  web:\n    build:\n      context: .\n      args:\n        BASE_IMAGE: argline:1.0\n',
      'compose.b.yaml': 'services:\n  job:\n    build:\n      context: .\n      additional_contexts:\n        base: ./base\n      args:\n        BASE_IMAGE: base\n',
    });
    const why = 'service job in argline/context/compose.b.yaml builds it from its named context base (additional_contexts), not a registry image: a digest here would stop that build from using it';
    assert.deepStrictEqual(await lensOn(dockerfile, 1, 'Ignored'), [`Ignored · ${why}`]);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(dockerfile).map((d) => [d.range.start.line, d.message]), []);
    assert.deepStrictEqual((await codeActions(dockerfile, new vscode.Range(1, 5, 1, 5))).map((f) => f.title), []);
    const result = await vscode.commands.executeCommand<PinAllOutcome & { inBuildArgs?: number }>('dockerPin.pinAll', dockerfile);
    assert.deepStrictEqual([result.result, result.pinned, result.ignored, result.inBuildArgs], ['nothing', 0, 1, undefined], JSON.stringify(result));
    assert.deepStrictEqual([textOf(dockerfile), textOf(uris['compose.a.yaml'])], [DOCKERFILE, 'services:\n  web:\n    build:\n      context: .\n      args:\n        BASE_IMAGE: argline:1.0\n']);
  });

  it("on the compose file, an arg for a line another build reads as its named context: the arg's lens shows it ignored with that build's why, no pin", async () => {
    writeWorkspaceFile('argline/argcontext/Dockerfile', DOCKERFILE);
    const a = 'services:\n  web:\n    build:\n      context: .\n      args:\n        BASE_IMAGE: argline:1.0\n';
    writeWorkspaceFile('argline/argcontext/compose.b.yaml', 'services:\n  job:\n    build:\n      context: .\n      additional_contexts:\n        base: ./base\n      args:\n        BASE_IMAGE: base\n');
    const composeFile = writeWorkspaceFile('argline/argcontext/compose.a.yaml', a);
    await openUri(composeFile);
    const why = 'service job in argline/argcontext/compose.b.yaml builds it from its named context base (additional_contexts), not a registry image: a digest here would stop that build from using it';
    assert.deepStrictEqual(await lensOn(composeFile, 5, 'Ignored'), [`Ignored · ${why}`]);
    assert.strictEqual(textOf(composeFile), a);
  });

  it('two builds giving different values: the line is a conflict, with no pin and the reason', async () => {
    const build = (service: string, image: string) => `services:\n  ${service}:\n    build:\n      context: .\n      args:\n        BASE_IMAGE: ${image}\n`;
    const { dockerfile, uris } = await project('argline/conflict', { 'compose.a.yaml': build('web', 'argline:1.0'), 'compose.b.yaml': build('job', 'argline:2.0') });
    const titles = await lensOn(dockerfile, 1, 'conflict');
    assert.strictEqual(titles.length, 1, JSON.stringify(titles));
    assert.ok(
      titles[0].startsWith(
        '⚠ not pinned: conflict "${BASE_IMAGE}": its readings name different images, argline:1.0 (as service web in argline/conflict/compose.a.yaml builds it) and argline:2.0 (as service job in argline/conflict/compose.b.yaml builds it)',
      ),
      titles[0],
    );
    const fixes = await codeActions(dockerfile, new vscode.Range(1, 5, 1, 5));
    assert.deepStrictEqual(fixes.map((f) => f.title), []);
    assert.strictEqual(textOf(uris['compose.a.yaml']), build('web', 'argline:1.0'));
    assert.strictEqual(textOf(uris['compose.b.yaml']), build('job', 'argline:2.0'));
  });
});
