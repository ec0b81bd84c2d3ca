// When a settled status may stand in for a later version of the same document: the line was edited
// elsewhere (or moved), but asks the registry the same question. Typing must not send a request
// per keystroke for a line that failed (404/401/429 are not cached by the client, and Docker Hub
// counts every pull); successes are carried only within the cache lifetime, so the lifetime still
// decides when a tag is asked about again. Free of `vscode`.
import { formatPlatform } from '../core/platform';
import type { ImageOccurrence } from '../core/types';
import type { ImageStatus } from '../engine/types';

/** Failures are remembered this long across edits: long enough for a typing burst, short enough to retry soon. */
export const ERROR_CARRY_MS = 30_000;

/**
 * What a status depends on besides settings: the expanded reference, the line's own `--platform`,
 * and, for a line pinned through an ARG default, the platforms of that default's uses (which decide
 * whether only the index digest fits).
 */
export function carryKey(occurrence: ImageOccurrence): string {
  // An ignored line is answered without the registry: its answer is never carried to a line that is not, nor back.
  // A line used on several platforms asks for the index: never carried to or from one read for one.
  const platform = occurrence.platforms === undefined ? (occurrence.platform ? formatPlatform(occurrence.platform) : '') : `[${occurrence.platforms.map((p) => (p ? formatPlatform(p) : '')).join(',')}]`;
  const key = `${occurrence.expanded}|${platform}${occurrence.ignored === undefined ? '' : '|ignored'}`;
  const value = occurrence.valueAt;
  return value === undefined ? key : `${key}|${value.name}:${value.platforms.map((platform) => (platform ? formatPlatform(platform) : '')).join(',')}`;
}

/** How long after settling `status` may be carried over to a new document version. */
export function carryLifetimeMs(status: ImageStatus, lifetimeMs: number): number {
  if (status.state !== 'error') return lifetimeMs;
  const error = status.error;
  if (error?.code === 'CANCELLED') return 0;
  // Asking before the registry's Retry-After only earns another 429.
  const retryAfter = error?.code === 'RATE_LIMITED' ? error.details.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) return Math.max(retryAfter * 1000, ERROR_CARRY_MS);
  // Not tied to the cache lifetime: even with a lifetime of 0 a failing line must not be asked
  // about per keystroke. Clear Cache (after `docker login`, say) forgets failures at once.
  return ERROR_CARRY_MS;
}

/** `status` as the answer for `occurrence` (same question, maybe another place in the text). */
export function rebase(status: ImageStatus, occurrence: ImageOccurrence): ImageStatus {
  return status.occurrence === occurrence ? status : { ...status, occurrence };
}
