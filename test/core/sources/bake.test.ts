import * as assert from 'node:assert/strict';
import { applyIgnoreComments } from '../../../src/core/ignoreComments';
import { formatPlatform } from '../../../src/core/platform';
import { scanBake } from '../../../src/core/sources/bake';
import { unnamedWords } from './buildWords';
import { detectKind } from '../../../src/core/sources/detect';

/** Each build in words: Dockerfile, context, platforms (or [configured]), target, args, named contexts. */
function builds(text: string, environment: ReadonlyMap<string, string> = new Map()): string[] {
  return (scanBake(text, { environment }).builds ?? []).map((b) =>
    [
      b.dockerfile,
      `in ${b.context}`,
      // A build whose platforms only bake knows: read by no Dockerfile but one named alone (engine/buildOperands.ts).
      b.hidden?.platforms === true ? '[hidden]' : b.platforms.length > 0 ? b.platforms.map(formatPlatform).join(',') : '[configured]',
      ...(b.target === undefined ? [] : [`target ${b.target}`]),
      ...[...b.buildArgs].map(([k, v]) => `${k}=${v}`),
      ...[...b.unknownArgs.keys()].map((k) => `${k}=?`),
      ...(b.namedContexts === undefined ? [] : [`contexts ${[...b.namedContexts].join(',')}`]),
    ].join(' '),
  );
}

const problems = (text: string) => scanBake(text).problems.map((p) => `${p.kind} ${p.text}: ${p.message}`);

