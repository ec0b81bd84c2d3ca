import * as assert from 'node:assert/strict';
import { detectKind } from '../../../src/core/sources/detect';
import { scanSkaffold } from '../../../src/core/sources/skaffold';
import { buildWords, unnamedWords } from './buildWords';

const problems = (text: string) => scanSkaffold(text).problems.map((p) => `${p.kind} ${p.range.start.line + 1}: ${p.message}`);
const config = (...lines: string[]) => ['apiVersion: skaffold/v4beta11', 'kind: Config', ...lines, ''].join('\n');

describe('core/sources/skaffold: the Dockerfiles a Skaffold config builds', () => {
  it('is the kind of skaffold.yaml and of any YAML with apiVersion skaffold/…, not a Kubernetes manifest', () => {
    for (const name of ['skaffold.yaml', 'skaffold.yml', 'deploy/skaffold-dev.yaml']) assert.equal(detectKind(name), 'skaffold', name);
    assert.equal(detectKind('build/config.yaml', config('build:', '  artifacts:', '    - image: app')), 'skaffold');
    assert.equal(detectKind('k8s/app.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: alpine\n'), 'kubernetes');
  });

  it("each docker artifact builds its dockerfile in its context for the artifact's platforms, else the build's; none named is the configured one", () => {
    const text = config(
      'build:',
      '  platforms: ["linux/amd64", "linux/arm64"]',
      '  artifacts:',
      '    - image: web',
      '      context: src/web',
      '    - image: api',
      '      context: src/api',
      '      platforms: [linux/arm64]',
      '      docker:',
      '        dockerfile: build/Dockerfile.prod',
      '        target: runtime',
      '        buildArgs: {GO: "1.22", SHA: "{{.GIT_SHA}}", FROM_ENV: null}',
      '    - image: worker',
      '      kaniko: {dockerfile: Containerfile}',
      '      context: worker',
      '    - image: tool',
      '      ko: {fromImage: gcr.io/distroless/static}',
      '---',
      'apiVersion: skaffold/v4beta11',
      'kind: Config',
      'build:',
      '  artifacts: [{image: local}]',
    );
    assert.deepEqual(buildWords(scanSkaffold(text)), [
      'src/web/Dockerfile src/web linux/amd64,linux/arm64',
      'src/api/build/Dockerfile.prod src/api linux/arm64 target runtime GO=1.22 SHA=? FROM_ENV=?',
      'worker/Containerfile worker linux/amd64,linux/arm64',
      'Dockerfile . [configured]',
    ]);
    assert.deepEqual(problems(text), []);
  });

  it("a profile's build, and its patches of an artifact's dockerfile or platforms, are builds too", () => {
    const text = config(
      'build:',
      '  artifacts:',
      '    - image: web',
      '      context: web',
      'profiles:',
      '  - name: release',
      '    build:',
      '      platforms: [linux/amd64, linux/arm64]',
      '  - name: debug',
      '    patches:',
      '      - op: replace',
      '        path: /build/artifacts/0/docker/dockerfile',
      '        value: Dockerfile.debug',
      '      - op: add',
      '        path: /build/artifacts/0/platforms',
      '        value: [linux/s390x]',
      '      - op: add',
      '        path: /manifests/kustomize/paths/1',
      '        value: extra',
      '  - name: hello',
      '    patches:',
      '      - op: add',
      '        path: /build/artifacts/1',
      '        value: {image: hello, context: hello-service}',
    );
    assert.deepEqual(buildWords(scanSkaffold(text)), [
      'web/Dockerfile web [configured]',
      'web/Dockerfile web linux/amd64,linux/arm64',
      'web/Dockerfile.debug web linux/s390x',
      'hello-service/Dockerfile hello-service [configured]',
    ]);
  });

  it('a template hiding the Dockerfile of a build for named platforms is unresolved; an invalid platform is reported', () => {
    const text = config('build:', '  platforms: [linux/arm64]', '  artifacts:', '    - image: web', '      docker:', '        dockerfile: "{{.DOCKERFILE}}"');
    assert.deepEqual(buildWords(scanSkaffold(text)), []);
    assert.match(problems(text)[0], /^unresolved 8: the dockerfile of artifact web of the Skaffold config is a template Skaffold fills in when it runs/);
    assert.match(problems(config('build:', '  platforms: [linux/nonsense-arch/x/y]', '  artifacts: [{image: web}]'))[0], /^invalid 4: the platforms of the build: /);
    // A custom command handed platforms may build any Dockerfile for them; without platforms, it builds for the configured one.
    const custom = (platforms: string) => config('build:', platforms, '  artifacts:', '    - image: web', '      custom:', '        buildCommand: sh buildx.sh');
    assert.match(problems(custom('  platforms: [linux/amd64, linux/arm64]'))[0], /^unresolved 8: artifact web of the Skaffold config is built by a custom command for linux\/amd64, linux\/arm64: /);
    assert.deepEqual(problems(custom('  local: {}')), []);
  });

  it("a build whose target is a template is kept, marked hidden, as its line says; one whose Dockerfile is a template is not; a template in platforms is an invalid platform, as Skaffold fills in none there", () => {
    const text = config(
      'build:',
      '  platforms: [linux/amd64, linux/arm64]',
      '  artifacts:',
      '    - image: web',
      '      docker:',
      '        target: "{{.STAGE}}"',
      '    - image: api',
      '      context: "{{.API}}"',
      'profiles:',
      '  - name: local',
      '    patches:',
      '      - op: replace',
      '        path: /build/artifacts/0/docker/dockerfile',
      '        value: Dockerfile.dev',
    );
    const result = scanSkaffold(text);
    assert.deepEqual(buildWords(result), ['Dockerfile . [hidden]', 'Dockerfile.dev . [hidden]']);
    // Said once at a line, however many builds (the config's, the profile's) it hides.
    assert.deepEqual(
      problems(text).map((p) => p.slice(0, p.indexOf(':'))),
      ['unresolved 6', 'unresolved 9'],
    );
    const [ownBuild, profileBuild] = (result.builds ?? []).map((b) => b.hidden?.message);
    assert.equal(ownBuild, result.problems[0].message);
    assert.match(profileBuild ?? '', /^the target of artifact web of profile local of the Skaffold config is a template Skaffold fills in when it runs/);
    // Built for the configured platform, a template target is said and kept too.
    assert.deepEqual(buildWords(scanSkaffold(config('build:', '  artifacts:', '    - image: web', '      docker: {target: "{{.STAGE}}"}'))), ['Dockerfile . [hidden]']);
    assert.match(problems(config('build:', '  artifacts:', '    - image: web', '      platforms: ["{{.PLATFORMS}}"]'))[0], /^invalid 6: the platforms of artifact web of the Skaffold config: /);
  });

  it('a build of a Dockerfile a template or a custom command hides, for named platforms, marks its problem with them', () => {
    const hidden = config('build:', '  platforms: [linux/arm64]', '  artifacts:', '    - image: web', '      docker:', '        dockerfile: "{{.DOCKERFILE}}"');
    assert.deepEqual(unnamedWords(scanSkaffold(hidden)), ['8 artifact web of the Skaffold config: linux/arm64']);
    const custom = config('build:', '  platforms: [linux/amd64, linux/arm64]', '  artifacts:', '    - image: web', '      custom:', '        buildCommand: sh buildx.sh');
    assert.deepEqual(unnamedWords(scanSkaffold(custom)), ['8 artifact web of the Skaffold config: linux/amd64,linux/arm64']);
    // A template target: the Dockerfile is named.
    assert.deepEqual(unnamedWords(scanSkaffold(config('build:', '  platforms: [linux/arm64]', '  artifacts:', '    - image: web', '      docker:', '        target: "{{.STAGE}}"'))), []);
  });
});
