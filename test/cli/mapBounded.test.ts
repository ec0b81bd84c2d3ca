import * as assert from 'node:assert/strict';
import { mapBounded } from '../../src/cli/mapBounded';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('mapBounded', () => {
  it('gives every result in item order, at most `limit` calls in flight', async () => {
    let running = 0;
    let most = 0;
    const items = Array.from({ length: 40 }, (_, i) => i);
    const results = await mapBounded(
      items,
      async (i) => {
        running++;
        most = Math.max(most, running);
        await sleep((i * 7) % 5);
        running--;
        return `r${i}`;
      },
      4,
    );
    assert.deepEqual(results, items.map((i) => `r${i}`));
    assert.equal(most, 4);
  });

  it('rejects with the first failure and starts no call after it', async () => {
    const started: number[] = [];
    await assert.rejects(
      mapBounded(
        Array.from({ length: 20 }, (_, i) => i),
        async (i) => {
          started.push(i);
          await sleep(1);
          if (i === 3) throw new Error('item 3 failed');
          return i;
        },
        2,
      ),
      /item 3 failed/,
    );
    await sleep(20);
    assert.ok(Math.max(...started) <= 5, `started items up to ${Math.max(...started)} after item 3 failed`);
  });

  it('answers an empty list at once', async () => {
    assert.deepEqual(await mapBounded([], async () => 1), []);
  });
});
