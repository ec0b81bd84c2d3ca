import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pushImage } from '../support/push';
import type { TestRegistry } from '../support/registry';
import { digestFor, type Images, type Pushed, withMultiStageRegistry } from './fixtures';
import { runCli, tempDir } from './helpers';

const APP_DOCKERFILE = [
  'ARG BASE_TAG=3.19',
  'FROM golang:1.22 AS build',
  'RUN go build ./...',
  'FROM busybox:1.36 AS debug',
  'FROM alpine:${BASE_TAG} AS prod',
  'COPY --from=build /out /out',
  '',
].join('\n');

const COMPOSE = [
  'services:',
  '  web:',
  '    image: acme/web:dev',
  '    build:',
  '      context: ./app',
  '      args:',
  '        BASE_TAG: "3.20"',
  '      target: prod',
  '',
].join('\n');

/**
 * What check says of a line built from a partial ARG (`alpine:${BASE_TAG}`) that its readings name
 * differently: a digest in the build arg (`3.20@sha256:…`) leaves the direct reading's 3.19 to pin on
 * the line, which would break the build's reference, so only agreeing readings (or an ignore) end it.
 */
const CONFLICT =
  'conflict "alpine:${BASE_TAG}": its readings name different images, alpine:3.19 (read directly) and alpine:3.20 (as service web in compose.yaml builds it), ' +
  'and one digest cannot pin them all, so it is not pinned: BASE_TAG is only part of the reference, so no build arg can take the digest; ' +
  "make the readings agree (the same BASE_TAG in the ARG default and in every build's args), or leave the line alone with a docker-pin: ignore comment";

/** A line of check's output without the builds on runners its why names (`this image is used for linux/amd64 and linux/arm64 (… builds it)`). */
const withoutRunners = (line: string) => line.replace(/(this image is used for \S+ and \S+) \(.* builds it\)\)$/, '$1)');

const wins = (arg: string) => `; a digest on this line wins over --build-arg ${arg}=…: the override no longer changes the image here`;

