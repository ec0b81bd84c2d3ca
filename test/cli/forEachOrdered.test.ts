import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { forEachOrdered } from '../../src/cli/forEachOrdered';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('forEachOrdered', () => {
  it('emits every result in item order although later items finish first', async () => {
    const emitted: Array<[string, number]> = [];
    const delays = [30, 5, 20, 0, 10, 1];
    await forEachOrdered(
      delays,
      { concurrency: 3 },
      async (ms, i) => {
        await sleep(ms);
        return `r${i}`;
      },
      (result, index) => emitted.push([result, index]),
    );
    assert.deepEqual(emitted, delays.map((_, i) => [`r${i}`, i]));
  });

  it('emits an item as soon as it and every earlier item are done, not at the end', async () => {
    const log: string[] = [];
    await forEachOrdered(
      [0, 1, 2],
      { concurrency: 3 },
      async (i) => {
        await sleep(i === 2 ? 60 : 0);
        log.push(`done ${i}`);
        return i;
      },
      (i) => log.push(`emit ${i}`),
    );
    assert.deepEqual(log, ['done 0', 'emit 0', 'done 1', 'emit 1', 'done 2', 'emit 2']);
  });

  it('never has more than `concurrency` tasks in flight, nor starts one beyond the window', async () => {
    let running = 0;
    let most = 0;
    let emitted = 0;
    let farthest = 0;
    await forEachOrdered(
      Array.from({ length: 50 }, (_, i) => i),
      { concurrency: 4, window: 6 },
      async (i) => {
        running++;
        most = Math.max(most, running);
        farthest = Math.max(farthest, i - emitted);
        // The first item is slow: the others must not all run ahead of it.
        await sleep(i === 0 ? 40 : i % 3);
        running--;
        return i;
      },
      () => {
        emitted++;
      },
    );
    assert.equal(most, 4);
    assert.ok(farthest < 6, `started item ${farthest} past the oldest unemitted one`);
    assert.equal(emitted, 50);
  });

  it('any mix of durations and limits: all results, in order, within the limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), async (delays, concurrency) => {
        let running = 0;
        const emitted: number[] = [];
        await forEachOrdered(
          delays,
          { concurrency },
          async (ms, i) => {
            running++;
            assert.ok(running <= concurrency);
            await sleep(ms);
            running--;
            return i;
          },
          (i) => emitted.push(i),
        );
        assert.deepEqual(emitted, delays.map((_, i) => i));
      }),
      { numRuns: 40 },
    );
  });

  it('resolves at once for no items', async () => {
    let calls = 0;
    await forEachOrdered([], { concurrency: 2 }, () => Promise.resolve(calls++), () => calls++);
    assert.equal(calls, 0);
  });

  it('on a failing task: emits what came before, starts nothing new, waits for running tasks, rejects with the error', async () => {
    const started: number[] = [];
    const emitted: number[] = [];
    let running = 0;
    let runningAtReject = -1;
    const failing = forEachOrdered(
      Array.from({ length: 20 }, (_, i) => i),
      { concurrency: 3 },
      async (i) => {
        started.push(i);
        running++;
        try {
          await sleep(i === 4 ? 5 : 20);
          if (i === 4) throw new Error('task 4 broke');
          return i;
        } finally {
          running--;
        }
      },
      (i) => emitted.push(i),
    );
    await assert.rejects(
      failing.finally(() => {
        runningAtReject = running;
      }),
      /task 4 broke/,
    );
    assert.equal(runningAtReject, 0);
    assert.deepEqual(emitted, [0, 1, 2]);
    assert.ok(Math.max(...started) < 8, `started ${started.join(',')}`);
  });

  it('a task that throws synchronously and an emit that throws reject too', async () => {
    await assert.rejects(
      forEachOrdered([1], { concurrency: 1 }, () => {
        throw new Error('sync');
      }, () => undefined),
      /sync/,
    );
    await assert.rejects(
      forEachOrdered([1, 2], { concurrency: 1 }, (i) => Promise.resolve(i), () => {
        throw new Error('emit');
      }),
      /emit/,
    );
  });

  it('refuses a concurrency below one or a window below the concurrency', () => {
    assert.throws(() => forEachOrdered([1], { concurrency: 0 }, (i) => Promise.resolve(i), () => undefined), RangeError);
    assert.throws(() => forEachOrdered([1], { concurrency: 4, window: 2 }, (i) => Promise.resolve(i), () => undefined), RangeError);
  });
});
