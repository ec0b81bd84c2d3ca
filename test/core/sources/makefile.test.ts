import * as assert from 'node:assert/strict';
import { applyIgnoreComments } from '../../../src/core/ignoreComments';
import { detectKind } from '../../../src/core/sources/detect';
import { scanMakefile, wantedIncludes } from '../../../src/core/sources/makefile';
import { includePatternMatches, type MakefileInclude } from '../../../src/core/sources/makefileInclude';
import { buildLines, buildWords } from './buildWords';

/** Each build in words (buildWords.ts), with the line of the recipe that makes it. */
const builds = (text: string) => buildLines(scanMakefile(text));

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

  it('run with goals, reads the recipes they lead to through their prerequisites; a goal no rule names, a hidden prerequisite or a recipe running make again reads every recipe', () => {
    const goals = (text: string, ...names: string[]) => buildLines(scanMakefile(text, { goals: names })).map((line) => line.replace(/ line \d+$/, ''));
    const text = make(
      'IMAGES = image-api image-web',
      '.PHONY: lint release $(IMAGES)',
      'lint:',
      '\tgolangci-lint run',
      'release: $(IMAGES) | lint',
      'image-api:',
      '\tdocker build -f api/Dockerfile .',
      'image-web: ; docker build -f web/Dockerfile .',
      'test-image:',
      '\tdocker build -f test/Dockerfile .',
    );
    assert.deepEqual(goals(text, 'lint'), []);
    assert.deepEqual(goals(text, 'release'), ['api/Dockerfile . [configured]', 'web/Dockerfile . [configured]']);
    assert.deepEqual(goals(text, 'lint', 'image-web'), ['web/Dockerfile . [configured]']);
    const every = ['api/Dockerfile . [configured]', 'web/Dockerfile . [configured]', 'test/Dockerfile . [configured]'];
    assert.deepEqual(goals(text, 'bin/tool'), every);
    assert.deepEqual(goals(make('all: $(shell ls images)', 'image:', '\tdocker build .'), 'all'), ['Dockerfile . [configured]']);
    assert.deepEqual(goals(make('ci: lint', '\t$(MAKE) image', 'lint:', '\ttrue', 'image:', '\tdocker build .'), 'ci'), ['Dockerfile . [configured]']);
    assert.deepEqual(goals(make('%.image:', '\tdocker build -f api/Dockerfile .', 'lint:', '\ttrue'), 'api.image'), ['api/Dockerfile . [configured]']);
  });

  it('a $(if …) whose condition only make knows is read both ways: branches of plain words build as written, a branch adding a --platform is a build of its own', () => {
    const text = make('image:', '\tdocker buildx build $(if $(PUSH),--push,--load) --platform linux/amd64,linux/arm64 -f Dockerfile .');
    assert.deepEqual(builds(text), ['Dockerfile . linux/amd64,linux/arm64 line 2']);
    assert.deepEqual(problems(text), []);
    const arm = make('image:', '\tdocker build $(if $(ARM),--platform linux/arm64) .');
    assert.deepEqual(builds(arm), ['Dockerfile . [configured] line 2', 'Dockerfile . linux/arm64 line 2']);
    assert.deepEqual(problems(arm), []);
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
      ['define P !=\nprintf linux/amd64\nendef\n', '$(P)'],
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
    for (const setting of ['.RECIPEPREFIX != printf ">"', 'ifdef A\nendif\nifdef B\nendif\nifdef C\nendif\nifdef CI\n.RECIPEPREFIX = >\nendif', 'define .RECIPEPREFIX !=\nprintf ">"\nendef']) {
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

describe('core/sources/makefile: the files include, -include and sinclude read', () => {
  const read = (text: string, name: string) => ({ text, name });
  const scan = (text: string, includes: ReadonlyMap<string, MakefileInclude>) => scanMakefile(text, { includes });
  const wordsOf = (result: ReturnType<typeof scanMakefile>) => buildWords(result).map((words, at) => `${words} line ${result.builds?.[at].line} at ${result.builds?.[at].place ?? 'its own line'}`);
  const said = (result: ReturnType<typeof scanMakefile>) => result.problems.map((p) => `${p.kind} ${p.range.start.line + 1}: ${p.message}`);

  it('reads an included file where the directive stands: its recipes with the variables the Makefile sets (also after the include, as make expands a recipe), from the Makefile’s folder, each build at the include line naming its own', () => {
    const common = make('PLATFORMS ?= linux/amd64', 'build:', '\tdocker buildx build $(if $(PLATFORMS),--platform=$(PLATFORMS),) -f $(DIR)/Dockerfile .');
    const text = make('PLATFORMS = linux/amd64,linux/arm64', 'include $(CURDIR)/../common.mk', 'DIR = image');
    assert.deepEqual(wantedIncludes(text, new Map()), ['../common.mk']);
    const result = scan(text, new Map([['../common.mk', read(common, 'common.mk')]]));
    assert.deepEqual(wordsOf(result), ['image/Dockerfile . linux/amd64,linux/arm64 line 2 at common.mk:3']);
    assert.deepEqual(said(result), []);
    // `$(if …)` with an empty condition: no --platform, the configured one.
    assert.deepEqual(wordsOf(scan(make('PLATFORMS =', 'include ../common.mk', 'DIR = .'), new Map([['../common.mk', read(common, 'common.mk')]]))), ['Dockerfile . [configured] line 2 at common.mk:3']);
  });

  it('reads nested includes (each name from the folder make runs in), several names on one line in order, a pattern’s files, and $(MAKEFILE_LIST) naming the file being read', () => {
    const includes = new Map<string, MakefileInclude>([
      ['mk/a.mk', read(make('HERE := $(dir $(lastword $(MAKEFILE_LIST)))', 'include mk/b.mk'), 'mk/a.mk')],
      ['mk/b.mk', read(make('TAG := b', 'b:', '\tdocker build -t $(TAG) $(HERE)b'), 'mk/b.mk')],
      ['mk/c.mk', read(make('TAG := c'), 'mk/c.mk')],
      ['mk/*.img', { matches: ['mk/d.img'] }],
      ['mk/d.img', read(make('d:', '\tdocker build --platform linux/arm64 d'), 'mk/d.img')],
    ]);
    const text = make('include mk/a.mk mk/c.mk', '-include mk/*.img');
    assert.deepEqual(wantedIncludes(text, new Map()), ['mk/a.mk', 'mk/c.mk', 'mk/*.img']);
    assert.deepEqual(wantedIncludes(text, includes), []);
    const result = scan(text, includes);
    assert.deepEqual(wordsOf(result), ['mk/b/Dockerfile mk/b [configured] line 1 at mk/b.mk:3', 'd/Dockerfile d linux/arm64 line 2 at mk/d.img:2']);
    assert.deepEqual(said(result), []);
  });

  it('says at the include line a missing file of include (not of -include or sinclude), a name only make knows (not of an optional include), a file that cannot be read, a cycle; and what an included file leaves unknown, with its name and line', () => {
    const includes = new Map<string, MakefileInclude>([
      ['gone.mk', { unread: 'does not exist', missing: true }],
      ['away.mk', { unread: 'lies outside the repository (/repo)' }],
      ['loop.mk', read(make('include loop.mk', 'x:', '\tdocker buildx build --platform $(ARCHS) .'), 'build/loop.mk')],
    ]);
    const text = make('-include gone.mk $(DEPS)', 'sinclude gone.mk', 'include gone.mk', 'include $(shell ls *.mk)', 'include away.mk', 'include loop.mk', 'all:', '\tdocker build .');
    const messages = said(scan(text, includes));
    assert.equal(messages.length, 5, messages.join('\n'));
    assert.match(messages[0], /^unresolved 3: this line includes gone\.mk, which does not exist: make stops here unless a rule of the Makefile makes it/);
    assert.match(messages[1], /^unresolved 4: the name of a file this line includes is known only when make runs/);
    assert.match(messages[2], /^unresolved 5: this line includes away\.mk, which lies outside the repository \(\/repo\): what that file sets/);
    assert.match(messages[3], /^unresolved 6: build\/loop\.mk:1: this line includes build\/loop\.mk, which is being read already/);
    assert.match(messages[4], /^unresolved 6: build\/loop\.mk:3: the --platform of the docker build command of the recipe of x in build\/loop\.mk, which the Makefile includes, is known only when make runs/);
    // A Makefile that builds nothing says nothing of what it cannot include.
    assert.deepEqual(said(scan(make('include gone.mk', 'all:', '\tgo vet ./...'), new Map([['gone.mk', { unread: 'does not exist', missing: true }]]))), []);
  });

  it('follows no include when no includes are given (the Makefile read alone), and matches include patterns as make does', () => {
    assert.deepEqual(said(scanMakefile(make('include gone.mk', 'all:', '\tdocker build .'))), []);
    assert.deepEqual(includePatternMatches('mk/*.mk', ['mk/a.mk', 'mk/.hidden.mk', 'mk/sub/b.mk', 'mk/b.mk', 'a.mk']), ['mk/a.mk', 'mk/b.mk']);
    assert.deepEqual(includePatternMatches('[ab]?.mk', ['a1.mk', 'c1.mk', 'b22.mk']), ['a1.mk']);
  });
});
