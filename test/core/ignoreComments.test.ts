import * as assert from 'node:assert/strict';
import { scanDockerfile } from '../../src/core/dockerfile';
import { applyIgnoreComments } from '../../src/core/ignoreComments';
import { scanCompose } from '../../src/core/sources/compose';
import { scanDevcontainer } from '../../src/core/sources/devcontainer';
import { scanGithubAction } from '../../src/core/sources/githubAction';
import { scanGithubWorkflow } from '../../src/core/sources/githubWorkflow';
import { scanGitlabCi } from '../../src/core/sources/gitlabCi';
import { scanKubernetes } from '../../src/core/sources/kubernetes';
import { scanKoConfig } from '../../src/core/sources/koConfig';
import { scanGoreleaser } from '../../src/core/sources/goreleaser';
import { scanBake } from '../../src/core/sources/bake';
import { scanJustfile } from '../../src/core/sources/justfile';
import { scanMakefile } from '../../src/core/sources/makefile';
import { scanPackageScripts } from '../../src/core/sources/packageScripts';
import { scanShellScript } from '../../src/core/sources/shellScript';
import { scanSkaffold } from '../../src/core/sources/skaffold';
import { scanTaskfile } from '../../src/core/sources/taskfile';
import { scanCircleci } from '../../src/core/sources/circleci';
import { scanBitbucketPipelines } from '../../src/core/sources/bitbucketPipelines';
import { scanDrone, scanWoodpecker } from '../../src/core/sources/droneWoodpecker';
import { scanAzurePipelines } from '../../src/core/sources/azurePipelines';
import type { FileKind, ScanResult } from '../../src/core/types';

const SCANS: Readonly<Record<FileKind, (text: string) => ScanResult>> = {
  dockerfile: (text) => scanDockerfile(text),
  compose: (text) => scanCompose(text),
  kubernetes: (text) => scanKubernetes(text),
  'github-workflow': (text) => scanGithubWorkflow(text),
  'github-action': (text) => scanGithubAction(text),
  'gitlab-ci': (text) => scanGitlabCi(text),
  devcontainer: (text) => scanDevcontainer(text),
  ko: (text) => scanKoConfig(text),
  goreleaser: (text) => scanGoreleaser(text),
  bake: (text) => scanBake(text),
  makefile: (text) => scanMakefile(text),
  justfile: (text) => scanJustfile(text),
  taskfile: (text) => scanTaskfile(text),
  'shell-script': (text) => scanShellScript(text),
  'package-scripts': (text) => scanPackageScripts(text),
  skaffold: (text) => scanSkaffold(text),
  circleci: (text) => scanCircleci(text),
  'bitbucket-pipelines': (text) => scanBitbucketPipelines(text),
  drone: (text) => scanDrone(text),
  woodpecker: (text) => scanWoodpecker(text),
  'azure-pipelines': (text) => scanAzurePipelines(text),
};

function scan(kind: FileKind, text: string): ScanResult {
  return applyIgnoreComments({ kind, text }, SCANS[kind](text));
}

/** Each image as `line expanded`, with ` => reason` when it is ignored. */
function marked(kind: FileKind, text: string): string[] {
  return scan(kind, text).images.map((o) => `${o.line} ${o.expanded}${o.ignored === undefined ? '' : ` => ${o.ignored}`}`);
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly images: readonly string[];
}

function table(kind: FileKind, cases: readonly Case[]): void {
  describe(`ignore comments: ${kind}`, () => {
    for (const c of cases) {
      it(c.name, () => {
        assert.deepEqual(marked(kind, c.text), c.images);
        assert.deepEqual(scan(kind, c.text).problems, SCANS[kind](c.text).problems, 'a well-formed comment adds no problem');
      });
    }
  });
}

