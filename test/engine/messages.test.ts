import * as assert from 'node:assert/strict';
import { DockerPinError } from '../../src/core/errors';
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

  it('shows the expanded reference, so a line written with variables is recognizable', () => {
    assert.equal(statusMessage(status('ARG V=3.20\nFROM alpine:${V}\n', 'unpinned', { targetDigest: D })), `unpinned alpine:3.20 (would pin ${D})`);
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
