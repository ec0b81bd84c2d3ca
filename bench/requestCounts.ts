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
  readonly total: number;
  /** Bytes the proxy sent to the client (what the client read off the wire). */
  readonly bytes: number;
}

export const ZERO_COUNTS: RequestCounts = { manifestGet: 0, manifestHead: 0, blob: 0, token: 0, other: 0, challenges: 0, total: 0, bytes: 0 };

export function snapshotCounts(proxy: FaultProxy): RequestCounts {
  const k = proxy.counts.byKind;
  return {
    manifestGet: k.manifestGet,
    manifestHead: k.manifestHead,
    blob: k.blob,
    token: k.token,
    other: k.other,
    challenges: proxy.counts.challenges,
    total: proxy.counts.total,
    bytes: proxy.bytesOut,
  };
}

export function diffCounts(after: RequestCounts, before: RequestCounts): RequestCounts {
  return {
    manifestGet: after.manifestGet - before.manifestGet,
    manifestHead: after.manifestHead - before.manifestHead,
    blob: after.blob - before.blob,
    token: after.token - before.token,
    other: after.other - before.other,
    challenges: after.challenges - before.challenges,
    total: after.total - before.total,
    bytes: after.bytes - before.bytes,
  };
}

export function diffClientStats(after: ClientStats, before: ClientStats): ClientStats {
  return {
    requests: after.requests - before.requests,
    manifestGets: after.manifestGets - before.manifestGets,
    manifestHeads: after.manifestHeads - before.manifestHeads,
    blobGets: after.blobGets - before.blobGets,
    tokenRequests: after.tokenRequests - before.tokenRequests,
    bytesRead: after.bytesRead - before.bytesRead,
  };
}

export function sameCounts(a: RequestCounts, b: RequestCounts): boolean {
  return (['manifestGet', 'manifestHead', 'blob', 'token', 'other'] as const).every((k) => a[k] === b[k]);
}
