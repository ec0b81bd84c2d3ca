// check and pin of workflow images that come from the job's matrix, against a real registry: each
// literal of the matrix is a reference, checked and pinned where it is written.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckEntry as Entry } from '../../src/cli/commands/check';
import { pushImage } from '../support/push';
import type { TestRegistry } from '../support/registry';
import { digestFor, type Images, withMultiStageRegistry } from './fixtures';
import { projectFiles, runCli, tempDir } from './helpers';

const FILE = '.github/workflows/ci.yml';

const WORKFLOW = [
  'name: ci',
  'on: [push]',
  'jobs:',
  '  test:',
  '    runs-on: ubuntu-latest',
  '    strategy: &images',
  '      matrix:',
  '        image: [alpine:3.20, "busybox:1.36"]',
  '        include:',
  "          - image: 'golang:1.22'",
  '    container: ${{ matrix.image }}',
  '    services:',
  '      side:',
  '        image: ${{ matrix.image }}',
  '    steps:',
  '      - run: echo ${{ matrix.image }}',
  '  again:',
  '    runs-on: ubuntu-latest',
  '    strategy: *images',
  '    container:',
  '      image: ${{matrix.image}}',
  '  node:',
  '    runs-on: ubuntu-latest',
  '    strategy:',
  '      matrix:',
  '        node: ["20", "22"]',
  '    container:',
  '      image: "node:${{ matrix.node }}"',
  '  dynamic:',
  '    runs-on: ubuntu-latest',
  '    strategy:',
  '      matrix: ${{ fromJSON(inputs.matrix) }}',
  '    container: ${{ matrix.image }}',
  '  partial:',
  '    runs-on: ubuntu-latest',
  '    strategy:',
  '      matrix:',
  '        os: [amd, arm]',
  '        include:',
  '          - os: amd',
  '            db: alpine:3.20',
  '    services:',
  '      db:',
  '        image: ${{ matrix.db }}',
  '',
].join('\n');

function pinned(images: Images): string {
  const amd = (p: Images['alpine']) => digestFor(p, 'amd64');
  return WORKFLOW.replace('[alpine:3.20, "busybox:1.36"]', `[alpine:3.20@${amd(images.alpine)}, "busybox:1.36@${amd(images.busybox)}"]`).replace(
    "'golang:1.22'",
    `'golang:1.22@${amd(images.golang)}'`,
  );
}

