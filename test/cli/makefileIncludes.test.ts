// GNU make's include directives, followed by `check .` and by `check <Dockerfile>` (which searches
// the repository for the Makefiles that build it): the recipes of an included file are read as part
// of the including Makefile's reading, with its variables and from its folder.
import * as assert from 'node:assert/strict';
import { digestFor, withMultiStageProject } from './fixtures';

/** kind's images/Makefile.common.in: the recipe every image's Makefile includes, built for two platforms unless `quick`. */
const KIND_COMMON = [
  'IMAGE_NAME?=$(notdir $(CURDIR))',
  'TAG?=$(shell date +v%Y%m%d)',
  'IMAGE?=example.com/$(IMAGE_NAME):$(TAG)',
  'PLATFORMS?=linux/amd64,linux/arm64',
  'OUTPUT?=',
  'build:',
  '\tdocker buildx build $(if $(PLATFORMS),--platform=$(PLATFORMS),) $(OUTPUT) -t ${IMAGE} --pull .',
  'push: OUTPUT=--push',
  'push: build',
  'quick: PLATFORMS=',
  'quick: OUTPUT=--load',
  'quick: build',
  '',
].join('\n');

describe('docker-pin check of Makefiles that include others (include, -include, sinclude)', function () {
  const { images, run, write } = withMultiStageProject('makefile-includes');
  const both = () => `(would pin ${images().golang.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64)`;

  it("kind's images/base/Makefile including $(CURDIR)/../Makefile.common.in: the including folder's Dockerfile is built for linux/amd64 and linux/arm64, by check . and by check of the Dockerfile", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('images/Makefile.common.in', KIND_COMMON);
    write('images/base/Makefile', '# the base image\ninclude $(CURDIR)/../Makefile.common.in\n');
    write('images/base/Dockerfile', 'FROM golang:1.22\n');
    write('images/kindnetd/Makefile', 'include $(CURDIR)/../Makefile.common.in\n');
    write('images/kindnetd/Dockerfile', 'FROM golang:1.22\n');
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [`images/base/Dockerfile:1:6: unpinned golang:1.22 ${both()}`, `images/kindnetd/Dockerfile:1:6: unpinned golang:1.22 ${both()}`]);
    const named = await run('check', 'images/base/Dockerfile');
    assert.equal(named.stdout, `images/base/Dockerfile:1:6: unpinned golang:1.22 ${both()}\n`, named.stderr);
  });

  it("dapr's Makefile including docker/docker.mk, which uses the Makefile's variables: read with them, from the Makefile's folder, and docker.mk not also read alone; what only make knows there is said at the include line with docker.mk's line", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('Makefile', ['TARGET_OS ?= linux', 'PLATFORMS = $(TARGET_OS)/amd64,$(TARGET_OS)/arm64', '', 'include docker/docker.mk', ''].join('\n'));
    write(
      'docker/docker.mk',
      [
        'DOCKERFILE_DIR ?= ./docker',
        'docker-build:',
        '\tdocker buildx build --platform $(PLATFORMS) -f $(DOCKERFILE_DIR)/Dockerfile .',
        'docker-tools:',
        '\tdocker buildx build --platform $(TOOLS_PLATFORMS) -f $(DOCKERFILE_DIR)/Dockerfile.tools .',
        '',
      ].join('\n'),
    );
    write('docker/Dockerfile', 'FROM golang:1.22\n');
    write('docker/Dockerfile.tools', 'FROM golang:1.22\n');
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    const lines = checked.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(1), [`docker/Dockerfile:1:6: unpinned golang:1.22 ${both()}`, `docker/Dockerfile.tools:1:6: unpinned golang:1.22 (would pin ${digestFor(images().golang, 'amd64')})`]);
    assert.match(
      lines[0],
      /^Makefile:4:1: unresolved "docker buildx build --platform \$\(TOOLS_PLATFORMS\)[^"]*": docker\/docker\.mk:5: the --platform of the docker build command of the recipe of docker-tools in docker\/docker\.mk, which the Makefile includes, is known only when make runs/,
      checked.stdout,
    );
    // A Dockerfile named alone is told of that build, at its own line.
    const named = await run('check', 'docker/Dockerfile.tools');
    assert.match(named.stdout, /^docker\/Dockerfile\.tools:1:1: unresolved "docker\/docker\.mk:5": the docker build command of the recipe of docker-tools in docker\/docker\.mk, which the Makefile includes, in Makefile builds this Dockerfile, and the --platform of/m, named.stdout);
    assert.doesNotMatch(named.stdout, /Makefile:4/, named.stdout);
  });

  it('an include whose file is missing, or whose name only make knows, is unresolved at its line; -include and sinclude of such a file read on silently, as make does; a cycle is said once', async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('Dockerfile', 'FROM golang:1.22\n');
    write('Makefile', ['-include local.mk $(DEPS)', 'sinclude generated.mk', 'include config.mk', 'include $(shell ls *.inc)', 'image:', '\tdocker build -t app .', ''].join('\n'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    const lines = checked.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, checked.stdout);
    assert.equal(lines[0], `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images().golang, 'amd64')})`);
    assert.match(lines[1], /^Makefile:3:1: unresolved "include config\.mk": this line includes config\.mk, which does not exist: make stops here unless a rule of the Makefile makes it/);
    assert.match(lines[2], /^Makefile:4:1: unresolved "include \$\(shell ls \*\.inc\)": the name of a file this line includes is known only when make runs .*write the name out, make it an optional -include/);
    write('config.mk', 'include loop.mk\n');
    write('loop.mk', 'include config.mk\n');
    write('Makefile', ['include config.mk', 'image:', '\tdocker build -t app .', ''].join('\n'));
    const cycle = await run('check', '.');
    assert.match(cycle.stdout, /^Makefile:1:1: unresolved "include config\.mk": loop\.mk:1: this line includes config\.mk, which is being read already/m, cycle.stdout);
  });
});
