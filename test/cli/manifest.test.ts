import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { pushImage, pushSingle } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';
import { buildCli, runCli } from './helpers';

describe('docker-pin manifest', function () {
  let registry: TestRegistry;
  let pushed: Awaited<ReturnType<typeof pushImage>>;
  let mirror: string[];

  before(async function () {
    this.timeout(120_000);
    const [reg] = await Promise.all([startRegistry({ auth: 'none' }), buildCli()]);
    registry = reg;
    pushed = await pushImage(registry, 'library/redis', '7', { platforms: ['linux/amd64', 'linux/arm64'], format: 'docker', attestations: true });
    mirror = ['--mirror', `docker.io=${registry.url}`];
  });
  after(async () => registry?.stop());

  it('prints the index exactly as pushed, byte for byte', async () => {
    const r = await runCli(['manifest', ...mirror, 'redis:7']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdoutBytes.equals(pushed.index.bytes));
    assert.equal(`sha256:${createHash('sha256').update(r.stdoutBytes).digest('hex')}`, pushed.index.digest);
  });

  it('with --platform prints the manifest chosen for it', async () => {
    const arm = pushed.children.find((c) => c.platform?.architecture === 'arm64');
    const r = await runCli(['manifest', ...mirror, '--platform', 'linux/arm64', 'redis:7']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(arm && r.stdoutBytes.equals(arm.bytes));
  });

  it('with --platform, a single-platform manifest for another platform is exit 3, as resolve says', async () => {
    const single = await pushSingle(registry, 'acme/single', '1', 'linux/amd64');
    const wrong = await runCli(['manifest', ...mirror, '--platform', 'linux/arm64', 'acme/single:1']);
    assert.equal(wrong.code, 3);
    assert.equal(wrong.stdout, '');
    assert.match(wrong.stderr, /acme\/single.*no image for linux\/arm64.*available: linux\/amd64/);
    const resolve = await runCli(['resolve', ...mirror, '--platform', 'linux/arm64', 'acme/single:1']);
    assert.equal(resolve.code, wrong.code);
    const right = await runCli(['manifest', ...mirror, '--platform', 'linux/amd64', 'acme/single:1']);
    assert.equal(right.code, 0, right.stderr);
    assert.ok(right.stdoutBytes.equals(single.bytes));
  });

  it('by digest prints that manifest', async () => {
    const amd = pushed.children.find((c) => c.platform?.architecture === 'amd64');
    const r = await runCli(['manifest', ...mirror, `redis@${amd?.digest}`]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(amd && r.stdoutBytes.equals(amd.bytes));
  });

  it('exit 3 and nothing on stdout when the image is missing', async () => {
    const r = await runCli(['manifest', ...mirror, 'redis:0']);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /redis/);
  });
});
