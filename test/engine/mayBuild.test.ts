import * as assert from 'node:assert/strict';
import type { FileKind } from '../../src/core/types';
import { scanSource } from '../../src/engine/sources';
import { mayBuild, mayRunBuild } from '../../src/engine/mayBuild';

// The include index reads a workflow, action, Makefile or Skaffold config only when its text may
// build: every text whose scan gives a build (or a workflow's use of an action of the repository)
// must pass, as check . reads each of them.
describe('mayBuild: which files the include index and the search for a named Dockerfile\'s builds read for their builds', () => {
  const builds = (kind: FileKind, text: string) => {
    const scan = scanSource({ kind, text }, {});
    return (scan.builds ?? []).length + (scan.localActions ?? []).length;
  };
  const workflow = (steps: string, runsOn = 'ubuntu-24.04') => `on: push\njobs:\n  image:\n    runs-on: ${runsOn}\n    steps:\n${steps}`;
  const run = (script: string) => workflow(`      - uses: actions/checkout@v4\n      - run: |\n${script.split('\n').map((line) => `          ${line}`).join('\n')}\n`);

  const building: [FileKind, string, string][] = [
    ['github-workflow', 'docker build', run('docker build -t app .')],
    ['github-workflow', 'podman build --arch', run('podman build --arch arm64 -t app .')],
    ['github-workflow', 'buildah bud', run('buildah bud -f Containerfile .')],
    ['github-workflow', 'buildah build', run('buildah build --platform linux/arm64 .')],
    ['github-workflow', 'a tool a variable names', run('ENGINE=podman\n"$ENGINE" build -t app .')],
    ['github-workflow', 'docker buildx with its own flags', run('docker buildx --builder ci build --platform linux/arm64 .')],
    ['github-workflow', 'a step using docker/build-push-action', workflow('      - uses: Docker/build-push-action@v6\n        with:\n          platforms: linux/arm64\n')],
    ['github-workflow', 'a local action on an arm64 runner', workflow('      - uses: actions/checkout@v4\n      - uses: ./.github/actions/image\n', 'ubuntu-24.04-arm')],
    ['github-workflow', 'a make run step on an arm64 runner', workflow('      - uses: actions/checkout@v4\n      - run: make -C images/base image\n', 'ubuntu-24.04-arm')],
    ['github-action', 'a Docker container action', 'runs:\n  using: docker\n  image: build/Dockerfile\n'],
    ['github-action', "a composite action's docker build", 'runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: docker build --platform linux/amd64,linux/arm64 .\n'],
    ['github-action', "a composite action's podman build", 'runs:\n  using: composite\n  steps:\n    - shell: bash\n      run: podman build -t app .\n'],
    ['github-action', "a composite action's build-push-action step", 'runs:\n  using: composite\n  steps:\n    - uses: docker/build-push-action@v6\n      with:\n        context: .\n'],
    ['skaffold', 'a Skaffold artifact', 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  platforms: [linux/amd64, linux/arm64]\n  artifacts:\n    - image: app\n'],
    ['skaffold', "a profile's artifacts", 'apiVersion: skaffold/v4beta11\nkind: Config\nprofiles:\n  - name: ci\n    build: {artifacts: [{image: app, docker: {dockerfile: Dockerfile.ci}}]}\n'],
    ['github-workflow', 'a package.json script run on an arm64 runner', workflow('      - uses: actions/checkout@v4\n      - run: npm ci && npm run build-docker-base\n', 'ubuntu-24.04-arm')],
    ['github-workflow', 'a package.json script node runs', workflow('      - run: node --run image\n')],
    ['package-scripts', 'a script of docker buildx build', '{\n  "scripts": {\n    "image": "docker buildx build --platform linux/amd64,linux/arm64 ."\n  }\n}\n'],
    ['makefile', 'a podman recipe', 'image:\n\tpodman build --arch arm64 -t app .\n'],
    ['shell-script', 'docker buildx build', '#!/bin/sh\ncd "$(git rev-parse --show-toplevel)"\ndocker buildx build --platform linux/amd64,linux/arm64 .\n'],
    ['woodpecker', 'a buildx plugin step', 'steps:\n  image:\n    image: docker.io/WoodpeckerCI/plugin-docker-buildx:6\n    settings: {platforms: linux/amd64,linux/arm64}\n'],
    ['drone', 'a kaniko plugin step', 'kind: pipeline\nsteps:\n  - name: image\n    image: plugins/kaniko\n    settings: {repo: acme/app}\n'],
    ['justfile', 'a recipe of docker buildx build', 'image:\n    docker buildx build --platform linux/amd64,linux/arm64 .\n'],
    ['justfile', 'a builder an interpolation names', 'engine := "podman"\nimage:\n    {{engine}} build --platform linux/arm64 -t app .\n'],
    ['taskfile', 'a task of docker buildx build', "version: '3'\ntasks:\n  image:\n    cmds:\n      - docker buildx build --platform linux/amd64,linux/arm64 .\n"],
    ['taskfile', 'a builder a template names', "version: '3'\nvars: {ENGINE: podman}\ntasks:\n  image: '{{.ENGINE}} build --platform linux/arm64 -t app .'\n"],
    ['github-workflow', 'just run on an arm64 runner', workflow('      - uses: actions/checkout@v4\n      - run: just image\n', 'ubuntu-24.04-arm')],
    ['github-workflow', 'task run on an arm64 runner', workflow('      - uses: actions/checkout@v4\n      - run: task -d images image\n', 'ubuntu-24.04-arm')],
    ['shell-script', 'a builder a variable names', '#!/bin/sh\nENGINE=podman\ncd "$(git rev-parse --show-toplevel)"\n$ENGINE build --platform linux/arm64 .\n'],
  ];
  for (const [kind, what, text] of building) {
    it(`reads a ${kind} file with ${what}`, () => {
      assert.ok(builds(kind, text) > 0, 'the scan finds a build (the case is real)');
      assert.ok(mayBuild(kind, text));
    });
  }

  it('passes over files that build nothing: a workflow with no build, a JavaScript action, a Skaffold config of Jib artifacts only in name', () => {
    assert.ok(!mayBuild('github-workflow', workflow('      - uses: actions/checkout@v4\n      - run: go test ./...\n')));
    assert.ok(!mayBuild('package-scripts', '{"scripts": {"build": "tsc -p ."}, "description": "docker build helpers"}'), 'docker named, but in no script');
    assert.ok(!mayBuild('github-workflow', run('go build ./...\ndocker push app')), 'docker named, but no build of it');
    assert.ok(!mayBuild('github-action', 'runs:\n  using: node20\n  main: dist/index.js\n'));
    assert.ok(!mayBuild('skaffold', 'apiVersion: skaffold/v4beta11\nkind: Config\nmanifests:\n  rawYaml: [k8s/*.yaml]\n'));
    assert.ok(!mayBuild('kubernetes', 'apiVersion: v1\nkind: Pod\n'));
    assert.ok(!mayBuild('woodpecker', 'steps:\n  test:\n    image: golang:1.22\n  notify:\n    image: woodpeckerci/plugin-git\n'), 'plugins, but none that builds');
    assert.ok(!mayBuild('shell-script', '#!/bin/sh\nset -e\ngo build ./...\n'), 'a script naming no container builder');
    assert.ok(!mayBuild('shell-script', '#!/bin/sh\ndocker push app\n'), 'docker named, but no build');
  });

  it("tells a GitLab job's container build in its script (the index then puts the pipeline together)", () => {
    assert.ok(mayRunBuild('build:\n  script:\n    - buildah bud --platform linux/arm64 -t app .\n'));
    assert.ok(mayRunBuild('build:\n  script:\n    - podman build -t app .\n'));
    assert.ok(mayRunBuild('build:\n  script:\n    - docker \\\n      build .\n'));
    assert.ok(mayRunBuild('build:\n  script:\n    - command -v podman\n    - ${ENGINE} build -t app .\n'));
    assert.ok(!mayRunBuild('build:\n  script:\n    - go build ./...\n'));
    assert.ok(!mayRunBuild('build:\n  script:\n    - $GO build ./...\n'), 'no container tool named anywhere');
  });
});
