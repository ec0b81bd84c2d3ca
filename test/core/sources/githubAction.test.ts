import * as assert from 'node:assert/strict';
import { scanGithubAction } from '../../../src/core/sources/githubAction';
import { buildWords } from './buildWords';
import { D1, pinAll, problemViews, views } from './helpers';

const IMAGE_ACTION = `name: 'Lint Dockerfiles'
description: 'Runs hadolint on the Dockerfiles of a repository'
author: someone
branding:
  icon: check
  color: blue
inputs:
  dockerfile:
    description: 'Dockerfile to lint'
    default: Dockerfile
runs:
  using: 'docker'
  image: 'docker://ghcr.io/hadolint/hadolint:v2.12.0-debian'
  args:
    - \${{ inputs.dockerfile }}
`;

const DOCKERFILE_ACTION = `name: Greeter
description: Greets
runs:
  using: Docker
  image: build/Dockerfile.action
  entrypoint: /entrypoint.sh
  env:
    GREETING: hello
`;

const COMPOSITE_ACTION = `name: Setup and scan
description: Composite action with container steps
runs:
  using: composite
  steps:
    - uses: actions/checkout@v4
    - uses: docker://aquasec/trivy:0.55.0
      with:
        args: fs .
    - run: echo done
      shell: bash
`;

describe('core/sources/githubAction', () => {
  it('a container action naming docker://<image> runs that image, pinned inside its quotes', () => {
    const result = scanGithubAction(IMAGE_ACTION);
    assert.deepEqual(views(IMAGE_ACTION, result), [
      { source: 'image', written: 'ghcr.io/hadolint/hadolint:v2.12.0-debian', expanded: 'ghcr.io/hadolint/hadolint:v2.12.0-debian', line: 13 },
    ]);
    assert.equal(result.images[0].fileKind, 'github-action');
    assert.deepEqual(result.builds, []);
    assert.equal(
      pinAll(IMAGE_ACTION, result, D1),
      IMAGE_ACTION.replace("'docker://ghcr.io/hadolint/hadolint:v2.12.0-debian'", `'docker://ghcr.io/hadolint/hadolint:v2.12.0-debian@${D1}'`),
    );
  });

  it('a container action naming a Dockerfile returns it for the engine to scan, with the Dockerfile\'s folder as context', () => {
    const result = scanGithubAction(DOCKERFILE_ACTION);
    assert.deepEqual(result.images, []);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.builds, [
      {
        dockerfile: 'build/Dockerfile.action',
        context: 'build',
        buildArgs: new Map(),
        unknownArgs: new Map(),
        platforms: [],
        range: { start: { line: 4, character: 9 }, end: { line: 4, character: 32 } },
        line: 5,
      },
    ]);
  });

  it('a plain Dockerfile next to action.yml builds with the action folder as context', () => {
    const result = scanGithubAction('runs:\n  using: docker\n  image: "Dockerfile"\n');
    assert.equal(result.builds?.[0].dockerfile, 'Dockerfile');
    assert.equal(result.builds?.[0].context, '.');
  });

  it('a composite action runs the images of its docker:// steps', () => {
    const result = scanGithubAction(COMPOSITE_ACTION);
    assert.deepEqual(views(COMPOSITE_ACTION, result), [{ source: 'uses', written: 'aquasec/trivy:0.55.0', expanded: 'aquasec/trivy:0.55.0', line: 7 }]);
  });

  it("a composite action's steps give the image input of an action that pulls it (docker/setup-qemu-action) as its image", () => {
    const text = ['name: setup', 'runs:', '  using: composite', '  steps:', '    - uses: docker/setup-qemu-action@v3', '      with: {image: "tonistiigi/binfmt:latest"}', ''].join('\n');
    assert.deepEqual(views(text, scanGithubAction(text)).map((v) => [v.line, v.written]), [[6, '"tonistiigi/binfmt:latest"']]);
  });

  it("a composite action's docker/build-push-action steps and run scripts build Dockerfiles of the repository (paths from its root) for their platforms; an input hiding the platforms is unresolved", () => {
    const text = [
      'name: build',
      'inputs:',
      '  platforms: {default: linux/amd64}',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - uses: docker/build-push-action@v6',
      '      with:',
      '        context: services/api',
      '        platforms: linux/amd64,linux/arm64',
      '    - shell: bash',
      '      run: docker buildx build --platform linux/arm64 -f tools/Dockerfile .',
      '    - shell: bash',
      '      run: docker build -t web web',
      '    - uses: docker/build-push-action@v6',
      '      with:',
      '        file: worker/Dockerfile',
      '        platforms: ${{ inputs.platforms }}',
      '',
    ].join('\n');
    const result = scanGithubAction(text);
    assert.deepEqual(buildWords(result), ['services/api/Dockerfile services/api linux/amd64,linux/arm64', 'tools/Dockerfile . linux/arm64', 'web/Dockerfile web [configured]', 'worker/Dockerfile . [hidden]']);
    assert.ok(result.builds?.every((b) => b.fromRepositoryRoot === true));
    assert.deepEqual(
      problemViews(text, result.problems).map((p) => [p.line, p.kind, p.message.split(',')[0]]),
      [[18, 'unresolved', 'the platforms input of the docker/build-push-action step of this composite action holds the workflow expression ${{ inputs.platforms }}']],
    );
  });

  it('a runs.image that is neither form is the runner\'s error, reported at its line', () => {
    const text = 'runs:\n  using: docker\n  image: alpine:3.20\n';
    const result = scanGithubAction(text);
    assert.deepEqual(result.images, []);
    const [problem] = problemViews(text, result.problems);
    assert.equal(problem.kind, 'invalid');
    assert.equal(problem.written, 'alpine:3.20');
    assert.equal(problem.line, 3);
    assert.match(problem.message, /neither docker:\/\/<image> nor a path to a Dockerfile/);
  });

  it('a runs.image holding an expression is unresolved', () => {
    const text = 'runs:\n  using: docker\n  image: docker://ghcr.io/o/r:${{ inputs.tag }}\n';
    const [problem] = scanGithubAction(text).problems;
    assert.equal(problem.kind, 'unresolved');
    assert.match(problem.message, /\$\{\{ inputs\.tag \}\}/);
  });

  it('JavaScript actions run no image', () => {
    const result = scanGithubAction("runs:\n  using: 'node20'\n  main: dist/index.js\n  image: docker://alpine:3\n");
    assert.deepEqual(result.images, []);
    assert.deepEqual(result.builds, []);
  });

  it('the docker:// prefix of runs.image is read in any case, as the runner does', () => {
    const result = scanGithubAction('runs:\n  using: docker\n  image: DOCKER://alpine:3.20\n');
    assert.deepEqual(
      result.images.map((occ) => occ.expanded),
      ['alpine:3.20'],
    );
  });
});

