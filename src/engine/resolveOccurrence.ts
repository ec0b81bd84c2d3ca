// Decides, for one image occurrence, what its pin should be and whether the written one is current.
import { DockerPinError, isDockerPinError } from '../core/errors';
import { formatPlatform, rankPlatform, selectDescriptor } from '../core/platform';
import type { DigestKind, ImageOccurrence, ImageReference, Platform } from '../core/types';
import type { PlatformEntry, RegistryClientApi, Resolution } from '../registry/types';
import { indexOnlyReason } from './argValues';
import { toDockerPinError } from './errors';
import { otherArchitectureWords } from './messages';
import { ignoredStatus } from './ignored';
import { effectivePlatform } from './platformOf';
import type { AnalyzeOptions, ImageStatus } from './types';

export async function resolveOccurrence(
  occurrence: ImageOccurrence,
  client: RegistryClientApi,
  asked: AnalyzeOptions,
): Promise<ImageStatus> {
  const ignored = ignoredStatus(occurrence, asked);
  if (ignored !== undefined) return ignored;
  // A place that needs one kind of digest (a `# syntax=` image: the index) gets it whatever the run asks for.
  const options = occurrence.digestKind === undefined ? asked : { ...asked, kind: occurrence.digestKind };
  // An ARG default serving lines built for several platforms takes the index digest, whatever was asked.
  const indexOnly = indexOnlyReason(occurrence, options.platform);
  if (indexOnly === undefined) return resolveFor(occurrence, client, options);
  const status = await resolveFor(occurrence, client, { ...options, kind: 'index' });
  // A platform pin already written fits one of the uses only: stale, the index its update.
  const index = status.resolution?.isIndex === true ? status.resolution.indexDigest : undefined;
  if (status.state === 'current' && status.kind === 'platform' && index !== undefined && index !== status.targetDigest) {
    return { occurrence, platform: status.platform, state: 'stale', kind: 'index', resolution: status.resolution, targetDigest: index, indexOnly };
  }
  return { ...status, indexOnly };
}

async function resolveFor(
  occurrence: ImageOccurrence,
  client: RegistryClientApi,
  options: AnalyzeOptions,
): Promise<ImageStatus> {
  // A `FROM --platform=<constant>` (a service's `platform:`, a pod's node selection) builds for that platform whatever the user configured.
  const platform = effectivePlatform(occurrence, options.platform);
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
 * pin on any machine, so the checker's own platform never makes a current pin look stale. What a
 * pin was made for is read from the pinned manifest itself, never guessed: when the registry no
 * longer has it, the line is `gone` and only the user's explicit choice gives it a new digest.
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
    return (
      otherArchitecture(occurrence, pinned.platform, resolution) ??
      { occurrence, platform: pinned.platform, state: 'current', kind: 'platform', resolution: choose(resolution, pinned), targetDigest: written }
    );
  }
  const old = await pinnedManifest(ref, platform, client, options);
  if (old === undefined) return gone(occurrence, platform, resolution, options);
  if (old.isIndex) {
    return { ...base, state: 'stale', kind: 'index', resolution, targetDigest: resolution.indexDigest };
  }
  const oldPlatform = await platformOfPin(ref, platform, client, options);
  const other = otherArchitecture(occurrence, oldPlatform, resolution);
  if (other !== undefined) return other;
  const update = entryFor(resolution, oldPlatform);
  if (!update) throw noImageFor(occurrence, resolution, `stale pin cannot be updated: the pin is for ${formatPlatform(oldPlatform)}, which the tag no longer offers`);
  return { occurrence, platform: oldPlatform, state: 'stale', kind: 'platform', resolution: choose(resolution, update), targetDigest: update.digest };
}

/**
 * A platform pin for an architecture that cannot run where the file says the line runs — its own
 * `FROM --platform=linux/arm64`, a compose service's `platform:`, a pod's node selection, or the
 * Dockerfile's name (an amd64 digest in `Dockerfile.aarch64`): stale, with that platform's digest
 * as its update and the pin's platform said (`ImageStatus.pinnedFor`); undefined for any other pin.
 * A pin keeps the platform it was made for only where nothing in the file says otherwise (the
 * configured platform is the checker's machine, not the build's).
 */
function otherArchitecture(occurrence: ImageOccurrence, pinnedFor: Platform, resolution: Resolution): ImageStatus | undefined {
  // A line built on the builder (`--platform=$BUILDPLATFORM`) may rightly pin the builder's architecture.
  const named = occurrence.buildTimePlatform === true ? undefined : occurrence.platform;
  if (named === undefined || rankPlatform(named, pinnedFor) >= 0) return undefined;
  const update = entryFor(resolution, named);
  if (!update) {
    throw noImageFor(occurrence, resolution, `${otherArchitectureWords(occurrence, pinnedFor, named)}, which the tag does not offer`);
  }
  return { occurrence, platform: named, state: 'stale', kind: 'platform', resolution: choose(resolution, update), targetDigest: update.digest, pinnedFor };
}

/**
 * The manifest the line pins (`ref.digest`), fetched by digest and verified; undefined when the
 * registry answers that it does not have it. Any other failure (network, auth, a lying registry)
 * is an error of the line, never taken for a missing manifest.
 */
async function pinnedManifest(ref: ImageReference, platform: Platform, client: RegistryClientApi, options: AnalyzeOptions): Promise<Resolution | undefined> {
  try {
    return await client.resolveDigest(ref, { platform, kind: 'index', signal: options.signal });
  } catch (error) {
    if (isDockerPinError(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** The platform of the pinned image manifest, from its config (the manifest itself is cached by now). */
async function platformOfPin(ref: ImageReference, platform: Platform, client: RegistryClientApi, options: AnalyzeOptions): Promise<Platform> {
  const own = await client.resolveDigest(ref, { platform, kind: 'platform', allowNoMatch: true, signal: options.signal });
  const only = own.platforms?.[0];
  if (only === undefined) throw toDockerPinError(new Error(`the registry client named no platform for ${ref.digest ?? ''}`), ref.original);
  return only.platform;
}

/**
 * A pin whose manifest the registry no longer has. The index kind (`--index`) asks for the index
 * digest; a platform the user named (`--platform`) for that platform's digest, on the line's own
 * platform when it has one, as every line resolves. Anything else would be a guess, so the line
 * only says what happened.
 */
function gone(occurrence: ImageOccurrence, platform: Platform, resolution: Resolution, options: AnalyzeOptions): ImageStatus {
  const base = { occurrence, platform, state: 'gone' as const, resolution };
  if (options.kind === 'index') return { ...base, kind: 'index', targetDigest: resolution.indexDigest };
  if (options.platformGiven !== true) return { ...base, kind: options.kind };
  const update = entryFor(resolution, platform);
  if (!update) throw noImageFor(occurrence, resolution, `pinned manifest no longer in the registry, and the tag has no image for ${formatPlatform(platform)}`);
  return { ...base, kind: 'platform', resolution: choose(resolution, update), targetDigest: update.digest };
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

/** The resolution as seen from this line: its chosen manifest is the one the line pins (or would). */
function choose(resolution: Resolution, entry: PlatformEntry): Resolution {
  return { ...resolution, platformDigest: entry.digest, platformMediaType: entry.mediaType, platform: entry.platform };
}

function noImageFor(occurrence: ImageOccurrence, resolution: Resolution, why: string): DockerPinError {
  const available = [...new Set((resolution.platforms ?? []).map((e) => formatPlatform(e.platform)))];
  return new DockerPinError('NO_MATCHING_PLATFORM', `${occurrence.expanded}: ${why} (available: ${available.join(', ') || 'none'})`);
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