table('dockerfile', [
  {
    name: 'a comment line above stands for the instruction; a reason follows a colon',
    text: '# docker-pin: ignore: vendored base, updated by hand\nFROM alpine:3.20\nFROM busybox:1\n',
    images: ['2 alpine:3.20 => ignore comment on line 1: vendored base, updated by hand', '3 busybox:1'],
  },
  {
    name: 'anywhere in the run of comment lines right above, but not across a blank line',
    text: '# docker-pin: ignore\n# the build stage\nFROM golang:1.22 AS build\n# docker-pin: ignore\n\nFROM alpine:3.20\n',
    images: ['3 golang:1.22 => ignore comment on line 1', '6 alpine:3.20'],
  },
  {
    name: '# ratchet:exclude is honoured in the same places',
    text: '# ratchet:exclude\nCOPY --from=nginx:1 /a /b\n',
    images: ['2 nginx:1 => ratchet:exclude comment on line 1'],
  },
  {
    name: 'every image of the instruction below: all of a RUN\'s mounts',
    text: 'FROM scratch\n# docker-pin: ignore\nRUN --mount=from=alpine:3.20,target=/a --mount=from=busybox:1,target=/b true\n',
    images: ['3 alpine:3.20 => ignore comment on line 2', '3 busybox:1 => ignore comment on line 2'],
  },
  {
    name: 'a comment line inside a continued instruction stands for its images below it only',
    text: 'FROM scratch\nRUN --mount=from=alpine:3.20,target=/a \\\n# docker-pin: ignore\n    --mount=from=busybox:1,target=/b \\\n    true\n',
    images: ['2 alpine:3.20', '2 busybox:1 => ignore comment on line 3'],
  },
  {
    name: 'a # in the middle of a line is no comment, and a # inside a heredoc neither',
    text: 'FROM alpine:3.20\nRUN <<EOF\n# docker-pin: ignore\nEOF\nFROM busybox:1\nCOPY --from=nginx:1 /a /b\n',
    images: ['1 alpine:3.20', '5 busybox:1', '6 nginx:1'],
  },
  {
    name: 'a comment above an ARG whose default is the image stands for the lines that use it',
    text: '# docker-pin: ignore\nARG BASE=alpine:3.20\nARG OTHER=busybox:1\nFROM ${BASE} AS a\nFROM $OTHER\n',
    images: ['4 alpine:3.20 => ignore comment on line 1', '5 busybox:1'],
  },
  {
    name: 'an ignore comment below the # syntax= directive leaves the directive as it is, and its image pinned',
    text: '# syntax=docker/dockerfile:1\n# docker-pin: ignore\nFROM alpine:3.20\n',
    images: ['1 docker/dockerfile:1', '3 alpine:3.20 => ignore comment on line 2'],
  },
]);

table('compose', [
  {
    name: 'at the end of the line holding the image, or on the line above',
    text: 'services:\n  a:\n    image: alpine:3.20 # docker-pin: ignore: pinned upstream\n  b:\n    # docker-pin: ignore\n    image: busybox:1\n  c:\n    image: nginx:1 # a comment of another kind\n',
    images: ['3 alpine:3.20 => ignore comment on line 3: pinned upstream', '6 busybox:1 => ignore comment on line 5', '8 nginx:1'],
  },
  {
    name: 'a trailing comment on the line above stands for that line only',
    text: 'services:\n  a:\n    image: alpine:3.20 # docker-pin: ignore\n  b: {image: busybox:1}\n',
    images: ['3 alpine:3.20 => ignore comment on line 3', '4 busybox:1'],
  },
  {
    name: 'a # inside a quoted scalar is no comment',
    text: 'services:\n  a:\n    image: "alpine:3.20" # docker-pin: ignore\n    command: ["sh", "-c", "echo # docker-pin: ignore"]\n  b:\n    image: \'busybox:1\'\n    labels: {x: "# docker-pin: ignore"}\n',
    images: ['3 alpine:3.20 => ignore comment on line 3', '6 busybox:1'],
  },
  {
    name: 'an image under an anchor is ignored where the anchor is written, for every alias',
    text: 'x-base: &base\n  image: redis:7 # ratchet:exclude\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n',
    images: ['2 redis:7 => ratchet:exclude comment on line 2'],
  },
  {
    name: 'an image inside a flow mapping on its own line',
    text: 'services: {\n  # docker-pin: ignore\n  a: {image: alpine:3.20},\n  b: {image: busybox:1}\n}\n',
    images: ['3 alpine:3.20 => ignore comment on line 2', '4 busybox:1'],
  },
  {
    name: 'a value written as a default on the line',
    text: 'services:\n  a:\n    image: ${IMAGE:-alpine:3.20} # docker-pin: ignore\n',
    images: ['3 alpine:3.20 => ignore comment on line 3'],
  },
]);

table('kubernetes', [
  {
    name: 'containers, flow sequences and init containers',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: nginx:1 # docker-pin: ignore\n    - {name: b, image: redis:7}\n  initContainers: [\n    # docker-pin: ignore\n    {name: c, image: busybox:1}]\n',
    images: ['7 nginx:1 => ignore comment on line 7', '8 redis:7', '11 busybox:1 => ignore comment on line 10'],
  },
]);

