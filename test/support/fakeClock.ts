// A clock the test moves by hand, for the transport's retries and deadlines: no test waits real
// seconds. Sleeps of at most `instantUpToMs` end at once (moving the clock on); longer ones wait
// for `advance`.
import { DockerPinError } from '../../src/core/errors';
import type { Clock } from '../../src/registry/transport/clock';

interface Sleeper {
  readonly until: number;
  readonly ms: number;
  readonly wake: () => void;
}

export class FakeClock implements Clock {
  private time: number;
  private sleepers: Sleeper[] = [];
  /** Every sleep asked for, in milliseconds, in order. */
  readonly slept: number[] = [];

  constructor(private readonly options: { readonly start?: number; readonly instantUpToMs?: number } = {}) {
    this.time = options.start ?? Date.UTC(2026, 0, 1);
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.slept.push(ms);
    if (signal?.aborted) return Promise.reject(new DockerPinError('CANCELLED', 'request: cancelled'));
    if (ms <= (this.options.instantUpToMs ?? -1)) {
      this.time += ms;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = {
        until: this.time + ms,
        ms,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(new DockerPinError('CANCELLED', 'request: cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** Sleeps not yet over, by their length. */
  get pending(): number[] {
    return this.sleepers.map((s) => s.ms);
  }

  /** Moves the clock on by `ms`, ending every sleep due by then. */
  advance(ms: number): void {
    this.time += ms;
    const due = this.sleepers.filter((s) => s.until <= this.time);
    this.sleepers = this.sleepers.filter((s) => s.until > this.time);
    for (const s of due) s.wake();
  }

  /**
   * `promise`, with every sleep ended as soon as it is asked for while it is pending: for work
   * expected to end in timeouts only (a request in flight when its sleep ends times out too).
   */
  async expire<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    const done = promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (!settled) {
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5))]);
      const next = Math.min(...this.sleepers.map((s) => s.until));
      if (!settled && Number.isFinite(next)) this.advance(next - this.time);
    }
    return promise;
  }

  /** Resolves once a sleep of `ms` is pending (a test's timeout ends a wait that never comes). */
  async sleeping(ms: number): Promise<void> {
    while (!this.pending.includes(ms)) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
