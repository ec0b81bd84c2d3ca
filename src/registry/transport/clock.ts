// Time as the transport reads it: retries wait and deadlines fire through this collaborator, so
// tests pass a clock of their own and never wait real seconds.
import { DockerPinError } from '../../core/errors';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with CANCELLED as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Node's timers hold 2^31-1 ms; a longer delay (or NaN) fires after 1 ms, failing every request at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `ms` clamped to what setTimeout keeps, 1 ms … 2^31-1 ms (Infinity: the longest). */
export function timerDelay(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? MAX_TIMER_MS : 1;
  return Math.min(Math.max(Math.round(ms), 1), MAX_TIMER_MS);
}

export function cancelled(what: string): DockerPinError {
  return new DockerPinError('CANCELLED', `${what}: cancelled`);
}

/** The real clock: Date.now and setTimeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(cancelled('request'));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(cancelled('request'));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, timerDelay(ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
