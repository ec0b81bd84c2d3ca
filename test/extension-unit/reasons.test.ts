import * as assert from 'node:assert/strict';
import { DockerPinError } from '../../src/core/errors';
import { shortReason } from '../../src/extension/reasons';

describe('extension reasons: a few words for a lens title', () => {
  const cases: [DockerPinError, string][] = [
    [new DockerPinError('NOT_FOUND', 'manifest unknown: docker.io/library/nope:1'), 'not found'],
    [new DockerPinError('RATE_LIMITED', 'too many requests', { retryAfterSeconds: 29.2 }), 'rate limited, retry in 30 s'],
    [new DockerPinError('RATE_LIMITED', 'too many requests'), 'rate limited'],
    [new DockerPinError('NETWORK', 'connection refused', { host: '127.0.0.1:1' }), 'registry unreachable (127.0.0.1:1)'],
    [new DockerPinError('UNAUTHORIZED', 'no', { host: 'ghcr.io' }), 'authentication required (ghcr.io)'],
    [new DockerPinError('REGISTRY_ERROR', 'bad gateway', { status: 502 }), 'registry error 502'],
    [new DockerPinError('NO_MATCHING_PLATFORM', 'only linux/arm64'), 'no image for this platform'],
    [new DockerPinError('DIGEST_MISMATCH', 'tampered'), 'digest mismatch, not pinned'],
    [new DockerPinError('TLS', 'certificate not trusted', { host: 'reg.lan:5000' }), 'TLS failed (reg.lan:5000)'],
    [new DockerPinError('INSECURE_CONNECTION', 'answers plain HTTP', { host: 'reg.lan:5000' }), 'plain HTTP refused (reg.lan:5000)'],
  ];
  for (const [error, expected] of cases) {
    it(`${error.code} → "${expected}"`, () => assert.equal(shortReason(error), expected));
  }

  it('has words for a missing error', () => assert.equal(shortReason(undefined), 'could not resolve'));

  it('never shows the message, which may be long', () => {
    assert.ok(!shortReason(new DockerPinError('NOT_FOUND', 'x'.repeat(500))).includes('xxx'));
  });
});
