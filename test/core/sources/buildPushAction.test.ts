import * as assert from 'node:assert/strict';
import { scanGithubWorkflow } from '../../../src/core/sources/githubWorkflow';
import { formatPlatform } from '../../../src/core/platform';
import { buildWords, unnamedWords } from './buildWords';

/** A workflow of one job running `runsOn` (with `matrix`) whose step uses docker/build-push-action `with` these lines. */
function workflow(inputs: readonly string[], runsOn = 'ubuntu-latest', matrix?: string): string {
  return [
    'on: push',
    'jobs:',
    '  image:',
    `    runs-on: ${runsOn}`,
    ...(matrix === undefined ? [] : ['    strategy:', `      matrix: ${matrix}`]),
    '    env: { DOCKERFILE: docker/Dockerfile }',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: docker/build-push-action@v6',
    ...(inputs.length === 0 ? [] : ['        with:', ...inputs.map((line) => `          ${line}`)]),
    '',
  ].join('\n');
}


describe('core/sources/buildPushAction: the Dockerfiles a workflow builds with docker/build-push-action', () => {
  it('reads context, file, platforms, target and build-args as the action does; paths are the repository root’s, two folders up', () => {
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow([]))), ['../../Dockerfile ../.. [linux/amd64]']);
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['context: ./app', 'platforms: |', '  linux/amd64', '  # not this one', '  linux/arm64,linux/arm/v7']))), [
      '../../app/Dockerfile ../../app linux/amd64,linux/arm64,linux/arm/v7',
    ]);
    assert.deepEqual(
      buildWords(scanGithubWorkflow(workflow(['context: "{{defaultContext}}:svc"', 'file: ${{ env.DOCKERFILE }}', 'target: prod', 'build-args: |', '  A=1', '  B=x=y', '  C=${{ secrets.TOKEN }}']))),
      ['../../docker/Dockerfile ../../svc [linux/amd64] target prod A=1 B=x=y C=?'],
    );
    // The runner's own platform when no platforms are named; another action names no build.
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow([], 'ubuntu-24.04-arm'))), ['../../Dockerfile ../.. [linux/arm64]']);
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow([], 'self-hosted'))), ['../../Dockerfile ../.. [configured]']);
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['platforms: linux/arm64']).replace('docker/build-push-action', 'docker/bake-action'))), []);
  });

  it('a matrix value is read for each run of the job, and the runs that build the same make one build', () => {
    const matrix = '{ arch: [amd64, arm64], node: [20, 22] }';
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['platforms: linux/${{ matrix.arch }}'], 'ubuntu-latest', matrix))), ['../../Dockerfile ../.. linux/amd64', '../../Dockerfile ../.. linux/arm64']);
    // Builds for the runner of each run: a matrix of x64 and arm64 runners builds natively on both.
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['file: ${{ matrix.dir }}/Dockerfile'], '${{ matrix.os }}', '{ include: [{ os: ubuntu-latest, dir: a }, { os: ubuntu-24.04-arm, dir: a }] }'))), [
      '../../a/Dockerfile ../.. [linux/amd64]',
      '../../a/Dockerfile ../.. [linux/arm64]',
    ]);
  });

  it("the job's runner is the builder of each build, whatever platforms it is for: $BUILDPLATFORM is the runner's; a runner whose architecture is not known leaves the configured one", () => {
    const builders = (text: string) =>
      (scanGithubWorkflow(text).builds ?? []).map(
        (b) =>
          `${b.platforms.map(formatPlatform).join(',') || (b.platform === undefined ? 'own' : `[${formatPlatform(b.platform)}]`)} on ${b.builderUnknown !== undefined ? 'unknown' : b.builder === undefined ? 'configured' : formatPlatform(b.builder)}`,
      );
    assert.deepEqual(builders(workflow(['platforms: linux/amd64,linux/arm64'])), ['linux/amd64,linux/arm64 on linux/amd64']);
    assert.deepEqual(builders(workflow(['platforms: linux/amd64'], 'ubuntu-24.04-arm')), ['linux/amd64 on linux/arm64']);
    const matrix = '{ include: [{ runner: ubuntu-24.04, platform: linux/amd64 }, { runner: ubuntu-24.04-arm, platform: linux/arm64 }] }';
    assert.deepEqual(builders(workflow(['platforms: ${{ matrix.platform }}'], '${{ matrix.runner }}', matrix)), ['linux/amd64 on linux/amd64', 'linux/arm64 on linux/arm64']);
    assert.deepEqual(builders(workflow([], 'self-hosted')), ['own on configured']);
    // A builder set up off the runner (the kubernetes, remote or cloud driver, one an expression
    // gives, an endpoint, appended nodes) builds on machines the workflow does not name: of a
    // platform unknown, and a build naming no platforms is for that unknown one, not the runner's.
    const setUp = (inputs: string, build = ['platforms: linux/amd64']) =>
      workflow(build, 'ubuntu-24.04-arm').replace('      - uses: docker/build-push-action', `      - uses: docker/setup-buildx-action@v3\n        with: ${inputs}\n      - uses: docker/build-push-action`);
    for (const inputs of ['{ driver: kubernetes }', '{ driver: cloud, endpoint: acme/builder }', '{ driver: remote, endpoint: "tcp://buildkitd:1234" }', '{ append: "- endpoint: ssh://arm" }', '{ driver: "${{ inputs.driver }}" }']) {
      assert.deepEqual(builders(setUp(inputs)), ['linux/amd64 on unknown'], inputs);
      assert.deepEqual(builders(setUp(inputs, [])), ['own on unknown'], inputs);
    }
    assert.equal(
      scanGithubWorkflow(setUp('{ driver: kubernetes }')).builds?.[0].builderUnknown,
      'the docker/setup-buildx-action step of its job sets up a builder with the kubernetes driver, off the runner, whose platform the workflow does not say',
    );
    assert.deepEqual(builders(setUp('{ driver: docker-container, platforms: linux/amd64 }')), ['linux/amd64 on linux/arm64']);
    // depot/use-action makes Depot's builders the job's buildx builder.
    assert.deepEqual(builders(setUp('{ project: abc }').replace('docker/setup-buildx-action@v3', 'depot/use-action@v1')), ['linux/amd64 on unknown']);
    // depot/build-push-action takes the same inputs and builds on Depot's builders, off the runner, whatever the job sets up.
    const depot = (inputs: readonly string[]) => workflow(inputs, 'ubuntu-24.04-arm').replace('docker/build-push-action@v6', 'depot/build-push-action@v1');
    assert.deepEqual(buildWords(scanGithubWorkflow(depot(['file: ./docker/Dockerfile', 'platforms: linux/amd64,linux/arm64']))), ['../../docker/Dockerfile ../.. linux/amd64,linux/arm64']);
    assert.deepEqual(builders(depot(['platforms: linux/amd64'])), ['linux/amd64 on unknown']);
    assert.deepEqual(builders(depot([])), ['own on unknown']);
    assert.match(scanGithubWorkflow(depot([])).builds?.[0].builderUnknown ?? '', /^depot\/build-push-action builds on Depot's builders, off the runner/);
    assert.deepEqual(builders(setUp('{ driver: docker-container }', [])), ['[linux/arm64] on linux/arm64']);
    // useblacksmith/build-push-action takes the same inputs and builds on the runner, with a BuildKit of its own, whatever the job sets up.
    const blacksmith = (text: string) => text.replace(/docker\/build-push-action@v6/g, 'useblacksmith/build-push-action@v1');
    assert.deepEqual(buildWords(scanGithubWorkflow(blacksmith(workflow(['file: ./docker/Dockerfile', 'platforms: linux/amd64,linux/arm64'], 'blacksmith-4vcpu-ubuntu-2404-arm')))), ['../../docker/Dockerfile ../.. linux/amd64,linux/arm64']);
    assert.deepEqual(builders(blacksmith(workflow([], 'blacksmith-4vcpu-ubuntu-2404-arm'))), ['[linux/arm64] on linux/arm64']);
    assert.deepEqual(builders(blacksmith(setUp('{ driver: kubernetes }', ['platforms: linux/amd64']))), ['linux/amd64 on linux/arm64']);
    // A run step's docker build: the same.
    const runStep = (setup: readonly string[]) => ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04-arm', '    steps:', ...setup, '      - run: docker buildx build --platform linux/amd64 -t app .', ''].join('\n');
    assert.deepEqual(builders(runStep([])), ['linux/amd64 on linux/arm64']);
    assert.deepEqual(builders(runStep(['      - uses: docker/setup-buildx-action@v3', '        with: { driver: kubernetes }'])), ['linux/amd64 on unknown']);
  });

  it('a folder actions/checkout puts this repository in is that folder of the repository; another repository’s checkout builds none of its Dockerfiles', () => {
    const steps = (checkout: string, inputs: readonly string[]) =>
      workflow(inputs).replace('      - uses: actions/checkout@v4', ['      - uses: actions/checkout@v4', `        with: ${checkout}`].join('\n'));
    assert.deepEqual(buildWords(scanGithubWorkflow(steps('{ path: release }', ['context: release', 'file: release/cmd/app/Dockerfile']))), ['../../cmd/app/Dockerfile ../.. [linux/amd64]']);
    assert.deepEqual(buildWords(scanGithubWorkflow(steps('{ path: src/, repository: "${{ github.repository }}" }', ['context: src/app']))), ['../../app/Dockerfile ../../app [linux/amd64]']);
    assert.deepEqual(buildWords(scanGithubWorkflow(steps('{ path: lib, repository: acme/tools }', ['context: lib', 'platforms: linux/arm64']))), []);
    // The Git context is the repository itself, whatever the workspace holds; so is a path outside every checkout folder.
    assert.deepEqual(buildWords(scanGithubWorkflow(steps('{ path: lib, repository: acme/tools }', ['file: lib/Dockerfile']))), ['../../lib/Dockerfile ../.. [linux/amd64]']);
    assert.deepEqual(buildWords(scanGithubWorkflow(steps('{ path: lib, repository: acme/tools }', ['context: app']))), ['../../app/Dockerfile ../../app [linux/amd64]']);
    // An env name may hold a hyphen.
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['context: ${{ env.working-directory }}']).replace('env: { DOCKERFILE', 'env: { working-directory: ./ray, DOCKERFILE'))), ['../../ray/Dockerfile ../../ray [linux/amd64]']);
  });

  it('build-contexts: each name is a named context of the build; a docker-image:// one is an image the build pulls, for its platforms, pinned where it is written', () => {
    const text = workflow(['platforms: linux/amd64,linux/arm64', 'build-contexts: |', '  base=docker-image://alpine:3.20', '  # a comment', '  src=./src', '  tools=docker-image://${{ env.TOOLS }}']);
    const result = scanGithubWorkflow(text);
    assert.deepEqual([...(result.builds?.[0].namedContexts ?? [])], ['base', 'src', 'tools']);
    assert.equal(result.builds?.[0].namedContextsField, 'build-contexts');
    assert.deepEqual(
      result.images.map((o) => [o.expanded, o.text, o.line, o.platforms?.map((p) => (p === undefined ? '' : formatPlatform(p)))]),
      [['alpine:3.20', 'alpine:3.20', text.split('\n').findIndex((l) => l.includes('base=')) + 1, ['linux/amd64', 'linux/arm64']]],
    );
    const start = result.images[0].range.start;
    assert.equal(text.split('\n')[start.line].slice(start.character), 'alpine:3.20');
    assert.deepEqual(result.problems.map((p) => [p.kind, p.text]), [['unresolved', '${{ env.TOOLS }}']]);
  });

  it('what cannot be worked out is said: an expression hiding the Dockerfile or the platforms is unresolved, a remote context skipped, a bad platform invalid', () => {
    const problems = (inputs: readonly string[]) => scanGithubWorkflow(workflow(inputs)).problems.map((p) => `${p.kind} ${p.text}: ${p.message}`);
    const [platforms] = problems(['platforms: ${{ inputs.platforms }}']);
    assert.match(platforms, /^unresolved \$\{\{ inputs\.platforms \}\}: the platforms input of the docker\/build-push-action step of job image holds the workflow expression \$\{\{ inputs\.platforms \}\}, known only when the workflow runs/);
    assert.match(platforms, /write the platforms out, pin that Dockerfile's images to index digests \(--index\), or accept it with --allow-unresolved$/);
    assert.match(problems(['file: ${{ inputs.file }}', 'platforms: linux/arm64'])[0], /^unresolved .*the file input/);
    // A Dockerfile it does not say, built for the runner's own platform only: as any direct reading of it.
    assert.deepEqual(problems(['file: ${{ inputs.file }}']), []);
    assert.deepEqual(problems(['context: https://github.com/acme/app.git#main']), [
      'skipped https://github.com/acme/app.git#main: the docker/build-push-action step of job image builds from https://github.com/acme/app.git#main, a remote context: its Dockerfile is not read here',
    ]);
    assert.match(problems(['platforms: linux/amd64,linux//arm64'])[0], /^invalid linux\/amd64,linux\/\/arm64: the platforms input of the docker\/build-push-action step of job image: /);
  });

  it('a step whose Dockerfile an expression hides, for named platforms, marks its problem with them (unknown when an expression hides them too); one hiding only its platforms names its Dockerfile', () => {
    const step = 'the docker/build-push-action step of job image';
    const unnamed = (inputs: readonly string[], matrix?: string) => unnamedWords(scanGithubWorkflow(workflow(inputs, 'ubuntu-latest', matrix)));
    assert.deepEqual(unnamed(['file: ${{ inputs.file }}', 'platforms: linux/arm64']), [`10 ${step}: linux/arm64`]);
    // A hidden context: its Dockerfile, unless the file input names one from the workspace.
    assert.deepEqual(unnamed(['context: ${{ inputs.context }}', 'platforms: ${{ inputs.platforms }}']), [`10 ${step}: ? (…/Dockerfile)`]);
    assert.deepEqual(unnamed(['context: ${{ inputs.context }}', 'file: ./build/Dockerfile.ci', 'platforms: linux/arm64']), [`10 ${step}: linux/arm64 (…/build/Dockerfile.ci)`]);
    assert.deepEqual(unnamed(['file: ${{ matrix.dockerfile }}', 'platforms: linux/${{ matrix.arch }}'], '${{ fromJSON(inputs.matrix) }}'), [`12 ${step}: ?`]);
    assert.deepEqual(unnamed(['file: ${{ inputs.file }}', 'platforms: linux/${{ matrix.arch }}'], '{ arch: [amd64, arm64] }'), [`12 ${step}: linux/amd64,linux/arm64`]);
    assert.deepEqual(unnamed(['platforms: ${{ inputs.platforms }}']), []);
    assert.deepEqual(unnamed(['file: ${{ inputs.file }}']), []);
  });
});
