// Content digests: computed over the exact bytes received, never over re-serialized JSON. What a
// digest is (its grammar) is src/core/digest.ts's; this file only hashes and compares.
import { createHash } from 'node:crypto';
import { digestAlgorithm, isDigest, type DigestAlgorithm } from '../core/digest';
import { DockerPinError } from '../core/errors';

/** `algo:hex` of `bytes`; sha256 unless another algorithm is asked for. */
export function computeDigest(bytes: Buffer, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/**
 * The sha256 digest of `bytes`, after checking it against what the registry claimed
 * (`Docker-Content-Digest`) and what was asked for (a digest reference), each with its own
 * algorithm. A mismatch means corrupted or substituted content, which must never become a pin.
 */
export function verifyDigest(
  bytes: Buffer,
  what: string,
  claims: { readonly requested?: string; readonly header?: string },
): string {
  const actual = computeDigest(bytes);
  for (const [label, expected] of [
    ['digest asked for', claims.requested],
    ['Docker-Content-Digest header', claims.header],
  ] as const) {
    if (expected === undefined || expected === '') continue;
    if (!isDigest(expected)) {
      throw new DockerPinError('DIGEST_MISMATCH', `${what}: the ${label} "${expected.slice(0, 80)}" is not a valid digest`);
    }
    const algorithm = digestAlgorithm(expected);
    const computed = algorithm === 'sha256' ? actual : computeDigest(bytes, algorithm);
    if (computed !== expected) {
      throw new DockerPinError(
        'DIGEST_MISMATCH',
        `${what}: content digest ${computed} does not match the ${label} ${expected}`,
      );
    }
  }
  return actual;
}
