// Where RegistryClient sends credentials: refused logins are UNAUTHORIZED without echoing a
// secret, and no credential ever travels over plain http to a host that is neither loopback nor
// listed insecure. "Remote" hosts are proxies of ours on this machine's non-loopback address,
// which record every Authorization header they receive.
import * as assert from 'node:assert/strict';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { RegistryClient } from '../../src/registry/client';
import type { RegistryClientOptions } from '../../src/registry/types';
import { DockerConfigDir, expectCode, loginEntry, type AuthEntry } from '../support/clientSetup';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy';
import { nonLoopbackAddress } from '../support/net';
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

  describe('plain http to a non-loopback host', () => {
    let remote: FaultProxy;
    before(async () => {
      remote = await startFaultProxy(registries.basic!.url, { listenHost: nonLoopbackAddress() });
      cleanups.push(() => remote.stop());
    });
    beforeEach(() => remote.resetCounts());

    it('is never used for a registry named by host: the client speaks https, so the plain-http server sees no request', async () => {
      const client = await clientWith({ [remote.host]: loginEntry(registries.basic!) });
      const e = await expectCode(client.resolve(parseReference(`${remote.host}/team/app:1`), { platform: amd64, kind: 'platform' }), 'NETWORK');
      assert.match(e.message, new RegExp(escape(remote.host)));
      assert.equal(remote.counts.total, 0);
    });

    it('is refused for a Docker Hub mirror at such a host too, with Hub credentials saved', async () => {
      const client = await clientWith({ 'docker.io': loginEntry(registries.basic!) }, { mirrors: { 'docker.io': remote.url } });
      // Promise.resolve().then: the refusal may come before resolve() returns its promise.
      const e = await expectCode(Promise.resolve().then(() => client.resolve(parseReference('team/app:1'), { platform: amd64, kind: 'platform' })), 'INSECURE_CONNECTION');
      assert.match(e.message, new RegExp(escape(remote.host)));
      assert.equal(remote.counts.total, 0);
    });

    it('carries credentials once the host is listed as an insecure registry', async () => {
      const client = await clientWith({ [remote.host]: loginEntry(registries.basic!) }, { insecureRegistries: [remote.host] });
      const r = await client.resolve(parseReference(`${remote.host}/team/app:1`), { platform: amd64, kind: 'platform' });
      assert.equal(r.platformDigest, images.basic!.children[0].digest);
      assert.ok(remote.counts.withAuthorization >= 1);
    });
  });

  describe('a token realm on a plain-http non-loopback host', () => {
    let realmHost: FaultProxy;
    let front: FaultProxy;
    before(async () => {
      const reg = registries.token!;
      realmHost = await startFaultProxy(reg.tokenServer!.url, { listenHost: nonLoopbackAddress() });
      cleanups.push(() => realmHost.stop());
      // The registry stays on loopback; only its challenge points at the remote realm.
      front = await startFaultProxy(reg.url, { realm: `${realmHost.url}/token` });
      cleanups.push(() => front.stop());
    });
    beforeEach(() => realmHost.resetCounts());

    it('gets only an anonymous token there: public images resolve, private ones are UNAUTHORIZED', async () => {
      const client = await clientWith({ [front.host]: loginEntry(registries.token!) });
      const pub = await client.resolve(parseReference(`${front.host}/public/base:1`), { platform: amd64, kind: 'platform' });
      assert.ok(pub.platformDigest);
      await expectCode(client.resolve(parseReference(`${front.host}/team/app:1`), { platform: amd64, kind: 'platform' }), 'UNAUTHORIZED');
      assert.ok(realmHost.counts.total >= 2, 'the client should have asked the realm for tokens');
      assert.equal(realmHost.counts.withAuthorization, 0, 'credentials went to a plain-http remote token server');
    });

    it('sends credentials there once that host is listed as insecure', async () => {
      const client = await clientWith({ [front.host]: loginEntry(registries.token!) }, { insecureRegistries: [realmHost.host] });
      const r = await client.resolve(parseReference(`${front.host}/team/app:1`), { platform: amd64, kind: 'platform' });
      assert.equal(r.platformDigest, images.token!.children[0].digest);
      assert.ok(realmHost.counts.withAuthorization >= 1);
    });
  });
});
