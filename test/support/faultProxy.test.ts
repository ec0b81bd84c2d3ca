import * as assert from 'node:assert/strict';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { PATHS } from './faultRules';
import { MEDIA, sha256 } from './imageContent';
import { pushImage, type PushedImage } from './push';
import { startRegistry, type TestRegistry } from './registry';

const ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');

describe('test support: fault proxy', () => {
  let reg: TestRegistry;
  let proxy: FaultProxy;
  let image: PushedImage;
  let manifestUrl: string;

  before(async () => {
    reg = await startRegistry();
    image = await pushImage(reg, 'library/alpine', '3', { platforms: ['linux/amd64', 'linux/arm64'] });
    proxy = await startFaultProxy(reg.url);
    manifestUrl = `${proxy.url}/v2/library/alpine/manifests/3`;
  });
  after(async () => {
    await proxy.stop();
    await reg.stop();
  });
  beforeEach(() => {
    proxy.fault(null);
    proxy.resetCounts();
    proxy.latencyMs = 0;
  });

  const get = (url = manifestUrl, init: RequestInit = {}): Promise<Response> => fetch(url, { ...init, headers: { Accept: ACCEPT, ...(init.headers as Record<string, string>) } });

  it('forwards faithfully and counts requests by kind, method and bytes', async () => {
    const res = await get();
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(res.status, 200);
    assert.ok(body.equals(image.index.bytes));
    assert.equal(res.headers.get('docker-content-digest'), image.index.digest);
    const head = await get(manifestUrl, { method: 'HEAD' });
    await head.arrayBuffer();
    await (await fetch(`${proxy.url}/v2/`)).arrayBuffer();
    await (await fetch(`${proxy.url}/v2/library/alpine/blobs/${image.children[0].digest}`)).arrayBuffer();
    assert.deepEqual(proxy.counts.byKind, { manifestGet: 1, manifestHead: 1, blob: 1, token: 0, other: 1 });
    assert.deepEqual(proxy.counts.byMethod, { GET: 3, HEAD: 1 });
    assert.equal(proxy.counts.total, 4);
    assert.ok(proxy.bytesOut >= body.length);
  });

  it('adds latency to every request', async () => {
    proxy.latencyMs = 120;
    const start = Date.now();
    await (await get()).arrayBuffer();
    assert.ok(Date.now() - start >= 115);
  });

  it('answers 429 with Retry-After for the first K matching requests only', async () => {
    proxy.fault({ kind: 'status', status: 429, retryAfter: 2, times: 2, path: PATHS.manifests });
    for (let i = 0; i < 2; i++) {
      const res = await get();
      await res.arrayBuffer();
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '2');
    }
    const ok = await get();
    await ok.arrayBuffer();
    assert.equal(ok.status, 200);
    assert.equal(proxy.faultHits, 2);
  });

  it('answers 503 or 502 only for the matching method', async () => {
    proxy.fault({ kind: 'status', status: 503, method: 'HEAD' });
    const head = await get(manifestUrl, { method: 'HEAD' });
    assert.equal(head.status, 503);
    const res = await get();
    await res.arrayBuffer();
    assert.equal(res.status, 200);
  });

  it('hangs matching requests until the client gives up', async () => {
    proxy.fault({ kind: 'hang', path: PATHS.manifests });
    const start = Date.now();
    await assert.rejects(get(manifestUrl, { signal: AbortSignal.timeout(200) }), /timeout|abort/i);
    assert.ok(Date.now() - start < 2000);
    assert.equal(proxy.faultHits, 1);
  });

  it('tampers with a body but keeps its length and Docker-Content-Digest', async () => {
    proxy.fault({ kind: 'tamper', method: 'GET', path: PATHS.manifests });
    const res = await get();
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(body.length, image.index.bytes.length);
    assert.ok(!body.equals(image.index.bytes));
    assert.equal(res.headers.get('docker-content-digest'), image.index.digest);
    assert.notEqual(sha256(body), image.index.digest);
  });

  it('streams an oversized manifest with a true digest and no Content-Length', async () => {
    proxy.fault({ kind: 'oversize', path: PATHS.manifests });
    const res = await get();
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(res.headers.get('content-length'), null);
    assert.ok(body.length >= 5 * 1024 * 1024);
    assert.equal(res.headers.get('docker-content-digest'), sha256(body));
    assert.equal(JSON.parse(body.toString()).mediaType, MEDIA.ociIndex);
  });

  it('redirects to another host that records whether Authorization came along', async () => {
    proxy.fault({ kind: 'redirect', path: PATHS.manifests });
    const res = await get(manifestUrl, { redirect: 'manual' });
    await res.arrayBuffer();
    assert.equal(res.status, 307);
    const location = res.headers.get('location') ?? '';
    assert.ok(location.startsWith(proxy.redirectTarget.url), location);
    assert.notEqual(new URL(location).host, new URL(proxy.url).host);
    const followed = await fetch(location, { headers: { Authorization: 'Bearer leaked' } });
    assert.ok(Buffer.from(await followed.arrayBuffer()).equals(image.index.bytes));
    assert.equal(followed.headers.get('docker-content-digest'), image.index.digest);
    assert.deepEqual(proxy.redirectTarget.hits.map((h) => h.hadAuthorization), [true]);
  });

  it('resets the connection', async () => {
    proxy.fault({ kind: 'reset', path: PATHS.manifests });
    await assert.rejects(get(), (e: Error & { cause?: { code?: string } }) => e.cause?.code === 'ECONNRESET' || /other side closed|socket/i.test(String(e.cause)));
  });

  it('answers a canned response', async () => {
    proxy.fault({ kind: 'respond', status: 200, headers: { 'Content-Type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' }, body: '{"schemaVersion":1}' });
    const res = await get();
    assert.equal(res.headers.get('content-type'), 'application/vnd.docker.distribution.manifest.v1+prettyjws');
    assert.equal(await res.text(), '{"schemaVersion":1}');
  });

  it('adds headers to the registry\'s own answer', async () => {
    proxy.fault({ kind: 'headers', headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '7;w=21600' }, path: PATHS.manifests });
    const res = await get();
    const body = Buffer.from(await res.arrayBuffer());
    assert.ok(body.equals(image.index.bytes));
    assert.equal(res.headers.get('docker-content-digest'), image.index.digest);
    assert.equal(res.headers.get('ratelimit-remaining'), '7;w=21600');
    assert.equal(res.headers.get('ratelimit-limit'), '100;w=21600');
  });

  describe('in front of a token-auth registry', () => {
    let tokenReg: TestRegistry;
    let tokenProxy: FaultProxy;
    before(async () => {
      tokenReg = await startRegistry({ auth: 'token' });
      await pushImage(tokenReg, 'public/app', '1', { platforms: ['linux/amd64'] });
      tokenProxy = await startFaultProxy(tokenReg.url);
    });
    after(async () => {
      await tokenProxy.stop();
      await tokenReg.stop();
    });

    it('points the realm at itself and forwards token requests, counting them', async () => {
      const challenge = await fetch(`${tokenProxy.url}/v2/public/app/manifests/1`, { headers: { Accept: ACCEPT } });
      await challenge.arrayBuffer();
      assert.equal(challenge.status, 401);
      const header = challenge.headers.get('www-authenticate') ?? '';
      const realm = /realm="([^"]+)"/.exec(header)?.[1] ?? '';
      assert.equal(realm, `${tokenProxy.url}/token`);
      const service = /service="([^"]+)"/.exec(header)?.[1] ?? '';
      tokenReg.tokenServer!.resetCounts();
      const tokenRes = await fetch(`${realm}?service=${service}&scope=repository:public/app:pull`);
      const { token } = (await tokenRes.json()) as { token: string };
      const ok = await fetch(`${tokenProxy.url}/v2/public/app/manifests/1`, { headers: { Accept: ACCEPT, Authorization: `Bearer ${token}` } });
      await ok.arrayBuffer();
      assert.equal(ok.status, 200);
      assert.equal(tokenProxy.counts.byKind.token, 1);
      assert.equal(tokenReg.tokenServer!.tokenRequests, 1);
      assert.equal(tokenProxy.counts.challenges, 1, 'only the first manifest request was answered 401');
    });
  });
});
