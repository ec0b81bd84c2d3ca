import * as assert from 'node:assert/strict';
import { scanGithubWorkflow } from '../../../src/core/sources/githubWorkflow';
import { D1, D2, pinAll, problemViews, views } from './helpers';

const PINNED = `sha256:${'c'.repeat(64)}`;
const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64' };

/** One-based line of the first line holding `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `fixture holds ${needle}`);
  return text.slice(0, index).split('\n').length;
}

// A workflow as teams write them: job containers in both forms, services with health checks and
// credentials, a matrix, `docker://` steps among ordinary actions, a reusable workflow, anchors.
const WORKFLOW = `name: CI
on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

env:
  IMAGE: alpine:3.20   # an env value is not an image the runner pulls

jobs:
  lint:
    runs-on: ubuntu-latest
    container: node:20-bookworm
    steps:
      - uses: actions/checkout@v4
      - name: Hadolint
        uses: docker://ghcr.io/hadolint/hadolint:v2.12.0
        with:
          args: hadolint Dockerfile
      - uses: "docker://alpine:3.20" # quoted
      - uses: ./.github/actions/local
      - run: docker run --rm busybox:1.36 true

  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        image: ["python:3.12-slim", "python:3.13-slim"]
    container:
      image: \${{ matrix.image }}
      credentials:
        username: \${{ github.actor }}
        password: \${{ secrets.GITHUB_TOKEN }}
    services:
      postgres:
        image: &pg 'postgres:16-alpine'
        env:
          POSTGRES_PASSWORD: postgres
        options: >-
          --health-cmd pg_isready
          --health-interval 10s
        ports: ["5432:5432"]
      redis: redis:7.2@${PINNED}
      cache: { image: "memcached:1.6" }
      optional:
        image: \${{ matrix.image == 'python:3.13-slim' && 'mysql:8' || '' }}
    steps:
      - uses: actions/checkout@v4
      - run: pytest

  integration:
    runs-on: ubuntu-latest
    container:
      image: docker://debian:bookworm-slim
      options: --cpus 1
    services:
      db:
        image: *pg
    steps:
      - run: make integration

  no-container:
    runs-on: ubuntu-latest
    container: ''
    steps:
      - run: echo host

  matrix-container:
    runs-on: \${{ matrix.os }}
    container: \${{ matrix.container }}
    steps:
      - run: echo

  call:
    uses: org/shared/.github/workflows/build.yml@v1
    with:
      image: node:20
    secrets: inherit
`;

/** A job running a container, a service, a docker:// step and the images of setup-qemu and setup-buildx, on `runsOn` (with `matrix`). */
function runnerJob(runsOn: string, matrix?: string): string {
  return [
    'on: push',
    'jobs:',
    '  build:',
    `    runs-on: ${runsOn}`,
    ...(matrix === undefined ? [] : ['    strategy:', `      matrix: ${matrix}`]),
    '    container: node:20',
    '    services:',
    '      db: { image: postgres:16 }',
    '    steps:',
    '      - uses: docker://alpine:3.20',
    '      - uses: docker/setup-qemu-action@v3',
    '        with: { image: tonistiigi/binfmt:qemu-v8 }',
    '      - uses: docker/setup-buildx-action@v3',
    '        with: { driver-opts: image=moby/buildkit:v0.18.0 }',
    '',
  ].join('\n');
}

/** Each image of `runnerJob`, with `platform`. */
const all = (platform: unknown) => ['node:20', 'postgres:16', 'alpine:3.20', 'tonistiigi/binfmt:qemu-v8', 'moby/buildkit:v0.18.0'].map((image) => [image, platform]);

