// Identical work asked for at the same time runs once. Each caller may cancel on its own; the
// shared work is aborted only when every caller has gone.
import { DockerPinError } from '../core/errors';

interface Entry<T> {
  readonly promise: Promise<T>;
  readonly controller: AbortController;
  waiters: number;
}

export class SharedWork<T> {
  private readonly running = new Map<string, Entry<T>>();

  run(key: string, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (signal?.aborted) return Promise.reject(new DockerPinError('CANCELLED', 'registry request cancelled'));
    let entry = this.running.get(key);
    if (!entry) {
      const controller = new AbortController();
      const created: Entry<T> = {
        controller,
        waiters: 0,
        promise: work(controller.signal).finally(() => {
          if (this.running.get(key) === created) this.running.delete(key);
        }),
      };
      entry = created;
      this.running.set(key, entry);
    }
    return this.join(key, entry, signal);
  }

  /** Keys being worked on now (for tests). */
  get size(): number {
    return this.running.size;
  }

  private join(key: string, entry: Entry<T>, signal: AbortSignal | undefined): Promise<T> {
    entry.waiters++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        reject(new DockerPinError('CANCELLED', 'registry request cancelled'));
        entry.waiters--;
        if (entry.waiters === 0) {
          // Nobody wants the result any more: stop the requests, and let a later caller start afresh.
          if (this.running.get(key) === entry) this.running.delete(key);
          entry.controller.abort();
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      void entry.promise
        .then(resolve, reject)
        .finally(() => {
          if (signal?.aborted !== true) entry.waiters--;
          signal?.removeEventListener('abort', onAbort);
        });
    });
  }
}
