// The disk cache seen from the registry: a token registry (the Docker Hub shape) behind a
// counting proxy, and a fresh client per run sharing one cache directory, as CLI runs do. A
// manifest GET is what Docker Hub counts as a pull; a HEAD is not.
import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { RegistryClient } from '../../src/registry/client';
import { expectCode } from '../support/clientSetup';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { PATHS } from '../support/faultRules';
import { deleteManifest, pushImage, pushSingle, type PushedImage } from '../support/push';
import { startRegistry, type TestRegistry } from '../support/registry';

describe('RegistryClient with a disk cache (token registry behind a counting proxy)', () => {
  let reg: TestRegistry;
  let proxy: FaultProxy;
  let cacheDir: string;
  let multi: PushedImage;
  /** The config blob public/single:1 names. */
  let singleConfig: string;
  const amd64 = parsePlatform('linux/amd64');
  const arm64 = parsePlatform('linux/arm64');
  const clients: RegistryClient[] = [];

  /**
   * A new process's client: nothing in memory, only what the cache directory holds (the clients
   * before it have written what they queued, as a CLI does before it exits). It has met the
   * registry's auth challenge (a HEAD of another repository), so counts show the work itself.
   */
  const fresh = async (cacheDirectory: string | null = cacheDir) => {
    await ended();
    const client = new RegistryClient({ mirrors: { 'docker.io': proxy.url }, timeoutMs: 10_000, ...(cacheDirectory !== null ? { cacheDirectory } : {}) });
    clients.push(client);
    await client.resolve(parseReference('public/warm:1'), { platform: amd64, kind: 'index' });
    return client;
  };
  /** The clients' runs have ended: what they queued for the disk cache is written. */
  const ended = () => Promise.all(clients.map((c) => c.flush()));
  const counted = async <T>(made: Promise<RegistryClient>, work: (client: RegistryClient) => Promise<T>) => {
    const client = await made;
    proxy.resetCounts();
    const result = await work(client);
    await client.flush();
    const { manifestGet, manifestHead, blob } = proxy.counts.byKind;
    return { result, manifestGet, manifestHead, blob };
  };
  const platformOf = (client: RegistryClient, name: string, platform = amd64) => client.resolve(parseReference(name), { platform, kind: 'platform' });
  const cached = async (kind: 'manifests' | 'blobs', digest: string) => path.join(cacheDir, kind, 'sha256', digest.slice('sha256:'.length));

  before(async () => {
    reg = await startRegistry({ auth: 'token', deletes: true });
    multi = await pushImage(reg, 'public/multi', '1', { platforms: ['linux/amd64', 'linux/arm64'], attestations: true });
    const single = await pushSingle(reg, 'public/single', '1', 'linux/amd64');
    singleConfig = (JSON.parse(single.bytes.toString()) as { config: { digest: string } }).config.digest;
    await pushSingle(reg, 'public/warm', '1', 'linux/amd64');
    proxy = await startFaultProxy(reg.url);
  });
  after(async () => {
    await proxy?.stop();
    await reg?.stop();
  });
  beforeEach(async () => {
    cacheDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'docker-pin-cache-it-')), 'docker-pin');
  });
  afterEach(async () => {
    proxy.fault(null);
    await ended();
    for (const client of clients.splice(0)) client.dispose();
    await rm(path.dirname(cacheDir), { recursive: true, force: true });
  });

  it('a cold run costs what it costs without a cache; a repeat run only HEADs, with the same answers', async () => {
    const cold = await counted(fresh(), (c) => platformOf(c, 'public/multi:1'));
    const uncached = await counted(fresh(null), (c) => platformOf(c, 'public/multi:1'));
    assert.deepEqual([cold.manifestGet, cold.manifestHead], [uncached.manifestGet, uncached.manifestHead]);
    assert.deepEqual([cold.manifestGet, cold.manifestHead], [1, 0]);

    const warm = await counted(fresh(), (c) => platformOf(c, 'public/multi:1'));
    assert.deepEqual([warm.manifestGet, warm.manifestHead], [0, 1]);
    assert.deepEqual(warm.result, cold.result);
    assert.equal(warm.result.platformDigest, multi.children[0].digest);
    // Another platform of the same tag: the index is held, so still no GET.
    const other = await counted(fresh(), (c) => platformOf(c, 'public/multi:1', arm64));
    assert.deepEqual([other.manifestGet, other.result.platformDigest], [0, multi.children[1].digest]);
  });

  it('a single-manifest tag: its config is kept too, so a repeat run neither GETs the manifest nor the blob', async () => {
    const cold = await counted(fresh(), (c) => platformOf(c, 'public/single:1'));
    assert.deepEqual([cold.manifestGet, cold.blob], [1, 1]);
    const warm = await counted(fresh(), (c) => platformOf(c, 'public/single:1'));
    assert.deepEqual([warm.manifestGet, warm.manifestHead, warm.blob], [0, 1, 0]);
    assert.deepEqual(warm.result, cold.result);
  });

  it('keeps a config blob only as the fetcher verified it: a tampered one is refused and not kept, a damaged kept one is fetched again', async () => {
    proxy.fault({ kind: 'tamper', method: 'GET', path: PATHS.blobs });
    await expectCode(platformOf(await fresh(), 'public/single:1'), 'DIGEST_MISMATCH');
    await ended();
    const file = await cached('blobs', singleConfig);
    await assert.rejects(readFile(file), { code: 'ENOENT' });
    proxy.fault(null);
    const cold = await counted(fresh(), (c) => platformOf(c, 'public/single:1'));
    assert.equal(cold.blob, 1);
    const good = await readFile(file);
    await writeFile(file, good.subarray(0, good.length - 1));
    const warm = await counted(fresh(), (c) => platformOf(c, 'public/single:1'));
    assert.equal(warm.blob, 1, 'the damaged entry was not trusted');
    assert.deepEqual(warm.result, cold.result);
    assert.deepEqual(await readFile(file), good);
  });

  it('a tag moved to a new digest costs one GET, of that digest, and the new answer', async () => {
    await pushImage(reg, 'public/moving', '1', { platforms: ['linux/amd64'], salt: 'before' });
    await platformOf(await fresh(), 'public/moving:1');
    const moved = await pushImage(reg, 'public/moving', '1', { platforms: ['linux/amd64'], salt: 'after' });
    const warm = await counted(fresh(), (c) => platformOf(c, 'public/moving:1'));
    assert.deepEqual([warm.manifestHead, warm.manifestGet], [1, 1]);
    assert.equal(warm.result.indexDigest, moved.index.digest);
    assert.equal(warm.result.platformDigest, moved.children[0].digest);
    const again = await counted(fresh(), (c) => platformOf(c, 'public/moving:1'));
    assert.deepEqual([again.manifestHead, again.manifestGet], [1, 0]);
  });

  it('ignores a damaged entry, fetches the manifest again and replaces the entry', async () => {
    await platformOf(await fresh(), 'public/multi:1');
    await ended();
    const file = await cached('manifests', multi.index.digest);
    const good = await readFile(file);
    const damaged = Buffer.from(good);
    damaged[damaged.length - 5] ^= 0x01;
    await writeFile(file, damaged);
    const warm = await counted(fresh(), (c) => platformOf(c, 'public/multi:1'));
    assert.equal(warm.result.platformDigest, multi.children[0].digest);
    assert.equal(warm.manifestGet, 1);
    assert.deepEqual(await readFile(file), good);
  });

  it('falls back to one GET when the registry\'s HEAD names no digest', async () => {
    await platformOf(await fresh(), 'public/multi:1');
    const client = fresh();
    await client;
    proxy.fault({ method: 'HEAD', path: PATHS.manifests, kind: 'respond', status: 200, headers: { 'content-type': multi.index.mediaType } });
    const warm = await counted(client, (c) => platformOf(c, 'public/multi:1'));
    assert.deepEqual([warm.manifestHead, warm.manifestGet], [1, 1]);
    assert.equal(warm.result.platformDigest, multi.children[0].digest);
  });

  it('never serves a held manifest the registry\'s HEAD contradicts: a lying HEAD digest is checked by GET', async () => {
    await platformOf(await fresh(), 'public/multi:1');
    const child = multi.children[0].digest;
    // resolveDigest asks whether the registry still has it; the HEAD names another digest.
    await (await fresh()).manifest(parseReference(`public/multi@${child}`), {});
    const client = fresh();
    await client;
    proxy.fault({ method: 'HEAD', path: PATHS.manifests, kind: 'respond', status: 200, headers: { 'content-type': multi.children[0].mediaType, 'docker-content-digest': multi.index.digest } });
    const answer = await counted(client, (c) => c.resolveDigest(parseReference(`public/multi:1@${child}`), { platform: amd64, kind: 'index' }));
    assert.deepEqual([answer.manifestHead, answer.manifestGet, answer.result.indexDigest], [1, 1, child]);
  });

  it('serves `manifest` by digest from the cache after a HEAD, the bytes unchanged', async () => {
    const child = multi.children[1];
    const cold = await counted(fresh(), (c) => c.manifest(parseReference(`public/multi@${child.digest}`), {}));
    const warm = await counted(fresh(), (c) => c.manifest(parseReference(`public/multi@${child.digest}`), {}));
    assert.deepEqual([cold.manifestGet, warm.manifestGet, warm.manifestHead], [1, 0, 1]);
    assert.deepEqual(warm.result.bytes, child.bytes);
    assert.equal(warm.result.mediaType, child.mediaType);
  });

  it('without a cache directory, writes nothing and every run GETs', async () => {
    const none = path.join(path.dirname(cacheDir), 'unused');
    await platformOf(await fresh(null), 'public/multi:1');
    const again = await counted(fresh(null), (c) => platformOf(c, 'public/multi:1'));
    assert.equal(again.manifestGet, 1);
    await assert.rejects(readdir(none), { code: 'ENOENT' });
    await assert.rejects(readdir(cacheDir), { code: 'ENOENT' });
  });
});

