// Platform pins on lines whose platform is decided at build time (`FROM --platform=$BUILDPLATFORM`,
// `$TARGETPLATFORM`, a name built from `TARGETARCH`, …). The pin stays the configured platform's
// digest, as everywhere, but it is right for one builder or target only, and the user is told so,
// with the index digest as the way out. Free of `vscode`.
import { formatPlatform } from '../core/platform';
import type { ImageStatus } from '../engine/types';

/**
 * True when the digest this line carries (current or stale) or would get (unpinned) is a platform
 * digest of a multi-platform image, on a line whose platform is decided at build time.
 */
export function buildTimePlatformPin(status: ImageStatus): boolean {
  if (status.occurrence.buildTimePlatform !== true || status.kind !== 'platform') return false;
  if (status.state !== 'unpinned' && status.state !== 'current' && status.state !== 'stale') return false;
  // A single-platform image has no index to pin instead.
  return status.resolution?.isIndex === true;
}

/** The hint diagnostic's text. */
export function buildTimePlatformMessage(status: ImageStatus): string {
  const platform = formatPlatform(status.platform);
  const what =
    status.state === 'unpinned'
      ? `A pin would write the ${platform} digest of ${status.occurrence.text}`
      : `${status.occurrence.text} is pinned to its ${platform} manifest`;
  return `${what}, but this line's platform is decided at build time: that digest is right for a ${platform} builder or target only. Pin the index digest to build on or for any platform.`;
}

/** The hover's paragraph. */
export function buildTimePlatformHover(status: ImageStatus): string {
  const platform = formatPlatform(status.platform);
  return (
    `**Platform decided at build time.** This line's platform comes from BuildKit's platform args ` +
    '(`$BUILDPLATFORM`, `$TARGETPLATFORM`, `TARGETARCH`, …), so the ' +
    `${platform} digest is right for a ${platform} builder or target only; a build on or for another platform gets the ${platform} image (or fails). ` +
    'The index digest works for every platform: use the quick fix "Pin to index digest (multi-arch)".'
  );
}
