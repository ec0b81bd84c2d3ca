// An open Dockerfile a workflow's docker/build-push-action step builds is read live as that build
// reads it, beside its own reading, as check . reads it: built for linux/amd64 and linux/arm64, its
// line is offered the index digest only; the workflow edited to build for one platform, the
// platform pin comes back. So does one a compose service or a dev container builds for another
// platform than the configured one, one an action names that a workflow also builds for several,
// and one a GoReleaser config, a Bake file, a Makefile recipe, a shell script, a package.json script (a workspace package's too, run by
// npm run -w on an arm64 runner), a buildah run step, a Skaffold config or a Woodpecker
// pipeline's build plugin step builds for several (the Makefile and the script followed as they are typed in), one a recipe of a file a
// Makefile includes builds (that file followed as it is saved and typed in, the Makefile as it is typed in), and one a composite action of
// the repository builds that a job on an arm64 runner uses, and a stage built on a builder the
// kubernetes driver sets up off the runner. Real registry, real VS Code.
import * as assert from 'node:assert';
import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pushImage } from '../../support/push';
import { testWorkspace } from './env';
import { activateExtension, childFor, click, closeAllEditors, codeOf, hoverText, lenses, lensOn, lensWithTitle, openUri, ourDiagnostics, registry, short, textOf, waitFor, writeWorkspaceFile } from './helpers';

