// GNU make's `$(call …)` in a recipe, followed by `check .` and by `check <Dockerfile>`: a build
// that a recipe runs only through a macro (harbor's `@$(call _build_base,core,…)`) is read as the
// same command written out in the recipe; a macro only make knows is unresolved at the line.
import * as assert from 'node:assert/strict';
import { digestFor, withMultiStageProject } from './fixtures';

/** harbor's make/photon/Makefile, cut down: each base image built through a define of its own. */
const HARBOR_PHOTON = [
  'DOCKERCMD = docker',
  'PLATFORM = linux/amd64,linux/arm64',
  'DOCKERBUILD = $(DOCKERCMD) build --platform=$(PLATFORM)',
  'BASEIMAGETAG = dev',
  'define _extract_archive',
  '\ttar -xf $(2)/archive.tar -C $(2)',
  'endef',
  'define _build_base',
  '\t$(call _extract_archive, $(1), $(2))',
  '\t$(DOCKERBUILD) -f $(2)/Dockerfile.base -t goharbor/harbor-$(1)-base:$(BASEIMAGETAG) .',
  'endef',
  'TOOL_BUILD = docker build --platform $(2) -t $(1) $(1)',
  '_build_core:',
  '\t@$(call _build_base,core,core)',
  '_build_tools:',
  '\t$(call TOOL_BUILD,tools,linux/amd64)',
  '',
].join('\n');

describe('docker-pin check of Makefile recipes that build through $(call …)', function () {
  const { images, run, write } = withMultiStageProject('makefile-calls');

  it("harbor's _build_base define called for core builds core/Dockerfile.base for linux/amd64 and linux/arm64: the index digest, by check . and by check of the Dockerfile; a one-line macro's amd64 build the amd64 digest", async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('Makefile', HARBOR_PHOTON);
    write('core/Dockerfile.base', 'FROM golang:1.22\n');
    write('tools/Dockerfile', 'FROM golang:1.22\n');
    const both = `core/Dockerfile.base:1:6: unpinned golang:1.22 (would pin ${images().golang.index.digest}, the index digest: this image is used for linux/amd64 and linux/arm64)`;
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(checked.stdout.trimEnd().split('\n'), [both, `tools/Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images().golang, 'amd64')})`]);
    const named = await run('check', 'core/Dockerfile.base');
    assert.equal(named.stdout, `${both}\n`, named.stderr);
  });

  it('a macro whose value only make knows is unresolved at the recipe line that calls it, saying why, and so is a --platform a macro leaves to the environment; check fails', async () => {
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('Dockerfile', 'FROM golang:1.22\n');
    write('Makefile', ['BUILD_BASE != cat build-command', 'define release', '\tdocker buildx build --platform $(RELEASE_PLATFORMS) -t $(1) .', 'endef', 'base:', '\t@$(call BUILD_BASE,core)', 'release:', '\t$(call release,app)', ''].join('\n'));
    const checked = await run('check', '.');
    assert.equal(checked.code, 1, checked.stdout + checked.stderr);
    const lines = checked.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3, checked.stdout);
    assert.equal(lines[0], `Dockerfile:1:6: unpinned golang:1.22 (would pin ${digestFor(images().golang, 'amd64')})`);
    assert.match(
      lines[1],
      /^Makefile:6:2: unresolved "@\$\(call BUILD_BASE,core\)": the macro `BUILD_BASE` that this line of the recipe of base calls is known only when make runs \(a variable the Makefile does not set for good, a make function or a command's output\), so whether it runs a docker build, and for which platforms, cannot be told; define the macro in the Makefile with its values written out, or accept it with --allow-unresolved$/,
    );
    assert.match(lines[2], /^Makefile:8:2: unresolved "\$\(call release,app\)": the --platform of the docker build command of the recipe of release in the Makefile is known only when make runs \(a variable the Makefile does not set/);
  });
});
