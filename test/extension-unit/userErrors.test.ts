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

  it('a pull limit carries the registry\'s words and says docker login raises it, as the CLI does', () => {
    const text = 'You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit';
    const hub = userAction(new DockerPinError('RATE_LIMITED', 'x', { pullLimit: true, registryText: text }), { registry: 'docker.io', trusted: true });
    assert.equal(hub?.message, `Docker Pin: docker.io refused the pull: "${text}". "docker login" raises the limit; or retry later.`);
    const other = userAction(new DockerPinError('RATE_LIMITED', 'x', { pullLimit: true, registryText: 'slow down', retryAfterSeconds: 30 }), { registry: 'reg.example:5000', trusted: true });
    assert.equal(other?.message, 'Docker Pin: reg.example:5000 refused the pull: "slow down". "docker login reg.example:5000" raises the limit; or retry in 30 s.');
  });

  it('any 429 from Docker Hub says docker login raises the limit; elsewhere a plain 429 gives the registry\'s words and when to retry', () => {
    const hub = userAction(new DockerPinError('RATE_LIMITED', 'x', { retryAfterSeconds: 120 }), { registry: 'docker.io', trusted: true });
    assert.equal(hub?.message, 'Docker Pin: docker.io refused the pull. "docker login" raises the limit; or retry in 120 s.');
    const other = userAction(new DockerPinError('RATE_LIMITED', 'x', { registryText: 'too many requests' }), { registry: 'ghcr.io', trusted: true });
    assert.equal(other?.message, 'Docker Pin: ghcr.io rate-limited the requests: "too many requests"; retry later.');
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