describe('docker-pin check and pin: the Dockerfiles that builds use', function () {
  let registry: TestRegistry;
  let images: Images;
  let common: string[];
  let alpine319: Pushed;
  let dir: string;

  withMultiStageRegistry((fixture) => ({ registry, images, common } = fixture));
  before(async () => {
    alpine319 = await pushImage(registry, 'library/alpine', '3.19', { platforms: ['linux/amd64', 'linux/arm64'] });
  });
  beforeEach(() => {
    dir = tempDir('builds');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
    return name;
  };
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const run = (...args: string[]) => runCli([args[0], ...common, ...args.slice(1)], { cwd: dir });
  /** `check .` finds each of `dockerfiles`' `FROM golang:1.22` used for linux/amd64 and linux/arm64, and nothing else; the index digest (the builds on runners that make it so named after it, `withoutRunners`). */
  const checkedForTwoPlatforms = async (dockerfiles: readonly string[]): Promise<string> => {
    const index = images.golang.index.digest;
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(
      checked.stdout.trimEnd().split('\n').map(withoutRunners),
      dockerfiles.map((file) => `${file}:1:6: unpinned golang:1.22 (would pin ${index}, the index digest: this image is used for linux/amd64 and linux/arm64)`),
    );
    return index;
  };

  it('a Dockerfile read directly and built by a service for linux/arm64 takes the index digest, which fits both; a platform pin there is stale', async () => {
    write('app/Dockerfile', 'FROM golang:1.22\nRUN go build ./...\n');
    write('compose.yaml', 'services:\n  web:\n    platform: linux/arm64\n    build: ./app\n');
    const index = images.golang.index.digest;
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [`app/Dockerfile:1:6: unpinned golang:1.22 (would pin ${index}, the index digest: this image is used for linux/amd64 and linux/arm64)`]);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('app/Dockerfile'), `FROM golang:1.22@${index}\nRUN go build ./...\n`);
    assert.equal((await run('check', '.')).code, 0);
    // An amd64 pin written before runs the wrong image in the arm64 build.
    const amd64 = digestFor(images.golang, 'amd64');
    write('app/Dockerfile', `FROM golang:1.22@${amd64}\nRUN go build ./...\n`);
    const stale = await run('check', '.');
    assert.equal(stale.code, 1, stale.stderr);
    assert.deepEqual(stale.stdout.trimEnd().split('\n'), [`app/Dockerfile:1:6: stale golang:1.22@${amd64} (would update to ${index}, the index digest: this image is used for linux/amd64 and linux/arm64)`]);
    const updated = await run('pin', '--update', '.');
    assert.equal(updated.code, 0, updated.stderr + updated.stdout);
    assert.equal(read('app/Dockerfile'), `FROM golang:1.22@${index}\nRUN go build ./...\n`);
  });

  it('a Dockerfile a workflow builds with docker/build-push-action for linux/amd64 and linux/arm64 takes the index digest; its build args and target count', async () => {
    write('Dockerfile', 'FROM golang:1.22\nRUN go build ./...\n');
    write('app/Dockerfile.prod', 'ARG BASE=busybox:1.36\nFROM ${BASE} AS base\nFROM alpine:3.19 AS unused\nFROM base\n');
    write(
      '.github/workflows/release.yml',
      [
        'on: push',
        'env:',
        '  PLATFORMS: linux/amd64,linux/arm64',
        'jobs:',
        '  image:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: docker/build-push-action@v6',
        '        with:',
        '          platforms: ${{ env.PLATFORMS }}',
        '  app:',
        '    runs-on: ubuntu-latest',
        '    strategy: { matrix: { arch: [amd64, arm64] } }',
        '    steps:',
        '      - uses: docker/build-push-action@v6',
        '        with:',
        '          context: "{{defaultContext}}:app"',
        '          file: app/Dockerfile.prod',
        '          target: base',
        '          platforms: linux/${{ matrix.arch }}',
        '          build-args: |',
        '            BASE=golang:1.22',
        '',
      ].join('\n'),
    );
    const index = images.golang.index.digest;
    const used = 'the index digest: this image is used for linux/amd64 and linux/arm64';
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [
      `Dockerfile:1:6: unpinned golang:1.22 (would pin ${index}, ${used})`,
      // The build reads ${BASE} as its build-args give it, golang, where the ARG's default (read directly) says busybox.
      'app/Dockerfile.prod:2:6: conflict "${BASE}": its readings name different images, busybox:1.36 (read directly) and golang:1.22 (as the docker/build-push-action step of job app in .github/workflows/release.yml builds it), ' +
        'and one digest cannot pin them all, so it is not pinned: write the digest into the build args that set BASE (…@sha256:…), or make the readings agree',
      // Only read directly: the build's target stops before it. The builds shown build the file for
      // two platforms, so one not shown (a --target given elsewhere) may build this stage for either.
      `app/Dockerfile.prod:3:6: unpinned alpine:3.19 (would pin ${alpine319.index.digest}, the index digest: no build the repository shows reaches this stage, and those it shows build this Dockerfile for linux/amd64 and linux/arm64: a build it does not show (a --target given elsewhere, a developer's machine) may build the stage for any of them)`,
    ]);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 1, pinned.stderr + pinned.stdout);
    assert.equal(read('Dockerfile'), `FROM golang:1.22@${index}\nRUN go build ./...\n`);
    // Builds for the configured platform alone leave a stage they do not reach to it; a stage built
    // for a platform of its own keeps that one.
    write('app/Dockerfile.prod', 'ARG BASE=busybox:1.36\nFROM ${BASE} AS base\nFROM alpine:3.19 AS unused\nFROM --platform=linux/amd64 alpine:3.19 AS tools\nFROM base\n');
    const own = await run('check', 'app/Dockerfile.prod');
    assert.match(own.stdout, new RegExp(`^app/Dockerfile\\.prod:4:\\d+: unpinned alpine:3\\.19 \\(would pin ${digestFor(alpine319, 'amd64')}\\)$`, 'm'), own.stdout);
    write('.github/workflows/release.yml', read('.github/workflows/release.yml').replace('arch: [amd64, arm64]', 'arch: [amd64]').replace('linux/amd64,linux/arm64', 'linux/amd64'));
    const single = await run('check', 'app/Dockerfile.prod');
    assert.match(single.stdout, new RegExp(`^app/Dockerfile\\.prod:3:6: unpinned alpine:3\\.19 \\(would pin ${digestFor(alpine319, 'amd64')}\\)$`, 'm'), single.stdout);
  });

  it('a named context a docker/build-push-action step gives (build-contexts) is what the Dockerfile reads, not a registry image; a docker-image:// one is pinned in the workflow', async () => {
    write('Dockerfile', 'FROM base\nCOPY --from=tools /bin/x /x\n');
    const flow = ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: docker/build-push-action@v6', '        with:', '          build-contexts: |', '            base=docker-image://golang:1.22', '            tools=./tools', ''].join('\n');
    write('.github/workflows/release.yml', flow);
    const checked = await run('check', '--json', '.');
    assert.equal(checked.code, 1, checked.stderr);
    const entries = JSON.parse(checked.stdout) as { file: string; line: number; state: string; reference: string; message?: string }[];
    assert.deepEqual(
      entries.map((e) => [e.file, e.line, e.state, e.reference]),
      [
        ['.github/workflows/release.yml', 9, 'unpinned', 'golang:1.22'],
        ['Dockerfile', 1, 'ignored', 'base'],
        ['Dockerfile', 2, 'ignored', 'tools'],
      ],
    );
    assert.match(entries[1].message ?? '', /its named context base \(build-contexts\)/);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('.github/workflows/release.yml'), flow.replace('docker-image://golang:1.22', `docker-image://golang:1.22@${digestFor(images.golang, 'amd64')}`));
    assert.equal(read('Dockerfile'), 'FROM base\nCOPY --from=tools /bin/x /x\n');
    assert.equal((await run('check', '.')).code, 0);
  });

  it('a Dockerfile GoReleaser builds once per platform (dockers with --platform) takes the index digest; a ko base is pinned to its index', async () => {
    write('Dockerfile', 'FROM golang:1.22\n');
    const entry = (arch: string) => [`  - image_templates: ["acme/app:{{ .Tag }}-${arch}"]`, '    use: buildx', `    build_flag_templates: ["--pull", "--platform=linux/${arch}"]`];
    write('.goreleaser.yaml', ['version: 2', 'dockers:', ...entry('amd64'), ...entry('arm64'), 'kos:', '  - base_image: alpine:3.19', ''].join('\n'));
    const index = images.golang.index.digest;
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [
      `.goreleaser.yaml:10:17: unpinned alpine:3.19 (would pin ${alpine319.index.digest})`,
      `Dockerfile:1:6: unpinned golang:1.22 (would pin ${index}, the index digest: this image is used for linux/amd64 and linux/arm64)`,
    ]);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('Dockerfile'), `FROM golang:1.22@${index}\n`);
    assert.match(read('.goreleaser.yaml'), new RegExp(`base_image: alpine:3\\.19@${alpine319.index.digest}\\n`));
  });

  it('a Dockerfile a workflow run step builds with docker buildx build --platform linux/amd64,linux/arm64 takes the index digest; so does one built on an arm64 runner without --platform, read directly for linux/amd64', async () => {
    write('Dockerfile', 'FROM golang:1.22\n');
    write('tools/Dockerfile', 'FROM golang:1.22 AS build\n');
    write(
      '.github/workflows/release.yml',
      [
        'on: push',
        'jobs:',
        '  release:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: |',
        '          docker buildx build \\',
        '            --platform linux/amd64,linux/arm64 \\',
        '            -t acme/app:${{ github.sha }} --push .',
        '  tools:',
        '    runs-on: ubuntu-24.04-arm',
        '    steps:',
        '      - run: cd tools && docker build -t acme/tools .',
        '',
      ].join('\n'),
    );
    const index = await checkedForTwoPlatforms(['Dockerfile', 'tools/Dockerfile']);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('Dockerfile'), `FROM golang:1.22@${index}\n`);
    // Read directly for the configured linux/amd64 and built on the arm64 runner: the index fits both.
    assert.equal(read('tools/Dockerfile'), `FROM golang:1.22@${index} AS build\n`);
  });

  it("a stage built on the builder (FROM --platform=$BUILDPLATFORM) is read for each runner a workflow builds on: a matrix of an amd64 and an arm64 runner, each building its own platform, takes the index digest; so does a run step, a composite action or a GitLab job on an arm64 runner; amd64 runners alone keep the amd64 digest", async () => {
    const dockerfile = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build ./...\nFROM alpine:3.19\nCOPY --from=build /out /out\n';
    write('Dockerfile', dockerfile);
    const matrix = (arm: string) =>
      [
        'on: push',
        'jobs:',
        '  image:',
        '    strategy:',
        '      matrix:',
        '        include:',
        '          - { runner: ubuntu-24.04, platform: linux/amd64 }',
        `          - { runner: ${arm}, platform: linux/arm64 }`,
        '    runs-on: ${{ matrix.runner }}',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - uses: docker/build-push-action@v6',
        '        with:',
        '          platforms: ${{ matrix.platform }}',
        '',
      ].join('\n');
    const golangLine = async () => (await run('check', '.')).stdout.split('\n').find((line) => line.startsWith('Dockerfile:1:')) ?? '';
    const amd64 = digestFor(images.golang, 'amd64');
    const index = images.golang.index.digest;
    // Both runs on amd64 runners (the arm64 platform emulated): the builder stage runs on amd64 only.
    write('.github/workflows/image.yml', matrix('ubuntu-24.04'));
    assert.match(await golangLine(), new RegExp(`^Dockerfile:1:\\d+: unpinned golang:1\\.22 \\(would pin ${amd64}`));
    // The arm64 run builds natively: its builder stage runs on arm64, and an amd64 digest there would not.
    write('.github/workflows/image.yml', matrix('ubuntu-24.04-arm'));
    assert.match(await golangLine(), new RegExp(`^Dockerfile:1:\\d+: unpinned golang:1\\.22 \\(would pin ${index}, the index digest: this image is used for linux/amd64 and linux/arm64`));
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('Dockerfile'), dockerfile.replace('golang:1.22', `golang:1.22@${index}`).replace('alpine:3.19', `alpine:3.19@${alpine319.index.digest}`));
    // A run step on an arm64 runner, building for amd64 only.
    write('Dockerfile', dockerfile);
    write('.github/workflows/image.yml', ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - run: docker buildx build --platform linux/amd64 -t app .', ''].join('\n'));
    assert.match(await golangLine(), new RegExp(`would pin ${index}, the index digest`));
    // A composite action of the repository that builds for amd64, used on an arm64 runner.
    write('.github/actions/image/action.yml', ['name: image', 'runs:', '  using: composite', '  steps:', '    - shell: bash', '      run: docker buildx build --platform linux/amd64 -t app .', ''].join('\n'));
    write('.github/workflows/image.yml', ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - uses: actions/checkout@v4', '      - uses: ./.github/actions/image', ''].join('\n'));
    assert.match(await golangLine(), new RegExp(`would pin ${index}, the index digest`));
    // A GitLab job on GitLab.com's hosted arm64 runner, building for amd64.
    rmSync(join(dir, '.github'), { recursive: true });
    write('.gitlab-ci.yml', ['build-image:', '  tags: [saas-linux-small-arm64]', '  script:', '    - docker buildx build --platform linux/amd64 -t app .', ''].join('\n'));
    assert.match(await golangLine(), new RegExp(`would pin ${index}, the index digest`));
  });

  it('a build whose platforms only its run knows is settled by index pins, the way out its message offers: with --index its Dockerfile takes the index digest, a platform pin there is stale, and the build line says nothing more', async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('Dockerfile', 'FROM golang:1.22\n');
    write('Makefile', ['PLATFORMS ?= $(shell cat platforms.txt)', 'image:', '\tdocker buildx build --platform $(PLATFORMS) -t acme/app .', ''].join('\n'));
    const plain = await run('check', '.');
    assert.match(plain.stdout, /^Makefile:3:2: unresolved .*pin that Dockerfile's images to index digests \(--index\)/m, plain.stdout);
    const amd64 = digestFor(images.golang, 'amd64');
    assert.match(plain.stdout, new RegExp(`^Dockerfile:1:6: unpinned golang:1\\.22 \\(would pin ${amd64}\\)$`, 'm'));
    const index = await run('check', '--index', '.');
    assert.equal(index.stdout, `Dockerfile:1:6: unpinned golang:1.22 (would pin ${images.golang.index.digest}, the index digest: the docker build command of the recipe of image in the Makefile in Makefile builds it for platforms known only when it runs)\n`);
    write('Dockerfile', `FROM golang:1.22@${amd64}\n`);
    assert.match((await run('check', '--index', '.')).stdout, new RegExp(`^Dockerfile:1:6: stale golang:1\\.22@${amd64} \\(would update to ${images.golang.index.digest}, the index digest`, 'm'));
    // The repository config's digestKind: index is the same way out.
    write('.docker-pin.yaml', 'digestKind: index\n');
    assert.doesNotMatch((await run('check', '.')).stdout, /unresolved/);
  });

  it("a Dockerfile a job on a Windows runner builds (its PowerShell run step) is built for Windows: its Windows-only image resolves, the index digest beside the configured platform's reading; read for Linux alone, the error says what to do", async () => {
    const windows = await pushImage(registry, 'library/golang', '1.26-windowsservercore-ltsc2022', { platforms: ['windows/amd64'] });
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('win/Dockerfile', 'FROM golang:1.26-windowsservercore-ltsc2022\n');
    const alone = await run('check', '.');
    assert.equal(alone.code, 3, alone.stdout + alone.stderr);
    assert.match(alone.stdout + alone.stderr, /has no image for linux\/amd64 \(available: windows\/amd64\); its images are Windows container images: .*set platform: windows\/amd64 in a \.docker-pin\.yaml in its folder/);
    write('.github/workflows/windows.yml', ['on: push', 'jobs:', '  windows:', '    runs-on: windows-2022', '    steps:', '      - uses: actions/checkout@v4', '      - run: |', '          docker build `', '            -f win/Dockerfile win', ''].join('\n'));
    const built = await run('check', '.');
    assert.equal(built.stdout, `win/Dockerfile:1:6: unpinned golang:1.26-windowsservercore-ltsc2022 (would pin ${windows.index.digest}, the index digest: this image is used for linux/amd64 and windows/amd64 (the docker build command of a run step of job windows in .github/workflows/windows.yml builds it))\n`);
  });

  it("a build in a job whose runner only the run knows (a reusable workflow's runs-on input, a matrix from fromJSON) is for a platform the workflow does not say: the index digest, with why; a runner the file names keeps its own", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('Dockerfile', 'FROM golang:1.22\n');
    const workflow = (runsOn: string, strategy: readonly string[] = []) =>
      ['on:', '  workflow_call:', '    inputs: { runner: { type: string } }', 'jobs:', '  image:', `    runs-on: ${runsOn}`, ...strategy, '    steps:', '      - uses: actions/checkout@v4', '      - run: docker build -t acme/app .', ''].join('\n');
    write('.github/workflows/image.yml', workflow('${{ inputs.runner }}'));
    const checked = await run('check', '.');
    assert.match(
      checked.stdout,
      new RegExp(`^Dockerfile:1:6: unpinned golang:1\\.22 \\(would pin ${images.golang.index.digest}, the index digest: it is built for the platform of its build's builder, and job image runs on a runner known only when the workflow runs \\(runs-on: \\$\\{\\{ inputs\\.runner \\}\\}\\), whose platform the workflow does not say`, 'm'),
      checked.stdout,
    );
    write('.github/workflows/image.yml', workflow('${{ matrix.os }}', ['    strategy:', '      matrix: ${{ fromJSON(needs.init.outputs.matrix) }}']));
    assert.match((await run('check', '.')).stdout, new RegExp(`would pin ${images.golang.index.digest}, the index digest: it is built for the platform of its build's builder, and job image runs on a runner known only when the workflow runs \\(runs-on: \\$\\{\\{ matrix\\.os \\}\\}\\)`));
    const amd64 = `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`;
    write('.github/workflows/image.yml', workflow('${{ matrix.os }}', ['    strategy:', '      matrix: { os: [ubuntu-24.04, ubuntu-22.04] }']));
    assert.equal((await run('check', '.')).stdout, amd64);
    // A custom label says nothing of the architecture: the configured platform, as before.
    write('.github/workflows/image.yml', workflow('[self-hosted, gpu]'));
    assert.equal((await run('check', '.')).stdout, amd64);
  });

  it('a build on a builder set up off the runner (the kubernetes driver) is of a platform the workflow does not say: a stage built on the builder takes the index digest with why, an amd64 pin there is stale; a build naming no platforms is for that builder too', async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    const dockerfile = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN go build ./...\nFROM alpine:3.19\nCOPY --from=build /out /out\n';
    write('Dockerfile', dockerfile);
    const workflow = (driver: string, platforms: readonly string[]) =>
      [
        'on: push',
        'jobs:',
        '  image:',
        '    runs-on: ubuntu-24.04',
        '    steps:',
        '      - uses: actions/checkout@v4',
        '      - uses: docker/setup-buildx-action@v3',
        `        with: { driver: ${driver} }`,
        '      - uses: docker/build-push-action@v6',
        ...(platforms.length === 0 ? [] : ['        with:', ...platforms.map((line) => `          ${line}`)]),
        '',
      ].join('\n');
    const amd64 = (image: typeof images.golang) => digestFor(image, 'amd64');
    const index = images.golang.index.digest;
    // On the runner (docker-container): the amd64 runner is the builder, and the target.
    write('.github/workflows/image.yml', workflow('docker-container', ['platforms: linux/amd64']));
    let checked = await run('check', '.');
    assert.match(checked.stdout, new RegExp(`^Dockerfile:1:\\d+: unpinned golang:1\\.22 \\(would pin ${amd64(images.golang)}\\)`, 'm'), checked.stdout);
    // On a kubernetes builder: the builder stage's platform is the cluster node's.
    write('.github/workflows/image.yml', workflow('kubernetes', ['platforms: linux/amd64']));
    checked = await run('check', '.');
    assert.match(
      checked.stdout,
      new RegExp(`^Dockerfile:1:\\d+: unpinned golang:1\\.22 \\(would pin ${index}, the index digest: it is built for the platform of its build's builder, and the docker/setup-buildx-action step of its job sets up a builder with the kubernetes driver, off the runner, whose platform the workflow does not say`, 'm'),
      checked.stdout,
    );
    assert.match(checked.stdout, new RegExp(`^Dockerfile:3:\\d+: unpinned alpine:3\\.19 \\(would pin ${amd64(alpine319)}\\)`, 'm'), checked.stdout);
    // Checked by name, as pre-commit passes it: the same.
    const named = await run('check', 'Dockerfile');
    assert.match(named.stdout, new RegExp(`^Dockerfile:1:\\d+: unpinned golang:1\\.22 \\(would pin ${index}, the index digest: it is built for the platform of its build's builder`, 'm'), named.stdout);
    // An amd64 pin of the builder stage fits an amd64 builder only: stale, the index its update.
    write('Dockerfile', dockerfile.replace('golang:1.22', `golang:1.22@${amd64(images.golang)}`));
    checked = await run('check', '.');
    assert.match(checked.stdout, /^Dockerfile:1:\d+: stale golang:1\.22/m, checked.stdout);
    const updated = await run('pin', '--update', '.');
    assert.equal(updated.code, 0, updated.stderr + updated.stdout);
    assert.equal(read('Dockerfile').split('\n')[0], `FROM --platform=$BUILDPLATFORM golang:1.22@${index} AS build`);
    // No platforms: the build targets the builder's platform, so every stage is for an unknown one.
    write('Dockerfile', dockerfile);
    write('.github/workflows/image.yml', workflow('kubernetes', []));
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('Dockerfile'), dockerfile.replace('golang:1.22', `golang:1.22@${index}`).replace('alpine:3.19', `alpine:3.19@${alpine319.index.digest}`));
    // A composite action of the repository, or make on the repository's Makefile, in such a job: the same.
    write('Dockerfile', dockerfile);
    const job = (step: string) => ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04', '    steps:', '      - uses: actions/checkout@v4', '      - uses: docker/setup-buildx-action@v3', '        with: { driver: kubernetes }', step, ''].join('\n');
    write('.github/actions/image/action.yml', ['name: image', 'runs:', '  using: composite', '  steps:', '    - shell: bash', '      run: docker buildx build --platform linux/amd64 -t app .', ''].join('\n'));
    write('.github/workflows/image.yml', job('      - uses: ./.github/actions/image'));
    const builderLine = new RegExp(`^Dockerfile:1:\\d+: unpinned golang:1\\.22 \\(would pin ${index}, the index digest: it is built for the platform of its build's builder`, 'm');
    checked = await run('check', '.');
    assert.match(checked.stdout, builderLine, checked.stdout);
    rmSync(join(dir, '.github/actions'), { recursive: true });
    write('Makefile', 'image:\n\tdocker buildx build --platform linux/amd64 -t app .\n');
    write('.github/workflows/image.yml', job('      - run: make image'));
    checked = await run('check', '.');
    assert.match(checked.stdout, builderLine, checked.stdout);
  });

  it("a Makefile a workflow's run step runs make on is built on the step's runners: a recipe's docker build without --platform, run by a matrix of an amd64 and an arm64 runner, takes the index digest, also for a Dockerfile checked by name; on amd64 runners only, the amd64 digest", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('images/base/Dockerfile', 'FROM golang:1.22\n');
    write('images/base/Makefile', 'image:\n\tdocker build -t acme/base .\n');
    const workflow = (runners: string) =>
      ['on: push', 'jobs:', '  image:', `    strategy: { matrix: { runner: [${runners}] } }`, '    runs-on: ${{ matrix.runner }}', '    steps:', '      - uses: actions/checkout@v4', '      - run: make -C images/base image', ''].join('\n');
    write('.github/workflows/image.yml', workflow('ubuntu-24.04, ubuntu-24.04-arm'));
    await checkedForTwoPlatforms(['images/base/Dockerfile']);
    const named = await run('check', 'images/base/Dockerfile');
    assert.match(named.stdout, new RegExp(`would pin ${images.golang.index.digest}, the index digest`), named.stdout);
    write('.github/workflows/image.yml', workflow('ubuntu-24.04'));
    assert.equal((await run('check', '.')).stdout, `images/base/Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`);
  });

  it("a Makefile in a subfolder whose build names a path that exists only from the repository's root says so: it may be run from there with make -f, which is not followed; the advice is not to fix the path", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('build/linux/Dockerfile', 'FROM golang:1.22\n');
    write('build/ext/Makefile', 'remote:\n\tdocker build -f build/linux/Dockerfile .\n');
    write('Makefile', 'ext:\n\tmake remote -f build/ext/Makefile\n');
    const checked = await run('check', '.');
    assert.match(
      checked.stdout,
      /^build\/ext\/Makefile:2:2: unresolved "build\/ext\/build\/linux\/Dockerfile": the docker build command of the recipe of remote in the Makefile in build\/ext\/Makefile builds from build\/ext\/build\/linux\/Dockerfile, which does not exist; build\/linux\/Dockerfile, the same path from the repository's root, does: the Makefile may be run from there \(make -f build\/ext\/Makefile\), which is not followed, so the images that build uses cannot be checked; run it in its own folder \(make -C build\/ext\), write the path from that folder, or accept it with --allow-unresolved$/m,
      checked.stdout,
    );
    // A path that exists nowhere keeps the plain advice.
    write('build/ext/Makefile', 'remote:\n\tdocker build -f build/gone/Dockerfile .\n');
    assert.match((await run('check', '.')).stdout, /build\/ext\/build\/gone\/Dockerfile, which does not exist: the images that build uses cannot be checked; fix the path/);
  });

  it("make run with goals on an arm64 runner builds only what they lead to: a job running make lint leaves the Dockerfile make image builds for the configured platform, its amd64 pin current; make release, which needs image, makes it an arm64 build too", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('Dockerfile', 'FROM golang:1.22\n');
    write('Makefile', ['.PHONY: lint image release', 'lint:', '\tgolangci-lint run', 'image:', '\tdocker build -t acme/app .', 'release: lint image', '\tdocker push acme/app', ''].join('\n'));
    const workflow = (goal: string) => ['on: push', 'jobs:', '  ci:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - uses: actions/checkout@v4', `      - run: make ${goal}`, ''].join('\n');
    write('.github/workflows/ci.yml', workflow('lint'));
    const amd64 = digestFor(images.golang, 'amd64');
    assert.equal((await run('check', '.')).stdout, `Dockerfile:1:6: unpinned golang:1.22 (would pin ${amd64})\n`);
    assert.equal((await run('pin', '.')).code, 0);
    const checked = await run('check', '.');
    assert.equal(checked.code, 0, checked.stdout);
    write('.github/workflows/ci.yml', workflow('release'));
    const stale = await run('check', '.');
    assert.match(stale.stdout, new RegExp(`^Dockerfile:1:6: stale golang:1\\.22@${amd64} \\(would update to ${images.golang.index.digest}, the index digest`, 'm'), stale.stdout);
    // The why names the build on the runner that makes it an arm64 build.
    assert.match(stale.stdout, /this image is used for linux\/amd64 and linux\/arm64 \(the docker build command of the recipe of image in the Makefile of Makefile, which a run step of job ci runs make release with on a linux\/arm64 runner in \.github\/workflows\/ci\.yml builds it\)\)$/m);
  });

  it("a script a workflow's run step runs is read from the step's folder, on the step's runner: its docker build of a relative folder, on an arm64 runner, makes that Dockerfile an arm64 build too; so does a GitLab job on the hosted arm64 runner running the script, or make, a Bitbucket step and a CircleCI job on arm", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('images/base/Dockerfile', 'FROM golang:1.22\n');
    write('scripts/build.sh', '#!/bin/sh\nset -e\ndocker build -t acme/base images/base\n');
    write('.github/workflows/image.yml', ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - uses: actions/checkout@v4', '      - run: ./scripts/build.sh', ''].join('\n'));
    const checked = await run('check', '.');
    assert.match(checked.stdout, new RegExp(`^images/base/Dockerfile:1:6: unpinned golang:1\\.22 \\(would pin ${images.golang.index.digest}, the index digest`, 'm'), checked.stdout);
    // A GitLab job on the hosted arm64 runner running the script, or make on a Makefile, the same.
    rmSync(join(dir, '.github'), { recursive: true });
    const amd64 = `images/base/Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`;
    assert.equal((await run('check', '.')).stdout, amd64);
    write('.gitlab-ci.yml', ['build-image:', '  tags: [saas-linux-small-arm64]', '  script:', '    - ./scripts/build.sh', ''].join('\n'));
    assert.match((await run('check', '.')).stdout, new RegExp(`would pin ${images.golang.index.digest}, the index digest`));
    write('images/base/Makefile', 'image:\n\tdocker build -t acme/base .\n');
    write('.gitlab-ci.yml', ['build-image:', '  tags: [saas-linux-small-arm64]', '  script:', '    - make -C images/base image', ''].join('\n'));
    assert.match((await run('check', '.')).stdout, new RegExp(`would pin ${images.golang.index.digest}, the index digest`));
    write('.gitlab-ci.yml', ['build-image:', '  script:', '    - make -C images/base image', ''].join('\n'));
    assert.equal((await run('check', '.')).stdout, amd64);
    // A Bitbucket step on an arm runner running the script; a CircleCI job on an arm resource class running make.
    rmSync(join(dir, '.gitlab-ci.yml'));
    write('bitbucket-pipelines.yml', ['pipelines:', '  default:', '    - step:', '        runtime: { cloud: { arch: arm } }', '        script:', '          - ./scripts/build.sh', ''].join('\n'));
    assert.match((await run('check', '.')).stdout, new RegExp(`would pin ${images.golang.index.digest}, the index digest`));
    rmSync(join(dir, 'bitbucket-pipelines.yml'));
    write('.circleci/config.yml', ['version: 2.1', 'jobs:', '  image:', '    machine: { image: ubuntu-2204:current }', '    resource_class: arm.medium', '    steps:', '      - checkout', '      - run: make -C images/base image', 'workflows:', '  main:', '    jobs: [image]', ''].join('\n'));
    assert.match((await run('check', '.')).stdout, new RegExp(`would pin ${images.golang.index.digest}, the index digest`));
  });

  it("make or a script a step on an arm64 runner runs where a variable hides which is unresolved at the step, naming the repository's Makefiles or scripts that build (at the top of a Dockerfile one builds, checked by name), until it is written out; not on a runner of the configured platform, nor when nothing of that kind builds", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('images/base/Dockerfile', 'FROM golang:1.22\n');
    write('images/base/Makefile', 'image:\n\tdocker build -t acme/base .\n');
    write('tools/Makefile', 'lint:\n\tgolangci-lint run\n');
    const workflow = (runsOn: string, run: string) => ['on: push', 'jobs:', '  image:', `    runs-on: ${runsOn}`, '    steps:', '      - uses: actions/checkout@v4', `      - run: ${run}`, ''].join('\n');
    write('.github/workflows/image.yml', workflow('ubuntu-24.04-arm', 'make -C "$DIR" image'));
    const checked = await run('check', '.');
    assert.match(
      checked.stdout,
      /^\.github\/workflows\/image\.yml:7:14: unresolved "make": make in a run step of job image, on a linux\/arm64 runner, runs a Makefile only the run knows \(its -C folder is known only when it runs\): it may be one of the repository's Makefiles that build images \(images\/base\/Makefile\), whose Dockerfiles are checked for the configured platform \(linux\/amd64\) only; write the folder and makefile in the step \(make -C images\/base\), pin those Dockerfiles' images to index digests \(--index\), or accept it with --allow-unresolved$/m,
    );
    // Checked by name, as pre-commit passes it: said at the top of the Dockerfile the Makefile builds.
    const named = await run('check', 'images/base/Dockerfile');
    assert.match(
      named.stdout,
      /^images\/base\/Dockerfile:1:1: unresolved "\.github\/workflows\/image\.yml:7": make in a run step of job image, on a linux\/arm64 runner, runs a Makefile only the run knows \(its -C folder is known only when it runs\): it may be images\/base\/Makefile, which builds this Dockerfile, checked for the configured platform \(linux\/amd64\) only; write the folder and makefile in the step \(make -C images\/base\), pin this Dockerfile's images to index digests \(--index\), or accept it with --allow-unresolved$/m,
      named.stdout,
    );
    // Written out, the Makefile is followed: the index digest.
    write('.github/workflows/image.yml', workflow('ubuntu-24.04-arm', 'make -C images/base image'));
    assert.match((await run('check', '.')).stdout, new RegExp(`^images/base/Dockerfile:1:6: unpinned golang:1\\.22 \\(would pin ${images.golang.index.digest}, the index digest`, 'm'));
    // On an amd64 runner the configured platform's reading is the runner's.
    const amd64 = `images/base/Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`;
    write('.github/workflows/image.yml', workflow('ubuntu-24.04', 'make -C "$DIR" image'));
    assert.equal((await run('check', '.')).stdout, amd64);
    // No script of the repository builds: a hidden script on arm64 can build nothing.
    write('scripts/test.sh', '#!/bin/sh\ngo test ./...\n');
    write('.github/workflows/image.yml', workflow('ubuntu-24.04-arm', 'bash "$SCRIPT"'));
    assert.equal((await run('check', '.')).stdout, amd64);
    write('scripts/image.sh', '#!/bin/sh\ndocker build -t acme/base images/base\n');
    assert.match((await run('check', '.')).stdout, /^\.github\/workflows\/image\.yml:7:14: unresolved "bash": bash in a run step of job image, on a linux\/arm64 runner, runs a script only the run knows \(the script's path is known only when it runs\): it may be one of the repository's scripts that build images \(scripts\/image\.sh\)/m);
  });

  it('a docker-image:// named context of a run step build is pinned where the script writes it, to the index digest for a build for two platforms', async () => {
    write('Dockerfile', 'FROM base\nRUN true\n');
    const workflow = (ref: string) =>
      ['on: push', 'jobs:', '  release:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          docker buildx build --platform linux/amd64,linux/arm64 \\', `            --build-context base=docker-image://${ref} .`, ''].join('\n');
    write('.github/workflows/release.yml', workflow('alpine:3.19'));
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('.github/workflows/release.yml'), workflow(`alpine:3.19@${alpine319.index.digest}`));
    // The Dockerfile's FROM names the context, not a registry image.
    assert.equal(read('Dockerfile'), 'FROM base\nRUN true\n');
  });

  it("a Dockerfile a GitLab job's script builds for two platforms takes the index digest; the script of an included file runs from the repository root too", async () => {
    write('Dockerfile', 'FROM golang:1.22\n');
    write('svc/Dockerfile', 'FROM golang:1.22\n');
    write('.gitlab-ci.yml', ['include:', '  - local: ci/build.yml', 'build:', '  script:', '    - docker buildx build --platform linux/amd64,linux/arm64 -t "$CI_REGISTRY_IMAGE" --push .', ''].join('\n'));
    write('ci/build.yml', ['svc:', '  tags: [saas-linux-small-arm64]', '  script:', '    - cd svc', '    - docker build -t svc .', ''].join('\n'));
    await checkedForTwoPlatforms(['Dockerfile', 'svc/Dockerfile']);
  });

  it('a makefile Makefiles include (Makefile.common, build/docker.mk) that no Makefile read includes is read alone for its builds, from a folder it does not say: its build for two platforms is unresolved at its line, and told to a named Dockerfile whose path ends as the one it builds', async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    // Included by a Makefile of another project, or by none: read alone (makefileIncludes.test.ts reads it through its includer).
    write('Makefile', 'all:\n\t@echo all\n');
    write('build/docker.mk', 'PLATFORMS ?= linux/amd64,linux/arm64\ndocker:\n\tdocker buildx build --platform $(PLATFORMS) -t app -f docker/Dockerfile .\n');
    write('docker/Dockerfile', 'FROM golang:1.22\n');
    write('other/Dockerfile', 'FROM golang:1.22\n');
    const amd64 = digestFor(images.golang, 'amd64');
    const checked = await run('check', '.');
    const lines = checked.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(1), [`docker/Dockerfile:1:6: unpinned golang:1.22 (would pin ${amd64})`, `other/Dockerfile:1:6: unpinned golang:1.22 (would pin ${amd64})`]);
    assert.match(lines[0], /^build\/docker\.mk:3:\d+: unresolved .*the docker build command of the recipe of docker in the Makefile runs in a folder known only when make runs/, checked.stdout);
    const named = await run('check', 'docker/Dockerfile');
    assert.match(named.stdout, /^docker\/Dockerfile:1:1: unresolved "build\/docker\.mk:3": the docker build command of the recipe of docker in the Makefile in build\/docker\.mk builds a Dockerfile whose path ends in docker\/Dockerfile, from a folder it does not say, for linux\/amd64, linux\/arm64, and this Dockerfile may be that one: .*; make the folder it builds from one the file says, /m, named.stdout);
    // other/Dockerfile's path does not end as docker/Dockerfile: it cannot be that one.
    assert.equal((await run('check', 'other/Dockerfile')).stdout, `other/Dockerfile:1:6: unpinned golang:1.22 (would pin ${amd64})\n`);
    // Prometheus's Makefile.common: each variant and architecture from shell variables.
    write('Makefile.common', 'docker:\n\tfor arch in amd64 arm64; do docker build -f $$dockerfile --platform "linux/$$arch" --build-arg ARCH="$$arch" .; done\n');
    const common = await run('check', '.');
    assert.match(common.stdout, /^Makefile\.common:2:\d+: unresolved /m, common.stdout);
  });

  it("a Dockerfile a Makefile recipe builds for linux/amd64 and linux/arm64 takes the index digest, also through the copy kubebuilder's docker-buildx makes with sed; a podman build from the Makefile's parent folder counts too; a --platform make cannot tell is unresolved at the recipe", async () => {
    write('Dockerfile', 'FROM golang:1.22\n');
    write('tools/Dockerfile', 'FROM golang:1.22\n');
    write(
      'Makefile',
      [
        'IMG ?= controller:latest',
        'CONTAINER_TOOL ?= docker',
        'PLATFORMS ?= linux/arm64,linux/amd64',
        '.PHONY: docker-buildx',
        'docker-buildx: ## Build and push for cross-platform support',
        "\tsed -e '1 s/\\(^FROM\\)/FROM --platform=\\$$\\{BUILDPLATFORM\\}/; t' -e ' 1,// s//FROM --platform=\\$$\\{BUILDPLATFORM\\}/' Dockerfile > Dockerfile.cross",
        '\t- $(CONTAINER_TOOL) buildx build --push --platform=$(PLATFORMS) --tag ${IMG} -f Dockerfile.cross .',
        '\trm Dockerfile.cross',
        'tools:',
        '\t@cd tools && \\',
        '\t  docker buildx build --platform linux/amd64,linux/arm64 -t tools .',
        '',
      ].join('\n'),
    );
    write('svc/Dockerfile', 'FROM golang:1.22\n');
    write('svc/Makefile', ['ROOT = ..', 'ENGINE ?= $(shell command -v podman || command -v docker)', 'image:', '\tcd $(ROOT) && $(ENGINE) build --arch arm64 -t svc -f svc/Dockerfile .', '\tcd $(ROOT) && $(ENGINE) build --arch amd64 -t svc -f svc/Dockerfile .', ''].join('\n'));
    await checkedForTwoPlatforms(['Dockerfile', 'svc/Dockerfile', 'tools/Dockerfile']);
    rmSync(join(dir, 'svc'), { recursive: true });
    write('Makefile', ['release:', '\tdocker buildx build --platform $(RELEASE_PLATFORMS) -t app .', ''].join('\n'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /^Makefile:2:2: unresolved .*the --platform of the docker build command of the recipe of release in the Makefile is known only when make runs \(a variable the Makefile does not set/m);
  });

  it('a Dockerfile a Makefile recipe led by the .RECIPEPREFIX character builds for two platforms takes the index digest; a .RECIPEPREFIX make alone knows is counted as unresolved at its line, failing check', async () => {
    write('Dockerfile', 'FROM golang:1.22\n');
    write('Makefile', ['.RECIPEPREFIX = >', 'release:', '> docker buildx build --platform linux/amd64,linux/arm64 -t app .', ''].join('\n'));
    await checkedForTwoPlatforms(['Dockerfile']);
    write('Makefile', ['.RECIPEPREFIX := $(PREFIX)', 'release:', '> docker buildx build --platform linux/amd64,linux/arm64 -t app .', ''].join('\n'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /^Makefile:1:1: unresolved "\.RECIPEPREFIX := \$\(PREFIX\)": the recipe prefix this line sets is known only when make runs \(a variable the Makefile does not set for good.*which lines after it are recipes, and the docker builds they run, cannot be told: they are not read; set it to a character written out \(\.RECIPEPREFIX = >\), or accept it with --allow-unresolved$/m);
    const counted = await run('check', '.', '--format', 'github');
    assert.equal(counted.code, 1);
    assert.match(counted.stdout, /^docker-pin: 2 files checked, 2 findings: 1 unpinned, 1 unresolved$/m);
  });

  it("a Dockerfile a shell script builds for linux/amd64 and linux/arm64 takes the index digest, the script's folder known from $(dirname \"$0\") or git's root; a build from the caller's folder for two platforms is unresolved at the script's line", async () => {
    write('Dockerfile', 'FROM golang:1.22\n');
    write('docker/Dockerfile', 'FROM golang:1.22\n');
    write(
      'scripts/build-image.sh',
      ['#!/usr/bin/env bash', 'set -euo pipefail', 'SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" &> /dev/null && pwd)"', 'cd "$SCRIPT_DIR/.."', 'PLATFORMS="linux/amd64,linux/arm64"', 'docker buildx build \\', '  --platform "$PLATFORMS" \\', '  -t app .', ''].join('\n'),
    );
    write('hack/image.bash', ['cd "$(git rev-parse --show-toplevel)"', 'podman build --arch arm64 -f docker/Dockerfile -t tools .', 'podman build --arch amd64 -f docker/Dockerfile -t tools .', ''].join('\n'));
    await checkedForTwoPlatforms(['Dockerfile', 'docker/Dockerfile']);
    rmSync(join(dir, 'scripts'), { recursive: true });
    rmSync(join(dir, 'hack'), { recursive: true });
    write('release.sh', ['#!/bin/sh', 'docker buildx build --platform linux/amd64,linux/arm64 -t app --push .', ''].join('\n'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /^release\.sh:2:1: unresolved .*the docker build command on line 2 of the script runs in a folder known only when the script runs \(the folder of whoever runs it/m);
  });

  it("a Dockerfile a package.json script builds for linux/amd64 and linux/arm64 takes the index digest, from the package's folder; a --platform npm's caller gives is unresolved at the script; a package.json without build scripts changes nothing", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('docker/base.dockerfile', 'FROM golang:1.22\n');
    write('web/Dockerfile', 'FROM golang:1.22\n');
    write('package.json', JSON.stringify({ name: 'app', scripts: { test: 'mocha', 'build-docker-base': 'docker buildx build -f docker/base.dockerfile --platform linux/amd64,linux/arm64 -t acme/base --push .' } }, null, 2));
    write('web/package.json', JSON.stringify({ scripts: { image: 'docker buildx build --platform linux/arm64,linux/amd64 -t acme/web .' } }));
    await checkedForTwoPlatforms(['docker/base.dockerfile', 'web/Dockerfile']);
    // Named alone, the Dockerfile is read with its repository's package.json builds too.
    const named = await run('check', 'docker/base.dockerfile');
    assert.match(named.stdout, new RegExp(`would pin ${images.golang.index.digest}, the index digest`), named.stdout);
    // No build in any script: as if there were no package.json.
    const amd64 = (file: string) => `${file}:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`;
    write('package.json', JSON.stringify({ name: 'app', description: 'docker build helpers', scripts: { build: 'tsc -p .', test: 'mocha' } }));
    write('web/package.json', '{"name": "web"}');
    assert.equal((await run('check', '.')).stdout, `${amd64('docker/base.dockerfile')}\n${amd64('web/Dockerfile')}\n`);
    write('package.json', JSON.stringify({ name: 'app', config: { platforms: 'linux/amd64,linux/arm64' }, scripts: { image: 'docker buildx build -f docker/base.dockerfile --platform $npm_package_config_platforms .' } }, null, 2));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /^package\.json:\d+:\d+: unresolved .*the --platform of the docker build command of the image script is known only when the script runs/m, checked.stdout);
  });

  it("a package.json script a workflow's run step runs with npm, yarn or node --run is built on the step's runners: its docker build without --platform, run by a matrix of an amd64 and an arm64 runner, takes the index digest; on amd64 runners only, the amd64 digest; a GitLab job's script the same", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('docker/base.dockerfile', 'FROM golang:1.22\n');
    write('web/package.json', JSON.stringify({ scripts: { 'build-docker-base': 'cd .. && docker build -f docker/base.dockerfile -t acme/base .', release: 'npm run build-docker-base' } }, null, 2));
    const workflow = (runners: string, run: string) =>
      ['on: push', 'jobs:', '  image:', `    strategy: { matrix: { runner: [${runners}] } }`, '    runs-on: ${{ matrix.runner }}', '    steps:', '      - uses: actions/checkout@v4', '      - run: npm ci', `      - run: ${run}`, ''].join('\n');
    write('.github/workflows/image.yml', workflow('ubuntu-24.04, ubuntu-24.04-arm', 'npm run build-docker-base --prefix web'));
    await checkedForTwoPlatforms(['docker/base.dockerfile']);
    const named = await run('check', 'docker/base.dockerfile');
    assert.match(named.stdout, new RegExp(`would pin ${images.golang.index.digest}, the index digest`), named.stdout);
    // Through a script that runs it, after a cd; with node --run.
    write('.github/workflows/image.yml', workflow('ubuntu-24.04-arm', 'cd web && yarn release'));
    await checkedForTwoPlatforms(['docker/base.dockerfile']);
    write('.github/workflows/image.yml', workflow('ubuntu-24.04, ubuntu-latest', 'cd web && node --run build-docker-base'));
    assert.equal((await run('check', '.')).stdout, `docker/base.dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`);
    // A GitLab job on the hosted arm64 runner running it with pnpm: the same as an arm64 workflow job.
    rmSync(join(dir, '.github'), { recursive: true });
    write('.gitlab-ci.yml', ['build-image:', '  tags: [saas-linux-small-arm64]', '  script:', '    - pnpm -C web run release', ''].join('\n'));
    await checkedForTwoPlatforms(['docker/base.dockerfile']);
  });

  it("a package.json script a workflow's run step runs in packages of a workspace (npm -w, yarn workspace, pnpm --filter and -r, bun <name>, turbo, nx, a root script running them) is built on the step's runner in each package it picks, by name or folder; the others keep the amd64 digest", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    const scripts = { 'image:all': 'docker build -f packages/api/Dockerfile -t acme/all .', images: 'turbo run image --filter=@acme/web', api: 'cd packages/api && npm run image' };
    write('package.json', JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*'], scripts }, null, 2));
    for (const [folder, name] of [['packages/web', '@acme/web'], ['packages/api', 'api']]) {
      write(`${folder}/package.json`, JSON.stringify({ name, scripts: { image: `docker build -t acme/${folder.slice(9)} .` } }, null, 2));
      write(`${folder}/Dockerfile`, 'FROM golang:1.22\n');
    }
    const workflow = (run: string) => ['on: push', 'jobs:', '  image:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - uses: actions/checkout@v4', `      - run: ${run}`, ''].join('\n');
    const index = `would pin ${images.golang.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64`;
    const amd64 = `would pin ${digestFor(images.golang, 'amd64')}`;
    for (const [command, api, web] of [
      ['npm run image -w @acme/web', amd64, index],
      ['npm run image --workspace=packages/api', index, amd64],
      ['yarn workspace api image', index, amd64],
      ['pnpm --filter ./packages/web run image', amd64, index],
      ['pnpm --filter "@acme/*" image', amd64, index],
      ['pnpm -r run image', index, index],
      ['npm run image --workspaces', index, index],
      // bun runs a package script without `run` too.
      ['bun image:all', index, amd64],
      // A monorepo's task runner, run directly or by a root script the step runs; a root script running a package's after a cd.
      ['npx turbo run image', index, index],
      ['pnpm nx run-many -t image -p api', index, amd64],
      ['npm run images', amd64, index],
      ['yarn api', index, amd64],
    ]) {
      write('.github/workflows/image.yml', workflow(command));
      const lines = (await run('check', '.')).stdout.trimEnd().split('\n').map(withoutRunners);
      assert.deepEqual(lines, [`packages/api/Dockerfile:1:6: unpinned golang:1.22 (${api})`, `packages/web/Dockerfile:1:6: unpinned golang:1.22 (${web})`], command);
    }
    // pin writes the index digest where the arm64 runner builds.
    write('.github/workflows/image.yml', workflow('npm run image -w @acme/web'));
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('packages/web/Dockerfile'), `FROM golang:1.22@${images.golang.index.digest}\n`);
    assert.equal(read('packages/api/Dockerfile'), `FROM golang:1.22@${digestFor(images.golang, 'amd64')}\n`);
  });

  it("a Dockerfile a local composite action's docker/build-push-action step builds for two platforms takes the index digest; a composite action at the repository's root builds its users' files, not this repository's", async () => {
    write('Dockerfile', 'FROM golang:1.22\n');
    const composite = ['name: image', 'runs:', '  using: composite', '  steps:', '    - uses: docker/build-push-action@v6', '      with:', '        context: .', '        platforms: linux/amd64,linux/arm64', ''].join('\n');
    write('.github/actions/image/action.yml', composite);
    await checkedForTwoPlatforms(['Dockerfile']);
    rmSync(join(dir, '.github'), { recursive: true });
    write('action.yml', composite);
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.equal(checked.stdout.trimEnd(), `Dockerfile:1:6: unpinned golang:1.22 (would pin ${images.golang.children[0].digest})`);
  });

  it("what an action of the repository builds for no platform of its own is built for the runners of the jobs that use it: on an arm64 runner, its Dockerfile takes the index digest", async () => {
    write('Dockerfile', 'FROM golang:1.22\n');
    write('.github/actions/image/action.yml', ['name: image', 'runs:', '  using: composite', '  steps:', '    - shell: bash', '      run: docker build -t app .', ''].join('\n'));
    write('.github/actions/lint/action.yml', ['name: lint', 'runs:', '  using: docker', '  image: Dockerfile', ''].join('\n'));
    write('.github/actions/lint/Dockerfile', 'FROM golang:1.22\n');
    write(
      '.github/workflows/ci.yml',
      ['on: push', 'jobs:', '  arm:', '    runs-on: ubuntu-24.04-arm', '    steps:', '      - uses: actions/checkout@v4', '      - uses: ./.github/actions/image', '      - uses: ./.github/actions/lint/', ''].join('\n'),
    );
    await checkedForTwoPlatforms(['.github/actions/lint/Dockerfile', 'Dockerfile']);
  });

  it("a Dockerfile a Skaffold artifact builds for the config's platforms (linux/amd64 and linux/arm64) takes the index digest", async () => {
    write('src/web/Dockerfile', 'FROM golang:1.22\n');
    write('skaffold.yaml', ['apiVersion: skaffold/v4beta11', 'kind: Config', 'build:', '  platforms: ["linux/amd64", "linux/arm64"]', '  artifacts:', '    - image: web', '      context: src/web', ''].join('\n'));
    await checkedForTwoPlatforms(['src/web/Dockerfile']);
  });

  it("a CircleCI config's images are checked for the architecture of their resource_class, and a Dockerfile its run step builds for two platforms takes the index digest", async () => {
    write('Dockerfile', 'FROM golang:1.22\n');
    write(
      '.circleci/config.yml',
      ['version: 2.1', 'jobs:', '  test:', '    docker:', '      - image: golang:1.22', '    resource_class: arm.medium', '    steps: [checkout]', '  image:', '    machine: true', '    steps:', '      - checkout', '      - run: docker buildx build --platform linux/amd64,linux/arm64 -t app .', ''].join('\n'),
    );
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [
      `.circleci/config.yml:5:16: unpinned golang:1.22 (would pin ${images.golang.children[1].digest})`,
      `Dockerfile:1:6: unpinned golang:1.22 (would pin ${images.golang.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64)`,
    ]);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.match(read('.circleci/config.yml'), new RegExp(`- image: golang:1.22@${images.golang.children[1].digest}\n`));
  });

  it("a Dockerfile a Woodpecker plugin step builds for linux/amd64 and linux/arm64 takes the index digest, and pin writes it; without platforms on an agent of no label, the amd64 digest; on an arm64 agent, the index; a Dockerfile the step hides is unresolved", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('docker/Dockerfile.server', 'FROM golang:1.22\n');
    const pipeline = (labels: string[], settings: string[]) =>
      [
        ...labels,
        'variables:',
        "  - &buildx_plugin 'docker.io/woodpeckerci/plugin-docker-buildx:6.1.1' # docker-pin: ignore",
        "  - &platforms 'linux/amd64,linux/arm64/v8'",
        'steps:',
        '  build-server:',
        '    image: *buildx_plugin',
        '    settings:',
        '      repo: example/server',
        ...settings.map((line) => `      ${line}`),
        '',
      ].join('\n');
    write('.woodpecker/docker.yaml', pipeline([], ['dockerfile: docker/Dockerfile.server', 'platforms: *platforms']));
    const index = await checkedForTwoPlatforms(['docker/Dockerfile.server']);
    // Named alone, as pre-commit names it: read with the pipeline's build.
    const named = await run('check', 'docker/Dockerfile.server');
    assert.match(named.stdout, new RegExp(`would pin ${index}, the index digest`), named.stdout);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('docker/Dockerfile.server'), `FROM golang:1.22@${index}\n`);
    write('docker/Dockerfile.server', 'FROM golang:1.22\n');
    // No platforms: the agent's own, which no label names: the configured linux/amd64.
    write('.woodpecker/docker.yaml', pipeline([], ['dockerfile: docker/Dockerfile.server']));
    assert.equal((await run('check', '.')).stdout, `docker/Dockerfile.server:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})\n`);
    write('.woodpecker/docker.yaml', pipeline(['labels:', '  platform: linux/arm64'], ['dockerfile: docker/Dockerfile.server']));
    await checkedForTwoPlatforms(['docker/Dockerfile.server']);
    // A Dockerfile the step hides, for the platforms it names: said at the step, and to the Dockerfile named alone.
    write('.woodpecker/docker.yaml', pipeline([], ['dockerfile: ${DOCKERFILE}', 'platforms: *platforms']));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /^\.woodpecker\/docker\.yaml:9:19: unresolved "\$\{DOCKERFILE\}": the dockerfile setting of the woodpeckerci\/plugin-docker-buildx plugin of step build-server of the pipeline is \$\{DOCKERFILE\}, which Woodpecker fills in, known only when the pipeline runs/m, checked.stdout);
    const alone = await run('check', 'docker/Dockerfile.server');
    assert.equal(alone.code, 1, alone.stdout + alone.stderr);
    assert.match(alone.stdout, /^docker\/Dockerfile\.server:1:1: unresolved "\.woodpecker\/docker\.yaml:9": .*for linux\/amd64, linux\/arm64/m, alone.stdout);
  });

  it("a Bitbucket Pipelines step's image is checked for its runtime's architecture and pinned where it is written", async () => {
    write('bitbucket-pipelines.yml', ['pipelines:', '  default:', '    - step:', '        image: golang:1.22', '        runtime: {cloud: {arch: arm}}', '        script: [go test ./...]', ''].join('\n'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.equal(checked.stdout.trimEnd(), `bitbucket-pipelines.yml:4:16: unpinned golang:1.22 (would pin ${images.golang.children[1].digest})`);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.match(read('bitbucket-pipelines.yml'), new RegExp(`image: golang:1.22@${images.golang.children[1].digest}\n`));
  });

  it('a Dockerfile a bake target builds for linux/amd64 and linux/arm64 (platforms inherited) takes the index digest; its args and stage count, and a docker-image:// context is pinned in the bake file', async () => {
    write('Dockerfile', 'ARG GO=1.22\nFROM golang:${GO} AS build\nFROM base AS prod\nCOPY --from=build /out /out\n');
    const bake = [
      'variable "GO_VERSION" {',
      '  default = "1.22"',
      '}',
      'target "_cross" {',
      '  platforms = ["linux/amd64", "linux/arm64"]',
      '}',
      'target "app" {',
      '  inherits = ["_cross"]',
      '  target = "prod"',
      '  args = { GO = GO_VERSION }',
      '  contexts = {',
      '    base = "docker-image://alpine:3.19" # the runtime base',
      '  }',
      '}',
      '',
    ].join('\n');
    write('docker-bake.hcl', bake);
    const index = images.golang.index.digest;
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [
      `Dockerfile:2:6: unpinned golang:1.22 (would pin ${index}, the index digest: this image is used for linux/amd64 and linux/arm64${wins('GO')})`,
      `docker-bake.hcl:12:28: unpinned alpine:3.19 (would pin ${alpine319.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64)`,
    ]);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
    assert.equal(read('Dockerfile'), `ARG GO=1.22\nFROM golang:\${GO}@${index} AS build\nFROM base AS prod\nCOPY --from=build /out /out\n`);
    assert.equal(read('docker-bake.hcl'), bake.replace('docker-image://alpine:3.19', `docker-image://alpine:3.19@${alpine319.index.digest}`));
  });

  it('a bake file in a subfolder, run from the repository root with -f, builds from the folder it runs in: the Dockerfile its context names from there takes its platforms; one named from two folders is unresolved at the target', async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    // docker/targets/app.Dockerfile exists from the root only (docker buildx bake -f docker/docker-bake.hcl).
    write('docker/targets/app.Dockerfile', 'FROM golang:1.22\n');
    // docker/Dockerfile exists from the bake file's folder only (docker buildx bake in docker/).
    write('docker/Dockerfile', 'FROM golang:1.22\n');
    const target = (name: string, context: string, dockerfile: string) => `target "${name}" {\n  context = "${context}"\n  dockerfile = "${dockerfile}"\n  platforms = ["linux/amd64", "linux/arm64"]\n}\n`;
    write('docker/docker-bake.hcl', target('app', 'docker', 'targets/app.Dockerfile') + target('own', '.', 'Dockerfile'));
    await checkedForTwoPlatforms(['docker/Dockerfile', 'docker/targets/app.Dockerfile']);

    // A Dockerfile at the root too: run from the root, the "own" target builds that one.
    write('Dockerfile', 'FROM golang:1.22\n');
    const checked = await run('check', '.');
    const lines = checked.stdout.trimEnd().split('\n');
    const amd64 = digestFor(images.golang, 'amd64');
    assert.deepEqual(lines.slice(0, 2), [`Dockerfile:1:6: unpinned golang:1.22 (would pin ${amd64})`, `docker/Dockerfile:1:6: unpinned golang:1.22 (would pin ${amd64})`]);
    assert.match(
      lines[2],
      /^docker\/docker-bake\.hcl:8:\d+: unresolved "Dockerfile": target "own" of the bake file in docker\/docker-bake\.hcl builds Dockerfile from the folder it runs in, which the file does not say, and that names a Dockerfile from more than one folder \(run in docker, docker\/Dockerfile; run in \., Dockerfile\), so which it builds cannot be told/,
    );
    assert.equal(lines.length, 4, checked.stdout);
    // Named alone, each of the two is told at its top.
    const named = await run('check', 'Dockerfile');
    assert.match(named.stdout, /^Dockerfile:1:1: unresolved "docker\/docker-bake\.hcl:8": target "own" of the bake file/m);
  });

  it("check reports the images a compose build uses, with its args and only its target's stages, at the Dockerfile's lines", async () => {
    write('app/Dockerfile', APP_DOCKERFILE);
    write('compose.yaml', COMPOSE);
    const r = await run('check', 'compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `app/Dockerfile:2:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')}) (as service web in compose.yaml builds it)`,
      `app/Dockerfile:5:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')}${wins('BASE_TAG')}) (as service web in compose.yaml builds it)`,
    ]);
    const json = await run('check', '--json', 'compose.yaml');
    const entries = JSON.parse(json.stdout) as { file: string; line: number; expanded: string; source: string }[];
    assert.deepEqual(
      entries.map((e) => [e.file, e.line, e.expanded, e.source]),
      [
        ['app/Dockerfile', 2, 'golang:1.22', 'dockerfile'],
        ['app/Dockerfile', 5, 'alpine:3.20', 'dockerfile'],
      ],
    );
  });

  it("a build starting from the image another service builds uses that local image: it is not pinned, the build's other images are", async () => {
    write('base/Dockerfile', 'FROM alpine:3.20\n');
    const app = 'ARG BASE=acme/base:dev\nFROM ${BASE} AS go\nCOPY --from=golang:1.22 /usr/local/go /go\nFROM docker.io/acme/base:dev\nCOPY --from=go /go /go\n';
    write('app/Dockerfile', app);
    const compose = [
      'services:',
      '  base:',
      '    image: acme/base:dev',
      '    build: ./base',
      '  app:',
      '    image: acme/app:dev',
      '    build:',
      '      context: ./app',
      '    depends_on: [base]',
      '',
    ].join('\n');
    write('compose.yaml', compose);
    const r = await run('check', 'compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `app/Dockerfile:3:13: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')}) (as service app in compose.yaml builds it)`,
      `base/Dockerfile:1:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')}) (as service base in compose.yaml builds it)`,
    ]);
    const pinned = await run('pin', 'compose.yaml');
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal(read('app/Dockerfile'), app.replace('golang:1.22 ', `golang:1.22@${digestFor(images.golang, 'amd64')} `));
  });

  it("a name the build's additional_contexts give (a service, a folder, a docker-image://) is that context, not an image: not reported, not pinned", async () => {
    const app = [
      'FROM golang:1.22 AS build',
      'RUN --mount=from=tools,target=/t true',
      'FROM base',
      'COPY --from=build /out /out',
      'COPY --from=docker.io/library/alpine:latest /bin/sh /sh',
      '',
    ].join('\n');
    write('app/Dockerfile', app);
    write('base/Dockerfile', 'FROM busybox:1.36\n');
    const compose = [
      'services:',
      '  app:',
      '    build:',
      '      context: ./app',
      '      additional_contexts:',
      '        base: service:base',
      '        tools: ../tools',
      '        alpine: docker-image://alpine:3.20',
      '  base:',
      '    build: ./base',
      '',
    ].join('\n');
    write('compose.yaml', compose);
    const r = await run('check', 'compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n').sort(), [
      `app/Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')}) (as service app in compose.yaml builds it)`,
      `base/Dockerfile:1:6: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')}) (as service base in compose.yaml builds it)`,
      `compose.yaml:8:32: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})`,
    ]);
    const pinned = await run('pin', 'compose.yaml');
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal(read('app/Dockerfile'), app.replace('golang:1.22 ', `golang:1.22@${digestFor(images.golang, 'amd64')} `));
    assert.equal(read('compose.yaml'), compose.replace('alpine:3.20', `alpine:3.20@${digestFor(images.alpine, 'amd64')}`));
  });

  it("a service the override file builds (docker compose merges compose.override.yaml over compose.yaml) names that build's result in compose.yaml too, and the other way round: not pinned", async () => {
    write('app/Dockerfile', 'FROM golang:1.22\n');
    write('web/Dockerfile', 'FROM alpine:3.20\n');
    const compose = ['services:', '  app:', '    image: acme/app:1.0', '  db:', '    image: busybox:1.36', '  web:', '    build: ./web', ''].join('\n');
    const override = ['services:', '  app:', '    build: ./app', '  web:', '    image: acme/web:dev', ''].join('\n');
    write('compose.yaml', compose);
    write('compose.override.yaml', override);
    const busybox = `compose.yaml:5:12: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`;
    const walked = await run('check', '.');
    assert.equal(walked.code, 1, walked.stderr);
    assert.deepEqual(walked.stdout.trimEnd().split('\n').sort(), [
      `app/Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`,
      busybox,
      `web/Dockerfile:1:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})`,
    ]);
    const alone = await run('check', 'compose.yaml');
    assert.ok(alone.stdout.trimEnd().split('\n').includes(busybox), alone.stdout);
    assert.doesNotMatch(alone.stdout + alone.stderr, /acme\//);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal(read('compose.yaml'), compose.replace('busybox:1.36', `busybox:1.36@${digestFor(images.busybox, 'amd64')}`));
    assert.equal(read('compose.override.yaml'), override);
  });

  it("a service's platform: in the override file (or in compose.yaml, for the override's image) is the merged service's: its image and its build are for that platform", async () => {
    write('web/Dockerfile', 'FROM alpine:3.20\n');
    write('compose.yaml', ['services:', '  db:', '    image: busybox:1.36', '  web:', '    build: ./web', '    platform: linux/amd64', '  cache:', '    platform: linux/arm64', ''].join('\n'));
    write('compose.override.yaml', ['services:', '  db:', '    platform: linux/arm64', '  web:', '    platform: linux/arm64', '  cache:', '    image: golang:1.22', ''].join('\n'));
    const walked = await run('check', '.');
    assert.equal(walked.code, 1, walked.stderr);
    assert.deepEqual(walked.stdout.trimEnd().split('\n').sort(), [
      // The override's platform wins over compose.yaml's; the Dockerfile's own reading is for the configured platform.
      `compose.override.yaml:7:12: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'arm64')})`,
      `compose.yaml:3:12: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'arm64')})`,
      `web/Dockerfile:1:6: unpinned alpine:3.20 (would pin ${images.alpine.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64)`,
    ]);
  });

  it('an override file docker compose would read beside compose.yaml that cannot be read (a directory, not UTF-8) is an invalid problem naming it and why, never passed over', async () => {
    write('compose.yaml', ['services:', '  db:', '    image: busybox:1.36', ''].join('\n'));
    mkdirSync(join(dir, 'compose.override.yaml'));
    const directory = await run('check', 'compose.yaml');
    assert.equal(directory.code, 2, directory.stderr);
    assert.match(
      directory.stderr,
      /^compose\.yaml:1:1: invalid "compose\.override\.yaml": compose\.yaml is merged with compose\.override\.yaml, the override file docker compose reads beside it, which cannot be read \(is a directory\): Compose refuses the project/m,
    );
    const pinned = await run('pin', 'compose.yaml');
    assert.notEqual(pinned.code, 0, pinned.stderr);
    assert.match(pinned.stderr, /compose\.override\.yaml, the override file docker compose reads beside it, which cannot be read \(is a directory\)/);
    rmSync(join(dir, 'compose.override.yaml'), { recursive: true });
    writeFileSync(join(dir, 'docker-compose.override.yml'), Buffer.from([0x73, 0x65, 0x72, 0x76, 0x69, 0x63, 0x65, 0x73, 0x3a, 0xff, 0x0a]));
    const binary = await run('check', 'compose.yaml');
    assert.equal(binary.code, 2, binary.stderr);
    assert.match(binary.stderr, /^compose\.yaml:1:1: invalid "docker-compose\.override\.yml": compose\.yaml is merged with docker-compose\.override\.yml, .* which cannot be read \(not valid UTF-8\): Compose refuses the project/m);
  });

  it('an override file docker compose would read beside compose.yaml whose YAML is invalid is an invalid problem naming it and the error, and none of it is merged', async () => {
    const compose = ['services:', '  db:', '    image: busybox:1.36', ''].join('\n');
    const override = ['services:', '  db:', '    build: ./db', '  web:', '    image: acme/web: dev', ''].join('\n');
    write('compose.yaml', compose);
    write('compose.override.yaml', override);
    const invalid = /^compose\.yaml:1:1: invalid "compose\.override\.yaml": compose\.yaml is merged with compose\.override\.yaml, the override file docker compose reads beside it, which is not valid YAML \(YAML error on line 5: [^\n]*\): Compose refuses the project$/m;
    const busybox = `compose.yaml:3:12: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`;
    const alone = await run('check', 'compose.yaml');
    assert.equal(alone.code, 2, alone.stderr);
    assert.match(alone.stderr, invalid);
    // Not merged as far as it parses: db is not taken for a service the override builds.
    assert.ok(alone.stdout.trimEnd().split('\n').includes(busybox), alone.stdout);
    const walked = await run('check', '.');
    assert.equal(walked.code, 2, walked.stderr);
    assert.match(walked.stderr, invalid);
    assert.ok(walked.stdout.trimEnd().split('\n').includes(busybox), walked.stdout);
    const pinned = await run('pin', 'compose.yaml');
    assert.notEqual(pinned.code, 0, pinned.stderr);
    assert.match(pinned.stderr, invalid);
    assert.equal(read('compose.override.yaml'), override);
  });

  it("check . and pin . leave alone a line a build reads as a named context or an image its project builds, as that build says, though the Dockerfile's own reading names a registry image there", async () => {
    const app = ['FROM base', 'COPY --from=tools /t /t', 'COPY --from=acme/base:dev /a /a', 'COPY --from=alpine:3.20 /etc/os-release /x', ''].join('\n');
    write('app/Dockerfile', app);
    write('base/Dockerfile', 'FROM busybox:1.36\n');
    const compose = [
      'services:',
      '  app:',
      '    build:',
      '      context: ./app',
      '      additional_contexts:',
      '        base: service:base',
      '        tools: ../tools',
      '  base:',
      '    image: acme/base:dev',
      '    build: ./base',
      '',
    ].join('\n');
    write('compose.yaml', compose);
    const context = (name: string) => `service app in compose.yaml builds it from its named context ${name} (additional_contexts), not a registry image: a digest here would stop that build from using it`;
    const built = 'service app in compose.yaml builds it from acme/base:dev, an image its compose project builds, not a registry image: a digest here would stop that build from using it';
    const r = await run('check', '--verbose', '.');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n').sort(), [
      `app/Dockerfile:4:13: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})`,
      `base/Dockerfile:1:6: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`,
    ]);
    const ignored = r.stderr.split('\n').filter((line) => line.includes('ignored'));
    assert.deepEqual(ignored, [
      `app/Dockerfile:1:6: ignored base (${context('base')})`,
      `app/Dockerfile:2:13: ignored tools (${context('tools')})`,
      `app/Dockerfile:3:13: ignored acme/base:dev (${built})`,
    ]);
    // The same lines, whichever file the run starts from.
    const alone = await run('check', 'compose.yaml');
    assert.deepEqual(alone.stdout.trimEnd().split('\n').sort(), [
      `app/Dockerfile:4:13: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')}) (as service app in compose.yaml builds it)`,
      `base/Dockerfile:1:6: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')}) (as service base in compose.yaml builds it)`,
    ]);
    const dry = await run('pin', '--dry-run', '.');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr, /would pin 1, would update 0, unchanged 0, ignored 3, failed 0 in app\/Dockerfile/);
    const pinned = await run('pin', '.');
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal(read('app/Dockerfile'), app.replace('alpine:3.20', `alpine:3.20@${digestFor(images.alpine, 'amd64')}`));
    assert.equal(read('compose.yaml'), compose);
  });

  it("a line one build reads as its named context is left alone by another build that reads it as a registry image: one digest there would break the first", async () => {
    const app = 'FROM base\nRUN true\n';
    write('app/Dockerfile', app);
    const compose = [
      'services:',
      '  app:',
      '    build:',
      '      context: ./app',
      '      additional_contexts:',
      '        base: docker-image://alpine:3.20',
      '  job:',
      '    build: ./app',
      '',
    ].join('\n');
    write('compose.yaml', compose);
    const r = await run('check', '--verbose', 'compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [`compose.yaml:6:30: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})`]);
    assert.match(r.stderr, /app\/Dockerfile:1:6: ignored base \(service app in compose\.yaml builds it from its named context base \(additional_contexts\), not a registry image: a digest here would stop that build from using it\) \(as service job in compose\.yaml builds it\)/);
    const pinned = await run('pin', 'compose.yaml');
    assert.equal(read('app/Dockerfile'), app, pinned.stderr);
  });

  it('pin writes those pins into the Dockerfile, byte-exact, and a second pin changes nothing', async () => {
    write('app/Dockerfile', APP_DOCKERFILE);
    write('compose.yaml', COMPOSE);
    const r = await run('pin', 'compose.yaml');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      read('app/Dockerfile'),
      APP_DOCKERFILE.replace('golang:1.22 ', `golang:1.22@${digestFor(images.golang, 'amd64')} `).replace(
        'alpine:${BASE_TAG} ',
        `alpine:\${BASE_TAG}@${digestFor(images.alpine, 'amd64')} `,
      ),
    );
    assert.equal(read('compose.yaml'), COMPOSE);
    const again = await run('pin', 'compose.yaml');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /pinned 0, updated 0, unchanged 2, failed 0 in app\/Dockerfile/);
  });

  it('a Dockerfile reached directly and through a build is reported once per answer; a line its readings name differently is one conflict', async () => {
    write('app/Dockerfile', APP_DOCKERFILE);
    write('compose.yaml', COMPOSE);
    const r = await run('check', '.');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `app/Dockerfile:2:6: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`,
      `app/Dockerfile:4:6: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`,
      `app/Dockerfile:5:6: ${CONFLICT}`,
    ]);
  });

  it('pin leaves a line its readings name differently as it was, pins the lines they agree on, and counts the conflict', async () => {
    write('app/Dockerfile', APP_DOCKERFILE);
    write('compose.yaml', COMPOSE);
    const r = await run('pin', '.');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      read('app/Dockerfile'),
      APP_DOCKERFILE.replace('golang:1.22 ', `golang:1.22@${digestFor(images.golang, 'amd64')} `).replace('busybox:1.36 ', `busybox:1.36@${digestFor(images.busybox, 'amd64')} `),
    );
    assert.match(r.stderr, /^app\/Dockerfile:5:6: conflict "alpine:\$\{BASE_TAG\}": its readings name different images/m);
    assert.match(r.stderr, /^pinned 2, updated 0, unchanged 0, failed 1 \(conflict 1\) in app\/Dockerfile$/m);
    // The check after it still says so: the line was pinned for neither reading.
    const again = await run('check', '.');
    assert.equal(again.code, 1, again.stderr);
    assert.deepEqual(again.stdout.trimEnd().split('\n'), [`app/Dockerfile:5:6: ${CONFLICT}`]);
    void alpine319;
  });

  it("the ways out a conflict on a partial ARG names end it: an ignore comment, or the ARG default agreeing with the build's args", async () => {
    write('compose.yaml', COMPOSE);
    write('app/Dockerfile', APP_DOCKERFILE.replace('FROM alpine:', '# docker-pin: ignore\nFROM alpine:'));
    const ignored = await run('check', '.');
    assert.deepEqual(ignored.stdout.trimEnd().split('\n').filter((line) => line.includes('alpine')), []);
    write('app/Dockerfile', APP_DOCKERFILE.replace('ARG BASE_TAG=3.19', 'ARG BASE_TAG=3.20'));
    const agreeing = await run('check', '.');
    assert.ok(agreeing.stdout.includes(`app/Dockerfile:5:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')}${wins('BASE_TAG')})`), agreeing.stdout);
  });

  it('a conflict is the same finding in --json and SARIF', async () => {
    write('app/Dockerfile', APP_DOCKERFILE);
    write('compose.yaml', COMPOSE);
    const json = await run('check', '--json', '.');
    assert.equal(json.code, 1, json.stderr);
    const entries = JSON.parse(json.stdout) as { file: string; line: number; column: number; state: string; reference: string; message: string }[];
    const conflict = entries.filter((e) => e.state === 'conflict');
    assert.deepEqual(conflict.map((e) => [e.file, e.line, e.column, e.reference, e.message]), [['app/Dockerfile', 5, 6, 'alpine:${BASE_TAG}', CONFLICT]]);
    assert.equal(entries.filter((e) => e.line === 5 && e.file === 'app/Dockerfile').length, 1);
    const sarif = await run('check', '--format', 'sarif', '.');
    assert.equal(sarif.code, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const results = log.runs[0].results.filter((res) => res.ruleId === 'conflict');
    assert.deepEqual(results.map((res) => [res.level, res.locations[0].physicalLocation.region.startLine, res.message.text]), [['error', 5, CONFLICT]]);
    assert.ok(log.runs[0].tool.driver.rules.some((rule) => rule.id === 'conflict'));
  });

  it('readings that agree on a line pin it once: two services building the Dockerfile with the same args, and the file read directly', async () => {
    write('app/Dockerfile', 'ARG BASE_TAG=3.20\nFROM alpine:${BASE_TAG}\n');
    write('compose.yaml', ['services:', '  a:', '    build: {context: ./app, args: {BASE_TAG: "3.20"}}', '  b:', '    build: ./app', ''].join('\n'));
    const r = await run('pin', '.');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read('app/Dockerfile'), `ARG BASE_TAG=3.20\nFROM alpine:\${BASE_TAG}@${digestFor(images.alpine, 'amd64')}\n`);
  });

  it("the files a GitLab CI file includes are read for their images; a missing include, or a pattern matching nothing, is counted at the include line", async () => {
    write('.gitlab-ci.yml', ['include:', '  - local: /ci/build.yml', '  - local: ci/gone.yml', "  - local: 'ci/none/*.yml'", 'lint:', '  image: busybox:1.36', '  script: [true]', ''].join('\n'));
    const included = ['build:', '  image: golang:1.22', '  script: [go build]', ''].join('\n');
    write('ci/build.yml', included);
    const r = await run('check', '.gitlab-ci.yml');
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `.gitlab-ci.yml:3:12: unresolved "ci/gone.yml": .gitlab-ci.yml names ci/gone.yml, which does not exist: the images it names cannot be checked`,
      `.gitlab-ci.yml:4:12: unresolved "ci/none/*.yml": .gitlab-ci.yml includes ci/none/*.yml, which matches no .yml or .yaml file in the repository (${realpathSync(dir)}): GitLab includes nothing for it and runs the pipeline without it, so the files it is meant to include are missing or named otherwise`,
      `.gitlab-ci.yml:6:10: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`,
      `ci/build.yml:2:10: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`,
    ]);
    const pinned = await run('pin', '.', '--allow-unresolved');
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal(read('ci/build.yml'), included.replace('golang:1.22', `golang:1.22@${digestFor(images.golang, 'amd64')}`));
  });

  it('a build whose Dockerfile is missing is reported at the compose line (the GitLab job) that names it, by the path as the file names it: exit 1, no crash', async () => {
    write('compose.yaml', ['services:', '  api:', '    build:', '      context: ./api', '      dockerfile: Dockerfile.prod', ''].join('\n'));
    const r = await run('check', 'compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^compose\.yaml:5:19: unresolved "api\/Dockerfile\.prod": service api in compose\.yaml builds from api\/Dockerfile\.prod, which does not exist/m);
    // The fix, and why a path that works may miss here: a file merged with -f into another folder's project takes that folder's paths.
    assert.match(r.stdout, /cannot be checked; fix the path, leave the file out with ignore\.paths in \.docker-pin\.yaml \(a compose file only ever merged with -f into a project of another folder takes its paths from the first file's folder, which is not known here\), or accept it with --allow-unresolved$/m);
    const pin = await run('pin', 'compose.yaml');
    assert.equal(pin.code, 1, pin.stderr);
    assert.match(pin.stderr, /compose\.yaml:5:19: .*does not exist/);
    // A path from the repository's root (a GitLab job's) is named from it as the file is, never as this machine's absolute path.
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('.gitlab-ci.yml', ['build:', '  script:', '    - docker buildx build --platform linux/amd64,linux/arm64 -f missing/Dockerfile .', ''].join('\n'));
    const gitlab = await run('check', '.gitlab-ci.yml');
    assert.match(gitlab.stdout, /^\.gitlab-ci\.yml:3:5: unresolved "missing\/Dockerfile": the docker build command of the script of job build in \.gitlab-ci\.yml builds from missing\/Dockerfile, which does not exist/m);
  });

  it('a build whose Dockerfile lies outside the repository is reported, not read', async () => {
    write('outside/Dockerfile', 'FROM busybox:1.36\n');
    write('repo/compose.yaml', ['services:', '  app:', '    build: ../outside', ''].join('\n'));
    const r = await runCli(['check', ...common, 'compose.yaml'], { cwd: join(dir, 'repo') });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^compose\.yaml:3:5: unresolved .*builds from \.\.\/outside\/Dockerfile, which lies outside the repository/m);
    assert.doesNotMatch(r.stdout, /busybox/);
  });

  it('a dev container build checks its Dockerfile with build.args', async () => {
    write('.devcontainer/Dockerfile', 'ARG VARIANT=3.19\nFROM alpine:${VARIANT}\n');
    write('.devcontainer/devcontainer.json', '{\n  // built, not pulled\n  "build": { "dockerfile": "Dockerfile", "args": { "VARIANT": "3.20" } },\n}\n');
    const r = await run('check', '.devcontainer/devcontainer.json');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stdout,
      `.devcontainer/Dockerfile:2:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')}${wins('VARIANT')}) (as the dev container in .devcontainer/devcontainer.json builds it)\n`,
    );
  });

  it('an action with runs.image: Dockerfile checks and pins that Dockerfile', async () => {
    write('action/Dockerfile', 'FROM busybox:1.36\n');
    write('action/action.yml', "name: hello\nruns:\n  using: docker\n  image: 'Dockerfile'\n");
    const r = await run('check', 'action/action.yml');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^action\/Dockerfile:1:6: unpinned busybox:1\.36 .*\(as the action in action\/action\.yml builds it\)$/m);
    const pin = await run('pin', 'action/action.yml');
    assert.equal(pin.code, 0, pin.stderr);
    assert.equal(read('action/Dockerfile'), `FROM busybox:1.36@${digestFor(images.busybox, 'amd64')}\n`);
  });

  it('a build for several platforms pins the index digest; dockerfile_inline and remote contexts are reported, not read', async () => {
    write('multi/Dockerfile', 'FROM busybox:1.36\n');
    write(
      'compose.yaml',
      [
        'services:',
        '  multi:',
        '    build:',
        '      context: ./multi',
        '      platforms: [linux/amd64, linux/arm64]',
        '  inline:',
        '    build:',
        '      dockerfile_inline: |',
        '        FROM alpine:3.20',
        '  remote:',
        '    build: https://github.com/acme/app.git',
        '',
      ].join('\n'),
    );
    const r = await run('pin', 'compose.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(read('multi/Dockerfile'), `FROM busybox:1.36@${images.busybox.index.digest}\n`);
    assert.match(r.stderr, /compose\.yaml:8:26: skipped "alpine:3\.20": service inline in compose\.yaml builds from a dockerfile_inline/);
    assert.match(r.stderr, /compose\.yaml:11:5: .*remote context/);
  });

  // A Dockerfile whose FROM is one build arg (`FROM ${BASE_IMAGE}`) that a compose build gives in
  // its args: the image is written in the compose file (or its .env), so that is where pin writes
  // the digest; on the Dockerfile's line it would win over every value the build gives. check
  // reports the line with the place its pin belongs.
  describe('an image a compose build gives whole in its args', () => {
    const DOCKERFILE = 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN true\n';
    const compose = (args: string[], more: string[] = []) => ['services:', '  app:', '    build:', '      context: .', '      args:', ...args.map((a) => `        ${a}`), ...more, ''].join('\n');
    const elsewhere = (image: string, place: string) =>
      `its image comes from the build arg BASE_IMAGE that ${place} gives; pin it there (${image}@sha256:…): ` +
      'docker-pin does not write it on this line, where a digest would win over every value the build gives';
    const build = ' (as service app in compose.yaml builds it)';
    const unpinned = (image: string, digest: string, place: string) => `Dockerfile:2:6: unpinned ${image} (would pin ${digest}; ${elsewhere(image, place)})${build}`;
    const amd64 = () => digestFor(images.alpine, 'amd64');

    for (const [form, args, pinned] of [
      ['a map, quoted', ['BASE_IMAGE: "alpine:3.20"'], (d: string) => [`BASE_IMAGE: "alpine:3.20@${d}"`]],
      ['a map, unquoted', ['BASE_IMAGE: alpine:3.20'], (d: string) => [`BASE_IMAGE: alpine:3.20@${d}`]],
      ['a map, single-quoted', ["BASE_IMAGE: 'alpine:3.20'"], (d: string) => [`BASE_IMAGE: 'alpine:3.20@${d}'`]],
      ['a list, unquoted', ['- BASE_IMAGE=alpine:3.20'], (d: string) => [`- BASE_IMAGE=alpine:3.20@${d}`]],
      ['a list, quoted', ['- "BASE_IMAGE=alpine:3.20"'], (d: string) => [`- "BASE_IMAGE=alpine:3.20@${d}"`]],
    ] as const) {
      it(`args as ${form}: check names the compose line; pin writes the digest into the arg's value, the Dockerfile as written; check then passes`, async () => {
        write('Dockerfile', DOCKERFILE);
        write('compose.yaml', compose([...args]));
        const check = await run('check', 'compose.yaml');
        assert.equal(check.code, 1, check.stderr);
        assert.deepEqual(check.stdout.trimEnd().split('\n'), [unpinned('alpine:3.20', amd64(), 'compose.yaml:6')]);
        const pin = await run('pin', 'compose.yaml');
        assert.equal(pin.code, 0, pin.stderr);
        assert.equal(read('Dockerfile'), DOCKERFILE);
        assert.equal(read('compose.yaml'), compose([...pinned(amd64())]));
        assert.match(pin.stderr, /^pinned 1, updated 0, unchanged 0, failed 0 in compose\.yaml$/m);
        assert.match(pin.stderr, /^pinned 0, updated 0, unchanged 0, failed 0 in Dockerfile$/m);
        assert.doesNotMatch(pin.stderr, /not pinned|--build-arg/);
        const after = await run('check', 'compose.yaml');
        assert.equal(after.code, 0, after.stdout + after.stderr);
        assert.equal(after.stdout, '');
      });
    }

    it('with --index, the arg takes the index digest, as the line would', async () => {
      write('Dockerfile', DOCKERFILE);
      write('compose.yaml', compose(['BASE_IMAGE: alpine:3.20']));
      const pin = await run('pin', '--index', 'compose.yaml');
      assert.equal(pin.code, 0, pin.stderr);
      assert.equal(read('compose.yaml'), compose([`BASE_IMAGE: alpine:3.20@${images.alpine.index.digest}`]));
      assert.equal(read('Dockerfile'), DOCKERFILE);
    });

    // Compose reads a bare name (`- BASE_IMAGE`, `BASE_IMAGE:`) from the project's environment, as it does `${…}`.
    for (const [form, arg, variable] of [
      ['${CH_IMAGE}', 'BASE_IMAGE: ${CH_IMAGE}', 'CH_IMAGE'],
      ['its name alone, in a list', '- BASE_IMAGE', 'BASE_IMAGE'],
      ['its name alone, in a map', 'BASE_IMAGE:', 'BASE_IMAGE'],
    ] as const) {
      it(`an arg whose value comes from the project's .env, given as ${form}: pin writes the digest into the .env line, the compose file and Dockerfile as written`, async () => {
        write('Dockerfile', DOCKERFILE);
        const text = compose([arg]);
        write('compose.yaml', text);
        write('.env', `${variable}=alpine:3.20\n`);
        const check = await run('check', 'compose.yaml');
        assert.equal(check.code, 1, check.stderr);
        assert.deepEqual(check.stdout.trimEnd().split('\n'), [unpinned('alpine:3.20', amd64(), 'compose.yaml:6')]);
        const pin = await run('pin', 'compose.yaml');
        assert.equal(pin.code, 0, pin.stderr);
        assert.deepEqual([read('Dockerfile'), read('compose.yaml'), read('.env')], [DOCKERFILE, text, `${variable}=alpine:3.20@${amd64()}\n`]);
        const after = await run('check', 'compose.yaml');
        assert.equal(after.code, 0, after.stdout + after.stderr);
      });
    }

    it('a .env value that a service image uses too is not pinned for the arg: the pin would change that image; the line is counted failed, the .env left as written', async () => {
      write('Dockerfile', DOCKERFILE);
      const text = compose(['BASE_IMAGE: ${CH_IMAGE}'], ['  db:', '    image: ${CH_IMAGE}']);
      write('compose.yaml', text);
      write('.env', 'CH_IMAGE=alpine:3.20\n');
      const pin = await run('pin', 'compose.yaml');
      assert.equal(pin.code, 1, pin.stderr);
      // The service's own pin goes on its line (its .env value is shared), as before; the arg's is not written.
      const db = `    image: \${CH_IMAGE}@${amd64()}`;
      assert.deepEqual([read('Dockerfile'), read('compose.yaml'), read('.env')], [DOCKERFILE, compose(['BASE_IMAGE: ${CH_IMAGE}'], ['  db:', db]), 'CH_IMAGE=alpine:3.20\n']);
      assert.match(pin.stderr, /^compose\.yaml:6:1: not pinned: the rewritten text did not check out: the rewritten file names 0 images instead of 1 \(for the build arg BASE_IMAGE that service app in compose\.yaml gives its Dockerfile's line 2\)$/m);
      assert.match(pin.stderr, /^pinned 1, updated 0, unchanged 0, failed 1 in compose\.yaml$/m);
    });

    it('an arg built from several parts is not written: check and pin name the compose line, pin counts the line failed', async () => {
      write('Dockerfile', DOCKERFILE);
      const text = compose(['BASE_IMAGE: ${REGISTRY_HOST:-docker.io}/alpine:3.20']);
      write('compose.yaml', text);
      const pin = await run('pin', 'compose.yaml');
      assert.equal(pin.code, 1, pin.stderr);
      assert.deepEqual([read('Dockerfile'), read('compose.yaml')], [DOCKERFILE, text]);
      assert.match(pin.stderr, /^Dockerfile:2:6: not pinned: its image comes from the build arg BASE_IMAGE that compose\.yaml:6 gives; pin it there/m);
      assert.match(pin.stderr, /^pinned 0, updated 0, unchanged 0, failed 1 in Dockerfile$/m);
    });

    it('--dry-run prints the diff of the compose file and writes nothing', async () => {
      write('Dockerfile', DOCKERFILE);
      const text = compose(['BASE_IMAGE: alpine:3.20']);
      write('compose.yaml', text);
      const dry = await run('pin', '--dry-run', 'compose.yaml');
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual([read('Dockerfile'), read('compose.yaml')], [DOCKERFILE, text]);
      assert.match(dry.stdout, /^--- a\/compose\.yaml\n\+\+\+ b\/compose\.yaml\n/);
      assert.ok(dry.stdout.includes(`\n-        BASE_IMAGE: alpine:3.20\n+        BASE_IMAGE: alpine:3.20@${amd64()}\n`), dry.stdout);
      assert.doesNotMatch(dry.stdout, /Dockerfile/);
      assert.match(dry.stderr, /^would pin 1, would update 0, unchanged 0, failed 0 in compose\.yaml$/m);
    });

    it("pin . writes the compose file once, its own image's pin and the arg's together; the Dockerfile's own reading does not pin the line", async () => {
      write('Dockerfile', DOCKERFILE);
      write('compose.yaml', compose(['- BASE_IMAGE=alpine:3.20'], ['  db:', '    image: busybox:1.36']));
      const pin = await run('pin', '.');
      assert.match(pin.stderr, /^pinned 2, updated 0, unchanged 0, failed 0 in compose\.yaml$/m);
      assert.equal(read('Dockerfile'), DOCKERFILE);
      // Both pins in the one text written: each digest once.
      assert.equal(read('compose.yaml'), compose([`- BASE_IMAGE=alpine:3.20@${amd64()}`], ['  db:', `    image: busybox:1.36@${digestFor(images.busybox, 'amd64')}`]));
      assert.doesNotMatch(pin.stderr, /not pinned: its image comes from/);
      // The Dockerfile read directly has no value for BASE_IMAGE, which the build reading the line gives: nothing said there, nothing written to it.
      assert.equal(pin.code, 0, pin.stderr);
      assert.doesNotMatch(pin.stderr, /unresolved/);
      const pinnedText = read('compose.yaml');
      const again = await run('pin', 'compose.yaml');
      assert.equal(again.code, 0, again.stderr);
      assert.equal(read('compose.yaml'), pinnedText);
      assert.match(again.stderr, /^pinned 0, updated 0, unchanged 1, failed 0 in compose\.yaml$/m);
      const after = await run('check', 'compose.yaml');
      assert.equal(after.code, 0, after.stdout + after.stderr);
    });

    describe('pin --update of a stale digest the build arg holds', () => {
      let old: string;
      let now: string;
      before(async () => {
        old = digestFor(await pushImage(registry, 'acme/argdrift', '1', { platforms: ['linux/amd64'], salt: 'old' }), 'amd64');
        now = digestFor(await pushImage(registry, 'acme/argdrift', '1', { platforms: ['linux/amd64'], salt: 'now' }), 'amd64');
      });

      for (const [form, arg] of [
        ['a map, quoted', (d: string) => `BASE_IMAGE: "acme/argdrift:1@${d}"`],
        ['a list, unquoted', (d: string) => `- BASE_IMAGE=acme/argdrift:1@${d}`],
      ] as const) {
        it(`args as ${form}: pin leaves it stale; pin --update replaces the digest in the value, the Dockerfile as written; check then passes`, async () => {
          write('Dockerfile', DOCKERFILE);
          write('compose.yaml', compose([arg(old)]));
          const plain = await run('pin', 'compose.yaml');
          assert.equal(read('compose.yaml'), compose([arg(old)]), plain.stderr);
          const updated = await run('pin', '--update', 'compose.yaml');
          assert.equal(updated.code, 0, updated.stderr);
          assert.deepEqual([read('Dockerfile'), read('compose.yaml')], [DOCKERFILE, compose([arg(now)])]);
          assert.match(updated.stderr, /^pinned 0, updated 1, unchanged 0, failed 0 in compose\.yaml$/m);
          assert.match(updated.stderr, /^pinned 0, updated 0, unchanged 0, failed 0 in Dockerfile$/m);
          assert.doesNotMatch(updated.stderr, /by hand|not updated/);
          const after = await run('check', 'compose.yaml');
          assert.equal(after.code, 0, after.stdout + after.stderr);
        });
      }

      it("an arg whose value comes from the project's .env: pin --update replaces the digest on the .env line, the compose file and Dockerfile as written", async () => {
        write('Dockerfile', DOCKERFILE);
        const text = compose(['BASE_IMAGE: ${CH_IMAGE}']);
        write('compose.yaml', text);
        write('.env', `CH_IMAGE=acme/argdrift:1@${old}\n`);
        const dry = await run('pin', '--update', '--dry-run', 'compose.yaml');
        assert.equal(dry.code, 0, dry.stderr);
        assert.ok(dry.stdout.includes(`\n-CH_IMAGE=acme/argdrift:1@${old}\n+CH_IMAGE=acme/argdrift:1@${now}\n`), dry.stdout);
        assert.equal(read('.env'), `CH_IMAGE=acme/argdrift:1@${old}\n`);
        const updated = await run('pin', '--update', 'compose.yaml');
        assert.equal(updated.code, 0, updated.stderr);
        assert.deepEqual([read('Dockerfile'), read('compose.yaml'), read('.env')], [DOCKERFILE, text, `CH_IMAGE=acme/argdrift:1@${now}\n`]);
        assert.match(updated.stderr, /^pinned 0, updated 1, unchanged 0, failed 0 in compose\.yaml$/m);
        const after = await run('check', 'compose.yaml');
        assert.equal(after.code, 0, after.stdout + after.stderr);
      });
    });

    it('an ARG with its own default that the build overrides: the build arg is pinned, never the line or the default for the build; read directly too, the default is pinned once the readings agree', async () => {
      const dockerfile = 'ARG BASE_IMAGE=alpine:3.19\nFROM ${BASE_IMAGE}\nRUN true\n';
      const text = compose(['BASE_IMAGE: alpine:3.20']);
      write('Dockerfile', dockerfile);
      write('compose.yaml', text);
      // Read directly too (a directory walk): the readings name different images on the line, so the Dockerfile waits; the build arg is pinned.
      const walked = await run('pin', '.');
      assert.equal(walked.code, 1, walked.stderr);
      assert.equal(read('Dockerfile'), dockerfile);
      assert.equal(read('compose.yaml'), compose([`BASE_IMAGE: alpine:3.20@${amd64()}`]));
      assert.match(walked.stderr, /^Dockerfile:2:6: conflict "\$\{BASE_IMAGE\}": .* write the digest into the build args that set BASE_IMAGE/m);
      assert.doesNotMatch(walked.stderr, /--build-arg/);
      // The build arg pinned: the build's reading is current, and the file's own reading takes its pin in the default.
      const pinned = await run('pin', '.');
      assert.equal(pinned.code, 0, pinned.stderr);
      assert.equal(read('Dockerfile'), dockerfile.replace('alpine:3.19', `alpine:3.19@${digestFor(alpine319, 'amd64')}`));
      const after = await run('check', '.');
      assert.equal(after.code, 0, after.stdout + after.stderr);
    });
  });

  describe('the variables of a GitLab pipeline reach every file it includes', () => {
    const MAIN = ['include:', '  - local: /ci/_common.gitlab-ci.yml', '  - local: /ci/build.gitlab-ci.yml', ''].join('\n');
    const COMMON = ['variables:', '  BUILD_IMAGE: golang:1.22', ''].join('\n');
    const BUILD = ['build:', '  image: $BUILD_IMAGE', '  script: [go build]', ''].join('\n');

    it('an image written as a variable another included file defines is unpinned, not unresolved, and its pin goes into that value', async () => {
      write('.gitlab-ci.yml', MAIN);
      write('ci/_common.gitlab-ci.yml', COMMON);
      write('ci/build.gitlab-ci.yml', BUILD);
      const golang = digestFor(images.golang, 'amd64');
      const checked = await run('check', '.gitlab-ci.yml');
      assert.equal(checked.code, 1, checked.stderr);
      assert.deepEqual(checked.stdout.trimEnd().split('\n'), [`ci/_common.gitlab-ci.yml:2:16: unpinned golang:1.22 (would pin ${golang})`]);
      const pinned = await run('pin', '.gitlab-ci.yml');
      assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
      assert.equal(read('ci/_common.gitlab-ci.yml'), COMMON.replace('golang:1.22', `golang:1.22@${golang}`));
      assert.equal(read('ci/build.gitlab-ci.yml'), BUILD);
      const again = await run('check', '.gitlab-ci.yml');
      assert.equal(again.code, 0, again.stdout + again.stderr);
    });

    it("the including file's value wins over an included file's, as GitLab merges them, and takes the pin", async () => {
      write('.gitlab-ci.yml', `${MAIN}variables:\n  BUILD_IMAGE: busybox:1.36\n`);
      write('ci/_common.gitlab-ci.yml', COMMON);
      write('ci/build.gitlab-ci.yml', BUILD);
      const checked = await run('check', '.gitlab-ci.yml');
      assert.equal(checked.code, 1, checked.stderr);
      assert.deepEqual(checked.stdout.trimEnd().split('\n'), [`.gitlab-ci.yml:5:16: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`]);
    });

    it('a job extending a template another file of the pipeline defines runs its image, checked there; one extending a template of an include: project is unresolved at its extends', async () => {
      write('.gitlab-ci.yml', ['include:', '  - local: /ci/templates.gitlab-ci.yml', '  - project: acme/ci-templates', '    file: /shared.yml', 'build:', '  extends: .local', '  script: [make]', 'deploy:', '  extends: .shared', '  script: [./deploy]', ''].join('\n'));
      write('ci/templates.gitlab-ci.yml', ['.local:', '  image: busybox:1.36', ''].join('\n'));
      const checked = await run('check', '.gitlab-ci.yml');
      assert.equal(checked.code, 1, checked.stderr);
      assert.deepEqual(checked.stdout.trimEnd().split('\n'), [
        '.gitlab-ci.yml:9:12: unresolved ".shared": job deploy extends .shared, which is not in .gitlab-ci.yml and the files it includes (an include: of another project, a URL, a template or a component may define it, and docker-pin does not fetch those): the image it runs comes from there and is not checked; give it an image: of its own, or accept this with --allow-unresolved',
        `ci/templates.gitlab-ci.yml:2:10: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`,
      ]);
      const allowed = await run('check', '--allow-unresolved', '.gitlab-ci.yml');
      assert.equal(allowed.code, 1, allowed.stderr);
      assert.doesNotMatch(allowed.stdout, /deploy/);
    });

    it('a template a job of another file extends, setting a variable its image uses, is unresolved there: its own file\'s value is not what that job runs', async () => {
      write('.gitlab-ci.yml', ['include:', '  - local: /ci/templates.gitlab-ci.yml', '  - local: /ci/jobs.gitlab-ci.yml', 'variables:', '  TAG: "1.36"', ''].join('\n'));
      write('ci/templates.gitlab-ci.yml', ['.build:', '  image: busybox:$TAG', ''].join('\n'));
      write('ci/jobs.gitlab-ci.yml', ['build:', '  extends: .build', '  variables:', '    TAG: "1.37"', '  script: [make]', ''].join('\n'));
      const checked = await run('check', '.gitlab-ci.yml');
      assert.equal(checked.code, 1, checked.stderr);
      assert.deepEqual(checked.stdout.trimEnd().split('\n'), [
        'ci/templates.gitlab-ci.yml:2:10: unresolved "busybox:$TAG": busybox:$TAG (template .build) cannot be worked out here: $TAG may have another value in template .build: job build of ci/jobs.gitlab-ci.yml, which extends it, sets TAG, and docker-pin reads a template only with the jobs of its own file. Write the image out to pin it, or accept it unpinned with --allow-unresolved',
      ]);
      // pin writes no digest of busybox:1.36 there, which would make the job run 1.36 under its 1.37 tag.
      await run('pin', '.gitlab-ci.yml');
      assert.equal(read('ci/templates.gitlab-ci.yml'), ['.build:', '  image: busybox:$TAG', ''].join('\n'));
    });

    it('a variable no file of the pipeline defines stays unresolved, with why', async () => {
      write('.gitlab-ci.yml', MAIN);
      write('ci/_common.gitlab-ci.yml', 'variables:\n  OTHER: alpine:3.20\n');
      write('ci/build.gitlab-ci.yml', BUILD);
      const checked = await run('check', '.gitlab-ci.yml');
      assert.equal(checked.code, 1, checked.stderr);
      assert.deepEqual(checked.stdout.trimEnd().split('\n'), [
        'ci/build.gitlab-ci.yml:2:10: unresolved "$BUILD_IMAGE": $BUILD_IMAGE (job build) cannot be worked out here: $BUILD_IMAGE is not defined in the variables of .gitlab-ci.yml and the files it includes (it may come from the project\'s CI/CD settings). Write the image out to pin it, or accept it unpinned with --allow-unresolved',
      ]);
    });

    it('a variable an included file also uses in a script cannot take the pin there: the pin goes on the line, and says so', async () => {
      write('.gitlab-ci.yml', MAIN);
      write('ci/_common.gitlab-ci.yml', COMMON);
      write('ci/build.gitlab-ci.yml', ['build:', '  image: $BUILD_IMAGE', '  script: [echo $BUILD_IMAGE]', ''].join('\n'));
      const checked = await run('check', '.gitlab-ci.yml');
      assert.equal(checked.code, 1, checked.stderr);
      assert.match(checked.stdout, /^ci\/build\.gitlab-ci\.yml:2:10: unpinned golang:1\.22 .*a digest on this line wins over another value of BUILD_IMAGE.*BUILD_IMAGE is also used in ci\/build\.gitlab-ci\.yml on line 3/m);
    });

    it('a file two pipelines include with different values is a conflict, with each value and the file that sets it: counted, never pinned', async () => {
      write('.gitlab-ci.yml', `${MAIN}variables:\n  BUILD_IMAGE: busybox:1.36\n`);
      write('ci/other.gitlab-ci.yml', 'include:\n  - local: /ci/_common.gitlab-ci.yml\n  - local: /ci/build.gitlab-ci.yml\n');
      write('ci/_common.gitlab-ci.yml', COMMON);
      write('ci/build.gitlab-ci.yml', BUILD);
      const conflict =
        'ci/build.gitlab-ci.yml:2:10: conflict "$BUILD_IMAGE" (job build): the pipelines that include this file read it as different images, ' +
        '$BUILD_IMAGE is "busybox:1.36" (set in .gitlab-ci.yml) in the pipeline of .gitlab-ci.yml and "golang:1.22" (set in ci/_common.gitlab-ci.yml) in the pipeline of ci/other.gitlab-ci.yml, ' +
        'and one digest cannot pin them all, so it is not pinned: give BUILD_IMAGE one value for every pipeline that includes this file (set in one file they all include), or make the pipelines agree';
      const checked = await run('check', '.gitlab-ci.yml', 'ci/other.gitlab-ci.yml');
      assert.equal(checked.code, 1, checked.stderr);
      assert.ok(checked.stdout.trimEnd().split('\n').includes(conflict), checked.stdout);
      // Allowing unresolved images does not let it pass: it is no unknown value, but two known ones.
      const allowed = await run('check', '--allow-unresolved', 'ci/build.gitlab-ci.yml', '.gitlab-ci.yml', 'ci/other.gitlab-ci.yml');
      assert.equal(allowed.code, 1, allowed.stdout + allowed.stderr);
      const json = JSON.parse((await run('check', '--json', '.gitlab-ci.yml', 'ci/other.gitlab-ci.yml')).stdout) as { file: string; line: number; state: string }[];
      assert.ok(json.some((entry) => entry.file === 'ci/build.gitlab-ci.yml' && entry.line === 2 && entry.state === 'conflict'), JSON.stringify(json));
      const pinned = await run('pin', '.gitlab-ci.yml', 'ci/other.gitlab-ci.yml');
      assert.equal(pinned.code, 1, pinned.stdout + pinned.stderr);
      assert.match(pinned.stderr, /conflict 1\) in ci\/build\.gitlab-ci\.yml/);
      assert.equal(read('ci/build.gitlab-ci.yml'), BUILD);
      // The main file's value is read by its own pipeline alone (the other never includes that file), whose job runs it: it takes its pin there.
      assert.equal(read('.gitlab-ci.yml'), `${MAIN}variables:\n  BUILD_IMAGE: busybox:1.36@${digestFor(images.busybox, 'amd64')}\n`);
    });

    describe('a file included only through a wildcard pattern is read with the pipeline, as GitLab includes it', () => {
      const ROOT = ['include:', "  - local: 'ci/*.yml'", "  - local: '/ci/**/*.yml'", 'variables:', '  IMAGE: golang:1.22', ''].join('\n');
      const JOB = (name: string) => [`${name}:`, '  image: $IMAGE', '  script: [make]', ''].join('\n');

      for (const operand of ['.', '.gitlab-ci.yml']) {
        it(`check ${operand} and pin ${operand}: an image written as $IMAGE in ci/build.yml (ci/*.yml) and ci/jobs/test.yml (ci/**/*.yml) takes its pin in the root file's value`, async () => {
          write('.gitlab-ci.yml', ROOT);
          write('ci/build.yml', JOB('build'));
          write('ci/jobs/test.yml', JOB('test'));
          const golang = digestFor(images.golang, 'amd64');
          const checked = await run('check', operand);
          assert.equal(checked.code, 1, checked.stderr);
          assert.deepEqual(checked.stdout.trimEnd().split('\n'), [`.gitlab-ci.yml:5:10: unpinned golang:1.22 (would pin ${golang})`]);
          const pinned = await run('pin', operand);
          assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
          assert.equal(read('.gitlab-ci.yml'), ROOT.replace('golang:1.22', `golang:1.22@${golang}`));
          assert.equal(read('ci/build.yml'), JOB('build'));
          assert.equal(read('ci/jobs/test.yml'), JOB('test'));
          const again = await run('check', operand);
          assert.equal(again.code, 0, again.stdout + again.stderr);
        });
      }

      it("the list and short forms; the files matched are included in git's path order, a later one's value winning", async () => {
        write('.gitlab-ci.yml', "include: ['ci/vars.yml', 'ci/more/*.yml']\n");
        write('ci/vars.yml', 'variables:\n  IMAGE: busybox:1.36\n');
        write('ci/more/a.yml', JOB('build'));
        write('ci/more/b.yml', 'variables:\n  IMAGE: golang:1.22\n');
        const checked = await run('check', '.gitlab-ci.yml');
        assert.equal(checked.code, 1, checked.stderr);
        assert.deepEqual(checked.stdout.trimEnd().split('\n'), [`ci/more/b.yml:2:10: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`]);
        write('.gitlab-ci.yml', "include: 'ci/**.yml'\n");
        // ci/more/a.yml, ci/more/b.yml, then ci/vars.yml: its value wins.
        const short = await run('check', '.gitlab-ci.yml');
        assert.deepEqual(short.stdout.trimEnd().split('\n'), [`ci/vars.yml:2:10: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`]);
      });

      it("a pattern matching a file GitLab refuses to include (ci/notes.txt) is unresolved at the include, naming the file and GitLab's error, in text and JSON; its YAML matches are still read", async () => {
        execFileSync('git', ['init', '-q'], { cwd: dir });
        write('.gitlab-ci.yml', ['include:', "  - local: 'ci/*'", 'variables:', '  IMAGE: golang:1.22', ''].join('\n'));
        write('ci/build.yml', JOB('build'));
        write('ci/notes.txt', 'how the jobs are split\n');
        const golang = digestFor(images.golang, 'amd64');
        const message =
          ".gitlab-ci.yml includes ci/*, which matches ci/notes.txt, a file GitLab refuses to include: an included file's name must end in .yml or .yaml (in any case), " +
          'and GitLab fails the whole pipeline ("Included file `ci/notes.txt` does not have YAML extension!"); write the pattern so that it matches only YAML files, or move the others out of its reach';
        for (const operand of ['.', '.gitlab-ci.yml']) {
          const r = await run('check', operand);
          assert.equal(r.code, 1, r.stderr);
          assert.deepEqual(r.stdout.trimEnd().split('\n'), [`.gitlab-ci.yml:2:12: unresolved "ci/*": ${message}`, `.gitlab-ci.yml:4:10: unpinned golang:1.22 (would pin ${golang})`], operand);
        }
        const json = await run('check', '--format', 'json', '.');
        const entries = (JSON.parse(json.stdout) as { file: string; line: number; state: string; message: string }[]).filter((e) => e.state !== 'unpinned');
        assert.deepEqual(
          entries.map((e) => [e.file, e.line, e.state, e.message]),
          [['.gitlab-ci.yml', 2, 'unresolved', `unresolved "ci/*": ${message}`]],
        );
      });

      for (const where of ['a folder', 'a git work tree']) {
        it(`a pattern matches the files git does not ignore; one that matches only files git ignores, or that reaches outside the repository, is unresolved at its line (${where})`, async () => {
          if (where === 'a git work tree') execFileSync('git', ['init', '-q'], { cwd: dir });
          write('.gitignore', 'ci/local/\n');
          write('ci/local/build.yml', JOB('build'));
          // What git does not ignore, tracked or not, is matched.
          write('ci/lint.yml', ['lint:', '  image: golang:1.22', '  script: [true]', ''].join('\n'));
          write('.gitlab-ci.yml', ['include:', "  - local: 'ci/local/*.yml'", "  - local: '../shared/*.yml'", "  - local: 'ci/*.yml'", 'test:', '  image: busybox:1.36', '  script: [true]', ''].join('\n'));
          const root = realpathSync(dir);
          const r = await run('check', '.gitlab-ci.yml');
          assert.equal(r.code, 1, r.stderr);
          assert.deepEqual(r.stdout.trimEnd().split('\n'), [
            `.gitlab-ci.yml:2:12: unresolved "ci/local/*.yml": .gitlab-ci.yml includes ci/local/*.yml, which matches no .yml or .yaml file in the repository (${root}): GitLab includes nothing for it and runs the pipeline without it, so the files it is meant to include are missing or named otherwise`,
            `.gitlab-ci.yml:3:12: unresolved "../shared/*.yml": .gitlab-ci.yml names ../shared/*.yml, which lies outside the repository (${root}): the images it names cannot be checked`,
            `.gitlab-ci.yml:6:10: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`,
            `ci/lint.yml:2:10: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`,
          ]);
        });
      }
    });

    const ARM_BUILD = ['build:', '  image:', '    name: $BUILD_IMAGE', '    docker:', '      platform: linux/arm64', '  script: [go build]', ''].join('\n');

    it("a job's image:docker:platform reaches the value in another file its image is written as: that value is pinned for the job's platform", async () => {
      write('.gitlab-ci.yml', MAIN);
      write('ci/_common.gitlab-ci.yml', COMMON);
      write('ci/build.gitlab-ci.yml', ARM_BUILD);
      const arm = digestFor(images.golang, 'arm64');
      const checked = await run('check', '.gitlab-ci.yml');
      assert.equal(checked.code, 1, checked.stderr);
      assert.deepEqual(checked.stdout.trimEnd().split('\n'), [`ci/_common.gitlab-ci.yml:2:16: unpinned golang:1.22 (would pin ${arm})`]);
      const pinned = await run('pin', '.gitlab-ci.yml');
      assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
      assert.equal(read('ci/_common.gitlab-ci.yml'), COMMON.replace('golang:1.22', `golang:1.22@${arm}`));
      assert.equal(read('ci/build.gitlab-ci.yml'), ARM_BUILD);
      const again = await run('check', '.gitlab-ci.yml');
      assert.equal(again.code, 0, again.stdout + again.stderr);
    });

    it('jobs that run that value on different platforms get the index digest, which fits both, and are told why', async () => {
      write('.gitlab-ci.yml', `${MAIN}test:\n  image: $BUILD_IMAGE\n  script: [go test]\n`);
      write('ci/_common.gitlab-ci.yml', COMMON);
      write('ci/build.gitlab-ci.yml', ARM_BUILD);
      const checked = await run('check', '.gitlab-ci.yml');
      assert.equal(checked.code, 1, checked.stderr);
      assert.deepEqual(checked.stdout.trimEnd().split('\n'), [`ci/_common.gitlab-ci.yml:2:16: unpinned golang:1.22 (would pin ${images.golang.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64)`]);
      const pinned = await run('pin', '.gitlab-ci.yml');
      assert.equal(pinned.code, 0, pinned.stderr + pinned.stdout);
      assert.equal(read('ci/_common.gitlab-ci.yml'), COMMON.replace('golang:1.22', `golang:1.22@${images.golang.index.digest}`));
    });
  });
});
