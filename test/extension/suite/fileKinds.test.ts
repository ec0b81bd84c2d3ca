// Every kind of file that names images, in a real VS Code: a compose file (VS Code's dockercompose
// language), a workflow and a Kubernetes manifest (yaml), a dev container (jsonc). Lenses above
// the images, a quick fix and Pin All that change only the references, byte for byte, and a YAML
// file that names no image left alone: no lens, no diagnostic.
import * as assert from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import {
  activateExtension, applyAction, childFor, closeAllEditors, codeActions, diagnosticSummary, lensTitles, openWorkspaceFile, registry, short,
  waitFor, writeWorkspaceFile,
} from './helpers';

describe('every file kind: compose, workflows, manifests, dev containers', () => {
  let pyAmd64: string;
  let pyArm64: string;
  let pgAmd64: string;

  before(async () => {
    const reg = registry('public');
    const python = await pushImage(reg, 'library/python', '3.12', { platforms: ['linux/amd64', 'linux/arm64'] });
    pyAmd64 = childFor(python.children, 'linux/amd64').digest;
    pyArm64 = childFor(python.children, 'linux/arm64').digest;
    pgAmd64 = childFor((await pushImage(reg, 'library/postgres', '16', { platforms: ['linux/amd64'] })).children, 'linux/amd64').digest;
    await activateExtension();
  });

  afterEach(closeAllEditors);

  function ourDiagnosticMessage(uri: vscode.Uri, line: number): string {
    return vscode.languages.getDiagnostics(uri).find((d) => d.source === 'docker-pin' && d.range.start.line === line)?.message ?? '';
  }

  /** Lenses keyed by line once every one is resolved (titles no longer "…"). */
  async function settledLenses(uri: vscode.Uri, lines: number[]): Promise<Record<number, string[]>> {
    return waitFor(`lenses on lines ${lines.join(', ')}`, async () => {
      const titles = await lensTitles(uri);
      return lines.every((line) => titles[line] !== undefined) ? titles : undefined;
    });
  }

  const COMPOSE = [
    /* 0 */ '# The shop, for local runs',
    /* 1 */ 'x-db: &db',
    /* 2 */ '  image: "postgres:16"   # kept quoted',
    /* 3 */ 'services:',
    /* 4 */ '  web:',
    /* 5 */ '    image: python:3.12',
    /* 6 */ '    platform: linux/arm64',
    /* 7 */ '  db:',
    /* 8 */ '    <<: *db',
    /* 9 */ '  app:',
    /* 10 */ '    build: .',
    /* 11 */ '    image: shop/app:dev',
    '',
  ].join('\r\n');

  it('compose: lenses above each image (the service platform decides), a quick fix pins one byte-exact, Pin All the rest', async () => {
    const editor = await openWorkspaceFile('shop/compose.yaml', COMPOSE);
    const uri = editor.document.uri;
    assert.strictEqual(editor.document.languageId, 'dockercompose');
    const titles = await settledLenses(uri, [2, 5]);
    assert.deepStrictEqual(titles[2], [`Pin to ${short(pgAmd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.deepStrictEqual(titles[5], [`Pin to ${short(pyArm64)} (linux/arm64)`, 'Pin index (multi-arch)']);
    assert.deepStrictEqual(Object.keys(titles).map(Number), [2, 5], 'an image a build produces is never pinned');
    await waitFor('diagnostics', () => (diagnosticSummary(uri).length === 2 ? true : undefined));
    assert.deepStrictEqual(diagnosticSummary(uri), ['2:unpinned:Information', '5:unpinned:Information']);

    const fix = (await codeActions(uri, new vscode.Range(2, 10, 2, 10))).find((a) => a.title === 'Pin to platform digest (linux/amd64)');
    assert.ok(fix, 'a quick fix on the quoted image');
    await applyAction(fix);
    const onePinned = COMPOSE.replace('"postgres:16"', `"postgres:16@${pgAmd64}"`);
    await waitFor('the quick fix edit', () => (editor.document.getText() === onePinned ? true : undefined));

    const result = await vscode.commands.executeCommand<{ pinned: number; result: string }>('dockerPin.pinAll');
    assert.deepStrictEqual([result.pinned, result.result], [1, 'applied']);
    assert.strictEqual(editor.document.getText(), onePinned.replace('image: python:3.12\r\n', `image: python:3.12@${pyArm64}\r\n`));
  });

  it("compose: reads the project's .env as it is now, and leaves a value written there to be pinned there", async () => {
    const env = (text: string) => writeWorkspaceFile('envproj/.env', text);
    env('DB_IMAGE=postgres:16\nPY_TAG=3.99\n');
    const text = ['services:', '  db:', '    image: ${DB_IMAGE}', '  web:', '    image: python:${PY_TAG}', ''].join('\n');
    const editor = await openWorkspaceFile('envproj/compose.yaml', text);
    const uri = editor.document.uri;
    let titles = await settledLenses(uri, [2, 4]);
    assert.deepStrictEqual(titles[2], ['⚠ not pinned here: DB_IMAGE is set in .env (line 1)']);
    assert.deepStrictEqual(titles[4], ['⚠ not found']);
    env('DB_IMAGE=postgres:16\nPY_TAG=3.12\n');
    titles = await waitFor('the lens for the new .env value', async () => {
      const now = await lensTitles(uri);
      return now[4]?.[0] === `Pin to ${short(pyAmd64)} (linux/amd64)` ? now : undefined;
    });
    assert.match(ourDiagnosticMessage(uri, 2), /DB_IMAGE in the project's \.env file, so its pin belongs there/);

    const result = await vscode.commands.executeCommand<{ pinned: number; inEnvFile?: number; result: string }>('dockerPin.pinAll');
    assert.deepStrictEqual([result.pinned, result.inEnvFile, result.result], [1, 1, 'applied']);
    assert.strictEqual(editor.document.getText(), text.replace('python:${PY_TAG}', `python:\${PY_TAG}@${pyAmd64}`), 'never a digest after ${DB_IMAGE}');
    assert.strictEqual(readFileSync(vscode.Uri.joinPath(uri, '..', '.env').fsPath, 'utf8'), 'DB_IMAGE=postgres:16\nPY_TAG=3.12\n');
  });

  const WORKFLOW = [
    /* 0 */ 'name: ci',
    /* 1 */ 'on: push',
    /* 2 */ 'jobs:',
    /* 3 */ '  test:',
    /* 4 */ '    runs-on: ubuntu-latest',
    /* 5 */ '    container: python:3.12',
    /* 6 */ '    services:',
    /* 7 */ '      db:',
    /* 8 */ "        image: 'postgres:16'",
    /* 9 */ '    steps:',
    /* 10 */ '      - uses: actions/checkout@v4',
    /* 11 */ '      - uses: docker://python:3.12 # lint',
    /* 12 */ '  matrix:',
    /* 13 */ '    runs-on: ubuntu-latest',
    /* 14 */ '    container: ${{ matrix.image }}',
    /* 15 */ '    steps: [{ run: "true" }]',
    '',
  ].join('\n');

  it('workflow: lenses on the job container, services and docker:// steps, an expression said unresolved, Pin All pins the file', async () => {
    const editor = await openWorkspaceFile('.github/workflows/ci.yml', WORKFLOW);
    const uri = editor.document.uri;
    const titles = await settledLenses(uri, [5, 8, 11, 14]);
    assert.deepStrictEqual(titles[5], [`Pin to ${short(pyAmd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.deepStrictEqual(titles[8], [`Pin to ${short(pgAmd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.deepStrictEqual(titles[11], [`Pin to ${short(pyAmd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.match(titles[14]?.[0] ?? '', /^⚠ not pinned: /, 'an expression cannot be worked out, and says so');
    assert.deepStrictEqual(Object.keys(titles).map(Number), [5, 8, 11, 14], 'no lens on actions/checkout');

    const result = await vscode.commands.executeCommand<{ pinned: number; problems: number; result: string }>('dockerPin.pinAll', uri);
    assert.deepStrictEqual([result.pinned, result.problems, result.result], [3, 1, 'applied']);
    assert.strictEqual(
      editor.document.getText(),
      WORKFLOW.replace('container: python:3.12', `container: python:3.12@${pyAmd64}`)
        .replace("image: 'postgres:16'", `image: 'postgres:16@${pgAmd64}'`)
        .replace('docker://python:3.12 # lint', `docker://python:3.12@${pyAmd64} # lint`),
    );
  });

  it('a Kubernetes manifest under any name, and a commented dev container config, get their lenses', async () => {
    const manifest = await openWorkspaceFile('deploy/web.yaml', [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web }',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers:',
      '        - name: migrate',
      '          image: postgres:16',
      '      containers:',
      '        - name: web',
      '          image: python:3.12',
      '',
    ].join('\n'));
    assert.strictEqual(manifest.document.languageId, 'yaml');
    const manifestTitles = await settledLenses(manifest.document.uri, [8, 11]);
    assert.deepStrictEqual(manifestTitles[11], [`Pin to ${short(pyAmd64)} (linux/amd64)`, 'Pin index (multi-arch)']);

    const devcontainer = await openWorkspaceFile('.devcontainer/devcontainer.json', [
      '{',
      '  // The image the team works in',
      '  "name": "shop",',
      '  "image": "python:3.12",',
      '  "features": { "ghcr.io/devcontainers/features/node:1": {} },',
      '}',
      '',
    ].join('\n'));
    assert.strictEqual(devcontainer.document.languageId, 'jsonc');
    const devTitles = await settledLenses(devcontainer.document.uri, [3]);
    assert.deepStrictEqual(Object.keys(devTitles).map(Number), [3], 'features are not images');
  });

  it('a YAML file that names no image gets no lens and no diagnostic', async () => {
    // Big enough that a parse would show: 60 000 lines, the word "image" among them.
    const lines = ['# site settings', 'description: the image gallery of the shop', 'services:', '  - mail', '  - search'];
    for (let i = 0; i < 60_000; i++) lines.push(`key_${i}: value ${i}`);
    const editor = await openWorkspaceFile('config/settings.yaml', `${lines.join('\n')}\n`);
    const uri = editor.document.uri;
    assert.strictEqual(editor.document.languageId, 'yaml');
    const started = performance.now();
    const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const first = performance.now() - started;
    const again = performance.now();
    await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    // Reported, never asserted: the cost of every provider call on such a file.
    console.log(`[measure] code lens provider calls on a ${lines.length}-line YAML without images: first ${first.toFixed(1)} ms, again ${(performance.now() - again).toFixed(1)} ms`);
    assert.deepStrictEqual(found, []);
    // Diagnostics are published right after open (the first refresh has no delay): give them time to show up if they would.
    await new Promise((r) => setTimeout(r, 1000));
    assert.deepStrictEqual(diagnosticSummary(uri), []);
    assert.strictEqual(await vscode.commands.executeCommand('dockerPin.pinAll', uri), undefined, 'Pin All has nothing to do with it');
  });

  it('Check Workspace reads closed files of every kind, and passes over YAML that names no image', async () => {
    const compose = writeWorkspaceFile('check/docker-compose.yml', 'services:\n  db:\n    image: postgres:16\n');
    const workflow = writeWorkspaceFile('.github/workflows/check.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n    container: python:3.12\n    steps: []\n');
    const manifest = writeWorkspaceFile('check/pod.yml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: postgres:16\n');
    const devcontainer = writeWorkspaceFile('.devcontainer/check/devcontainer.json', '{\n  // comment\n  "image": "python:3.12",\n}\n');
    const gitlab = writeWorkspaceFile('check/sub/.gitlab-ci.yml', 'test:\n  image: python:3.12\n  script: [true]\n');
    const plain = writeWorkspaceFile('check/values.yaml', 'image:\n  repository: nginx\n  tag: "1.27"\n');
    const summary = await vscode.commands.executeCommand<{ files: number; unpinned: number }>('dockerPin.checkWorkspace');
    assert.ok(summary.unpinned >= 5, JSON.stringify(summary));
    assert.deepStrictEqual(diagnosticSummary(compose), ['2:unpinned:Information']);
    assert.deepStrictEqual(diagnosticSummary(workflow), ['4:unpinned:Information']);
    assert.deepStrictEqual(diagnosticSummary(manifest), ['5:unpinned:Information']);
    assert.deepStrictEqual(diagnosticSummary(devcontainer), ['2:unpinned:Information']);
    assert.deepStrictEqual(diagnosticSummary(gitlab), ['1:unpinned:Information']);
    assert.deepStrictEqual(diagnosticSummary(plain), [], 'a Helm values file is no manifest');
    assert.strictEqual(readFileSync(compose.fsPath, 'utf8'), 'services:\n  db:\n    image: postgres:16\n', 'checking writes nothing');
  });
});
