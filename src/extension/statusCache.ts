// One resolution per image reference per document version, shared by the lens, the hover, the
// diagnostic and the quick fix on that line: they all ask here, and only the first asks the
// registry. Free of `vscode` (documents are named by URI string and version) so it is unit-tested.
import { setMaxListeners } from 'node:events';
import { DockerPinError } from '../core/errors';
import type { ImageOccurrence, Platform } from '../core/types';
import type { ImageStatus } from '../engine/types';
import { carryKey, carryLifetimeMs, rebase } from './statusCarry';

export interface DocumentKey {
  readonly uri: string;
  readonly version: number;
}

/** Resolves one occurrence of the document `uri` (whose settings may differ per folder). */
export type Resolver = (occurrence: ImageOccurrence, signal: AbortSignal, uri: string) => Promise<ImageStatus>;

interface Entry {
  readonly promise: Promise<ImageStatus>;
  settled?: ImageStatus;
  /** When the registry answered; a carried status keeps its original time. */
  settledAt?: number;
}

interface DocumentEntries {
  readonly version: number;
  /** Aborted when the document moves to a newer version or closes: its answers no longer matter. */
  readonly controller: AbortController;
  readonly entries: Map<string, Entry>;
  /** Settled answers of earlier versions by `carryKey`, offered to this version's occurrences. */
  readonly carried: Map<string, Entry>;
}

export interface StatusCacheOptions {
  /** How long a success is carried over to later versions; the registry client has its own tag cache as well. */
  lifetimeMs: number;
  now?: () => number;
}

function cancelled(what: string): DockerPinError {
  return new DockerPinError('CANCELLED', `resolving ${what} was cancelled`);
}

/**
 * Where an occurrence stands (two images can share a line: several `--mount` flags) and what it
 * asks: the same words in one version name another image when what they are read with changes
 * beside the document (a compose project's `.env`, where `image: $DB_IMAGE` takes its value).
 */
export function slotOf(occurrence: ImageOccurrence): string {
  const name = (p: Platform | undefined) => (p === undefined ? '' : `${p.os}/${p.architecture}/${p.variant ?? ''}`);
  // A line its readings use on several platforms asks for the index: not the answer its own reading alone had.
  const platform = occurrence.platforms === undefined ? name(occurrence.platform) : `[${occurrence.platforms.map(name).join(',')}]`;
  // Ignored or not may change beside the document too (an ignore comment in `.env`).
  return `${occurrence.range.start.line}:${occurrence.range.start.character}:${occurrence.text}\u0000${occurrence.expanded}\u0000${platform}\u0000${occurrence.ignored ?? ''}`;
}

export class StatusCache {
  private readonly documents = new Map<string, DocumentEntries>();
  private readonly listeners = new Set<(doc: DocumentKey, status: ImageStatus) => void>();
  private lifetimeMs: number;
  private readonly now: () => number;

  constructor(
    private resolver: Resolver,
    options: StatusCacheOptions,
  ) {
    this.lifetimeMs = options.lifetimeMs;
    this.now = options.now ?? Date.now;
  }

  /**
   * The status of `occurrence` in the document at `doc.version`. `wait` only stops this caller
   * from waiting: the shared resolution goes on for the others, and is aborted only when the
   * document changes or closes, or the cache is cleared.
   *
   * A settled answer stands for the whole life of its version, whatever the cache lifetime: lenses,
   * hovers and diagnostics ask again and again for one version, and a lifetime of 0 must not turn
   * that into a request loop. The lifetime applies across versions (here and in the client's tag cache).
   */
  status(doc: DocumentKey, occurrence: ImageOccurrence, wait?: AbortSignal): Promise<ImageStatus> {
    const entries = this.entriesFor(doc);
    if (!entries) return Promise.reject(cancelled(`${occurrence.text} in an outdated version of ${doc.uri}`));
    const entry = this.known(entries, occurrence) ?? this.start(doc, entries, occurrence);
    return wait ? raceAbort(entry.promise, wait, occurrence.text) : entry.promise;
  }

  /** A status already known for this version (or carried over to it), without waiting or asking. */
  peek(doc: DocumentKey, occurrence: ImageOccurrence): ImageStatus | undefined {
    const current = this.documents.get(doc.uri);
    // A newer version than the one stored: move on to it now, so carried answers show at once.
    const entries = current && current.version > doc.version ? undefined : this.entriesFor(doc);
    return entries ? this.known(entries, occurrence)?.settled : undefined;
  }