table('github-workflow', [
  {
    name: 'container:, services: and uses: docker:// forms',
    text:
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: node:20 # docker-pin: ignore\n    services:\n      db: {image: postgres:16} # docker-pin: ignore\n      cache:\n        image: redis:7\n' +
      '    steps:\n      # docker-pin: ignore\n      - uses: docker://alpine:3.20\n      - uses: docker://busybox:1\n',
    images: ['5 node:20 => ignore comment on line 5', '7 postgres:16 => ignore comment on line 7', '9 redis:7', '12 alpine:3.20 => ignore comment on line 11', '13 busybox:1'],
  },
  {
    name: 'a matrix literal, where the matrix writes it',
    text:
      'jobs:\n  a:\n    strategy:\n      matrix:\n        image:\n          # docker-pin: ignore\n          - alpine:3.20\n          - debian:12\n' +
      '        include: [{image: busybox:1}] # docker-pin: ignore\n    container: ${{ matrix.image }}\n',
    images: ['7 alpine:3.20 => ignore comment on line 6', '8 debian:12', '9 busybox:1 => ignore comment on line 9'],
  },
]);

describe('ignore comments: a workflow matrix literal read whole', () => {
  const text = 'jobs:\n  a:\n    strategy:\n      matrix:\n        image: [alpine:3.20, debian:12]\n    container: ${{ matrix.image }} # docker-pin: ignore\n';

  it('a comment where it is read ignores nothing and says where it belongs', () => {
    const result = scan('github-workflow', text);
    assert.deepEqual(
      result.images.map((o) => `${o.line} ${o.expanded} ${o.ignored ?? ''}`),
      ['5 alpine:3.20 ', '5 debian:12 '],
    );
    assert.deepEqual(result.problems.map((p) => `${p.kind} ${p.range.start.line + 1}`), ['invalid 6']);
    assert.match(result.problems[0].message, /on line 6, which reads the matrix value alpine:3\.20 \(line 5\), debian:12 \(line 5\), so it ignores nothing/);
    assert.match(result.problems[0].message, /put the comment on line 5 \(or right above it\)/);
  });

  it('a comment where the values are written leaves them alone for every reader, and one at the reader is then no error', () => {
    const moved = text.replace(' # docker-pin: ignore', '').replace('debian:12]', 'debian:12] # docker-pin: ignore');
    const result = scan('github-workflow', moved);
    assert.deepEqual(result.images.map((o) => o.ignored), ['ignore comment on line 5', 'ignore comment on line 5']);
    assert.deepEqual(result.problems, []);
    const both = moved.replace('matrix.image }}', 'matrix.image }} # docker-pin: ignore');
    assert.deepEqual(scan('github-workflow', both).problems, []);
  });
});

table('github-action', [
  {
    name: 'runs.image',
    text: 'name: x\nruns:\n  using: docker\n  image: docker://alpine:3.20 # ratchet:exclude\n',
    images: ['4 alpine:3.20 => ratchet:exclude comment on line 4'],
  },
]);

table('gitlab-ci', [
  {
    name: 'image, services, and a variable whose value is the image',
    text:
      'variables:\n  # docker-pin: ignore\n  BASE: alpine:3.20\n  OTHER: busybox:1\nimage: $BASE\nbuild:\n  image: $OTHER\n  script: [true]\n  services:\n    - name: postgres:16 # docker-pin: ignore\n    - redis:7\n',
    images: ['5 alpine:3.20 => ignore comment on line 2', '7 busybox:1', '10 postgres:16 => ignore comment on line 10', '11 redis:7'],
  },
]);

table('devcontainer', [
  {
    name: '// on the line above, with a reason',
    text: '{\n  // docker-pin: ignore: vendored\n  "image": "mcr.microsoft.com/devcontainers/base:ubuntu"\n}\n',
    images: ['3 mcr.microsoft.com/devcontainers/base:ubuntu => ignore comment on line 2: vendored'],
  },
  {
    name: 'a block comment at the end of the line; // inside a string is no comment',
    text: '{\n  "image": "alpine:3.20" /* docker-pin: ignore */\n}\n',
    images: ['2 alpine:3.20 => ignore comment on line 2'],
  },
  {
    name: 'a string holding the words is no comment',
    text: '{\n  "name": "// docker-pin: ignore",\n  "image": "alpine:3.20"\n}\n',
    images: ['3 alpine:3.20'],
  },
]);

