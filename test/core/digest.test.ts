// The digest grammar: what distribution/reference accepts after `@` in a reference (its digestPat,
// then go-digest's check of the algorithm and the hex), table by table.
import * as assert from 'node:assert/strict';
import { DIGEST_PATTERN, digestAlgorithm, digestProblem, isDigest, withoutTrailingDigest } from '../../src/core/digest';

const hex = (n: number, c = 'a') => c.repeat(n);

describe('core/digest', () => {
  const valid: [string, string][] = [
    [`sha256:${hex(64)}`, 'sha256'],
    [`sha256:${'0123456789abcdef'.repeat(4)}`, 'sha256'],
    [`sha384:${hex(96, '0')}`, 'sha384'],
    [`sha512:${hex(128, 'f')}`, 'sha512'],
  ];
  for (const [digest, algorithm] of valid) {
    it(`accepts ${digest.slice(0, 16)}… as a ${algorithm} digest`, () => {
      assert.equal(digestProblem(digest), undefined);
      assert.equal(isDigest(digest), true);
      assert.equal(digestAlgorithm(digest), algorithm);
    });
  }

  const invalid: [string, string][] = [
    ['', 'is not of the form algorithm:hex'],
    ['sha256:', 'is not of the form algorithm:hex'],
    [hex(64), 'is not of the form algorithm:hex'],
    [`@sha256:${hex(64)}`, 'is not of the form algorithm:hex'],
    [`sha256:${hex(64)} `, 'is not of the form algorithm:hex'],
    ['sha256:abc', 'is not of the form algorithm:hex'],
    [`sha256:${hex(31)}`, 'is not of the form algorithm:hex'],
    [`sha256:${hex(63)}g`, 'is not of the form algorithm:hex'],
    [`256:${hex(64)}`, 'is not of the form algorithm:hex'],
    [`sha-256:${hex(64)}`, 'is not of the form algorithm:hex'],
    [`sha256:${hex(63)}`, 'sha256 digest must have 64 hex characters, not 63'],
    [`sha256:${hex(65)}`, 'sha256 digest must have 64 hex characters, not 65'],
    [`sha256:${hex(32)}`, 'sha256 digest must have 64 hex characters, not 32'],
    [`sha512:${hex(64)}`, 'sha512 digest must have 128 hex characters, not 64'],
    [`sha384:${hex(64)}`, 'sha384 digest must have 96 hex characters, not 64'],
    [`sha256:${hex(64, 'A')}`, 'sha256 digest must be lowercase hex'],
    [`md5:${hex(32)}`, 'unsupported digest algorithm "md5"'],
    [`SHA256:${hex(64)}`, 'unsupported digest algorithm "SHA256"'],
    [`sha256+b64:${hex(64)}`, 'unsupported digest algorithm "sha256+b64"'],
    [`multihash+base58:${hex(46)}`, 'unsupported digest algorithm "multihash+base58"'],
  ];
  for (const [text, message] of invalid) {
    it(`refuses ${JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text)}: ${message}`, () => {
      assert.match(digestProblem(text) ?? '', new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      assert.equal(isDigest(text), false);
    });
  }

  it('names no algorithm for what is not a digest', () => {
    assert.throws(() => digestAlgorithm(`md5:${hex(32)}`), RangeError);
  });

  const trailing: [string, string][] = [
    [`alpine:3.20@sha256:${hex(64)}`, 'alpine:3.20'],
    [`localhost:5000/app@sha512:${hex(128)}`, 'localhost:5000/app'],
    // The shape, not validity: a digest written wrong is still not part of the tag.
    [`alpine@sha256:${hex(63)}`, 'alpine'],
    [`alpine@SHA256:${hex(64, 'A')}`, 'alpine'],
    ['alpine:3.20', 'alpine:3.20'],
    ['alpine@sha256:abc', 'alpine@sha256:abc'],
    [`alpine@sha256:${hex(64)} `, `alpine@sha256:${hex(64)} `],
  ];
  for (const [reference, rest] of trailing) {
    it(`withoutTrailingDigest(${JSON.stringify(reference.slice(0, 30))}…) is ${JSON.stringify(rest.slice(0, 30))}`, () => {
      assert.equal(withoutTrailingDigest(reference), rest);
    });
  }

  it('gives its pattern to embed in larger ones, matching exactly the shapes digestProblem reads', () => {
    const embedded = new RegExp(`^FROM \\S+@(${DIGEST_PATTERN})$`);
    assert.equal(embedded.exec(`FROM alpine@sha256:${hex(64)}`)?.[1], `sha256:${hex(64)}`);
    assert.equal(embedded.exec('FROM alpine@sha256:abc'), null);
    for (const [text, message] of invalid) {
      const shaped = new RegExp(`^${DIGEST_PATTERN}$`).test(text);
      assert.equal(shaped, !message.includes('is not of the form'), text);
    }
  });
});
