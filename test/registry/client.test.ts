import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDockerPinError, type DockerPinError } from '../../src/core/errors';
import { parseReference } from '../../src/core/reference';
import type { Platform } from '../../src/core/types';
import { RegistryClient } from '../../src/registry/client';
import type { Credential, CredentialSource, RegistryClientOptions } from '../../src/registry/types';
import { OCI_INDEX, OCI_MANIFEST, sha256, startFakeRegistry, type FakeRegistry } from './fakeRegistry';
import { startServer } from './fakeServer';
import { startForwardProxy, useProxyEnv, type ForwardProxy } from '../support/forwardProxy';
import { DockerConfigCredentials } from '../../src/registry/credentials';

const amd64: Platform = { os: 'linux', architecture: 'amd64' };
const arm64: Platform = { os: 'linux', architecture: 'arm64' };
const isCode = (code: DockerPinError['code']) => (e: unknown): boolean => isDockerPinError(e) && e.code === code;

function staticCredentials(map: Record<string, Credential>): CredentialSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get: (registry: string) => {
      asked.push(registry);
      return Promise.resolve(map[registry]);
    },
  };
}

describe('registry/client', () => {
  let reg: FakeRegistry;
  let client: RegistryClient;
  const clients: RegistryClient[] = [];
  const make = (options: RegistryClientOptions = {}): RegistryClient => {
    const c = new RegistryClient({ maxRetries: 1, ...options });
    clients.push(c);
    return c;
  };
  const ref = (path: string) => parseReference(`${reg.host}/${path}`);
  const manifestRequests = () => reg.count((r) => r.url.includes('/manifests/'));

  afterEach(async () => {
    for (const c of clients.splice(0)) c.dispose();
    await reg?.close();
  });

  it('reports a refused endpoint as a rejected promise, never a synchronous throw', async () => {
    const c = make({ mirrors: { 'docker.io': 'http://mirror.docker-pin.test' } });
    let pending: Promise<unknown> | undefined;
    assert.doesNotThrow(() => {
      pending = c.resolve(parseReference('alpine:3.20'), { platform: amd64, kind: 'platform' });
    });
    await assert.rejects(pending!, isCode('INSECURE_CONNECTION'));
  });

  describe('without auth', () => {
    let pushed: { index: string; children: Record<string, string> };
    beforeEach(async () => {
      reg = await startFakeRegistry();
      pushed = reg.pushIndex('library/alpine', '3.20', ['linux/amd64', 'linux/arm64', 'linux/arm/v7'], [
        { mediaType: OCI_MANIFEST, digest: `sha256:${'e'.repeat(64)}`, size: 1, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
        { mediaType: 'application/vnd.example.artifact', digest: `sha256:${'f'.repeat(64)}`, size: 1, platform: { os: 'linux', architecture: 'amd64' } },
      ]);
      client = make();
    });

    it('resolves a platform digest with a single GET of the tag', async () => {
      const r = await client.resolve(ref('library/alpine:3.20'), { kind: 'platform', platform: arm64 });
      assert.equal(r.indexDigest, pushed.index);
      assert.equal(r.platformDigest, pushed.children['linux/arm64']);
      assert.equal(r.isIndex, true);
      assert.equal(r.indexMediaType, OCI_INDEX);
      assert.equal(r.platformMediaType, OCI_MANIFEST);
      assert.deepEqual(r.platform, arm64);
      assert.equal(r.name, `${reg.host}/library/alpine`);
      assert.equal(r.tag, '3.20');
      assert.deepEqual(r.platforms?.map((p) => `${p.platform.os}/${p.platform.architecture}${p.platform.variant ? `/${p.platform.variant}` : ''}`), ['linux/amd64', 'linux/arm64', 'linux/arm/v7']);
      assert.equal(reg.server.requests.length, 1);
      assert.equal(client.stats.manifestGets, 1);
      assert.ok(client.stats.bytesRead > 0);
    });

    it('sends all four manifest types in Accept', async () => {
      await client.resolve(ref('library/alpine:3.20'), { kind: 'platform', platform: amd64 });
      const accept = String(reg.server.requests[0].headers.accept);
      for (const t of ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json']) {
        assert.ok(accept.includes(t), t);
      }
    });

    it('resolves an index digest with a HEAD only', async () => {
      const r = await client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 });
      assert.equal(r.indexDigest, pushed.index);
      assert.equal(r.isIndex, true);
      assert.equal(r.platformDigest, undefined);
      assert.deepEqual(reg.server.requests.map((q) => q.method), ['HEAD']);
    });

    it('falls back to GET when HEAD lacks the digest, or answers 405', async () => {
      reg.quirks.headWithoutDigest = true;
      assert.equal((await client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 })).indexDigest, pushed.index);
      assert.deepEqual(reg.server.requests.map((q) => q.method), ['HEAD', 'GET']);
      reg.quirks.headWithoutDigest = false;
      reg.quirks.head405 = true;
      const other = make();
      assert.equal((await other.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 })).indexDigest, pushed.index);
      assert.deepEqual(reg.server.requests.map((q) => q.method), ['HEAD', 'GET', 'HEAD', 'GET']);
    });

    it('answers a repeat from the tag cache with zero requests, until the TTL passes', async () => {
      let now = 1_000_000;
      client = make({ now: () => now, tagCacheTtlMs: 60_000 });
      const opts = { kind: 'platform', platform: amd64 } as const;
      await client.resolve(ref('library/alpine:3.20'), opts);
      await client.resolve(ref('library/alpine:3.20'), opts);
      assert.equal(manifestRequests(), 1);
      now += 61_000;
      await client.resolve(ref('library/alpine:3.20'), opts);
      assert.equal(manifestRequests(), 2);
    });

    it('shares one request among identical concurrent resolutions', async () => {
      const opts = { kind: 'platform', platform: amd64 } as const;
      const all = await Promise.all([1, 2, 3, 4].map(() => client.resolve(ref('library/alpine:3.20'), opts)));
      assert.ok(all.every((r) => r.platformDigest === pushed.children['linux/amd64']));
      assert.equal(manifestRequests(), 1);
    });

    it('drops cached tags on clearCache', async () => {
      const opts = { kind: 'index', platform: amd64 } as const;
      await client.resolve(ref('library/alpine:3.20'), opts);
      client.clearCache();
      await client.resolve(ref('library/alpine:3.20'), opts);
      assert.equal(manifestRequests(), 2);
    });

    it('uses latest when the reference has no tag, and ignores a digest in it', async () => {
      reg.pushIndex('library/alpine', 'latest', ['linux/amd64']);
      const r = await client.resolve(parseReference(`${reg.host}/library/alpine@sha256:${'0'.repeat(64)}`), { kind: 'index', platform: amd64 });
      assert.equal(r.tag, 'latest');
      assert.match(reg.server.requests[0].url, /\/manifests\/latest$/);
    });

    it('reports the platforms on offer when none matches', async () => {
      await assert.rejects(
        client.resolve(ref('library/alpine:3.20'), { kind: 'platform', platform: { os: 'linux', architecture: 's390x' } }),
        (e: unknown) => isDockerPinError(e) && e.code === 'NO_MATCHING_PLATFORM' && e.message.includes('linux/s390x') && e.message.includes('linux/arm/v7') && e.message.includes(`${reg.host}/library/alpine:3.20`),
      );
    });

    it('tells an unknown tag from an unknown repository', async () => {
      await assert.rejects(client.resolve(ref('library/alpine:9.99'), { kind: 'platform', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'NOT_FOUND' && /tag "9\.99" not found/.test(e.message));
      await assert.rejects(client.resolve(ref('library/nope:1'), { kind: 'platform', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'NOT_FOUND' && /repository .*library\/nope not found/.test(e.message));
      await assert.rejects(client.resolve(ref('library/alpine:9.99'), { kind: 'index', platform: amd64 }), isCode('NOT_FOUND'));
    });

    it('maps 403 to DENIED', async () => {
      reg.quirks.deny = true;
      await assert.rejects(client.resolve(ref('library/alpine:3.20'), { kind: 'platform', platform: amd64 }), isCode('DENIED'));
    });

    it('refuses content whose digest is not what the registry claims', async () => {
      reg.quirks.lieAboutDigest = `sha256:${'1'.repeat(64)}`;
      await assert.rejects(client.resolve(ref('library/alpine:3.20'), { kind: 'platform', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'DIGEST_MISMATCH' && e.message.includes(pushed.index) && e.message.includes('1'.repeat(64)) && e.message.includes('library/alpine:3.20'));
    });

    it('checks a single-platform image against its config, fetching the blob without auth across hosts', async () => {
      const single = reg.pushSingle('app/single', '1', 'linux/amd64');
      const storage = await startServer((req, res) => {
        // Reached via "localhost", a different origin than the registry's 127.0.0.1.
        res.writeHead(307, { Location: `${reg.url}${req.url}` });
        res.end();
      });
      try {
        reg.quirks.blobRedirect = `http://localhost:${storage.port}`;
        const r = await client.resolve(ref('app/single:1'), { kind: 'platform', platform: amd64 });
        assert.equal(r.isIndex, false);
        assert.equal(r.indexDigest, single);
        assert.equal(r.platformDigest, single);
        assert.deepEqual(r.platform, amd64);
        assert.equal(r.platforms?.length, 1);
        assert.equal(client.stats.blobGets, 1);
        assert.equal(storage.requests.length, 1);
        await assert.rejects(client.resolve(ref('app/single:1'), { kind: 'platform', platform: arm64 }), (e: unknown) => isDockerPinError(e) && e.code === 'NO_MATCHING_PLATFORM' && e.message.includes('available: linux/amd64'));
      } finally {
        await storage.close();
      }
    });

    it('follows nested indexes by digest', async () => {
      const inner = reg.pushIndex('app/nested', 'inner', ['linux/arm64']);
      const innerSize = JSON.stringify({}).length;
      const outer = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_INDEX, digest: inner.index, size: innerSize }] }));
      reg.put('app/nested', { bytes: outer, mediaType: OCI_INDEX }, 'outer');
      const r = await client.resolve(ref('app/nested:outer'), { kind: 'platform', platform: arm64 });
      assert.equal(r.indexDigest, sha256(outer));
      assert.equal(r.platformDigest, inner.children['linux/arm64']);
    });

    it('rejects schema 1 manifests clearly', async () => {
      reg.put('old/image', { bytes: Buffer.from(JSON.stringify({ schemaVersion: 1, name: 'old/image', fsLayers: [] })), mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws' }, '1');
      await assert.rejects(client.resolve(ref('old/image:1'), { kind: 'platform', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'UNSUPPORTED_MANIFEST' && /schema 1/.test(e.message));
      await assert.rejects(make().resolve(ref('old/image:1'), { kind: 'index', platform: amd64 }), isCode('UNSUPPORTED_MANIFEST'));
    });

    it('returns raw bytes from manifest(), following the index to a platform', async () => {
      const index = await client.manifest(ref('library/alpine:3.20'), {});
      assert.equal(index.digest, pushed.index);
      assert.equal(index.mediaType, OCI_INDEX);
      assert.ok(index.bytes.toString().includes('\n  '), 'bytes as served, not re-serialized');
      const child = await client.manifest(ref('library/alpine:3.20'), { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } });
      assert.equal(child.digest, pushed.children['linux/arm/v7']);
      assert.equal(sha256(child.bytes), child.digest);
      const before = manifestRequests();
      const again = await client.manifest(parseReference(`${reg.host}/library/alpine@${pushed.children['linux/arm/v7']}`), {});
      assert.equal(again.digest, child.digest);
      assert.equal(manifestRequests(), before, 'content by digest comes from the cache');
    });

    it('answers resolveDigest with one GET of the digest, then from the cache', async () => {
      const pinned = ref(`library/alpine:3.20@${pushed.children['linux/amd64']}`);
      for (let i = 0; i < 2; i++) {
        const r = await client.resolveDigest(pinned, { kind: 'index', platform: amd64 });
        assert.deepEqual([r.indexDigest, r.indexMediaType, r.isIndex], [pushed.children['linux/amd64'], OCI_MANIFEST, false]);
      }
      assert.deepEqual(reg.server.requests.map((q) => `${q.method} ${q.url}`), [`GET /v2/library/alpine/manifests/${pushed.children['linux/amd64']}`]);
    });

    it('refuses a digest whose bytes the registry says are another digest', async () => {
      reg.quirks.lieAboutDigest = pushed.children['linux/arm64'];
      await assert.rejects(client.resolveDigest(ref(`library/alpine@${pushed.index}`), { kind: 'platform', platform: amd64 }), isCode('DIGEST_MISMATCH'));
    });

    it('points Docker Hub names at a mirror, keeping library/ in the path', async () => {
      const hub = make({ mirrors: { 'docker.io': reg.url } });
      const r = await hub.resolve(parseReference('alpine:3.20'), { kind: 'platform', platform: amd64 });
      assert.equal(r.name, 'docker.io/library/alpine');
      assert.equal(r.registry, 'docker.io');
      assert.equal(r.platformDigest, pushed.children['linux/amd64']);
      assert.equal(reg.server.requests[0].url, '/v2/library/alpine/manifests/3.20');
    });

    it('cancels through the signal', async () => {
      const ac = new AbortController();
      ac.abort();
      await assert.rejects(client.resolve(ref('library/alpine:3.20'), { kind: 'platform', platform: amd64, signal: ac.signal }), isCode('CANCELLED'));
    });
  });

  describe('with token auth', () => {
    beforeEach(async () => {
      reg = await startFakeRegistry({ auth: 'token' });
      reg.pushIndex('library/alpine', '3.20', ['linux/amd64']);
      reg.pushIndex('library/alpine', '3.19', ['linux/amd64']);
    });

    const tokenRequests = () => reg.count((r) => r.url.startsWith('/token'));
    const unauthorized = () => reg.server.requests.filter((r) => r.url.includes('/manifests/') && !r.headers.authorization).length;

    it('gets an anonymous pull token and sends it up front next time', async () => {
      client = make();
      await client.resolve(ref('library/alpine:3.20'), { kind: 'platform', platform: amd64 });
      await client.resolve(ref('library/alpine:3.19'), { kind: 'platform', platform: amd64 });
      assert.equal(tokenRequests(), 1);
      assert.equal(unauthorized(), 1, 'only the very first request goes without a token');
      const tokenUrl = new URL(reg.server.requests.find((r) => r.url.startsWith('/token'))?.url ?? '', 'http://x');
      assert.equal(tokenUrl.searchParams.get('service'), 'fake-registry');
      assert.equal(tokenUrl.searchParams.get('scope'), 'repository:library/alpine:pull');
      assert.equal(client.stats.tokenRequests, 1);
    });

    it('shares one token fetch among concurrent requests for the same scope', async () => {
      client = make();
      await Promise.all(['3.20', '3.19'].flatMap((t) => [client.resolve(ref(`library/alpine:${t}`), { kind: 'index', platform: amd64 }), client.resolve(ref(`library/alpine:${t}`), { kind: 'platform', platform: amd64 })]));
      assert.equal(tokenRequests(), 1);
    });

    it('sends Basic credentials to the token server', async () => {
      const creds = staticCredentials({ [reg.host]: { username: 'user', password: 'pass' } });
      client = make({ credentials: creds });
      await client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 });
      const tokenReq = reg.server.requests.find((r) => r.url.startsWith('/token'));
      assert.equal(tokenReq?.headers.authorization, `Basic ${Buffer.from('user:pass').toString('base64')}`);
      // Asked on each use (the source keeps its answers fresh), and only for this registry.
      assert.ok(creds.asked.length >= 1 && creds.asked.every((r) => r === reg.host), JSON.stringify(creds.asked));
    });

    it('exchanges an identity token with a POST', async () => {
      client = make({ credentials: staticCredentials({ [reg.host]: { identityToken: 'refresh-123' } }) });
      await client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 });
      const tokenReq = reg.server.requests.find((r) => r.url.startsWith('/token'));
      assert.equal(tokenReq?.method, 'POST');
      const form = new URLSearchParams(tokenReq?.body);
      assert.equal(form.get('grant_type'), 'refresh_token');
      assert.equal(form.get('refresh_token'), 'refresh-123');
      assert.equal(form.get('scope'), 'repository:library/alpine:pull');
      assert.equal(form.get('client_id'), 'docker-pin');
    });

    it('renews an expired token', async () => {
      let now = 1_000_000;
      reg.quirks.expiresIn = 5;
      client = make({ now: () => now, tagCacheTtlMs: 1 });
      await client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 });
      now += 6_000;
      await client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 });
      assert.equal(tokenRequests(), 2);
    });

    it('uses a docker login made after an anonymous token was refused, on the next request, without clearing anything', async () => {
      reg.quirks.loginRequired = true;
      const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-pin-login-'));
      try {
        client = make({ credentials: new DockerConfigCredentials({ configDir: dir, allowHelpers: false }) });
        await assert.rejects(client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'UNAUTHORIZED');
        const loginAt = reg.server.requests.length;
        writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from('user:pass').toString('base64') } } }));
        const r = await client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 });
        assert.ok(r.indexDigest);
        const after = reg.server.requests.slice(loginAt);
        assert.equal(after[0].url.startsWith('/token'), true, 'the challenge was remembered: the token is fetched first');
        assert.equal(after[0].headers.authorization, `Basic ${Buffer.from('user:pass').toString('base64')}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('fails with UNAUTHORIZED when the token server refuses the credentials, without leaking them', async () => {
      client = make({ credentials: staticCredentials({ [reg.host]: { username: 'user', password: 'wrong-secret' } }) });
      await assert.rejects(client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'UNAUTHORIZED' && !e.message.includes('wrong-secret') && e.message.includes('library/alpine'));
    });
  });

  describe('with token auth, many repositories', () => {
    const repos = ['team/one', 'team/two', 'team/three', 'team/four'];
    beforeEach(async () => {
      reg = await startFakeRegistry({ auth: 'token' });
      for (const r of repos) reg.pushIndex(r, '1', ['linux/amd64']);
    });

    const tokenScopes = () => reg.server.requests.filter((r) => r.url.startsWith('/token')).map((r) => new URL(r.url, 'http://x').searchParams.get('scope'));
    const challenged = () => reg.server.requests.filter((r) => r.url.includes('/manifests/') && !r.headers.authorization).length;

    it('meets the registry with one challenge, then fetches a new repository\'s token before its first request', async () => {
      client = make();
      for (const r of repos) await client.resolve(ref(`${r}:1`), { kind: 'platform', platform: amd64 });
      assert.equal(challenged(), 1, 'one 401 for the whole registry');
      assert.deepEqual(tokenScopes(), repos.map((r) => `repository:${r}:pull`));
      assert.equal(manifestRequests(), repos.length + 1);
      assert.equal(client.stats.tokenRequests, repos.length);
    });

    it('shares one challenge among concurrent first requests, each then getting its own scope\'s token', async () => {
      reg.quirks.challengeDelayMs = 50;
      client = make();
      const results = await Promise.all(repos.map((r) => client.resolve(ref(`${r}:1`), { kind: 'platform', platform: amd64 })));
      assert.equal(results.length, repos.length);
      assert.equal(challenged(), 1);
      assert.deepEqual([...tokenScopes()].sort(), repos.map((r) => `repository:${r}:pull`).sort());
      assert.equal(manifestRequests(), repos.length + 1);
    });

    it('shares one token fetch among concurrent first requests for the same scope', async () => {
      reg.quirks.challengeDelayMs = 50;
      reg.pushIndex('team/one', '2', ['linux/amd64']);
      client = make();
      await Promise.all(['1', '2', '1'].map((t, i) => client.resolve(ref(`team/one:${t}`), { kind: i === 2 ? 'index' : 'platform', platform: amd64 })));
      assert.equal(challenged(), 1);
      assert.deepEqual(tokenScopes(), ['repository:team/one:pull']);
    });

    it('sends credentials to the token server for a repository it has not seen yet', async () => {
      client = make({ credentials: staticCredentials({ [reg.host]: { username: 'user', password: 'pass' } }) });
      await client.resolve(ref('team/one:1'), { kind: 'index', platform: amd64 });
      await client.resolve(ref('team/two:1'), { kind: 'index', platform: amd64 });
      const tokenAuth = reg.server.requests.filter((r) => r.url.startsWith('/token')).map((r) => r.headers.authorization);
      assert.deepEqual(tokenAuth, Array(2).fill(`Basic ${Buffer.from('user:pass').toString('base64')}`));
      assert.equal(challenged(), 1);
    });

    it('renews a token the registry refuses once, then stops with UNAUTHORIZED', async () => {
      client = make();
      await client.resolve(ref('team/one:1'), { kind: 'index', platform: amd64 });
      reg.quirks.refuseTokens = true;
      const before = reg.server.requests.length;
      await assert.rejects(client.resolve(ref('team/two:1'), { kind: 'index', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'UNAUTHORIZED' && e.message.includes('team/two'));
      const after = reg.server.requests.slice(before).map((r) => (r.url.startsWith('/token') ? 'token' : r.headers.authorization ? 'manifest+token' : 'manifest'));
      assert.deepEqual(after, ['token', 'manifest+token', 'token', 'manifest+token']);
    });

    it('fetches no token from a registry that serves anonymously, and still meets a later challenge', async () => {
      reg.quirks.anonymous = ['team/one', 'team/two'];
      client = make();
      await client.resolve(ref('team/one:1'), { kind: 'platform', platform: amd64 });
      await client.resolve(ref('team/two:1'), { kind: 'platform', platform: amd64 });
      assert.deepEqual(tokenScopes(), []);
      assert.equal(manifestRequests(), 2);
      await client.resolve(ref('team/three:1'), { kind: 'platform', platform: amd64 });
      assert.deepEqual(tokenScopes(), ['repository:team/three:pull'], 'a 401 after "no auth needed" is answered normally');
      await client.resolve(ref('team/four:1'), { kind: 'platform', platform: amd64 });
      assert.deepEqual(tokenScopes(), ['repository:team/three:pull', 'repository:team/four:pull']);
      assert.equal(challenged(), 3, 'two anonymous successes and one challenge; team/four gets its token up front');
    });

    it('cancels a request waiting on the challenge without failing the others', async () => {
      reg.quirks.challengeDelayMs = 100;
      client = make();
      const first = client.resolve(ref('team/one:1'), { kind: 'platform', platform: amd64 });
      const ac = new AbortController();
      const second = client.resolve(ref('team/two:1'), { kind: 'platform', platform: amd64, signal: ac.signal });
      setTimeout(() => ac.abort(), 20);
      await assert.rejects(second, isCode('CANCELLED'));
      assert.ok((await first).platformDigest);
      assert.ok((await client.resolve(ref('team/three:1'), { kind: 'platform', platform: amd64 })).platformDigest);
      assert.equal(challenged(), 1);
    });

    it('lets the waiting requests go on when the first one gets no usable challenge', async () => {
      reg.quirks.challengeDelayMs = 50;
      reg.quirks.realm = '';
      client = make();
      const all = await Promise.allSettled(repos.map((r) => client.resolve(ref(`${r}:1`), { kind: 'index', platform: amd64 })));
      assert.ok(all.every((r) => r.status === 'rejected' && isDockerPinError(r.reason) && r.reason.code === 'UNAUTHORIZED'));
      assert.equal(challenged(), repos.length, 'each asked for itself once the probe learned nothing');
    });

    it('with a limit of one request per host, counts token requests against the realm host only', async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const realm = await startServer((req, res) => {
        // A token server on another host: hands out the registry's own tokens, slowly.
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        setTimeout(() => {
          void fetch(`${reg.url}${req.url ?? ''}`).then(async (answer) => {
            res.writeHead(answer.status, { 'Content-Type': 'application/json' });
            res.end(await answer.text(), () => inFlight--);
          });
        }, 20);
      });
      try {
        reg.quirks.realm = `${realm.url}/token`;
        client = make({ maxConcurrencyPerRegistry: 1 });
        await Promise.all(repos.map((r) => client.resolve(ref(`${r}:1`), { kind: 'platform', platform: amd64 })));
        assert.equal(realm.requests.length, repos.length);
        assert.equal(maxInFlight, 1, 'token host: one at a time');
        assert.equal(reg.maxInFlight, 1, 'registry host: one at a time, token requests not counted here');
        assert.equal(challenged(), 1);
      } finally {
        await realm.close();
      }
    });

    it('with a limit of one request per host, still finishes when the realm is on the registry\'s host', async () => {
      client = make({ maxConcurrencyPerRegistry: 1 });
      await Promise.all(repos.map((r) => client.resolve(ref(`${r}:1`), { kind: 'platform', platform: amd64 })));
      assert.equal(reg.maxInFlight, 1);
      assert.equal(challenged(), 1);
      assert.equal(tokenScopes().length, repos.length);
    });
  });

  describe('with Basic auth', () => {
    beforeEach(async () => {
      reg = await startFakeRegistry({ auth: 'basic' });
      reg.pushIndex('library/alpine', '3.20', ['linux/amd64']);
    });

    it('after "requires a login", sends the credentials config.json gains from a docker login on the next request', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'docker-pin-login-'));
      try {
        client = make({ credentials: new DockerConfigCredentials({ configDir: dir, allowHelpers: false }) });
        await assert.rejects(client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'UNAUTHORIZED' && /requires a login/.test(e.message));
        writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from('user:pass').toString('base64') } } }));
        const before = reg.server.requests.length;
        assert.ok((await client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 })).indexDigest);
        assert.equal(reg.server.requests.length - before, 1, 'Basic was sent up front: the challenge was remembered');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('answers a Basic challenge with the credentials, then sends them up front', async () => {
      client = make({ credentials: staticCredentials({ [reg.host]: { username: 'user', password: 'pass' } }) });
      await client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 });
      await client.resolve(ref('library/alpine:3.20'), { kind: 'platform', platform: amd64 });
      assert.deepEqual(reg.server.requests.map((r) => Boolean(r.headers.authorization)), [false, true, true]);
    });

    it('sends Basic up front to every repository after the registry\'s one challenge', async () => {
      reg.quirks.challengeDelayMs = 50;
      const names = ['team/one', 'team/two', 'team/three'];
      for (const n of names) reg.pushIndex(n, '1', ['linux/amd64']);
      client = make({ credentials: staticCredentials({ [reg.host]: { username: 'user', password: 'pass' } }) });
      await Promise.all(names.map((n) => client.resolve(ref(`${n}:1`), { kind: 'platform', platform: amd64 })));
      await client.resolve(ref('library/alpine:3.20'), { kind: 'platform', platform: amd64 });
      const sent = reg.server.requests.map((r) => Boolean(r.headers.authorization));
      assert.equal(sent.filter((a) => !a).length, 1, 'one challenge for the registry');
      assert.equal(sent.length, names.length + 2);
    });

    it('fails with UNAUTHORIZED without credentials, naming the registry', async () => {
      client = make();
      await assert.rejects(client.resolve(ref('library/alpine:3.20'), { kind: 'index', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'UNAUTHORIZED' && e.message.includes(reg.host));
    });

    it('stops after a second 401 with UNAUTHORIZED', async () => {
      client = make({ credentials: staticCredentials({ [reg.host]: { username: 'user', password: 'nope' } }) });
      await assert.rejects(client.resolve(ref('library/alpine:3.20'), { kind: 'platform', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'UNAUTHORIZED' && !e.message.includes('nope'));
      assert.equal(reg.server.requests.length, 2);
    });
  });

  describe('behind a proxy that refuses the tunnel', () => {
    // Made-up names, never resolved: the proxy on 127.0.0.1 gets every request for them. The https
    // one needs a CONNECT; the insecure-listed one is plain http, forwarded to the fake registry.
    const secureName = 'registry.docker-pin.test';
    const plainName = 'plain.docker-pin.test';
    let proxy: ForwardProxy;
    let restoreEnv: () => void;
    beforeEach(async () => {
      reg = await startFakeRegistry({ auth: 'token' });
      reg.pushIndex('team/app', '1', ['linux/amd64']);
      proxy = await startForwardProxy({ [plainName]: reg.url });
      restoreEnv = useProxyEnv(proxy.url);
    });
    afterEach(async () => {
      restoreEnv();
      await proxy.stop();
    });

    it('a 407 is NETWORK naming the proxy, never a login prompt: no token request, no retry, nothing cached', async () => {
      const creds = staticCredentials({ [secureName]: { username: 'user', password: 'pass' }, [plainName]: { username: 'user', password: 'pass' } });
      client = make({ credentials: creds, insecureRegistries: [plainName] });
      const secure = parseReference(`${secureName}/team/app:1`);
      proxy.refuse(407);
      await assert.rejects(client.resolve(secure, { kind: 'platform', platform: amd64 }), (e: unknown) => {
        assert.ok(isDockerPinError(e) && e.code === 'NETWORK', String(e));
        assert.match(e.message, new RegExp(`proxy ${proxy.url.replace(/[.]/g, '\\.')} refused to connect to ${secureName}:443 \\(407 Proxy Authentication Required\\)`));
        return true;
      });
      assert.equal(proxy.connects.length, 1, 'one tunnel asked for: not retried, and no token request followed');
      assert.equal(client.stats.tokenRequests, 0);
      assert.equal(reg.server.requests.length, 0);

      // The same client, once the proxy lets requests through: the plain-http registry resolves...
      proxy.refuse(undefined);
      const r = await client.resolve(parseReference(`${plainName}/team/app:1`), { kind: 'platform', platform: amd64 });
      assert.ok(r.platformDigest);
      // ...and the https one is asked again (a new tunnel, which this proxy then drops).
      await assert.rejects(client.resolve(secure, { kind: 'platform', platform: amd64 }), (e: unknown) => isDockerPinError(e) && e.code === 'NETWORK' && !e.message.includes('refused'));
      assert.ok(proxy.connects.length >= 2, 'the refusal was cached');
    });
  });
});
