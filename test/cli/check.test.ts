import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pushImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { MULTI_STAGE, digestFor, pinnedMultiStage, pushMultiStageImages, type Images } from './fixtures';
import { buildCli, runCli, tempDir } from './helpers';

describe('docker-pin check', function () {
  let registry: TestRegistry;
  let images: Images;
  let dir: string;
  let common: string[];

  before(async function () {
    this.timeout(120_000);
    const [reg] = await Promise.all([startRegistry({ auth: 'none' }), buildCli()]);
    registry = reg;
    images = await pushMultiStageImages(registry);
    common = ['--mirror', `docker.io=${registry.url}`, '--platform', 'linux/amd64'];
    dir = tempDir('check');
  });
  after(async () => {
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };
  const check = (...args: string[]) => runCli(['check', ...common, ...args], { cwd: dir });

  it('exit 1 naming every unpinned image as file:line:col with the digest it would pin; writes nothing', async () => {
    const file = write('Dockerfile', MULTI_STAGE);
    const r = await check(file);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(readFileSync(join(dir, file), 'utf8'), MULTI_STAGE);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `Dockerfile:3:32: unpinned golang:1.22 (would pin ${digestFor(images.golang, 'amd64')})`,
      `Dockerfile:5:28: unpinned acme/tools:1 (would pin ${digestFor(images.tools, 'amd64')})`,
      `Dockerfile:7:6: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'amd64')})`,
      `Dockerfile:10:13: unpinned busybox:1.36 (would pin ${digestFor(images.busybox, 'amd64')})`,
      `Dockerfile:11:29: unpinned alpine:3.20 (would pin ${digestFor(images.alpine, 'arm64')})`,
    ]);
  });

  it('exit 0 and silence when every pin is current, index and platform pins alike', async () => {
    const platform = write('platform.Dockerfile', pinnedMultiStage(images));
    const index = write('index.Dockerfile', pinnedMultiStage(images, 'index'));
    const r = await check(platform, index);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('exit 1 for a stale pin', async () => {
    const old = await pushImage(registry, 'acme/drift', '1', { platforms: ['linux/amd64'], salt: 'a' });
    const now = await pushImage(registry, 'acme/drift', '1', { platforms: ['linux/amd64'], salt: 'b' });
    const file = write('stale.Dockerfile', `FROM alpine:3.20@${images.alpine.index.digest}\nFROM acme/drift:1@${old.index.digest}\n`);
    const r = await check(file);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, `stale.Dockerfile:2:6: stale acme/drift:1@${old.index.digest} (would update to ${now.index.digest})\n`);
  });

  it('--json lists every image with its state', async () => {
    const file = write('mixed.Dockerfile', `FROM alpine:3.20@${images.alpine.index.digest} AS a\nFROM busybox:1.36 AS b\nFROM acme/absent:1\n`);
    const r = await check('--json', file);
    assert.equal(r.code, 3);
    const entries = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      entries.map((e) => [e.file, e.line, e.column, e.state, e.kind]),
      [
        ['mixed.Dockerfile', 1, 6, 'current', 'index'],
        ['mixed.Dockerfile', 2, 6, 'unpinned', 'platform'],
        ['mixed.Dockerfile', 3, 6, 'error', 'platform'],
      ],
    );
    assert.equal(entries[1].targetDigest, digestFor(images.busybox, 'amd64'));
    assert.equal(entries[2].errorCode, 'NOT_FOUND');
  });

  it('exit 3 naming the line when a reference cannot be resolved', async () => {
    const file = write('broken.Dockerfile', `FROM alpine:3.20@${images.alpine.index.digest}\nFROM acme/absent:1\n`);
    const r = await check(file);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /^broken\.Dockerfile:2:6: .*acme\/absent/m);
  });

  it('exit 2 for an invalid reference', async () => {
    const file = write('invalid.Dockerfile', 'FROM alpine:3.20@sha256:123\n');
    const r = await check(file);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^invalid\.Dockerfile:1:6: /m);
  });
});
