// Runs one task per item through a small pool and hands results on in item order, as soon as an
// item and every earlier one are done. The CLI uses it so that a tree of thousands of Dockerfiles
// has only a few files' text, plans and reports alive at a time, and prints deterministically.

/**
 * Files `pin` and `check` work on at once. The shared registry client de-duplicates images named in
 * several files and caps requests per host anyway, so more would only hold more files in memory.
 */
export const FILES_IN_FLIGHT = 16;

export interface ForEachOrderedOptions {
  /** Tasks in flight at once. */
  readonly concurrency: number;
  /**
   * How far past the oldest result not yet emitted a task may start. It bounds the results held
   * back behind one slow item, and so the memory; default twice `concurrency`.
   */
  readonly window?: number;
}

/**
 * Calls `work` for every item, at most `concurrency` at a time, and `emit` with each result in item
 * order. If `work` or `emit` throws, no further task starts; the tasks already running are allowed
 * to finish (their results are dropped), then the returned promise rejects with the first error.
 */
export function forEachOrdered<T, R>(
  items: readonly T[],
  options: ForEachOrderedOptions,
  work: (item: T, index: number) => Promise<R>,
  emit: (result: R, index: number) => void,
): Promise<void> {
  const { concurrency } = options;
  const window = options.window ?? concurrency * 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  if (!Number.isInteger(window) || window < concurrency) throw new RangeError(`window must be an integer of at least concurrency, got ${window}`);

  return new Promise((resolve, reject) => {
    const done = new Map<number, R>();
    let next = 0; // the next item to start
    let emitted = 0; // items handed to `emit`
    let running = 0;
    let failed = false;
    let failure: unknown;

    const fail = (error: unknown) => {
      if (!failed) {
        failed = true;
        failure = error;
      }
    };

    const pump = () => {
      while (!failed && running < concurrency && next < items.length && next < emitted + window) {
        const index = next++;
        running++;
        // `then` of a fresh promise: a `work` that throws synchronously is a failure like any other.
        Promise.resolve()
          .then(() => work(items[index], index))
          .then(
            (result) => {
              running--;
              if (failed) return;
              done.set(index, result);
              flush();
            },
            (error: unknown) => {
              running--;
              fail(error);
            },
          )
          .finally(settle);
      }
    };

    const flush = () => {
      while (!failed && done.has(emitted)) {
        const result = done.get(emitted) as R;
        done.delete(emitted);
        try {
          emit(result, emitted);
        } catch (error) {
          fail(error);
          return;
        }
        emitted++;
      }
    };

    const settle = () => {
      if (failed) {
        done.clear();
        if (running === 0) reject(failure);
        return;
      }
      if (emitted === items.length) resolve();
      else pump();
    };

    if (items.length === 0) resolve();
    else pump();
  });
}
