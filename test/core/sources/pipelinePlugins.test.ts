import * as assert from 'node:assert/strict';
import { scanDrone, scanWoodpecker } from '../../../src/core/sources/droneWoodpecker';
import { buildPlugin } from '../../../src/core/sources/pipelinePlugins';
import { buildLines, buildWords, unnamedWords } from './buildWords';

const problems = (result: ReturnType<typeof scanWoodpecker>) => result.problems.map((p) => `${p.kind} ${p.range.start.line + 1}: ${p.message}`);

describe('core/sources/pipelinePlugins: the Dockerfiles the build plugins of Drone and Woodpecker steps build', () => {
  it('knows the build plugins under any registry, tag or digest, and no other image', () => {
    for (const image of [
      'woodpeckerci/plugin-docker-buildx',
      'docker.io/woodpeckerci/plugin-docker-buildx:6.1.1',
      'codeberg.org/woodpecker-plugins/docker-buildx:5@sha256:' + '1'.repeat(64),
      'quay.io/thegeeklab/wp-docker-buildx:5',
      'thegeeklab/drone-docker-buildx:24',
      'plugins/docker',
      'plugins/ecr:20',
      'plugins/buildx:1.1',
      'plugins/kaniko:1.9',
      'woodpeckerci/plugin-kaniko:2',
    ])
      assert.notEqual(buildPlugin(image), undefined, image);
    for (const image of ['woodpeckerci/plugin-git:2.5', 'plugins/slack', 'plugins/dockerx', 'docker:27-dind', 'myplugins/docker']) assert.equal(buildPlugin(image), undefined, image);
  });

  it("reads a buildx step's settings through anchors: its platforms (a comma string), dockerfile, build args; a ${CI_…} arg is unknown", () => {
    const text = [
      'variables:',
      "  - &buildx_plugin 'docker.io/woodpeckerci/plugin-docker-buildx:6.1.1'",
      "  - &platforms_alpine 'linux/arm/v6,linux/arm/v7,linux/arm64/v8,linux/amd64,linux/ppc64le'",
      "  - &build_args 'CI_COMMIT_SHA=${CI_COMMIT_SHA},GO=1.22'",
      'steps:',
      '  build-server:',
      '    image: *buildx_plugin',
      '    settings:',
      '      repo: woodpeckerci/woodpecker-server',
      '      dockerfile: docker/Dockerfile.server.alpine.multiarch.rootless',
      '      platforms: *platforms_alpine',
      '      build_args: *build_args',
      '      logins:',
      '        - registry: https://index.docker.io/v1/',
      '          password:',
      '            from_secret: docker_password',
      '  test:',
      '    image: golang:1.22',
      '    commands: [go test ./...]',
      '',
    ].join('\n');
    const result = scanWoodpecker(text);
    assert.deepEqual(buildLines(result), ['docker/Dockerfile.server.alpine.multiarch.rootless . linux/arm/v6,linux/arm/v7,linux/arm64,linux/amd64,linux/ppc64le GO=1.22 CI_COMMIT_SHA=? line 10']);
    const build = result.builds?.[0];
    assert.equal(build?.fromRepositoryRoot, true);
    assert.equal(build?.by, 'the woodpeckerci/plugin-docker-buildx plugin of step build-server of the pipeline');
    assert.deepEqual(problems(result), []);
    // The step's own image is still read as one.
    assert.deepEqual(
      result.images.map((o) => o.expanded),
      ['docker.io/woodpeckerci/plugin-docker-buildx:6.1.1', 'golang:1.22'],
    );
  });

  it("builds for the agent's platform without platforms: Woodpecker's labels.platform, else the configured one; Drone's platform, default linux/amd64", () => {
    const woodpecker = (labels: string[]) =>
      scanWoodpecker(
        [
          ...labels,
          'steps:',
          '  - name: image',
          '    image: woodpeckerci/plugin-kaniko',
          '    directory: services/api',
          '    settings: {context: src, target: runtime, platform: linux/s390x}',
          '  - name: list',
          '    image: plugins/docker',
          '    settings:',
          '      platforms: [linux/amd64, linux/arm64]',
          '      dockerfile: Dockerfile.ci',
          '',
        ].join('\n'),
      );
    // woodpeckerci/plugin-kaniko takes no platform; plugins/docker reads `platform`, not `platforms`.
    assert.deepEqual(buildWords(woodpecker(['labels:', '  platform: linux/arm64'])), ['services/api/Dockerfile services/api/src [linux/arm64] target runtime', 'Dockerfile.ci . [linux/arm64]']);
    assert.deepEqual(buildWords(woodpecker([])), ['services/api/Dockerfile services/api/src [configured] target runtime', 'Dockerfile.ci . [configured]']);
    assert.equal(woodpecker(['platform: linux/arm64']).builds?.[0].builder?.architecture, 'arm64');
    const drone = [
      'kind: pipeline',
      'name: default',
      'steps:',
      '  - name: amd64',
      '    image: plugins/docker:20',
      '    settings: {repo: example/app}',
      '  - name: arm64',
      '    image: plugins/buildx',
      '    settings: {repo: example/app, platform: "linux/arm64,linux/arm/v7", dockerfile: docker/Dockerfile}',
      '---',
      'kind: pipeline',
      'name: arm',
      'platform: {os: linux, arch: arm64}',
      'steps: [{name: kaniko, image: plugins/kaniko, settings: {custom_platform: linux/amd64}}]',
      '',
    ].join('\n');
    assert.deepEqual(buildWords(scanDrone(drone)), ['Dockerfile . [linux/amd64]', 'docker/Dockerfile . linux/arm64,linux/arm/v7', 'Dockerfile . linux/amd64']);
  });

  it('a step of no build plugin, a service and an image written as a variable build nothing', () => {
    const text = [
      'steps:',
      '  clone: {image: woodpeckerci/plugin-git, settings: {depth: 1}}',
      '  notify: {image: plugins/slack, settings: {webhook: {from_secret: hook}}}',
      '  varied: {image: "${PLUGIN}", settings: {platforms: linux/arm64}}',
      'services:',
      '  dind: {image: plugins/docker, settings: {platforms: linux/arm64}}',
      '',
    ].join('\n');
    assert.deepEqual(scanWoodpecker(text).builds ?? [], []);
  });

  it('hidden platforms or target keep the build, marked hidden and unresolved; a hidden Dockerfile for named platforms is told to the Dockerfiles it may be', () => {
    const text = [
      'steps:',
      '  platforms:',
      '    image: woodpeckerci/plugin-docker-buildx',
      '    settings: {dockerfile: a/Dockerfile, platforms: "${PLATFORMS}"}',
      '  target:',
      '    image: woodpeckerci/plugin-docker-buildx',
      '    settings: {dockerfile: b/Dockerfile, target: {from_secret: stage}}',
      '  secret-file:',
      '    image: woodpeckerci/plugin-docker-buildx',
      '    settings: {dockerfile: {from_secret: dockerfile}, platforms: [linux/amd64, linux/arm64]}',
      '  folder:',
      '    image: woodpeckerci/plugin-docker-buildx',
      '    directory: ${CI_REPO_NAME}',
      '    settings: {dockerfile: docker/Dockerfile, platforms: linux/arm64}',
      '  agent-only:',
      '    image: woodpeckerci/plugin-docker-buildx',
      '    settings: {dockerfile: "${DOCKERFILE}"}',
      '',
    ].join('\n');
    const result = scanWoodpecker(text);
    assert.deepEqual(buildWords(result), ['a/Dockerfile . [hidden]', 'b/Dockerfile . [hidden]']);
    assert.deepEqual(
      problems(result).map((p) => p.slice(0, p.indexOf(', so'))),
      [
        'unresolved 4: the platforms setting of the woodpeckerci/plugin-docker-buildx plugin of step platforms of the pipeline is ${PLATFORMS}, which Woodpecker fills in, known only when the pipeline runs',
        'unresolved 7: the target setting of the woodpeckerci/plugin-docker-buildx plugin of step target of the pipeline is the secret stage, known only when the pipeline runs',
        'unresolved 10: the dockerfile setting of the woodpeckerci/plugin-docker-buildx plugin of step secret-file of the pipeline is the secret dockerfile, known only when the pipeline runs',
        'unresolved 13: the directory of the woodpeckerci/plugin-docker-buildx plugin of step folder of the pipeline is ${CI_REPO_NAME}, which Woodpecker fills in, known only when the pipeline runs',
      ],
    );
    assert.deepEqual(unnamedWords(result), [
      '10 the woodpeckerci/plugin-docker-buildx plugin of step secret-file of the pipeline: linux/amd64,linux/arm64',
      '13 the woodpeckerci/plugin-docker-buildx plugin of step folder of the pipeline: linux/arm64 (…/docker/Dockerfile)',
    ]);
    assert.equal(result.builds?.[0].hidden?.platforms, true);
  });

  it('reads build_args as a list or comma string, build_args_from_env from the step environment, and reports an invalid platform', () => {
    const text = [
      'steps:',
      '  - name: image',
      '    image: thegeeklab/drone-docker-buildx:24',
      '    environment: {BASE: "alpine:3.20", SECRET: {from_secret: s}}',
      '    settings:',
      '      build_args: [GO=1.22, "NODE=20,DEBIAN=bookworm", TAG=$CI_COMMIT_TAG]',
      '      build-args-from-env: BASE,SECRET',
      '  - name: bad',
      '    image: thegeeklab/drone-docker-buildx:24',
      '    settings: {platforms: linux/amd64/v9/x}',
      '',
    ].join('\n');
    const result = scanWoodpecker(text);
    assert.deepEqual(buildWords(result), ['Dockerfile . [configured] GO=1.22 NODE=20 DEBIAN=bookworm BASE=alpine:3.20 TAG=? SECRET=?']);
    assert.deepEqual(
      result.problems.map((p) => [p.kind, p.range.start.line + 1]),
      [['invalid', 10]],
    );
  });
});
