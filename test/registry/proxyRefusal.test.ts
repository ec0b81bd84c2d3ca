import * as assert from 'node:assert/strict';
import { describeProxy, findProxyRefusal, ProxyRefusedError, proxyRefusedError } from '../../src/registry/proxyRefusal';

describe('registry/proxyRefusal', () => {
  it('names a proxy by scheme, host and port only, never its login', () => {
    assert.equal(describeProxy(new URL('http://user:s3cret@proxy.corp:3128')), 'http://proxy.corp:3128');
    assert.equal(describeProxy(new URL('http://proxy.corp')), 'http://proxy.corp:80');
    assert.equal(describeProxy(new URL('https://:tok@proxy.corp/')), 'https://proxy.corp:443');
    assert.equal(describeProxy(new URL('http://[::1]:8080')), 'http://[::1]:8080');
  });

  it('finds the refusal behind the errors that wrap it', () => {
    const refusal = new ProxyRefusedError('http://proxy.corp:3128', 'ghcr.io:443', 403, 'Forbidden');
    const wrapped = Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('again'), { cause: refusal }) });
    assert.equal(findProxyRefusal(wrapped), refusal);
    assert.equal(findProxyRefusal(new Error('other')), undefined);
    assert.equal(findProxyRefusal(undefined), undefined);
  });

  it('says which proxy refused which registry, with its status line and the variables to check', () => {
    const refusal = new ProxyRefusedError('http://proxy.corp:3128', 'registry-1.docker.io:443', 407, 'Proxy Authentication Required');
    const e = proxyRefusedError('manifest for docker.io/library/alpine:3.20', refusal, true, 'registry-1.docker.io');
    assert.equal(e.code, 'NETWORK');
    assert.equal(
      e.message,
      'manifest for docker.io/library/alpine:3.20: proxy http://proxy.corp:3128 refused to connect to registry-1.docker.io:443 (407 Proxy Authentication Required); check HTTPS_PROXY / NO_PROXY',
    );
    assert.deepEqual(e.details, { host: 'registry-1.docker.io' });
    assert.match(proxyRefusedError('x', refusal, false, 'h').message, /check HTTP_PROXY \/ NO_PROXY$/);
  });

  it('keeps a status text from the network to one short printable line', () => {
    assert.equal(new ProxyRefusedError('p', 't', 403, 'Go\r\naway\u0007').message, 'proxy p refused to connect to t (403 Goaway)');
    assert.equal(new ProxyRefusedError('p', 't', 502, '').message, 'proxy p refused to connect to t (502)');
    assert.ok(new ProxyRefusedError('p', 't', 403, 'x'.repeat(500)).message.length < 150);
  });
});
