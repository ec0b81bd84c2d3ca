import * as assert from 'node:assert/strict';
import { gitlabFileFacts, scanGitlabCi } from '../../../src/core/sources/gitlabCi';
import type { GitlabPipeline, PipelineVariable } from '../../../src/core/sources/gitlabVariables';

const BUILD = 'build:\n  image: $BUILD_IMAGE\n  script: [go build]\n';

function pipeline(variables: Record<string, PipelineVariable>, jobNames: readonly string[] = []): { pipeline: GitlabPipeline } {
  return { pipeline: { variables: new Map(Object.entries(variables)), files: '.gitlab-ci.yml and the files it includes', jobNames: new Set(jobNames) } };
}

describe('core/sources/gitlabCi: the variables of the pipeline a file is included in', () => {
  it('an image written as a variable another file of the pipeline defines is worked out, and left to that file, which takes its pin', () => {
    const result = scanGitlabCi(BUILD, pipeline({ BUILD_IMAGE: { value: { text: 'golang:1.22' }, raw: false, definedIn: 'ci/_common.yml' } }));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.images, []);
  });

  it("when that file's value cannot take the pin, the pin goes on the line and says why", () => {
    const result = scanGitlabCi(BUILD, pipeline({ BUILD_IMAGE: { value: { text: 'golang:1.22' }, raw: false, definedIn: 'ci/_common.yml', refusedThere: 'it lists options' } }));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      result.images.map((o) => [o.line, o.expanded, o.valueRefused]),
      [[2, 'golang:1.22', 'the value of BUILD_IMAGE is written in ci/_common.yml, where it cannot take the pin: it lists options']],
    );
  });

  it("the pipeline's winning value replaces the file's own, as GitLab merges an including file's variables over an included one's", () => {
    const text = `variables:\n  BUILD_IMAGE: alpine:3.19\n${BUILD}`;
    const result = scanGitlabCi(text, pipeline({ BUILD_IMAGE: { value: { text: 'busybox:1.36' }, raw: false, definedIn: '.gitlab-ci.yml', refusedThere: 'x' } }));
    assert.deepEqual(result.images.map((o) => o.expanded), ['busybox:1.36']);
  });

  it('a value other files use as their image is an image of the file that writes it, pinned in that value', () => {
    const text = 'variables:\n  BUILD_IMAGE: "golang:1.22"\n  GIT_DEPTH: 10\n';
    const result = scanGitlabCi(text, pipeline({ BUILD_IMAGE: { value: { text: 'golang:1.22' }, raw: false, imageElsewhere: true }, GIT_DEPTH: { value: { text: '10' }, raw: false } }));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.images.map((o) => [o.line, o.range.start.character, o.text, o.expanded, o.valueAt]), [[2, 15, '"golang:1.22"', 'golang:1.22', undefined]]);
    // Without the pipeline it is a variable like any other.
    assert.deepEqual(scanGitlabCi(text).images, []);
  });

  it('a job extending a template another file of the pipeline defines is read with it there; one no file defines is unresolved, naming the pipeline', () => {
    const text = 'test:\n  extends: .tpl\n  script: [make test]\n';
    assert.deepEqual(scanGitlabCi(text, pipeline({}, ['.tpl', 'lint'])).problems, []);
    const [problem] = scanGitlabCi(text, pipeline({}, ['lint'])).problems;
    assert.equal(problem.kind, 'unresolved');
    assert.match(problem.message, /^job test extends \.tpl, which is not in \.gitlab-ci\.yml and the files it includes \(an include: of another project/);
  });

  it('a variable the pipeline does not define is unresolved, naming the pipeline', () => {
    const result = scanGitlabCi(BUILD, pipeline({}));
    assert.deepEqual(result.images, []);
    assert.match(result.problems[0].message, /\$BUILD_IMAGE is not defined in the variables of \.gitlab-ci\.yml and the files it includes/);
  });

  it('a template no job of its file extends, read on its own, says that the jobs of other files that extend it may set a variable it lacks', () => {
    const text = '.build:\n  image: $BUILD_IMAGE\n  stage: build\n';
    const included = scanGitlabCi(text, pipeline({}));
    assert.deepEqual(included.images, []);
    assert.match(included.problems[0].message, /\$BUILD_IMAGE is not set for template \.build: a job of another file of \.gitlab-ci\.yml and the files it includes that extends \.build may set it, and docker-pin reads a template only with the jobs of its own file/);
    const alone = scanGitlabCi(text);
    assert.match(alone.problems[0].message, /\$BUILD_IMAGE is not set for template \.build: a job of another file that extends \.build may set it/);
  });

  it('a variable the pipelines give different values is a conflict naming each, never one of them', () => {
    const conflict = '$BUILD_IMAGE is "a:1" (set in x.yml) in the pipeline of x.yml and "b:1" (set in y.yml) in the pipeline of y.yml';
    const result = scanGitlabCi(BUILD, pipeline({ BUILD_IMAGE: { value: { unknown: conflict }, raw: false, conflict } }));
    assert.deepEqual(result.images, []);
    assert.deepEqual(result.problems.map((p) => [p.kind, p.range.start.line]), [['conflict', 1]]);
    assert.ok(result.problems[0].message.includes(conflict), result.problems[0].message);
    // With another variable no file defines, it cannot be worked out at all: unresolved.
    const both = scanGitlabCi('build:\n  image: $REG/$BUILD_IMAGE\n', pipeline({ BUILD_IMAGE: { value: { unknown: conflict }, raw: false, conflict } }));
    assert.deepEqual(both.problems.map((p) => p.kind), ['unresolved']);
  });

  it("a value other files use as their image takes the platforms they run it on (image:docker:platform); several: every one", () => {
    const text = 'variables:\n  BUILD_IMAGE: golang:1.22\n';
    const arm = { os: 'linux', architecture: 'arm64' };
    const one = scanGitlabCi(text, pipeline({ BUILD_IMAGE: { value: { text: 'golang:1.22' }, raw: false, imageElsewhere: true, elsewherePlatforms: [arm] } }));
    assert.deepEqual(one.images.map((o) => [o.expanded, o.platform, o.platforms]), [['golang:1.22', arm, undefined]]);
    const two = scanGitlabCi(text, pipeline({ BUILD_IMAGE: { value: { text: 'golang:1.22' }, raw: false, imageElsewhere: true, elsewherePlatforms: [arm, undefined] } }));
    assert.deepEqual(two.images.map((o) => [o.platform, o.platforms]), [[undefined, [arm, undefined]]]);
    // A job here that uses it too: its pin is the value's, which serves them all.
    const own = scanGitlabCi(`${text}test:\n  image: $BUILD_IMAGE\n`, pipeline({ BUILD_IMAGE: { value: { text: 'golang:1.22' }, raw: false, imageElsewhere: true, elsewherePlatforms: [arm] } }));
    assert.deepEqual(own.images.map((o) => [o.line, o.valueAt?.platforms]), [[4, [arm, undefined]]]);
  });

  it('gitlabFileFacts: includes, top-level variables with why a value cannot take a pin, images written as one variable, other uses', () => {
    const text = [
      'include:',
      '  - local: /ci/a.yml',
      'variables:',
      '  BUILD_IMAGE: golang:1.22',
      '  CHOICE: {value: alpine:3.20, options: [alpine:3.20, alpine:3.19]}',
      'build:',
      '  image: $BUILD_IMAGE',
      '  services: [$DB_IMAGE]',
      '  script: [echo ${TAG}]',
      '',
    ].join('\n');
    const facts = gitlabFileFacts(text);
    assert.deepEqual(facts.includes.map((l) => l.path), ['/ci/a.yml']);
    assert.deepEqual([...facts.variables.keys()], ['BUILD_IMAGE', 'CHOICE']);
    assert.equal(facts.variables.get('BUILD_IMAGE')?.refused, undefined);
    assert.match(facts.variables.get('CHOICE')?.refused ?? '', /lists options/);
    assert.deepEqual([...facts.soleImages.keys()].sort(), ['BUILD_IMAGE', 'DB_IMAGE']);
    assert.deepEqual([...facts.otherUses], [['TAG', 9]]);
  });

  it('gitlabFileFacts: the platforms the jobs run an image written as one variable on, and one it cannot work out', () => {
    const text = [
      'a:',
      '  image: {name: $BUILD_IMAGE, docker: {platform: linux/arm64}}',
      'b:',
      '  image: $BUILD_IMAGE',
      'c:',
      '  image: {name: $OTHER, docker: {platform: $PLATFORM}}',
      '',
    ].join('\n');
    const facts = gitlabFileFacts(text);
    assert.deepEqual(facts.soleImages.get('BUILD_IMAGE'), { platforms: [{ os: 'linux', architecture: 'arm64' }, undefined] });
    assert.deepEqual(facts.soleImages.get('OTHER')?.platforms, []);
    assert.match(facts.soleImages.get('OTHER')?.unknown ?? '', /docker:platform of c \(line 6\) cannot be worked out there/);
  });

  it('a template jobs of other files extend, setting a variable its image uses, is not read with the value its own file gives that variable', () => {
    const text = 'variables:\n  V: "18"\n.build:\n  image: node:$V\n.lint:\n  image: $LINT_IMAGE\nown:\n  extends: .build\n';
    const extenders = new Map([
      ['.build', [{ job: 'job build of ci/jobs.yml', names: ['V'] }]],
      ['.lint', [{ job: 'job lint of ci/jobs.yml', names: [] }]],
    ]);
    const variables = { V: { value: { text: '18' }, raw: false }, LINT_IMAGE: { value: { text: 'hadolint/hadolint:v2' }, raw: false, definedIn: 'ci/common.yml' } };
    const result = scanGitlabCi(text, { pipeline: { ...pipeline(variables).pipeline, extenders } });
    // The job of this file still reads it with 18, the other file's job with its own V: one line, no single image.
    assert.deepEqual(result.problems.map((p) => [p.kind, p.range.start.line + 1]), [['unresolved', 4]]);
    assert.match(result.problems[0].message, /\$V may have another value in template \.build: job build of ci\/jobs\.yml, which extends it, sets V, and docker-pin reads a template only with the jobs of its own file/);
    // A job that extends a template setting no variable of its own leaves it read as before.
    assert.deepEqual(result.images, []);
    assert.deepEqual(scanGitlabCi(text, pipeline(variables)).images.map((o) => o.expanded), ['node:18']);
  });

  it('gitlabFileFacts: the templates its jobs extend that it does not define, with the variables each job sets (its own, its rules\', its matrix\')', () => {
    const text = [
      '.local:',
      '  variables: { FROM_LOCAL: "1" }',
      'a:',
      '  extends: [.local, .remote]',
      '  variables: { V: "20" }',
      '  rules:',
      '    - if: $X',
      '      variables: { R: "1" }',
      '  parallel:',
      '    matrix:',
      '      - M: [x, y]',
      'b:',
      '  extends: .remote',
      'c:',
      '  extends: .local',
      '',
    ].join('\n');
    assert.deepEqual([...gitlabFileFacts(text).extenders], [
      ['.remote', [
        { job: 'a', names: ['FROM_LOCAL', 'V', 'R', 'M'] },
        { job: 'b', names: [] },
      ]],
    ]);
  });
});