  /**
   * Waits for the answers of `occurrences` that are already being asked for in this version, at
   * most `ms` and only until `wait` aborts; asks for nothing itself (no request is added). Then
   * `peek` has whatever settled meanwhile.
   */
  async settling(doc: DocumentKey, occurrences: readonly ImageOccurrence[], ms: number, wait?: AbortSignal): Promise<void> {
    const entries = this.entriesFor(doc);
    if (!entries || wait?.aborted) return;
    const pending = occurrences.flatMap((occurrence) => {
      const entry = this.known(entries, occurrence);
      return entry && !entry.settled ? [entry.promise.then(noop, noop)] : [];
    });
    if (pending.length === 0) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wait?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wait?.addEventListener('abort', done, { once: true });
      void Promise.all(pending).then(done);
    });
  }

  /**
   * The document changed to `version`: in-flight work for the old version is aborted, and its
   * settled answers are kept for carrying over (see statusCarry.ts).
   */
  advance(doc: DocumentKey): void {
    this.entriesFor(doc);
  }

  /** The document closed: abort what is in flight for it and drop its answers. */
  forget(uri: string): void {
    const entries = this.documents.get(uri);
    if (!entries) return;
    entries.controller.abort();
    this.documents.delete(uri);
  }

  clear(): void {
    for (const uri of [...this.documents.keys()]) this.forget(uri);
  }

  /** Settings changed: new answers come from a new resolver (client, platform, kind). */
  reset(resolver: Resolver, lifetimeMs: number): void {
    this.clear();
    this.resolver = resolver;
    this.lifetimeMs = lifetimeMs;
  }

  /** Called each time a status settles from the registry (not for cancelled or carried work). */
  onDidSettle(listener: (doc: DocumentKey, status: ImageStatus) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** This version's entry for the occurrence, or a still-valid answer carried from an earlier version. */
  private known(entries: DocumentEntries, occurrence: ImageOccurrence): Entry | undefined {
    const slot = slotOf(occurrence);
    const own = entries.entries.get(slot);
    if (own) return own;
    const carried = entries.carried.get(carryKey(occurrence));
    if (!carried?.settled || !this.carriable(carried)) return undefined;
    const settled = rebase(carried.settled, occurrence);
    const entry: Entry = { promise: Promise.resolve(settled), settled, settledAt: carried.settledAt };
    entries.entries.set(slot, entry);
    return entry;
  }

  private carriable(entry: Entry): boolean {
    if (!entry.settled || entry.settledAt === undefined) return false;
    return this.now() - entry.settledAt < carryLifetimeMs(entry.settled, this.lifetimeMs);
  }

  private entriesFor(doc: DocumentKey): DocumentEntries | undefined {
    const current = this.documents.get(doc.uri);
    if (current && current.version === doc.version) return current;
    // A caller still holding an older version gets nothing: the document has moved on.
    if (current && current.version > doc.version) return undefined;
    current?.controller.abort();
    const carried = new Map<string, Entry>();
    if (current) {
      // Older carried answers first, so this version's own answers win for the same question.
      for (const [key, entry] of current.carried) if (this.carriable(entry)) carried.set(key, entry);
      for (const entry of current.entries.values()) {
        if (entry.settled && this.carriable(entry)) carried.set(carryKey(entry.settled.occurrence), entry);
      }
    }
    const fresh: DocumentEntries = { version: doc.version, controller: new AbortController(), entries: new Map(), carried };
    // One signal serves every request for the document by design; Node would warn past 10.
    setMaxListeners(0, fresh.controller.signal);
    this.documents.set(doc.uri, fresh);
    return fresh;
  }

  private start(doc: DocumentKey, entries: DocumentEntries, occurrence: ImageOccurrence): Entry {
    const slot = slotOf(occurrence);
    const signal = entries.controller.signal;
    const entry: Entry = {
      promise: this.resolver(occurrence, signal, doc.uri).then(
        (status) => {
          const wasCancelled = signal.aborted || (status.state === 'error' && status.error?.code === 'CANCELLED');
          if (wasCancelled) {
            // Never keep a cancellation as an answer: the next caller asks again.
            if (entries.entries.get(slot) === entry) entries.entries.delete(slot);
            return status;
          }
          entry.settled = status;
          entry.settledAt = this.now();
          for (const listener of [...this.listeners]) listener({ uri: doc.uri, version: entries.version }, status);
          return status;
        },
        (error: unknown) => {
          if (entries.entries.get(slot) === entry) entries.entries.delete(slot);
          throw error;
        },
      ),
    };
    entries.entries.set(slot, entry);
    return entry;
  }
}

function noop(): void {}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  if (signal.aborted) return Promise.reject(cancelled(what));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled(what));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
