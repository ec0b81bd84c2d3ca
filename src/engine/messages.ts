// Words both front doors use for a status, so the CLI and the extension say the same thing.
import type { DockerPinError } from '../core/errors';
import { PLATFORM_ARGS, variableUse } from '../core/args';
import { repositoryPart } from '../core/reference';
import { formatPlatform, platformsEqual } from '../core/platform';
import type { ImageOccurrence, Platform } from '../core/types';
import type { ImageStatus } from './types';

/** What happened to a `gone` pin, in the words every front door uses. */
export const GONE = 'pinned manifest no longer in the registry';
/** What the CLI user can do about a `gone` pin that has no update yet. */
export const GONE_FIX = 'the platform it was made for is unknown: run pin --update with --platform <os/arch> for that platform\'s digest, or with --index for the index digest';

/**
 * The platform a platform digest of `status` is for, in words: `linux/arm64`, and, when the
 * Dockerfile's name chose it (`Dockerfile.aarch64`), `linux/arm64, as the file name Dockerfile.aarch64 says`.
 */
export function platformWords(status: Pick<ImageStatus, 'platform' | 'occurrence'>): string {
  const platform = formatPlatform(status.platform);
  return namedPlatform(status) ? `${platform}, as the file name ${status.occurrence.platformNamedBy ?? ''} says` : platform;
}

/** Whether `status` is for the platform its Dockerfile's name names (`ImageOccurrence.platformNamedBy`). */
export function namedPlatform(status: Pick<ImageStatus, 'platform' | 'occurrence'>): boolean {
  const { platformNamedBy, platform } = status.occurrence;
  return platformNamedBy !== undefined && platform !== undefined && platformsEqual(platform, status.platform);
}

/** `for linux/arm64, as the file name Dockerfile.aarch64 says` for a platform digest its Dockerfile's name chose; else undefined. */
export function namedPlatformNote(status: Pick<ImageStatus, 'platform' | 'occurrence' | 'kind'>): string | undefined {
  return status.kind === 'platform' && namedPlatform(status) ? `for ${platformWords(status)}` : undefined;
}

/**
 * `the pin is for linux/amd64, but the file name Dockerfile.aarch64 says the file is built for
 * linux/arm64`, or, where the line's own platform says so (`FROM --platform=`, a compose service's
 * `platform:`, a pod's node selection), `the pin is for linux/amd64, but the file says this line is for linux/arm64`.
 */
export function otherArchitectureWords(occurrence: ImageOccurrence, pinnedFor: Platform, named: Platform): string {
  const says = occurrence.platformNamedBy === undefined ? `the file says this line is for ${formatPlatform(named)}` : `the file name ${occurrence.platformNamedBy} says the file is built for ${formatPlatform(named)}`;
  return `the pin is for ${formatPlatform(pinnedFor)}, but ${says}`;
}

/** For a pin `ImageStatus.pinnedFor` says is for another architecture than the file says: why it is stale, in words. */
export function pinnedForWords(status: ImageStatus): string | undefined {
  return status.pinnedFor === undefined ? undefined : otherArchitectureWords(status.occurrence, status.pinnedFor, status.platform);
}

/** One line about a status, e.g. `unpinned alpine:3.20 (would pin sha256:…)`. */
export function statusMessage(status: ImageStatus): string {
  const occurrence = status.occurrence;
  const name = occurrence.expanded;
  const where = status.kind === 'index' ? 'index (multi-arch)' : platformWords(status);
  const named = namedPlatformNote(status);
  const target = `${status.targetDigest ?? '?'}${named === undefined ? '' : ` ${named}`}`;
  const place = valuePlace(occurrence);
  const index = status.indexOnly === undefined ? '' : `, the index digest: ${status.indexOnly}`;
  const warning = linePinWarning(occurrence);
  const also = warning === undefined ? '' : `; ${warning}`;
  switch (status.state) {
    case 'unpinned':
      return `unpinned ${name} (would pin ${target}${place === undefined ? '' : ` into ${place}`}${index}${also})`;
    case 'stale':
      if (status.pinnedFor !== undefined) return `stale ${name} (${pinnedForWords(status) ?? ''}: would update to ${status.targetDigest ?? '?'}${place === undefined ? '' : ` in ${place}`}${also})`;
      return `stale ${name} (would update to ${target}${place === undefined ? '' : ` in ${place}`}${index}${also})`;
    case 'current':
      return `pinned ${name} (current, ${where}${place === undefined ? '' : `, in ${place}`}${also})`;
    case 'digest-only':
      return `pinned by digest ${name}`;
    case 'gone':
      return status.targetDigest === undefined
        ? `gone ${name} (${GONE}; ${GONE_FIX})`
        : `gone ${name} (${GONE}; would update to ${status.targetDigest}, ${where}${place === undefined ? '' : `, in ${place}`})`;
    case 'error':
      return withNamedPlatformFix(status, status.error ? formatError(status.error) : `${name}: could not be resolved`);
    case 'ignored':
      return `ignored ${name} (${occurrence.ignored ?? 'ignored'})`;
  }
}

