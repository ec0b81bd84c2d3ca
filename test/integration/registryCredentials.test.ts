// Where RegistryClient sends credentials: refused logins are UNAUTHORIZED without echoing a
// secret, and no credential ever travels over plain http to a host that is neither loopback nor
// listed insecure. "Remote" hosts are made-up names reached through a recording forward proxy of
// ours on 127.0.0.1 (HTTP_PROXY/HTTPS_PROXY), so no packet leaves loopback.
import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { RegistryClient } from '../../src/registry/client';
import type { RegistryClientOptions } from '../../src/registry/types';
import { DockerConfigDir, expectCode, loginEntry, type AuthEntry } from '../support/clientSetup';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { startForwardProxy, useProxyEnv, type ForwardProxy } from '../support/forwardProxy';
import { pushImage, type PushedImage } from '../support/push';
import { startRegistry, type AuthMode, type TestRegistry } from '../support/registry';

const amd64 = parsePlatform('linux/amd64');
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('RegistryClient and credentials', () => {
  const registries: Partial<Record<AuthMode, TestRegistry>> = {};
  const images: Partial<Record<AuthMode, PushedImage>> = {};
  const cleanups: (() => Promise<void> | void)[] = [];

  async function clientWith(auths: Readonly<Record<string, AuthEntry>>, options: Partial<RegistryClientOptions> = {}): Promise<RegistryClient> {
    const config = await DockerConfigDir.create(auths);
    const client = new RegistryClient({ credentials: config.credentials(), timeoutMs: 5_000, ...options });
    cleanups.push(() => client.dispose(), () => config.remove());
    return client;
  }

  before(async () => {
    for (const mode of ['basic', 'token'] as const) {
      const reg = await startRegistry({ auth: mode });
      registries[mode] = reg;
      cleanups.push(() => reg.stop());
      images[mode] = await pushImage(reg, 'team/app', '1', { platforms: ['linux/amd64'] });
      await pushImage(reg, 'public/base', '1', { platforms: ['linux/amd64'] });
    }
  });
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  for (const mode of ['basic', 'token'] as const) {
    it(`reports a wrong password as UNAUTHORIZED naming the host, never the secret (${mode})`, async () => {
      const reg = registries[mode]!;
      const wrong = 'wrong-Pa55word';
      const client = await clientWith({ [reg.host]: loginEntry(reg, wrong) });
      const e = await expectCode(client.resolve(parseReference(`${reg.host}/team/app:1`), { platform: amd64, kind: 'platform' }), 'UNAUTHORIZED');
      assert.ok(e.message.includes('127.0.0.1:'), e.message);
      assert.ok(!e.message.includes(wrong) && !e.message.includes(reg.password!), e.message);
      assert.ok(!e.message.includes(Buffer.from(`tester:${wrong}`).toString('base64')), e.message);
    });
  }

  it('reports a wrong identity token as UNAUTHORIZED', async () => {
    const reg = registries.token!;
    const client = await clientWith({ [reg.host]: { identitytoken: 'not-a-valid-refresh-token' } });
    const e = await expectCode(client.resolve(parseReference(`${reg.host}/team/app:1`), { platform: amd64, kind: 'platform' }), 'UNAUTHORIZED');
    assert.ok(!e.message.includes('not-a-valid-refresh-token'), e.message);
  });

  describe('a registry, mirror or token realm on a non-loopback host', () => {
    // Made-up names under the reserved .test TLD, never resolved: with HTTP(S)_PROXY pointing at our
    // recording proxy on 127.0.0.1, the client hands every request for them to that proxy, which
    // sees exactly what the network would (a CONNECT for https, the request itself for plain http).
    const registryName = 'registry.docker-pin.test';
    const realmName = 'auth.docker-pin.test';
    let proxy: ForwardProxy;
    let front: FaultProxy;
    let restoreEnv: () => void;
    before(async () => {
      const reg = registries.token!;
      proxy = await startForwardProxy({ [registryName]: registries.basic!.url, [realmName]: reg.tokenServer!.url });
      cleanups.push(() => proxy.stop());
      // The registry stays on loopback (never proxied); only its challenge points at the remote realm.
      front = await startFaultProxy(reg.url, { realm: `http://${realmName}/token` });
      cleanups.push(() => front.stop());
      restoreEnv = useProxyEnv(proxy.url);
    });
    // Restored here, not with the outer cleanups, so no later test runs with our proxy set.
    after(() => restoreEnv());
    beforeEach(() => proxy.reset());

    it('reaches a registry named by host over https only: a CONNECT to port 443, never a plain-http request', async () => {
      const client = await clientWith({ [registryName]: loginEntry(registries.basic!) });
      // Our proxy drops the tunnel (nothing here speaks TLS for that name), so the host is unreachable.
      const e = await expectCode(client.resolve(parseReference(`${registryName}/team/app:1`), { platform: amd64, kind: 'platform' }), 'NETWORK');
      assert.match(e.message, new RegExp(escape(registryName)));
      assert.ok(proxy.connects.length >= 1, 'the client should have opened a tunnel');
      assert.deepEqual(new Set(proxy.connects.map((c) => c.authority)), new Set([`${registryName}:443`]));
      assert.ok(proxy.connects.every((c) => !c.withAuthorization), 'a CONNECT carried Authorization in clear');
      assert.deepEqual(proxy.requests, [], 'plain-http requests went to the registry');
    });

    it('refuses a plain-http Docker Hub mirror at such a host, with Hub credentials saved, before any request', async () => {
      const client = await clientWith({ 'docker.io': loginEntry(registries.basic!) }, { mirrors: { 'docker.io': `http://${registryName}` } });
      // Promise.resolve().then: the refusal may come before resolve() returns its promise.
      const e = await expectCode(Promise.resolve().then(() => client.resolve(parseReference('team/app:1'), { platform: amd64, kind: 'platform' })), 'INSECURE_CONNECTION');
      assert.match(e.message, new RegExp(escape(registryName)));
      assert.deepEqual(proxy.requests, []);
      assert.deepEqual(proxy.connects, []);
    });

    it('speaks plain http with credentials to a registry host once it is listed as insecure (after one https attempt that got no answer)', async () => {
      const client = await clientWith({ [registryName]: loginEntry(registries.basic!) }, { insecureRegistries: [registryName] });
      const r = await client.resolve(parseReference(`${registryName}/team/app:1`), { platform: amd64, kind: 'platform' });
      assert.equal(r.platformDigest, images.basic!.children[0].digest);
      // The tunnel is dropped (nothing here speaks TLS for that name): one try, not retried, then plain http.
      assert.deepEqual(proxy.connects, [{ authority: `${registryName}:443`, withAuthorization: false }]);
      assert.ok(proxy.requests.every((q) => q.url.startsWith(`http://${registryName}/v2/`)), JSON.stringify(proxy.requests));
      assert.ok(proxy.requests.some((q) => q.authScheme === 'Basic'), JSON.stringify(proxy.requests));
    });

    it('asks a plain-http token realm there only for anonymous tokens: public images resolve, private ones are UNAUTHORIZED', async () => {
      const client = await clientWith({ [front.host]: loginEntry(registries.token!) });
      const pub = await client.resolve(parseReference(`${front.host}/public/base:1`), { platform: amd64, kind: 'platform' });
      assert.ok(pub.platformDigest);
      await expectCode(client.resolve(parseReference(`${front.host}/team/app:1`), { platform: amd64, kind: 'platform' }), 'UNAUTHORIZED');
      const tokenRequests = proxy.requests.filter((q) => q.url.startsWith(`http://${realmName}/token`));
      assert.ok(tokenRequests.length >= 2, `the client should have asked the realm for tokens: ${JSON.stringify(proxy.requests)}`);
      assert.deepEqual(tokenRequests.map((q) => q.authScheme), tokenRequests.map(() => undefined), 'credentials went to a plain-http remote token server');
    });

    it('sends credentials to that realm once its host is listed as insecure', async () => {
      const client = await clientWith({ [front.host]: loginEntry(registries.token!) }, { insecureRegistries: [realmName] });
      const r = await client.resolve(parseReference(`${front.host}/team/app:1`), { platform: amd64, kind: 'platform' });
      assert.equal(r.platformDigest, images.token!.children[0].digest);
      assert.ok(proxy.requests.some((q) => q.url.startsWith(`http://${realmName}/token`) && q.authScheme === 'Basic'), JSON.stringify(proxy.requests));
    });
  });
});
