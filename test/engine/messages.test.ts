import * as assert from 'node:assert/strict';
import { DockerPinError } from '../../src/core/errors';
import { repositoryPart } from '../../src/core/reference';
import { formatError, statusMessage } from '../../src/engine/messages';
import type { ImageStatus, PinState } from '../../src/engine/types';
import { AMD64, occurrenceOf } from './fixtures';

const D = `sha256:${'c'.repeat(64)}`;

function status(text: string, state: PinState, extra: Partial<ImageStatus> = {}): ImageStatus {
  return { occurrence: occurrenceOf(text), platform: AMD64, state, kind: 'platform', ...extra };
}

describe('statusMessage', () => {
  it('says what each state means for the line, with the digest to write', () => {
    assert.equal(statusMessage(status('FROM alpine:3.20\n', 'unpinned', { targetDigest: D })), `unpinned alpine:3.20 (would pin ${D})`);
    assert.equal(
      statusMessage(status(`FROM alpine:3.20@sha256:${'1'.repeat(64)}\n`, 'stale', { targetDigest: D })),
      `stale alpine:3.20@sha256:${'1'.repeat(64)} (would update to ${D})`,
    );
    assert.equal(statusMessage(status(`FROM alpine:3.20@${D}\n`, 'current')), `pinned alpine:3.20@${D} (current, linux/amd64)`);
    assert.equal(statusMessage(status(`FROM alpine:3.20@${D}\n`, 'current', { kind: 'index' })), `pinned alpine:3.20@${D} (current, index (multi-arch))`);
    assert.equal(statusMessage(status(`FROM alpine@${D}\n`, 'digest-only')), `pinned by digest alpine@${D}`);
  });

  it('shows the expanded reference, and says a digest on a line built from ARGs wins over --build-arg', () => {
    assert.equal(
      statusMessage(status('ARG V=3.20\nFROM alpine:${V}\n', 'unpinned', { targetDigest: D })),
      `unpinned alpine:3.20 (would pin ${D}; a digest on this line wins over --build-arg V=…: the override no longer changes the image here)`,
    );
    assert.equal(
      statusMessage(status(`ARG V=3.20\nFROM alpine:\${V}@${D}\n`, 'current')),
      `pinned alpine:3.20@${D} (current, linux/amd64; a digest on this line wins over --build-arg V=…: the override no longer changes the image here)`,
    );
    // A variable in the repository name: another value names a repository that does not hold the digest.
    assert.equal(
      statusMessage(status('ARG OS=linux\nARG ARCH=amd64\nFROM busybox-${OS}-${ARCH}:1.36\n', 'unpinned', { targetDigest: D })),
      `unpinned busybox-linux-amd64:1.36 (would pin ${D}; a digest on this line wins over --build-arg OS=… or --build-arg ARCH=…: the override no longer changes the image here, and one that names another repository makes the build fail: it does not hold this digest)`,
    );
    // BuildKit sets its platform args itself: no --build-arg changes them.
    assert.equal(statusMessage(status('FROM --platform=$BUILDPLATFORM alpine:3.20\n', 'unpinned', { targetDigest: D })), `unpinned alpine:3.20 (would pin ${D})`);
  });

  it('tells the repository of a written reference from its tag and digest, a ${…} default kept whole', () => {
    assert.equal(repositoryPart('busybox-${OS}:1.36'), 'busybox-${OS}');
    assert.equal(repositoryPart('alpine:${TAG:-3.20}'), 'alpine');
    assert.equal(repositoryPart('${REGISTRY:-localhost:5000}/app:${TAG}@sha256:abc'), '${REGISTRY:-localhost:5000}/app');
    assert.equal(repositoryPart('localhost:5000/team/app'), 'localhost:5000/team/app');
    assert.equal(repositoryPart('${BASE}'), '${BASE}');
    assert.equal(repositoryPart('golang:${GO_VERSION}-alpine'), 'golang');
  });

  it('names the ARG default a line is pinned through, and why it takes the index digest', () => {
    assert.equal(
      statusMessage(status('ARG BASE=alpine:3.20\nFROM ${BASE}\n', 'unpinned', { targetDigest: D })),
      `unpinned alpine:3.20 (would pin ${D} into the default of ARG BASE on line 1)`,
    );
    assert.equal(
      statusMessage(status('ARG BASE=alpine:3.20\nFROM ${BASE}\n', 'unpinned', { targetDigest: D, kind: 'index', indexOnly: 'the default of ARG BASE serves linux/amd64 and linux/arm64' })),
      `unpinned alpine:3.20 (would pin ${D} into the default of ARG BASE on line 1, the index digest: the default of ARG BASE serves linux/amd64 and linux/arm64)`,
    );
    assert.equal(
      statusMessage(status(`ARG BASE=alpine:3.20@sha256:${'1'.repeat(64)}\nFROM \${BASE}\n`, 'stale', { targetDigest: D })),
      `stale alpine:3.20@sha256:${'1'.repeat(64)} (would update to ${D} in the default of ARG BASE on line 1)`,
    );
  });

  it('in other file kinds, speaks of the variable\'s value, not of ARG defaults and --build-arg', () => {
    const inValue = { ...occurrenceOf('ARG IMAGE=alpine:3.20\nFROM ${IMAGE}\n'), fileKind: 'gitlab-ci' as const };
    assert.equal(statusMessage({ occurrence: inValue, platform: AMD64, state: 'unpinned', kind: 'platform', targetDigest: D }), `unpinned alpine:3.20 (would pin ${D} into the value of IMAGE on line 1)`);
    const onLine = { ...occurrenceOf('ARG V=3.20\nFROM alpine:${V}\n'), fileKind: 'gitlab-ci' as const };
    assert.equal(
      statusMessage({ occurrence: onLine, platform: AMD64, state: 'unpinned', kind: 'platform', targetDigest: D }),
      `unpinned alpine:3.20 (would pin ${D}; a digest on this line wins over another value of V: the override no longer changes the image here)`,
    );
  });

  it('an ARG that cannot take the pin: the line says why', () => {
    assert.equal(
      statusMessage(status('ARG BASE=alpine:3.20\nFROM ${BASE}\nLABEL base=$BASE\n', 'unpinned', { targetDigest: D })),
      `unpinned alpine:3.20 (would pin ${D}; a digest on this line wins over --build-arg BASE=…: the override no longer changes the image here (BASE is also used on line 3, so its default cannot take the pin), and one that names another repository makes the build fail: it does not hold this digest)`,
    );
  });

  it("an error line says the error's message", () => {
    const error = new DockerPinError('NOT_FOUND', 'docker.io/library/alpine:9: manifest unknown');
    assert.equal(statusMessage(status('FROM alpine:9\n', 'error', { error })), 'docker.io/library/alpine:9: manifest unknown');
  });
});

describe('formatError', () => {
  it('adds how long to wait after a rate limit', () => {
    const error = new DockerPinError('RATE_LIMITED', 'registry-1.docker.io: too many requests', { retryAfterSeconds: 30 });
    assert.equal(formatError(error), 'registry-1.docker.io: too many requests (retry after 30s)');
  });
});
