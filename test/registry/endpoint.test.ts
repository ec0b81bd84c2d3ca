import * as assert from 'node:assert/strict';
import { isDockerPinError } from '../../src/core/errors';
import { isLoopbackHost, mayCarryCredentials, resolveEndpoint } from '../../src/registry/endpoint';

describe('registry/endpoint', () => {
  it('sends Docker Hub to registry-1.docker.io over https', () => {
    const ep = resolveEndpoint('docker.io');
    assert.equal(ep.baseUrl, 'https://registry-1.docker.io');
    assert.equal(ep.registry, 'docker.io');
    assert.equal(ep.credentialsAllowed, true);
  });

  it('uses https for other registries, keeping the port', () => {
    assert.equal(resolveEndpoint('ghcr.io').baseUrl, 'https://ghcr.io');
    assert.equal(resolveEndpoint('registry.example.com:5000').baseUrl, 'https://registry.example.com:5000');
  });

  it('uses plain http for loopback registries', () => {
    for (const [registry, base] of [
      ['localhost:5000', 'http://localhost:5000'],
      ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
      ['127.1.2.3', 'http://127.1.2.3'],
      ['[::1]:5000', 'http://[::1]:5000'],
    ]) {
      const ep = resolveEndpoint(registry);
      assert.equal(ep.baseUrl, base, registry);
      assert.equal(ep.credentialsAllowed, true, registry);
    }
  });

  it('starts registries listed insecure on https too, loopback ones included (the transport falls back to plain http)', () => {
    const insecureRegistries = ['10.0.0.5:5000', 'localhost:5443'];
    assert.equal(resolveEndpoint('10.0.0.5:5000', { insecureRegistries }).baseUrl, 'https://10.0.0.5:5000');
    assert.equal(resolveEndpoint('10.0.0.5:5000', { insecureRegistries }).credentialsAllowed, true);
    assert.equal(resolveEndpoint('localhost:5443', { insecureRegistries }).baseUrl, 'https://localhost:5443');
    assert.equal(resolveEndpoint('localhost:5000', { insecureRegistries }).baseUrl, 'http://localhost:5000');
  });

  it('names the front door\'s way of listing a host insecure when refusing plain http', () => {
    assert.throws(
      () => resolveEndpoint('docker.io', { mirrors: { 'docker.io': 'http://mirror.example:5000' }, insecureRegistryHint: (h) => `--insecure-registry ${h}` }),
      (e: unknown) => isDockerPinError(e) && e.message.endsWith('add --insecure-registry mirror.example:5000 to allow it'),
    );
  });

  it('replaces the base URL with a mirror, keeping the registry name for credentials', () => {
    const ep = resolveEndpoint('docker.io', { mirrors: { 'docker.io': 'http://127.0.0.1:5000/' } });
    assert.equal(ep.baseUrl, 'http://127.0.0.1:5000');
    assert.equal(ep.registry, 'docker.io');
    assert.equal(ep.host, '127.0.0.1:5000');
  });

  it('drops user:pass and a trailing /v2 from a mirror URL', () => {
    const ep = resolveEndpoint('docker.io', { mirrors: { 'docker.io': 'https://user:secret@mirror.example/v2/' } });
    assert.equal(ep.baseUrl, 'https://mirror.example');
    assert.ok(!JSON.stringify(ep).includes('secret'));
  });

  it('refuses a plain-http mirror on a non-loopback host unless listed insecure', () => {
    assert.throws(
      () => resolveEndpoint('docker.io', { mirrors: { 'docker.io': 'http://mirror.example:5000' } }),
      (e: unknown) => isDockerPinError(e) && e.code === 'INSECURE_CONNECTION' && e.message.includes('mirror.example:5000'),
    );
    const ep = resolveEndpoint('docker.io', { mirrors: { 'docker.io': 'http://mirror.example:5000' }, insecureRegistries: ['mirror.example:5000'] });
    assert.equal(ep.baseUrl, 'http://mirror.example:5000');
  });

  it('knows loopback hosts', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.0.9', '::1', '[::1]', 'foo.localhost']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['10.0.0.1', 'localhost.example.com', '128.0.0.1', '::2', 'example.com']) assert.equal(isLoopbackHost(h), false, h);
  });

  it('allows credentials over https, loopback http and listed-insecure http only', () => {
    assert.equal(mayCarryCredentials(new URL('https://auth.example/token')), true);
    assert.equal(mayCarryCredentials(new URL('http://127.0.0.1:9999/token')), true);
    assert.equal(mayCarryCredentials(new URL('http://auth.example/token')), false);
    assert.equal(mayCarryCredentials(new URL('http://auth.example:81/token'), ['auth.example:81']), true);
  });
});