describe("core/sources/githubAction: a composite action's inputs", () => {
  const action = (inputs: readonly string[], steps: readonly string[]) => ['name: build', 'inputs:', ...inputs, 'runs:', '  using: composite', '  steps:', ...steps, ''].join('\n');
  const BUILD = action(
    ['  platform:', '    required: true', '  target:', '    default: prod'],
    [
      '    - uses: docker/build-push-action@v6',
      '      with:',
      '        file: ./Dockerfile',
      '        platforms: ${{ inputs.platform }}',
      '        target: ${{ inputs.target }}',
      '    - shell: bash',
      '      run: docker buildx build --platform "${{ inputs.platform }}" --build-arg TAG=${{ inputs.TAG }} -f tools/Dockerfile .',
    ],
  );
  const given = (values: Record<string, string | { unknown: string }>) => new Map(Object.entries(values));

  it("read as a step gives them: each ${{ inputs.NAME }} of a build-push step or run script is the step's value, else the input's default, else empty; a value only the run knows hides the build", () => {
    assert.deepEqual(buildWords(scanGithubAction(BUILD, { call: given({ platform: 'linux/amd64,linux/arm64', tag: '1.2' }) })), [
      'Dockerfile . linux/amd64,linux/arm64 target prod',
      'tools/Dockerfile . linux/amd64,linux/arm64 TAG=1.2',
    ]);
    // Matched in any case, the default overridden; an input no one gives nor defaults is empty: the runner's platform.
    assert.deepEqual(buildWords(scanGithubAction(BUILD, { call: given({ target: 'debug' }) })), ['Dockerfile . [configured] target debug', 'tools/Dockerfile . [configured] TAG=']);
    const hidden = scanGithubAction(BUILD, { call: given({ platform: { unknown: '${{ steps.pick.outputs.platform }}' } }) });
    assert.deepEqual(buildWords(hidden), ['Dockerfile . [hidden] target prod', 'tools/Dockerfile . [hidden] TAG=']);
    assert.deepEqual(problemViews(BUILD, hidden.problems).map((p) => [p.kind, p.line]), [['unresolved', 13], ['unresolved', 16]]);
  });

  it('read as itself, its inputs are unknown; told of its callers, a problem every caller settles is moot and its build is theirs, one a caller hides is kept, and what only a caller finds names it', () => {
    const alone = scanGithubAction(BUILD);
    assert.deepEqual(problemViews(BUILD, alone.problems).map((p) => [p.kind, p.line, p.written]), [
      ['unresolved', 13, '${{ inputs.platform }}'],
      ['unresolved', 16, 'docker buildx build --platform "${{ inputs.platform }}" --build-arg TAG=${{ inputs.TAG }} -f tools/Dockerfile .'],
    ]);
    const matrix = { by: 'a step of job build in release.yml', inputs: given({ platform: 'linux/amd64' }) };
    const arm = { by: 'a step of job arm in release.yml', inputs: given({ platform: 'linux/arm64' }) };
    const settled = scanGithubAction(BUILD, { callers: [matrix, arm] });
    assert.deepEqual(settled.problems, []);
    assert.deepEqual(buildWords(settled), ['Dockerfile . linux/amd64 target prod', 'Dockerfile . linux/arm64 target prod', 'tools/Dockerfile . linux/amd64 TAG=', 'tools/Dockerfile . linux/arm64 TAG=']);
    // A caller hiding the value keeps the action's own problems, and its hidden builds.
    const hiding = scanGithubAction(BUILD, { callers: [matrix, { by: 'a step of job x in x.yml', inputs: given({ platform: { unknown: '${{ env.P }}' } }) }] });
    assert.deepEqual(problemViews(BUILD, hiding.problems).map((p) => p.line), [13, 16]);
    assert.deepEqual(buildWords(hiding), ['Dockerfile . [hidden]', 'tools/Dockerfile . [hidden] TAG=?']);
    // A platform only a caller passes, which is none: said with the caller.
    const wrong = scanGithubAction(BUILD, { callers: [{ by: 'a step of job bad in release.yml', inputs: given({ platform: 'linux/amd64,nope' }) }] });
    assert.deepEqual(problemViews(BUILD, wrong.problems).map((p) => [p.kind, p.line]), [['invalid', 13], ['invalid', 16]]);
    assert.match(wrong.problems[0].message, /\(as a step of job bad in release\.yml uses it\)$/);
  });
});
