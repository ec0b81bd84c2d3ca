// check and pin over a project holding every kind of file docker-pin reads, against a real registry.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pushImage } from '../support/push';
import type { TestRegistry } from '../support/registry';
import { digestFor, type Images, withMultiStageRegistry } from './fixtures';
import { runCli, tempDir } from './helpers';
import type { CheckEntry as Entry } from '../../src/cli/commands/check';

const COMPOSE = [
  '# the services',
  'x-tools: &tools',
  '  image: "acme/tools:1"   # one image for two services',
  'services:',
  '  web:',
  '    <<: *tools',
  '  worker:',
  '    <<: *tools',
  '    command: ["work"]',
  '  db:',
  '    image: ${DB_IMAGE}',
  '  cache:',
  '    image: ${CACHE_IMAGE:-busybox:1.36}',
  '  arm:',
  '    image: alpine:3.20',
  '    platform: linux/arm64',
  '  app:',
  '    build: .',
  '    image: acme/app:dev',
  '',
].join('\r\n');

const ENV = '# images\nDB_IMAGE=golang:1.22\nOTHER=1\n';

const MANIFEST = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web}',
  'spec:',
  '  template:',
  '    spec:',
  '      nodeSelector:',
  '        kubernetes.io/arch: arm64',
  '      initContainers:',
  '        - name: init',
  '          image: busybox:1.36',
  '      containers:',
  "        - name: web",
  "          image: 'alpine:3.20'",
  '---',
  'apiVersion: batch/v1',
  'kind: CronJob',
  'metadata:',
  '  name: nightly',
  'spec:',
  '  schedule: "0 3 * * *"',
  '  jobTemplate:',
  '    spec:',
  '      template:',
  '        spec:',
  '          containers:',
  '          - name: job',
  '            image: golang:1.22   # the nightly build',
  '          restartPolicy: OnFailure',
  '',
].join('\n');

const WORKFLOW = [
  'name: ci',
  'on: [push]',
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    container:',
  '      image: golang:1.22',
  '    services:',
  '      cache:',
  '        image: busybox:1.36',
  '    steps:',
  '      - uses: actions/checkout@v4',
  '      - uses: docker://alpine:3.20',
  '        with:',
  '          args: echo hi',
  '  matrix:',
  '    runs-on: ubuntu-latest',
  '    container: ${{ matrix.image }}',
  '    steps:',
  '      - run: echo',
  '',
].join('\n');

const GITLAB = [
  'variables:',
  '  BASE_IMAGE: "golang:1.22"',
  'default:',
  '  image: $BASE_IMAGE',
  'build:',
  '  image: alpine:3.20',
  '  services:',
  '    - name: busybox:1.36',
  '      alias: bb',
  '  script: [make]',
  'test:',
  '  script: [go test]',
  '',
].join('\n');

const DEVCONTAINER = [
  '{',
  '\t// the development image',
  '\t"name": "dev",',
  '\t"image": "alpine:3.20", /* pinned below */',
  '\t"features": {',
  '\t\t"ghcr.io/devcontainers/features/go:1": {},',
  '\t},',
  '}',
  '',
].join('\n');

/** A Pod as `kubectl get -o json` writes it (four spaces), for arm64 nodes, and a List on one line. */
const POD_JSON = [
  '{',
  '    "apiVersion": "v1",',
  '    "kind": "Pod",',
  '    "metadata": {',
  '        "name": "web"',
  '    },',
  '    "spec": {',
  '        "nodeSelector": {"kubernetes.io/arch": "arm64"},',
  '        "containers": [',
  '            {"name": "web", "image": "alpine:3.20"},',
  '            {"name": "side", "image": "busybox:1.36"}',
  '        ]',
  '    }',
  '}',
  '',
].join('\n');
const LIST_JSON =
  '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"template":{"spec":{"containers":[{"name":"j","image":"golang:1.22"}]}}}}]}\r\n';
/** JSON that names images and kinds but is no manifest: never read, never written. */
const OTHER_JSON: Record<string, string> = {
  'package.json': '{\n  "name": "web",\n  "kind": "app",\n  "config": {"apiVersion": "2", "image": "alpine:3.20"}\n}\n',
  'deploy/review.json': '{"request": {"object": {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"image": "alpine:3.20"}]}}}}\n',
};

