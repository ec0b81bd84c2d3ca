import * as assert from 'node:assert/strict';
import { detectKind } from '../../../src/core/sources/detect';
import { justfileMayBuild, scanJustfile } from '../../../src/core/sources/justfile';
import { buildWords } from './buildWords';

/** Each build in words (buildWords.ts), paths from the justfile's folder, with its line and who builds. */
function builds(text: string, module = false): string[] {
  const result = scanJustfile(text, module ? { module: true } : {});
  return buildWords(result).map((words, at) => `${words} line ${result.builds?.[at].line} (${result.builds?.[at].by})`);
}

const problems = (text: string, module = false) => scanJustfile(text, module ? { module: true } : {}).problems.map((p) => `${p.kind} ${p.range.start.line + 1}: ${p.message}`);

describe('core/sources/justfile: the Dockerfiles the recipes of a justfile build', () => {
  it('is the kind of justfile, Justfile, .justfile and *.just, not of a file merely holding the word', () => {
    for (const path of ['justfile', 'Justfile', '.justfile', 'app/JUSTFILE', 'just/docker.just']) assert.equal(detectKind(path), 'justfile', path);
    for (const path of ['justfile.md', 'docs/just.txt', '.just']) assert.notEqual(detectKind(path), 'justfile', path);
  });

  it("reads each recipe's lines as the shell runs them in the justfile's folder, its written variables put in: a multi-platform build, a quiet one, one continued over lines, a podman one after a cd", () => {
    const text = [
      '# Builds the images.',
      'platforms := "linux/amd64,linux/arm64"',
      "image_dir := 'images/app'",
      '',
      'default: image',
      '',
      '[group("release")]',
      'image tag="dev": lint',
      '    docker buildx build --platform {{platforms}} -t app:{{tag}} {{image_dir}}',
      '',
      '    @docker build -f Dockerfile.debug \\',
      '      --target debug .',
      '',
      'tools:',
      '\t-cd tools && podman build --arch arm64 -t tools .',
      'lint:',
      '    golangci-lint run',
      '',
    ].join('\n');
    assert.ok(justfileMayBuild(text));
    assert.deepEqual(builds(text), [
      'images/app/Dockerfile images/app linux/amd64,linux/arm64 line 9 (the docker build command of recipe image in the justfile)',
      'Dockerfile.debug . [configured] target debug line 11 (the docker build command of recipe image in the justfile)',
      'tools/Dockerfile tools linux/arm64 line 15 (the docker build command of recipe tools in the justfile)',
    ]);
    assert.deepEqual(problems(text), []);
  });

  it('a #! recipe is one script (a cd carries over its lines); a python one builds nothing read here; set working-directory and [working-directory] move the folder, [no-cd] hides it', () => {
    const text = [
      'set working-directory := "deploy"',
      'release:',
      '    #!/usr/bin/env bash',
      '    set -euo pipefail',
      '    cd images',
      '    docker buildx build --platform linux/arm64 -t x .',
      'py:',
      '    #!/usr/bin/env python3',
      '    os.system("docker build --platform linux/arm64 .")',
      '[working-directory: "base"]',
      'base:',
      '    docker build --platform linux/arm64,linux/amd64 .',
      '[no-cd]',
      'here:',
      '    docker build --platform linux/arm64 -f {{justfile_directory()}}/other/Dockerfile .',
      '',
    ].join('\n');
    const found = builds(text);
    assert.deepEqual(found, [
      'deploy/images/Dockerfile deploy/images linux/arm64 line 4 (the docker build command of recipe release in the justfile)',
      'deploy/base/Dockerfile deploy/base linux/arm64,linux/amd64 line 12 (the docker build command of recipe base in the justfile)',
    ]);
    const said = problems(text);
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0], /^unresolved 15: the docker build command of recipe here in the justfile runs in a folder known only when just runs/);
  });

  it('what only just knows is unresolved at the line, as for a Makefile: a recipe parameter, a variable from env() or set twice, a shell variable; an exported written value is known', () => {
    const text = [
      'export PLATFORMS := "linux/amd64,linux/arm64"',
      'from_env := env("PLATFORMS", "linux/amd64")',
      'twice := "a"',
      'twice := "b"',
      'param platform:',
      '    docker buildx build --platform {{platform}} .',
      'envvar:',
      '    docker buildx build --platform {{from_env}} -f Dockerfile.env .',
      'shell:',
      '    docker buildx build --platform "$OTHER" -f Dockerfile.shell .',
      'exported:',
      '    docker buildx build --platform "$PLATFORMS" -f Dockerfile.exported .',
      'file:',
      '    docker buildx build --platform linux/arm64 -f {{twice}} .',
      '',
    ].join('\n');
    assert.deepEqual(
      builds(text).filter((b) => !b.includes('[hidden]')),
      ['Dockerfile.exported . linux/amd64,linux/arm64 line 12 (the docker build command of recipe exported in the justfile)'],
    );
    const said = problems(text);
    assert.equal(said.length, 4, said.join('\n'));
    assert.match(said[0], /^unresolved 6: the --platform of the docker build command of recipe param in the justfile is known only when just runs \(a variable the justfile does not set to a written value, a recipe parameter/);
    assert.match(said[1], /^unresolved 8: the --platform of the docker build command of recipe envvar/);
    assert.match(said[2], /^unresolved 10: the --platform of the docker build command of recipe shell/);
    assert.match(said[3], /^unresolved 14: the --file of the docker build command of recipe file/);
  });

  it('a *.just file read alone runs its recipes in a folder it does not say: a build for named platforms is unresolved, telling the path end', () => {
    const text = 'image:\n    docker buildx build --platform linux/amd64,linux/arm64 -f docker/Dockerfile .\n';
    assert.deepEqual(builds(text, true), []);
    const said = problems(text, true);
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0], /^unresolved 2: the docker build command of recipe image in the justfile runs in a folder known only when just runs/);
    const unnamed = scanJustfile(text, { module: true }).problems[0].unnamedDockerfile;
    assert.equal(unnamed?.pathEnd, 'docker/Dockerfile');
  });

  it('a justfile that builds nothing is not read: no builds, no problems', () => {
    const text = 'test:\n    cargo test\nfmt:\n    cargo fmt\n';
    assert.equal(justfileMayBuild(text), false);
    assert.deepEqual(scanJustfile(text), { images: [], problems: [], builds: [] });
  });
});
