// Choosing a platform's manifest among an index's (flattened) entries.
import { DockerPinError } from '../core/errors';
import { formatPlatform, isAttestation, rankPlatform, selectDescriptor } from '../core/platform';
import type { Descriptor, Platform } from '../core/types';
import type { PlatformEntry } from './types';

/** What a user can pick from: platform manifests, never attestations or unknown/unknown entries. */
export function listPlatforms(entries: readonly Descriptor[]): PlatformEntry[] {
  return entries.flatMap((d) =>
    d.platform && !isAttestation(d)
      ? [{ platform: d.platform, digest: d.digest, mediaType: d.mediaType, size: d.size }]
      : [],
  );
}

/** The best entry for `wanted` (containerd ranking), or NO_MATCHING_PLATFORM listing what exists. */
export function chooseEntry(entries: readonly Descriptor[], wanted: Platform, what: string): Descriptor {
  const chosen = selectDescriptor(entries, wanted);
  if (chosen) return chosen;
  throw noMatch(what, wanted, listPlatforms(entries).map((e) => e.platform));
}

/** A single-platform image must still run on the wanted platform (rankPlatform-style match). */
export function checkSinglePlatform(actual: Platform, wanted: Platform, what: string): void {
  if (rankPlatform(wanted, actual) < 0) throw noMatch(what, wanted, [actual]);
}

function noMatch(what: string, wanted: Platform, available: readonly Platform[]): DockerPinError {
  const names = [...new Set(available.map(formatPlatform))];
  const list = names.length > 0 ? names.join(', ') : 'none';
  const windowsOnly = wanted.os !== 'windows' && available.length > 0 && available.every((platform) => platform.os === 'windows');
  return new DockerPinError('NO_MATCHING_PLATFORM', `${what} has no image for ${formatPlatform(wanted)} (available: ${list})`, windowsOnly ? { windowsOnly } : {});
}
