import * as assert from 'node:assert/strict';
import { isDockerPinError } from '../../src/core/errors';
import { Authenticator } from '../../src/registry/auth';
import { resolveEndpoint } from '../../src/registry/endpoint';
import { HttpTransport } from '../../src/registry/http';
import type { Credential, CredentialSource } from '../../src/registry/types';
import { startServer, type FakeServer } from './fakeServer';

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
  let servers: FakeServer[] = [];
  let transport: HttpTransport;
  const serve = async (handler: Parameters<typeof startServer>[0], address?: string): Promise<FakeServer> => {
    const s = await startServer(handler, address);
    servers.push(s);
    return s;
  };
  // A loopback registry: credentials may travel to it, so only the realm decides.
  const endpoint = resolveEndpoint('127.0.0.1:5000');

  beforeEach(() => {
    transport = new HttpTransport({ backoffMs: 5, timeoutMs: 2000 });
  });

  afterEach(async () => {
    transport.destroy();
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });

  it('never hands an identity token to a host the token realm redirects to', async () => {
    const other = await serve((_req, res) => res.end('{"token":"t"}'), '127.0.0.2');
    const realm = await serve((_req, res) => {
      res.writeHead(307, { Location: `${other.url}/token` });
      res.end();
    });
    const auth = new Authenticator({ transport, credentials: fixedCredentials({ identityToken: 'REFRESH-SECRET' }) });
    await assert.rejects(
      auth.answer(endpoint, 'team/app', `Bearer realm="${realm.url}/token",service="reg"`, undefined),
      (e: unknown) => isDockerPinError(e) && e.message.includes(other.host) && !e.message.includes('REFRESH-SECRET'),
    );
    assert.match(realm.requests[0].body, /refresh_token=REFRESH-SECRET/, 'the realm itself was asked with the identity token');
    assert.equal(other.requests.length, 0);
  });
});
