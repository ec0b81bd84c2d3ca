import * as assert from 'node:assert/strict';
import { applyIgnoreComments } from '../../../src/core/ignoreComments';
import { scanShellScript } from '../../../src/core/sources/shellScript';
import { buildWords } from './buildWords';

const script = (...lines: string[]) => `${lines.join('\n')}\n`;

/** Each build in words (buildWords.ts), paths from the repository's root, with its line. */
function builds(text: string, repositoryPath = 'scripts/build.sh'): string[] {
  const result = scanShellScript(text, { repositoryPath });
  assert.ok((result.builds ?? []).every((b) => b.fromRepositoryRoot === true), 'paths are the repository root’s');
  return buildWords(result).map((words, at) => `${words} line ${result.builds?.[at].line}`);
}

const problems = (text: string, repositoryPath = 'scripts/build.sh') =>
  applyIgnoreComments({ kind: 'shell-script', text }, scanShellScript(text, { repositoryPath })).problems.map((p) => `${p.kind} ${p.range.start.line + 1}: ${p.message}`);

describe('core/sources/shellScript: the Dockerfiles a shell script builds', () => {
  it('a build after `cd "$(dirname "$0")/.."` is of the repository root’s files, for the platforms its --platform names', () => {
    const text = script('#!/bin/bash', 'set -e', 'cd "$(dirname "$0")/.."', 'docker buildx build --platform linux/amd64,linux/arm64 -f docker/Dockerfile -t app .');
    assert.deepEqual(builds(text), ['docker/Dockerfile . linux/amd64,linux/arm64 line 4']);
    assert.deepEqual(problems(text), []);
  });

  it('knows the script’s folder through the spellings scripts use, and variables set once to it', () => {
    const text = script(
      '#!/usr/bin/env bash',
      'SCRIPT_DIR="$( cd -- "$( dirname -- "${BASH_SOURCE[0]}" )" &> /dev/null && pwd )"',
      'ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"',
      'export PLATFORMS=linux/amd64,linux/arm64',
      'docker buildx build \\',
      '  --platform "$PLATFORMS" \\',
      '  -f "$ROOT/Dockerfile" "$ROOT"',
      'cd "$SCRIPT_DIR" && docker build --platform=linux/arm64 -t tools .',
      'cd `dirname $0`; podman build --arch arm64 -t other -f Containerfile .',
    );
    assert.deepEqual(builds(text, 'hack/image.sh'), [
      'Dockerfile . linux/amd64,linux/arm64 line 5',
      'hack/Dockerfile hack linux/arm64 line 8',
      'hack/Containerfile hack linux/arm64 line 9',
    ]);
    assert.deepEqual(problems(text, 'hack/image.sh'), []);
  });

  it('a build from the folder of whoever runs the script says the end of the Dockerfile path it names, which the folder only begins', () => {
    const ends = (line: string) => scanShellScript(script('#!/bin/sh', line)).problems.map((p) => p.unnamedDockerfile?.pathEnd ?? '(any)');
    const both = '--platform linux/amd64,linux/arm64';
    assert.deepEqual(ends(`docker buildx build ${both} jq`), ['jq/Dockerfile']);
    assert.deepEqual(ends(`docker buildx build ${both} ./tools/jq/`), ['tools/jq/Dockerfile']);
    assert.deepEqual(ends(`docker buildx build ${both} -f build/Dockerfile.ci .`), ['build/Dockerfile.ci']);
    assert.deepEqual(ends(`docker buildx build ${both} ../app`), ['app/Dockerfile']);
    assert.deepEqual(ends(`docker buildx build ${both} .`), ['Dockerfile']);
    // A Dockerfile or context a variable hides: any Dockerfile may be the one.
    assert.deepEqual(ends(`docker buildx build ${both} -f "$FILE" .`), ['(any)']);
    assert.deepEqual(ends(`docker buildx build ${both} "$DIR"`), ['(any)']);
  });

  it('knows the repository’s root from git rev-parse --show-toplevel', () => {
    const text = script('cd "$(git rev-parse --show-toplevel)"', 'docker buildx build --platform=linux/arm64 -t x ./svc');
    assert.deepEqual(builds(text, 'a/b/c.sh'), ['svc/Dockerfile svc linux/arm64 line 2']);
  });

  it('a build for named platforms from the folder of whoever runs the script is unresolved, saying what hides it', () => {
    const text = script('#!/bin/sh', 'docker buildx build --platform linux/amd64,linux/arm64 -t app --push .', 'docker build -t local .');
    assert.deepEqual(builds(text), []);
    const found = problems(text);
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^unresolved 2: the docker build command on line 2 of the script runs in a folder known only when the script runs \(the folder of whoever runs it/);
    // The script's folder is known only with its path.
    const unknownPath = applyIgnoreComments({ kind: 'shell-script', text: script('cd "$(dirname "$0")"', 'docker buildx build --platform linux/arm64 .') }, scanShellScript(script('cd "$(dirname "$0")"', 'docker buildx build --platform linux/arm64 .')));
    assert.equal(unknownPath.problems.length, 1);
  });

  it('a variable set twice, in a block, from the environment, by a function’s parameter or after a sourced file is known only when the script runs', () => {
    const cases = [
      ['P=linux/arm64', 'P=linux/amd64', 'docker buildx build --platform $P .'],
      ['if [ -n "$ARM" ]; then', '  P=linux/arm64', 'fi', 'docker buildx build --platform $P .'],
      ['if [ -n "$ARM" ]; then', 'P=linux/arm64', 'fi', 'docker buildx build --platform $P .'],
      ['P=${PLATFORMS:-linux/amd64}', 'docker buildx build --platform "$P" .'],
      ['build() {', '  docker buildx build --platform "$1" -t "$2" .', '}', 'build linux/arm64 app'],
      ['P=linux/amd64', 'source ./env.sh', 'docker buildx build --platform "$P" .'],
      ['P=linux/amd64', 'read -r P', 'docker buildx build --platform "$P" .'],
      ['docker buildx build --platform "$P" .', 'P=linux/amd64'],
    ];
    for (const lines of cases) {
      const text = script('cd "$(dirname "$0")"', ...lines);
      // Its Dockerfile is known: a check of that Dockerfile alone is told of it (engine/buildOperands.ts).
      assert.deepEqual(builds(text).map((b) => b.replace(/ line \d+$/, '')), ['scripts/Dockerfile scripts [hidden]'], lines.join('; '));
      const found = problems(text);
      assert.equal(found.length, 1, `${lines.join('; ')}: ${found.join('\n')}`);
      assert.match(found[0], /unresolved \d+: the --platform of the docker build command/);
    }
  });

  it('a variable exported after it is set, and one given to a single command, do not hide the first’s value', () => {
    const text = script('cd "$(dirname "$0")"', 'P=linux/arm64', 'export P', 'DOCKER_BUILDKIT=1 docker build --platform $P .');
    assert.deepEqual(builds(text), ['scripts/Dockerfile scripts linux/arm64 line 4']);
  });

  it('reads a builder named by a variable, and leaves a kustomize build or a long file without builds alone', () => {
    assert.deepEqual(builds(script('cd "$(dirname "$0")"', 'ENGINE=podman', '${ENGINE} build --arch arm64 -t app .')), ['scripts/Dockerfile scripts linux/arm64 line 3']);
    // A builder only the environment names, its flags a container build's.
    assert.deepEqual(builds(script('cd "$(dirname "$0")"', '$CONTAINER_TOOL build --platform linux/arm64 -t app .')), ['scripts/Dockerfile scripts linux/arm64 line 2']);
    const long = script('cd "$(dirname "$0")"', 'kustomize build "${OVERLAY}" | kubectl apply -f -', ...Array.from({ length: 2000 }, (_, i) => `echo line ${i}`));
    assert.deepEqual([scanShellScript(long, { repositoryPath: 'x.sh' }).builds, scanShellScript(long, { repositoryPath: 'x.sh' }).problems], [[], []]);
  });

  it('skips here-document bodies and comments, and builds printed or in a file the script writes', () => {
    const text = script(
      'cd "$(dirname "$0")"',
      'cat <<EOF > Dockerfile.gen',
      'FROM alpine:3.20',
      'RUN docker build --platform linux/arm64 .',
      'EOF',
      '# docker buildx build --platform linux/s390x .',
      'echo "docker buildx build --platform linux/ppc64le ."',
      'docker build -f Dockerfile.gen .',
    );
    assert.deepEqual(builds(text), ['scripts/Dockerfile.gen scripts [configured] line 8']);
    assert.deepEqual(problems(text), []);
  });

  it('a path out of the repository is no build of its files; a script without a build is not read', () => {
    assert.deepEqual(builds(script('cd "$(dirname "$0")/../.."', 'docker buildx build --platform linux/arm64 .')), []);
    const none = scanShellScript(script('go build ./...', 'echo docker'), { repositoryPath: 'x.sh' });
    assert.deepEqual([none.builds, none.problems, none.images], [[], [], []]);
  });

  it('an ignore comment above the line takes its finding back', () => {
    const text = script('# docker-pin: ignore: built from the repository root by CI', 'docker buildx build --platform linux/amd64,linux/arm64 .');
    assert.deepEqual(problems(text), []);
  });
});
