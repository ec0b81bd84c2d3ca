// Decides, for one image occurrence, what its pin should be and whether the written one is current.
import { DockerPinError } from '../core/errors';
import { formatPlatform, selectDescriptor } from '../core/platform';
import type { DigestKind, ImageOccurrence, Platform } from '../core/types';
import { isIndexMediaType } from '../registry/mediaTypes';
import type { PlatformEntry, RegistryClientApi, Resolution } from '../registry/types';
import { toDockerPinError } from './errors';
import type { AnalyzeOptions, ImageStatus } from './types';

export async function resolveOccurrence(
  occurrence: ImageOccurrence,
  client: RegistryClientApi,
  options: AnalyzeOptions,
): Promise<ImageStatus> {
  // A `FROM --platform=<constant>` builds for that platform whatever the user configured.
  const platform = occurrence.platform ?? options.platform;
  const base = { occurrence, platform };
  const { tag, digest } = occurrence.reference;
  try {
    if (digest !== undefined && tag === undefined) {
      // Nothing to compare with: the digest is the whole identity of the image.
      return { ...base, state: 'digest-only', kind: options.kind };
    }
    if (digest === undefined) {
      const resolution = await client.resolve(occurrence.reference, { platform, kind: options.kind, signal: options.signal });
      return { ...base, state: 'unpinned', kind: options.kind, resolution, targetDigest: digestOfKind(resolution, options.kind, occurrence) };
    }
    return await comparePin(occurrence, digest, platform, client, options);
  } catch (error) {
    return { ...base, state: 'error', kind: options.kind, error: toDockerPinError(error, occurrence.expanded) };
  }
}

/**
 * A pinned line keeps the kind it was written with: an index pin must not turn into a platform pin
 * (or back) just because the user's setting differs, since that changes what other architectures build.
 * A platform pin also keeps its platform: a pin made on amd64 is checked (and updated) as an amd64
 * pin on any machine, so the checker's own platform never makes a current pin look stale.
 */
async function comparePin(
  occurrence: ImageOccurrence,
  written: string,
  platform: Platform,
  client: RegistryClientApi,
  options: AnalyzeOptions,
): Promise<ImageStatus> {
  const base = { occurrence, platform };
  const ref = occurrence.reference;
  if (options.kind === 'index') {
    // HEAD only: an up-to-date index pin then costs no manifest pull. A tag that is a single
    // manifest goes on to the GET below, which reads its platform: that pin is a platform pin.
    const head = await client.resolve(ref, { platform, kind: 'index', signal: options.signal });
    if (head.indexDigest === written && head.isIndex) {
      return { ...base, state: 'current', kind: 'index', resolution: head, targetDigest: written };
    }
  }
  // allowNoMatch: the tag need not offer the checker's platform for a pin to be compared with it.
  const resolution = await client.resolve(ref, { platform, kind: 'platform', allowNoMatch: true, signal: options.signal });
  if (resolution.isIndex && resolution.indexDigest === written) {
    return { ...base, state: 'current', kind: 'index', resolution, targetDigest: written };
  }
  const pinned = findEntry(resolution, written);
  if (pinned) {
    return { occurrence, platform: pinned.platform, state: 'current', kind: 'platform', resolution: choose(resolution, pinned), targetDigest: written };
  }
  const kind = await kindOfDigest(occurrence, written, client, options);
  if (kind === 'index') {
    return { ...base, state: 'stale', kind, resolution, targetDigest: resolution.indexDigest };
  }
  const old = await platformOfDigest(occurrence, written, client, options);
  const wanted = old ?? platform;
  const update = old ? entryFor(resolution, old) : platformEntryOf(resolution);
  if (!update) throw noImageFor(occurrence, wanted, resolution, old !== undefined);
  return { occurrence, platform: wanted, state: 'stale', kind, resolution: choose(resolution, update), targetDigest: update.digest };
}

/** The image manifest `digest` names among those the tag offers (nested indexes included). */
function findEntry(resolution: Resolution, digest: string): PlatformEntry | undefined {
  return resolution.platforms?.find((entry) => entry.digest === digest);
}

/** The tag's best image for `wanted` (containerd ranking), among those it lists. */
function entryFor(resolution: Resolution, wanted: Platform): PlatformEntry | undefined {
  const entries = resolution.platforms ?? [];
  const chosen = selectDescriptor(entries.map((e) => ({ ...e, size: e.size ?? 0 })), wanted);
  return chosen ? entries.find((e) => e.digest === chosen.digest) : undefined;
}

/** The resolution's own platform choice as an entry, when it made one. */
function platformEntryOf(resolution: Resolution): PlatformEntry | undefined {
  const { platformDigest, platformMediaType, platform } = resolution;
  if (platformDigest === undefined || platformMediaType === undefined || platform === undefined) return undefined;
  return { digest: platformDigest, mediaType: platformMediaType, platform };
}

/** The resolution as seen from this line: its chosen manifest is the one the line pins (or would). */
function choose(resolution: Resolution, entry: PlatformEntry): Resolution {
  return { ...resolution, platformDigest: entry.digest, platformMediaType: entry.mediaType, platform: entry.platform };
}

/** The old pin's kind, from its media type; when the registry cannot say, the configured kind. */
async function kindOfDigest(
  occurrence: ImageOccurrence,
  digest: string,
  client: RegistryClientApi,
  options: AnalyzeOptions,
): Promise<DigestKind> {
  try {
    const mediaType = await client.mediaTypeOf(occurrence.reference, digest, options.signal);
    return isIndexMediaType(mediaType) ? 'index' : 'platform';
  } catch {
    // Old manifests get garbage-collected; the line is still stale, only its kind is a guess.
    return options.kind;
  }
}

/** The platform the old pin was made for, or undefined when its manifest can no longer be read. */
async function platformOfDigest(
  occurrence: ImageOccurrence,
  digest: string,
  client: RegistryClientApi,
  options: AnalyzeOptions,
): Promise<Platform | undefined> {
  if (!client.platformOf) return undefined;
  try {
    return await client.platformOf(occurrence.reference, digest, options.signal);
  } catch (error) {
    // Cancellation is the user's word, not a missing manifest.
    if (options.signal?.aborted) throw error;
    return undefined;
  }
}

function noImageFor(occurrence: ImageOccurrence, wanted: Platform, resolution: Resolution, pinnedPlatform: boolean): DockerPinError {
  const available = [...new Set((resolution.platforms ?? []).map((e) => formatPlatform(e.platform)))];
  const why = pinnedPlatform
    ? `the pin is for ${formatPlatform(wanted)}, which the tag no longer offers`
    : `the pinned manifest is gone and the tag has no image for ${formatPlatform(wanted)}`;
  return new DockerPinError(
    'NO_MATCHING_PLATFORM',
    `${occurrence.expanded}: stale pin cannot be updated: ${why} (available: ${available.join(', ') || 'none'})`,
  );
}

function digestOfKind(resolution: Resolution, kind: DigestKind, occurrence: ImageOccurrence): string {
  if (kind === 'index') return resolution.indexDigest;
  if (resolution.platformDigest === undefined) {
    // The client promises a platform digest whenever kind `platform` was asked for.
    throw missingPlatformDigest(occurrence);
  }
  return resolution.platformDigest;
}

function missingPlatformDigest(occurrence: ImageOccurrence): DockerPinError {
  return toDockerPinError(new Error('the registry client returned no platform digest'), occurrence.expanded);
}