describe('core/sources/githubWorkflow', () => {
  it('finds job containers, services and docker:// steps, each where it is written, for the platform of the GitHub-hosted runner the job runs on', () => {
    const result = scanGithubWorkflow(WORKFLOW);
    assert.deepEqual(views(WORKFLOW, result), [
      { source: 'container', written: 'node:20-bookworm', expanded: 'node:20-bookworm', line: lineOf(WORKFLOW, 'container: node:20'), platform: AMD64 },
      { source: 'uses', written: 'ghcr.io/hadolint/hadolint:v2.12.0', expanded: 'ghcr.io/hadolint/hadolint:v2.12.0', line: lineOf(WORKFLOW, 'hadolint:v2'), platform: AMD64 },
      { source: 'uses', written: 'alpine:3.20', expanded: 'alpine:3.20', line: lineOf(WORKFLOW, '"docker://alpine'), platform: AMD64 },
      { source: 'service', written: "'postgres:16-alpine'", expanded: 'postgres:16-alpine', line: lineOf(WORKFLOW, '&pg'), platform: AMD64 },
      {
        source: 'service',
        written: `redis:7.2@${PINNED}`,
        expanded: `redis:7.2@${PINNED}`,
        line: lineOf(WORKFLOW, 'redis:'),
        digest: `@${PINNED}`,
        platform: AMD64,
      },
      { source: 'service', written: '"memcached:1.6"', expanded: 'memcached:1.6', line: lineOf(WORKFLOW, 'memcached'), platform: AMD64 },
      { source: 'container', written: 'debian:bookworm-slim', expanded: 'debian:bookworm-slim', line: lineOf(WORKFLOW, 'docker://debian'), platform: AMD64 },
    ]);
    assert.ok(result.images.every((occ) => occ.fileKind === 'github-workflow'));
  });

  it("the images of a job are for the architecture its runs-on names: a GitHub-hosted arm64 runner, a self-hosted runner's architecture label", () => {
    const platforms = (runsOn: string) => scanGithubWorkflow(runnerJob(runsOn)).images.map((occ) => [occ.expanded, occ.platform]);
    assert.deepEqual(platforms('ubuntu-24.04-arm'), all(ARM64));
    assert.deepEqual(platforms('ubuntu-22.04-arm'), all(ARM64));
    assert.deepEqual(platforms('[self-hosted, linux, ARM64]'), all(ARM64));
    assert.deepEqual(platforms('{ group: builders, labels: [linux, arm64] }'), all(ARM64));
    assert.deepEqual(platforms('[self-hosted, Linux, ARM]'), all({ os: 'linux', architecture: 'arm', variant: 'v7' }));
    assert.deepEqual(platforms('ubuntu-24.04'), all(AMD64));
    assert.deepEqual(platforms('[self-hosted, X64]'), all(AMD64));
    // Hosted-runner providers whose label schemes name the architecture.
    for (const arm of ['depot-ubuntu-24.04-arm', 'depot-ubuntu-24.04-arm-8', 'blacksmith-4vcpu-ubuntu-2404-arm', 'buildjet-2vcpu-ubuntu-2204-arm', 'ubicloud-standard-8-arm', 'ubicloud-standard-8-arm-ubuntu-2404', 'warp-ubuntu-2404-arm64-4x']) {
      assert.deepEqual(platforms(arm), all(ARM64), arm);
    }
    for (const x64 of ['depot-ubuntu-24.04', 'depot-ubuntu-22.04-16', 'Blacksmith-8vcpu-Ubuntu-2404', 'buildjet-4vcpu-ubuntu-2204', 'ubicloud', 'ubicloud-standard-4-ubuntu-2204', 'warp-ubuntu-latest-x64-2x']) {
      assert.deepEqual(platforms(x64), all(AMD64), x64);
    }
    // A job's containers run on Linux runners alone: a Windows or macOS runner's architecture label names no platform of theirs.
    for (const other of ['windows-2022', 'windows-latest', '[self-hosted, Windows, X64]', '[self-hosted, macOS, ARM64]']) assert.deepEqual(platforms(other), all(undefined), other);
    // Labels that say nothing certain of the architecture leave the configured platform.
    for (const unknown of ['self-hosted', 'big-runner-16core', '{ group: builders }', '${{ matrix.os }}', '[self-hosted, "${{ inputs.arch }}"]', '[X64, ARM64]', 'depot-macos-latest', 'namespace-profile-arm', 'blacksmith-4vcpu-windows-2025']) {
      assert.deepEqual(platforms(unknown), all(undefined), unknown);
    }
  });

  it('a matrix value a job on an arm64 runner takes as its container is for arm64', () => {
    const text = [
      'on: push',
      'jobs:',
      '  t:',
      '    runs-on: ubuntu-24.04-arm',
      '    strategy: { matrix: { image: ["alpine:3.20", "debian:12"] } }',
      '    container: ${{ matrix.image }}',
      '',
    ].join('\n');
    assert.deepEqual(scanGithubWorkflow(text).images.map((occ) => [occ.expanded, occ.platform]), [
      ['alpine:3.20', ARM64],
      ['debian:12', ARM64],
    ]);
  });

  it("a runs-on taking matrix values puts the job's images on each run's runner: different architectures give every platform (the index fits), one gives it", () => {
    const uses = (runsOn: string, matrix: string) => scanGithubWorkflow(runnerJob(runsOn, matrix)).images.map((occ) => [occ.expanded, occ.platform ?? occ.platforms]);
    assert.deepEqual(uses('${{ matrix.os }}', '{ os: [ubuntu-latest, ubuntu-24.04-arm] }'), all([AMD64, ARM64]));
    assert.deepEqual(uses('${{matrix.os}}', '{ os: [ubuntu-22.04, ubuntu-24.04], node: [20, 22] }'), all(AMD64));
    assert.deepEqual(uses("${{ matrix['os'] }}", '{ os: [ubuntu-24.04-arm] }'), all(ARM64));
    assert.deepEqual(uses('[self-hosted, "${{ matrix.arch }}"]', '{ arch: [X64, ARM64] }'), all([AMD64, ARM64]));
    assert.deepEqual(uses('ubuntu-${{ matrix.version }}', '{ version: ["22.04", "24.04-arm"] }'), all([AMD64, ARM64]));
    // A matrix value that is a list of labels, a mapping with labels, or a property of an object value.
    assert.deepEqual(uses('${{ matrix.runner }}', '{ runner: [[self-hosted, linux, ARM64], [self-hosted, linux, X64]] }'), all([ARM64, AMD64]));
    assert.deepEqual(uses('${{ matrix.runner }}', '{ runner: [{ group: arm, labels: [ARM64] }] }'), all(ARM64));
    assert.deepEqual(uses('${{ matrix.config.runs-on }}', '{ include: [{ config: { runs-on: ubuntu-24.04-arm } }, { config: { runs-on: ubuntu-latest } }] }'), all([ARM64, AMD64]));
    // A run on a runner whose architecture is not known is on the configured platform (undefined), which may differ.
    assert.deepEqual(uses('${{ matrix.os }}', '{ os: [ubuntu-24.04-arm, my-runner] }'), all([ARM64, undefined]));
    // A matrix the file does not say, or no matrix at all: the configured platform.
    assert.deepEqual(uses('${{ matrix.os }}', '"${{ fromJSON(inputs.matrix) }}"'), all(undefined));
    assert.deepEqual(uses('${{ matrix.os }}', '{ os: [ubuntu-24.04-arm], include: [{ os: "${{ inputs.os }}" }] }'), all(undefined));
    assert.deepEqual(uses('${{ matrix.os }} ', '{ os: [ubuntu-24.04-arm, "${{ inputs.os }}"] }'), all([ARM64, undefined]));
  });

  it('a matrix image takes the runner of the runs that use it; a literal two jobs on different runners share is for both', () => {
    const text = [
      'on: push',
      'jobs:',
      '  t:',
      '    runs-on: ${{ matrix.runner }}',
      '    strategy: &matrix',
      '      matrix:',
      '        include:',
      '          - { runner: ubuntu-24.04-arm, image: "alpine:3.20" }',
      '          - { runner: ubuntu-latest, image: "debian:12" }',
      '          - { runner: ubuntu-24.04, image: "debian:12" }',
      '    container: ${{ matrix.image }}',
      '  shared:',
      '    runs-on: ubuntu-latest',
      '    strategy: { matrix: { image: &images ["busybox:1.36", "golang:1.22"] } }',
      '    container: ${{ matrix.image }}',
      '  arm:',
      '    runs-on: ubuntu-24.04-arm',
      '    strategy: { matrix: { image: *images } }',
      '    container: ${{ matrix.image }}',
      '',
    ].join('\n');
    assert.deepEqual(scanGithubWorkflow(text).images.map((occ) => [occ.expanded, occ.platform ?? occ.platforms]), [
      ['alpine:3.20', ARM64],
      ['debian:12', AMD64],
      ['debian:12', AMD64],
      ['busybox:1.36', [AMD64, ARM64]],
      ['golang:1.22', [AMD64, ARM64]],
    ]);
  });

  it('reports every value holding an expression as unresolved, naming the expression, the reason and the way out', () => {
    const problems = problemViews(WORKFLOW, scanGithubWorkflow(WORKFLOW).problems);
    assert.deepEqual(
      problems.map(({ kind, written, line }) => ({ kind, written, line })),
      [
        { kind: 'unresolved', written: '${{ matrix.image }}', line: lineOf(WORKFLOW, 'image: ${{ matrix.image }}') },
        { kind: 'unresolved', written: "${{ matrix.image == 'python:3.13-slim' && 'mysql:8' || '' }}", line: lineOf(WORKFLOW, "'mysql:8'") },
        { kind: 'unresolved', written: '${{ matrix.container }}', line: lineOf(WORKFLOW, 'container: ${{') },
      ],
    );
    // The matrix is written out, but an expression compares its value: a digest in it would change the result.
    assert.match(problems[0].message, /the container of job test is \$\{\{ matrix\.image \}\}, and matrix\.image is also read by/);
    assert.match(problems[0].message, new RegExp(`on line ${lineOf(WORKFLOW, "'mysql:8'")}, whose result a digest written into the matrix value would change`));
    assert.match(problems[0].message, /--allow-unresolved/);
    assert.match(problems[1].message, /service optional of job test holds the workflow expression/);
    assert.match(problems[1].message, /known only when the workflow runs/);
    assert.match(problems[2].message, /job matrix-container has no strategy\.matrix, so matrix\.container has no value/);
  });

  it("a container or service whose options give --platform is created for that platform, not the runner's", () => {
    // The runner puts `options` as it is into `docker create`, after pulling the image as written:
    // an amd64 digest there makes `docker create --platform linux/arm64` fail (or run amd64).
    const text = [
      'on: push',
      'jobs:',
      '  arm:',
      '    runs-on: ubuntu-latest',
      '    container:',
      '      image: node:20',
      '      options: --platform linux/arm64 -v /tmp:/tmp',
      '    services:',
      '      db:',
      '        image: postgres:16',
      '        options: >-',
      '          --health-cmd pg_isready',
      '          --platform=linux/arm/v7',
      '      cache:',
      '        image: redis:7',
      '        options: --platform linux/amd64 --platform "linux/arm64"',
      '      plain:',
      '        image: memcached:1.6',
      '        options: --cpus 1',
      '    steps: [{ run: uname -m }]',
      '  matrix:',
      '    runs-on: ubuntu-latest',
      '    strategy: { matrix: { image: ["alpine:3.20"] } }',
      '    container: { image: "${{ matrix.image }}", options: --platform=linux/arm64 }',
      '    steps: [{ run: uname -m }]',
      '',
    ].join('\n');
    const result = scanGithubWorkflow(text);
    assert.deepEqual(result.images.map((occ) => [occ.expanded, occ.platform]), [
      ['node:20', ARM64],
      ['postgres:16', { os: 'linux', architecture: 'arm', variant: 'v7' }],
      ['redis:7', ARM64],
      ['memcached:1.6', AMD64],
      ['alpine:3.20', ARM64],
    ]);
    assert.deepEqual(result.problems, []);
  });

  it('a --platform in options that holds an expression is unresolved, one docker refuses invalid; the image is read for the runner', () => {
    const text = [
      'on: push',
      'jobs:',
      '  t:',
      '    runs-on: ubuntu-latest',
      '    container:',
      '      image: node:20',
      '      options: --platform ${{ matrix.platform }}',
      '    services:',
      '      db: { image: postgres:16, options: --platform=linux/arm64/v8/x }',
      '    steps: [{ run: echo }]',
      '',
    ].join('\n');
    const result = scanGithubWorkflow(text);
    assert.deepEqual(result.images.map((occ) => [occ.expanded, occ.platform]), [
      ['node:20', AMD64],
      ['postgres:16', AMD64],
    ]);
    const problems = problemViews(text, result.problems);
    assert.deepEqual(problems.map(({ kind, line }) => ({ kind, line })), [
      { kind: 'unresolved', line: 7 },
      { kind: 'invalid', line: 9 },
    ]);
    assert.match(problems[0].message, /the --platform of the options of the container of job t holds the workflow expression \$\{\{ matrix\.platform \}\}.*--allow-unresolved/);
    assert.match(problems[1].message, /the --platform of the options of service db of job t: /);
  });

  it('an image under an anchor is for the platform of each use, a --platform in the options of a use counting for that use: only the index digest fits uses that differ', () => {
    const text = [
      'on: push',
      'jobs:',
      '  amd:',
      '    runs-on: ubuntu-latest',
      '    container: { image: &img node:20 }',
      '    services: { db: { image: &db postgres:16 } }',
      '    steps: [{ run: echo }]',
      '  arm:',
      '    runs-on: ubuntu-24.04-arm',
      '    container: { image: *img }',
      '    services: { db: { image: *db, options: --platform linux/amd64 } }',
      '    steps: [{ run: echo }]',
      '',
    ].join('\n');
    const result = scanGithubWorkflow(text);
    assert.deepEqual(result.images.map((occ) => [occ.expanded, occ.platform, occ.platforms]), [
      ['node:20', undefined, [AMD64, ARM64]],
      ['postgres:16', AMD64, undefined],
    ]);
  });

  it('an image under an anchor used through an alias is one occurrence, pinned once where it is written', () => {
    const result = scanGithubWorkflow(WORKFLOW);
    assert.equal(result.images.filter((occ) => occ.expanded === 'postgres:16-alpine').length, 1);
    const pinned = pinAll(WORKFLOW, result, D1);
    assert.ok(pinned.includes(`image: &pg 'postgres:16-alpine@${D1}'`));
    assert.ok(pinned.includes('image: *pg\n'));
  });

  it('pinning changes only the references: quotes, comments, the docker:// prefix and the credentials stay', () => {
    const pinned = pinAll(WORKFLOW, scanGithubWorkflow(WORKFLOW), D1);
    const expected = WORKFLOW.replace('container: node:20-bookworm', `container: node:20-bookworm@${D1}`)
      .replace('hadolint:v2.12.0', `hadolint:v2.12.0@${D1}`)
      .replace('"docker://alpine:3.20" # quoted', `"docker://alpine:3.20@${D1}" # quoted`)
      .replace("'postgres:16-alpine'", `'postgres:16-alpine@${D1}'`)
      .replace('"memcached:1.6"', `"memcached:1.6@${D1}"`)
      .replace('docker://debian:bookworm-slim', `docker://debian:bookworm-slim@${D1}`)
      .replace(`redis:7.2@${PINNED}`, `redis:7.2@${D1}`);
    assert.equal(pinned, expected);
    // Pinning again to the same digests changes nothing.
    assert.equal(pinAll(pinned, scanGithubWorkflow(pinned), D1), pinned);
  });

  it("the image input of an action that pulls and runs it (docker/setup-qemu-action's image, the kind node image of helm/kind-action's and container-tools/kind-action's node_image and engineerd/setup-kind's image) is an image of the job, pinned in the input, or in the matrix its value takes whole; an env value the step sees for sure is read", () => {
    // The shape of Dapr's and Fluent Bit's workflows: binfmt runs privileged on the runner.
    const text = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: docker/setup-qemu-action@29109295f81e9208d7d86ff1c6c12d2833863392 # v3.6.0',
      '        with:',
      '          image: tonistiigi/binfmt:qemu-v7.0.0-28 # see docker/setup-qemu-action#198',
      '      - uses: helm/kind-action@v1',
      '        with:',
      "          node_image: 'kindest/node:v1.31.0'",
      '      - uses: docker/setup-qemu-action@v3',
      '      - uses: docker/setup-qemu-action@v3',
      '        with:',
      '          image: ${{ inputs.binfmt }}',
      '      - uses: actions/checkout@v4',
      '        with:',
      '          image: not-an-image-input',
      // The shape of external-secrets' e2e workflow: the cluster's nodes run from this image.
      '      - uses: engineerd/setup-kind@aa272fe2a7309878ffc2a81c56cfe3ef108ae7d0 # v0.5.0',
      '        with:',
      '          version: v0.29.0',
      '          image: kindest/node:v1.33.4',
      '      - uses: container-tools/kind-action@v2',
      '        with:',
      '          node_image: kindest/node:v1.32.0',
      '',
    ].join('\n');
    const result = scanGithubWorkflow(text);
    assert.deepEqual(
      views(text, result).map((v) => [v.line, v.source, v.written]),
      [
        [8, 'image', 'tonistiigi/binfmt:qemu-v7.0.0-28'],
        [11, 'image', "'kindest/node:v1.31.0'"],
        [22, 'image', 'kindest/node:v1.33.4'],
        [25, 'image', 'kindest/node:v1.32.0'],
      ],
    );
    assert.deepEqual(problemViews(text, result.problems).map((p) => [p.kind, p.line]), [['unresolved', 15]]);
    assert.match(pinAll(text, result, D1), new RegExp(`image: tonistiigi/binfmt:qemu-v7\\.0\\.0-28@${D1} # see`));
    // A matrix of kind node images (kube-prometheus's e2e workflow): each literal is an image, pinned where the matrix writes it.
    const matrix = [
      'on: push',
      'jobs:',
      '  e2e:',
      '    runs-on: ubuntu-24.04-arm',
      '    strategy:',
      '      matrix:',
      '        kind-image:',
      '          - "kindest/node:v1.31.0"',
      '          - kindest/node:v1.32.0',
      '    steps:',
      '      - uses: helm/kind-action@v1',
      '        with:',
      '          node_image: ${{ matrix.kind-image }}',
      '',
    ].join('\n');
    const read = scanGithubWorkflow(matrix);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(
      views(matrix, read).map((v) => [v.line, v.written]),
      [
        [8, '"kindest/node:v1.31.0"'],
        [9, 'kindest/node:v1.32.0'],
      ],
    );
    assert.deepEqual(read.images.map((image) => image.platform?.architecture), ['arm64', 'arm64']);
    assert.match(pinAll(matrix, read, D1), new RegExp(`- kindest/node:v1\\.32\\.0@${D1}\n`));
    // ${{ env.NAME }} of the env the step sees for sure (its own; the job's and workflow's unless a
    // run step before it writes the name to $GITHUB_ENV) is read with its value, pinned after the value as written.
    const env = [
      'on: push',
      'env:',
      '  QEMU_IMAGE: tonistiigi/binfmt:qemu-v9',
      '  KIND: kindest/node',
      'jobs:',
      '  e2e:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: docker/setup-qemu-action@v3',
      '        with:',
      '          image: ${{ env.QEMU_IMAGE }}',
      '      - run: echo "KIND=other/node" >> "$GITHUB_ENV"',
      '      - uses: helm/kind-action@v1',
      '        env: { NODE_IMAGE_VERSION: v1.32.0 }',
      '        with:',
      '          node_image: ${{ env.KIND }}:${{ env.NODE_IMAGE_VERSION }}',
      '      - uses: helm/kind-action@v1',
      '        env: { NODE_IMAGE_VERSION: v1.32.0 }',
      '        with:',
      '          node_image: kindest/node:${{ env.NODE_IMAGE_VERSION }}',
      '',
    ].join('\n');
    const fromEnv = scanGithubWorkflow(env);
    assert.deepEqual(
      fromEnv.images.map((image) => [image.line, image.expanded]),
      [
        [11, 'tonistiigi/binfmt:qemu-v9'],
        [20, 'kindest/node:v1.32.0'],
      ],
    );
    assert.deepEqual(problemViews(env, fromEnv.problems).map((p) => [p.kind, p.line]), [['unresolved', 16]]);
    assert.match(pinAll(env, fromEnv, D1), new RegExp(`node_image: kindest/node:\\$\\{\\{ env\\.NODE_IMAGE_VERSION \\}\\}@${D1}\n`));
  });

  it("a step using an action of the repository is told to the engine, with the platforms of its runners (none on an unknown runner) and the inputs it gives; another repository's action is not", () => {
    const text = [
      'on: push',
      'jobs:',
      '  build:',
      '    strategy: {matrix: {os: [ubuntu-latest, ubuntu-24.04-arm]}}',
      '    runs-on: ${{ matrix.os }}',
      '    steps:',
      '      - uses: ./.github/actions/image/',
      '      - uses: actions/checkout@v4',
      '  other:',
      '    runs-on: self-hosted',
      '    steps:',
      '      - uses: ./',
      '',
    ].join('\n');
    const uses = scanGithubWorkflow(text).localActions ?? [];
    assert.deepEqual(
      uses.map((u) => [u.folder, u.platforms, u.by, u.line, u.inputs]),
      [
        ['.github/actions/image', [AMD64, ARM64], 'a step of job build', 7, new Map()],
        ['.', [], 'a step of job other', 12, new Map()],
      ],
    );
  });

  it("a step using an action of the repository gives it the inputs of its with:, worked out for each run of the job's matrix: the runs giving the same inputs are one use, on their runners; a value only the run knows is said as such", () => {
    const text = [
      'on: push',
      'env: { TAG: "1.2" }',
      'jobs:',
      '  build:',
      '    strategy:',
      '      matrix:',
      '        include:',
      '          - { os: ubuntu-latest, platform: linux/amd64 }',
      '          - { os: ubuntu-24.04-arm, platform: linux/arm64 }',
      '          - { os: ubuntu-24.04-arm, platform: linux/arm64, extra: yes }',
      '    runs-on: ${{ matrix.os }}',
      '    steps:',
      '      - uses: ./.github/actions/build',
      '        with:',
      '          Platform: ${{ matrix.platform }}',
      '          tag: ${{ env.TAG }}',
      '          push: true',
      '          sha: ${{ github.sha }}',
      '',
    ].join('\n');
    const uses = scanGithubWorkflow(text).localActions ?? [];
    const sha = { unknown: '${{ github.sha }}' };
    assert.deepEqual(
      uses.map((u) => [u.folder, u.platforms, u.inputs]),
      [
        ['.github/actions/build', [AMD64], new Map<string, unknown>([['platform', 'linux/amd64'], ['tag', '1.2'], ['push', 'true'], ['sha', sha]])],
        ['.github/actions/build', [ARM64], new Map<string, unknown>([['platform', 'linux/arm64'], ['tag', '1.2'], ['push', 'true'], ['sha', sha]])],
      ],
    );
  });

  it("a run step's make on runners of a known architecture is told to the engine with the folder make runs in and the makefile it reads, or what hides them; another folder's makefile or an unknown runner are not; a builder off the runner is said", () => {
    const makes = (run: string, runsOn = '${{ matrix.os }}', setup: readonly string[] = []) =>
      (
        scanGithubWorkflow(
          ['on: push', 'jobs:', '  build:', '    strategy: {matrix: {os: [ubuntu-latest, ubuntu-24.04-arm]}}', `    runs-on: ${runsOn}`, '    env: { DIR: images }', '    steps:', ...setup, '      - run: |', ...run.split('\n').map((l) => `          ${l}`), ''].join('\n'),
        ).localActions ?? []
      ).map((u) => `${u.folder} ${u.hidden !== undefined ? `(${u.hidden.what} hides it)` : u.makefile === '' ? '(make finds it)' : u.makefile} ${u.offRunner === undefined ? u.platforms.map((p) => p.architecture).join(',') : 'off the runner'}`);
    assert.deepEqual(makes('make image'), ['. (make finds it) amd64,arm64']);
    assert.deepEqual(makes('make -C images/base image'), ['images/base (make finds it) amd64,arm64']);
    assert.deepEqual(makes('cd images && make -Cbase --file=Makefile.docker push'), ['images/base Makefile.docker amd64,arm64']);
    assert.deepEqual(makes('FOO=1 sudo make --directory=./images/base/ -f Makefile'), ['images/base Makefile amd64,arm64']);
    assert.deepEqual(makes('make -C $DIR/base', 'ubuntu-24.04-arm'), ['images/base (make finds it) arm64']);
    // make still runs in the step's folder: a makefile elsewhere is read alone, as its own reading knows it.
    assert.deepEqual(makes('make -f build/Makefile image'), []);
    assert.deepEqual(makes('make -C "$(git rev-parse --show-toplevel)/images"'), ['. (its -C folder hides it) amd64,arm64']);
    assert.deepEqual(makes('make image', 'self-hosted'), []);
    // A builder off the runner: its builds are on a platform unknown, whatever the runner's.
    const kubernetes = ['      - uses: docker/setup-buildx-action@v3', '        with: { driver: kubernetes }'];
    assert.deepEqual(makes('make image', 'ubuntu-latest', kubernetes), ['. (make finds it) off the runner']);
    assert.deepEqual(makes('make image', 'self-hosted', kubernetes), ['. (make finds it) off the runner']);
    assert.deepEqual(makes('cmake --build . && automake'), []);
  });

  it("a run step's script of the repository on a runner of a known architecture is told to the engine with the folder it starts in: run by its path, with a shell or sourced; a path the step hides, a command given to a shell or another program is not", () => {
    const calls = (run: string, runsOn = 'ubuntu-24.04-arm') =>
      (scanGithubWorkflow(['on: push', 'jobs:', '  build:', `    runs-on: ${runsOn}`, '    steps:', '      - run: |', ...run.split('\n').map((l) => `          ${l}`), ''].join('\n')).localActions ?? []).map(
        (u) => `${u.folder} ${u.script ?? `make ${u.makefile}`} ${u.platforms.map((p) => p.architecture).join(',')}`,
      );
    assert.deepEqual(calls('./scripts/build.sh push'), ['. scripts/build.sh arm64']);
    assert.deepEqual(calls('cd images && bash -eu ../hack/image.sh'), ['images hack/image.sh arm64']);
    assert.deepEqual(calls('source ./env.sh\nsh ci/build && make -C images'), ['. env.sh arm64', '. ci/build arm64', 'images make  arm64']);
    assert.deepEqual(calls('./gradlew build', 'ubuntu-latest'), ['. gradlew amd64']);
    for (const none of ['bash -c "docker build ."', '/usr/local/bin/tool --x', 'python3 scripts/build.py', 'echo a/b', '../other/build.sh']) assert.deepEqual(calls(none), [], none);
    assert.deepEqual(calls('./scripts/build.sh', 'self-hosted'), []);
  });

  it("a run step's make is told with the goals it names, when it names them all for sure; options' values and variable assignments are no goals", () => {
    const goals = (run: string) =>
      (scanGithubWorkflow(['on: push', 'jobs:', '  build:', '    runs-on: ubuntu-24.04-arm', '    steps:', `      - run: ${run}`, ''].join('\n')).localActions ?? []).map((u) => JSON.stringify(u.goals ?? null));
    assert.deepEqual(goals('make lint'), ['["lint"]']);
    assert.deepEqual(goals('make -j 4 -C images PUSH=true -o stamp image-api image-web'), ['["image-api","image-web"]']);
    assert.deepEqual(goals('make --jobs=4 -I include -f Makefile release'), ['["release"]']);
    assert.deepEqual(goals('make'), ['null']);
    assert.deepEqual(goals('make -j4 VERSION=1'), ['null']);
    assert.deepEqual(goals('make "$TARGET"'), ['null']);
  });

  it("a run step's make or script whose folder, makefile or path a word only the run knows hides is told to the engine as hidden, with what hides it; one in the home folder or another folder of the runner is not", () => {
    const hidden = (run: string, runsOn = 'ubuntu-24.04-arm') =>
      (scanGithubWorkflow(['on: push', 'jobs:', '  build:', `    runs-on: ${runsOn}`, '    steps:', '      - run: |', ...run.split('\n').map((l) => `          ${l}`), ''].join('\n')).localActions ?? []).map(
        (u) => (u.hidden === undefined ? `${u.folder} ${u.script ?? `make ${u.makefile}`}` : `${u.hidden.command}: ${u.hidden.what}`) + ` ${u.platforms.map((p) => p.architecture).join(',')}`,
      );
    assert.deepEqual(hidden('make -C "$DIR" image'), ['make: its -C folder arm64']);
    assert.deepEqual(hidden('gmake --makefile=$MAKEFILE'), ['gmake: its -f makefile arm64']);
    assert.deepEqual(hidden('cd "$APP" && make image'), ['make: the folder it runs in arm64']);
    assert.deepEqual(hidden('bash "$SCRIPT" push\n"$SCRIPTS/build.sh"\n. ./ci/$TARGET.sh'), ["bash: the script's path arm64", "a script: the script's path arm64", ".: the script's path arm64"]);
    assert.deepEqual(hidden('cd "$(mktemp -d)" && ./build.sh'), ['a script: the folder it runs in arm64']);
    // The runner's own folders hold no file of the repository; a program a variable names is no script of it.
    for (const none of ['curl -sSfL https://example.com/install.sh | sh -s -- -b "$(go env GOPATH)/bin"', 'source "$HOME/.cargo/env"', '. "$NVM_DIR/nvm.sh"', 'bash $RUNNER_TEMP/setup.sh', 'cd "$HOME/src" && make install', '"$TOOL" --version', 'source "$VENV/bin/activate"', 'bash -c "$CMD"']) {
      assert.deepEqual(hidden(none), [], none);
    }
    assert.deepEqual(hidden('make -C "$DIR"', 'self-hosted'), []);
  });

  it("a run step running a package.json's script on a runner of a known architecture is told to the engine with the package's folder: npm, yarn, pnpm, bun and node --run, after a cd or with --prefix, -C or --cwd, in the packages of a workspace it picks; a hidden folder's or the tool's own command is not", () => {
    const calls = (run: string, runsOn = 'ubuntu-24.04-arm', directory?: string) =>
      (
        scanGithubWorkflow(['on: push', 'jobs:', '  build:', `    runs-on: ${runsOn}`, '    steps:', ...(directory === undefined ? [] : [`      - working-directory: ${directory}`]), `      ${directory === undefined ? '-' : ' '} run: |`, ...run.split('\n').map((l) => `          ${l}`), ''].join('\n'))
          .localActions ?? []
      ).map((u) => `${u.folder} ${u.packageScript ?? '?'} ${u.platforms.map((p) => p.architecture).join(',')}${u.workspaces === undefined ? '' : ` ${JSON.stringify(u.workspaces)}`}`);
    assert.deepEqual(calls('npm ci\nnpm run build-docker-base'), ['. build-docker-base arm64']);
    assert.deepEqual(calls('npm run image --workspace web\ncd site && pnpm -r image'), ['. image arm64 [{"name":"web"},{"folder":"web"}]', 'site image arm64 [{"every":true}]']);
    assert.deepEqual(calls('cd web && yarn image\npnpm -C api run image\nbun --cwd=tools run image\nnode --run image', 'ubuntu-latest'), ['web image amd64', 'web/api image amd64', 'web/tools image amd64']);
    assert.deepEqual(calls('npm --prefix ../app run image', 'ubuntu-24.04-arm', 'web'), ['app image arm64']);
    for (const none of ['npm install', 'npm --prefix "$DIR" run image', 'cd "$DIR" && npm run image', 'yarn add x', 'npx tool', 'npm run ${{ matrix.script }}']) assert.deepEqual(calls(none), [], none);
    assert.deepEqual(calls('npm run image', 'self-hosted'), []);
  });

  it('CRLF files give the same occurrences and keep their line ends when pinned', () => {
    const crlf = WORKFLOW.replace(/\n/g, '\r\n');
    const result = scanGithubWorkflow(crlf);
    assert.deepEqual(views(crlf, result), views(WORKFLOW, scanGithubWorkflow(WORKFLOW)));
    assert.equal(pinAll(crlf, result, D2), pinAll(WORKFLOW, scanGithubWorkflow(WORKFLOW), D2).replace(/\n/g, '\r\n'));
  });

  const cases: Array<{ name: string; text: string; images: Array<{ written: string; expanded: string }>; problems?: Array<{ kind: string; message: RegExp }> }> = [
    {
      name: 'a reusable workflow and ordinary actions name no image',
      text: 'jobs:\n  a:\n    uses: ./.github/workflows/x.yml\n  b:\n    runs-on: x\n    steps:\n      - uses: actions/setup-node@v4\n      - uses: docker/build-push-action@v6\n',
      images: [],
    },
    {
      name: 'the docker:// prefix of a step is matched exactly, as the runner does',
      text: 'jobs:\n  a:\n    steps:\n      - uses: Docker://alpine:3\n',
      images: [],
    },
    {
      name: 'a container of only docker:// is the runner\'s error',
      text: 'jobs:\n  a:\n    container: docker://\n',
      images: [],
      problems: [{ kind: 'invalid', message: /the image after docker:\/\/ is empty/ }],
    },
    {
      name: 'an image folded over two lines cannot take a digest safely',
      text: 'jobs:\n  a:\n    container:\n      image: node\n        :20\n',
      images: [],
      problems: [{ kind: 'skipped', message: /folded over several lines/ }],
    },
    {
      name: 'an escaped double-quoted image cannot take a digest safely',
      text: 'jobs:\n  a:\n    container: "node\\x3a20"\n',
      images: [],
      problems: [{ kind: 'skipped', message: /escapes/ }],
    },
    {
      name: 'a block scalar cannot take a digest safely',
      text: 'jobs:\n  a:\n    services:\n      s:\n        image: >-\n          redis:7\n',
      images: [],
      problems: [{ kind: 'skipped', message: /block scalar/ }],
    },
    {
      name: 'an invalid reference is reported with the reference grammar\'s reason',
      text: 'jobs:\n  a:\n    container: Node:20\n',
      images: [],
      problems: [{ kind: 'invalid', message: /must be lowercase/ }],
    },
    {
      name: 'a repeated key: the last one counts, as in the runner',
      text: 'jobs:\n  a:\n    container: node:18\n    container: node:20\n',
      images: [{ written: 'node:20', expanded: 'node:20' }],
    },
    {
      name: 'services given by an expression are unresolved, not silently left out',
      text: 'jobs:\n  a:\n    services: ${{ fromJSON(inputs.services) }}\n',
      images: [],
      problems: [{ kind: 'unresolved', message: /the services of job a holds the workflow expression \$\{\{ fromJSON\(inputs\.services\) \}\}/ }],
    },
    {
      name: 'a service written as a string',
      text: 'jobs:\n  a:\n    services:\n      db: mariadb:11\n',
      images: [{ written: 'mariadb:11', expanded: 'mariadb:11' }],
    },
    {
      name: 'broken YAML is reported at its line and the rest is still read',
      text: 'jobs:\n  a:\n    container: node:20\n    steps: [\n',
      images: [{ written: 'node:20', expanded: 'node:20' }],
      problems: [{ kind: 'invalid', message: /not valid YAML/ }],
    },
    {
      name: 'an empty file and a file that is not a mapping name nothing',
      text: '',
      images: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = scanGithubWorkflow(c.text);
      assert.deepEqual(
        views(c.text, result).map(({ written, expanded }) => ({ written, expanded })),
        c.images,
      );
      const problems = problemViews(c.text, result.problems);
      assert.equal(problems.length, (c.problems ?? []).length, JSON.stringify(problems));
      (c.problems ?? []).forEach((p, i) => {
        assert.equal(problems[i].kind, p.kind);
        assert.match(problems[i].message, p.message);
      });
    });
  }
});
