import * as assert from 'node:assert/strict';
import { applyIgnoreComments } from '../../../src/core/ignoreComments';
import { detectKind } from '../../../src/core/sources/detect';
import { scanMakefile } from '../../../src/core/sources/makefile';
import { buildWords } from './buildWords';

/** Each build in words (buildWords.ts), with the line of the recipe that makes it. */
function builds(text: string): string[] {
  const result = scanMakefile(text);
  return buildWords(result).map((words, at) => `${words} line ${result.builds?.[at].line}`);
}

const problems = (text: string) => applyIgnoreComments({ kind: 'makefile', text }, scanMakefile(text)).problems.map((p) => `${p.kind} ${p.range.start.line + 1}: ${p.message}`);
const make = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('core/sources/makefile: the Dockerfiles the recipes of a Makefile build', () => {
  it('is the kind of the names GNU make reads and of the makefiles Makefiles include (*.mk, Makefile.common), not of other files named like them', () => {
    for (const name of ['Makefile', 'makefile', 'GNUmakefile', 'deploy/Makefile', 'Makefile.common', 'build/docker.mk', 'makefile.docker', 'GNUmakefile.local']) assert.equal(detectKind(name), 'makefile', name);
    for (const name of ['Makefile.am', 'Makefile.in', 'Makefile.toml', 'Makefile.md', 'Makefile.bak', 'MAKEFILE', '.mk', 'notes.mk.txt']) assert.equal(detectKind(name), undefined, name);
  });

  it('a recipe builds for the platforms its --platform names, from the Makefile’s folder, with the values its variables are set to', () => {
    const text = make(
      'PLATFORMS ?= linux/arm64,linux/amd64 # the release platforms',
      'TOOL := docker',
      'VERSION = 1.2',
      'ARGS = --build-arg VERSION=$(VERSION) \\',
      '       --target prod',
      'release:',
      '\t$(TOOL) buildx build --platform=$(PLATFORMS) $(ARGS) -f build/Dockerfile .',
      'local: ; docker build -t app:$$USER ./cmd',
    );
    assert.deepEqual(builds(text), ['build/Dockerfile . linux/arm64,linux/amd64 target prod VERSION=1.2 line 7', 'cmd/Dockerfile cmd [configured] line 8']);
    assert.deepEqual(problems(text), []);
  });

  it('knows the Makefile’s own folder as a := at its top names it, through MAKEFILE_LIST', () => {
    const text = make(
      'ROOT := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))',
      'HERE := $(patsubst %/,%,$(dir $(realpath $(firstword $(MAKEFILE_LIST)))))',
      'LATER = $(dir $(abspath $(lastword $(MAKEFILE_LIST))))',
      'MKFILE_PATH := $(abspath $(lastword $(MAKEFILE_LIST)))',
      'MD_PATH := $(dir $(MKFILE_PATH))',
      'image:',
      '\tdocker buildx build --platform linux/amd64,linux/arm64 $(ROOT)',
      '\tdocker buildx build --platform linux/arm64 -f $(HERE)/build/Dockerfile $(HERE)',
      '\tdocker buildx build --platform linux/arm64 $(MD_PATH)tools',
      '\tdocker buildx build --platform linux/arm64 $(dir $(MKFILE_PATH))web',
      '\tdocker buildx build --platform linux/arm64 $(LATER)',
      '\tdocker buildx build --platform linux/arm64 -f $(MKFILE_PATH) .',
    );
    assert.deepEqual(builds(text), [
      'Dockerfile ./ linux/amd64,linux/arm64 line 7',
      'build/Dockerfile . linux/arm64 line 8',
      'tools/Dockerfile tools linux/arm64 line 9',
      'web/Dockerfile web linux/arm64 line 10',
    ]);
    // A recursive = is expanded when the recipe runs, after any include: the last Makefile read is
    // not known to be this one. Nor is the Makefile's own path, which make alone knows.
    assert.deepEqual(
      problems(text).map((p) => p.slice(0, p.indexOf(':'))),
      ['unresolved 11', 'unresolved 12'],
    );
  });

  it('sets variables as make does: ?= only when unset, += appends, := expands at once, the last = wins', () => {
    const text = make(
      'A = linux/amd64',
      'A ?= linux/s390x',
      'A += ,linux/arm64',
      'B := $(C)',
      'C = linux/ppc64le',
      'release:',
      '\tdocker buildx build --platform "$(A)" -t x .',
      'other:',
      '\tdocker buildx build --platform "$(C)" -t x other',
    );
    assert.deepEqual(builds(text), ['Dockerfile . linux/amd64,linux/arm64 line 7', 'other/Dockerfile other linux/ppc64le line 9']);
  });

  it('a --platform hidden by a variable the file does not set for good, a function or an automatic variable is unresolved at its recipe line', () => {
    const hidden = [
      ['', '$(FROM_ENV)'],
      ['P != go env GOARCH\n', 'linux/$(P)'],
      ['', 'linux/$(shell go env GOARCH)'],
      ['define P\nlinux/amd64\nendef\n', '$(P)'],
      ['', '$@'],
    ];
    for (const [before, platform] of hidden) {
      const text = `${before}release:\n\tdocker buildx build --platform ${platform} -t x .\n`;
      const line = before.split('\n').length + 1;
      // Its Dockerfile is known: a check of that Dockerfile alone is told of it (engine/buildOperands.ts).
      assert.deepEqual(builds(text), [`Dockerfile . [hidden] line ${line}`], text);
      assert.deepEqual(problems(text), [
        `unresolved ${line}: the --platform of the docker build command of the recipe of release in the Makefile is known only when make runs (a variable the Makefile does not set for good, a make function or a shell variable), so what it builds, and for which platforms, cannot be told: its images are checked for the configured platform, which may not be one it is built for; write it out, pin that Dockerfile's images to index digests (--index), or accept it with --allow-unresolved`,
      ], text);
    }
    // An ignore comment above the recipe line accepts it.
    assert.deepEqual(problems(make('release:', '\t# docker-pin: ignore: the release job sets PLATFORMS', '\tdocker buildx build --platform $(PLATFORMS) .')), []);
  });

  it('a conditional is decided as make decides it from what the file sets, and read both ways when the environment decides it', () => {
    const decided = make(
      'PLATFORM ?=',
      'ARCH = arm64',
      'ifeq ($(ARCH),arm64)',
      'P = linux/arm64',
      'else ifeq ($(ARCH),s390x)',
      'P = linux/s390x',
      'else',
      'P = linux/amd64',
      'endif',
      'x:',
      'ifdef PLATFORM',
      '\tdocker build --platform $(PLATFORM) -t x .',
      'else',
      '\tdocker build --platform $(P) -t x .',
      'endif',
    );
    assert.deepEqual(builds(decided), ['Dockerfile . linux/arm64 line 14']);
    assert.deepEqual(problems(decided), []);
    // CI and GENERATE_ATTESTATIONS come from the environment: each way is a build make may run.
    const undecided = make(
      'ifeq ($(CI),true)',
      'P = linux/arm64',
      'else',
      'P = linux/amd64',
      'endif',
      'ifdef GENERATE_ATTESTATIONS',
      'ATTEST := --attest type=sbom',
      'endif',
      'x:',
      '\tdocker buildx build $(ATTEST) --platform $(P) -t x .',
    );
    assert.deepEqual(builds(undecided), ['Dockerfile . linux/amd64 line 10', 'Dockerfile . linux/arm64 line 10']);
    assert.deepEqual(problems(undecided), []);
  });

  it("a target's own value of a variable holds for its recipe, and the value of a target needing it (which make passes to what it builds) is read too; another target's is not", () => {
    const text = make(
      'PLATFORMS = linux/amd64',
      'local: PLATFORMS = linux/arm64',
      'local: PUSH = --push',
      'release: PLATFORMS := $(PLATFORMS),linux/s390x',
      'release: image',
      'local:',
      '\tdocker buildx build --platform $(PLATFORMS) -t local .',
      'image:',
      '\tdocker buildx build --platform $(PLATFORMS) $(PUSH) -t x images',
    );
    assert.deepEqual(builds(text), [
      'Dockerfile . linux/arm64 line 7',
      'images/Dockerfile images linux/amd64 line 9',
      'images/Dockerfile images linux/amd64,linux/s390x line 9',
    ]);
  });

  it('each recipe line is its own shell: a cd holds for its line only, unless .ONESHELL makes the recipe one script', () => {
    const lines = ['build:', '\tcd tools', '\tdocker build --platform linux/arm64 .', '\tcd tools && docker build --platform linux/arm64 .'];
    assert.deepEqual(builds(make(...lines)), ['Dockerfile . linux/arm64 line 3', 'tools/Dockerfile tools linux/arm64 line 4']);
    assert.deepEqual(builds(make('.ONESHELL:', ...lines.slice(0, 3))), ['tools/Dockerfile tools linux/arm64 line 3']);
  });

  it('a recipe line continued with \\ is one command; $$ is the shell’s $, and a comment or blank line does not end the recipe', () => {
    const text = make(
      'image:',
      '\t@echo "building"',
      '',
      '# the multi-platform image',
      '\t-docker buildx build \\',
      '\t\t--platform linux/amd64,linux/arm64 \\',
      '\t\t--build-arg COMMIT=$$(git rev-parse HEAD) \\',
      '\t\t-t x .',
    );
    assert.deepEqual(builds(text), ['Dockerfile . linux/amd64,linux/arm64 COMMIT=? line 5']);
  });

  it('reads CRLF files, and $(CURDIR) as the Makefile’s folder', () => {
    assert.deepEqual(builds('release:\r\n\tdocker buildx build --platform linux/arm64 -f $(CURDIR)/images/Dockerfile $(CURDIR)\r\n'), ['images/Dockerfile . linux/arm64 line 2']);
  });

  it('a Dockerfile the recipe makes from another first (sed … >, cat >, envsubst <>, cp) is read as a build of that other file', () => {
    const via = (command: string) => builds(make('x:', `\t${command}`, '\tdocker buildx build --platform linux/arm64 -f Dockerfile.cross .'));
    assert.deepEqual(via("sed -e 's/^FROM/FROM --platform=$$BUILDPLATFORM/' Dockerfile > Dockerfile.cross"), ['Dockerfile . linux/arm64 line 3']);
    assert.deepEqual(via("sed 's/a/b/' Dockerfile > Dockerfile.cross"), ['Dockerfile . linux/arm64 line 3']);
    assert.deepEqual(via('cat Dockerfile.in > Dockerfile.cross'), ['Dockerfile.in . linux/arm64 line 3']);
    assert.deepEqual(via('envsubst < Dockerfile.tmpl > Dockerfile.cross'), ['Dockerfile.tmpl . linux/arm64 line 3']);
    assert.deepEqual(via('cp build/Dockerfile Dockerfile.cross'), ['build/Dockerfile . linux/arm64 line 3']);
    // Made from two files, or from one a variable names: the build reads the file it names.
    assert.deepEqual(via('cat a b > Dockerfile.cross'), ['Dockerfile.cross . linux/arm64 line 3']);
    assert.deepEqual(via('cp $(SRC) Dockerfile.cross'), ['Dockerfile.cross . linux/arm64 line 3']);
    const by = scanMakefile(make('x:', '\tcp Dockerfile Dockerfile.cross', '\tdocker buildx build --platform linux/arm64 -f Dockerfile.cross .')).builds?.[0].by;
    assert.equal(by, 'the docker build command of the recipe of x in the Makefile (as Dockerfile.cross, which `cp` makes from it)');
  });

  it('reads podman and buildah builds (--arch, --os, --variant), and a tool a variable names when its flags are a container build’s; paths may leave the Makefile’s folder', () => {
    const text = make(
      'ENGINE ?= $(shell command -v podman || command -v docker)',
      'GO = $(shell which go)',
      'ROOT = ..',
      'images:',
      '\tpodman build --arch arm64 -t app .',
      '\tbuildah bud --os linux --arch arm --variant v7 -f Containerfile .',
      '\tcd $(ROOT) && $(ENGINE) build --platform linux/s390x -t app -f images/Dockerfile .',
      '\t$(GO) build -o bin/manager ./cmd',
      '\tpodman build --all-platforms -t app web',
    );
    assert.deepEqual(builds(text), ['Dockerfile . linux/arm64 line 5', 'Containerfile . linux/arm/v7 line 6', '../images/Dockerfile .. linux/s390x line 7', 'web/Dockerfile web [hidden] line 9']);
    assert.deepEqual(problems(text).map((p) => p.slice(0, p.indexOf(' of the docker build'))), ['unresolved 9: the --platform']);
  });

  it('reads the recipe lines .RECIPEPREFIX makes: led by its first character from the line that sets it on, by a tab again once it is empty', () => {
    const text = make(
      'all:',
      '\tdocker build --platform linux/s390x tab',
      '.RECIPEPREFIX = >',
      'arm:',
      '> docker buildx build \\',
      '>   --platform linux/arm64 arm',
      '\tdocker build tab-line-is-no-recipe',
      'X = +',
      '.RECIPEPREFIX := $(X)',
      'plus:',
      '+docker build --platform linux/ppc64le plus',
      '.RECIPEPREFIX =',
      'back:',
      '\tdocker build --platform linux/amd64 back',
    );
    assert.deepEqual(builds(text), ['tab/Dockerfile tab linux/s390x line 2', 'arm/Dockerfile arm linux/arm64 line 5', 'plus/Dockerfile plus linux/ppc64le line 11', 'back/Dockerfile back linux/amd64 line 14']);
    assert.deepEqual(problems(text), []);
    // As make takes them: a `=` value unexpanded (its first character is `$`), and `?=` leaves the tab make starts with.
    assert.deepEqual(builds(make('.RECIPEPREFIX = $(X)', 'a:', '$docker build --platform linux/arm64 .')), ['Dockerfile . linux/arm64 line 3']);
    assert.deepEqual(builds(make('.RECIPEPREFIX ?= >', 'a:', '\tdocker build --platform linux/arm64 .', '>docker build x')), ['Dockerfile . linux/arm64 line 3']);
  });

  it('a .RECIPEPREFIX known only when make runs is unresolved at its line, naming why and the fix; the recipes before it are read', () => {
    // One make decides from what the file does not say is read both ways, as any other line.
    assert.deepEqual(builds(make('ifdef CI', '.RECIPEPREFIX = >', 'endif', 'x:', '> docker build --platform linux/amd64 x')), ['x/Dockerfile x linux/amd64 line 5']);
    const message = problems(make('.RECIPEPREFIX := $(PREFIX)', 'x:', '> docker build .'))[0];
    assert.match(message, /^unresolved 1: the recipe prefix this line sets is known only when make runs \(a variable the Makefile does not set for good.*cannot be told: they are not read; set it to a character written out \(\.RECIPEPREFIX = >\), or accept it with --allow-unresolved$/);
    for (const setting of ['.RECIPEPREFIX != printf ">"', 'ifdef A\nendif\nifdef B\nendif\nifdef C\nendif\nifdef CI\n.RECIPEPREFIX = >\nendif', 'define .RECIPEPREFIX\n>\nendef']) {
      const text = make('a:', '\tdocker build --platform linux/arm64 a', setting, 'x:', '> docker build --platform linux/amd64 x');
      assert.deepEqual(builds(text), ['a/Dockerfile a linux/arm64 line 2'], setting);
      assert.deepEqual(problems(text).map((p) => p.split(':')[0]), [`unresolved ${setting.startsWith('ifdef') ? 2 + setting.split('\n').indexOf('.RECIPEPREFIX = >') + 1 : 3}`], setting);
    }
  });

  it('reads nothing of a Makefile that never runs docker', () => {
    assert.deepEqual(builds(make('all:', '\tgo build ./...')), []);
    // A bake command's platform override is unresolved, as in a workflow's script.
    assert.deepEqual(problems(make('PLATFORMS = linux/arm64', 'release:', '\tdocker buildx bake --set "*.platform=$(PLATFORMS)" app')).map((p) => p.split(':')[0]), ['unresolved 3']);
    // A docker build the recipe only prints.
    assert.deepEqual(builds(make('help:', '\t@echo "docker build --platform linux/arm64 ."')), []);
  });
});