const FILES: Record<string, string> = {
  'compose.yaml': COMPOSE,
  '.env': ENV,
  'deploy/app.yaml': MANIFEST,
  '.github/workflows/ci.yml': WORKFLOW,
  '.gitlab-ci.yml': GITLAB,
  '.devcontainer/devcontainer.json': DEVCONTAINER,
  Dockerfile: 'FROM busybox:1.36\r\n',
};

function pinnedFiles(images: Images): Record<string, string> {
  const amd = (p: Images['alpine']) => digestFor(p, 'amd64');
  const arm = (p: Images['alpine']) => digestFor(p, 'arm64');
  return {
    'compose.yaml': COMPOSE.replace('"acme/tools:1"', `"acme/tools:1@${amd(images.tools)}"`)
      .replace('busybox:1.36}', `busybox:1.36@${amd(images.busybox)}}`)
      .replace('alpine:3.20', `alpine:3.20@${arm(images.alpine)}`),
    '.env': ENV.replace('golang:1.22', `golang:1.22@${amd(images.golang)}`),
    'deploy/app.yaml': MANIFEST.replace('busybox:1.36', `busybox:1.36@${arm(images.busybox)}`)
      .replace("'alpine:3.20'", `'alpine:3.20@${arm(images.alpine)}'`)
      .replace('golang:1.22 ', `golang:1.22@${amd(images.golang)} `),
    '.github/workflows/ci.yml': WORKFLOW.replace('golang:1.22', `golang:1.22@${amd(images.golang)}`)
      .replace('busybox:1.36', `busybox:1.36@${amd(images.busybox)}`)
      .replace('docker://alpine:3.20', `docker://alpine:3.20@${amd(images.alpine)}`),
    '.gitlab-ci.yml': GITLAB.replace('"golang:1.22"', `"golang:1.22@${amd(images.golang)}"`)
      .replace('alpine:3.20', `alpine:3.20@${amd(images.alpine)}`)
      .replace('busybox:1.36', `busybox:1.36@${amd(images.busybox)}`),
    '.devcontainer/devcontainer.json': DEVCONTAINER.replace('"alpine:3.20"', `"alpine:3.20@${amd(images.alpine)}"`),
    Dockerfile: `FROM busybox:1.36@${amd(images.busybox)}\r\n`,
  };
}

