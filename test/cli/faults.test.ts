import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { startRegistry, type TestRegistry } from '../support/registry';
import { MULTI_STAGE, pinnedMultiStage, pushMultiStageImages, type Images } from './fixtures';
import { buildCli, runCli, tempDir } from './helpers';

describe('docker-pin pin and check through a misbehaving network', function () {
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let images: Images;
  let dir: string;
  let file: string;

  before(async function () {
    this.timeout(120_000);
    const [reg] = await Promise.all([startRegistry({ auth: 'none' }), buildCli()]);
    registry = reg;
    images = await pushMultiStageImages(registry);
    proxy = await startFaultProxy(registry.url);
  });
  after(async () => {
    await proxy?.stop();
    await registry?.stop();
  });
  beforeEach(() => {
    dir = tempDir('faults');
    file = join(dir, 'Dockerfile');
    writeFileSync(file, MULTI_STAGE);
  });
  afterEach(() => {
    proxy.fault(null);
    rmSync(dir, { recursive: true, force: true });
  });

  const pin = (...extra: string[]) =>
    runCli(['pin', '--mirror', `docker.io=${proxy.url}`, '--platform', 'linux/amd64', ...extra, 'Dockerfile'], { cwd: dir });
  const untouched = () => assert.equal(readFileSync(file, 'utf8'), MULTI_STAGE);
  /** Only the `# syntax=` line pinned: its index digest comes from a HEAD, which a fault in manifest GETs does not reach. */
  const onlySyntaxPinned = () =>
    assert.equal(readFileSync(file, 'utf8'), MULTI_STAGE.replace('docker/dockerfile:1\n', `docker/dockerfile:1@${images.frontend.index.digest}\n`));

  it('a file edited while pinning is not overwritten: exit 3, "changed while pinning", the edit kept', async () => {
    proxy.latencyMs = 1500;
    proxy.resetCounts();
    try {
      const running = pin();
      // The first request reaches the proxy only after the file was read: edit it then.
      const deadline = Date.now() + 10_000;
      while (proxy.counts.total === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.ok(proxy.counts.total > 0, 'the CLI reached the registry');
      const edited = `${MULTI_STAGE}# edited while pinning\n`;
      writeFileSync(file, edited);
      const r = await running;
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /Dockerfile: changed while pinning; nothing written/);
      assert.equal(readFileSync(file, 'utf8'), edited);
    } finally {
      proxy.latencyMs = 0;
    }
  });

  it('a tampered manifest is refused: exit 3, a digest mismatch named, no platform digest written', async () => {
    proxy.fault({ kind: 'tamper', method: 'GET', path: /\/manifests\// });
    const r = await pin();
    assert.equal(r.code, 3);
    assert.match(r.stderr, /digest/i);
    assert.match(r.stderr, /pinned 1, updated 0, unchanged 0, failed 5 in Dockerfile/);
    onlySyntaxPinned();
  });

  it('a tampered manifest makes check fail with 3, not pass or report a digest', async () => {
    proxy.fault({ kind: 'tamper', method: 'GET', path: /\/manifests\// });
    const r = await runCli(['check', '--mirror', `docker.io=${proxy.url}`, 'Dockerfile'], { cwd: dir });
    assert.equal(r.code, 3);
    assert.equal(r.stdout, `Dockerfile:1:10: unpinned docker/dockerfile:1 (would pin ${images.frontend.index.digest})\n`);
  });

  it('a registry that hangs ends in a timeout within the --timeout, nothing written', async () => {
    proxy.fault({ kind: 'hang' });
    const started = Date.now();
    const r = await pin('--timeout', '1');
    assert.equal(r.code, 3);
    assert.match(r.stderr, /did not answer within 1 s/);
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    untouched();
  });

  it('an oversized manifest is refused, no platform digest written', async () => {
    proxy.fault({ kind: 'oversize', method: 'GET', path: /\/manifests\// });
    const r = await pin();
    assert.equal(r.code, 3);
    assert.match(r.stderr, /large|size|MiB/i);
    onlySyntaxPinned();
  });

  it('connections reset every time: exit 3, nothing written', async () => {
    proxy.fault({ kind: 'reset', path: /\/manifests\// });
    const r = await pin('--timeout', '2');
    assert.equal(r.code, 3);
    untouched();
  });

  it('a registry that keeps answering 503: exit 3, nothing written', async () => {
    proxy.fault({ kind: 'status', status: 503, path: /\/manifests\// });
    const r = await pin();
    assert.equal(r.code, 3);
    untouched();
  });

  it('a passing 429 with Retry-After is waited out and the file is pinned', async () => {
    proxy.fault({ kind: 'status', status: 429, retryAfter: 1, times: 1, path: /\/manifests\// });
    const r = await pin();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), pinnedMultiStage(images));
  });
});
