// How many requests RegistryClient spends, counted by a proxy in front of a token-auth registry
// (the Docker Hub shape): users on slow links or rate limits notice every extra round trip.
import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { RegistryClient } from '../../src/registry/client';
import { DockerConfigDir, loginEntry } from '../support/clientSetup';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';

/** Distinct repositories, as a Dockerfile with several base and build images names them. */
const MANY = ['public/many-one', 'public/many-two', 'public/many-three', 'public/many-four', 'public/many-five'];

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
    const { total, withAuthorization } = proxy.counts;
    // Registry requests sent without Authorization: each one earns the 401 that names the realm.
    const challenges = total - proxy.counts.byKind.token - withAuthorization;
    return { ...proxy.counts.byKind, total, challenges, tokenServer: reg.tokenServer?.tokenRequests ?? 0 };
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
    await Promise.all(MANY.map((repository) => pushImage(reg, repository, '1', { platforms })));
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

  it('meets the registry once for N new repositories: 1 challenge + N tokens + N manifests, asked together', async () => {
    const counts = await delta(() => Promise.all(MANY.map((r) => client.resolve(hub(`${r}:1`), { platform: amd64, kind: 'platform' }))));
    assert.deepEqual(
      { challenges: counts.challenges, token: counts.token, tokenServer: counts.tokenServer, manifestGet: counts.manifestGet, total: counts.total },
      // The one challenge is itself a manifest GET that got a 401.
      { challenges: 1, token: MANY.length, tokenServer: MANY.length, manifestGet: MANY.length + 1, total: 2 * MANY.length + 1 },
    );
  });

  it('meets the registry once for N new repositories asked one after another, with HEADs', async () => {
    const counts = await delta(async () => {
      for (const r of MANY) await client.resolve(hub(`${r}:1`), { platform: amd64, kind: 'index' });
    });
    assert.deepEqual([counts.challenges, counts.token, counts.manifestHead, counts.total], [1, MANY.length, MANY.length + 1, 2 * MANY.length + 1]);
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
    // The registry's challenge is known by now, so the new repository's token comes first: no 401.
    assert.deepEqual([otherRepo.token, otherRepo.challenges, otherRepo.manifestGet, otherRepo.total], [1, 0, 1, 2]);
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

describe('RegistryClient request economy (Basic registry behind a counting proxy)', () => {
  let reg: TestRegistry;
  let proxy: FaultProxy;
  let config: DockerConfigDir;
  let client: RegistryClient;
  const amd64 = parsePlatform('linux/amd64');

  before(async () => {
    reg = await startRegistry({ auth: 'basic' });
    await Promise.all(MANY.map((repository) => pushImage(reg, repository, '1', { platforms: ['linux/amd64', 'linux/arm64'] })));
    proxy = await startFaultProxy(reg.url);
    config = await DockerConfigDir.create({ 'docker.io': loginEntry(reg) });
  });
  after(async () => {
    await config?.remove();
    await proxy?.stop();
    await reg?.stop();
  });
  beforeEach(() => {
    client = new RegistryClient({ mirrors: { 'docker.io': proxy.url }, credentials: config.credentials(), timeoutMs: 10_000 });
  });
  afterEach(() => client.dispose());

  it('meets the registry once for N new repositories: 1 challenge + N manifests', async () => {
    proxy.resetCounts();
    await Promise.all(MANY.map((r) => client.resolve(parseReference(`${r}:1`), { platform: amd64, kind: 'platform' })));
    const { total, withAuthorization, byKind } = proxy.counts;
    assert.deepEqual([total - withAuthorization, byKind.token, byKind.manifestGet, total], [1, 0, MANY.length + 1, MANY.length + 1]);
  });
});
