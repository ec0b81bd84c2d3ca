import * as assert from 'node:assert/strict';
import { scanMakefile } from '../../../src/core/sources/makefile';
import { commandLines } from '../../../src/core/sources/makefileCall';
import { Expander, type Variable } from '../../../src/core/sources/makefileExpand';
import { UNKNOWN } from '../../../src/core/sources/runDockerBuild';
import { buildLines } from './buildWords';

/** Each build in words (buildWords.ts), with the line of the recipe that makes it. */
const builds = (text: string) => buildLines(scanMakefile(text));

const problems = (text: string) => scanMakefile(text).problems.map((p) => `${p.kind} ${p.range.start.line + 1}: ${p.message}`);
const make = (...lines: string[]) => `${lines.join('\n')}\n`;
const recursive = (value: string): Variable => ({ value, recursive: true });

describe('core/sources/makefileCall: $(call …) and the canned recipes a recipe line runs', () => {
  it('expands $(call NAME,…) as make does: $(0) the name, $(1) and $1 the arguments as written (blanks kept), one not given empty, a comma inside parentheses no separator', () => {
    const expander = new Expander(
      new Map<string, Variable>([
        ['F', recursive('[$(0)][$(1)][$2][${3}][$(4)]')],
        ['G', recursive('<$(1)>')],
        ['SIMPLE', { value: 'fixed $(1)', recursive: false }],
        ['WHICH', recursive('G')],
        ['P', recursive('linux/arm64')],
      ]),
    );
    assert.equal(expander.expand('$(call F, a ,b,c)'), '[F][ a ][b][c][]');
    assert.equal(expander.expand('$(call F,$(if $(P),--platform $(P),),(x,y),{u,v})'), '[F][--platform linux/arm64][(x,y)][{u,v}][]');
    // The name is expanded and stripped; a simple value is taken as it is, as make takes it.
    assert.equal(expander.expand('$(call $(WHICH) ,x)'), '<x>');
    assert.equal(expander.expand('${call SIMPLE,x}'), 'fixed $(1)');
    // Outside a call, $(1) is a variable the file does not set.
    assert.equal(expander.expand('$(1)'), UNKNOWN);
  });

  it('a call within a call binds its own arguments (the outer ones not given hidden), and the variables a macro names see them', () => {
    const expander = new Expander(
      new Map<string, Variable>([
        ['OUTER', recursive('$(call INNER,$(1)) $(2)')],
        ['INNER', recursive('($(1)|$(2)|$(TAIL))')],
        ['TAIL', recursive('tail-$(1)')],
      ]),
    );
    assert.equal(expander.expand('$(call OUTER,a,b)'), '(a||tail-a) b');
  });

  it('a call of a macro the file sets nowhere is empty, as make has it; of one make alone knows, of a make function, or recursing without end, only make knows', () => {
    const expander = new Expander(
      new Map<string, Variable>([
        ['RUN', 'unknown'],
        ['LOOP', recursive('$(call LOOP,x)')],
      ]),
    );
    assert.equal(expander.expand('a$(call NOWHERE,x)b'), 'ab');
    for (const call of ['$(call RUN,x)', '$(call $(FROM_ENV),x)', '$(call shell,ls)', '$(call LOOP)']) assert.equal(expander.expand(call), UNKNOWN, call);
    assert.deepEqual(expander.expandWithCalls('$(call RUN,x) $(call $(FROM_ENV),x) $(call NOWHERE)').calls, { unknown: ['RUN', '$(FROM_ENV)'], values: [] });
  });

  it('splits an expanded recipe line into its command lines at each newline a \\ does not continue, each without its @, - and +', () => {
    assert.deepEqual(commandLines('@\tdocker build \\\n\t--platform linux/arm64 .\n\t-@+echo done\n'), ['docker build \\\n\t--platform linux/arm64 .', 'echo done', '']);
  });

  it('a recipe line running docker build through $(call …) of a define builds for the platforms the macro names, as the same line written out (harbor’s _build_base)', () => {
    const text = make(
      'PLATFORMS = linux/amd64,linux/arm64',
      'DOCKERBUILD = docker buildx build --platform=$(PLATFORMS)',
      'define _build_base',
      '\t$(call _extract_archive, $(1), $(2))',
      '\t$(DOCKERBUILD) -f $(2)/Dockerfile.base -t base/harbor-$(1)-base:dev .',
      'endef',
      'define _extract_archive',
      '\ttar -xf $(2)/archive.tar',
      'endef',
      '_build_core:',
      '\t@$(call _build_base,core,make/photon/core)',
      '_build_db: ; $(call _build_base,db,make/photon/db)',
    );
    assert.deepEqual(builds(text), ['make/photon/core/Dockerfile.base . linux/amd64,linux/arm64 line 11', 'make/photon/db/Dockerfile.base . linux/amd64,linux/arm64 line 12']);
    assert.deepEqual(problems(text), []);
    // A one-line macro, $1 written without parentheses.
    assert.deepEqual(builds(make('BUILD = docker build --platform $2 -t $1 $1', 'web:', '\t$(call BUILD,web,linux/s390x)')), ['web/Dockerfile web linux/s390x line 3']);
  });

  it('each line of a multi-line macro is a command of its own (its own shell, its own @, - and +; the calling line’s prefix for all), one script with .ONESHELL', () => {
    const define = ['define steps', '\t@cd tools', '\t-docker build --platform linux/arm64 .', '\t+cd tools && docker build --platform linux/ppc64le .', 'endef'];
    assert.deepEqual(builds(make(...define, 'x:', '\t@-$(call steps)')), ['Dockerfile . linux/arm64 line 7', 'tools/Dockerfile tools linux/ppc64le line 7']);
    assert.deepEqual(builds(make('.ONESHELL:', ...define.slice(0, 3), 'endef', 'x:', '\t$(call steps)')), ['tools/Dockerfile tools linux/arm64 line 7']);
    // A define is ended by its own endef, a define in its body by the one before, and a line led by a tab by neither.
    const nested = make('define outer', 'define inner', 'endef', '\tendef', '\tdocker build --platform linux/arm64 $(1)', 'endef', 'x:', '\t$(call outer,a)');
    assert.deepEqual(builds(nested), ['a/Dockerfile a linux/arm64 line 8']);
  });

  it('sets a define as make does with the operator after its name: := expanded at once, += appended, != known only when make runs; in a branch make does not take, unset', () => {
    const text = make(
      'P = linux/arm64',
      'define now :=',
      'docker build --platform $(P) now',
      'endef',
      'P = linux/s390x',
      'define more',
      'docker build',
      'endef',
      'define more +=',
      '--platform $(P) more',
      'endef',
      'ifeq (a,b)',
      'define skipped',
      'docker build --platform linux/amd64 skipped',
      'endef',
      'endif',
      'x:',
      '\t$(call now)',
      '\t$(call more)',
      '\t$(call skipped) docker build --platform linux/arm64 after',
    );
    assert.deepEqual(builds(text), ['now/Dockerfile now linux/arm64 line 18', 'more/Dockerfile more linux/s390x line 19', 'after/Dockerfile after linux/arm64 line 20']);
  });

  it('a target’s own value of a variable a macro uses holds where make passes it, to the prerequisites the target builds', () => {
    const text = make(
      'define img',
      '\tdocker buildx build $(ARGS) -t x images',
      'endef',
      'ARGS = --platform $(PLATFORMS)',
      'PLATFORMS = linux/amd64',
      'release: PLATFORMS = linux/amd64,linux/arm64',
      'release: image',
      'image:',
      '\t$(call img)',
    );
    assert.deepEqual(builds(text), ['images/Dockerfile images linux/amd64 line 9', 'images/Dockerfile images linux/amd64,linux/arm64 line 9']);
  });

  it('a call whose macro only make knows, or whose macro names a build that what only make knows hides, is unresolved at its recipe line, saying why; a call hiding nothing is not', () => {
    const text = make(
      'RUN != cat build-command',
      'define via_shell',
      '\t$(shell docker build -q $(1))',
      'endef',
      'log = echo $(1)',
      'pick = $(1)',
      'a:',
      '\t@$(call RUN,core)',
      '\t$(call $(BUILDER),core)',
      '\t$(call via_shell,core)',
      '\t$(call log,$(VERSION))',
      '\tdocker build --platform $(call pick,$(PLATFORMS)) .',
    );
    const said = problems(text);
    assert.equal(said.length, 4, said.join('\n'));
    assert.equal(
      said[0],
      "unresolved 8: the macro `RUN` that this line of the recipe of a calls is known only when make runs (a variable the Makefile does not set for good, a make function or a command's output), so whether it runs a docker build, and for which platforms, cannot be told; define the macro in the Makefile with its values written out, or accept it with --allow-unresolved",
    );
    assert.match(said[1], /^unresolved 9: the macro `\$\(BUILDER\)` that this line of the recipe of a calls is known only when make runs/);
    assert.match(said[2], /^unresolved 10: what the macro that this line of the recipe of a calls expands to is known only when make runs/);
    // The build itself says what hides its platforms, as any build does.
    assert.match(said[3], /^unresolved 12: the --platform of the docker build command of the recipe of a in the Makefile is known only when make runs/);
  });
});
