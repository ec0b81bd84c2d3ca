import * as assert from 'node:assert/strict';
import { isDockerPinError } from '../../src/core/errors';
import { Authenticator } from '../../src/registry/auth';
import { resolveEndpoint } from '../../src/registry/endpoint';
import { composeTransport, type RegistryTransport } from '../../src/registry/transport/compose';
import type { Credential, CredentialSource } from '../../src/registry/types';
import { useServers } from './fakeServer';
import { useProxyEnv } from '../support/forwardProxy';

/** Always the same credential, counting lookups. */
function fixedCredentials(credential: Credential): CredentialSource & { calls: number } {
  const source = {
    calls: 0,
    get: (): Promise<Credential | undefined> => {
      source.calls++;
      return Promise.resolve(credential);
    },
  };
  return source;
}

describe('registry/auth', () => {
  let transport: RegistryTransport;
  const serve = useServers();
  // A loopback registry: credentials may travel to it, so only the realm decides.
  const endpoint = resolveEndpoint('127.0.0.1:5000');

  beforeEach(() => {
    transport = composeTransport({ backoffMs: 5, timeoutMs: 2000 });
  });

  afterEach(() => transport.destroy());

  it('never hands an identity token to a host the token realm redirects to', async () => {
    const other = await serve((_req, res) => res.end('{"token":"t"}'), '127.0.0.2');
    const realm = await serve((_req, res) => {
      res.writeHead(307, { Location: `${other.url}/token` });
      res.end();
    });
    const auth = new Authenticator({ transport: transport.send, credentials: fixedCredentials({ identityToken: 'REFRESH-SECRET' }) });
    await assert.rejects(
      auth.answer(endpoint, 'team/app', `Bearer realm="${realm.url}/token",service="reg"`, undefined),
      (e: unknown) => isDockerPinError(e) && e.message.includes(other.host) && !e.message.includes('REFRESH-SECRET'),
    );
    assert.match(realm.requests[0].body, /refresh_token=REFRESH-SECRET/, 'the realm itself was asked with the identity token');
    assert.equal(other.requests.length, 0);
  });

  describe('a plain-http token realm that is not loopback', () => {
    let restoreEnv: (() => void) | undefined;
    afterEach(() => {
      restoreEnv?.();
      restoreEnv = undefined;
    });

    it('asks anonymously, once, and reuses that token for the next request', async () => {
      let issued = 0;
      // The realm host is reached through a local proxy, so its name is never resolved.
      const tokenServer = await serve((_req, res) => res.end(JSON.stringify({ token: `T${++issued}`, expires_in: 300 })));
      restoreEnv = useProxyEnv(tokenServer.url, ['http_proxy']);
      const warnings: string[] = [];
      const logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined };
      const auth = new Authenticator({ transport: transport.send, credentials: fixedCredentials({ username: 'u', password: 'SECRET-PW' }), logger });

      const challenge = 'Bearer realm="http://token.example.com/token",service="reg"';
      assert.equal(await auth.answer(endpoint, 'team/app', challenge, undefined), 'Bearer T1');
      assert.deepEqual(await auth.prepare(endpoint, 'team/app'), { header: 'Bearer T1' });
      assert.deepEqual(await auth.prepare(endpoint, 'team/app'), { header: 'Bearer T1' });

      assert.equal(tokenServer.requests.length, 1, 'one token request for three requests to the same repository');
      assert.match(tokenServer.requests[0].url, /^http:\/\/token\.example\.com\/token\?/);
      assert.equal(tokenServer.requests[0].headers.authorization, undefined, 'no credentials over plain http');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /not sending credentials for 127\.0\.0\.1:5000 to token server token\.example\.com over plain http/);
    });
  });
});
