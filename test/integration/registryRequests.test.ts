// How many requests RegistryClient spends, counted by a proxy in front of a token-auth registry
// (the Docker Hub shape): users on slow links or rate limits notice every extra round trip.
import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { RegistryClient } from '../../src/registry/client';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';

describe('RegistryClient request economy (token registry behind a counting proxy)', () => {
  let reg: TestRegistry;
  let proxy: FaultProxy;
  let client: RegistryClient;
  const images: Record<string, PushedImage> = {};
  const amd64 = parsePlatform('linux/amd64');

  // Hub names through a mirror, anonymously, as most users pull public base images.
  const hub = (name: string) => parseReference(name);
  const delta = async (work: () => Promise<unknown>) => {
    proxy.resetCounts();
    reg.tokenServer?.resetCounts();
    await work();
    return { ...proxy.counts.byKind, total: proxy.counts.total, tokenServer: reg.tokenServer?.tokenRequests ?? 0 };
  };

  /** Meets the repository's auth challenge and gets its token, so later counts show only the work itself. */
  const warm = (repository: string) => client.resolve(hub(`${repository}:warm`), { platform: amd64, kind: 'index' });

  before(async () => {
    reg = await startRegistry({ auth: 'token' });
    const platforms = ['linux/amd64', 'linux/arm64'];
    await Promise.all(
      ['1', '2', '3'].map(async (tag) => {
        images[`a${tag}`] = await pushImage(reg, 'public/a', tag, { platforms, attestations: true });
      }),
    );
    images.b = await pushImage(reg, 'public/b', '1', { platforms, attestations: true });
    await pushImage(reg, 'public/a', 'warm', { platforms: ['linux/amd64'] });
    await pushImage(reg, 'public/b', 'warm', { platforms: ['linux/amd64'] });
    proxy = await startFaultProxy(reg.url);
  });
  after(async () => {
    await proxy?.stop();
    await reg?.stop();
  });
  beforeEach(() => {
    client = new RegistryClient({ mirrors: { 'docker.io': proxy.url }, timeoutMs: 10_000 });
  });
  afterEach(() => client.dispose());

  it('meets a token registry with one challenge: 401, one token, the request again', async () => {
    const counts = await delta(() => client.resolve(hub('public/a:1'), { platform: amd64, kind: 'index' }));
    assert.deepEqual([counts.manifestHead, counts.token, counts.manifestGet, counts.total], [2, 1, 0, 3]);
  });

  it('uses HEAD, not GET, when only the index digest is wanted', async () => {
    await warm('public/a');
    let digest = '';
    const counts = await delta(async () => {
      digest = (await client.resolve(hub('public/a:1'), { platform: amd64, kind: 'index' })).indexDigest;
    });
    assert.equal(digest, images.a1.index.digest);
    assert.deepEqual([counts.manifestHead, counts.manifestGet, counts.total], [1, 0, 1]);
  });

  it('chooses the platform from one GET of the index, without fetching the child', async () => {
    await warm('public/a');
    const counts = await delta(() => client.resolve(hub('public/a:1'), { platform: amd64, kind: 'platform' }));
    assert.deepEqual([counts.manifestGet, counts.total], [1, 1]);
  });

  it('fetches one token per repository scope, however many tags it resolves', async () => {
    const sameRepo = await delta(async () => {
      for (const tag of ['1', '2', '3']) await client.resolve(hub(`public/a:${tag}`), { platform: amd64, kind: 'platform' });
    });
    assert.equal(sameRepo.token, 1);
    assert.equal(sameRepo.tokenServer, 1);
    const otherRepo = await delta(() => client.resolve(hub('public/b:1'), { platform: amd64, kind: 'platform' }));
    assert.equal(otherRepo.token, 1);
  });

  it('resolves identical references once when asked for them at the same time', async () => {
    await warm('public/a');
    let results: { platformDigest?: string }[] = [];
    const counts = await delta(async () => {
      results = await Promise.all(Array.from({ length: 5 }, () => client.resolve(hub('public/a:2'), { platform: amd64, kind: 'platform' })));
    });
    assert.deepEqual(
      results.map((r) => r.platformDigest),
      Array(5).fill(images.a2.children[0].digest),
    );
    assert.deepEqual([counts.manifestGet, counts.total], [1, 1]);
  });

  it('answers a repeated resolution from its cache with no request at all', async () => {
    await client.resolve(hub('public/a:3'), { platform: amd64, kind: 'platform' });
    await client.resolve(hub('public/a:3'), { platform: amd64, kind: 'index' });
    const counts = await delta(async () => {
      await client.resolve(hub('public/a:3'), { platform: amd64, kind: 'platform' });
      await client.resolve(hub('docker.io/public/a:3'), { platform: amd64, kind: 'platform' });
      await client.resolve(hub('public/a:3'), { platform: amd64, kind: 'index' });
    });
    assert.equal(counts.total, 0);
  });

  it('fetches a manifest by digest only once (content at a digest never changes)', async () => {
    await warm('public/a');
    const digest = images.a1.children[1].digest;
    const first = await delta(() => client.manifest(parseReference(`public/a@${digest}`), {}));
    assert.deepEqual([first.manifestGet, first.total], [1, 1]);
    const again = await delta(() => client.manifest(parseReference(`public/a@${digest}`), {}));
    assert.equal(again.total, 0);
  });

  it('counts its own requests as the proxy does', async () => {
    const before = { ...client.stats };
    const counts = await delta(async () => {
      await client.resolve(hub('public/b:1'), { platform: amd64, kind: 'index' });
      await client.resolve(hub('public/b:1'), { platform: amd64, kind: 'platform' });
    });
    assert.equal(client.stats.manifestHeads - before.manifestHeads, counts.manifestHead);
    assert.equal(client.stats.manifestGets - before.manifestGets, counts.manifestGet);
    assert.equal(client.stats.tokenRequests - before.tokenRequests, counts.token);
  });
});