describe('check and pin over every kind of file', function () {
  let registry: TestRegistry;
  let images: Images;
  let common: string[];
  let dir: string;

  withMultiStageRegistry((fixture) => ({ registry, images, common } = fixture));
  beforeEach(() => {
    dir = tempDir('kinds');
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const read = () => Object.fromEntries(Object.keys(FILES).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
  const files = Object.keys(FILES).filter((name) => name !== '.env');

  it('check lists every unpinned image of every kind at its reference, with its file kind, and exits 1', async () => {
    const r = await runCli(['check', ...common, '--json', ...files], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const entries = JSON.parse(r.stdout) as Entry[];
    const seen = entries.map((e) => `${e.file}:${e.line}:${e.column} ${e.state} ${e.source} ${e.reference} ${e.platform ?? ''}`);
    assert.deepEqual(seen, [
      'compose.yaml:3:11 unpinned compose acme/tools:1 linux/amd64',
      'compose.yaml:11:12 unpinned compose ${DB_IMAGE} linux/amd64',
      'compose.yaml:13:12 unpinned compose ${CACHE_IMAGE:-busybox:1.36} linux/amd64',
      'compose.yaml:15:12 unpinned compose alpine:3.20 linux/arm64',
      'deploy/app.yaml:11:18 unpinned kubernetes busybox:1.36 linux/arm64',
      'deploy/app.yaml:14:19 unpinned kubernetes alpine:3.20 linux/arm64',
      'deploy/app.yaml:28:20 unpinned kubernetes golang:1.22 linux/amd64',
      '.github/workflows/ci.yml:7:14 unpinned github-workflow golang:1.22 linux/amd64',
      '.github/workflows/ci.yml:10:16 unpinned github-workflow busybox:1.36 linux/amd64',
      '.github/workflows/ci.yml:13:24 unpinned github-workflow alpine:3.20 linux/amd64',
      '.github/workflows/ci.yml:18:16 unresolved github-workflow ${{ matrix.image }} ',
      '.gitlab-ci.yml:4:10 unpinned gitlab-ci $BASE_IMAGE linux/amd64',
      '.gitlab-ci.yml:6:10 unpinned gitlab-ci alpine:3.20 linux/amd64',
      '.gitlab-ci.yml:8:13 unpinned gitlab-ci busybox:1.36 linux/amd64',
      '.devcontainer/devcontainer.json:4:12 unpinned devcontainer alpine:3.20 linux/amd64',
      'Dockerfile:1:6 unpinned dockerfile busybox:1.36 linux/amd64',
    ]);
    // The image whose value is in .env is reported where compose names it, saying where its pin goes.
    const db = entries.find((e) => e.reference === '${DB_IMAGE}');
    assert.match(db?.message ?? '', /into the value of DB_IMAGE in the \.env file on line 2/);
    assert.deepEqual(read(), FILES);
  });

  it('pin pins every kind byte-exact (the .env value in .env, an anchor once), and a second pin changes nothing', async () => {
    const r = await runCli(['pin', ...common, ...files], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /\.github\/workflows\/ci\.yml:18:\d+: .*matrix\.image/);
    assert.match(r.stderr, /pinned 3, updated 0, unchanged 0, failed 1 \(unresolved 1\) in \.github\/workflows\/ci\.yml/);
    assert.match(r.stderr, /pinned 4, updated 0, unchanged 0, failed 0 in compose\.yaml/);
    assert.deepEqual(read(), pinnedFiles(images));
    const again = await runCli(['pin', ...common, '--allow-unresolved', ...files], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(read(), pinnedFiles(images));
    const check = await runCli(['check', ...common, '--allow-unresolved', ...files], { cwd: dir });
    assert.equal(check.code, 0, check.stdout + check.stderr);
  });

  it('a directory operand finds the files by name and content and pins them the same', async () => {
    const r = await runCli(['pin', ...common, '--allow-unresolved', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(read(), pinnedFiles(images));
  });

  describe('Kubernetes manifests written as JSON', () => {
    beforeEach(() => {
      for (const [name, text] of Object.entries({ 'deploy/pod.json': POD_JSON, 'deploy/list.json': LIST_JSON, ...OTHER_JSON })) writeFileSync(join(dir, name), text);
    });
    const readJson = () => Object.fromEntries(['deploy/pod.json', 'deploy/list.json', ...Object.keys(OTHER_JSON)].map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

    it('check finds them by content in a directory and as file operands, and no other JSON', async () => {
      const expected = [
        'deploy/list.json:1:168 unpinned kubernetes golang:1.22 linux/amd64',
        'deploy/pod.json:10:39 unpinned kubernetes alpine:3.20 linux/arm64',
        'deploy/pod.json:11:40 unpinned kubernetes busybox:1.36 linux/arm64',
      ];
      const json = (stdout: string) =>
        (JSON.parse(stdout) as Entry[]).filter((e) => e.file.endsWith('.json') && e.source !== 'devcontainer').map((e) => `${e.file}:${e.line}:${e.column} ${e.state} ${e.source} ${e.reference} ${e.platform ?? ''}`);
      const walked = await runCli(['check', ...common, '--json', '.'], { cwd: dir });
      assert.equal(walked.code, 1, walked.stderr);
      assert.deepEqual(json(walked.stdout), expected);
      const named = await runCli(['check', ...common, '--json', 'deploy/list.json', 'deploy/pod.json'], { cwd: dir });
      assert.equal(named.code, 1, named.stderr);
      assert.deepEqual(json(named.stdout), expected);
      const other = await runCli(['check', ...common, ...Object.keys(OTHER_JSON)], { cwd: dir });
      assert.match(other.stderr, /package\.json/);
      assert.doesNotMatch(other.stdout + other.stderr, /unpinned/);
    });

    it('pin writes each digest inside its JSON string: valid JSON, every other byte kept, other JSON untouched', async () => {
      const r = await runCli(['pin', ...common, '--allow-unresolved', '.'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const arm = (p: Images['alpine']) => digestFor(p, 'arm64');
      const pinned = readJson();
      assert.deepEqual(pinned, {
        'deploy/pod.json': POD_JSON.replace('"alpine:3.20"', `"alpine:3.20@${arm(images.alpine)}"`).replace('"busybox:1.36"', `"busybox:1.36@${arm(images.busybox)}"`),
        'deploy/list.json': LIST_JSON.replace('"golang:1.22"', `"golang:1.22@${digestFor(images.golang, 'amd64')}"`),
        ...OTHER_JSON,
      });
      const pod = JSON.parse(pinned['deploy/pod.json']) as { spec: { containers: { image: string }[] } };
      assert.deepEqual(pod.spec.containers.map((c) => c.image), [`alpine:3.20@${arm(images.alpine)}`, `busybox:1.36@${arm(images.busybox)}`]);
      assert.doesNotThrow(() => JSON.parse(pinned['deploy/list.json']));
      const check = await runCli(['check', ...common, 'deploy/pod.json', 'deploy/list.json'], { cwd: dir });
      assert.equal(check.code, 0, check.stdout + check.stderr);
    });
  });

  it("a kustomize overlay's JSON patches, in a file its patches: name and inline, are found in a directory, checked and pinned in their values", async () => {
    const overlay = {
      'overlay/kustomization.yaml': ['resources: [../deploy]', 'patches:', '  - path: patch_operator.yml', '    target: {kind: Deployment, name: app}', '  - target: {kind: Deployment, name: app}', '    patch: |-', '      - op: replace', '        path: /spec/template/spec/containers/0/image', '        value: golang:1.22', ''].join('\n'),
      'overlay/patch_operator.yml': ['- op: add', '  path: /spec/template/spec/initContainers', '  value:', '    - name: init', '      image: busybox:1.36', ''].join('\n'),
    };
    mkdirSync(join(dir, 'overlay'));
    for (const [name, text] of Object.entries(overlay)) writeFileSync(join(dir, name), text);
    const amd = (p: Images['alpine']) => digestFor(p, 'amd64');
    const checked = await runCli(['check', ...common, '--json', 'overlay'], { cwd: dir });
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(
      (JSON.parse(checked.stdout) as Entry[]).map((e) => `${e.file}:${e.line} ${e.state} ${e.source} ${e.reference}`),
      ['overlay/kustomization.yaml:9 unpinned kubernetes golang:1.22', 'overlay/patch_operator.yml:5 unpinned kubernetes busybox:1.36'],
    );
    const pinned = await runCli(['pin', ...common, 'overlay'], { cwd: dir });
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.equal(readFileSync(join(dir, 'overlay/kustomization.yaml'), 'utf8'), overlay['overlay/kustomization.yaml'].replace('golang:1.22', `golang:1.22@${amd(images.golang)}`));
    assert.equal(readFileSync(join(dir, 'overlay/patch_operator.yml'), 'utf8'), overlay['overlay/patch_operator.yml'].replace('busybox:1.36', `busybox:1.36@${amd(images.busybox)}`));
    const again = await runCli(['check', ...common, 'overlay'], { cwd: dir });
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  it('compose files that share one .env each have their pins written into it, none lost to the write of another', async () => {
    const written: Record<string, string> = {
      'compose.yaml': 'services:\n  db:\n    image: ${DB_IMAGE}\n',
      'compose.tools.yaml': 'services:\n  tools:\n    image: ${TOOLS_IMAGE}\n',
      'compose.debug.yaml': 'services:\n  debug:\n    image: ${DEBUG_IMAGE}\n',
      '.env': 'DB_IMAGE=golang:1.22\nTOOLS_IMAGE=acme/tools:1\nDEBUG_IMAGE=busybox:1.36\n',
    };
    for (const [name, text] of Object.entries(written)) writeFileSync(join(dir, name), text);
    const r = await runCli(['pin', ...common, 'compose.yaml', 'compose.tools.yaml', 'compose.debug.yaml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((r.stderr.match(/^pinned 1, /gm) ?? []).length, 3, r.stderr);
    const pinned = (image: string, pushed: Images[keyof Images]) => `${image}@${digestFor(pushed, 'amd64')}`;
    assert.equal(
      readFileSync(join(dir, '.env'), 'utf8'),
      `DB_IMAGE=${pinned('golang:1.22', images.golang)}\nTOOLS_IMAGE=${pinned('acme/tools:1', images.tools)}\nDEBUG_IMAGE=${pinned('busybox:1.36', images.busybox)}\n`,
    );
  });

  it('a GitLab job\'s image set by its rules: variables (or the workflow\'s) is checked and pinned in each value, as the job runs each one', async () => {
    const text = [
      'variables:',
      '  IMAGE: alpine:3.20',
      'workflow:',
      '  rules:',
      '    - if: $CI_COMMIT_TAG',
      '      variables:',
      '        TOOLS: "acme/tools:1"',
      '    - when: always',
      'build:',
      '  image: $IMAGE',
      '  rules:',
      '    - if: $NIGHTLY',
      '      variables:',
      '        IMAGE: busybox:1.36',
      '    - when: on_success',
      '  script: [make]',
      'tools:',
      '  variables:',
      '    TOOLS: golang:1.22',
      '  image: $TOOLS',
      '  script: [make]',
      '',
    ].join('\n');
    writeFileSync(join(dir, '.gitlab-ci.yml'), text);
    const check = await runCli(['check', ...common, '--json', '.gitlab-ci.yml'], { cwd: dir });
    assert.equal(check.code, 1, check.stderr);
    const seen = (JSON.parse(check.stdout) as Entry[]).map((e) => `${e.line} ${e.state} ${e.expanded}`);
    // The workflow's TOOLS is never the tools job's image: the job's own value wins over it.
    assert.deepEqual(seen, ['10 unpinned alpine:3.20', '10 unpinned busybox:1.36', '20 unpinned golang:1.22']);
    const r = await runCli(['pin', ...common, '.gitlab-ci.yml'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const amd = (p: Images['alpine']) => digestFor(p, 'amd64');
    assert.equal(
      readFileSync(join(dir, '.gitlab-ci.yml'), 'utf8'),
      text
        .replace('IMAGE: alpine:3.20', `IMAGE: alpine:3.20@${amd(images.alpine)}`)
        .replace('IMAGE: busybox:1.36', `IMAGE: busybox:1.36@${amd(images.busybox)}`)
        .replace('TOOLS: golang:1.22', `TOOLS: golang:1.22@${amd(images.golang)}`),
    );
    const again = await runCli(['check', ...common, '.gitlab-ci.yml'], { cwd: dir });
    assert.equal(again.code, 0, again.stdout + again.stderr);
  });

  it('an image tagged :latest as written is pinned in every kind, its tag kept', async () => {
    const latest = await pushImage(registry, 'library/alpine', 'latest', { platforms: ['linux/amd64', 'linux/arm64'] });
    const written: Record<string, string> = {
      'compose.yaml': 'services:\n  db:\n    image: alpine:latest\n  cache:\n    image: ${CACHE_IMAGE}\n',
      '.env': 'CACHE_IMAGE=alpine:latest\n',
      'deploy/app.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: "alpine:latest"\n',
      '.gitlab-ci.yml': 'job:\n  image: alpine:latest\n  script: [true]\n',
      '.devcontainer/devcontainer.json': '{ "image": "alpine:latest" }\n',
    };
    for (const [name, text] of Object.entries(written)) writeFileSync(join(dir, name), text);
    const r = await runCli(['pin', ...common, ...Object.keys(written).filter((name) => name !== '.env')], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const pin = `alpine:latest@${digestFor(latest, 'amd64')}`;
    for (const [name, text] of Object.entries(written)) assert.equal(readFileSync(join(dir, name), 'utf8'), text.replace('alpine:latest', pin), name);
  });
});
