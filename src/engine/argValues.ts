// What the engine does about references pinned in an ARG default (`occurrence.valueAt`): every use
// of that default gets one digest, so the digest must fit every platform the uses are built for.
import { formatPlatform } from '../core/platform';
import type { DigestKind, ImageOccurrence, Platform } from '../core/types';
import { valueName } from './messages';

/**
 * Why only the index digest fits `occurrence`: the reason its source gives (`indexOnly`), or it is
 * used for several platforms, or its ARG default also serves lines built for another platform
 * (`FROM --platform=linux/arm64 ${BASE}` beside `FROM ${BASE}`), and a platform digest is right for
 * one of them only. Undefined when any digest kind fits.
 */
export function indexOnlyReason(occurrence: ImageOccurrence, configured: Platform): string | undefined {
  if (occurrence.indexOnly !== undefined) return occurrence.indexOnly;
  // One written reference used for several platforms (an anchor merged into services with other
  // `platform:`s, a pod its node affinity lets run on several architectures): one digest for all.
  const own = platformNames(occurrence.platforms, configured);
  if (own.length > 1) return `this image is used for ${own.join(' and ')}`;
  const uses = platformNames(occurrence.valueAt?.platforms, configured);
  if (uses.length < 2) return undefined;
  return `${valueName(occurrence, occurrence.valueAt?.name ?? '')} serves ${uses.join(' and ')}`;
}

function platformNames(platforms: readonly (Platform | undefined | null)[] | undefined, configured: Platform): string[] {
  return [...new Set((platforms ?? []).map((platform) => formatPlatform(platform ?? configured)))];
}

/** The digest kind `occurrence` gets: the one asked for, or the index where only it fits. */
export function kindFor(occurrence: ImageOccurrence, options: { readonly platform: Platform; readonly kind: DigestKind }): DigestKind {
  return options.kind === 'index' || indexOnlyReason(occurrence, options.platform) === undefined ? options.kind : 'index';
}

/**
 * Occurrences pinned through the same ARG default (or variable value) share this key; others have
 * none. Name and line, not the column: another value on the same line (`ARG A=x B=y`) may get a
 * digest first and move it.
 */
export function valueKey(occurrence: ImageOccurrence): string | undefined {
  const value = occurrence.valueAt;
  return value === undefined ? undefined : `${value.file ?? ''}:${value.name}@${value.range.start.line}`;
}
