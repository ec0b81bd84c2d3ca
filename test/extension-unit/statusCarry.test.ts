import * as assert from 'node:assert/strict';
import { carryKey, carryLifetimeMs, ERROR_CARRY_MS, rebase } from '../../src/extension/statusCarry';
import { occurrence, status } from './fixtures';

describe('extension statusCarry: which answers survive an edit', () => {
  it('a line asks the same question when its expanded reference and own platform are the same', () => {
    assert.equal(carryKey(occurrence('alpine:3.20', 0)), carryKey(occurrence('alpine:3.20', 7)));
    assert.notEqual(carryKey(occurrence('alpine:3.20', 0)), carryKey(occurrence('alpine:3.21', 0)));
    const arm = occurrence('alpine:3.20', 0, { platform: { os: 'linux', architecture: 'arm64' } });
    assert.notEqual(carryKey(arm), carryKey(occurrence('alpine:3.20', 0)));
  });

  it('an answer is never carried between a line and the same line once an ignore comment is added (or removed)', () => {
    const ignored = occurrence('alpine:3.20', 0, { ignored: 'ignore comment on line 1' });
    assert.notEqual(carryKey(ignored), carryKey(occurrence('alpine:3.20', 0)));
  });

  it('a line pinned through an ARG default asks another question once its uses build for other platforms', () => {
    const value = { name: 'BASE', text: 'alpine:3.20', range: { start: { line: 0, character: 9 }, end: { line: 0, character: 20 } } };
    const one = occurrence('alpine:3.20', 1, { valueAt: { ...value, platforms: [undefined] } });
    const two = occurrence('alpine:3.20', 1, { valueAt: { ...value, platforms: [undefined, { os: 'linux', architecture: 'arm64' }] } });
    assert.notEqual(carryKey(one), carryKey(two));
    assert.notEqual(carryKey(one), carryKey(occurrence('alpine:3.20', 1)));
  });

  it('successes carry for the cache lifetime, failures for 30 s whatever the lifetime', () => {
    const alpine = occurrence('alpine:3.20');
    assert.equal(carryLifetimeMs(status('unpinned', alpine), 300_000), 300_000);
    assert.equal(carryLifetimeMs(status('current', alpine), 0), 0);
    assert.equal(carryLifetimeMs(status('error', alpine, { error: { code: 'NOT_FOUND' } }), 0), ERROR_CARRY_MS);
    assert.equal(carryLifetimeMs(status('error', alpine, { error: { code: 'UNAUTHORIZED' } }), 300_000), ERROR_CARRY_MS);
    assert.equal(carryLifetimeMs(status('error', alpine, { error: { code: 'CANCELLED' } }), 300_000), 0);
  });

  it('a rate limit carries until its Retry-After, and never less than the error time', () => {
    const alpine = occurrence('alpine:3.20');
    const limited = (retryAfterSeconds?: number) => status('error', alpine, { error: { code: 'RATE_LIMITED', details: { retryAfterSeconds } } });
    assert.equal(carryLifetimeMs(limited(600), 0), 600_000);
    assert.equal(carryLifetimeMs(limited(1), 0), ERROR_CARRY_MS);
    assert.equal(carryLifetimeMs(limited(), 0), ERROR_CARRY_MS);
  });

  it('a carried status names the occurrence of the new version, so edits land on its range', () => {
    const before = status('unpinned', occurrence('alpine:3.20', 0), { target: 'sha256:x' });
    const moved = occurrence('alpine:3.20', 3);
    const carried = rebase(before, moved);
    assert.equal(carried.occurrence, moved);
    assert.equal(carried.targetDigest, 'sha256:x');
    assert.equal(rebase(before, before.occurrence), before);
  });
});