describe('ignore comments: what is reported', () => {
  it('a malformed directive is an invalid problem at the comment, and the image is read as usual', () => {
    for (const [kind, text, line] of [
      ['dockerfile', '# docker-pin: ignor\nFROM alpine:3.20\n', 0],
      ['compose', 'services:\n  a:\n    image: alpine:3.20 # docker-pin: ignored\n', 2],
      ['devcontainer', '{\n  "image": "alpine:3.20" // docker-pin ignore\n}\n', 1],
    ] as const) {
      const result = scan(kind, text);
      assert.deepEqual(result.images.map((o) => o.ignored), [undefined], kind);
      assert.deepEqual(result.problems.map((p) => [p.kind, p.range.start.line]), [['invalid', line]], kind);
      assert.match(result.problems[0].message, /^unknown docker-pin directive "docker-pin:? ?ignor(ed|e)?"/);
    }
  });

  it('a comment above the # syntax= directive is reported: it turns the directive into a plain comment', () => {
    const result = scan('dockerfile', '# docker-pin: ignore\n# syntax=docker/dockerfile:1\nFROM alpine:3.20\n');
    // The directive is now a comment (BuildKit ignores it), so no syntax image is read; the FROM is in the comment run.
    assert.deepEqual(result.images.map((o) => [o.source, o.ignored]), [['from', 'ignore comment on line 1']]);
    assert.deepEqual(result.problems.map((p) => [p.kind, p.range.start.line]), [['invalid', 0]]);
    assert.match(result.problems[0].message, /parser directive on line 2 \(# syntax=docker\/dockerfile:1\), which makes that line a plain comment/);
  });

  it('a line that cannot be worked out or edited is no longer reported when ignored; an invalid reference still is', () => {
    const text = '# docker-pin: ignore\nFROM base:${UNSET}\n# docker-pin: ignore\nFROM Not_Valid!\n';
    assert.deepEqual(scan('dockerfile', text).problems.map((p) => [p.kind, p.range.start.line]), [['invalid', 3]]);
    const gitlab = 'build:\n  image: $CI_REGISTRY_IMAGE/app:latest # docker-pin: ignore\n  script: [true]\n';
    assert.equal(SCANS['gitlab-ci'](gitlab).problems.length, 1);
    assert.deepEqual(scan('gitlab-ci', gitlab).problems, []);
  });

  it('a # in the middle of a Dockerfile line ignores nothing, and says so where it stands', () => {
    const result = scan('dockerfile', 'FROM alpine:3.20 # docker-pin: ignore\nRUN echo "# docker-pin: ignore"\n');
    assert.deepEqual(result.images.map((o) => o.ignored), [undefined]);
    assert.deepEqual(result.problems.map((p) => [p.kind, p.range.start.line, p.range.start.character, p.text]), [['invalid', 0, 17, '# docker-pin: ignore']]);
    assert.match(result.problems[0].message, /^a # in the middle of a Dockerfile line is no comment, so this ignores nothing/);
  });

  it('a comment at an alias ignores nothing and says to put it at the anchor, for a scalar alias and a merged map alike', () => {
    const text = [
      'x-img: &img nginx:1.27',
      'x-base: &base',
      '  image: redis:7',
      'services:',
      '  a:',
      '    image: *img # docker-pin: ignore',
      '  b:',
      '    # docker-pin: ignore',
      '    <<: *base',
      '  c:',
      '    image: *img',
      '',
    ].join('\n');
    const result = scan('compose', text);
    assert.deepEqual(result.images.map((o) => `${o.line} ${o.expanded} ${o.ignored ?? '-'}`), ['1 nginx:1.27 -', '3 redis:7 -']);
    assert.deepEqual(
      result.problems.map((p) => [p.kind, p.range.start.line, p.text]),
      [
        ['invalid', 5, '# docker-pin: ignore'],
        ['invalid', 7, '# docker-pin: ignore'],
      ],
    );
    assert.equal(
      result.problems[0].message,
      'this ignore comment is at the alias *img on line 6, so it ignores nothing: the image nginx:1.27 is written once, under the anchor &img, and pinned there for every use; put the comment on line 1 (or right above it) to leave it alone everywhere it is used',
    );
    assert.match(result.problems[1].message, /alias \*base on line 9, .* the image redis:7 .* put the comment on line 3 /);
  });

  it('a comment at an alias is not reported when the anchor is ignored already, nor for an alias holding no image', () => {
    const ignored = 'x-img: &img nginx:1.27 # docker-pin: ignore\nservices:\n  a:\n    image: *img # docker-pin: ignore\n';
    assert.deepEqual(scan('compose', ignored).problems, []);
    const noImage = 'x-env: &env {A: "1"}\nservices:\n  a:\n    image: nginx:1.27\n    environment: *env # docker-pin: ignore\n';
    assert.deepEqual(scan('compose', noImage).problems, []);
    const k8s = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - &c {name: a, image: nginx:1}\n  initContainers:\n    # docker-pin: ignore\n    - *c\n';
    assert.deepEqual(scan('kubernetes', k8s).problems.map((p) => [p.kind, p.range.start.line]), [['invalid', 7]]);
  });

  it('a file without any directive is returned as it was scanned', () => {
    const scanned = scanDockerfile('# a comment\nFROM alpine:3.20\n');
    assert.equal(applyIgnoreComments({ kind: 'dockerfile', text: '# a comment\nFROM alpine:3.20\n' }, scanned), scanned);
  });
});
