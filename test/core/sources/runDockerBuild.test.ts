import * as assert from 'node:assert/strict';
import { formatPlatform } from '../../../src/core/platform';
import { buildCommand, commandsOf } from '../../../src/core/sources/runDockerBuild';
import { scanGithubWorkflow } from '../../../src/core/sources/githubWorkflow';
import { scanGitlabCi } from '../../../src/core/sources/gitlabCi';
import type { ScanResult } from '../../../src/core/types';
import { buildWords, unnamedWords } from './buildWords';

/** A workflow of one job running `runsOn` whose step runs `script` (each line indented into a block scalar). */
function workflow(script: readonly string[], runsOn = 'ubuntu-latest', extra: readonly string[] = []): string {
  return [
    'on: push',
    'env: { PLATFORMS: "linux/amd64,linux/arm64", FLAVOUR: slim }',
    'jobs:',
    '  image:',
    `    runs-on: ${runsOn}`,
    ...extra,
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: |',
    ...script.map((line) => `          ${line}`),
    '',
  ].join('\n');
}


const problems = (result: ScanResult) => result.problems.map((p) => `${p.kind}: ${p.message.split(' is known only')[0]}`);

describe('core/sources/runDockerBuild: the Dockerfiles a workflow run step builds with docker build', () => {
  it('reads the context, --file, --platform, --target, --build-arg and --build-context of docker build and docker buildx build', () => {
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['docker build -t acme/app .']))), ['../../Dockerfile ../.. [linux/amd64]']);
    assert.deepEqual(
      buildWords(
        scanGithubWorkflow(
          workflow([
            'docker buildx build \\',
            '  --platform linux/amd64,linux/arm64 --platform=linux/arm/v7 \\',
            '  -f docker/Dockerfile.prod --target=final \\',
            '  --build-arg A=1 --build-arg "B=x y" --build-arg FLAVOUR --build-arg UNSET \\',
            '  --build-context base=docker-image://alpine:3.20 \\',
            '  -t "acme/app:$(git rev-parse --short HEAD)" --push ./app 2>&1 | tee build.log',
          ]),
        ),
      ),
      ['../../docker/Dockerfile.prod ../../app linux/amd64,linux/arm64,linux/arm/v7 target final A=1 B=x y FLAVOUR=slim UNSET=? contexts base'],
    );
    // Shell variables of the step's environment have their values; the image build command alias and sudo too.
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['sudo docker image build --platform $PLATFORMS -t x:${GITHUB_SHA} svc']))), [
      '../../svc/Dockerfile ../../svc linux/amd64,linux/arm64',
    ]);
  });

  it('a docker-image:// named context is an image of the workflow, pulled for the build’s platforms and pinned where the script writes it', () => {
    const text = workflow([
      'docker buildx build --platform linux/amd64,linux/arm64 \\',
      '  --build-context base=docker-image://alpine:3.20 --build-context tools="docker-image://$TOOLS" .',
    ]);
    const result = scanGithubWorkflow(text);
    assert.deepEqual(
      result.images.map((o) => [o.expanded, o.platforms?.map((p) => (p === undefined ? '' : formatPlatform(p)))]),
      [['alpine:3.20', ['linux/amd64', 'linux/arm64']]],
    );
    const start = result.images[0].range.start;
    assert.equal(text.split('\n')[start.line].slice(start.character, start.character + 'alpine:3.20'.length + 1), 'alpine:3.20 ');
    assert.deepEqual(problems(result), ['unresolved: a docker-image:// named context of the docker build command of a run step of job image']);
  });

  it('builds for the runner of the job when no --platform is given; paths are the working folder’s', () => {
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['docker build .'], 'ubuntu-24.04-arm'))), ['../../Dockerfile ../.. [linux/arm64]']);
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['docker build .'], 'self-hosted'))), ['../../Dockerfile ../.. [configured]']);
    // podman's build reads as docker's, its --arch naming the platform; a path above the repository is the runner's.
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['podman build --arch arm64 -t app .', 'buildah bud -f ../Dockerfile ..']))), ['../../Dockerfile ../.. linux/arm64']);
    // A job's default working directory, then a cd to a written folder.
    const defaults = ['    defaults:', '      run:', '        working-directory: services'];
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['docker build -f api/Dockerfile .', 'cd web && docker build .'], 'ubuntu-latest', defaults))), [
      '../../services/api/Dockerfile ../../services [linux/amd64]',
      '../../services/web/Dockerfile ../../services/web [linux/amd64]',
    ]);
    // The checkout folder, however the script names it, is the repository's root.
    assert.deepEqual(
      buildWords(scanGithubWorkflow(workflow(['docker build -f ${{ github.workspace }}/docker/Dockerfile "$GITHUB_WORKSPACE"', 'cd $GITHUB_WORKSPACE/web && docker build .'], 'ubuntu-latest', defaults))),
      ['../../docker/Dockerfile ../.. [linux/amd64]', '../../web/Dockerfile ../../web [linux/amd64]'],
    );
    // A Windows runner builds Windows images; a macOS runner none; another shell's script (pwsh on Linux) is not read.
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['docker build .'], 'windows-latest'))), ['../../Dockerfile ../.. [windows/amd64]']);
    assert.deepEqual(scanGithubWorkflow(workflow(['docker build .'], 'windows-2022')).builds?.map((build) => build.platform), [{ os: 'windows', architecture: 'amd64', osVersion: '10.0.20348' }]);
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['docker build .'], 'macos-14'))), []);
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['docker build .']).replace('      - run: |', '      - shell: pwsh\n        run: |'))), []);
  });

  it('a build whose platforms the run decides is unresolved; one whose Dockerfile it decides, built for the runner, is left to the Dockerfile’s own reading', () => {
    const hidden = scanGithubWorkflow(workflow(['docker buildx build --platform ${{ inputs.platforms }} .', 'docker buildx build --platform "$TARGETS" .']));
    // Its Dockerfile is known: a check of that Dockerfile alone is told of it (engine/buildOperands.ts).
    assert.deepEqual(buildWords(hidden), ['../../Dockerfile ../.. [hidden]']);
    assert.deepEqual(problems(hidden), ['unresolved: the --platform of the docker build command of a run step of job image']);
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['docker build -f "$DOCKERFILE" .', 'cd "$DIR"', 'docker build .']))), []);
    assert.deepEqual(problems(scanGithubWorkflow(workflow(['docker build -f "$DOCKERFILE" .', 'cd "$DIR"', 'docker build .']))), []);
    const decided = scanGithubWorkflow(workflow(['cd "$DIR"', 'docker buildx build --platform linux/arm64 .']));
    assert.deepEqual(decided.problems.map((p) => `${p.kind}: ${p.message.split(' known only')[0]}`), ['unresolved: the docker build command of a run step of job image runs in a folder']);
    assert.match(decided.problems[0].message, /add a cd to a written folder before it/);
    // A flag this reader does not know may take the next word: the context is not guessed.
    assert.deepEqual(problems(scanGithubWorkflow(workflow(['docker buildx build --platform linux/arm64 --frobnicate x .']))), [
      'unresolved: the build context (after --frobnicate, a flag this reader does not know) of the docker build command of a run step of job image',
    ]);
    // A whole word a variable stands for, beside the context, may add a --platform: unresolved even with none written, the build read as written.
    const opaque = scanGithubWorkflow(workflow(['docker buildx build $BUILD_FLAGS --platform linux/arm64 -t app .']));
    assert.deepEqual(problems(opaque), [
      'unresolved: a word (a whole variable, function or command output, which may add a --platform or a --file) of the docker build command of a run step of job image',
    ]);
    assert.deepEqual(buildWords(opaque), ['../../Dockerfile ../.. linux/arm64 (more platforms hidden)']);
    assert.match(opaque.problems[0].message, /: the Dockerfile it names is read for the platforms written, which may not be all it is built for;/);
    // Alone, it is the context: a Dockerfile it decides, built for the runner.
    assert.deepEqual(problems(scanGithubWorkflow(workflow(['docker build -t app "$CONTEXT"']))), []);
  });

  it('a build whose Dockerfile the run decides, for named platforms, marks its problem with them, for a Dockerfile read with its builds alone (engine/buildOperands.ts); its matrix runs add theirs', () => {
    const step = 'the docker build command of a run step of job image';
    assert.deepEqual(unnamedWords(scanGithubWorkflow(workflow(['docker buildx build --platform linux/amd64,linux/arm64 -f "$DOCKERFILE" .']))), [`8 ${step}: linux/amd64,linux/arm64`]);
    // From a folder the run decides: a Dockerfile whose path ends as the one it names.
    assert.deepEqual(unnamedWords(scanGithubWorkflow(workflow(['cd "$DIR"', 'docker buildx build --platform linux/arm64 .']))), [`8 ${step}: linux/arm64 (…/Dockerfile)`]);
    // Its platforms hidden too, or a whole word that may add some: unknown.
    assert.deepEqual(unnamedWords(scanGithubWorkflow(workflow(['docker buildx build --platform "$P" -f "$DOCKERFILE" .']))), [`8 ${step}: ?`]);
    assert.deepEqual(unnamedWords(scanGithubWorkflow(workflow(['docker buildx build $FLAGS --platform "$P" .']))), [`8 ${step}: ?`]);
    const matrix = ['    strategy:', '      matrix: { arch: [amd64, arm64] }'];
    assert.deepEqual(unnamedWords(scanGithubWorkflow(workflow(['docker buildx build --platform linux/${{ matrix.arch }} -f "$DOCKERFILE" .'], 'ubuntu-latest', matrix))), [
      `10 ${step}: linux/amd64,linux/arm64`,
    ]);
    // A Dockerfile it names, whose platforms or stage only the run knows, is no such build: it is the Dockerfile's.
    assert.deepEqual(unnamedWords(scanGithubWorkflow(workflow(['docker buildx build --platform "$P" .', 'docker buildx build --platform linux/arm64 --target "$T" .']))), []);
    // For the runner's own platform: left to each Dockerfile's reading, unsaid.
    assert.deepEqual(unnamedWords(scanGithubWorkflow(workflow(['docker build -f "$DOCKERFILE" .']))), []);
  });

  it('words that only look like a build are no build: quoted text, comments, other commands', () => {
    assert.deepEqual(buildWords(scanGithubWorkflow(workflow(['echo "docker build ."', '# docker build .', 'docker run --rm alpine:3.20 docker build .', 'docker buildx bake']))), []);
    assert.deepEqual(
      commandsOf('a && b || c; d | e\nf # g', '.').map((c) => c.words.join(' ')),
      ['a', 'b', 'c', 'd', 'e', 'f'],
    );
    assert.equal(buildCommand(['docker', 'push', 'x']), undefined);
    assert.deepEqual(buildCommand(['if', 'docker', 'build', '-q', '.']), { context: '.', platforms: [], buildArgs: [], contextNames: [], contextImages: [] });
    // Through a wrapper: env, retry functions, timeout.
    assert.deepEqual(buildCommand(['retry', '3', '20', 'env', 'DOCKER_BUILDKIT=1', 'docker', 'build', '--file', 'a/Dockerfile', '.'])?.file, 'a/Dockerfile');
    assert.equal(buildCommand(['echo', 'docker', 'build', '.']), undefined);
    // A word the shell would glob (matching nothing) stays one word of the command.
    assert.deepEqual(commandsOf('docker build --build-arg FILES=*.txt -t x .', '.').map((c) => c.words.at(-1)), ['.']);
    assert.deepEqual(buildCommand(['docker', 'buildx', '--builder', 'ci', 'build', '--platform=linux/arm64', 'app'])?.platforms, ['linux/arm64']);
    // Parameter expansions shell-quote does not take are unknown words, not a failure.
    assert.deepEqual(commandsOf('docker run ${CACHE:+--mount "$CACHE"} x && docker build ${FLAVOUR} -f ${FILE:-Dockerfile} .', '.', (n) => (n === 'FLAVOUR' ? 'slim' : undefined)).map((c) => c.words.length), [4, 6]);
  });
});

