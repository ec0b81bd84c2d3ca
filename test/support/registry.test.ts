import * as assert from 'node:assert/strict';
import { startRegistry, type AuthMode, type TestRegistry } from './registry';

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

  it('frees its port when stopped', async () => {
    const reg = await startRegistry();
    await reg.stop();
    await reg.stop(); // idempotent
    await assert.rejects(fetch(`${reg.url}/v2/`));
  });
});
