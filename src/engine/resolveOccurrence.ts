// Decides, for one image occurrence, what its pin should be and whether the written one is current.
import type { DockerPinError } from '../core/errors';
import type { DigestKind, ImageOccurrence, Platform } from '../core/types';
import { isIndexMediaType } from '../registry/mediaTypes';
import type { RegistryClientApi, Resolution } from '../registry/types';
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
    // HEAD only: an up-to-date index pin then costs no manifest pull.
    const head = await client.resolve(ref, { platform, kind: 'index', signal: options.signal });
    if (head.indexDigest === written) {
      return { ...base, state: 'current', kind: 'index', resolution: head, targetDigest: written };
    }
  }
  const resolution = await client.resolve(ref, { platform, kind: 'platform', signal: options.signal });
  if (resolution.platformDigest === written) {
    return { ...base, state: 'current', kind: 'platform', resolution, targetDigest: written };
  }
  if (resolution.indexDigest === written) {
    return { ...base, state: 'current', kind: 'index', resolution, targetDigest: written };
  }
  const kind = await kindOfDigest(occurrence, written, client, options);
  return { ...base, state: 'stale', kind, resolution, targetDigest: digestOfKind(resolution, kind, occurrence) };
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