describe('core/sources/gitlabCi: the Dockerfiles a GitLab job’s script builds with docker build', () => {
  const gitlab = (lines: readonly string[]) => ['variables:', '  PLATFORMS: linux/amd64,linux/arm64', ...lines, ''].join('\n');

  it('reads before_script and script as one shell from the repository root, with the job’s variables, for the runner its tags pick', () => {
    const result = scanGitlabCi(
      gitlab([
        'default:',
        '  before_script: [cd services]',
        'build:',
        '  image: docker:27',
        '  services: [docker:27-dind]',
        '  script:',
        '    - docker buildx create --use',
        '    - docker buildx build --platform "$PLATFORMS" -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" --push api',
        'arm:',
        '  tags: [saas-linux-small-arm64]',
        '  inherit: { default: false }',
        '  variables: { FLAVOUR: slim }',
        '  script:',
        '    - |',
        '      docker build \\',
        '        --build-arg FLAVOUR --target run -f web/Dockerfile .',
        'kaniko-free:',
        '  script:',
        '    - docker build -f $CI_PROJECT_DIR/tools/Dockerfile --platform linux/arm64 "${CI_PROJECT_DIR}"',
        '.template:',
        '  script: [docker build --platform linux/arm64 never-run]',
      ]),
    );
    assert.deepEqual(buildWords(result), [
      'services/api/Dockerfile services/api linux/amd64,linux/arm64',
      'web/Dockerfile . [linux/arm64] target run FLAVOUR=slim',
      'tools/Dockerfile . linux/arm64',
    ]);
    assert.ok(result.builds?.every((b) => b.fromRepositoryRoot === true));
  });

  it('a docker-image:// named context is pinned in the script item that writes it', () => {
    const text = gitlab(['build:', '  script:', '    - docker buildx build --platform "$PLATFORMS" --build-context base=docker-image://alpine:3.20 .']);
    const result = scanGitlabCi(text);
    assert.deepEqual(
      result.images.filter((o) => o.expanded === 'alpine:3.20').map((o) => o.platforms?.map((p) => (p === undefined ? '' : formatPlatform(p)))),
      [['linux/amd64', 'linux/arm64']],
    );
    const start = result.images.find((o) => o.expanded === 'alpine:3.20')?.range.start;
    assert.equal(start && text.split('\n')[start.line].slice(start.character), 'alpine:3.20 .');
  });

  it('a --platform only the pipeline knows is unresolved at the job’s script; a macOS job builds nothing', () => {
    const result = scanGitlabCi(gitlab(['build:', '  script:', '    - docker buildx build --platform $TARGETS .', 'mac:', '  tags: [saas-macos-medium-m1]', '  script: [docker build .]']));
    // Its Dockerfile is known: a check of that Dockerfile alone is told of it (engine/buildOperands.ts).
    assert.deepEqual(buildWords(result), ['Dockerfile . [hidden]']);
    assert.deepEqual(problems(result), ['unresolved: the --platform of the docker build command of the script of job build']);
  });
});
