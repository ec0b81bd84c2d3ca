import * as assert from 'node:assert/strict';
import { isDockerPinError } from '../../src/core/errors';
import { computeDigest, verifyDigest } from '../../src/registry/digest';

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

  it('checks a sha384 claim with sha384, as go-digest does', () => {
    const sha384 = computeDigest(bytes, 'sha384');
    assert.match(sha384, /^sha384:[a-f0-9]{96}$/);
    assert.equal(verifyDigest(bytes, 'x', { requested: sha384 }), digest);
    assert.throws(() => verifyDigest(Buffer.from('other'), 'x', { requested: sha384 }), (e: unknown) => isDockerPinError(e) && e.code === 'DIGEST_MISMATCH');
  });

  it('refuses a claimed digest the reference grammar refuses (upper case, short, unknown algorithm)', () => {
    for (const claim of [digest.toUpperCase(), `sha256:${digest.slice(7).toUpperCase()}`, 'sha256:abc', `md5:${'a'.repeat(32)}`]) {
      assert.throws(() => verifyDigest(bytes, 'x', { header: claim }), (e: unknown) => isDockerPinError(e) && /is not a valid digest/.test(e.message), claim);
    }
  });
});
