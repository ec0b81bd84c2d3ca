// Every kind of file that names images, in a real VS Code: a compose file (VS Code's dockercompose
// language), a workflow and a Kubernetes manifest (yaml), a manifest written as JSON (json), a dev
// container (jsonc). Lenses above
// the images, a quick fix and Pin All that change only the references, byte for byte, and a YAML
// file that names no image left alone: no lens, no diagnostic.
import * as assert from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import {
  activateExtension, applyAction, childFor, closeAllEditors, codeActions, diagnosticSummary, lensTitles, openWorkspaceFile, registry, short,
  waitFor, writeWorkspaceFile,
} from './helpers';

describe('every file kind: compose, workflows, manifests, dev containers', () => {
  let rubyAmd64: string;
  let rubyArm64: string;
  let mongoAmd64: string;

  before(async () => {
    const reg = registry('public');
    const ruby = await pushImage(reg, 'library/ruby', '3.3', { platforms: ['linux/amd64', 'linux/arm64'] });
    rubyAmd64 = childFor(ruby.children, 'linux/amd64').digest;
    rubyArm64 = childFor(ruby.children, 'linux/arm64').digest;
    mongoAmd64 = childFor((await pushImage(reg, 'library/mongo', '8', { platforms: ['linux/amd64'] })).children, 'linux/amd64').digest;
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
      // 'Show log' stands in for a lens guessed before the answer came, until the line is drawn again.
      return lines.every((line) => titles[line] !== undefined && !titles[line].includes('Show log')) ? titles : undefined;
    });
  }

  const COMPOSE = [
    /* 0 */ '# The shop, for local runs',
    /* 1 */ 'x-db: &db',
    /* 2 */ '  image: "mongo:8"   # kept quoted',
    /* 3 */ 'services:',
    /* 4 */ '  web:',
    /* 5 */ '    image: ruby:3.3',
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
    assert.deepStrictEqual(titles[2], [`Pin to ${short(mongoAmd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.deepStrictEqual(titles[5], [`Pin to ${short(rubyArm64)} (linux/arm64)`, 'Pin index (multi-arch)']);
    assert.deepStrictEqual(Object.keys(titles).map(Number), [2, 5], 'an image a build produces is never pinned');
    await waitFor('diagnostics', () => (diagnosticSummary(uri).length === 2 ? true : undefined));
    assert.deepStrictEqual(diagnosticSummary(uri), ['2:unpinned:Information', '5:unpinned:Information']);

    const fix = (await codeActions(uri, new vscode.Range(2, 10, 2, 10))).find((a) => a.title === 'Pin to platform digest (linux/amd64)');
    assert.ok(fix, 'a quick fix on the quoted image');
    await applyAction(fix);
    const onePinned = COMPOSE.replace('"mongo:8"', `"mongo:8@${mongoAmd64}"`);
    await waitFor('the quick fix edit', () => (editor.document.getText() === onePinned ? true : undefined));

    const result = await vscode.commands.executeCommand<{ pinned: number; result: string }>('dockerPin.pinAll');
    assert.deepStrictEqual([result.pinned, result.result], [1, 'applied']);
    assert.strictEqual(editor.document.getText(), onePinned.replace('image: ruby:3.3\r\n', `image: ruby:3.3@${rubyArm64}\r\n`));
  });

  it("compose: reads the project's .env as it is now, and Pin All pins a value written there in .env, never on the line", async () => {
    const env = (text: string) => writeWorkspaceFile('envproj/.env', text);
    env('DB_IMAGE=mongo:8\nRUBY_TAG=3.99\n');
    const text = ['services:', '  db:', '    image: ${DB_IMAGE}', '  web:', '    image: ruby:${RUBY_TAG}', ''].join('\n');
    const editor = await openWorkspaceFile('envproj/compose.yaml', text);
    const uri = editor.document.uri;
    let titles = await settledLenses(uri, [2, 4]);
    assert.deepStrictEqual(titles[2], ['Pin All · pins DB_IMAGE in .env (line 1)']);
    assert.deepStrictEqual(titles[4], ['⚠ not found']);
    env('DB_IMAGE=mongo:8\nRUBY_TAG=3.3\n');
    titles = await waitFor('the lens for the new .env value', async () => {
      const now = await lensTitles(uri);
      return now[4]?.[0] === `Pin to ${short(rubyAmd64)} (linux/amd64)` ? now : undefined;
    });
    assert.match(ourDiagnosticMessage(uri, 2), /DB_IMAGE in the project's \.env file, so its pin goes there/);

    const result = await vscode.commands.executeCommand<{ pinned: number; inEnvFile?: number; result: string }>('dockerPin.pinAll');
    assert.deepStrictEqual([result.pinned, result.inEnvFile, result.result], [2, undefined, 'applied']);
    assert.strictEqual(editor.document.getText(), text.replace('ruby:${RUBY_TAG}', `ruby:\${RUBY_TAG}@${rubyAmd64}`), 'never a digest after ${DB_IMAGE}');
    const envFile = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(uri, '..', '.env'));
    assert.strictEqual(envFile.getText(), `DB_IMAGE=mongo:8@${mongoAmd64}\nRUBY_TAG=3.3\n`, 'the pin is written where the value is');
  });

  const WORKFLOW = [
    /* 0 */ 'name: ci',
    /* 1 */ 'on: push',
    /* 2 */ 'jobs:',
    /* 3 */ '  test:',
    /* 4 */ '    runs-on: ubuntu-latest',
    /* 5 */ '    container: ruby:3.3',
    /* 6 */ '    services:',
    /* 7 */ '      db:',
    /* 8 */ "        image: 'mongo:8'",
    /* 9 */ '    steps:',
    /* 10 */ '      - uses: actions/checkout@v4',
    /* 11 */ '      - uses: docker://ruby:3.3 # lint',
    /* 12 */ '  matrix:',
    /* 13 */ '    runs-on: ubuntu-latest',
    /* 14 */ '    container: ${{ matrix.image }}',
    /* 15 */ '    steps: [{ run: "true" }]',
    '',
  ].join('\n');

  it('workflow: lenses on the job container, services and docker:// steps, an expression said unresolved, hover, Show Manifest, Pin All pins the file', async () => {
    const editor = await openWorkspaceFile('.github/workflows/ci.yml', WORKFLOW);
    const uri = editor.document.uri;
    const titles = await settledLenses(uri, [5, 8, 11, 14]);
    assert.deepStrictEqual(titles[5], [`Pin to ${short(rubyAmd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.deepStrictEqual(titles[8], [`Pin to ${short(mongoAmd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.deepStrictEqual(titles[11], [`Pin to ${short(rubyAmd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    assert.match(titles[14]?.[0] ?? '', /^⚠ not pinned: /, 'an expression cannot be worked out, and says so');
    assert.deepStrictEqual(Object.keys(titles).map(Number), [5, 8, 11, 14], 'no lens on actions/checkout');

    // Hover and Show Manifest on the job container, for the platform of its runner (ubuntu-latest: linux/amd64).
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(5, 17));
    const hover = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.ok(hover.includes(rubyAmd64) && hover.includes('linux/arm64'), hover);
    editor.selection = new vscode.Selection(5, 17, 5, 17);
    await vscode.commands.executeCommand('dockerPin.showManifest');
    const manifest = await waitFor('the manifest document', () => {
      const doc = vscode.window.activeTextEditor?.document;
      return doc?.uri.scheme === 'docker-pin-manifest' ? doc : undefined;
    });
    assert.strictEqual(manifest.uri.path, '/docker.io/library/ruby/3.3 (linux-amd64).json');
    await vscode.window.showTextDocument(editor.document);

    const result = await vscode.commands.executeCommand<{ pinned: number; problems: number; result: string }>('dockerPin.pinAll', uri);
    assert.deepStrictEqual([result.pinned, result.problems, result.result], [3, 1, 'applied']);
    assert.strictEqual(
      editor.document.getText(),
      WORKFLOW.replace('container: ruby:3.3', `container: ruby:3.3@${rubyAmd64}`)
        .replace("image: 'mongo:8'", `image: 'mongo:8@${mongoAmd64}'`)
        .replace('docker://ruby:3.3 # lint', `docker://ruby:3.3@${rubyAmd64} # lint`),
    );
  });

  it('workflow: each image a job matrix gives has its lenses where the matrix writes it, and Pin All pins it there', async () => {
    const text = [
      /* 0 */ 'jobs:',
      /* 1 */ '  test:',
      /* 2 */ '    runs-on: ubuntu-latest',
      /* 3 */ '    strategy:',
      /* 4 */ '      matrix:',
      /* 5 */ '        image: [ruby:3.3, "mongo:8"]',
      /* 6 */ '    container: ${{ matrix.image }}',
      '',
    ].join('\n');
    const editor = await openWorkspaceFile('.github/workflows/matrix.yml', text);
    const titles = await settledLenses(editor.document.uri, [5]);
    assert.deepStrictEqual(Object.keys(titles).map(Number), [5], 'lenses on the matrix values, none where they are read');
    assert.ok(titles[5].includes(`Pin to ${short(rubyAmd64)} (linux/amd64)`) && titles[5].includes(`Pin to ${short(mongoAmd64)} (linux/amd64)`), titles[5].join(' | '));
    const result = await vscode.commands.executeCommand<{ pinned: number; problems: number; result: string }>('dockerPin.pinAll', editor.document.uri);
    assert.deepStrictEqual([result.pinned, result.problems, result.result], [2, 0, 'applied']);
    assert.strictEqual(editor.document.getText(), text.replace('[ruby:3.3, "mongo:8"]', `[ruby:3.3@${rubyAmd64}, "mongo:8@${mongoAmd64}"]`));
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
      '          image: mongo:8',
      '      containers:',
      '        - name: web',
      '          image: ruby:3.3',
      '',
    ].join('\n'));
    assert.strictEqual(manifest.document.languageId, 'yaml');
    const manifestTitles = await settledLenses(manifest.document.uri, [8, 11]);
    assert.deepStrictEqual(manifestTitles[11], [`Pin to ${short(rubyAmd64)} (linux/amd64)`, 'Pin index (multi-arch)']);

    const devcontainer = await openWorkspaceFile('.devcontainer/devcontainer.json', [
      '{',
      '  // The image the team works in',
      '  "name": "shop",',
      '  "image": "ruby:3.3",',
      '  "features": { "ghcr.io/devcontainers/features/node:1": {} },',
      '}',
      '',
    ].join('\n'));
    assert.strictEqual(devcontainer.document.languageId, 'jsonc');
    const devTitles = await settledLenses(devcontainer.document.uri, [3]);
    assert.deepStrictEqual(Object.keys(devTitles).map(Number), [3], 'features are not images');
  });

  it('CircleCI, Bitbucket Pipelines, Azure Pipelines, Drone and Woodpecker configs and Forgejo workflows get lenses on their images, for the architecture each runs on', async () => {
    const arm = [`Pin to ${short(rubyArm64)} (linux/arm64)`, 'Pin index (multi-arch)'];
    const amd = [`Pin to ${short(rubyAmd64)} (linux/amd64)`, 'Pin index (multi-arch)'];
    const cases: [string, string[], number, string[]][] = [
      ['.circleci/config.yml', ['version: 2.1', 'jobs:', '  test:', '    docker:', '      - image: ruby:3.3', '    resource_class: arm.medium', '    steps: [checkout]'], 4, arm],
      ['bitbucket-pipelines.yml', ['pipelines:', '  default:', '    - step:', '        image: ruby:3.3', '        script: [rake]'], 3, amd],
      ['azure-pipelines.yml', ['pool: {vmImage: ubuntu-latest}', 'container: ruby:3.3', 'steps:', '  - script: rake'], 1, amd],
      ['.drone.yml', ['kind: pipeline', 'platform: {os: linux, arch: arm64}', 'steps:', '  - name: test', '    image: ruby:3.3'], 4, arm],
      ['.woodpecker.yml', ['labels:', '  platform: linux/arm64', 'steps:', '  test:', '    image: ruby:3.3'], 4, arm],
      // A Forgejo Actions workflow: GitHub's syntax, but a runner's label names no architecture for sure there.
      ['.forgejo/workflows/ci.yml', ['on: push', 'jobs:', '  test:', '    runs-on: ubuntu-24.04-arm', '    container: ruby:3.3', '    steps: []'], 4, amd],
    ];
    for (const [path, lines, line, titles] of cases) {
      const opened = await openWorkspaceFile(path, [...lines, ''].join('\n'));
      assert.strictEqual(opened.document.languageId, 'yaml', path);
      const seen = await settledLenses(opened.document.uri, [line]);
      assert.deepStrictEqual(seen[line], titles, path);
      await closeAllEditors();
      // Left out of the workspace the later tests read.
      rmSync(opened.document.uri.fsPath);
    }
  });

  it('a Kubernetes manifest written as JSON gets its lenses, and Pin All pins it inside its strings, valid JSON', async () => {
    const POD = [
      /* 0 */ '{',
      /* 1 */ '    "apiVersion": "v1",',
      /* 2 */ '    "kind": "Pod",',
      /* 3 */ '    "spec": {',
      /* 4 */ '        "nodeSelector": {"kubernetes.io/arch": "arm64"},',
      /* 5 */ '        "containers": [',
      /* 6 */ '            {"name": "web", "image": "ruby:3.3"}',
      /* 7 */ '        ]',
      /* 8 */ '    }',
      '}',
      '',
    ].join('\n');
    const editor = await openWorkspaceFile('deploy/pod.json', POD);
    const uri = editor.document.uri;
    assert.strictEqual(editor.document.languageId, 'json');
    const titles = await settledLenses(uri, [6]);
    assert.deepStrictEqual(titles[6], [`Pin to ${short(rubyArm64)} (linux/arm64)`, 'Pin index (multi-arch)']);
    const result = await vscode.commands.executeCommand<{ pinned: number; result: string }>('dockerPin.pinAll', uri);
    assert.deepStrictEqual([result.pinned, result.result], [1, 'applied']);
    assert.strictEqual(editor.document.getText(), POD.replace('"ruby:3.3"', `"ruby:3.3@${rubyArm64}"`));
    assert.doesNotThrow(() => JSON.parse(editor.document.getText()));
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
    const compose = writeWorkspaceFile('check/docker-compose.yml', 'services:\n  db:\n    image: mongo:8\n');
    const workflow = writeWorkspaceFile('.github/workflows/check.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n    container: ruby:3.3\n    steps: []\n');
    const manifest = writeWorkspaceFile('check/pod.yml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: mongo:8\n');
    const devcontainer = writeWorkspaceFile('.devcontainer/check/devcontainer.json', '{\n  // comment\n  "image": "ruby:3.3",\n}\n');
    const gitlab = writeWorkspaceFile('check/sub/.gitlab-ci.yml', 'test:\n  image: ruby:3.3\n  script: [true]\n');
    const plain = writeWorkspaceFile('check/values.yaml', 'image:\n  repository: nginx\n  tag: "1.27"\n');
    const json = writeWorkspaceFile('check/pod.json', '{"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a", "image": "mongo:8"}]}}\n');
    const otherJson = writeWorkspaceFile('check/package.json', '{\n  "name": "check",\n  "kind": "app",\n  "image": "mongo:8"\n}\n');
    const summary = await vscode.commands.executeCommand<{ files: number; unpinned: number }>('dockerPin.checkWorkspace');
    assert.ok(summary.unpinned >= 6, JSON.stringify(summary));
    assert.deepStrictEqual(diagnosticSummary(compose), ['2:unpinned:Information']);
    assert.deepStrictEqual(diagnosticSummary(workflow), ['4:unpinned:Information']);
    assert.deepStrictEqual(diagnosticSummary(manifest), ['5:unpinned:Information']);
    assert.deepStrictEqual(diagnosticSummary(devcontainer), ['2:unpinned:Information']);
    assert.deepStrictEqual(diagnosticSummary(gitlab), ['1:unpinned:Information']);
    assert.deepStrictEqual(diagnosticSummary(plain), [], 'a Helm values file is no manifest');
    assert.deepStrictEqual(diagnosticSummary(json), ['0:unpinned:Information'], 'a manifest written as JSON');
    assert.deepStrictEqual(diagnosticSummary(otherJson), [], 'a package.json is no manifest');
    assert.strictEqual(readFileSync(compose.fsPath, 'utf8'), 'services:\n  db:\n    image: mongo:8\n', 'checking writes nothing');
  });

  it("Check Workspace reads a GitLab file with its pipeline's variables: an image written as a variable an included file defines is unpinned at that value", async () => {
    // Its own repository: `include: local` paths start at the repository root.
    const repository = writeWorkspaceFile('pipeline/.git', 'gitdir: ../.git-pipeline\n');
    const main = writeWorkspaceFile('pipeline/.gitlab-ci.yml', 'include:\n  - local: /ci/common.yml\n  - local: /ci/build.yml\n');
    const common = writeWorkspaceFile('pipeline/ci/common.yml', 'variables:\n  BUILD_IMAGE: ruby:3.3\n');
    const build = writeWorkspaceFile('pipeline/ci/build.yml', 'build:\n  image: $BUILD_IMAGE\n  script: [true]\n');
    try {
      await vscode.commands.executeCommand('dockerPin.checkWorkspace');
      assert.deepStrictEqual(diagnosticSummary(common), ['1:unpinned:Information']);
      assert.deepStrictEqual(diagnosticSummary(build), [], 'its image is reported where its value is written');
      assert.deepStrictEqual(diagnosticSummary(main), []);
    } finally {
      for (const uri of [repository, main, common, build]) rmSync(uri.fsPath);
    }
  });
});