describe('core/sources/bake: the Dockerfiles a Docker Bake file builds, and the images its contexts name', () => {
  it('is the kind of docker-bake.hcl, docker-bake.json and their override files, by name', () => {
    for (const name of ['docker-bake.hcl', 'docker-bake.json', 'docker-bake.override.hcl', 'sub/docker-bake.override.json']) assert.equal(detectKind(name), 'bake', name);
    for (const name of ['bake.hcl', 'main.tf', 'docker-bake.yml']) assert.equal(detectKind(name), undefined, name);
  });

  it('a target builds its dockerfile in its context (default Dockerfile in the bake file’s folder), for its platforms, stage and args', () => {
    const text = [
      '# a comment',
      'group "default" {',
      '  targets = ["app", "cli"]',
      '}',
      'target "app" {',
      '  platforms = ["linux/amd64", "linux/arm64"]',
      '  args = {',
      '    BASE = "alpine:3.20"',
      '    DEBUG = 1 // numbers are text to a build arg',
      '    UNSET = null',
      '  }',
      '}',
      'target "cli" {',
      '  context = "./cmd/cli"',
      '  dockerfile = "build/Dockerfile.cli"',
      '  target = "release"',
      '  platforms = ["linux/arm/v7"]',
      '}',
      'target "local" {',
      '  dockerfile = "cwd://docker/Dockerfile"',
      '  context = "src"',
      '  platforms = ["local"]',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(builds(text), [
      'Dockerfile in . linux/amd64,linux/arm64 BASE=alpine:3.20 DEBUG=1',
      'cmd/cli/build/Dockerfile.cli in cmd/cli linux/arm/v7 target release',
      'docker/Dockerfile in src [configured]',
    ]);
    assert.deepEqual(problems(text), []);
  });

  it('inherits: the targets named, in order, then its own attributes; args and contexts merged by key; a template only inherited is no build of its own', () => {
    const text = [
      'target "_common" {',
      '  args = { GO_VERSION = "1.22", MODE = "dev" }',
      '  platforms = ["linux/amd64"]',
      '}',
      'target "_release" {',
      '  args = { MODE = "release" }',
      '  platforms = ["linux/amd64", "linux/arm64"]',
      '}',
      'target "app" {',
      '  inherits = ["_common", "_release"]',
      '  args = { EXTRA = "x", GO_VERSION = null }',
      '}',
      'target "app-debug" {',
      '  inherits = ["app"]',
      '  target = "debug"',
      '  platforms = ["linux/amd64"]',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(builds(text), ['Dockerfile in . linux/amd64 target debug GO_VERSION=1.22 MODE=release EXTRA=x']);
    // Named by a group, an inherited target is a build too.
    assert.deepEqual(builds(`${text}group "all" {\n  targets = ["app", "app-debug"]\n}\n`), [
      'Dockerfile in . linux/amd64,linux/arm64 GO_VERSION=1.22 MODE=release EXTRA=x',
      'Dockerfile in . linux/amd64 target debug GO_VERSION=1.22 MODE=release EXTRA=x',
    ]);
  });

  it('variables: their defaults (worked out in turn), replaced by the environment’s value, interpolated in ${…} templates', () => {
    const text = [
      'variable "REGISTRY" { default = "ghcr.io/acme" }',
      'variable "GO" {',
      '  default = "1.22"',
      '}',
      'variable "PLATFORMS" {',
      '  default = ["linux/amd64", "linux/arm64"]',
      '}',
      'variable "DIR" {',
      '  default = "${SUB}/docker"',
      '}',
      'variable "SUB" {',
      '  default = "deploy"',
      '}',
      'target "default" {',
      '  dockerfile = "${DIR}/Dockerfile"',
      '  platforms = PLATFORMS',
      '  args = { GO_VERSION = GO, IMAGE = "${REGISTRY}/base:${GO}" }',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(builds(text), ['deploy/docker/Dockerfile in . linux/amd64,linux/arm64 GO_VERSION=1.22 IMAGE=ghcr.io/acme/base:1.22']);
    assert.deepEqual(builds(text, new Map([['GO', '1.23']])), ['deploy/docker/Dockerfile in . linux/amd64,linux/arm64 GO_VERSION=1.23 IMAGE=ghcr.io/acme/base:1.23']);
  });

  it('a value docker-pin does not evaluate is said, naming the attribute and why; an arg so given is unknown to the build', () => {
    const platforms = ['variable "MULTI" {', '  default = ""', '}', 'target "app" {', '  platforms = MULTI != "" ? ["linux/amd64", "linux/arm64"] : []', '}', ''].join('\n');
    // Its Dockerfile is known: a check of that Dockerfile alone is told of it (engine/buildOperands.ts).
    assert.deepEqual(builds(platforms), ['Dockerfile in . [hidden]']);
    assert.deepEqual(problems(platforms), [
      'unresolved MULTI != "" ? ["linux/amd64", "linux/arm64"] : []: the platforms of target "app" of the bake file is the expression MULTI != "" ? ["linux/amd64", "linux/arm64"] : [], which docker-pin does not evaluate, ' +
        "so what it builds, and for which platforms, cannot be told: its Dockerfile's images are checked for the configured platform, which may not be one it is built for; " +
        "write the platforms out, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved",
    ]);
    // A variable with no default: Bake reads it from the environment it runs in.
    assert.match(problems('variable "PLATFORM" {}\ntarget "app" {\n  platforms = [PLATFORM]\n}\n')[0], /^unresolved \[PLATFORM\]: the platforms of target "app" of the bake file is the variable PLATFORM, which has no default: Bake takes it from the environment it runs in, so/);
    // Its Dockerfile hidden while it names platforms: said; built for the machine's own platform: left to the Dockerfile's own reading.
    assert.match(problems('target "app" {\n  dockerfile = lower("Dockerfile")\n  platforms = ["linux/arm64"]\n}\n')[0], /^unresolved lower\("Dockerfile"\): the dockerfile of target "app" of the bake file is the expression lower\("Dockerfile"\), which docker-pin does not evaluate/);
    assert.deepEqual(problems('target "app" {\n  dockerfile = lower("Dockerfile")\n}\n'), []);
    // A matrix value is not expanded.
    assert.match(problems('target "app" {\n  matrix = { arch = ["amd64", "arm64"] }\n  name = "app-${arch}"\n  platforms = ["linux/${arch}"]\n}\n')[0], /platforms of target "app" of the bake file is arch, a value of the target's matrix, which docker-pin does not expand/);
    // An arg it cannot work out is unknown to the build: an image built from it is unresolved, not its ARG default.
    assert.deepEqual(builds('target "app" {\n  args = { V = "${add(1, 2)}", W = "w" }\n}\n'), ['Dockerfile in . [configured] W=w V=?']);
    // Inheriting a target the file does not have.
    assert.match(problems('target "app" {\n  inherits = ["docker-metadata-action"]\n}\n')[0], /^unresolved \["docker-metadata-action"\]: the inherits of target "app" of the bake file is docker-metadata-action, a target that is not in this file, .*; define the targets it inherits in this file, /);
    // docker/metadata-action's pattern: the target it fills in is declared empty in the file.
    assert.deepEqual(builds('target "docker-metadata-action" {}\ntarget "app" {\n  inherits = ["docker-metadata-action"]\n  platforms = ["linux/arm64"]\n}\n'), ['Dockerfile in . linux/arm64']);
    // The built-in BAKE_LOCAL_PLATFORM is the machine's own platform, as local is.
    assert.deepEqual(builds('target "app" {\n  platforms = [BAKE_LOCAL_PLATFORM]\n}\n'), ['Dockerfile in . [configured]']);
    assert.match(problems('target "app" {\n  platforms = ["linux//arm64"]\n}\n')[0], /^invalid \["linux\/\/arm64"\]: the platforms of target "app" of the bake file: /);
  });

  it('a docker-image:// context is an image of the bake file, pinned where it is written for the platforms of the targets that use it; its name is a named context of the build', () => {
    const text = [
      'variable "ALPINE" {',
      '  default = "3.20"',
      '}',
      'target "_base" {',
      '  contexts = {',
      '    base = "docker-image://alpine:${ALPINE}"',
      '    src = "../src"',
      '  }',
      '}',
      'target "amd" {',
      '  inherits = ["_base"]',
      '  platforms = ["linux/amd64"]',
      '  contexts = { tools = "docker-image://ghcr.io/acme/tools:1@sha256:' + 'a'.repeat(64) + '" }',
      '}',
      'target "arm" {',
      '  inherits = ["_base"]',
      '  platforms = ["linux/arm64"]',
      '}',
      '',
    ].join('\n');
    const result = scanBake(text);
    assert.deepEqual(builds(text), ['Dockerfile in . linux/amd64 contexts base,src,tools', 'Dockerfile in . linux/arm64 contexts base,src']);
    assert.deepEqual(
      result.images.map((o) => [o.text, o.expanded, o.line, o.variables, o.platform && formatPlatform(o.platform), o.platforms?.map((p) => p && formatPlatform(p))]),
      [
        ['alpine:${ALPINE}', 'alpine:3.20', 6, ['ALPINE'], undefined, ['linux/amd64', 'linux/arm64']],
        [`ghcr.io/acme/tools:1@sha256:${'a'.repeat(64)}`, `ghcr.io/acme/tools:1@sha256:${'a'.repeat(64)}`, 13, [], 'linux/amd64', undefined],
      ],
    );
    // The pin goes right after the reference, inside the quotes.
    assert.equal(text.split('\n')[5].slice(result.images[0].range.start.character, result.images[0].range.end.character), 'alpine:${ALPINE}');
    // The contexts of a target whose Dockerfile is inline, or hidden, are still its images; those of one whose platforms are hidden are said.
    const others = scanBake(
      'target "inline" {\n  dockerfile-inline = "FROM base"\n  contexts = { base = "docker-image://debian:12" }\n}\n' +
        'target "hidden" {\n  dockerfile = lower("D")\n  contexts = { base = "docker-image://debian:11" }\n}\n' +
        'target "unknown" {\n  platforms = split(",", "linux/amd64")\n  contexts = { base = "docker-image://debian:10" }\n}\n',
    );
    assert.deepEqual(others.images.map((o) => [o.expanded, o.platform]), [
      ['debian:12', undefined],
      ['debian:11', undefined],
    ]);
    assert.deepEqual(others.problems.map((p) => [p.kind, p.text]), [
      ['unresolved', 'split(",", "linux/amd64")'],
      ['unresolved', 'docker-image://debian:10'],
    ]);
    // A variable holding the whole image, used nowhere else: its default takes the pin.
    const sole = scanBake('variable "BASE" {\n  default = "docker-image://debian:12"\n}\ntarget "app" {\n  contexts = { base = BASE }\n}\n');
    assert.deepEqual(sole.images.map((o) => [o.text, o.line]), [['debian:12', 2]]);
  });

  it('a bake file written as JSON is read the same way, ${…} in its strings interpolated', () => {
    const text = JSON.stringify(
      {
        variable: { TAG: { default: '3.20' } },
        group: { default: { targets: ['app'] } },
        target: { app: { platforms: ['linux/amd64', 'linux/arm64'], args: { V: '${TAG}' }, contexts: { base: 'docker-image://alpine:${TAG}' } } },
      },
      null,
      2,
    );
    assert.deepEqual(builds(text), ['Dockerfile in . linux/amd64,linux/arm64 V=3.20 contexts base']);
    const image = scanBake(text).images[0];
    assert.deepEqual([image.text, image.expanded, image.platforms?.length], ['alpine:${TAG}', 'alpine:3.20', 2]);
  });

  it('HCL it cannot read is an invalid problem at that place; heredocs, block comments and nested braces in strings are read', () => {
    assert.match(problems('target "app" {\n  platforms = [\n')[0], /^invalid : the bake file cannot be read: /);
    const text = ['/* a block', 'comment */', 'target "app" {', '  dockerfile-inline = <<EOT', 'FROM alpine', 'EOT', '  labels = { "x" = "${jsonencode({a = "}"})}" }', '}', 'target "b" {', '  platforms = ["linux/arm64"] /* one */', '}', ''].join('\n');
    assert.deepEqual(problems(text), []);
    // An inline Dockerfile is no Dockerfile of the project.
    assert.deepEqual(builds(text), ['Dockerfile in . linux/arm64']);
  });

  it('an ignore comment above a context leaves its image alone', () => {
    const text = 'target "app" {\n  contexts = {\n    # docker-pin: ignore\n    base = "docker-image://alpine:3.20"\n    other = "docker-image://alpine:3.19" # docker-pin: ignore\n    kept = "docker-image://alpine:3.18 # no comment"\n  }\n}\n';
    const result = applyIgnoreComments({ kind: 'bake', text }, scanBake(text));
    assert.deepEqual(
      result.images.map((o) => [o.expanded, o.ignored !== undefined]),
      [
        ['alpine:3.20', true],
        ['alpine:3.19', true],
      ],
    );
    assert.deepEqual(result.problems.map((p) => p.kind), ['invalid']);
  });

  it('a target whose Dockerfile cannot be worked out, for named platforms, marks its problem with them; one whose inherited target is not in the file, or whose platforms are hidden too, with unknown ones', () => {
    const by = 'target "app" of the bake file';
    assert.deepEqual(unnamedWords(scanBake('target "app" {\n  dockerfile = lower("Dockerfile")\n  platforms = ["linux/arm64", "linux/amd64"]\n}\n')), [`2 ${by}: linux/arm64,linux/amd64`]);
    assert.deepEqual(unnamedWords(scanBake('target "app" {\n  context = lower("app")\n  platforms = ["local"]\n}\n')), [`2 ${by}: [configured] (…/Dockerfile)`]);
    // A context hidden, the Dockerfile named in it: a Dockerfile whose path ends so may be the one.
    assert.deepEqual(unnamedWords(scanBake('target "app" {\n  context = lower("app")\n  dockerfile = "build/Dockerfile.api"\n  platforms = ["linux/arm64"]\n}\n')), [`2 ${by}: linux/arm64 (…/build/Dockerfile.api)`]);
    assert.deepEqual(unnamedWords(scanBake('target "app" {\n  inherits = ["base"]\n}\n')), [`2 ${by}: ?`]);
    assert.deepEqual(unnamedWords(scanBake('variable "P" {}\ntarget "app" {\n  dockerfile = lower("Dockerfile")\n  platforms = [P]\n}\n')), [`4 ${by}: ?`]);
    // Only its platforms hidden: the build names its Dockerfile, which is told of it.
    assert.deepEqual(unnamedWords(scanBake('variable "P" {}\ntarget "app" {\n  platforms = [P]\n}\n')), []);
  });
});