describe('workflow images from the job matrix', function () {
  let registry: TestRegistry;
  let images: Images;
  let common: string[];
  let dir = '';
  const files = projectFiles(() => dir);

  withMultiStageRegistry((fixture) => ({ registry, images, common } = fixture));
  beforeEach(() => {
    dir = tempDir('matrix');
    files.write(FILE, WORKFLOW);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const seen = (entries: Entry[]) => entries.map((e) => `${e.line}:${e.column} ${e.state} ${e.reference}`);

  it('check reports each matrix literal where it is written, and what cannot be worked out with its reason', async () => {
    const r = await runCli(['check', ...common, '--json', FILE], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const entries = JSON.parse(r.stdout) as Entry[];
    assert.deepEqual(seen(entries), [
      '8:17 unpinned alpine:3.20',
      '8:31 unpinned busybox:1.36',
      '10:21 unpinned golang:1.22',
      '28:15 unresolved node:${{ matrix.node }}',
      '33:16 unresolved ${{ matrix.image }}',
      '44:16 unresolved ${{ matrix.db }}',
    ]);
    const message = (line: number) => entries.find((e) => e.line === line)?.message ?? '';
    // Only part of the image: a digest in the matrix value would change its other uses.
    assert.match(message(28), /matrix\.node/);
    assert.match(message(28), /write the full image in the matrix/i);
    assert.match(message(33), /fromJSON\(inputs\.matrix\)/);
    assert.match(message(44), /matrix\.db/);
    assert.match(message(44), /os: arm/);
    assert.equal(files.read(FILE), WORKFLOW);
  });

  it('pin writes each digest into the matrix value, once for every job and place that reads it; check then passes', async () => {
    const r = await runCli(['pin', ...common, FILE], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /pinned 3, updated 0, unchanged 0, failed 3 \(unresolved 3\)/);
    assert.doesNotMatch(r.stderr, /conflict/);
    assert.equal(files.read(FILE), pinned(images));
    const again = await runCli(['pin', ...common, '--allow-unresolved', FILE], { cwd: dir });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(files.read(FILE), pinned(images));
    const check = await runCli(['check', ...common, '--allow-unresolved', '--json', FILE], { cwd: dir });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const states = (JSON.parse(check.stdout) as Entry[]).filter((e) => e.state !== 'unresolved');
    assert.deepEqual(
      states.map((e) => `${e.line} ${e.state}`),
      ['8 current', '8 current', '10 current'],
    );
  });

  it('a job whose matrix runs it on x64 and arm64 runners gets the index digest; an amd64 pin there is stale', async () => {
    const arch = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ${{ matrix.os }}',
      '    strategy:',
      '      matrix:',
      '        os: [ubuntu-latest, ubuntu-24.04-arm]',
      '    container: golang:1.22',
      '',
    ].join('\n');
    files.write(FILE, arch);
    const index = images.golang.index.digest;
    const checked = await runCli(['check', ...common, FILE], { cwd: dir });
    assert.equal(checked.code, 1, checked.stderr);
    assert.equal(checked.stdout.trimEnd(), `${FILE}:8:16: unpinned golang:1.22 (would pin ${index}, the index digest: this image is used for linux/amd64 and linux/arm64)`);
    const pin = await runCli(['pin', ...common, FILE], { cwd: dir });
    assert.equal(pin.code, 0, pin.stderr);
    assert.equal(files.read(FILE), arch.replace('golang:1.22', `golang:1.22@${index}`));
    const amd64 = digestFor(images.golang, 'amd64');
    files.write(FILE, arch.replace('golang:1.22', `golang:1.22@${amd64}`));
    const stale = await runCli(['check', ...common, FILE], { cwd: dir });
    assert.equal(stale.code, 1, stale.stderr);
    assert.equal(stale.stdout.trimEnd(), `${FILE}:8:16: stale golang:1.22@${amd64} (would update to ${index}, the index digest: this image is used for linux/amd64 and linux/arm64)`);
  });

  it("a Gitea or Forgejo Actions workflow (.gitea/workflows, .forgejo/workflows) is read as GitHub's, but its runners are their owners': a label says nothing of their architecture, so the configured platform, never the arm64 GitHub's label would say", async () => {
    const arch = ['on: push', 'jobs:', '  test:', '    runs-on: ${{ matrix.os }}', '    strategy:', '      matrix:', '        os: [ubuntu-latest, ubuntu-24.04-arm]', '    container: golang:1.22', '    services:', '      db: { image: "alpine:3.20" }', ''].join('\n');
    const amd64 = digestFor(images.golang, 'amd64');
    for (const file of ['.forgejo/workflows/ci.yml', '.gitea/workflows/test.yaml']) {
      files.write(file, arch);
      const checked = await runCli(['check', ...common, file], { cwd: dir });
      assert.equal(checked.code, 1, checked.stderr);
      assert.equal(checked.stdout, `${file}:8:16: unpinned golang:1.22 (would pin ${amd64})\n${file}:10:20: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})\n`);
      const pin = await runCli(['pin', ...common, file], { cwd: dir });
      assert.equal(pin.code, 0, pin.stderr);
      assert.match(files.read(file), new RegExp(`container: golang:1\\.22@${amd64}\\n`));
      rmSync(join(dir, file));
    }
    // Found by a walk of the repository too, beside GitHub's own workflow, which reads the labels.
    files.write('.forgejo/workflows/ci.yml', arch);
    files.write(FILE, arch);
    const walked = await runCli(['check', ...common, '.'], { cwd: dir });
    assert.match(walked.stdout, new RegExp(`^\\.forgejo/workflows/ci\\.yml:8:16: unpinned golang:1\\.22 \\(would pin ${amd64}\\)$`, 'm'), walked.stdout);
    assert.match(walked.stdout, new RegExp(`^\\.github/workflows/ci\\.yml:8:16: unpinned golang:1\\.22 \\(would pin ${images.golang.index.digest}, the index digest`, 'm'), walked.stdout);
  });

  it('a stale digest in a matrix list is flagged there, and pin --update replaces it in place', async () => {
    const old = await pushImage(registry, 'acme/matrix-drift', '1', { platforms: ['linux/amd64'], salt: 'a' });
    const now = await pushImage(registry, 'acme/matrix-drift', '1', { platforms: ['linux/amd64'], salt: 'b' });
    const alpine = `alpine:3.20@${digestFor(images.alpine, 'amd64')}`;
    files.write(FILE, pinned(images).replace(alpine, `acme/matrix-drift:1@${digestFor(old, 'amd64')}`));
    const r = await runCli(['check', ...common, '--allow-unresolved', '--json', FILE], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const entries = (JSON.parse(r.stdout) as Entry[]).filter((e) => e.state !== 'unresolved' && e.state !== 'current');
    assert.deepEqual(seen(entries), [`8:17 stale acme/matrix-drift:1@${digestFor(old, 'amd64')}`]);
    const update = await runCli(['pin', ...common, '--update', '--allow-unresolved', FILE], { cwd: dir });
    assert.equal(update.code, 0, update.stderr);
    assert.equal(files.read(FILE), pinned(images).replace(alpine, `acme/matrix-drift:1@${digestFor(now, 'amd64')}`));
  });
});
