import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jwt from 'jsonwebtoken';
import { startTokenServer, type TokenServer } from './tokenServer';

interface Claims {
  aud: string;
  sub: string;
  access: { type: string; name: string; actions: string[] }[];
}

describe('test support: token server', () => {
  let dir: string;
  let server: TokenServer;
  const basic = (user: string, pass: string): string => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docker-pin-token-'));
    server = await startTokenServer({ dir, service: 'svc', username: 'tester', password: 'secret' });
  });
  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => server.resetCounts());

  /** Verifies the signature against the certificate the registry trusts, then returns the claims. */
  function claims(token: string): Claims {
    return jwt.verify(token, readFileSync(server.certFile), { algorithms: ['ES256'], audience: 'svc', issuer: server.issuer }) as Claims;
  }

  async function getToken(scope: string, authorization?: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const url = `${server.realm}?service=svc&scope=${encodeURIComponent(scope)}`;
    const res = await fetch(url, { headers: authorization ? { Authorization: authorization } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('lets anonymous callers pull public/ repositories only', async () => {
    const pub = await getToken('repository:public/alpine:pull,push');
    assert.equal(pub.status, 200);
    assert.deepEqual(claims(String(pub.body.token)).access, [{ type: 'repository', name: 'public/alpine', actions: ['pull'] }]);
    const priv = await getToken('repository:team/app:pull');
    assert.deepEqual(claims(String(priv.body.token)).access, [{ type: 'repository', name: 'team/app', actions: [] }]);
  });

  it('grants pull and push to the user, with token, access_token and expires_in', async () => {
    const res = await getToken('repository:team/app:pull,push', basic('tester', 'secret'));
    assert.equal(res.status, 200);
    assert.equal(res.body.token, res.body.access_token);
    assert.equal(res.body.expires_in, 300);
    const c = claims(String(res.body.token));
    assert.equal(c.sub, 'tester');
    assert.deepEqual(c.access[0].actions, ['pull', 'push']);
    const header = jwt.decode(String(res.body.token), { complete: true })?.header;
    assert.equal(header?.x5c?.length, 1);
  });

  it('refuses a wrong password with 401', async () => {
    const res = await getToken('repository:team/app:pull', basic('tester', 'wrong'));
    assert.equal(res.status, 401);
  });

  it('exchanges the identity token (POST grant_type=refresh_token) and refuses a wrong one', async () => {
    const post = (refresh: string): Promise<Response> =>
      fetch(server.realm, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh, service: 'svc', scope: 'repository:team/app:pull', client_id: 'test' }),
      });
    const ok = await post(server.identityToken);
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { access_token: string };
    assert.equal(claims(body.access_token).sub, 'tester');
    const bad = await post('not-the-token');
    assert.equal(bad.status, 401);
    await bad.arrayBuffer();
  });

  it('counts every request it answers', async () => {
    await getToken('repository:public/a:pull');
    await getToken('repository:public/b:pull');
    assert.equal(server.tokenRequests, 2);
    assert.deepEqual(server.requests.map((r) => r.scopes), [['repository:public/a:pull'], ['repository:public/b:pull']]);
  });
});