/**
 * `text` about `status`'s error, plus, when the tag has no image for the architecture its
 * Dockerfile's name names, why that architecture and what else can be pinned.
 */
export function withNamedPlatformFix(status: ImageStatus, text: string): string {
  if (status.error?.details.windowsOnly === true) return `${text}; ${WINDOWS_FIX}`;
  const named = namedPlatformNote(status);
  if (named === undefined || status.error?.code !== 'NO_MATCHING_PLATFORM') return text;
  return `${text}; resolved ${named}: give the line its own FROM --platform=<os/arch>, or pin the index digest (--index)`;
}

/** What a line of a Windows container image, read for another OS, can do. */
const WINDOWS_FIX =
  'its images are Windows container images: a Dockerfile a workflow job on a Windows runner builds is checked for that runner (windows-2022: windows/amd64, build 10.0.20348); ' +
  'for one built elsewhere, set platform: windows/amd64 in a .docker-pin.yaml in its folder, or pin the index digest (--index)';

/** The error's message, plus what the user can do about it when the error says. */
export function formatError(error: DockerPinError): string {
  const retry = error.details.retryAfterSeconds;
  return retry !== undefined && !error.message.includes('retry') ? `${error.message} (retry after ${retry}s)` : error.message;
}

/** The ARGs a `--build-arg` could set in `occurrence` (BuildKit sets its platform args itself). */
function overridable(occurrence: ImageOccurrence): string[] {
  return occurrence.variables.filter((name) => !PLATFORM_ARGS.includes(name));
}

function inDockerfile(occurrence: ImageOccurrence): boolean {
  return occurrence.fileKind === undefined || occurrence.fileKind === 'dockerfile';
}

/** How a user gives `name` another value where `occurrence` is read: `--build-arg NAME=…` for a Dockerfile. */
export function overrideOf(occurrence: ImageOccurrence, name: string): string {
  return inDockerfile(occurrence) ? `--build-arg ${name}=…` : `another value of ${name}`;
}

/**
 * What a digest written on this line means when its reference uses ARGs: it wins over any
 * `--build-arg` of them, so an override no longer changes the image. Undefined for a line without
 * such ARGs, one pinned in its ARG default, and one whose digest comes from a variable.
 */
export function linePinWarning(occurrence: ImageOccurrence): string | undefined {
  if (occurrence.valueElsewhere !== undefined) return elsewhereWarning(occurrence);
  if (occurrence.valueAt !== undefined) return undefined;
  if (occurrence.reference.digest !== undefined && occurrence.digestRange === undefined) return undefined;
  const names = overridable(occurrence);
  if (names.length === 0) return undefined;
  const args = names.map((name) => overrideOf(occurrence, name)).join(' or ');
  const why = occurrence.valueRefused === undefined ? '' : ` (${occurrence.valueRefused})`;
  const repository = repositoryPart(occurrence.text);
  const naming = names.some((name) => variableUse(name).test(repository));
  // A digest is of one repository: where a variable makes up the name, another value names another one, which does not hold it.
  const fails = naming ? ', and one that names another repository makes the build fail: it does not hold this digest' : '';
  return `a digest on this line wins over ${args}: the override no longer changes the image here${why}${fails}`;
}

/**
 * Why a line whose image a build gives whole in its args (`occurrence.valueElsewhere`) takes no pin
 * here, and where its pin goes instead.
 */
export function elsewhereWarning(occurrence: ImageOccurrence): string {
  return (
    `its image comes from ${occurrence.valueElsewhere ?? 'the build'}; pin it there (${occurrence.expanded}@sha256:…): ` +
    'docker-pin does not write it on this line, where a digest would win over every value the build gives'
  );
}

/** Where the pin of a line pinned through its ARG default is written: `the default of ARG BASE on line 2`. */
export function valuePlace(occurrence: ImageOccurrence): string | undefined {
  const value = occurrence.valueAt;
  if (value === undefined) return undefined;
  const where = value.file === 'env-file' ? ' in the .env file' : '';
  return `${valueName(occurrence, value.name)}${where} on line ${value.range.start.line + 1}`;
}

/** What holds the value a pin goes into: `the default of ARG BASE` in a Dockerfile, `the value of BASE` in other kinds. */
export function valueName(occurrence: ImageOccurrence, name: string): string {
  return inDockerfile(occurrence) ? `the default of ARG ${name}` : `the value of ${name}`;
}
