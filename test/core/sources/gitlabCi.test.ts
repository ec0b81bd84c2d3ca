import * as assert from 'node:assert/strict';
import { scanGitlabCi } from '../../../src/core/sources/gitlabCi';
import { D1, pinAll, problemViews, views } from './helpers';

/** One-based line of the first line holding `needle` (after `from`, when given). */
function lineOf(text: string, needle: string, from = ''): number {
  const index = text.indexOf(needle, text.indexOf(from));
  assert.ok(index >= 0, `fixture holds ${needle}`);
  return text.slice(0, index).split('\n').length;
}

// A pipeline as teams write them: variables at the top level (plain and in `value:` form) and in
// jobs, `default:`, hidden templates used through `extends`, an anchor and `!reference`, services
// in both forms, a predefined variable, a parent from another file, a repeated key.
const PIPELINE = `# Pipeline of the web application
stages: [build, test, release]

include:
  - local: /ci/templates.gitlab-ci.yml
  - template: Security/SAST.gitlab-ci.yml
  - project: acme/shared-ci
    file: /templates/deploy.yml
  - remote: https://example.com/ci/common.yml
  - ci/extra.yml

variables:
  NODE_IMAGE: node:20-alpine
  POSTGRES_VERSION: "16"
  DIND_VERSION:
    value: "27.3"
    description: Docker version used to build images
  PYTHON_IMAGE: 'python:3.12-slim'
  MIRROR: mirror.gcr.io/library
  REDIS_IMAGE: $MIRROR/redis:7.4
  GO_VERSION: 1.20
  GIT_DEPTH: 10

default:
  image: $NODE_IMAGE
  services:
    - postgres:\${POSTGRES_VERSION}-alpine

.docker:
  image: docker:\${DIND_VERSION}
  services:
    - name: docker:\${DIND_VERSION}-dind
      alias: docker
  variables:
    DOCKER_TLS_CERTDIR: "/certs"

.python: &python
  image:
    name: $PYTHON_IMAGE
    entrypoint: [""]
  before_script: !reference [.setup, script]

.setup:
  script:
    - pip install -r requirements.txt

build:
  stage: build
  extends: .docker
  script:
    - docker build -t "$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA" .

test:unit:
  stage: test
  script: npm test

test:py:
  extends: .python
  services: []
  script: pytest

test:py-3.11:
  extends: .python
  variables:
    PYTHON_IMAGE: python:3.11-slim
  services: []
  script: pytest

test:cache:
  image: "alpine:3.20"
  services:
    - redis:7
    - name: $REDIS_IMAGE
      alias: cache
  script: ./test-cache.sh

test:go:
  image: golang:$GO_VERSION
  services: []
  script: go test ./...

test:arm:
  image:
    name: alpine:3.20
    docker:
      platform: linux/arm64
  inherit:
    default: false
  script: uname -m

lint:
  <<: *python
  image: !reference [.python, image]
  services: []
  script: ruff check

release:
  stage: release
  image: $CI_REGISTRY_IMAGE/release-tools:latest
  inherit:
    default: [image]
  script: ./release.sh

deploy:
  extends: .deploy-from-shared
  image: $NODE_IMAGE
  script: ./deploy.sh

pages:
  image: busybox:1.36
  image: busybox:1.37
  services: []
  script: mkdir public
`;

/** Images and problems of a small file, as a user meets them. */
function scan(text: string) {
  const result = scanGitlabCi(text);
  return { images: views(text, result), problems: problemViews(text, result.problems) };
}

