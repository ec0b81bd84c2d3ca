import * as assert from 'node:assert/strict';
import { DockerPinError } from '../../src/core/errors';
import { OncePerCause, userAction } from '../../src/extension/userErrors';

describe('extension userErrors: what the user has to do', () => {
  it('asks to log in to the registry that refused, naming it', () => {
    const action = userAction(new DockerPinError('UNAUTHORIZED', 'denied', { host: 'ghcr.io' }), { registry: 'ghcr.io', trusted: true });
    assert.match(action?.message ?? '', /docker login ghcr\.io/);
  });

  it('uses plain "docker login" for Docker Hub', () => {
    const action = userAction(new DockerPinError('UNAUTHORIZED', 'denied'), { registry: 'docker.io', trusted: true });
    assert.match(action?.message ?? '', /"docker login"/);
  });

  it('says to trust the workspace when it is untrusted', () => {
    const action = userAction(new DockerPinError('UNAUTHORIZED', 'denied'), { registry: 'ghcr.io', trusted: false });
    assert.match(action?.message ?? '', /not trusted/);
    assert.doesNotMatch(action?.message ?? '', /docker login/);
  });

  it('gives the wait of a rate limit in seconds', () => {
    const action = userAction(new DockerPinError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 120 }), { registry: 'docker.io', trusted: true });
    assert.match(action?.message ?? '', /retry in 120 s/);
  });

  it('leaves errors the lens explains to the lens', () => {
    for (const code of ['NOT_FOUND', 'NETWORK', 'TIMEOUT', 'DIGEST_MISMATCH', 'CANCELLED'] as const) {
      assert.equal(userAction(new DockerPinError(code, 'x'), { registry: 'docker.io', trusted: true }), undefined, code);
    }
  });

  it('keys by cause, so ten lenses on one registry give one notification', () => {
    const once = new OncePerCause();
    const keys = Array.from({ length: 10 }, () => userAction(new DockerPinError('UNAUTHORIZED', 'x'), { registry: 'ghcr.io', trusted: true })?.key ?? '');
    assert.deepEqual(keys.map((k) => once.first(k)), [true, ...Array<boolean>(9).fill(false)]);
    const other = userAction(new DockerPinError('UNAUTHORIZED', 'x'), { registry: 'quay.io', trusted: true });
    assert.equal(once.first(other?.key ?? ''), true);
    once.reset();
    assert.equal(once.first(keys[0] ?? ''), true);
  });
});
