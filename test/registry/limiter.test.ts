import * as assert from 'node:assert/strict';
import { KeyedLimiter } from '../../src/registry/limiter';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('registry/limiter', () => {
  it('runs at most N tasks per key at once, and keys independently', async () => {
    const limiter = new KeyedLimiter(2);
    let peakA = 0;
    let runningA = 0;
    const releases: Array<() => void> = [];
    const task = (): Promise<void> =>
      new Promise<void>((resolve) => {
        runningA++;
        peakA = Math.max(peakA, runningA);
        releases.push(() => {
          runningA--;
          resolve();
        });
      });
    const all = [1, 2, 3, 4, 5].map(() => limiter.run('a', task));
    const other = limiter.run('b', () => Promise.resolve('b done'));
    assert.equal(await other, 'b done');
    await tick();
    assert.equal(limiter.running('a'), 2);
    while (releases.length > 0) {
      releases.shift()?.();
      await tick();
    }
    await Promise.all(all);
    assert.equal(peakA, 2);
    assert.equal(limiter.running('a'), 0);
  });

  it('frees the slot when a task fails', async () => {
    const limiter = new KeyedLimiter(1);
    await assert.rejects(limiter.run('k', () => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await limiter.run('k', () => Promise.resolve(1)), 1);
  });

  it('rejects a non-positive limit', () => {
    assert.throws(() => new KeyedLimiter(0), RangeError);
  });
});
