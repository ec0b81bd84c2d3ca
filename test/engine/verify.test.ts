import * as assert from 'node:assert/strict';
import { scanDockerfile } from '../../src/core/dockerfile';
import { verifyRewrite } from '../../src/engine/verify';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;

describe('verifyRewrite', () => {
  const before = scanDockerfile('FROM alpine:3.20 AS a\nCOPY --from=busybox:1 / /\n').images;

  it('accepts added digests', () => {
    const after = `FROM alpine:3.20@${D1} AS a\nCOPY --from=busybox:1@${D2} / /\n`;
    assert.equal(verifyRewrite(before, after, new Map([[0, D1], [1, D2]])), undefined);
  });

  it('refuses a changed name, a lost image, or a digest other than planned', () => {
    assert.match(verifyRewrite(before, `FROM alpine:3.21@${D1} AS a\nCOPY --from=busybox:1 / /\n`, new Map()) ?? '', /line 1/);
    assert.match(verifyRewrite(before, `FROM alpine:3.20@${D1} AS a\n`, new Map()) ?? '', /1 images instead of 2/);
    assert.match(verifyRewrite(before, `FROM alpine:3.20@${D2} AS a\nCOPY --from=busybox:1 / /\n`, new Map([[0, D1]])) ?? '', /does not carry/);
  });

  it('accepts :latest added with the digest to a reference without a tag, and nowhere else', () => {
    const untagged = scanDockerfile('FROM alpine AS a\nCOPY --from=busybox:1 / /\n').images;
    assert.equal(verifyRewrite(untagged, `FROM alpine:latest@${D1} AS a\nCOPY --from=busybox:1 / /\n`, new Map([[0, D1]])), undefined);
    // Without a digest, :latest is not part of a pin.
    assert.match(verifyRewrite(untagged, 'FROM alpine:latest AS a\nCOPY --from=busybox:1 / /\n', new Map()) ?? '', /line 1/);
    // A written tag is never turned into latest.
    assert.match(verifyRewrite(before, `FROM alpine:latest@${D1} AS a\nCOPY --from=busybox:1 / /\n`, new Map([[0, D1]])) ?? '', /line 1/);
  });
});