describe('core/sources/gitlabCi', () => {
  describe('a realistic pipeline', () => {
    const result = scanGitlabCi(PIPELINE);

    it('finds each image once, where it is written, expanded with the variables of the jobs that use it', () => {
      assert.deepEqual(
        views(PIPELINE, result).map(({ source, written, expanded, line, platform }) => ({ source, written, expanded, line, ...(platform ? { platform } : {}) })),
        [
          { source: 'image', written: '$NODE_IMAGE', expanded: 'node:20-alpine', line: lineOf(PIPELINE, 'image: $NODE_IMAGE') },
          { source: 'image', written: 'docker:${DIND_VERSION}', expanded: 'docker:27.3', line: lineOf(PIPELINE, 'image: docker:') },
          { source: 'service', written: 'docker:${DIND_VERSION}-dind', expanded: 'docker:27.3-dind', line: lineOf(PIPELINE, '-dind') },
          // One template, two values: each job's value takes its own pin.
          { source: 'image', written: '$PYTHON_IMAGE', expanded: 'python:3.12-slim', line: lineOf(PIPELINE, 'name: $PYTHON_IMAGE') },
          { source: 'image', written: '$PYTHON_IMAGE', expanded: 'python:3.11-slim', line: lineOf(PIPELINE, 'name: $PYTHON_IMAGE') },
          { source: 'image', written: '"alpine:3.20"', expanded: 'alpine:3.20', line: lineOf(PIPELINE, '"alpine:3.20"') },
          { source: 'service', written: 'redis:7', expanded: 'redis:7', line: lineOf(PIPELINE, '- redis:7') },
          { source: 'service', written: '$REDIS_IMAGE', expanded: 'mirror.gcr.io/library/redis:7.4', line: lineOf(PIPELINE, 'name: $REDIS_IMAGE') },
          // GitLab reads YAML 1.1: `GO_VERSION: 1.20` is the number 1.2, and that is what the runner pulls.
          { source: 'image', written: 'golang:$GO_VERSION', expanded: 'golang:1.2', line: lineOf(PIPELINE, 'golang:') },
          {
            source: 'image',
            written: 'alpine:3.20',
            expanded: 'alpine:3.20',
            line: lineOf(PIPELINE, 'name: alpine:3.20'),
            platform: { os: 'linux', architecture: 'arm64' },
          },
          // A repeated key: the last one is what GitLab runs.
          { source: 'image', written: 'busybox:1.37', expanded: 'busybox:1.37', line: lineOf(PIPELINE, 'busybox:1.37') },
        ],
      );
      assert.ok(result.images.every((occ) => occ.fileKind === 'gitlab-ci'));
    });

    it('an image written as exactly one variable takes its pin in the variables: entry each job reads', () => {
      const byValue = views(PIPELINE, result)
        .filter((v) => v.valueAt !== undefined || v.valueRefused !== undefined)
        .map(({ written, expanded, valueAt, valueRefused }) => ({ written, expanded, valueAt, valueRefused }));
      assert.deepEqual(byValue, [
        { written: '$NODE_IMAGE', expanded: 'node:20-alpine', valueAt: 'node:20-alpine', valueRefused: undefined },
        { written: '$PYTHON_IMAGE', expanded: 'python:3.12-slim', valueAt: "'python:3.12-slim'", valueRefused: undefined },
        { written: '$PYTHON_IMAGE', expanded: 'python:3.11-slim', valueAt: 'python:3.11-slim', valueRefused: undefined },
        {
          written: '$REDIS_IMAGE',
          expanded: 'mirror.gcr.io/library/redis:7.4',
          valueAt: undefined,
          valueRefused: `the value of REDIS_IMAGE (line ${lineOf(PIPELINE, 'REDIS_IMAGE:')}) is built from other variables`,
        },
      ]);
      const python = result.images.filter((occ) => occ.valueAt?.name === 'PYTHON_IMAGE');
      // test:py and lint read the top-level value, test:py-3.11 its own; none declares a platform.
      assert.deepEqual(
        python.map((occ) => [occ.valueAt?.range.start.line, occ.valueAt?.platforms]),
        [
          [lineOf(PIPELINE, "PYTHON_IMAGE: 'python") - 1, [undefined, undefined]],
          [lineOf(PIPELINE, 'PYTHON_IMAGE: python:3.11') - 1, [undefined]],
        ],
      );
    });

    it('reports what cannot be worked out here, naming the variable, the job and the way out', () => {
      const problems = problemViews(PIPELINE, result.problems);
      assert.deepEqual(
        problems.map(({ kind, written, line }) => ({ kind, written, line })),
        [
          { kind: 'unresolved', written: 'postgres:${POSTGRES_VERSION}-alpine', line: lineOf(PIPELINE, 'postgres:') },
          { kind: 'unresolved', written: '$CI_REGISTRY_IMAGE/release-tools:latest', line: lineOf(PIPELINE, 'release-tools') },
          { kind: 'unresolved', written: '$NODE_IMAGE', line: lineOf(PIPELINE, 'image: $NODE_IMAGE', 'deploy:') },
        ],
      );
      assert.match(problems[0].message, /\(jobs test:unit, deploy\).*\$POSTGRES_VERSION may have another value in job deploy: it extends \.deploy-from-shared, which is not in this file/);
      assert.match(problems[1].message, /\$CI_REGISTRY_IMAGE is a predefined CI\/CD variable, known only when the pipeline runs/);
      for (const p of problems) assert.match(p.message, /--allow-unresolved/);
    });

    it('returns the local includes for the engine to follow, relative to the repository root', () => {
      assert.deepEqual(
        result.linked?.map((l) => [l.path, l.kind, l.relativeTo, l.line]),
        [
          ['/ci/templates.gitlab-ci.yml', 'gitlab-ci', 'repository', lineOf(PIPELINE, '- local:')],
          ['ci/extra.yml', 'gitlab-ci', 'repository', lineOf(PIPELINE, '- ci/extra.yml')],
        ],
      );
    });

    it('CRLF gives the same images and problems', () => {
      const crlf = PIPELINE.replace(/\n/g, '\r\n');
      const again = scanGitlabCi(crlf);
      assert.deepEqual(views(crlf, again), views(PIPELINE, result));
      assert.deepEqual(
        problemViews(crlf, again.problems).map((p) => [p.written, p.line, p.message]),
        problemViews(PIPELINE, result.problems).map((p) => [p.written, p.line, p.message]),
      );
    });
  });

  it('pins images written out where they stand, quotes, comments and CRLF kept', () => {
    const text = [
      'image: ruby:3.3 # global',
      'services:',
      '  - name: "postgres:16"',
      '    alias: db',
      '.t: &t',
      "  image: 'node:20'",
      'a:',
      '  <<: *t',
      '  script: [x]',
      'b:',
      '  extends: .t',
      '  services: [redis:7, {name: "memcached:1.6"}]',
      '  script: [x]',
      '',
    ].join('\r\n');
    const result = scanGitlabCi(text);
    assert.deepEqual(
      result.images.map((occ) => occ.expanded),
      ['ruby:3.3', 'postgres:16', 'node:20', 'redis:7', 'memcached:1.6'],
    );
    const pinned = pinAll(text, result, D1);
    assert.equal(
      pinned,
      text
        .replace('ruby:3.3', `ruby:3.3@${D1}`)
        .replace('"postgres:16"', `"postgres:16@${D1}"`)
        .replace("'node:20'", `'node:20@${D1}'`)
        .replace('redis:7,', `redis:7@${D1},`)
        .replace('"memcached:1.6"', `"memcached:1.6@${D1}"`),
    );
    assert.equal(pinAll(pinned, scanGitlabCi(pinned), D1), pinned);
  });

  it('an image written as one variable is pinned in the variables: entry each job reads, once for all its uses', () => {
    const text = [
      'variables:',
      '  NODE_IMAGE: node:20-alpine   # the runtime',
      "  PY: 'python:3.12-slim'",
      '.py:',
      '  image: $PY',
      'a:',
      '  image: $NODE_IMAGE',
      'b:',
      '  services: [ "${NODE_IMAGE}" ]',
      'c:',
      '  extends: .py',
      'd:',
      '  extends: .py',
      '  variables:',
      '    PY: "python:3.11-slim"',
      '',
    ].join('\r\n');
    const result = scanGitlabCi(text);
    const pinned = pinAll(text, result, D1);
    assert.equal(
      pinned,
      text
        .replace('node:20-alpine   #', `node:20-alpine@${D1}   #`)
        .replace("'python:3.12-slim'", `'python:3.12-slim@${D1}'`)
        .replace('"python:3.11-slim"', `"python:3.11-slim@${D1}"`),
    );
    // Read again, each use resolves to the pinned value, and a second pin changes nothing.
    const again = scanGitlabCi(pinned);
    assert.deepEqual(
      again.images.map((occ) => occ.expanded),
      [`python:3.12-slim@${D1}`, `python:3.11-slim@${D1}`, `node:20-alpine@${D1}`, `node:20-alpine@${D1}`],
    );
    assert.equal(pinAll(pinned, again, D1), pinned);
  });

  describe('extends', () => {
    it('follows chains: the image of one template, the variables of another', () => {
      const text = '.base:\n  image: $IMG:$TAG\n.mid:\n  extends: .base\n  variables:\n    TAG: "3.20"\njob:\n  extends: .mid\n  variables:\n    IMG: alpine\n  script: [x]\n';
      const { images, problems } = scan(text);
      assert.deepEqual(images.map((v) => [v.written, v.expanded, v.line]), [['$IMG:$TAG', 'alpine:3.20', 2]]);
      assert.deepEqual(problems, []);
    });

    it('of several parents the last wins, and a parent\'s variables merge key by key under the job\'s own', () => {
      const text = [
        '.x:',
        '  image: x:1',
        '  variables: { A: a-from-x, B: b-from-x }',
        '.y:',
        '  image: y:1',
        '  variables: { B: b-from-y }',
        'job:',
        '  extends: [.x, .y]',
        '  services: [ "svc-$A-$B:1" ]',
        '  script: [x]',
        '',
      ].join('\n');
      const { images } = scan(text);
      // x:1 is used by no job but stays where it is written, pinned there.
      assert.deepEqual(images.map((v) => [v.written, v.expanded]), [
        ['x:1', 'x:1'],
        ['y:1', 'y:1'],
        ['"svc-$A-$B:1"', 'svc-a-from-x-b-from-y:1'],
      ]);
    });

    it('a template whose jobs see different values for a built reference is reported, not guessed', () => {
      const text = '.node:\n  image: node:$NODE\nn18:\n  extends: .node\n  variables: { NODE: "18" }\nn20:\n  extends: .node\n  variables: { NODE: "20" }\n';
      const { images, problems } = scan(text);
      assert.deepEqual(images, []);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].kind, 'unresolved');
      assert.equal(problems[0].written, 'node:$NODE');
      assert.match(problems[0].message, /node:\$NODE is not one image: the jobs that use it see different values \(node:18 in job n18; node:20 in job n20\), and one digest written here cannot serve them all/);
    });

    it('a parent that is not in this file leaves the variables it may set unknown', () => {
      const text = 'variables:\n  IMG: alpine:3\njob:\n  extends: .from-include\n  image: $IMG\n';
      const [problem] = scan(text).problems;
      assert.equal(problem.kind, 'unresolved');
      assert.match(problem.message, /\$IMG may have another value in job job: it extends \.from-include, which is not in this file/);
    });

    it('a job without an image of its own that extends a template no file read defines (include: project, remote, template, component) is unresolved where the template is named, once for all its jobs', () => {
      // The shape of freedesktop's and GNOME's ci-templates: the image comes from a template another project holds.
      const text = [
        'include:',
        '  - project: freedesktop/ci-templates',
        '    file: /templates/fedora.yml',
        '.build:',
        '  extends:',
        '    - .fdo.distribution-image@fedora',
        '  stage: build',
        'build:',
        '  extends: .build',
        '  script: [make]',
        'check:',
        '  extends: [.build]',
        '  script: [make check]',
        'own:',
        '  extends: .fdo.distribution-image@fedora',
        '  image: fedora:40',
        '  script: [true]',
        'pages:',
        '  script: [ls]',
        '',
      ].join('\n');
      const { images, problems } = scan(text);
      assert.deepEqual(images.map((i) => [i.line, i.written]), [[16, 'fedora:40']]);
      assert.deepEqual(
        problems.map((p) => [p.kind, p.line, p.written, p.message]),
        [
          [
            'unresolved',
            6,
            '.fdo.distribution-image@fedora',
            'jobs build, check extend .fdo.distribution-image@fedora, which is not in the files docker-pin reads (an include: of another project, a URL, a template or a component may define it, and docker-pin does not fetch those): the images they run come from there and are not checked; give them an image: of their own, or accept this with --allow-unresolved',
          ],
        ],
      );
    });

    it('an extends loop ends, naming where it loops', () => {
      const text = 'variables:\n  X: alpine:3\n.a:\n  extends: .b\n  image: $X\n.b:\n  extends: .a\nj:\n  extends: .a\n';
      const { problems } = scan(text);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].kind, 'unresolved');
      assert.match(problems[0].message, /\$X may have another value in job j: its extends chain loops back to \.a \(GitLab refuses such a file\)/);
    });
  });

  describe('variables', () => {
    it('a job\'s own value overrides the top-level one, per job', () => {
      const text = 'variables:\n  TAG: "1"\na:\n  image: app:$TAG\n  script: [x]\nb:\n  variables:\n    TAG: "1"\n  image: tool:$TAG\n';
      assert.deepEqual(scan(text).images.map((v) => v.expanded), ['app:1', 'tool:1']);
    });

    it('a variable also used elsewhere (a script, a rule) keeps the pin on the line, saying why', () => {
      const text = 'variables:\n  IMAGE: alpine:3.20\njob:\n  image: $IMAGE\n  script:\n    - docker pull ${IMAGE}\n';
      const [occ] = scan(text).images;
      assert.equal(occ.valueAt, undefined);
      assert.equal(occ.valueRefused, 'IMAGE is also used on line 6, so its value cannot take the pin');
    });

    it('a variable with options keeps the pin on the line: its value must stay one of them', () => {
      const text = 'variables:\n  IMAGE:\n    value: alpine:3.20\n    options: [alpine:3.20, alpine:3.19]\njob:\n  image: ${IMAGE}\n';
      const [occ] = scan(text).images;
      assert.equal(occ.expanded, 'alpine:3.20');
      assert.match(occ.valueRefused ?? '', /IMAGE \(line 3\) lists options its value must be one of/);
    });

    it('a value in value: form takes the pin in its value', () => {
      const text = 'variables:\n  IMAGE:\n    value: "alpine:3.20"\n    description: base\njob:\n  image: ${IMAGE}\n';
      const [occ] = scan(text).images;
      assert.equal(occ.valueAt, '"alpine:3.20"');
    });

    it('values naming other variables are expanded recursively, as GitLab expands them', () => {
      const text = 'variables:\n  REG: registry.example.com\n  REPO: $REG/team\n  IMG: ${REPO}/app\njob:\n  image: $IMG:1.0\n';
      assert.deepEqual(scan(text).images.map((v) => [v.expanded, v.line]), [['registry.example.com/team/app:1.0', 6]]);
    });

    it('expand: false keeps a value as written', () => {
      const text = 'variables:\n  TAG:\n    value: "$1"\n    expand: false\njob:\n  image: app:x$TAG\n';
      const [problem] = scan(text).problems;
      assert.equal(problem.kind, 'invalid');
      assert.match(problem.message, /app:x\$1/);
    });

    it('a variable referring to itself is reported', () => {
      const text = 'variables:\n  A: $B\n  B: $A\njob:\n  image: x:$A\n';
      assert.match(scan(text).problems[0].message, /refers to itself \(A → B → A\)/);
    });

    it('inherit:variables false or a list leaves the others out', () => {
      const text = 'variables:\n  A: "1"\n  B: "2"\nj1:\n  inherit: { variables: false }\n  image: a:$A\nj2:\n  inherit:\n    variables: [B]\n  image: a:$A-$B\n';
      const problems = scan(text).problems;
      assert.equal(problems.length, 2);
      for (const p of problems) assert.match(p.message, /\$A is not passed to job j\d \(its inherit:variables leaves it out\)/);
    });

    it('a name the file does not define may come from elsewhere: unresolved, never the empty string the runner would make it', () => {
      const text = 'job:\n  image: $BASE_IMAGE\n';
      const [problem] = scan(text).problems;
      assert.equal(problem.kind, 'unresolved');
      assert.match(problem.message, /\$BASE_IMAGE is not defined in this file's variables \(it may come from an included or including file, or the project's CI\/CD settings\)/);
    });

    it('a quoted name the file does not define is reported at its value, inside the quotes', () => {
      const problems = scanGitlabCi('job:\n  image: "$BASE_IMAGE"\n  services:\n    - name: \'${DB}:16\'\n').problems;
      assert.deepEqual(
        problems.map((p) => [p.text, p.range.start.line, p.range.start.character]),
        [
          ['$BASE_IMAGE', 1, 10],
          ['${DB}:16', 3, 13],
        ],
      );
    });

    it('${NAME:-default} is not GitLab syntax', () => {
      const [problem] = scan('job:\n  image: ${IMAGE:-alpine}\n').problems;
      assert.match(problem.message, /\$\{IMAGE:-alpine\} is not a variable name/);
    });

    it('variables: !reference takes another part\'s variables, or leaves them unknown when it cannot be followed', () => {
      const text = [
        'variables:',
        '  IMG: alpine:3',
        '.vars:',
        '  variables:',
        '    IMG: debian:12',
        'ok:',
        '  variables: !reference [.vars, variables]',
        '  image: $IMG',
        'bad:',
        '  variables: !reference [.remote, variables]',
        '  image: $IMG',
        '',
      ].join('\n');
      const { images, problems } = scan(text);
      assert.deepEqual(images.map((v) => [v.line, v.expanded, v.valueAt]), [[8, 'debian:12', 'debian:12']]);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].line, 11);
      assert.match(problems[0].message, /\$IMG may have another value in job bad: its variables: !reference \[\.remote, variables\] cannot be followed here: \.remote is not in this file/);
    });

    it('a rule\'s variables give the job another image when that rule matches: each value is an image of the job, with its own pin', () => {
      const text = [
        'variables:',
        '  IMAGE: alpine:3.20',
        'build:',
        '  image: $IMAGE',
        '  services: [postgres:$PG]',
        '  variables:',
        '    PG: "16"',
        '  rules:',
        '    - if: $CI_COMMIT_TAG',
        '      variables:',
        '        IMAGE: alpine:3.19',
        '    - if: $NIGHTLY',
        '      variables: { PG: "17" }',
        '    - if: $SKIP',
        '      when: never',
        '      variables: { IMAGE: never:1 }',
        '    - when: on_success',
        '  script: [make]',
        '',
      ].join('\n');
      const { images, problems } = scan(text);
      assert.deepEqual(
        images.map((v) => [v.line, v.expanded, v.valueAt]),
        [
          [4, 'alpine:3.20', 'alpine:3.20'],
          [4, 'alpine:3.19', 'alpine:3.19'],
        ],
      );
      // The service reads PG, which one rule changes: one line, two images, no single pin.
      assert.deepEqual(problems.map((p) => [p.kind, p.line]), [['unresolved', 5]]);
      assert.match(problems[0].message, /\(postgres:16 in job build, build when its rule on line 9 matches; postgres:17 in job build when its rule on line 12 matches\)/);
    });

    it('when every rule that runs the job sets the variable, the job\'s own value is never its image', () => {
      const text = [
        'variables:',
        '  IMAGE: alpine:3.20',
        'job:',
        '  image: $IMAGE',
        '  rules:',
        '    - if: $A',
        '      variables: { IMAGE: "debian:12" }',
        '    - if: $B',
        '      variables: { IMAGE: "debian:13" }',
        '',
      ].join('\n');
      assert.deepEqual(scan(text).images.map((v) => [v.expanded, v.valueAt]), [
        ['debian:12', '"debian:12"'],
        ['debian:13', '"debian:13"'],
      ]);
    });

    it('workflow:rules:variables override the top-level variables for every job, and a job\'s own variables override them', () => {
      const text = [
        'variables:',
        '  BASE: alpine:3.20',
        'workflow:',
        '  rules:',
        '    - if: $CI_COMMIT_TAG',
        '      variables:',
        '        BASE: alpine:3.19',
        '    - when: always',
        'a:',
        '  image: $BASE',
        'b:',
        '  variables: { BASE: "busybox:1.37" }',
        '  image: $BASE',
        '',
      ].join('\n');
      assert.deepEqual(scan(text).images.map((v) => [v.line, v.expanded, v.valueAt]), [
        [10, 'alpine:3.20', 'alpine:3.20'],
        [10, 'alpine:3.19', 'alpine:3.19'],
        [13, 'busybox:1.37', '"busybox:1.37"'],
      ]);
    });

    it('a repeated variable: the last value counts', () => {
      const text = 'variables:\n  TAG: "1"\n  TAG: "2"\njob:\n  image: app:$TAG\n';
      assert.deepEqual(scan(text).images.map((v) => v.expanded), ['app:2']);
    });

    it('a user variable named like a predefined one is known', () => {
      const text = 'variables:\n  CI_IMAGE: registry.example.com/ci:1\njob:\n  image: $CI_IMAGE\n';
      assert.deepEqual(scan(text).images.map((v) => [v.expanded, v.valueAt]), [['registry.example.com/ci:1', 'registry.example.com/ci:1']]);
    });
  });

  describe('parallel:matrix', () => {
    it('an image written as a matrix variable is each value the matrix gives, pinned in the matrix list', () => {
      const text = [
        'variables:',
        '  IMG: ruby:3.3',
        'test:',
        '  image: $IMG',
        '  variables:',
        '    IMG: node:20',
        '  parallel:',
        '    matrix:',
        '      - IMG: [alpine:3.19, "debian:12"]',
        '      - IMG: busybox:1.36',
        '  script: [make]',
        '',
      ].join('\n');
      const result = scanGitlabCi(text);
      assert.deepEqual(
        views(text, result).map((v) => [v.line, v.expanded, v.valueAt]),
        [
          [4, 'alpine:3.19', 'alpine:3.19'],
          [4, 'debian:12', '"debian:12"'],
          [4, 'busybox:1.36', 'busybox:1.36'],
        ],
      );
      assert.deepEqual(result.problems, []);
      const pinned = pinAll(text, result, D1);
      assert.equal(
        pinned,
        text.replace('alpine:3.19', `alpine:3.19@${D1}`).replace('"debian:12"', `"debian:12@${D1}"`).replace('busybox:1.36', `busybox:1.36@${D1}`),
      );
      assert.equal(pinAll(pinned, scanGitlabCi(pinned), D1), pinned);
    });

    it('a matrix variable in part of an image gives the line one image per value, over the job\'s own value, and is not one image to pin', () => {
      const text = [
        'test:',
        '  image: python:$PY',
        '  variables: { PY: "3.11" }',
        '  parallel:',
        '    matrix:',
        '      - PY: ["3.10", "3.12"]',
        '        DB: [pg, mysql]',
        '',
      ].join('\n');
      const { images, problems } = scan(text);
      assert.deepEqual(images, []);
      assert.deepEqual(problems.map((p) => [p.kind, p.line]), [['unresolved', 2]]);
      assert.match(problems[0].message, /\(python:3\.10 in jobs test: \[3\.10, pg\], test: \[3\.10, mysql\]; python:3\.12 in jobs test: \[3\.12, pg\], test: \[3\.12, mysql\]\)/);
      assert.match(problems[0].message, /Write the whole images in the parallel:matrix \(IMAGE: \[python:3\.10, python:3\.12\]\) and write the image as \$IMAGE alone/);
    });

    it('a matrix from a template the job extends applies, and a rule\'s variables win over it when the rule matches', () => {
      const text = [
        '.versions:',
        '  parallel:',
        '    matrix:',
        '      - PG: ["15", "16"]',
        'test:',
        '  extends: .versions',
        '  services: [postgres:$PG]',
        '  rules:',
        '    - if: $NIGHTLY',
        '      variables: { PG: "17" }',
        '    - when: on_success',
        '',
      ].join('\n');
      const { images, problems } = scan(text);
      assert.deepEqual(images, []);
      assert.deepEqual(problems.map((p) => [p.kind, p.line]), [['unresolved', 7]]);
      assert.match(problems[0].message, /postgres:15 in job test: \[15\]; postgres:16 in job test: \[16\]; postgres:17 in jobs test: \[15\] when its rule on line 9 matches, test: \[16\] when its rule on line 9 matches\)/);
    });

    it('a matrix value another job names the matrix job by (needs:parallel:matrix) takes no pin', () => {
      const text = [
        'build:',
        '  image: $IMG',
        '  parallel:',
        '    matrix:',
        '      - IMG: [alpine:3.19, debian:12]',
        'deploy:',
        '  image: alpine:3.20',
        '  needs:',
        '    - job: build',
        '      parallel:',
        '        matrix:',
        '          - IMG: alpine:3.19',
        '',
      ].join('\n');
      const { images, problems } = scan(text);
      assert.deepEqual(images.map((v) => [v.line, v.expanded]), [[7, 'alpine:3.20']]);
      assert.deepEqual(problems.map((p) => [p.kind, p.line]), [['unresolved', 2]]);
      assert.match(
        problems[0].message,
        /Each value would take its own pin, but the parallel:matrix value alpine:3\.19 of IMG \(line 5\) is also written on line 12, where a job names this one by it, so it cannot take the pin$/,
      );
      // Named by no other job, one value takes its pin.
      const single = text.replace('[alpine:3.19, debian:12]', '[debian:12]');
      assert.deepEqual(scan(single).images.map((v) => [v.line, v.expanded, v.valueAt]), [[2, 'debian:12', 'debian:12'], [7, 'alpine:3.20', undefined]]);
      const named = text.replace('[alpine:3.19, debian:12]', '[alpine:3.19]');
      assert.deepEqual(scan(named).images.map((v) => [v.expanded, v.valueRefused]), [
        ['alpine:3.19', 'the parallel:matrix value alpine:3.19 of IMG (line 5) is also written on line 12, where a job names this one by it, so it cannot take the pin'],
        ['alpine:3.20', undefined],
      ]);
    });

    it('a matrix this file cannot read leaves the variables it may set unknown', () => {
      const text = [
        'variables: { IMG: alpine:3.20 }',
        'test:',
        '  image: $IMG',
        '  parallel:',
        '    matrix: !reference [.remote, matrix]',
        '',
      ].join('\n');
      const { images, problems } = scan(text);
      assert.deepEqual(images, []);
      assert.deepEqual(problems.map((p) => [p.kind, p.line]), [['unresolved', 3]]);
      assert.match(problems[0].message, /\$IMG may have another value in job test: its parallel:matrix: !reference \[\.remote, matrix\] cannot be followed here/);
    });

    it('parallel: with a number makes no matrix variables', () => {
      const text = 'variables: { IMG: alpine:3.20 }\ntest:\n  image: $IMG\n  parallel: 3\n';
      assert.deepEqual(scan(text).images.map((v) => [v.expanded, v.valueAt]), [['alpine:3.20', 'alpine:3.20']]);
    });
  });

  describe('default, inherit and services', () => {
    it('default: and the old top-level image fill in what a job lacks, as far as inherit:default lets them', () => {
      const text = [
        'default:',
        '  image: ruby:3.3',
        'services: [postgres:16]',
        'a:',
        '  script: [x]',
        'b:',
        '  inherit: { default: false }',
        '  script: [x]',
        'c:',
        '  inherit:',
        '    default: [services]',
        '  image: node:20',
        '  script: [x]',
        '',
      ].join('\n');
      const { images } = scan(text);
      assert.deepEqual(images.map((v) => [v.source, v.expanded, v.line]), [
        ['image', 'ruby:3.3', 2],
        ['service', 'postgres:16', 3],
        ['image', 'node:20', 12],
      ]);
    });

    it('!reference splices another part of the file in, lists included', () => {
      const text = [
        '.svc:',
        '  services:',
        '    - redis:7',
        '    - name: postgres:16',
        'job:',
        '  services:',
        '    - !reference [.svc, services]',
        '    - memcached:1.6',
        '  image: !reference [.base, image]',
        '.base:',
        '  image: { name: "alpine:3.20" }',
        '',
      ].join('\n');
      const { images, problems } = scan(text);
      assert.deepEqual(problems, []);
      assert.deepEqual(images.map((v) => [v.written, v.line]), [
        ['redis:7', 3],
        ['postgres:16', 4],
        ['memcached:1.6', 8],
        ['"alpine:3.20"', 11],
      ]);
    });

    it('a !reference this file cannot follow is reported at the tag', () => {
      const text = 'job:\n  image: !reference [.shared, image]\n  script: [x]\n';
      const [problem] = scan(text).problems;
      assert.equal(problem.kind, 'unresolved');
      assert.equal(problem.written, '[.shared, image]');
      assert.match(problem.message, /!reference \[\.shared, image\] cannot be followed here: \.shared is not in this file \(it may come from an included file\)/);
    });

    it('a services entry in docker:platform form carries its platform', () => {
      const text = 'job:\n  services:\n    - name: postgres:16\n      docker: { platform: linux/arm/v7 }\n';
      assert.deepEqual(scan(text).images[0].platform, { os: 'linux', architecture: 'arm', variant: 'v7' });
    });

    it('one written image run for different platforms by its jobs is one occurrence with every platform: only the index fits them all', () => {
      const text = [
        '.base:',
        '  image: { name: "alpine:3.20" }',
        'arm:',
        '  extends: .base',
        '  image: { docker: { platform: linux/arm64 } }',
        'amd:',
        '  extends: .base',
        '',
      ].join('\n');
      const result = scanGitlabCi(text);
      assert.deepEqual(result.problems, []);
      assert.equal(result.images.length, 1);
      assert.equal(result.images[0].platform, undefined);
      assert.deepEqual(result.images[0].platforms, [{ os: 'linux', architecture: 'arm64' }, undefined]);
    });

    it("the tags of a GitLab.com hosted Linux runner decide the platform of the job's image and services; docker:platform still wins", () => {
      const AMD = { os: 'linux', architecture: 'amd64' };
      const ARM = { os: 'linux', architecture: 'arm64' };
      const platforms = (text: string) => scanGitlabCi(text).images.map((occ) => [occ.expanded, occ.platform ?? occ.platforms]);
      const job = (tags: string) => `job:\n  tags: ${tags}\n  image: alpine:3.20\n  services: [postgres:16]\n`;
      assert.deepEqual(platforms(job('[saas-linux-small-arm64]')), [['alpine:3.20', ARM], ['postgres:16', ARM]]);
      assert.deepEqual(platforms(job('[docker, SaaS-Linux-Large-ARM64]')), [['alpine:3.20', ARM], ['postgres:16', ARM]]);
      assert.deepEqual(platforms(job('[saas-linux-medium-amd64-gpu-standard]')), [['alpine:3.20', AMD], ['postgres:16', AMD]]);
      // A self-managed runner's tags, two hosted runners' tags, or a tag whose variable is not known: the configured platform.
      for (const tags of ['[arm64]', '[saas-linux-small-amd64, saas-linux-small-arm64]', '[$RUNNER_TAG]']) {
        assert.deepEqual(platforms(job(tags)), [['alpine:3.20', undefined], ['postgres:16', undefined]], tags);
      }
      assert.deepEqual(platforms(`job:\n  tags: [saas-linux-small-arm64]\n  image: { name: alpine:3.20, docker: { platform: linux/amd64 } }\n`), [['alpine:3.20', AMD]]);
      // From default:, unless inherit:default leaves tags out; a template used by jobs on both architectures takes both.
      const inherited = [
        'default:',
        '  tags: [saas-linux-small-arm64]',
        '.base:',
        '  image: alpine:3.20',
        'arm:',
        '  extends: .base',
        'amd:',
        '  extends: .base',
        '  inherit: { default: [image] }',
        '',
      ].join('\n');
      assert.deepEqual(platforms(inherited), [['alpine:3.20', [ARM, undefined]]]);
      // A parallel:matrix job's tags take its values.
      const matrix = ['build:', '  tags: [saas-linux-small-$ARCH]', '  image: golang:1.22', '  parallel:', '    matrix:', '      - ARCH: [amd64, arm64]', ''].join('\n');
      assert.deepEqual(platforms(matrix), [['golang:1.22', [AMD, ARM]]]);
    });

    it("a job on GitLab.com's hosted macOS runner names a macOS VM image, not a container image: skipped with why", () => {
      const text = [
        '.ios:',
        '  image: macos-14-xcode-15',
        '  tags: [saas-macos-medium-m1]',
        'build:',
        '  extends: .ios',
        'test:',
        '  image: alpine:3.20',
        '  tags: [shared-macos-amd64]',
        'lint:',
        '  image: alpine:3.20',
        '',
      ].join('\n');
      const result = scanGitlabCi(text);
      assert.deepEqual(
        result.images.map((occ) => occ.line),
        [lineOf(text, 'alpine', 'lint:')],
      );
      assert.deepEqual(
        result.problems.map((p) => [p.kind, p.range.start.line + 1, p.message]),
        [
          ['skipped', 2, "skipped macos-14-xcode-15 (job build): the job runs on GitLab's hosted macOS runner (tags: saas-macos-medium-m1), in a virtual machine whose image: names a macOS VM image, not a container image"],
          ['skipped', 7, "skipped alpine:3.20 (job test): the job runs on GitLab's hosted macOS runner (tags: shared-macos-amd64), in a virtual machine whose image: names a macOS VM image, not a container image"],
        ],
      );
    });

    it('an invalid docker:platform is reported', () => {
      const [problem] = scan('job:\n  image:\n    name: alpine:3\n    docker:\n      platform: "linux//x"\n').problems;
      assert.equal(problem.kind, 'invalid');
      assert.match(problem.message, /docker:platform of job: invalid platform/);
    });
  });

  describe('child pipelines', () => {
    it("a local file a job triggers as a child pipeline is reported where it is named, as its images depend on the variables passed down; it is not followed as an include", () => {
      const text = [
        'variables:',
        '  TOOL: node:22',
        'build:',
        '  trigger:',
        '    include: ci/child.yml',
        '    strategy: depend',
        'deploy:',
        '  trigger:',
        '    include:',
        '      - local: /ci/deploy.yml',
        '      - project: other/group',
        '        file: ci.yml',
        '',
      ].join('\n');
      const result = scanGitlabCi(text);
      assert.deepEqual(result.linked ?? [], []);
      assert.deepEqual(
        result.problems.map((p) => [p.kind, p.range.start.line + 1, p.text]),
        [
          ['unresolved', 5, 'ci/child.yml'],
          ['unresolved', 10, '/ci/deploy.yml'],
        ],
      );
      assert.match(result.problems[0].message, /job build runs ci\/child.yml as a child pipeline.*this pipeline's variables over its own.*--allow-unresolved/);
    });

    it('a child pipeline generated by another job (include: artifact:) is reported: its images exist only when the pipeline runs', () => {
      const text = 'generate:\n  script: [./gen.sh > gen.yml]\n  artifacts: {paths: [gen.yml]}\nrun:\n  trigger:\n    include:\n      - artifact: gen.yml\n        job: generate\n';
      const result = scanGitlabCi(text);
      assert.deepEqual(
        result.problems.map((p) => [p.kind, p.range.start.line + 1, p.text]),
        [['unresolved', 7, 'gen.yml']],
      );
      assert.match(result.problems[0].message, /job run runs a child pipeline job generate generates \(gen.yml\).*--allow-unresolved/);
    });
  });

  describe('untidy files', () => {
    it('a component\'s spec header is skipped and its $[[ inputs ]] are unresolved', () => {
      const text = 'spec:\n  inputs:\n    image:\n      default: alpine:3\n---\nscan:\n  image: $[[ inputs.image ]]\n  services: [redis:7]\n';
      const { images, problems } = scan(text);
      assert.deepEqual(images.map((v) => v.expanded), ['redis:7']);
      assert.equal(problems[0].kind, 'unresolved');
      assert.match(problems[0].message, /\$\[\[ inputs\.image \]\] is an input of this file, known only when another configuration includes it/);
    });

    it('broken YAML is reported at its line and the rest is read', () => {
      const text = 'job:\n  image: alpine:3.20\nbad: [\n';
      const { images, problems } = scan(text);
      assert.deepEqual(images.map((v) => v.expanded), ['alpine:3.20']);
      assert.equal(problems[0].kind, 'invalid');
      assert.match(problems[0].message, /not valid YAML/);
    });

    it('an include written as one string', () => {
      const result = scanGitlabCi("include: '/templates/.gitlab-ci-common.yml'\n");
      assert.deepEqual(result.linked?.map((l) => l.path), ['/templates/.gitlab-ci-common.yml']);
    });

    it('a template no job here uses may hold a placeholder: skipped, not an error', () => {
      const text = '.env_entrypoint:\n  image:\n    name: _ # placeholder\n    entrypoint: &e ["/usr/bin/env"]\njob:\n  image:\n    name: Bad:Name\n    entrypoint: *e\n';
      const { problems } = scan(text);
      assert.deepEqual(
        problems.map((p) => [p.kind, p.written, p.line]),
        [
          ['skipped', '_', 3],
          ['invalid', 'Bad:Name', 7],
        ],
      );
      assert.match(problems[0].message, /\(template \.env_entrypoint, used by no job in this file\)/);
    });

    it('hidden keys that are not templates, and global keywords, are not jobs', () => {
      const text = 'stages: [a]\nworkflow:\n  rules: [{ when: always }]\n.tags: [docker]\ncache:\n  key: x\njob:\n  image: alpine:3\n';
      assert.deepEqual(scan(text).images.map((v) => v.expanded), ['alpine:3']);
    });
  });
});
