// What each registry endpoint asked for the last time it answered 401 (or that it answered
// without one), so that the first request to a repository not seen before already carries
// Authorization — as containerd's docker authorizer keeps one auth handler per host. While a
// registry is still unknown, one request probes it and the others wait for its answer instead of
// each paying its own 401.
import { DockerPinError } from '../core/errors';

/** A registry's challenge, without the repository: the scope is the caller's own. */
export type RegistryScheme =
  | { readonly kind: 'bearer'; readonly realm: string; readonly service: string }
  | { readonly kind: 'basic' }
  /** It answered an anonymous request without a challenge. */
  | { readonly kind: 'none' };

/** Held by the one request that meets an unknown registry first; `finish` lets the others go. */
export interface Probe {
  /**
   * Called when the probe's exchange is over. `anonymousStatus` is the status the anonymous
   * request got when it was not a 401: a registry that serves it records "none".
   */
  finish(anonymousStatus?: number): void;
}

export interface Lookup {
  /** What the registry asked for; undefined when unknown (go on anonymously). */
  readonly scheme?: RegistryScheme;
  /** Set when this caller is the registry's probe: it must call `finish` whatever happens. */
  readonly probe?: Probe;
}

interface Pending {
  readonly done: Promise<void>;
  readonly release: () => void;
}

export class ChallengeMemory {
  private readonly known = new Map<string, RegistryScheme>();
  private readonly pending = new Map<string, Pending>();

  get(key: string): RegistryScheme | undefined {
    return this.known.get(key);
  }

  /** Records what the registry asked for and lets any requests waiting on its probe go. */
  set(key: string, scheme: RegistryScheme): void {
    this.known.set(key, scheme);
    this.release(key);
  }

  /**
   * The registry's scheme if known. Otherwise the first caller becomes the probe, and later callers
   * wait for the probe's answer; when the probe learned nothing (a network error, cancelled,
   * a 5xx), they go on anonymously all at once, as if there were no probe.
   */
  async lookup(key: string, signal?: AbortSignal): Promise<Lookup> {
    const known = this.known.get(key);
    if (known) return { scheme: known };
    const waiting = this.pending.get(key);
    if (!waiting) return { probe: this.startProbe(key) };
    await untilAborted(waiting.done, signal);
    const learned = this.known.get(key);
    return learned ? { scheme: learned } : {};
  }

  clear(): void {
    this.known.clear();
  }

  private startProbe(key: string): Probe {
    let release = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const entry: Pending = { done, release };
    this.pending.set(key, entry);
    return {
      finish: (anonymousStatus?: number) => {
        // A registry that lets anonymous requests through answers 2xx, or 404 for what is not
        // there (authorization comes before routing). Other statuses say nothing about auth.
        const served = anonymousStatus !== undefined && ((anonymousStatus >= 200 && anonymousStatus < 400) || anonymousStatus === 404);
        if (served && !this.known.has(key)) this.known.set(key, { kind: 'none' });
        if (this.pending.get(key) === entry) this.pending.delete(key);
        entry.release();
      },
    };
  }

  private release(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    this.pending.delete(key);
    entry.release();
  }
}

/** `promise`, or CANCELLED as soon as `signal` aborts (the work itself goes on for others). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new DockerPinError('CANCELLED', 'authentication cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DockerPinError('CANCELLED', 'authentication cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
