// Maps many items through an async call a few at a time. A run over thousands of files asks the
// file system about each (realpath, readdir, stat); all at once, every request and its promise would
// be alive together, and the process's peak memory would grow with the tree for nothing: the disk
// answers no faster.

/** Calls in flight at once: enough to keep the thread pool (4 threads) busy. */
export const FS_CALLS_IN_FLIGHT = 16;

/**
 * `items.map(call)`, awaited, with at most `limit` calls in flight; the results in item order. A call
 * that rejects rejects the whole, and no further call starts.
 */
export async function mapBounded<T, R>(items: readonly T[], call: (item: T) => Promise<R>, limit: number = FS_CALLS_IN_FLIGHT): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await call(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
