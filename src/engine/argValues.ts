// What the engine does about references pinned in an ARG default (`occurrence.valueAt`): every use
// of that default gets one digest, so the digest must fit every platform the uses are built for.
import { formatPlatform } from '../core/platform';
import type { DigestKind, ImageOccurrence, Platform } from '../core/types';
import { valueName } from './messages';

/**
 * Why only the index digest fits `occurrence`: its ARG default also serves lines built for another
 * platform (`FROM --platform=linux/arm64 ${BASE}` beside `FROM ${BASE}`), and a platform digest is
 * right for one of them only. Undefined when any digest kind fits.
 */
export function indexOnlyReason(occurrence: ImageOccurrence, configured: Platform): string | undefined {
  const uses = occurrence.valueAt?.platforms;
  if (uses === undefined) return undefined;
  const names = [...new Set(uses.map((platform) => formatPlatform(platform ?? configured)))];
  if (names.length < 2) return undefined;
  return `${valueName(occurrence, occurrence.valueAt?.name ?? '')} serves ${names.join(' and ')}`;
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
  return value === undefined ? undefined : `${value.name}@${value.range.start.line}`;
}
