import * as assert from 'node:assert/strict';
import { detectKind } from '../../../src/core/sources/detect';
import { scanGoreleaser } from '../../../src/core/sources/goreleaser';
import { buildWords, unnamedWords } from './buildWords';

const builds = (text: string) => buildWords(scanGoreleaser(text));
const problems = (text: string) => scanGoreleaser(text).problems.map((p) => `${p.kind} ${p.text}: ${p.message}`);

describe('core/sources/goreleaser: the Dockerfiles a GoReleaser config builds, and its ko base images', () => {
  it('is the kind of .goreleaser.yaml and goreleaser.yml, by name', () => {
    for (const name of ['.goreleaser.yaml', '.goreleaser.yml', 'goreleaser.yaml', 'sub/.goreleaser.yml']) assert.equal(detectKind(name), 'goreleaser', name);
    assert.equal(detectKind('goreleaser-pro.yaml'), undefined);
  });

  it('dockers: one entry per platform building one Dockerfile, as GoReleaser’s multi-platform guide writes it; the flags give platform, args and target', () => {
    const text = [
      'dockers:',
      '  - image_templates: ["acme/app:{{ .Tag }}-amd64"]',
      '    use: buildx',
      '    build_flag_templates:',
      '      - "--pull"',
      '      - "--platform=linux/amd64"',
      '      - "--build-arg=BASE=alpine:3.20"',
      '      - "--build-arg=VERSION={{ .Version }}"',
      '  - image_templates: ["acme/app:{{ .Tag }}-arm64"]',
      '    use: buildx',
      '    goarch: arm64',
      '    build_flag_templates: ["--platform=linux/{{ .Arch }}", "--target", "--target=prod"]',
      '  - dockerfile: build/Dockerfile.release',
      '    goarch: arm64',
      '',
    ].join('\n');
    assert.deepEqual(builds(text), ['Dockerfile . linux/amd64 BASE=alpine:3.20 VERSION=?', 'Dockerfile . linux/arm64 target prod', 'build/Dockerfile.release . [configured]']);
    assert.deepEqual(problems(text), []);
  });

  it('dockers_v2: each of its platforms (linux/amd64 and linux/arm64 when none are listed), its build_args; a templated Dockerfile is not read as built', () => {
    const text = [
      'dockers_v2:',
      '  - images: ["acme/app"]',
      '    build_args: { BASE: "debian:12", REV: "{{ .FullCommit }}" }',
      '  - dockerfile: Dockerfile.cli',
      '    platforms: [linux/arm/v7, linux/arm/v7, linux/386]',
      '  - templated_dockerfile: Dockerfile.tmpl',
      '',
    ].join('\n');
    assert.deepEqual(builds(text), ['Dockerfile . linux/amd64,linux/arm64 BASE=debian:12 REV=?', 'Dockerfile.cli . linux/arm/v7,linux/386']);
  });

  it('what a template hides is said: the platform, or the Dockerfile of a build that names its platforms; a bad platform is invalid', () => {
    assert.match(problems('dockers:\n  - build_flag_templates: ["--platform={{ .Env.PLATFORM }}"]\n')[0], /^unresolved --platform=\{\{ \.Env\.PLATFORM \}\}: the platform of docker build 1 \(dockers\) of the GoReleaser config holds the template \{\{ \.Env\.PLATFORM \}\}/);
    assert.match(problems('dockers_v2:\n  - dockerfile: "{{ .Env.DOCKERFILE }}"\n')[0], /^unresolved \{\{ \.Env\.DOCKERFILE \}\}: the dockerfile of docker build 1 \(dockers_v2\) of the GoReleaser config holds the template/);
    // Built for the machine's own platform: as any reading of that Dockerfile.
    assert.deepEqual(problems('dockers:\n  - dockerfile: "{{ .Env.DOCKERFILE }}"\n'), []);
    assert.match(problems('dockers_v2:\n  - platforms: [linux//arm64]\n')[0], /^invalid linux\/\/arm64: the platform of docker build 1 \(dockers_v2\) of the GoReleaser config: /);
  });

  it('a build whose platforms a template hides is kept, marked hidden, with the message said at its line; one whose Dockerfile a template hides too is not, said at both, or with an invalid platform', () => {
    const text = [
      'dockers:',
      '  - build_flag_templates: ["--platform=linux/amd64", "--platform={{ .Env.PLATFORM }}", "--build-arg=GO=1.22"]',
      '  - dockerfile: "{{ .Env.DOCKERFILE }}"',
      '    build_flag_templates: ["--platform={{ .Env.PLATFORM }}"]',
      '  - dockerfile: Dockerfile.bad',
      '    build_flag_templates: ["--platform=linux//arm64"]',
      'dockers_v2:',
      '  - dockerfile: Dockerfile.v2',
      '    platforms: [linux/amd64, "{{ .Env.MORE }}"]',
      '',
    ].join('\n');
    const result = scanGoreleaser(text);
    assert.deepEqual(buildWords(result), ['Dockerfile . [hidden] GO=1.22', 'Dockerfile.v2 . [hidden]']);
    assert.deepEqual(
      result.problems.map((p) => `${p.kind} ${p.range.start.line + 1}`),
      ['unresolved 2', 'unresolved 4', 'unresolved 3', 'invalid 6', 'unresolved 9'],
    );
    assert.match(result.problems[2].message, /^the dockerfile of docker build 2 \(dockers\) of the GoReleaser config holds the template \{\{ \.Env\.DOCKERFILE \}\}, which GoReleaser fills in when it runs, so which Dockerfile it builds for platforms a template gives too cannot be told/);
    // What the Dockerfile is told is what the config's own reading says at the build's line.
    assert.deepEqual(
      (result.builds ?? []).map((b) => b.hidden?.message),
      [result.problems[0].message, result.problems[4].message],
    );
    assert.match(result.problems[4].message, /^the platform of docker build 1 \(dockers_v2\) of the GoReleaser config holds the template \{\{ \.Env\.MORE \}\}/);
  });

  it('a ko build’s base_image is pinned to its index; a ko:// base and a template are said', () => {
    const text = 'kos:\n  - base_image: cgr.dev/chainguard/static:latest\n  - base_image: "{{ .Env.BASE }}"\n  - base_image: ko://example.com/base\n';
    const result = scanGoreleaser(text);
    assert.deepEqual(result.images.map((o) => [o.expanded, o.digestKind, o.line]), [['cgr.dev/chainguard/static:latest', 'index', 2]]);
    assert.deepEqual(result.problems.map((p) => p.kind), ['unresolved', 'skipped']);
  });

  it('a dockerfile a template hides, built for named platforms, marks its problem with them; for platforms a template hides too, with none known', () => {
    assert.deepEqual(unnamedWords(scanGoreleaser('dockers:\n  - dockerfile: "{{ .Env.DOCKERFILE }}"\n    build_flag_templates: ["--platform={{ .Env.PLATFORM }}"]\n')), ['2 docker build 1 (dockers) of the GoReleaser config: ?']);
    assert.deepEqual(unnamedWords(scanGoreleaser('dockers_v2:\n  - dockerfile: "{{ .Env.DOCKERFILE }}"\n')), ['2 docker build 1 (dockers_v2) of the GoReleaser config: linux/amd64,linux/arm64']);
    assert.deepEqual(unnamedWords(scanGoreleaser('dockers:\n  - dockerfile: "{{ .Env.DOCKERFILE }}"\n    build_flag_templates: ["--platform=linux/arm64"]\n')), ['2 docker build 1 (dockers) of the GoReleaser config: linux/arm64']);
  });
});
