import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestCa, issueCertificate } from './certificate';
import { startRegistry, type AuthMode, type TestRegistry } from './registry';
import { fetchOverTls } from './tlsFetch';

describe('test support: registry', () => {
  const modes: AuthMode[] = ['none', 'basic', 'token'];
  const registries = new Map<AuthMode, TestRegistry>();

  before(async () => {
    for (const mode of modes) registries.set(mode, await startRegistry({ auth: mode }));
  });
  after(async () => {
    for (const reg of registries.values()) await reg.stop();
  });

  it('serves /v2/ on 127.0.0.1 with the challenge of its auth mode', async () => {
    const expected: Record<AuthMode, [number, RegExp | null]> = {
      none: [200, null],
      basic: [401, /^Basic realm=/],
      token: [401, /^Bearer realm="http:\/\/127\.0\.0\.1:\d+\/token",service=/],
    };
    for (const mode of modes) {
      const reg = registries.get(mode)!;
      assert.match(reg.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(reg.url, `http://${reg.host}`);
      assert.equal(reg.auth, mode);
      const res = await fetch(`${reg.url}/v2/`);
      await res.arrayBuffer();
      const [status, challenge] = expected[mode];
      assert.equal(res.status, status, mode);
      if (challenge) assert.match(res.headers.get('www-authenticate') ?? '', challenge);
    }
  });

  it('has user tester with a random password when it has auth', () => {
    assert.equal(registries.get('none')!.username, undefined);
    const basic = registries.get('basic')!;
    const token = registries.get('token')!;
    assert.equal(basic.username, 'tester');
    assert.ok((basic.password ?? '').length >= 12);
    assert.notEqual(basic.password, token.password);
    assert.equal(token.identityToken, token.tokenServer?.identityToken);
  });

  it('accepts the right Basic credentials and refuses wrong ones', async () => {
    const reg = registries.get('basic')!;
    const as = (pass: string): Promise<Response> => fetch(`${reg.url}/v2/`, { headers: { Authorization: 'Basic ' + Buffer.from(`tester:${pass}`).toString('base64') } });
    assert.equal((await as(reg.password!)).status, 200);
    assert.equal((await as('wrong')).status, 401);
  });

  it('serves over TLS with a test CA\'s certificate and, with clientcas, only to clients presenting one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docker-pin-registry-tls-test-'));
    const ca = await createTestCa(dir, 'registry test CA');
    const server = await issueCertificate(ca, dir, 'server', { server: ['127.0.0.1'] });
    const client = await issueCertificate(ca, dir, 'client', { client: 'registry test client' });
    const fixtureClient = { cert: await readFile(client.certFile, 'utf8'), key: await readFile(client.keyFile, 'utf8') };
    const tls = { certFile: server.certFile, keyFile: server.keyFile, caPem: ca.pem };
    const [plainTls, mutual] = await Promise.all([startRegistry({ tls }), startRegistry({ tls: { ...tls, clientCaFile: ca.certFile, fixtureClient } })]);
    try {
      assert.match(plainTls.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal((await fetchOverTls(`${plainTls.url}/v2/`, {}, { ca: ca.pem })).status, 200);
      await assert.rejects(fetch(`${plainTls.url}/v2/`), 'Node\'s own trust does not know the test CA');
      assert.equal((await fetchOverTls(`${mutual.url}/v2/`, {}, mutual.fixtureTls!)).status, 200);
      await assert.rejects(fetchOverTls(`${mutual.url}/v2/`, {}, { ca: ca.pem }), 'no client certificate, no answer');
    } finally {
      await plainTls.stop();
      await mutual.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('frees its port when stopped', async () => {
    const reg = await startRegistry();
    await reg.stop();
    await reg.stop(); // idempotent
    await assert.rejects(fetch(`${reg.url}/v2/`));
  });
});
