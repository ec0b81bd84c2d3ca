// One resolution per image reference per document version, shared by the lens, the hover, the
// diagnostic and the quick fix on that line: they all ask here, and only the first asks the
// registry. Free of `vscode` (documents are named by URI string and version) so it is unit-tested.
import { setMaxListeners } from 'node:events';
import { DockerPinError } from '../core/errors';
import type { ImageOccurrence } from '../core/types';
import type { ImageStatus } from '../engine/types';

export interface DocumentKey {
  readonly uri: string;
  readonly version: number;
}

/** Resolves one occurrence of the document `uri` (whose settings may differ per folder). */
export type Resolver = (occurrence: ImageOccurrence, signal: AbortSignal, uri: string) => Promise<ImageStatus>;

interface Entry {
  readonly promise: Promise<ImageStatus>;
  settled?: ImageStatus;
  settledAt?: number;
}

interface DocumentEntries {
  readonly version: number;
  /** Aborted when the document moves to a newer version or closes: its answers no longer matter. */
  readonly controller: AbortController;
  readonly entries: Map<string, Entry>;
}

export interface StatusCacheOptions {
  /** How long a settled status is reused; the registry client has its own tag cache as well. */
  lifetimeMs: number;
  now?: () => number;
}

function cancelled(what: string): DockerPinError {
  return new DockerPinError('CANCELLED', `resolving ${what} was cancelled`);
}

/** Where an occurrence stands; two images can share a line (several `--mount` flags). */
function slotOf(occurrence: ImageOccurrence): string {
  return `${occurrence.range.start.line}:${occurrence.range.start.character}:${occurrence.text}`;
}

export class StatusCache {
  private readonly documents = new Map<string, DocumentEntries>();
  private readonly listeners = new Set<(uri: string, status: ImageStatus) => void>();
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
   */
  status(doc: DocumentKey, occurrence: ImageOccurrence, wait?: AbortSignal): Promise<ImageStatus> {
    const entries = this.entriesFor(doc);
    if (!entries) return Promise.reject(cancelled(`${occurrence.text} in an outdated version of ${doc.uri}`));
    const slot = slotOf(occurrence);
    let entry = entries.entries.get(slot);
    if (entry?.settledAt !== undefined && this.now() - entry.settledAt >= this.lifetimeMs) {
      entries.entries.delete(slot);
      entry = undefined;
    }
    if (!entry) entry = this.start(doc.uri, entries, slot, occurrence);
    return wait ? raceAbort(entry.promise, wait, occurrence.text) : entry.promise;
  }

  /** A status already known for this version, without waiting or asking. */
  peek(doc: DocumentKey, occurrence: ImageOccurrence): ImageStatus | undefined {
    const entries = this.documents.get(doc.uri);
    if (!entries || entries.version !== doc.version) return undefined;
    const entry = entries.entries.get(slotOf(occurrence));
    if (entry?.settledAt === undefined || this.now() - entry.settledAt >= this.lifetimeMs) return undefined;
    return entry.settled;
  }

  /** The document closed or changed: abort what is in flight for it and drop its answers. */
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

  /** Called each time a status settles (not for cancelled work). */
  onDidSettle(listener: (uri: string, status: ImageStatus) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private entriesFor(doc: DocumentKey): DocumentEntries | undefined {
    const current = this.documents.get(doc.uri);
    if (current && current.version === doc.version) return current;
    // A caller still holding an older version gets nothing: the document has moved on.
    if (current && current.version > doc.version) return undefined;
    current?.controller.abort();
    const fresh: DocumentEntries = { version: doc.version, controller: new AbortController(), entries: new Map() };
    // One signal serves every request for the document by design; Node would warn past 10.
    setMaxListeners(0, fresh.controller.signal);
    this.documents.set(doc.uri, fresh);
    return fresh;
  }

  private start(uri: string, entries: DocumentEntries, slot: string, occurrence: ImageOccurrence): Entry {
    const signal = entries.controller.signal;
    const entry: Entry = {
      promise: this.resolver(occurrence, signal, uri).then(
        (status) => {
          const wasCancelled = signal.aborted || (status.state === 'error' && status.error?.code === 'CANCELLED');
          if (wasCancelled) {
            // Never keep a cancellation as an answer: the next caller asks again.
            if (entries.entries.get(slot) === entry) entries.entries.delete(slot);
            return status;
          }
          entry.settled = status;
          entry.settledAt = this.now();
          for (const listener of [...this.listeners]) listener(uri, status);
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