describe('A Dockerfile a workflow or compose builds for several platforms', () => {
  let index: string;
  let amd64: string;

  before(async () => {
    // An image no other suite names: answers cached there cannot stand in for this push.
    const pushed = await pushImage(registry('public'), 'library/liveworkflow', '1.0', { platforms: ['linux/amd64', 'linux/arm64'] });
    index = pushed.index.digest;
    amd64 = childFor(pushed.children, 'linux/amd64').digest;
    await activateExtension();
    await closeAllEditors();
  });

  afterEach(closeAllEditors);

  const workflow = (platforms: string) =>
    ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', `          platforms: ${platforms}`, ''].join('\n');

  /** After an edit: a lens of the line's answer before it may be drawn a moment longer, so the index's alone is waited for. */
  const indexLensAlone = async (dockerfile: vscode.Uri) => {
    const title = `Pin index ${short(index)} (multi-arch)`;
    await waitFor(`only ${title} on line 1`, async () => {
      const titles = (await lenses(dockerfile)).filter((lens) => lens.line === 0).map((lens) => lens.title);
      return titles.length === 1 && titles[0] === title ? titles : undefined;
    });
  };

  /**
   * `<name>/.github/workflows`, each folder made and its creation seen in turn: a folder made with
   * its files at once is reported alone, and the watcher may then never see a change inside it.
   */
  const workflowsFolder = async (name: string) => {
    const watcher = vscode.workspace.createFileSystemWatcher(`{**/${name},**/${name}/.github,**/${name}/.github/workflows}`, false, true, true);
    const seen = new Set<string>();
    watcher.onDidCreate((uri) => seen.add(path.basename(uri.fsPath)));
    for (const folder of [name, `${name}/.github`, `${name}/.github/workflows`]) {
      mkdirSync(path.join(testWorkspace(), folder));
      await waitFor(`the creation of ${folder} reported`, () => (seen.has(path.basename(folder)) ? true : undefined));
    }
    watcher.dispose();
  };

  it('offers the index digest only, as check . pins it; built for one platform again, the platform pin', async () => {
    await workflowsFolder('liveworkflow');
    writeWorkspaceFile('liveworkflow/.github/workflows/release.yml', workflow('linux/amd64,linux/arm64'));
    const dockerfile = writeWorkspaceFile('liveworkflow/Dockerfile', 'FROM liveworkflow:1.0\nRUN true\n');
    await openUri(dockerfile);
    const title = `Pin index ${short(index)} (multi-arch)`;
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [title]);
    writeWorkspaceFile('liveworkflow/.github/workflows/release.yml', workflow('linux/amd64'));
    assert.deepStrictEqual(await lensOn(dockerfile, 0, `Pin to ${short(amd64)}`), [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    writeWorkspaceFile('liveworkflow/.github/workflows/release.yml', workflow('linux/amd64,linux/arm64'));
    assert.strictEqual(await click(await lensWithTitle(dockerfile, title)), 'applied');
    assert.strictEqual(textOf(dockerfile), `FROM liveworkflow:1.0@${index}\nRUN true\n`);
  });

  it('so does a Dockerfile a compose service builds for linux/arm64: its own reading is for the configured platform', async () => {
    writeWorkspaceFile('livecompose/compose.yaml', 'services:\n  web:\n    platform: linux/arm64\n    build: .\n');
    const dockerfile = writeWorkspaceFile('livecompose/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  it('follows the workflow as it is typed in, before it is saved', async () => {
    const flow = writeWorkspaceFile('livetyped/.github/workflows/release.yml', workflow('linux/amd64'));
    const dockerfile = writeWorkspaceFile('livetyped/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, `Pin to ${short(amd64)}`), [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    const document = await vscode.workspace.openTextDocument(flow);
    const edit = new vscode.WorkspaceEdit();
    const line = document.lineAt(document.lineCount - 2);
    edit.replace(flow, line.range, '          platforms: linux/amd64,linux/arm64');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await indexLensAlone(dockerfile);
  });

  it('so does a Dockerfile a dev container builds for linux/arm64 (build.options), its configuration JSON with comments', async () => {
    writeWorkspaceFile(
      'livedevcontainer/.devcontainer/devcontainer.json',
      ['{', '  // built for the Apple silicon machines the team opens it on', '  "build": { "dockerfile": "Dockerfile", "options": ["--platform=linux/arm64"] },', '}', ''].join('\n'),
    );
    const dockerfile = writeWorkspaceFile('livedevcontainer/.devcontainer/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  it('so does a Docker container action\'s Dockerfile a workflow of its repository also builds for two platforms', async () => {
    writeWorkspaceFile('liveaction/action.yml', ['name: hello', 'runs:', '  using: docker', '  image: Dockerfile', ''].join('\n'));
    writeWorkspaceFile('liveaction/.github/workflows/publish.yml', workflow('linux/amd64,linux/arm64'));
    const dockerfile = writeWorkspaceFile('liveaction/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  it('so does a Dockerfile a GoReleaser config builds with dockers_v2 (linux/amd64 and linux/arm64 by default)', async () => {
    writeWorkspaceFile('livegoreleaser/.goreleaser.yaml', 'version: 2\ndockers_v2:\n  - images: [acme/app]\n');
    const dockerfile = writeWorkspaceFile('livegoreleaser/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  it('so does a Dockerfile a workflow run step builds with docker buildx build --platform linux/amd64,linux/arm64', async () => {
    writeWorkspaceFile(
      'liverun/.github/workflows/ci.yml',
      ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          docker buildx build \\', '            --platform linux/amd64,linux/arm64 --push -t acme/app .', ''].join('\n'),
    );
    const dockerfile = writeWorkspaceFile('liverun/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  it("so does a Dockerfile a GitLab job's script builds for two platforms, from the repository's root", async () => {
    // Its own repository: a job's script runs at the repository root.
    writeWorkspaceFile('livegitlab/.git', 'gitdir: ../.git-livegitlab\n');
    writeWorkspaceFile('livegitlab/.gitlab-ci.yml', ['build:', '  script:', '    - cd app', '    - docker buildx build --platform linux/amd64,linux/arm64 -t acme/app .', ''].join('\n'));
    const dockerfile = writeWorkspaceFile('livegitlab/app/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  it("so does a Dockerfile a workspace package's script builds that a job on an arm64 runner runs with npm run -w, the package picked by its name", async () => {
    // Its own repository: the workflow's run step runs from the repository's root.
    writeWorkspaceFile('liveworkspaces/.git', 'gitdir: ../.git-liveworkspaces\n');
    writeWorkspaceFile('liveworkspaces/package.json', JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'] }, null, 2));
    writeWorkspaceFile('liveworkspaces/packages/web/package.json', JSON.stringify({ name: '@acme/web', scripts: { image: 'docker build -t acme/web .' } }, null, 2));
    writeWorkspaceFile(
      'liveworkspaces/.github/workflows/ci.yml',
      ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - uses: actions/checkout@v4', '      - run: npm run image -w @acme/web', ''].join('\n'),
    );
    const dockerfile = writeWorkspaceFile('liveworkspaces/packages/web/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  it('so does a Dockerfile a Bake target builds for linux/amd64 and linux/arm64 (docker-bake.hcl)', async () => {
    writeWorkspaceFile('livebake/docker-bake.hcl', 'target "app" {\n  platforms = ["linux/amd64", "linux/arm64"]\n}\n');
    const dockerfile = writeWorkspaceFile('livebake/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  it('so does a Dockerfile a Makefile recipe builds with docker buildx build --platform linux/amd64,linux/arm64', async () => {
    writeWorkspaceFile('livemake/Makefile', ['.PHONY: image', 'image:', '\tdocker buildx build --platform linux/amd64,linux/arm64 -t x .', ''].join('\n'));
    const dockerfile = writeWorkspaceFile('livemake/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  /** The folder's files written and its Dockerfile opened: its line is offered the index digest only. */
  const offersIndex = async (folder: string, files: Record<string, string[]>, text = 'FROM liveworkflow:1.0\n') => {
    for (const [name, lines] of Object.entries(files)) writeWorkspaceFile(`${folder}/${name}`, [...lines, ''].join('\n'));
    const dockerfile = writeWorkspaceFile(`${folder}/Dockerfile`, text);
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  };

  it("so does a Dockerfile a package.json script builds with docker buildx build --platform linux/amd64,linux/arm64 (npm runs it in the package's folder)", () =>
    offersIndex('livenpm', {
      'package.json': ['{', '  "name": "app",', '  "scripts": {', '    "image": "docker buildx build --platform linux/amd64,linux/arm64 -t acme/app ."', '  }', '}'],
    }));

  it('so does a stage no build reaches of a Dockerfile its builds build for two platforms: a build not shown may build it for either', async () => {
    writeWorkspaceFile(
      'liveunreached/.github/workflows/ci.yml',
      ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-latest', '    steps:', '      - run: docker buildx build --platform linux/amd64,linux/arm64 --target app -t acme/app .', ''].join('\n'),
    );
    const dockerfile = writeWorkspaceFile('liveunreached/Dockerfile', 'FROM liveworkflow:1.0 AS app\nFROM liveworkflow:1.0 AS dev\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 1, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  it('so does a Dockerfile a workflow run step builds with buildah bud --platform linux/amd64,linux/arm64', () =>
    offersIndex('livebuildah', {
      '.github/workflows/ci.yml': ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-latest', '    steps:', '      - run: buildah bud --platform linux/amd64,linux/arm64 -t acme/app .'],
    }));

  it('so does a Dockerfile a Skaffold config builds for linux/amd64 and linux/arm64 (build.platforms)', () =>
    offersIndex('liveskaffold', {
      'skaffold.yaml': ['apiVersion: skaffold/v4beta11', 'kind: Config', 'build:', '  platforms: ["linux/amd64", "linux/arm64"]', '  artifacts:', '    - image: acme/app'],
    }));

  it("so does a Dockerfile a Woodpecker pipeline's buildx plugin step builds for linux/amd64 and linux/arm64, from the repository's root", () =>
    offersIndex('livewoodpecker', {
      // Its own repository: the plugin builds in the workspace, where the repository is checked out.
      '.git': ['gitdir: ../.git-livewoodpecker'],
      '.woodpecker/docker.yaml': [
        'steps:',
        '  image:',
        '    image: woodpeckerci/plugin-docker-buildx:6.1.1',
        '    settings:',
        '      repo: acme/app',
        "      platforms: 'linux/amd64,linux/arm64/v8'",
      ],
    }));

  it('so does a stage built on the builder (FROM --platform=$BUILDPLATFORM) that a workflow builds for linux/amd64 on an arm64 runner: the runner builds it', () =>
    offersIndex(
      'livebuilder',
      {
        '.github/workflows/ci.yml': ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          platforms: linux/amd64'],
      },
      'FROM --platform=$BUILDPLATFORM liveworkflow:1.0 AS build\nFROM scratch\nCOPY --from=build /x /x\n',
    ));

  it('so does a stage built on the builder that a workflow builds for linux/amd64 on a builder the kubernetes driver sets up off the runner: its platform is unknown', () =>
    offersIndex(
      'livekubernetes',
      {
        '.github/workflows/ci.yml': [
          'on: push',
          'jobs:',
          '  image:',
          '    runs-on: ubuntu-24.04',
          '    steps:',
          '      - uses: docker/setup-buildx-action@v3',
          '        with: { driver: kubernetes }',
          '      - uses: docker/build-push-action@v6',
          '        with:',
          '          platforms: linux/amd64',
        ],
      },
      'FROM --platform=$BUILDPLATFORM liveworkflow:1.0 AS build\nFROM scratch\nCOPY --from=build /x /x\n',
    ));

  it("a build whose platforms only the workflow's caller knows is settled by index pins, as check settles it: under digestKind: index its Dockerfile is offered the index alone and the step's line says nothing; without, the line is unresolved", async () => {
    const workflow = ['on:', '  workflow_call:', '    inputs: { platforms: { type: string } }', 'jobs:', '  image:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          platforms: ${{ inputs.platforms }}'];
    const unresolvedAt = (uri: vscode.Uri) => ourDiagnostics(uri).filter((d) => codeOf(d).startsWith('unresolved')).map((d) => d.range.start.line);
    // Without index pins: the step's platforms are unresolved.
    writeWorkspaceFile('livehiddenplain/.git', 'gitdir: ../.git-livehiddenplain\n');
    const plain = writeWorkspaceFile('livehiddenplain/.github/workflows/image.yml', [...workflow, ''].join('\n'));
    writeWorkspaceFile('livehiddenplain/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(plain);
    assert.deepStrictEqual(await waitFor('the platforms unresolved', () => (unresolvedAt(plain).length > 0 ? unresolvedAt(plain) : undefined)), [9]);
    // The repository pins index digests: the Dockerfile is read for any platform, and the step is settled.
    writeWorkspaceFile('livehiddenindex/.git', 'gitdir: ../.git-livehiddenindex\n');
    writeWorkspaceFile('livehiddenindex/.docker-pin.yaml', 'digestKind: index\n');
    const settled = writeWorkspaceFile('livehiddenindex/.github/workflows/image.yml', [...workflow, ''].join('\n'));
    const dockerfile = writeWorkspaceFile('livehiddenindex/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
    await openUri(settled);
    await waitFor('the step settled', () => (unresolvedAt(settled).length === 0 ? true : undefined));
    // It stays so once the workflow's own reading is done.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepStrictEqual(unresolvedAt(settled), []);
  });

  it("so does a Dockerfile a Makefile builds with docker build, which a job on an arm64 runner runs make on: built for the configured platform and the runner's", () =>
    offersIndex('livemakerun', {
      // Its own repository: the step runs make at the repository root.
      '.git': ['gitdir: ../.git-livemakerun'],
      Makefile: ['image:', '\tdocker build -t acme/app .'],
      '.github/workflows/ci.yml': ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - uses: actions/checkout@v4', '      - run: make image'],
    }));

  it("so does a Dockerfile a composite action of the repository builds with docker build, used by a job on an arm64 runner: built for the configured platform and the runner's", () =>
    offersIndex('livelocalaction', {
      // Its own repository: the action's steps run at the repository root.
      '.git': ['gitdir: ../.git-livelocalaction'],
      '.github/actions/image/action.yml': ['name: image', 'runs:', '  using: composite', '  steps:', '    - shell: bash', '      run: docker build -t acme/app .'],
      '.github/workflows/ci.yml': ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - uses: actions/checkout@v4', '      - uses: ./.github/actions/image'],
    }));

  it("follows a workflow's runner and the composite action it uses as they are typed in, before they are saved", async () => {
    writeWorkspaceFile('livelocaltyped/.git', 'gitdir: ../.git-livelocaltyped\n');
    writeWorkspaceFile(
      'livelocaltyped/.github/actions/image/action.yml',
      ['name: image', 'runs:', '  using: composite', '  steps:', '    - shell: bash', '      run: docker build -t acme/app .', ''].join('\n'),
    );
    const flow = writeWorkspaceFile(
      'livelocaltyped/.github/workflows/ci.yml',
      ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04', '    steps:', '      - uses: actions/checkout@v4', '      - uses: ./.github/actions/image', ''].join('\n'),
    );
    const dockerfile = writeWorkspaceFile('livelocaltyped/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    const platformPin = [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)'];
    assert.deepStrictEqual(await lensOn(dockerfile, 0, `Pin to ${short(amd64)}`), platformPin);
    // The job moved to an arm64 runner, before the workflow is saved: the action builds there too; moved back, it does not.
    const document = await vscode.workspace.openTextDocument(flow);
    const runsOn = async (runner: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(flow, document.lineAt(3).range, `    runs-on: ${runner}`);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    await runsOn('ubuntu-24.04-arm');
    await indexLensAlone(dockerfile);
    await runsOn('ubuntu-24.04');
    assert.deepStrictEqual(await lensOn(dockerfile, 0, `Pin to ${short(amd64)}`), platformPin);
    await runsOn('ubuntu-24.04-arm');
    await indexLensAlone(dockerfile);
    // The action typed in to name its platform: the runner's is no longer built.
    const action = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(flow, '../../actions/image/action.yml'));
    const named = new vscode.WorkspaceEdit();
    named.replace(action.uri, action.lineAt(5).range, '      run: docker build --platform linux/amd64 -t acme/app .');
    assert.ok(await vscode.workspace.applyEdit(named));
    assert.deepStrictEqual(await lensOn(dockerfile, 0, `Pin to ${short(amd64)}`), platformPin);
  });

  it("a compose file a workflow's run step runs docker compose up on, in a matrix of an amd64 and an arm64 runner: its image without platform: is offered the index digest only, the hover names the job and runner, and so is the Dockerfile a service builds; the matrix typed down to amd64, the platform pin", async () => {
    writeWorkspaceFile('livecomposerun/.git', 'gitdir: ../.git-livecomposerun\n');
    const flow = writeWorkspaceFile(
      'livecomposerun/.github/workflows/e2e.yml',
      ['on: push', 'jobs:', '  e2e:', '    strategy: { matrix: { runner: [ubuntu-24.04, ubuntu-24.04-arm] } }', '    runs-on: ${{ matrix.runner }}', '    steps:', '      - uses: actions/checkout@v4', '      - run: docker compose up --build -d', ''].join('\n'),
    );
    const compose = writeWorkspaceFile('livecomposerun/compose.yaml', 'services:\n  db:\n    image: liveworkflow:1.0\n  web:\n    build: .\n');
    const dockerfile = writeWorkspaceFile('livecomposerun/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(compose);
    const title = `Pin index ${short(index)} (multi-arch)`;
    assert.deepStrictEqual(await lensOn(compose, 2, short(index)), [title]);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', compose, new vscode.Position(2, 14));
    assert.match(hoverText(hovers), /a run step of job e2e in livecomposerun\/\.github\/workflows\/e2e\.yml runs it \(docker compose up on a linux\/arm64 runner\)/);
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [title]);
    // Typed down to amd64 runners, before it is saved: the compose file's line is the configured platform's again.
    const document = await vscode.workspace.openTextDocument(flow);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(flow, document.lineAt(3).range, '    strategy: { matrix: { runner: [ubuntu-24.04] } }');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await openUri(compose);
    assert.deepStrictEqual(await lensOn(compose, 2, `Pin to ${short(amd64)}`), [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
  });

  it('follows the Makefile as it is typed in, before it is saved: its PLATFORMS given linux/arm64 too, the index digest only', async () => {
    const makefile = writeWorkspaceFile('livemaketyped/Makefile', ['PLATFORMS ?= linux/amd64', 'image:', '\tdocker buildx build --platform=$(PLATFORMS) -t x .', ''].join('\n'));
    const dockerfile = writeWorkspaceFile('livemaketyped/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, `Pin to ${short(amd64)}`), [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    const document = await vscode.workspace.openTextDocument(makefile);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(makefile, document.lineAt(0).range, 'PLATFORMS ?= linux/amd64,linux/arm64');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await indexLensAlone(dockerfile);
  });

  it('so does a Dockerfile a recipe of a file its Makefile includes builds for two platforms (include rules.inc); rules.inc saved, then typed in, and the Makefile typed in, the lens follows', async () => {
    // Its own repository: the included file must lie inside it, as make's include is read.
    writeWorkspaceFile('livemakeinclude/.git', 'gitdir: ../.git-livemakeinclude\n');
    const makefile = writeWorkspaceFile('livemakeinclude/Makefile', ['REPO ?= acme/app', 'include rules.inc', ''].join('\n'));
    const rules = (platforms: string) => [`PLATFORMS ?= ${platforms}`, 'image:', '\tdocker buildx build --platform $(PLATFORMS) -t $(REPO) .', ''].join('\n');
    const included = writeWorkspaceFile('livemakeinclude/rules.inc', rules('linux/amd64,linux/arm64'));
    const dockerfile = writeWorkspaceFile('livemakeinclude/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
    // Saved to build for one platform: rules.inc matches no makefile name, yet its change is seen.
    writeWorkspaceFile('livemakeinclude/rules.inc', rules('linux/amd64'));
    const platformPin = [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)'];
    assert.deepStrictEqual(await lensOn(dockerfile, 0, `Pin to ${short(amd64)}`), platformPin);
    // Typed in, before it is saved: both platforms again.
    const typed = await vscode.workspace.openTextDocument(included);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(included, typed.lineAt(0).range, 'PLATFORMS ?= linux/amd64,linux/arm64');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await indexLensAlone(dockerfile);
    // The Makefile typed in to set PLATFORMS before the include (its ?= then sets nothing): read with
    // the included text as the editor holds it, its recipe builds for one platform. A first edit that
    // changes no build reads the index again (the Makefile's builds were not known before).
    const document = await vscode.workspace.openTextDocument(makefile);
    const comment = new vscode.WorkspaceEdit();
    comment.insert(makefile, new vscode.Position(0, 0), '# the app image\n');
    assert.ok(await vscode.workspace.applyEdit(comment));
    await indexLensAlone(dockerfile);
    const set = new vscode.WorkspaceEdit();
    set.insert(makefile, new vscode.Position(document.lineCount - 2, 0), 'PLATFORMS = linux/amd64\n');
    assert.ok(await vscode.workspace.applyEdit(set));
    assert.deepStrictEqual(await lensOn(dockerfile, 0, `Pin to ${short(amd64)}`), platformPin);
  });

  it('so does a Dockerfile the shell script scripts/build-image.sh builds from its repository folder (cd "$(dirname "$0")/..") with docker buildx build --platform linux/amd64,linux/arm64', async () => {
    writeWorkspaceFile('livescript/scripts/build-image.sh', ['#!/usr/bin/env bash', 'set -euo pipefail', 'cd "$(dirname "$0")/.."', 'docker buildx build --platform linux/amd64,linux/arm64 -t x .', ''].join('\n'));
    const dockerfile = writeWorkspaceFile('livescript/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, short(index)), [`Pin index ${short(index)} (multi-arch)`]);
  });

  it('follows the shell script as it is typed in, before it is saved: its PLATFORMS given linux/arm64 too, the index digest only', async () => {
    const script = writeWorkspaceFile(
      'livescripttyped/scripts/build-image.sh',
      ['PLATFORMS=linux/amd64', 'cd "$(dirname "$0")/.."', 'docker buildx build --platform "$PLATFORMS" -t x .', ''].join('\n'),
    );
    const dockerfile = writeWorkspaceFile('livescripttyped/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    assert.deepStrictEqual(await lensOn(dockerfile, 0, `Pin to ${short(amd64)}`), [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    const document = await vscode.workspace.openTextDocument(script);
    // A first edit that changes no build: the index is read again (the script's builds were not known
    // before), so the next edit is the one whose builds, read from the script's folder, must differ.
    const comment = new vscode.WorkspaceEdit();
    comment.insert(script, new vscode.Position(document.lineCount - 1, 0), '# pushed by the release job\n');
    assert.ok(await vscode.workspace.applyEdit(comment));
    assert.deepStrictEqual(await lensOn(dockerfile, 0, `Pin to ${short(amd64)}`), [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)']);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(script, document.lineAt(0).range, 'PLATFORMS=linux/amd64,linux/arm64');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await indexLensAlone(dockerfile);
  });

  it("a Dockerfile a workflow builds for platforms only the run knows (platforms: ${{ inputs.platforms }}) is told at its top, naming the workflow's line, as check Dockerfile says; a script's build of a Dockerfile it does not name, for two platforms, too; the lens still offers the configured platform's pin", async () => {
    await workflowsFolder('livehidden');
    writeWorkspaceFile('livehidden/.github/workflows/release.yml', workflow('${{ inputs.platforms }}'));
    const dockerfile = writeWorkspaceFile('livehidden/Dockerfile', 'FROM liveworkflow:1.0\n');
    await openUri(dockerfile);
    const told = () => ourDiagnostics(dockerfile).filter((d) => d.range.start.line === 0 && d.range.start.character === 0 && d.message.includes(' builds '));
    const workflowTold = await waitFor('the hidden build told at the top', () => (told().length === 1 ? told() : undefined));
    assert.strictEqual(codeOf(workflowTold[0]), 'unresolved');
    assert.match(workflowTold[0].message, /^the docker\/build-push-action step of job image in livehidden\/\.github\/workflows\/release\.yml builds this Dockerfile, and the platforms input .* holds the workflow expression \$\{\{ inputs\.platforms \}\}/);
    // The told problem's lens says it is unresolved; the line keeps its pins (the lenses are redrawn after the diagnostics).
    const pins = [`Pin to ${short(amd64)} (linux/amd64)`, 'Pin index (multi-arch)'];
    const line0 = await waitFor('the unresolved lens beside the pins', async () => {
      const titles = (await lenses(dockerfile)).filter((lens) => lens.line === 0).map((lens) => lens.title);
      return titles.length === 3 && titles.some((title) => title.startsWith('⚠ unresolved: ')) ? titles : undefined;
    });
    assert.deepStrictEqual(line0.filter((title) => !title.startsWith('⚠ ')), pins);
    assert.match(line0.find((title) => title.startsWith('⚠ ')) ?? '', /^⚠ unresolved: the docker\/build-push-action step of job image/);
    // The workflow names its platforms: nothing to tell, and the index digest only.
    writeWorkspaceFile('livehidden/.github/workflows/release.yml', workflow('linux/amd64,linux/arm64'));
    await indexLensAlone(dockerfile);
    await waitFor('the hidden build no longer told', () => (told().length === 0 ? true : undefined));
    // A script building a Dockerfile it does not name (-f "$DOCKERFILE") for two platforms: this one may be it.
    writeWorkspaceFile('livehidden/.github/workflows/release.yml', workflow('linux/amd64'));
    const script = writeWorkspaceFile('livehidden/scripts/release.sh', ['#!/bin/bash', 'cd "$(dirname "$0")/.."', 'docker buildx build --platform linux/amd64,linux/arm64 -f "$DOCKERFILE" -t other .', ''].join('\n'));
    try {
      const scriptTold = await waitFor('the unnamed build told at the top', () => (told().length === 1 && told()[0].message.includes('release.sh') ? told() : undefined));
      assert.match(scriptTold[0].message, /^the docker build command on line 3 of the script in livehidden\/scripts\/release\.sh builds a Dockerfile it does not name, for linux\/amd64, linux\/arm64, and this Dockerfile may be that one/);
    } finally {
      // It may build any Dockerfile of the workspace: gone, no other is told of it.
      rmSync(script.fsPath);
    }
    await waitFor('the unnamed build no longer told', () => (told().length === 0 ? true : undefined));
  });
});
