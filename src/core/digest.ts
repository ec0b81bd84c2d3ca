// Content digests (`algorithm:hex`), the one grammar every room uses. A digest is what
// distribution/reference accepts in a reference: the shape of its `digestPat`
// (`[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[[:xdigit:]]{32,}`), then go-digest's check
// when the reference is parsed: a known algorithm and exactly its length in lowercase hex
// (sha256 = 64, sha384 = 96, sha512 = 128). Hashing bytes is the registry's business
// (src/registry/digest.ts); it takes this grammar from here.

/**
 * The shape of a digest in a reference, unanchored, for patterns that must find one inside other
 * text (`@` + this at the end of a written reference). Wider than a valid digest on purpose: a
 * digest of this shape that fails `digestProblem` is reported, never mistaken for part of a tag.
 */
export const DIGEST_PATTERN = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

const DIGEST_SHAPE = new RegExp(`^${DIGEST_PATTERN}$`);

/** The algorithms go-digest verifies, and the length of their lowercase hex. */
const HEX_LENGTH = { sha256: 64, sha384: 96, sha512: 128 } as const;

export type DigestAlgorithm = keyof typeof HEX_LENGTH;

/** `@algo:hex` closing a reference (`alpine:3.20@sha256:…`). */
const TRAILING_DIGEST = new RegExp(`@${DIGEST_PATTERN}$`);

/** Why `text` is not a digest docker-pin can verify, or undefined when it is one. */
export function digestProblem(text: string): string | undefined {
  if (!DIGEST_SHAPE.test(text)) return `digest ${JSON.stringify(text)} is not of the form algorithm:hex`;
  const colon = text.indexOf(':');
  const algorithm = text.slice(0, colon);
  const hex = text.slice(colon + 1);
  if (!isAlgorithm(algorithm)) {
    return `unsupported digest algorithm ${JSON.stringify(algorithm)} (expected sha256, sha384 or sha512)`;
  }
  const length = HEX_LENGTH[algorithm];
  if (hex.length !== length) return `${algorithm} digest must have ${length} hex characters, not ${hex.length}`;
  if (hex !== hex.toLowerCase()) return `${algorithm} digest must be lowercase hex`;
  return undefined;
}

/** True when `text` is a complete digest: `sha256:` + 64 lowercase hex, `sha384:` + 96, `sha512:` + 128. */
export function isDigest(text: string): boolean {
  return digestProblem(text) === undefined;
}

/** The algorithm of a digest that `isDigest` accepts. */
export function digestAlgorithm(digest: string): DigestAlgorithm {
  const algorithm = digest.slice(0, digest.indexOf(':'));
  if (!isAlgorithm(algorithm)) throw new RangeError(`not a digest: ${JSON.stringify(digest.slice(0, 80))}`);
  return algorithm;
}

/** `reference` without the `@algo:hex` that ends it, if one does. */
export function withoutTrailingDigest(reference: string): string {
  return reference.replace(TRAILING_DIGEST, '');
}

function isAlgorithm(name: string): name is DigestAlgorithm {
  return Object.prototype.hasOwnProperty.call(HEX_LENGTH, name);
}
