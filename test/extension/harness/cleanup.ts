// Everything a run starts is registered here and stopped on every way out: success, failure,
// timeout and Ctrl+C, so a run never leaves code-server, Chromium or a registry behind.

type Stopper = () => Promise<void>;

const stoppers: { name: string; stop: Stopper }[] = [];

/** Registers something to stop; returns a function that stops it now and forgets it. */
export function onCleanup(name: string, stop: Stopper): () => Promise<void> {
  const entry = { name, stop };
  stoppers.push(entry);
  return async () => {
    const i = stoppers.indexOf(entry);
    if (i >= 0) {
      stoppers.splice(i, 1);
      await runOne(entry);
    }
  };
}

async function runOne(entry: { name: string; stop: Stopper }): Promise<void> {
  try {
    await entry.stop();
  } catch (e) {
    console.error(`[run] could not stop ${entry.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Stops everything still registered, newest first (the browser before the server it shows). */
export async function cleanupAll(): Promise<void> {
  while (stoppers.length > 0) {
    const entry = stoppers.pop();
    if (entry) await runOne(entry);
  }
}

/**
 * Runs `main` with a deadline and exits the process with its code after cleaning up.
 * Signals and the deadline also clean up, so nothing keeps running after the launcher is gone.
 */
export function runMain(name: string, main: () => Promise<number>, timeoutMs: number): void {
  let finished = false;
  const finish = (code: number): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    void cleanupAll().finally(() => process.exit(code));
  };
  const timer = setTimeout(() => {
    console.error(`[${name}] timed out after ${Math.round(timeoutMs / 1000)} s; stopping everything`);
    finish(1);
  }, timeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`[${name}] ${signal}: stopping everything`);
      finish(130);
    });
  }
  main().then(finish, (e: unknown) => {
    console.error(`[${name}] failed:`, e instanceof Error ? (e.stack ?? e.message) : e);
    finish(1);
  });
}
