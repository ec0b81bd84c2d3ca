// RegistryClient when the registry or the network misbehaves, through the fault proxy in front
// of a real registry: transient trouble is retried, everything else is a clear typed error
// naming the host, and nothing wrong is ever pinned.
import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { RegistryClient } from '../../src/registry/client';
import type { RegistryClientOptions } from '../../src/registry/types';
import { DockerConfigDir, expectCode, loginEntry } from '../support/clientSetup';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { PATHS } from '../support/faultRules';
import { FakeClock } from '../support/fakeClock';
import { freePort } from '../support/net';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';

const amd64 = parsePlatform('linux/amd64');

describe('RegistryClient under faults (real registry behind the fault proxy)', () => {
  let reg: TestRegistry;
  let proxy: FaultProxy;
  let config: DockerConfigDir;
  let image: PushedImage;
  const clients: RegistryClient[] = [];

  /** A fresh client (empty caches) for the proxied basic-auth registry. */
  const makeClient = (options: Partial<RegistryClientOptions> = {}): RegistryClient => {
    const c = new RegistryClient({ credentials: config.credentials(), timeoutMs: 5_000, ...options });
    clients.push(c);
    return c;
  };
  const ref = () => parseReference(`${proxy.host}/team/app:1`);
  const resolvePlatform = (c: RegistryClient) => c.resolve(ref(), { platform: amd64, kind: 'platform' });

  before(async () => {
    reg = await startRegistry({ auth: 'basic' });
    image = await pushImage(reg, 'team/app', '1', { platforms: ['linux/amd64', 'linux/arm64'], attestations: true });
    proxy = await startFaultProxy(reg.url);
    config = await DockerConfigDir.create({ [proxy.host]: loginEntry(reg) });
  });
  after(async () => {
    for (const c of clients) c.dispose();
    await config?.remove();
    await proxy?.stop();
    await reg?.stop();
  });
  beforeEach(() => {
    proxy.fault(null);
    proxy.resetCounts();
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    proxy.fault({ kind: 'status', status: 429, retryAfter: 1, times: 1, path: PATHS.manifests });
    // Sleeps end at once (no deadline to fire with them): the test reads the wait asked for.
    const clock = new FakeClock({ instantUpToMs: 3600_000 });
    const r = await resolvePlatform(makeClient({ clock, timeoutMs: Infinity }));
    assert.equal(r.platformDigest, image.children[0].digest);
    assert.equal(proxy.faultHits, 1);
    assert.deepEqual(clock.slept, [1000], 'the client honours Retry-After: 1');
  });

  it('gives up on a lasting 429 with RATE_LIMITED and the wait the registry asked for', async () => {
    proxy.fault({ kind: 'status', status: 429, retryAfter: 1, path: PATHS.manifests });
    const clock = new FakeClock({ instantUpToMs: 3600_000 });
    const e = await expectCode(resolvePlatform(makeClient({ maxRetries: 1, clock, timeoutMs: Infinity })), 'RATE_LIMITED');
    assert.equal(e.details.retryAfterSeconds, 1);
    assert.match(e.message, new RegExp(proxy.host));
  });

  it('retries 503 and 502 answers, then succeeds', async () => {
    proxy.fault({ kind: 'status', status: 503, times: 2, path: PATHS.manifests });
    assert.equal((await resolvePlatform(makeClient())).platformDigest, image.children[0].digest);
    assert.equal(proxy.faultHits, 2);
    proxy.fault({ kind: 'status', status: 502, times: 1, path: PATHS.manifests });
    assert.equal((await resolvePlatform(makeClient())).platformDigest, image.children[0].digest);
    assert.equal(proxy.faultHits, 1);
  });

  it('times out a registry that never answers with TIMEOUT, quickly', async () => {
    proxy.fault({ kind: 'hang', path: PATHS.manifests });
    const clock = new FakeClock();
    const pending = resolvePlatform(makeClient({ timeoutMs: 300, maxRetries: 1, clock }));
    while (proxy.faultHits === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    clock.advance(300);
    const e = await expectCode(pending, 'TIMEOUT');
    assert.match(e.message, new RegExp(`${proxy.host} did not answer within 300 ms`));
  });

  it('gives up on a registry that stops answering after about one timeout, not one per round of queued images', async () => {
    proxy.fault({ kind: 'hang', path: PATHS.manifests });
    const clock = new FakeClock();
    const client = makeClient({ timeoutMs: 400, maxRetries: 1, clock });
    const refs = Array.from({ length: 24 }, (_, i) => parseReference(`${proxy.host}/team/app${i}:1`));
    const results = await clock.expire(Promise.allSettled(refs.map((r) => client.resolve(r, { platform: amd64, kind: 'platform' }))));
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      if (r.status === 'rejected') {
        assert.equal((r.reason as { code?: string }).code, 'TIMEOUT', String(r.reason));
        assert.match(String((r.reason as Error).message), new RegExp(proxy.host));
      }
    }
    // Without remembering the silent host every image would wait out its own timeout (the probe,
    // then three rounds of eight); remembered, only the first round reaches it.
    assert.ok(proxy.faultHits <= 8, `${proxy.faultHits} requests reached the silent registry`);
  });

  it('refuses a tampered manifest with DIGEST_MISMATCH', async () => {
    proxy.fault({ kind: 'tamper', method: 'GET', path: PATHS.manifests });
    const e = await expectCode(resolvePlatform(makeClient()), 'DIGEST_MISMATCH');
    assert.match(e.message, /team\/app/);
  });

  it('refuses a tampered child fetched by digest with DIGEST_MISMATCH', async () => {
    proxy.fault({ kind: 'tamper', method: 'GET', path: /\/manifests\/sha256:/ });
    const child = parseReference(`${proxy.host}/team/app@${image.children[1].digest}`);
    await expectCode(makeClient().manifest(child, {}), 'DIGEST_MISMATCH');
  });

  it('stops reading an oversized manifest with MANIFEST_TOO_LARGE, with or without Content-Length', async () => {
    proxy.fault({ kind: 'oversize', bytes: 64 * 1024 * 1024, path: PATHS.manifests });
    const start = Date.now();
    await expectCode(resolvePlatform(makeClient()), 'MANIFEST_TOO_LARGE');
    assert.ok(proxy.bytesOut < 32 * 1024 * 1024, `read ${proxy.bytesOut} bytes of 64 MiB before stopping`);
    assert.ok(Date.now() - start < 5_000);
    proxy.fault({ kind: 'oversize', contentLength: true, path: PATHS.manifests });
    await expectCode(resolvePlatform(makeClient()), 'MANIFEST_TOO_LARGE');
  });

  it('follows a redirect to another host without carrying the Authorization header there', async () => {
    proxy.fault({ kind: 'redirect', method: 'GET', path: PATHS.manifests });
    const r = await resolvePlatform(makeClient());
    assert.equal(r.platformDigest, image.children[0].digest);
    const hits = proxy.redirectTarget.hits;
    assert.ok(hits.length >= 1, 'the client should have followed the redirect');
    assert.deepEqual(hits.map((h) => h.hadAuthorization), hits.map(() => false));
    assert.ok(proxy.counts.withAuthorization >= 1, 'the registry itself did get the credentials');
  });

  it('retries a reset connection, and reports a lasting one as NETWORK naming the host', async () => {
    proxy.fault({ kind: 'reset', times: 1, path: PATHS.manifests });
    assert.equal((await resolvePlatform(makeClient())).platformDigest, image.children[0].digest);
    proxy.fault({ kind: 'reset', path: PATHS.manifests });
    const e = await expectCode(resolvePlatform(makeClient({ maxRetries: 1 })), 'NETWORK');
    assert.match(e.message, new RegExp(proxy.host));
  });

  it('reports an unreachable port as NETWORK naming the host, fast', async () => {
    const port = await freePort();
    const start = Date.now();
    const e = await expectCode(makeClient().resolve(parseReference(`127.0.0.1:${port}/team/app:1`), { platform: amd64, kind: 'platform' }), 'NETWORK');
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.ok(Date.now() - start < 2_000, `took ${Date.now() - start} ms`);
  });

  it('refuses a schema1 manifest as unsupported rather than pinning it', async () => {
    proxy.fault({
      kind: 'respond',
      status: 200,
      path: PATHS.manifests,
      headers: { 'Content-Type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' },
      body: JSON.stringify({ schemaVersion: 1, name: 'team/app', tag: '1', architecture: 'amd64', fsLayers: [], history: [] }),
    });
    const e = await expectCode(resolvePlatform(makeClient()), 'UNSUPPORTED_MANIFEST');
    assert.match(e.message, /schema ?1|v1/i);
  });
});
