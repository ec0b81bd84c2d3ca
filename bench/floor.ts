// The physical floor: round trips no client can avoid at the injected latency, assuming unlimited
// parallelism across images. Everything a client adds on top is its own overhead.
import type { DigestKind } from '../src/core/types';

export type BenchAuth = 'none' | 'basic' | 'token';

export interface FloorInput {
  readonly auth: BenchAuth;
  readonly kind: DigestKind;
  /** A tag that points to a single manifest needs its config blob to check the platform. */
  readonly singleManifest?: boolean;
}

/**
 * Sequential round trips per image (all images in parallel):
 * - token auth: the first request earns a 401 naming the realm, then the token, then the manifest;
 *   the realm and scope cannot be known before the challenge, so 3 is the minimum.
 * - basic auth: the 401 tells the scheme, then the authenticated manifest request: 2.
 * - no auth: the manifest request alone: 1.
 * A platform pin of a single-manifest tag adds the config blob (its os/arch are only in there).
 * An index gives the platform digest in its own body, so no second manifest request is needed.
 */
export function floorRoundTrips(input: FloorInput): number {
  const auth = input.auth === 'token' ? 2 : input.auth === 'basic' ? 1 : 0;
  const config = input.kind === 'platform' && input.singleManifest ? 1 : 0;
  return auth + 1 + config;
}

export function floorMs(input: FloorInput, latencyMs: number): number {
  return floorRoundTrips(input) * latencyMs;
}

/**
 * The floor again when at most `slots` requests may be in flight to the host (the client's
 * per-registry limit, default 6), with tokens served from the same host as here: after the
 * challenge, `2 × images` requests (token, manifest) go through `slots` at a time.
 */
export function floorRoundTripsWithSlots(input: FloorInput, images: number, slots: number): number {
  const perImage = floorRoundTrips(input) - (input.auth === 'none' ? 0 : 1);
  return (input.auth === 'none' ? 0 : 1) + Math.max(perImage, Math.ceil((perImage * images) / slots));
}
