import * as assert from 'node:assert/strict';
import { isDockerPinError } from '../../src/core/errors';
import { computeDigest, isValidDigest, verifyDigest } from '../../src/registry/digest';

describe('registry/digest', () => {
  const bytes = Buffer.from('{"schemaVersion":2}\n');
  const digest = computeDigest(bytes);

  it('hashes the exact bytes, whitespace included', () => {
    assert.match(digest, /^sha256:[a-f0-9]{64}$/);
    assert.notEqual(computeDigest(Buffer.from('{"schemaVersion":2}')), digest);
  });

  it('accepts content matching the header and the requested digest', () => {
    assert.equal(verifyDigest(bytes, 'x', { header: digest, requested: digest }), digest);
    assert.equal(verifyDigest(bytes, 'x', {}), digest);
  });

  it('checks a sha512 header with sha512 but still returns the sha256 digest', () => {
    assert.equal(verifyDigest(bytes, 'x', { header: computeDigest(bytes, 'sha512') }), digest);
  });

  it('rejects a Docker-Content-Digest that does not match, naming both digests and the reference', () => {
    const other = computeDigest(Buffer.from('other'));
    assert.throws(
      () => verifyDigest(bytes, 'docker.io/library/alpine:3.20', { header: other }),
      (e: unknown) => isDockerPinError(e) && e.code === 'DIGEST_MISMATCH' && e.message.includes(digest) && e.message.includes(other) && e.message.includes('docker.io/library/alpine:3.20'),
    );
  });

  it('rejects content that is not what was asked for by digest', () => {
    const other = computeDigest(Buffer.from('other'));
    assert.throws(() => verifyDigest(bytes, 'x', { requested: other }), (e: unknown) => isDockerPinError(e) && e.code === 'DIGEST_MISMATCH');
  });

  it('rejects a malformed claimed digest', () => {
    assert.throws(() => verifyDigest(bytes, 'x', { header: 'sha256:xyz' }), (e: unknown) => isDockerPinError(e) && e.code === 'DIGEST_MISMATCH');
  });

  it('validates digest syntax', () => {
    assert.ok(isValidDigest(digest));
    assert.ok(!isValidDigest(digest.toUpperCase()));
    assert.ok(!isValidDigest('sha256:abc'));
    assert.ok(!isValidDigest('md5:' + 'a'.repeat(32)));
  });
});
