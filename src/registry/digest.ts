// Content digests: computed over the exact bytes received, never over re-serialized JSON.
import { createHash } from 'node:crypto';
import { DockerPinError } from '../core/errors';

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isValidDigest(text: string): boolean {
  return DIGEST.test(text);
}

/** `algo:hex` of `bytes`; sha256 unless another supported algorithm is asked for. */
export function computeDigest(bytes: Buffer, algorithm: 'sha256' | 'sha512' = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

function algorithmOf(digest: string): 'sha256' | 'sha512' {
  return digest.startsWith('sha512:') ? 'sha512' : 'sha256';
}

/**
 * The sha256 digest of `bytes`, after checking it against what the registry claimed
 * (`Docker-Content-Digest`) and what was asked for (a digest reference). A mismatch means
 * corrupted or substituted content, which must never become a pin.
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
    if (!isValidDigest(expected)) {
      throw new DockerPinError('DIGEST_MISMATCH', `${what}: the ${label} "${expected.slice(0, 80)}" is not a valid digest`);
    }
    const computed = algorithmOf(expected) === 'sha256' ? actual : computeDigest(bytes, 'sha512');
    if (computed !== expected) {
      throw new DockerPinError(
        'DIGEST_MISMATCH',
        `${what}: content digest ${computed} does not match the ${label} ${expected}`,
      );
    }
  }
  return actual;
}
