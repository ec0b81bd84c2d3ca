import * as assert from 'node:assert/strict';
import { DockerPinError } from '../../src/core/errors';
import { toDockerPinError } from '../../src/engine/errors';

describe('toDockerPinError', () => {
  it('keeps typed errors as they are', () => {
    const typed = new DockerPinError('UNAUTHORIZED', 'ghcr.io: authentication required');
    assert.equal(toDockerPinError(typed, 'ghcr.io/o/app:1'), typed);
  });

  it('wraps anything else with the reference named', () => {
    const wrapped = toDockerPinError(new TypeError('x is undefined'), 'alpine:3.20');
    assert.equal(wrapped.code, 'REGISTRY_ERROR');
    assert.equal(wrapped.message, 'alpine:3.20: x is undefined');
    assert.equal(toDockerPinError('boom', 'alpine').message, 'alpine: boom');
  });

  it('turns an abort into a cancellation', () => {
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    assert.equal(toDockerPinError(abort, 'alpine').code, 'CANCELLED');
  });
});
