import * as assert from 'node:assert/strict';
import { isDockerPinError } from '../../src/core/errors';
import { SharedWork } from '../../src/registry/shared';

describe('registry/shared', () => {
  it('runs identical concurrent work once', async () => {
    const shared = new SharedWork<number>();
    let runs = 0;
    const work = async (): Promise<number> => {
      runs++;
      await new Promise((r) => setTimeout(r, 10));
      return 42;
    };
    const results = await Promise.all([shared.run('k', undefined, work), shared.run('k', undefined, work), shared.run('k', undefined, work)]);
    assert.deepEqual(results, [42, 42, 42]);
    assert.equal(runs, 1);
    assert.equal(shared.size, 0);
  });

  it('cancels one caller without failing the others', async () => {
    const shared = new SharedWork<string>();
    let innerSignal: AbortSignal | undefined;
    const work = async (signal: AbortSignal): Promise<string> => {
      innerSignal = signal;
      await new Promise((r) => setTimeout(r, 20));
      return 'ok';
    };
    const ac = new AbortController();
    const first = shared.run('k', ac.signal, work);
    const second = shared.run('k', undefined, work);
    ac.abort();
    await assert.rejects(first, (e: unknown) => isDockerPinError(e) && e.code === 'CANCELLED');
    assert.equal(await second, 'ok');
    assert.equal(innerSignal?.aborted, false);
  });

  it('aborts the shared work when every caller has cancelled', async () => {
    const shared = new SharedWork<string>();
    let innerSignal: AbortSignal | undefined;
    const work = (signal: AbortSignal): Promise<string> =>
      new Promise((_resolve, reject) => {
        innerSignal = signal;
        signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const ac = new AbortController();
    const p = shared.run('k', ac.signal, work);
    ac.abort();
    await assert.rejects(p, (e: unknown) => isDockerPinError(e) && e.code === 'CANCELLED');
    assert.equal(innerSignal?.aborted, true);
    assert.equal(shared.size, 0);
  });

  it('refuses an already-aborted signal without starting work', async () => {
    const shared = new SharedWork<string>();
    let runs = 0;
    await assert.rejects(
      shared.run('k', AbortSignal.abort(), () => {
        runs++;
        return Promise.resolve('x');
      }),
      (e: unknown) => isDockerPinError(e) && e.code === 'CANCELLED',
    );
    assert.equal(runs, 0);
  });
});
