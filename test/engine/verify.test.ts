import * as assert from 'node:assert/strict';
import { scanDockerfile } from '../../src/core/dockerfile';
import { parsePlatform } from '../../src/core/platform';
import { verifyRewrite } from '../../src/engine/verify';

const D1 = `sha256:${'a'.repeat(64)}`;
const D2 = `sha256:${'b'.repeat(64)}`;

describe('verifyRewrite', () => {
  const AT = { platform: parsePlatform('linux/amd64') };
  const before = scanDockerfile('FROM alpine:3.20 AS a\nCOPY --from=busybox:1 / /\n', AT).images;

  it('accepts added digests', () => {
    const after = `FROM alpine:3.20@${D1} AS a\nCOPY --from=busybox:1@${D2} / /\n`;
    assert.equal(verifyRewrite(before, { kind: 'dockerfile', text: after }, new Map([[0, D1], [1, D2]]), AT), undefined);
  });

  it('refuses a changed name, a lost image, or a digest other than planned', () => {
    assert.match(verifyRewrite(before, { kind: 'dockerfile', text: `FROM alpine:3.21@${D1} AS a\nCOPY --from=busybox:1 / /\n` }, new Map(), AT) ?? '', /line 1/);
    assert.match(verifyRewrite(before, { kind: 'dockerfile', text: `FROM alpine:3.20@${D1} AS a\n` }, new Map(), AT) ?? '', /1 images instead of 2/);
    assert.match(verifyRewrite(before, { kind: 'dockerfile', text: `FROM alpine:3.20@${D2} AS a\nCOPY --from=busybox:1 / /\n` }, new Map([[0, D1]]), AT) ?? '', /does not carry/);
  });

  it('accepts :latest added with the digest to a reference without a tag, and nowhere else', () => {
    const untagged = scanDockerfile('FROM alpine AS a\nCOPY --from=busybox:1 / /\n', AT).images;
    assert.equal(verifyRewrite(untagged, { kind: 'dockerfile', text: `FROM alpine:latest@${D1} AS a\nCOPY --from=busybox:1 / /\n` }, new Map([[0, D1]]), AT), undefined);
    // Without a digest, :latest is not part of a pin.
    assert.match(verifyRewrite(untagged, { kind: 'dockerfile', text: 'FROM alpine:latest AS a\nCOPY --from=busybox:1 / /\n' }, new Map(), AT) ?? '', /line 1/);
    // A written tag is never turned into latest.
    assert.match(verifyRewrite(before, { kind: 'dockerfile', text: `FROM alpine:latest@${D1} AS a\nCOPY --from=busybox:1 / /\n` }, new Map([[0, D1]]), AT) ?? '', /line 1/);
  });

  it('re-reads the text for the build it was scanned for: platform args and build args', () => {
    const text = 'ARG TAG\nFROM --platform=$BUILDPLATFORM golang:1 AS b\nFROM busybox-${TARGETARCH}:${TAG}\n';
    const pinned = `ARG TAG\nFROM --platform=$BUILDPLATFORM golang:1@${D1} AS b\nFROM busybox-\${TARGETARCH}:\${TAG}@${D2}\n`;
    const arm = { platform: parsePlatform('linux/arm64'), buildPlatform: parsePlatform('linux/amd64'), buildArgs: new Map([['TAG', '1']]) };
    const images = scanDockerfile(text, arm).images;
    assert.deepEqual(images.map((o) => o.expanded), ['golang:1', 'busybox-arm64:1']);
    assert.equal(verifyRewrite(images, { kind: 'dockerfile', text: pinned }, new Map([[0, D1], [1, D2]]), arm), undefined);
    // Read for another target, the same words name another image: never taken as the planned one.
    assert.match(verifyRewrite(images, { kind: 'dockerfile', text: pinned }, new Map([[0, D1], [1, D2]]), { ...arm, platform: parsePlatform('linux/amd64') }) ?? '', /busybox-amd64/);
    assert.match(verifyRewrite(images, { kind: 'dockerfile', text: pinned }, new Map([[0, D1], [1, D2]]), { ...arm, buildArgs: new Map() }) ?? '', /1 images instead of 2/);
  });
});
