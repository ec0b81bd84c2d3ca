// RegistryClient and the TLS a docker user's registries have: a certificate from a private CA
// (trusted through docker's certs.d), one wanting a client certificate, a plain-HTTP registry, and
// `insecureRegistries` as docker's insecure-registries (https unchecked, then plain http). The
// registries are real (distribution 2.8) and reached by made-up names through our forward proxy.
import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parsePlatform } from '../../src/core/platform';
import { parseReference } from '../../src/core/reference';
import { RegistryClient } from '../../src/registry/client';
import type { RegistryClientOptions } from '../../src/registry/types';
import { DockerConfigDir, expectCode, loginEntry } from '../support/clientSetup';
import { useProxyEnv } from '../support/forwardProxy';
import { MTLS_NAME, PLAIN_NAME, SECURE_NAME, startTlsRegistries, type TlsRegistries } from '../support/tlsRegistries';

const amd64 = parsePlatform('linux/amd64');
const hint = (host: string): string => `--insecure-registry ${host}`;

describe('RegistryClient and TLS', function () {
  this.timeout(20_000);
  let regs: TlsRegistries;
  let config: DockerConfigDir;
  let restoreEnv: () => void;
  const clients: RegistryClient[] = [];

  before(async function () {
    this.timeout(60_000);
    regs = await startTlsRegistries();
    config = await DockerConfigDir.create({ [SECURE_NAME]: loginEntry(regs.secure), [MTLS_NAME]: loginEntry(regs.mtls), [PLAIN_NAME]: loginEntry(regs.plain) });
    restoreEnv = useProxyEnv(regs.proxy.url);
  });
  after(async () => {
    restoreEnv?.();
    await config?.remove();
    await regs?.stop();
  });
  beforeEach(() => regs.proxy.reset());
  afterEach(() => {
    for (const c of clients.splice(0)) c.dispose();
  });

  function client(options: Partial<RegistryClientOptions> = {}): RegistryClient {
    const c = new RegistryClient({ credentials: config.credentials(), timeoutMs: 5_000, insecureRegistryHint: hint, ...options });
    clients.push(c);
    return c;
  }
  const resolve = (c: RegistryClient, name: string) => c.resolve(parseReference(`${name}/team/app:1`), { platform: amd64, kind: 'platform' });
  const digestOf = (name: string): string => regs.images[name].children[0].digest;

  describe('a registry whose certificate comes from a private CA', () => {
    it('is refused while the CA is not trusted: TLS, naming the host, where its CA goes, and --insecure-registry', async () => {
      const certsDir = await regs.certsDir();
      const e = await expectCode(resolve(client({ certsDirs: [certsDir] }), SECURE_NAME), 'TLS');
      assert.equal(e.details.host, SECURE_NAME);
      assert.ok(e.message.includes(`${SECURE_NAME}'s TLS certificate is not signed by a trusted CA`), e.message);
      assert.ok(e.message.includes(path.join(certsDir, SECURE_NAME, 'ca.crt')), e.message);
      assert.ok(e.message.includes(`--insecure-registry ${SECURE_NAME}`), e.message);
      assert.deepEqual(regs.proxy.requests, [], 'no plain-http request was made instead');
    });

    it('resolves, with its login, once the CA is a *.crt in <certs.d>/<host>/ of any of docker\'s directories', async () => {
      const [rootful, rootless] = [await regs.certsDir(), await regs.certsDir()];
      await regs.trust(rootless, SECURE_NAME, { 'private-ca.crt': regs.ca.pem, 'README.txt': 'not a certificate' });
      const r = await resolve(client({ certsDirs: [rootful, rootless] }), SECURE_NAME);
      assert.equal(r.platformDigest, digestOf(SECURE_NAME));
      assert.deepEqual(regs.proxy.connects.map((c) => c.authority), [`${SECURE_NAME}:443`], 'one tunnel, kept alive for every request');
      assert.deepEqual(regs.proxy.requests, []);
    });

    it('trusts that CA for its own host only', async () => {
      const certsDir = await regs.certsDir();
      await regs.trust(certsDir, 'other.docker-pin.test', { 'ca.crt': regs.ca.pem });
      await expectCode(resolve(client({ certsDirs: [certsDir] }), SECURE_NAME), 'TLS');
    });

    it('is reached over https without the certificate check once listed insecure, credentials included', async () => {
      const r = await resolve(client({ insecureRegistries: [SECURE_NAME] }), SECURE_NAME);
      assert.equal(r.platformDigest, digestOf(SECURE_NAME)); // the registry wants Basic auth: the login was sent
      assert.deepEqual(regs.proxy.requests, [], 'https answered, so plain http was never tried');
    });
  });

  describe('a registry that wants a client certificate', () => {
    it('resolves with client.cert and client.key beside its CA in certs.d', async () => {
      const certsDir = await regs.certsDir();
      await regs.trust(certsDir, MTLS_NAME, { 'ca.crt': regs.ca.pem, 'client.cert': await readFile(regs.client.certFile, 'utf8'), 'client.key': await readFile(regs.client.keyFile, 'utf8') });
      const r = await resolve(client({ certsDirs: [certsDir] }), MTLS_NAME);
      assert.equal(r.platformDigest, digestOf(MTLS_NAME));
    });

    it('fails with TLS naming the host and where the client certificate goes, when there is none or it may not be used', async () => {
      const certsDir = await regs.certsDir();
      await regs.trust(certsDir, MTLS_NAME, { 'ca.crt': regs.ca.pem });
      const e = await expectCode(resolve(client({ certsDirs: [certsDir] }), MTLS_NAME), 'TLS');
      assert.ok(e.message.includes(`${MTLS_NAME} refused the TLS connection without a client certificate`), e.message);
      assert.ok(e.message.includes(path.join(certsDir, MTLS_NAME)), e.message);

      // An untrusted workspace presents none, even where one is configured.
      await regs.trust(certsDir, MTLS_NAME, { 'client.cert': await readFile(regs.client.certFile, 'utf8'), 'client.key': await readFile(regs.client.keyFile, 'utf8') });
      await expectCode(resolve(client({ certsDirs: [certsDir], clientCertificates: false }), MTLS_NAME), 'TLS');
    });
  });

  describe('a registry that speaks only plain HTTP', () => {
    it('asked over https, is refused with INSECURE_CONNECTION: "answers plain HTTP; add --insecure-registry", and never asked over plain http', async () => {
      const e = await expectCode(resolve(client(), PLAIN_NAME), 'INSECURE_CONNECTION');
      assert.match(e.message, /plain\.docker-pin\.test answers plain HTTP, not HTTPS; add --insecure-registry plain\.docker-pin\.test/);
      assert.ok(!e.message.includes('EPROTO'), e.message);
      assert.deepEqual(regs.proxy.requests, [], 'no plain-http request: credentials could have gone with it');
    });

    it('listed insecure, is asked over https once, then over plain http with its login, which is remembered', async () => {
      const c = client({ insecureRegistries: [PLAIN_NAME] });
      const r = await resolve(c, PLAIN_NAME);
      assert.equal(r.platformDigest, digestOf(PLAIN_NAME));
      assert.deepEqual(regs.proxy.connects.map((x) => x.authority), [`${PLAIN_NAME}:443`]);
      assert.ok(regs.proxy.requests.length > 0 && regs.proxy.requests.every((q) => q.url.startsWith(`http://${PLAIN_NAME}/v2/`)), JSON.stringify(regs.proxy.requests));
      assert.ok(regs.proxy.requests.some((q) => q.authScheme === 'Basic'), 'the login went to the listed registry');

      // The next image goes straight to plain http.
      await c.resolve(parseReference(`${PLAIN_NAME}/team/app:1`), { platform: amd64, kind: 'index' });
      assert.equal(regs.proxy.connects.length, 1);
    });
  });
});
