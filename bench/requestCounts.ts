// Request counts by kind, read from the latency proxy every request of a scenario passes through.
import type { FaultProxy } from '../test/support/faultProxy';
import type { ClientStats } from '../src/registry/types';

export interface RequestCounts {
  readonly manifestGet: number;
  readonly manifestHead: number;
  readonly blob: number;
  readonly token: number;
  readonly other: number;
  /** Requests answered 401: auth challenges, counted within the kinds above. */
  readonly challenges: number;
  /** Manifest GETs answered 2xx: the pulls Docker Hub counts against its hourly limit. */
  readonly pulls: number;
  readonly total: number;
  /** Bytes the proxy sent to the client (what the client read off the wire). */
  readonly bytes: number;
}

export const ZERO_COUNTS: RequestCounts = { manifestGet: 0, manifestHead: 0, blob: 0, token: 0, other: 0, challenges: 0, pulls: 0, total: 0, bytes: 0 };

export function snapshotCounts(proxy: FaultProxy): RequestCounts {
  const k = proxy.counts.byKind;
  return {
    manifestGet: k.manifestGet,
    manifestHead: k.manifestHead,
    blob: k.blob,
    token: k.token,
    other: k.other,
    challenges: proxy.counts.challenges,
    pulls: proxy.counts.pulls,
    total: proxy.counts.total,
    bytes: proxy.bytesOut,
  };
}

/** Field-by-field `after - before` of two counter records of the same shape. */
function subtract<T extends object>(after: T, before: T): T {
  const a = after as Record<string, number>;
  const b = before as Record<string, number>;
  return Object.fromEntries(Object.keys(a).map((k) => [k, a[k] - b[k]])) as T;
}

export function diffCounts(after: RequestCounts, before: RequestCounts): RequestCounts {
  return subtract(after, before);
}

export function diffClientStats(after: ClientStats, before: ClientStats): ClientStats {
  return subtract(after, before);
}

export function sameCounts(a: RequestCounts, b: RequestCounts): boolean {
  return (['manifestGet', 'manifestHead', 'blob', 'token', 'other', 'pulls'] as const).every((k) => a[k] === b[k]);
}