describe('RegistryClient with a disk cache: a pin whose manifest the registry deleted', () => {
  let plain: TestRegistry;
  let cacheDir: string;
  const amd64 = parsePlatform('linux/amd64');
  const clients: RegistryClient[] = [];
  /** A new process's client; the ones before it have written what they queued. */
  const plainClient = async () => {
    await Promise.all(clients.map((c) => c.flush()));
    const client = new RegistryClient({ timeoutMs: 10_000, cacheDirectory: cacheDir });
    clients.push(client);
    return client;
  };
  /** Counted by the client itself (registryRequests.test.ts checks those counters against a proxy's). */
  const countedPlain = async <T>(work: (client: RegistryClient) => Promise<T>) => {
    const client = await plainClient();
    const start = { ...client.stats };
    const result = await work(client);
    return { result, manifestGet: client.stats.manifestGets - start.manifestGets, manifestHead: client.stats.manifestHeads - start.manifestHeads, blob: client.stats.blobGets - start.blobGets };
  };

  before(async () => {
    plain = await startRegistry({ auth: 'none', deletes: true });
    cacheDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'docker-pin-cache-gone-')), 'docker-pin');
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.flush()));
    for (const client of clients.splice(0)) client.dispose();
    await plain?.stop();
    await rm(path.dirname(cacheDir), { recursive: true, force: true });
  });

  it('a pinned digest held in the cache is confirmed with a HEAD; one the registry deleted is not found', async () => {
    const gone = await pushImage(plain, 'acme/deleted', '1', { platforms: ['linux/amd64'] });
    const child = gone.children[0].digest;
    const ref = parseReference(`${plain.host}/acme/deleted:1@${child}`);
    const first = await countedPlain((c) => c.resolveDigest(ref, { platform: amd64, kind: 'platform', allowNoMatch: true }));
    assert.deepEqual([first.manifestGet, first.blob], [1, 1]);
    const warm = await countedPlain((c) => c.resolveDigest(ref, { platform: amd64, kind: 'platform', allowNoMatch: true }));
    assert.deepEqual([warm.manifestHead, warm.manifestGet, warm.blob], [1, 0, 0]);
    assert.deepEqual(warm.result, first.result);

    await deleteManifest(plain, 'acme/deleted', child);
    await expectCode((await plainClient()).resolveDigest(ref, { platform: amd64, kind: 'index' }), 'NOT_FOUND');
    await expectCode((await plainClient()).manifest(parseReference(`${plain.host}/acme/deleted@${child}`), {}), 'NOT_FOUND');
  });
});
